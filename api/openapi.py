"""The OpenAPI description states what the handlers really accept (security review 8).

FastAPI describes each query parameter by its Python type, which says too little: a
theme is "a string" although an unknown theme is 422, and the guide's rule that it
needs one of ``q``, ``theme``, ``audience`` or ``from`` is in no parameter at all.
Clients and schemathesis then send schema-valid requests that are refused.  So the
description is completed from the map being served (once per data version):

* ``theme`` (``/api/nodes``, ``/api/guide``, ``/api/matters``): an enum of the map's
  theme ids; ``audience``: its audience ids; ``body`` (``/api/matters``) and the guide's
  ``from``: the ids of the nodes that are on the map at every date (a node with a
  ``from``/``until`` is not on it at every ``at=``); ``/api/matters`` ``status`` and
  ``kind``: their fixed values;
* the guide's ``q``, ``theme``, ``audience`` and ``from`` become one form-exploded
  object parameter (the same query string) whose ``anyOf`` says that at least one of
  them is given (a question with a visible character, or a known id): the "one of"
  rule; an empty value is the same as none;
* ``q`` of ``/api/search`` must hold a visible character (blank is 422);
* ``at`` has the pattern of a real calendar date (:data:`api.deps.REAL_DATE_PATTERN`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.deps import REAL_DATE_PATTERN
from api.state import MapStore
from kartan.map import Map
from kartan.model import MatterKind, MatterState

VISIBLE = r"\S"
GUIDE_ONE_OF = ("q", "theme", "audience", "from")


def _themes(m: Map) -> list[str]:
    return sorted(m.themes)


def _audiences(m: Map) -> list[str]:
    return sorted(m.audiences)


def _stable_nodes(m: Map) -> list[str]:
    return sorted(n.id for n in m.data.nodes if n.valid_from is None and n.valid_until is None)


def _needs_raised_by(m: Map) -> list[str]:
    """``/api/needs?audience=``: an audience id or a node id (on the map at every date)."""
    return sorted({*m.audiences, *_stable_nodes(m)})


def _matter_values(name: str) -> Callable[[Map], list[str]]:
    enum = MatterState if name == "status" else MatterKind
    return lambda _m: [e.value for e in enum]


# (path or "*", parameter) -> the values the handler accepts
ENUMS: dict[tuple[str, str], Callable[[Map], list[str]]] = {
    ("*", "theme"): _themes,
    ("/api/guide", "audience"): _audiences,
    ("/api/guide", "from"): _stable_nodes,
    ("/api/matters", "body"): _stable_nodes,
    ("/api/matters", "status"): _matter_values("status"),
    ("/api/matters", "kind"): _matter_values("kind"),
    ("/api/needs", "audience"): _needs_raised_by,
}


def _string(param: dict[str, Any]) -> dict[str, Any]:
    """The string branch of a parameter's schema (``anyOf [string, null]`` or plain)."""
    schema: dict[str, Any] = param.get("schema", {})
    for branch in schema.get("anyOf", []):
        if branch.get("type") == "string":
            return {**branch, **{k: v for k, v in schema.items() if k not in ("anyOf",)}}
    return dict(schema)


NO_CONTROL = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"
# request bodies of POST /api/proposals: texts without control characters (422)
_PROPOSAL_TEXTS = {
    "ProposalIn": ("description",),
    "RelationIn": ("label",),
    "SourceIn": ("title",),
}


def _proposal_body(schema: dict[str, Any]) -> None:
    comps: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    for name, keys in _PROPOSAL_TEXTS.items():
        props = comps.get(name, {}).get("properties", {})
        for key in keys:
            if key in props:
                for branch in [props[key], *props[key].get("anyOf", [])]:
                    if branch.get("type") == "string":
                        branch["pattern"] = NO_CONTROL
    props = comps.get("ProposalIn", {}).get("properties", {})
    sources = props.get("sources")
    if isinstance(sources, dict):
        sources["minItems"] = 1  # every fact has a source: none is 422
        sources.setdefault("items", {})["pattern"] = NO_CONTROL


