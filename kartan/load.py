"""Load and validate the data file: YAML -> :class:`~kartan.map.Map`, with every problem.

Validation runs in three stages and collects every problem before it reports:

1. the YAML itself (syntax with the parser's position, one document, no anchors or
   aliases, no merge keys, no duplicate keys, a size limit);
2. each record against the pydantic schema (:mod:`kartan.model`);
3. checks across records (duplicate ids, dangling references, unknown sources,
   themes, audiences and places, ``until`` before ``from``, relations to oneself)
   and warnings (no contact, stale ``reviewed`` date, a node with no relations).

Every problem carries the file, line and column (1-based) it is about.

Examples
--------
>>> result = load_text("schema_version: 2\\n", "x.yaml")
>>> print(result.problems[0].format())
x.yaml:1:17: error: schema_version: okänd schema_version 2; den här versionen av kartan läser 1
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import os
import re
import stat
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from kartan import bilingual
from kartan.labels import (
    FUNCTION_LABELS,
    KIND_LABELS,
    MATTER_KIND_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
)
from kartan.map import Map
from kartan.matters import check_matters
from kartan.messages import PERSONAL_DATA_NAMES, TYPE_NAMES, UNKNOWN_SV, WHAT, render
from kartan.model import (
    ID_PATTERN,
    SCHEMA_VERSION,
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
from kartan.privacy import find_personal_data

try:  # libyaml is much faster; fall back to the pure-Python parser when missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Validation stops collecting after this many problems and reports how many more there
# are ("… och 6 712 431 till"), so that a file with millions of problems costs bounded
# memory and time (security review finding 3).
MAX_PROBLEMS = 100
# The schema stage validates at most this many items of each list at once.
_CHUNK = 200
DEFAULT_STALE_DAYS = 365

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"

# Kinds for which a missing contact is worth a warning (bodies one can turn to).
_CONTACT_KINDS = frozenset(
    {
        "decision_body",
        "steering_body",
        "council",
        "forum",
        "network",
        "working_group",
        "administration",
        "unit",
    }
)


class KartanError(Exception):
    """Base class of the errors raised by kartan."""


class MapInvalidError(KartanError):
    """The data file has errors; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else "invalid map"
        super().__init__(f"{len(errors)} error(s) in the map; first: {first}")


@dataclass(frozen=True)
class Problem:
    """One validation problem at a position in a file."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "sv") -> str:
        """The message without position, in ``lang``."""
        return render(self.code, lang, self.params)

    def format(self, lang: str = "sv") -> str:
        """Compiler style: ``file:line:col: severity: path: message``."""
        where = f"{self.path}: " if self.path else ""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message(lang)}"
        )

    def format_github(self, lang: str = "sv") -> str:
        """A GitHub Actions workflow command (annotation)."""
        where = f"{self.path}: " if self.path else ""
        text = f"{where}{self.message(lang)}".replace("%", "%25").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{text}"

    def as_dict(self, lang: str = "sv") -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "code": self.code,
            "message": self.message(lang),
        }


@dataclass
class LoadResult:
    """The outcome of loading: the map when there are no errors, and every problem."""

    map: Map | None
    problems: list[Problem]
    more: int = 0  # errors found but not collected (beyond MAX_PROBLEMS)
    more_warnings: int = 0  # warnings found but not collected

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.errors


def path_str(loc: Loc) -> str:
    """Render a location tuple as ``nodes[12].members[3].id``.

    >>> path_str(("nodes", 12, "members", 3, "id"))
    'nodes[12].members[3].id'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def slugify(text: str) -> str:
    """Make an id from a name the way the inventory does.

    >>> slugify("Örebro Föreningsråd")
    'orebro-foreningsrad'
    """
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    s = text.lower().translate(table)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "id"


