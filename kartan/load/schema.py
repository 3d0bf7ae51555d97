"""The schema stage of loading: pydantic's errors as kartan's problems, with positions."""

from __future__ import annotations

import functools
import re
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from kartan.labels import (
    FUNCTION_LABELS,
    KIND_LABELS,
    MATTER_KIND_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
)
from kartan.load.events import Tree
from kartan.load.problems import MAX_PROBLEMS, Loc, Problem, path_str, slugify, suggest
from kartan.messages import TYPE_NAMES, WHAT
from kartan.model import (
    ID_PATTERN,
    SOURCE_REF_PATTERN,
    ContactFunction,
    Kind,
    MapFile,
    MatterKind,
    MeetingStatus,
    NeedKind,
    RelationType,
    Role,
)

# The schema stage validates at most this many items of each list at once.
_CHUNK = 200

# --------------------------------------------------------------------------- schema stage

_ENUM_FIELDS: dict[str, tuple[str, type[Any]]] = {
    "kind": ("kind", Kind),
    "type": ("type", RelationType),
    "role": ("role", Role),
    "function": ("function", ContactFunction),
    "status": ("status", MeetingStatus),
}

_LABEL_TO_CODE: dict[str, dict[str, str]] = {
    what: {slugify(sv): code for code, (sv, _en) in table.items()}
    for what, table in (
        ("kind", KIND_LABELS),
        ("type", RELATION_LABELS),
        ("role", ROLE_LABELS),
        ("function", FUNCTION_LABELS),
        ("matter_kind", MATTER_KIND_LABELS),
    )
}

_DATE_ERRORS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_past",
        "date_future",
    }
)
_TYPE_ERRORS = {
    "string_type": "str",
    "int_type": "int",
    "int_parsing": "int",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "list_type": "list",
    "dict_type": "dict",
    "model_type": "dict",
    "model_attributes_type": "dict",
}


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that validates the mapping at ``loc``."""
    model: type[BaseModel] = MapFile
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            for f in model.model_fields.values():
                if f.alias == part:
                    info = f
                    break
        if info is None:
            return None
        inner = _inner_model(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def schema_problem(error: dict[str, Any], tree: Tree, filename: str) -> Problem | None:
    etype: str = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    params: dict[str, Any]
    at_key = False
    if etype == "extra_forbidden":
        parent = _model_at(loc[:-1])
        allowed = _allowed_keys(parent) if parent else []
        key = str(loc[-1])
        code, params, at_key = (
            "unknown_key",
            {
                "key": key,
                "suggestion": suggest(key, allowed),
                "allowed": ", ".join(allowed),
            },
            True,
        )
    elif etype == "missing":
        line, col = tree.position(loc[:-1])
        return Problem(
            filename, line, col, "error", path_str(loc), "missing_key", {"key": str(loc[-1])}
        )
    elif etype == "enum":
        what, enum = _ENUM_FIELDS.get(field_name, (field_name, None))
        if loc and loc[0] == "matters" and field_name == "kind":
            what, enum = "matter_kind", MatterKind
        if loc[:1] == ("needs",) and field_name == "kind":  # a need's kind (issue 14)
            what, enum = "need_kind", NeedKind
        choices = (
            [e.value for e in enum] if enum else re.findall(r"'([^']+)'", str(ctx.get("expected")))
        )
        sv, en = WHAT.get(what, (what, what))
        by_label = _LABEL_TO_CODE.get(what, {})
        suggestion = by_label.get(slugify(str(value))) or suggest(str(value), choices)
        code, params = (
            "unknown_enum",
            {
                "what": sv,
                "what_en": en,
                "value": value,
                "suggestion": suggestion,
                "allowed": ", ".join(choices),
            },
        )
    elif etype == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == ID_PATTERN:
            code, params = "bad_id", {"value": value, "slug": slugify(str(value))}
        elif pattern == SOURCE_REF_PATTERN:
            code, params = "bad_source_ref", {"value": value}
        else:
            code, params = "bad_url", {"value": value}
    elif etype in _DATE_ERRORS:
        code, params = "bad_date", {"value": value}
    elif etype in _TYPE_ERRORS:
        expected = _TYPE_ERRORS[etype]
        got = type(value).__name__
        if got == "date" and expected == "str":
            got = "date"
        exp_sv, exp_en = TYPE_NAMES[expected]
        got_sv, got_en = TYPE_NAMES.get(got, (got, got))
        code, params = (
            "bad_type",
            {
                "expected": exp_sv,
                "expected_en": exp_en,
                "got": got_sv,
                "got_en": got_en,
            },
        )
    elif etype in ("too_short", "string_too_short"):
        code, params = "too_short", {"min": ctx.get("min_length", 1)}
    elif etype in ("too_long", "string_too_long"):
        code, params = (
            "too_long",
            {
                "length": len(value) if isinstance(value, str | list) else "?",
                "max": ctx.get("max_length"),
            },
        )
    elif etype == "value_error" and "meeting needs" in str(error.get("msg")):
        code, params = (
            "invalid",
            {"message": "ett möte behöver 'date' eller, när källan inte anger något datum, 'when'"},
        )
    else:
        code, params = "invalid", {"message": str(error.get("msg"))}
    line, col = tree.position(loc, key=at_key)
    return Problem(filename, line, col, "error", path_str(loc), code, params)


def _cut(value: Any) -> Any:
    """A copy of ``value`` with every list cut to its first ``_CHUNK`` items."""
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut(v) for v in value[:_CHUNK]]
    return value


def validate_schema(raw: dict[str, Any]) -> tuple[MapFile | None, list[dict[str, Any]], int]:
    """The model, the first schema errors (at most MAX_PROBLEMS) and how many there are.

    Pydantic reports every error at once; for a file with millions of bad items that list
    alone takes gigabytes.  So when there are more than ``MAX_PROBLEMS`` errors, the first
    ones are taken from a copy with every list cut to ``_CHUNK`` items, then from the
    rest of each top-level list ``_CHUNK`` items at a time, until there are enough.
    """
    try:
        return MapFile.model_validate(raw), [], 0
    except ValidationError as exc:
        total = exc.error_count()
        if total <= MAX_PROBLEMS:
            return None, [dict(e) for e in exc.errors(include_url=False)], total
    errors: list[dict[str, Any]] = []
    try:
        MapFile.model_validate(_cut(raw))
    except ValidationError as exc:
        errors = [dict(e) for e in exc.errors(include_url=False)][:MAX_PROBLEMS]
    for name, info in MapFile.model_fields.items():
        key = info.alias or name
        items = raw.get(key)
        if not isinstance(items, list) or typing.get_origin(info.annotation) is not list:
            continue
        adapter: TypeAdapter[Any] = _adapter(typing.cast(Any, info.annotation))
        for start in range(_CHUNK, len(items), _CHUNK):
            if len(errors) >= MAX_PROBLEMS:
                break
            try:
                adapter.validate_python(_cut(items[start : start + _CHUNK]))
            except ValidationError as exc:
                for e in exc.errors(include_url=False):
                    loc = e["loc"]
                    errors.append({**e, "loc": (key, start + int(loc[0]), *loc[1:])})
    return None, errors[:MAX_PROBLEMS], max(total, len(errors))


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)
