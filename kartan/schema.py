"""The JSON Schema of the data file, generated from the pydantic models (``kartan schema``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kartan.labels import (
    FUNCTION_LABELS,
    KIND_LABELS,
    NEED_KIND_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
)
from kartan.model import MapFile

SCHEMA_PATH = Path("schema/forums.schema.json")

_ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "Kind": KIND_LABELS,
    "RelationType": RELATION_LABELS,
    "Role": ROLE_LABELS,
    "ContactFunction": FUNCTION_LABELS,
    "NeedKind": NEED_KIND_LABELS,
}


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with Swedish and English labels on every enum value.

    >>> json_schema()["$defs"]["Kind"]["enumDescriptions"][0]
    'beslutande organ (decision body)'
    """
    schema = MapFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://samverkanskartan.example/schema/forums.schema.json"
    schema["title"] = "Samverkanskartan data file"
    for name, labels in _ENUM_LABELS.items():
        definition = schema["$defs"][name]
        definition["enumDescriptions"] = [
            f"{labels[v][0]} ({labels[v][1]})" for v in definition["enum"]
        ]
        definition["description"] = (
            definition.get("description", "")
            + " "
            + "; ".join(f"{v}: {labels[v][0]}" for v in definition["enum"])
        ).strip()
    return schema


def schema_text() -> str:
    """The schema as stable, pretty JSON text (what ``kartan schema`` writes)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path