def _suggest(value: str, choices: Iterable[str]) -> str:
    """The closest choice to a misspelt value, or '' (rendered as 'did you mean')."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return match[0] if match else ""


# --------------------------------------------------------------------------- YAML stage


class _Tree:
    """Positions in the YAML text, looked up for every problem in one pass at the end.

    Loading keeps no node tree.  ``position`` hands out a placeholder and notes the
    location asked for; ``fill`` then reads the parser's events once and puts the real
    line and column into every problem (the deepest part of the location that exists).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.requests: list[tuple[Loc, bool]] = []

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """A placeholder (line < 0) for the position of ``loc`` (of its key when ``key``)."""
        self.requests.append((tuple(loc), key))
        return -len(self.requests), 0

    def fill(self, problems: list[Problem]) -> list[Problem]:
        """Replace placeholder positions by real ones."""
        if not self.requests:
            return problems
        values: set[Loc] = set()
        keys: set[Loc] = set()
        for loc, key in self.requests:
            values.update(loc[:i] for i in range(len(loc) + 1))
            if key:
                keys.add(loc)
        found = _find_positions(self.text, values, keys)
        out: list[Problem] = []
        for p in problems:
            if p.line >= 0:
                out.append(p)
                continue
            loc, key = self.requests[-p.line - 1]
            pos = found.get((loc, True)) if key else None
            if pos is None:
                pos = next(
                    (
                        found[(loc[:i], False)]
                        for i in range(len(loc), -1, -1)
                        if (loc[:i], False) in found
                    ),
                    (1, 1),
                )
            out.append(dataclasses.replace(p, line=pos[0], column=pos[1]))
        return out


def _find_positions(
    text: str, values: set[Loc], keys: set[Loc]
) -> dict[tuple[Loc, bool], tuple[int, int]]:
    """1-based positions of the values at ``values`` and of the keys at ``keys``."""
    found: dict[tuple[Loc, bool], tuple[int, int]] = {}
    # Each frame: [own loc, is_map, pending key (None = expecting a key), next index]
    stack: list[list[Any]] = []
    try:
        events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
        for ev in events:
            cls = type(ev)
            is_start = cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
                _advance(stack)
                continue
            if not (is_start or cls is yaml.ScalarEvent or cls is yaml.AliasEvent):
                continue
            mark = ev.start_mark
            if stack and stack[-1][1] and stack[-1][2] is None:  # a key
                frame = stack[-1]
                frame[2] = ev.value if cls is yaml.ScalarEvent else "<?>"
                kloc = (*frame[0], frame[2])
                if kloc in keys:
                    found.setdefault((kloc, True), (mark.line + 1, mark.column + 1))
                if is_start:  # a complex key: skip its contents
                    stack.append([("<?>",), cls is yaml.MappingStartEvent, None, 0])
                continue
            if not stack:
                loc: Loc = ()
            elif stack[-1][1]:
                loc = (*stack[-1][0], stack[-1][2])
            else:
                loc = (*stack[-1][0], stack[-1][3])
            if loc in values:
                found.setdefault((loc, False), (mark.line + 1, mark.column + 1))
            if is_start:
                stack.append([loc, cls is yaml.MappingStartEvent, None, 0])
            else:
                _advance(stack)
    except yaml.YAMLError:  # pragma: no cover - the event pass reported it
        pass
    return found


def _advance(stack: list[list[Any]]) -> None:
    """After a value: a mapping expects its next key; a sequence its next index."""
    if stack:
        frame = stack[-1]
        if frame[1]:
            frame[2] = None
        else:
            frame[3] += 1


_NO_KEY = object()
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCT = {
    _BOOL: "construct_yaml_bool",
    _INT: "construct_yaml_int",
    _FLOAT: "construct_yaml_float",
    _TIMESTAMP: "construct_yaml_timestamp",
}


class _Frame:
    """An open mapping or sequence while the events are read."""

    __slots__ = ("container", "holding", "is_map", "key", "key_lines", "skip")

    def __init__(self, container: dict[str, Any] | list[Any], is_map: bool) -> None:
        self.container = container
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_lines: dict[str, int] = {}
        self.skip = False
        self.holding = False  # the value of `key` is an open container


