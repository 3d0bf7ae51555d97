"""English translations in the data: the validator's warning, the coverage, the limits."""

from __future__ import annotations

from kartan.bilingual import coverage, missing
from kartan.load import MAX_PROBLEMS, load_text
from tests.helpers import REAL_MAP, ROOT, run_kartan

HEAD = """schema_version: 1
map: {title: Karta, TITLE_EN owner: a}
sources: [{id: s, title: S}]
"""


def _map(nodes: int, title_en: bool) -> str:
    items = ",".join(
        f"{{id: n{i}, kind: organisation, name: N, description: En förening., sources: [s],"
        f" relations: [{{type: related_to, to: a, sources: [s]}}]}}"
        for i in range(nodes)
    )
    head = HEAD.replace("TITLE_EN", "title_en: Map," if title_en else "")
    return head + f"nodes: [{{id: a, kind: forum, name: A, sources: [s]}}, {items}]\n"


def test_missing_english_is_a_warning_in_a_bilingual_map_only() -> None:
    result = load_text(_map(2, title_en=True), "x.yaml", stale_days=None)
    assert result.ok
    codes = [p.code for p in result.warnings]
    assert codes.count("no_english") == 2
    gap = next(p for p in result.warnings if p.code == "no_english")
    assert gap.path == "nodes[1].description" and "description_en" in gap.message("en")
    swedish_only = load_text(_map(2, title_en=False), "x.yaml", stale_days=None)
    assert swedish_only.ok and not [p for p in swedish_only.warnings if p.code == "no_english"]


def test_many_missing_translations_never_make_the_map_invalid() -> None:
    result = load_text(_map(MAX_PROBLEMS + 50, title_en=True), "x.yaml", stale_days=None)
    assert result.map is not None and result.errors == []
    assert result.problems[-1].code == "more_problems"
    assert result.problems[-1].severity == "warning"


def test_other_warnings_are_kept_before_missing_translations() -> None:
    # a council without a contact is warned about; 150 missing translations come after it
    text = _map(MAX_PROBLEMS + 50, title_en=True).replace("kind: forum", "kind: council")
    result = load_text(text, "x.yaml", stale_days=None)
    assert "no_contact" in [p.code for p in result.warnings]


def test_coverage_counts_translated_and_swedish_texts() -> None:
    raw = {
        "nodes": [
            {"id": "a", "name": "A", "name_en": "A", "description": "D", "description_en": "D"},
            {"id": "b", "name": "B", "note": "N", "contact": {"note": "C", "note_en": "C"}},
        ]
    }
    c = coverage(raw)
    assert c["nodes.description"] == (1, 1)
    assert c["nodes.note"] == (0, 1)
    assert c["nodes.contact.note"] == (1, 1)
    assert c["nodes.name"] == (1, 2)
    assert [(m.path, m.field) for m in missing(raw)] == [(("nodes", 1), "note")]


def test_stats_reports_the_english_coverage_of_the_real_map() -> None:
    out = run_kartan("stats", str(REAL_MAP), cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "English translations (translated / Swedish texts):" in out.stdout
    line = next(x for x in out.stdout.splitlines() if "nodes.meetings.title" in x)
    assert "100 %" in line
