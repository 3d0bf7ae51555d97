"""The benchmarks' synthetic maps must stay valid as the model and validator grow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.synth import generate_text
from kartan.load import MAX_PROBLEMS, load_text
from tests.helpers import run_kartan


def test_synthetic_map_of_2000_nodes_validates(tmp_path: Path) -> None:
    text = generate_text(2000)
    result = load_text(text, "synth.yaml")
    assert result.errors == [], [p.format("en") for p in result.errors[:5]]
    assert result.more == 0
    assert result.ok and result.map is not None
    assert len(result.map.nodes) == 2000
    path = tmp_path / "synth.yaml"
    path.write_text(text, encoding="utf-8")
    cli = run_kartan("validate", "--errors-only", "--lang", "en", str(path))
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "0 error(s)" in cli.stdout


def test_many_warnings_alone_do_not_fail_a_map() -> None:
    """More than MAX_PROBLEMS warnings are summarised as a warning, not as an error."""
    # every node reviewed "long ago": one stale warning each
    result = load_text(generate_text(MAX_PROBLEMS * 2), today=dt.date(2100, 1, 1))
    assert len(result.warnings) > MAX_PROBLEMS - 1
    assert result.errors == []
    assert result.ok
    assert result.more == 0 and result.more_warnings > 0