class _EventBuilder:
    """Builds Python values from the parser's events; notes YAML-level problems.

    Rejects anchors, aliases (no billion laughs), merge keys, non-text keys and
    duplicate keys (the first value is kept and the second reported, so nothing is
    lost silently).  Scalars are resolved as YAML 1.1's safe loader does.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.fatal = False
        self._ctor = yaml.constructor.SafeConstructor()
        self._stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.stopped_at: tuple[int, int] | None = None

    def _loc(self) -> Loc:
        loc: list[str | int] = []
        last = len(self._stack) - 1
        for i, frame in enumerate(self._stack):
            if frame.is_map:
                if frame.key is not _NO_KEY:
                    loc.append(str(frame.key))
            else:  # an open child was appended already; the next item is appended later
                loc.append(len(frame.container) - (1 if i < last else 0))
        return tuple(loc)

    def _problem(self, mark: Any, code: str, loc: Loc = (), **params: Any) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if len(self.problems) >= MAX_PROBLEMS:
            # Stop reading: counting the rest would mean parsing all of a file that may
            # hold millions of aliases; the message says where the check stopped.
            self.stopped_at = (line, col)
            self.fatal = True
            return
        self.problems.append(
            Problem(self.filename, line, col, "error", path_str(loc), code, params)
        )

    def run(self, text: str) -> Any:
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self._event(event)
                if self.fatal:
                    break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or str(exc)
            if exc.context:
                problem = f"{exc.context} ({problem})"
            self._problem(mark, "yaml_syntax", problem=problem)
            self.fatal = True
        except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
            self._problem(None, "yaml_syntax", problem=str(exc))
            self.fatal = True
        return self.root

    def _event(self, event: Any) -> None:
        cls = type(event)
        if cls is yaml.ScalarEvent:
            if event.anchor:
                self._anchor(event)
            self._add(self._scalar(event), event)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if event.anchor:
                self._anchor(event)
            is_map = cls is yaml.MappingStartEvent
            frame = _Frame({} if is_map else [], is_map)
            self._add(frame.container, event, opening=True)
            self._stack.append(frame)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            self._stack.pop()
            parent = self._stack[-1] if self._stack else None
            if parent is not None and parent.is_map and parent.holding:
                parent.key, parent.skip, parent.holding = _NO_KEY, False, False
        elif cls is yaml.AliasEvent:
            self._problem(event.start_mark, "alias", name=event.anchor)
            self._add(None, event)
        elif cls is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._problem(event.start_mark, "multiple_documents")
                self.fatal = True

    def _anchor(self, event: Any) -> None:
        self._problem(event.start_mark, "anchor", name=event.anchor)

    def _add(self, value: Any, event: Any, *, opening: bool = False) -> None:
        if not self._stack:
            self.root = value
            return
        frame = self._stack[-1]
        if not frame.is_map:
            frame.container.append(value)  # type: ignore[union-attr]
            return
        if frame.key is _NO_KEY:
            self._key(frame, value, event, opening=opening)
            return
        if not frame.skip:
            frame.container[frame.key] = value
        if opening:  # an opened container keeps the key until it closes
            frame.holding = True
        else:
            frame.key = _NO_KEY
            frame.skip = False

    def _key(self, frame: _Frame, value: Any, event: Any, *, opening: bool) -> None:
        loc = self._loc()
        if opening or not isinstance(event, yaml.ScalarEvent):
            self._problem(event.start_mark, "bad_key", loc)
            frame.key, frame.skip = "<?>", True
            return
        if event.value == "<<" and not event.style:
            self._problem(event.start_mark, "merge_key", loc)
            frame.key, frame.skip = "<<", True
            return
        key = event.value
        frame.key = key
        if key in frame.key_lines:
            self._problem(
                event.start_mark,
                "duplicate_key",
                (*loc, key),
                key=key,
                first_line=frame.key_lines[key],
            )
            frame.skip = True
        else:
            frame.key_lines[key] = _line(event)

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        if event.style or not event.implicit[0]:
            tag = event.tag
            if tag is None or tag in ("!", _STR) or event.style:
                return value
            return self._construct(tag, value)
        for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
            if regexp.match(value):
                if tag == _NULL:
                    return None
                if tag in _CONSTRUCT:
                    return self._construct(tag, value)
                return value
        return value

    def _construct(self, tag: str, value: str) -> Any:
        method = _CONSTRUCT.get(tag)
        if method is None:
            return None if tag == _NULL else value
        try:
            return getattr(self._ctor, method)(yaml.ScalarNode(tag, value))
        except (ValueError, TypeError, OverflowError):
            return value


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


def _schema_problems(error: dict[str, Any], tree: _Tree, filename: str) -> Problem | None:
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
                "suggestion": _suggest(key, allowed),
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
        suggestion = by_label.get(slugify(str(value))) or _suggest(str(value), choices)
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


def _validate_schema(raw: dict[str, Any]) -> tuple[MapFile | None, list[dict[str, Any]], int]:
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


# --------------------------------------------------------------------------- record stage


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(raw: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_as_list(raw.get(section))):
        if isinstance(item, dict):
            yield i, item


class _Checker:
    """Checks across records on the raw data; collects problems with positions."""

    def __init__(self, raw: dict[str, Any], tree: _Tree, filename: str) -> None:
        self.raw = raw
        self.tree = tree
        self.filename = filename
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.more = 0  # errors counted but not collected
        self.more_warnings = 0  # warnings counted but not collected

    def add(self, loc: Loc, code: str, severity: Severity = "error", **params: Any) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            if severity == "error":
                self.more += 1
            else:
                self.more_warnings += 1
            return
        line, col = self.tree.position(loc)
        self.problems.append(
            Problem(self.filename, line, col, severity, path_str(loc), code, params)
        )

    def collect_ids(self, section: str, items: Iterable[tuple[Loc, Any]]) -> None:
        seen: dict[str, str] = {}
        for loc, value in items:
            if not isinstance(value, str):
                continue
            if value in seen:
                self.add(loc, "duplicate_id", value=value, first=seen[value])
            else:
                seen[value] = path_str(loc)
        self.ids[section] = seen

    def ref(self, loc: Loc, value: Any, section: str, what: str) -> None:
        if not isinstance(value, str) or value in self.ids.get(section, {}):
            return
        sv, en = WHAT[what]
        self.add(
            loc,
            "unknown_ref",
            what=sv,
            what_en=en,
            unknown=UNKNOWN_SV[what],
            value=value,
            suggestion=_suggest(value, self.ids.get(section, {})),
        )

    def sources(self, loc: Loc, refs: Any) -> None:
        for i, ref in enumerate(_as_list(refs)):
            if isinstance(ref, str) and re.match(SOURCE_REF_PATTERN, ref):
                self.ref((*loc, i), ref.split(" ", 1)[0], "sources", "source")

    def validity(self, loc: Loc, item: dict[str, Any]) -> None:
        start, until = item.get("from"), item.get("until")
        if isinstance(start, dt.date) and isinstance(until, dt.date) and until < start:
            self.add(
                (*loc, "until"),
                "until_before_from",
                until=until.isoformat(),
                start=start.isoformat(),
            )

    def run(self) -> list[Problem]:
        raw = self.raw
        for section in ("sources", "themes", "audiences", "places"):
            self.collect_ids(
                section, (((section, i, "id"), it.get("id")) for i, it in _items(raw, section))
            )
        self.collect_ids(
            "nodes", ((("nodes", i, "id"), n.get("id")) for i, n in _items(raw, "nodes"))
        )
        self.collect_ids(
            "meetings",
            (
                (("nodes", i, "meetings", j, "id"), m.get("id"))
                for i, n in _items(raw, "nodes")
                for j, m in _items(n, "meetings")
            ),
        )
        self.collect_ids(
            "needs", ((("needs", i, "id"), n.get("id")) for i, n in _items(raw, "needs"))
        )
        info = _as_dict(raw.get("map"))
        self.ref(("map", "owner"), info.get("owner"), "nodes", "node")
        self.sources(("map", "owner_sources"), info.get("owner_sources"))
        for section in ("themes", "audiences", "places"):
            for i, item in _items(raw, section):
                self.sources((section, i, "sources"), item.get("sources"))
        for i, node in _items(raw, "nodes"):
            self.node(("nodes", i), node)
        # matters (issue 17): kartan.matters holds the checks
        self.collect_ids(
            "matters", ((("matters", i, "id"), it.get("id")) for i, it in _items(raw, "matters"))
        )
        check_matters(raw, self.add, self.ref, self.sources)
        self.personal((), raw)
        for i, need in _items(raw, "needs"):
            self.need(("needs", i), need)
        return self.problems

    def personal(self, loc: Loc, value: Any) -> None:
        """No e-mail address, phone number or personnummer in any text (after NFKC)."""
        stack: list[tuple[Loc, Any]] = [(loc, value)]
        while stack:  # iterative: nesting depth is the file's, not Python's limit
            where, item = stack.pop()
            if isinstance(item, dict):
                stack.extend(((*where, k), v) for k, v in reversed(item.items()))
            elif isinstance(item, list):
                stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(item))))
            elif isinstance(item, str):
                kinds = sorted({f.kind for f in find_personal_data(item)})
                if kinds:
                    sv = ", ".join(PERSONAL_DATA_NAMES[k][0] for k in kinds)
                    en = ", ".join(PERSONAL_DATA_NAMES[k][1] for k in kinds)
                    self.add(where, "personal_data", what=sv, what_en=en)

    def cited_lines(self, loc: Loc, refs: Any) -> None:
        """Each citation naming an item (§ or «section») and lines lies inside that item,
        as the data file's ``sources[].items`` declare it (needs, issue 14)."""
        from kartan.sources import parse_ref

        if not hasattr(self, "_items"):
            self._items: dict[str, dict[str, tuple[int, int]]] = {}
            for _, src in _items(self.raw, "sources"):
                found: dict[str, tuple[int, int]] = {}
                for _, it in _items(src, "items"):
                    first, last = it.get("first"), it.get("last")
                    if isinstance(first, int) and isinstance(last, int):
                        found[str(it.get("ref"))] = (first, last)
                self._items[str(src.get("id"))] = found
        for j, ref in enumerate(_as_list(refs)):
            if not isinstance(ref, str):
                continue
            cit = parse_ref(ref)
            spans = self._items.get(cit.source) or {}
            if cit.section is None or not spans:
                continue
            span = spans.get(cit.section)
            if span is None:
                self.add((*loc, j), "unknown_item", value=ref, allowed=", ".join(spans))
                continue
            for first, last in cit.lines:
                if not span[0] <= first <= last <= span[1]:
                    self.add(
                        (*loc, j),
                        "citation_outside_item",
                        value=ref,
                        item=cit.section,
                        first=span[0],
                        last=span[1],
                    )
                    break

    def need(self, loc: Loc, need: dict[str, Any]) -> None:
        """A need (issue 14): who raised it and who takes it up exist; all is sourced."""
        self.sources((*loc, "sources"), need.get("sources"))
        self.cited_lines((*loc, "sources"), need.get("sources"))
        for j, theme in enumerate(_as_list(need.get("themes"))):
            self.ref((*loc, "themes", j), theme, "themes", "theme")
        for j, who in enumerate(_as_list(need.get("raised_by"))):
            if isinstance(who, str) and who not in self.ids.get("audiences", {}):
                self.ref((*loc, "raised_by", j), who, "nodes", "raiser")
        if need.get("raised_in") is not None:
            self.ref((*loc, "raised_in"), need.get("raised_in"), "nodes", "node")
        for j, item in _items(need, "taken_up_by"):
            self.ref((*loc, "taken_up_by", j, "id"), item.get("id"), "nodes", "node")
            self.sources((*loc, "taken_up_by", j, "sources"), item.get("sources"))
            self.cited_lines((*loc, "taken_up_by", j, "sources"), item.get("sources"))
            self.validity((*loc, "taken_up_by", j), item)

    def link(self, loc: Loc, item: dict[str, Any], target: str, own_id: Any) -> None:
        """A membership or relation: its target exists, is not the node itself, is sourced."""
        self.ref((*loc, target), item.get(target), "nodes", "node")
        if own_id is not None and item.get(target) == own_id:
            self.add((*loc, target), "self_relation", value=own_id)
        self.sources((*loc, "sources"), item.get("sources"))
        self.validity(loc, item)

    def node(self, loc: Loc, node: dict[str, Any]) -> None:
        self.sources((*loc, "sources"), node.get("sources"))
        self.validity(loc, node)
        for j, theme in enumerate(_as_list(node.get("themes"))):
            self.ref((*loc, "themes", j), theme, "themes", "theme")
        for j, aud in enumerate(_as_list(node.get("audiences"))):
            self.ref((*loc, "audiences", j), aud, "audiences", "audience")
        meets = _as_dict(node.get("meets"))
        if meets.get("place") is not None:
            self.ref((*loc, "meets", "place"), meets.get("place"), "places", "place")
        contact = _as_dict(node.get("contact"))
        if contact:
            self.ref((*loc, "contact", "via"), contact.get("via"), "nodes", "node")
            self.sources((*loc, "contact", "sources"), contact.get("sources"))
        own_id = node.get("id")
        for section, target in (("members", "id"), ("relations", "to")):
            for j, item in _items(node, section):
                self.link((*loc, section, j), item, target, own_id)
        for j, meeting in _items(node, "meetings"):
            mloc = (*loc, "meetings", j)
            if meeting.get("place") is not None:
                self.ref((*mloc, "place"), meeting.get("place"), "places", "place")
            if meeting.get("about") is not None:
                self.ref((*mloc, "about"), meeting.get("about"), "nodes", "node")
            self.sources((*mloc, "sources"), meeting.get("sources"))
            start, end = meeting.get("date"), meeting.get("end_date")
            if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
                self.add(
                    (*mloc, "end_date"),
                    "end_before_start",
                    end=end.isoformat(),
                    start=start.isoformat(),
                )