# every 422 is api.errors._validation_error's {detail: text, errors: [...]} or an
# HTTPException's {detail: text}, never FastAPI's list of errors in `detail`
VALIDATION_ERROR = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "errors": {"type": "array", "items": {"type": "object"}, "title": "Errors"},
    },
}


def _complete(schema: dict[str, Any], m: Map) -> dict[str, Any]:
    _proposal_body(schema)
    comps = schema.get("components", {}).get("schemas", {})
    if "HTTPValidationError" in comps:
        comps["HTTPValidationError"] = copy.deepcopy(VALIDATION_ERROR)
    for item in schema.get("paths", {}).values():
        for write in ("post", "put", "patch"):
            if write in item:
                # api.middleware: a body over the limit is refused before it is read
                item[write].setdefault("responses", {}).setdefault(
                    "413", {"description": "The request body is too large."}
                )
    for path, item in schema.get("paths", {}).items():
        op = item.get("get")
        if not op:
            continue
        params: list[dict[str, Any]] = op.get("parameters", [])
        for param in params:
            if param.get("in") != "query":
                continue
            make = ENUMS.get((path, param["name"])) or ENUMS.get(("*", param["name"]))
            if make is not None:
                values = make(m)
                if values:
                    base = _string(param)
                    base.pop("pattern", None)
                    # empty is the same as leaving the parameter out
                    param["schema"] = {**base, "type": "string", "enum": ["", *values]}
            if param["name"] == "at":
                param["schema"] = {**_string(param), "pattern": REAL_DATE_PATTERN}
            if path == "/api/search" and param["name"] == "q":
                param["schema"] = {**_string(param), "pattern": VISIBLE}
        if path == "/api/guide":
            _guide_one_of(op)
    return schema


def _guide_one_of(op: dict[str, Any]) -> None:
    """``q``, ``theme``, ``audience``, ``from`` as one object: at least one of them given
    (a blank ``q`` or an empty id counts as not given)."""
    params: list[dict[str, Any]] = op.get("parameters", [])
    parts = {p["name"]: p for p in params if p.get("in") == "query" and p["name"] in GUIDE_ONE_OF}
    if len(parts) != len(GUIDE_ONE_OF):
        return
    properties: dict[str, Any] = {}
    given: list[dict[str, Any]] = []
    for name in GUIDE_ONE_OF:
        prop = _string(parts[name])
        for key in ("default", "title"):
            prop.pop(key, None)
        if parts[name].get("description"):
            prop["description"] = parts[name]["description"]
        if "enum" in prop and "" not in prop["enum"]:
            # a blank id counts as not given (the guide form sends `theme=` for "any")
            prop["enum"] = ["", *prop["enum"]]
        properties[name] = prop
        if "enum" in prop:
            real: dict[str, Any] = {"enum": [v for v in prop["enum"] if v != ""]}
        else:
            real = {"type": "string", "pattern": VISIBLE}
        given.append({"required": [name], "properties": {name: real}})
    question = {
        "name": "question",
        "in": "query",
        "required": True,
        "style": "form",
        "explode": True,
        "description": "One or more of `q`, `theme`, `audience` and `from`, as separate "
        "query parameters (`?q=…&theme=…`); with none of them (or only blank ones) the "
        "answer is 422.",
        "schema": {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "anyOf": given,
        },
    }
    op["parameters"] = [question] + [p for p in params if p["name"] not in GUIDE_ONE_OF]


def install(app: FastAPI, store: MapStore) -> None:
    """Serve the completed description from ``/api/openapi.json`` (and ``/docs``)."""
    original = app.openapi
    done: dict[str, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        base = original()
        snap = store.snapshot
        if snap is None:
            return base
        if snap.version not in done:
            done.clear()
            done[snap.version] = _complete(copy.deepcopy(base), snap.map)
        return done[snap.version]

    app.openapi = openapi  # type: ignore[method-assign]
