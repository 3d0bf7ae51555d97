"""The committed JSON Schema is current; fmt is canonical, idempotent and lossless."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.synth import generate
from kartan.fmt import format_map
from kartan.load import load_path, load_text
from kartan.model import MapFile
from kartan.reference import reference_text
from kartan.schema import json_schema, schema_text
from tests.helpers import REAL_MAP, ROOT, TEST_DATA, run_kartan


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "forums.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema is stale: run 'kartan schema'"


def test_committed_data_reference_is_current() -> None:
    committed = (ROOT / "docs" / "data-reference.md").read_text(encoding="utf-8")
    assert committed == reference_text(), "docs/data-reference.md is stale: run 'kartan schema'"


def test_schema_forbids_unknown_keys_and_labels_enums() -> None:
    schema = json_schema()
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Node"]["additionalProperties"] is False
    kinds = schema["$defs"]["Kind"]
    assert "forvaltning" not in kinds["enum"]
    assert "förvaltning (administration)" in kinds["enumDescriptions"]


def test_data_file_points_yaml_language_server_at_the_schema() -> None:
    first = REAL_MAP.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/forums.schema.json"


def _dump(data: MapFile) -> str:
    return json.dumps(data.model_dump(mode="json", by_alias=True), sort_keys=True)


@pytest.mark.parametrize("path", [REAL_MAP, TEST_DATA / "valid_small.yaml"])
def test_load_fmt_load_is_lossless_and_idempotent(path: Path) -> None:
    first = load_path(path, stale_days=None)
    assert first.map is not None, [p.format() for p in first.errors]
    text = format_map(first.map.data)
    second = load_text(text, "formatted.yaml", stale_days=None)
    assert second.map is not None, [p.format() for p in second.errors]
    assert _dump(second.map.data) == _dump(first.map.data)
    assert format_map(second.map.data) == text


def test_synthetic_map_round_trips() -> None:
    data = MapFile.model_validate(generate(50))
    text = format_map(data)
    again = load_text(text, "synth.yaml", stale_days=None, today=dt.date(2026, 1, 1))
    assert again.map is not None
    assert _dump(again.map.data) == _dump(data)


def test_fmt_check_passes_on_committed_data_and_fails_on_reordered(tmp_path: Path) -> None:
    ok = run_kartan("fmt", "--check", str(REAL_MAP))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    messy = tmp_path / "messy.yaml"
    text = (TEST_DATA / "valid_small.yaml").read_text(encoding="utf-8")
    messy.write_text(
        text.replace(
            "    kind: council\n    name: Rådet\n", "    name: Rådet\n    kind: council\n"
        ),
        encoding="utf-8",
    )
    bad = run_kartan("fmt", "--check", str(messy))
    assert bad.returncode == 1
    fixed = run_kartan("fmt", str(messy))
    assert fixed.returncode == 0
    again = run_kartan("fmt", "--check", str(messy))
    assert again.returncode == 0


def test_fmt_refuses_an_invalid_file() -> None:
    out = run_kartan("fmt", "--check", str(TEST_DATA / "invalid" / "unknown_theme.yaml"))
    assert out.returncode == 1
    assert "okänt tema 'klimatet'" in out.stdout