# Kinds a decision body may be part of: the municipality's line organisation.
_LINE_KINDS = frozenset({"decision_body", "administration", "unit", "public_body"})


def _decision_model_warnings(checker: _Checker, nodes: list[tuple[int, dict[str, Any]]]) -> None:
    """Decision bodies and steering apart; contacts that lead somewhere (issue 9)."""
    kinds = {n.get("id"): n.get("kind") for _, n in nodes}
    for i, node in nodes:
        loc: Loc = ("nodes", i)
        own = node.get("id")
        contact = _as_dict(node.get("contact"))
        if contact and own is not None and contact.get("via") == own:
            checker.add((*loc, "contact", "via"), "contact_via_self", "warning", value=own)
        relations = list(_items(node, "relations"))
        if node.get("kind") == "decision_body":
            for j, r in relations:
                target = r.get("to")
                target_kind = kinds.get(target)
                if r.get("type") == "part_of" and target_kind and target_kind not in _LINE_KINDS:
                    checker.add(
                        (*loc, "relations", j, "to"),
                        "decision_body_in_body",
                        "warning",
                        value=own,
                        target=target,
                        target_kind=target_kind,
                    )
        if node.get("kind") == "steering_body" and not any(
            r.get("type") in ("part_of", "responsible_for") for _, r in relations
        ):
            checker.add((*loc, "kind"), "steering_without_body", "warning")


