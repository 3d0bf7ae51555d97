"""The data reference (``docs/data-reference.md``), generated from the models and labels.

``kartan schema`` writes it next to the JSON Schema, and a test fails when the committed
copy is stale, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kartan.labels import (
    FUNCTION_LABELS,
    KIND_LABELS,
    MEETING_STATUS_LABELS,
    NEED_KIND_LABELS,
    RELATION_INVERSE_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
)
from kartan.model import (
    Audience,
    Contact,
    MapFile,
    MapInfo,
    Meeting,
    Meets,
    Member,
    Need,
    Node,
    Place,
    Relation,
    Source,
    TakenUp,
    Theme,
)

REFERENCE_PATH = Path("docs/data-reference.md")
MODELS: list[type[BaseModel]] = [
    MapFile,
    MapInfo,
    Source,
    Theme,
    Audience,
    Place,
    Node,
    Meets,
    Contact,
    Member,
    Relation,
    Meeting,
    Need,
    TakenUp,
]


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names) + (" (optional)" if type(None) in args else "")
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if isinstance(annotation, type):
        return {"str": "text", "int": "integer", "bool": "true/false", "date": "date"}.get(
            annotation.__name__, f"`{annotation.__name__}`"
        )
    return str(annotation)


def _model_table(model: type[BaseModel]) -> str:
    rows = ["| key | type | required | description |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        required = "yes" if info.is_required() else ""
        desc = (info.description or "").replace("|", "\\|")
        rows.append(f"| `{key}` | {_type_name(info.annotation)} | {required} | {desc} |")
    doc = (model.__doc__ or "").strip().splitlines()[0]
    return f"### `{model.__name__}`\n\n{doc}\n\n" + "\n".join(rows)


def _vocabulary(title: str, labels: dict[str, tuple[str, str]]) -> str:
    rows = ["| code | svenska | English |", "|---|---|---|"]
    rows += [f"| `{code}` | {sv} | {en} |" for code, (sv, en) in labels.items()]
    return f"### {title}\n\n" + "\n".join(rows)


def reference_text() -> str:
    """The whole reference as Markdown."""
    relation_rows = ["| code | svenska (framåt) | svenska (bakåt) | English |", "|---|---|---|---|"]
    relation_rows += [
        f"| `{code}` | {sv} | {RELATION_INVERSE_LABELS[code][0]} | {en} |"
        for code, (sv, en) in RELATION_LABELS.items()
    ]
    parts = [
        "# Data reference",
        "",
        "Generated from `kartan/model.py` and `kartan/labels.py` by `kartan schema`; "
        "do not edit by hand. Every model forbids unknown keys.",
        "",
        "## Records",
        "",
        *(_model_table(m) + "\n" for m in MODELS),
        "## Vocabularies",
        "",
        _vocabulary("Node kinds (`kind`)", KIND_LABELS),
        "",
        "### Relation types (`relations[].type`)\n\n" + "\n".join(relation_rows),
        "",
        _vocabulary("Membership roles (`members[].role`)", ROLE_LABELS),
        "",
        _vocabulary("Contact functions (`contact.function`)", FUNCTION_LABELS),
        "",
        _vocabulary("Meeting status (`meetings[].status`)", MEETING_STATUS_LABELS),
        "",
        _vocabulary("Need kinds (`needs[].kind`)", NEED_KIND_LABELS),
        "",
    ]
    return "\n".join(parts)


def write_reference(path: Path = REFERENCE_PATH) -> Path:
    """Write the reference to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reference_text(), encoding="utf-8")
    return path