def _warnings(
    raw: dict[str, Any], checker: _Checker, *, stale_days: int | None, today: dt.date
) -> list[Problem]:
    connected: set[Any] = set()
    nodes = list(_items(raw, "nodes"))
    _decision_model_warnings(checker, nodes)
    for _, node in nodes:
        own = node.get("id")
        for _, m in _items(node, "members"):
            connected.update((own, m.get("id")))
        for _, r in _items(node, "relations"):
            connected.update((own, r.get("to")))
    for i, node in nodes:
        loc: Loc = ("nodes", i)
        if node.get("kind") in _CONTACT_KINDS and not node.get("contact"):
            checker.add((*loc, "id"), "no_contact", "warning")
        reviewed = node.get("reviewed")
        if stale_days is not None:
            if isinstance(reviewed, dt.date):
                if (today - reviewed).days > stale_days:
                    checker.add(
                        (*loc, "reviewed"),
                        "stale",
                        "warning",
                        reviewed=reviewed.isoformat(),
                        days=stale_days,
                    )
            elif reviewed is None:
                checker.add((*loc, "id"), "not_reviewed", "warning")
        if node.get("id") not in connected:
            checker.add((*loc, "id"), "isolated", "warning")
    by_record: dict[Loc, list[str]] = {}
    for gap in bilingual.missing(raw) if bilingual.is_bilingual(raw) else ():
        by_record.setdefault(gap.path, []).append(gap.field)
    for path, fields in by_record.items():
        checker.add(
            (*path, fields[0]),
            "no_english",
            "warning",
            fields=", ".join(fields),
            keys=", ".join(f + "_en" for f in fields),
        )
    return checker.problems


# --------------------------------------------------------------------------- entry points


def content_version(data: bytes) -> str:
    """A short content hash used as the data's version when git is not available."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


def load_text(
    text: str,
    filename: str = "<text>",
    *,
    stale_days: int | None = DEFAULT_STALE_DAYS,
    today: dt.date | None = None,
    version: str | None = None,
) -> LoadResult:
    """Validate YAML text and build the map; never raises for bad input."""
    today = today or dt.date.today()
    builder = _EventBuilder(filename)
    raw = builder.run(text)
    problems = list(builder.problems)
    builder.problems = []
    if builder.stopped_at is not None:
        line, col = builder.stopped_at
        problems.append(
            Problem(
                filename,
                line,
                col,
                "error",
                "",
                "stopped",
                {"shown": MAX_PROBLEMS, "line": line, "lines": _lines(text)},
            )
        )
        return LoadResult(None, problems)
    if builder.fatal or any(p.code in ("anchor", "alias") for p in problems):
        return LoadResult(None, problems)
    if builder.documents == 0 or raw is None:
        return LoadResult(None, [Problem(filename, 1, 1, "error", "", "empty_file")])
    tree = _Tree(text)
    if not isinstance(raw, dict):
        line, col = tree.position(())
        got_sv, got_en = TYPE_NAMES.get(type(raw).__name__, ("?", "?"))
        problems.append(
            Problem(
                filename,
                line,
                col,
                "error",
                "",
                "bad_type",
                {
                    "expected": TYPE_NAMES["dict"][0],
                    "expected_en": TYPE_NAMES["dict"][1],
                    "got": got_sv,
                    "got_en": got_en,
                },
            )
        )
        return LoadResult(None, tree.fill(problems))
    version_value = raw.get("schema_version")
    if version_value is not None and version_value != SCHEMA_VERSION:
        line, col = tree.position(("schema_version",))
        problems.append(
            Problem(
                filename,
                line,
                col,
                "error",
                "schema_version",
                "schema_version",
                {"value": version_value, "expected": SCHEMA_VERSION},
            )
        )
        return LoadResult(None, tree.fill(problems))
    model, errors, total = _validate_schema(raw)
    for error in errors:
        p = _schema_problems(error, tree, filename)
        if p is not None:
            problems.append(p)
    more = total - len(errors)
    checker = _Checker(raw, tree, filename)
    problems.extend(checker.run())
    checker.problems = []
    problems.extend(_warnings(raw, checker, stale_days=stale_days, today=today))
    more += checker.more
    more_warnings = checker.more_warnings
    if len(problems) > MAX_PROBLEMS:
        # errors first, then warnings, missing translations last (the most numerous)
        errors_first = sorted(
            problems, key=lambda p: (p.severity != "error", p.code == "no_english")
        )
        dropped = errors_first[MAX_PROBLEMS:]
        n_dropped_errors = sum(1 for p in dropped if p.severity == "error")
        more += n_dropped_errors
        more_warnings += len(dropped) - n_dropped_errors
        problems = errors_first[:MAX_PROBLEMS]
    problems = tree.fill(problems)
    problems.sort(key=lambda p: (p.line, p.column, p.severity != "error"))
    if more or more_warnings:
        # Only uncollected errors make the file fail: a valid map with many warnings
        # (texts without English, a large map reviewed long ago) still loads.
        problems.append(
            Problem(
                filename,
                1,
                1,
                "error" if more else "warning",
                "",
                "more_problems",
                {"count": more + more_warnings, "shown": len(problems)},
            )
        )
    has_errors = any(p.severity == "error" for p in problems)
    if model is None or has_errors:
        return LoadResult(None, problems, more, more_warnings)
    version = version or content_version(text.encode("utf-8"))
    return LoadResult(Map(model, version=version), problems, more, more_warnings)


_FILE_KINDS: dict[str, tuple[str, str]] = {
    "dir": ("en katalog", "a directory"),
    "fifo": ("en namngiven pipe (FIFO)", "a named pipe (FIFO)"),
    "chr": ("en teckenenhet (t.ex. /dev/zero)", "a character device (e.g. /dev/zero)"),
    "blk": ("en blockenhet", "a block device"),
    "sock": ("en socket", "a socket"),
    "other": ("ingen vanlig fil", "not a regular file"),
}


def _file_kind(mode: int) -> str:
    for kind, test in (
        ("dir", stat.S_ISDIR),
        ("fifo", stat.S_ISFIFO),
        ("chr", stat.S_ISCHR),
        ("blk", stat.S_ISBLK),
        ("sock", stat.S_ISSOCK),
    ):
        if test(mode):
            return kind
    return "other"


def read_data_file(path: str | Path, name: str, max_bytes: int) -> bytes | Problem:
    """The bytes of a regular file of at most ``max_bytes``, or the problem why not.

    Never blocks and never reads without bound (security review finding 5): a FIFO, a
    directory, a device (a link to ``/dev/zero``) or a socket is refused from its type
    before it is opened; the file is opened non-blocking and its type checked again on
    the open descriptor (it may have been swapped in between); at most ``max_bytes + 1``
    bytes are read.
    """
    try:
        st = os.stat(path)
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    if not stat.S_ISREG(st.st_mode):
        return _not_a_file(name, st.st_mode)
    if st.st_size > max_bytes:
        return _too_large(name, st.st_size, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _not_a_file(name, st.st_mode)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    finally:
        os.close(fd)
    if size > max_bytes:
        return _too_large(name, size, max_bytes)
    return b"".join(chunks)


def _not_a_file(name: str, mode: int) -> Problem:
    sv, en = _FILE_KINDS[_file_kind(mode)]
    return Problem(name, 1, 1, "error", "", "not_a_file", {"what": sv, "what_en": en})


def _too_large(name: str, size: int, limit: int) -> Problem:
    return Problem(name, 1, 1, "error", "", "file_too_large", {"size": size, "limit": limit})


def load_bytes(
    data: bytes,
    name: str,
    *,
    stale_days: int | None = DEFAULT_STALE_DAYS,
    today: dt.date | None = None,
) -> LoadResult:
    """Decode (UTF-8) and validate the bytes of a data file; never raises for bad input."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LoadResult(
            None, [Problem(name, 1, 1, "error", "", "not_utf8", {"reason": exc.reason})]
        )
    return load_text(text, name, stale_days=stale_days, today=today, version=content_version(data))


def load_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stale_days: int | None = DEFAULT_STALE_DAYS,
    today: dt.date | None = None,
    display_name: str | None = None,
) -> LoadResult:
    """Read and validate a data file; never raises (nor blocks) for a bad or missing file."""
    name = display_name or str(path)
    data = read_data_file(path, name, max_bytes)
    if isinstance(data, Problem):
        return LoadResult(None, [data])
    return load_bytes(data, name, stale_days=stale_days, today=today)


def load_map(path: str | Path, **kwargs: Any) -> Map:
    """Load a valid map or raise :class:`MapInvalidError` with every problem."""
    result = load_path(path, **kwargs)
    if result.map is None:
        raise MapInvalidError(result.problems)
    return result.map


def _lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _line(event: Any) -> int:
    """The 1-based line an event starts on."""
    return int(event.start_mark.line) + 1
