"""Needs (issue 14): the data section, its validation, its sources and the coverage tool."""

from __future__ import annotations

import textwrap

import pytest

from kartan.fmt import format_map
from kartan.load import load_text
from kartan.map import Map
from kartan.sources import (
    SourceDocument,
    check_citation,
    check_citations,
    citations,
    coverage,
    load_documents,
    parse_ref,
    seeds_dir,
    total_share,
)
from tests.helpers import REAL_MAP, ROOT, run_kartan

SEEDS = seeds_dir(REAL_MAP)
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the minutes (../shared/seeds) are not beside the checkout"
)

SMALL = textwrap.dedent(
    """\
    schema_version: 1
    map: {title: T, owner: radet}
    sources:
      - {id: "001", title: Minnesanteckningar}
    themes:
      - {id: samverkan, name: Samverkan}
    audiences:
      - {id: foreningar, name: Föreningar, sources: ["001 §1 L3"]}
    nodes:
      - {id: radet, kind: council, name: Rådet, sources: ["001"]}
    needs:
      - id: ett-behov
        kind: need
        text: Ett behov.
        raised_by: [foreningar, radet]
        date: 2023-02-08
        themes: [samverkan]
        taken_up_by:
          - {id: radet, sources: ["001 §1 L5"]}
        sources: ["001 §1 L3"]
    """
)


def _errors(text: str) -> list[str]:
    return [f"{p.path}: {p.message()}" for p in load_text(text, "x.yaml").errors]


def test_a_valid_need_loads_and_formats_back_to_the_same_text() -> None:
    result = load_text(SMALL, "x.yaml", stale_days=None)
    assert result.errors == []
    assert result.map is not None
    need = result.map.data.needs[0]
    assert need.raised_by == ["foreningar", "radet"]
    assert need.taken_up_by[0].id == "radet"
    text = format_map(result.map.data)
    assert "needs:" in text and "    kind: need" in text  # the kind is always written
    again = load_text(text, "x.yaml", stale_days=None)
    assert again.map is not None and format_map(again.map.data) == text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "raised_by: [foreningar, radet]",
            "raised_by: [forening, radet]",
            "needs[0].raised_by[0]: okänd målgrupp eller nod 'forening'",
        ),
        (
            "- {id: radet, sources",
            "- {id: rade, sources",
            "needs[0].taken_up_by[0].id: okänd nod 'rade' (menade du 'radet'?)",
        ),
        (
            "themes: [samverkan]",
            "themes: [samverkn]",
            "needs[0].themes[0]: okänt tema 'samverkn' (menade du 'samverkan'?)",
        ),
        (
            '    sources: ["001 §1 L3"]\n',
            "    sources: []\n",
            "needs[0].sources: får inte vara tom; ange minst 1 värde(n)",
        ),
        (
            '- {id: radet, sources: ["001 §1 L5"]}',
            "- {id: radet}",
            "needs[0].taken_up_by[0].sources: nyckeln 'sources' saknas; lägg till den",
        ),
        (
            "raised_by: [foreningar, radet]",
            "raised_by: []",
            "needs[0].raised_by: får inte vara tom; ange minst 1 värde(n)",
        ),
        (
            '["001 §1 L5"]',
            '["009 §1 L5"]',
            "needs[0].taken_up_by[0].sources[0]: okänd källa '009' (menade du '001'?)",
        ),
    ],
)
def test_the_validator_finds_dangling_ids_and_unsourced_needs(
    old: str, new: str, expected: str
) -> None:
    assert SMALL.count(old) == 1
    text = SMALL.replace(old, new)
    assert expected in _errors(text)


def test_an_unknown_need_kind_lists_the_need_kinds() -> None:
    errors = _errors(SMALL.replace("kind: need", "kind: behov"))
    assert len(errors) == 1
    assert "behovstyp (kind) 'behov'" in errors[0]
    assert "need, obstacle, proposal, question" in errors[0]
    assert "decision_body" not in errors[0]


def test_citations_are_collected_from_every_section() -> None:
    refs = dict(
        citations(
            {
                "needs": [{"sources": ["001 L1"], "taken_up_by": [{"sources": ["001 L2"]}]}],
                "matters": [{"outcome_sources": ["001 L3"]}],
            }
        )
    )
    assert refs == {
        "needs[0].sources[0]": "001 L1",
        "needs[0].taken_up_by[0].sources[0]": "001 L2",
        "matters[0].outcome_sources[0]": "001 L3",
    }


MINUTES = "Rubrik\n\nDeltagare: någon\n\n1. Välkomna\n\nText\n2. Beslut\n\n1. inre\nlista\n3. Sista\n\nSlut\n"


def test_sections_are_numbered_agenda_items_in_order() -> None:
    doc = SourceDocument.from_text("x", MINUTES)
    assert [(s.name, s.start, s.end) for s in doc.sections] == [
        ("§1", 5, 7),
        ("§2", 8, 11),
        ("§3", 12, 14),
    ]
    docs = {"x": doc}
    assert check_citation("x §2 L8", docs) is None
    assert check_citation("x §1 L3", docs) == (
        "rad 3 ligger utanför §1 (rad 5–7)",
        "line 3 lies outside §1 (lines 5–7)",
    )
    assert check_citation("x §1 L6", docs) == ("rad 6 är tom", "line 6 is empty")
    assert check_citation("x L99", docs) is not None
    assert check_citation("x §9 L3", docs) is not None
    assert parse_ref("x §2 L8–10").lines == ((8, 10),)


def test_coverage_counts_only_cited_content_lines() -> None:
    docs = {"x": SourceDocument.from_text("x", MINUTES)}
    report = coverage({"nodes": [{"sources": ["x L1", "x §2 L8–10", "x"]}]}, docs)["x"]
    assert report.content == [1, 3, 5, 7, 8, 10, 11, 12, 14]
    assert sorted(report.cited) == [1, 8, 10]
    assert report.uncited == [3, 5, 7, 11, 12, 14]
    assert total_share({"x": report}) == pytest.approx(3 / 9)


@needs_seeds
def test_every_citation_resolves_to_a_line_inside_its_section(real_map: Map) -> None:
    docs, missing = load_documents(real_map.data.sources, SEEDS)
    assert missing == [] and len(docs) == 5
    data = real_map.data.model_dump(by_alias=True, mode="json")
    assert [p.format() for p in check_citations(data, docs)] == []
    needs_refs = [ref for where, ref in citations(data) if where.startswith("needs")]
    assert len(needs_refs) > 300


@needs_seeds
def test_coverage_of_the_minutes(real_map: Map) -> None:
    docs, _ = load_documents(real_map.data.sources, SEEDS)
    report = coverage(real_map.data.model_dump(by_alias=True, mode="json"), docs)
    assert total_share(report) >= 0.85
    assert report["003"].share >= 0.75


@needs_seeds
def test_the_needs_the_issue_names_are_in_the_data(real_map: Map) -> None:
    by_ref: dict[str, list[str]] = {}
    for need in real_map.data.needs:
        for ref in need.sources:
            by_ref.setdefault(ref, []).append(need.id)
    for ref in (
        "003 «Arbetsmarknad 1» L22–23",  # mellan stolarna
        "003 «Arbetsmarknad 2» L40",  # insurance
        "003 «Arbetsmarknad 2» L65–70",  # konkreta strategier
        "003 «Trygghet 1» L119–127",  # challenges
        "003 «Psykisk ohälsa» L254–256",  # housing
        "001 §4 L123",  # kravet på professionalitet
        "001 §4 L127",  # inte tjänsteköp
        "000 §1 L51–52",  # refugee reception requests
        "000 §4 L127",
        "000 §5 L137",
        "002 §2 L90",  # lokalfrågor
        "004 §1 L9",
        "004 §2 L13–15",
    ):
        assert ref in by_ref, ref
    for need in real_map.data.needs:
        assert need.text_en, need.id
        assert need.date is not None, need.id


@needs_seeds
def test_kartan_sources_coverage_command() -> None:
    out = run_kartan("sources", str(REAL_MAP), "--coverage", "--min", "85", cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("003: ") and "innehållsrader citeras" in line for line in lines)
    assert any(line.startswith("  L9: ") for line in lines)  # an uncited line is listed
    assert lines[-1].startswith("alla: ")
    assert "@" not in out.stdout  # e-mail addresses in the minutes are masked


def _named_in_readme() -> set[tuple[str, int]]:
    """(document, line) pairs named in data/README.md's table of uncited passages."""
    import re

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Vad i minnesanteckningarna som inte citeras", 1)[1].split("\n## ", 1)[
        0
    ]
    named: set[tuple[str, int]] = set()
    for row in re.findall(r"^\| ([0-9][^|]*) \|", section, flags=re.M):
        doc = ""
        for token in row.split(","):
            m = re.fullmatch(r"\s*(?:(\d{3}) )?L(\d+)(?:–(\d+))?\s*", token)
            assert m, f"cannot read {token!r} in data/README.md"
            doc = m.group(1) or doc
            first = int(m.group(2))
            named.update((doc, n) for n in range(first, int(m.group(3) or first) + 1))
    return named


@needs_seeds
def test_every_uncited_line_is_named_in_the_data_readme(real_map: Map) -> None:
    """The maintainers' promise: what no fact cites is named, with why, in data/README.md."""
    docs, _ = load_documents(real_map.data.sources, SEEDS)
    report = coverage(real_map.data.model_dump(by_alias=True, mode="json"), docs)
    uncited = {(d, n) for d, cov in report.items() for n in cov.uncited}
    assert sorted(uncited - _named_in_readme()) == []


def test_the_validator_finds_a_need_citing_a_line_outside_its_item() -> None:
    text = SMALL.replace(
        '  - {id: "001", title: Minnesanteckningar}',
        '  - id: "001"\n    title: Minnesanteckningar\n'
        "    items:\n      - {ref: §1, title: Välkomna, first: 3, last: 6}",
    )
    assert load_text(text, "x.yaml", stale_days=None).errors == []
    errors = _errors(text.replace('["001 §1 L5"]', '["001 §1 L9"]'))
    assert errors == [
        "needs[0].taken_up_by[0].sources[0]: '001 §1 L9' ligger utanför §1 "
        "(raderna 3–6 enligt källans 'items'); rätta radnumret eller punkten"
    ]
    errors = _errors(text.replace('sources: ["001 §1 L3"]\n', 'sources: ["001 §2 L3"]\n'))
    assert errors == [
        "needs[0].sources[0]: punkten '001 §2 L3' finns inte i källans 'items'; kända punkter: §1"
    ]


def test_a_note_that_calls_something_a_reading_marks_it_inferred(real_map: Map) -> None:
    """A note saying 'tolkning' (a reading beyond the words) goes with `inferred: true`."""
    unmarked: list[str] = []
    for need in real_map.data.needs:
        if need.note and "tolkning" in need.note and not need.inferred:
            unmarked.append(need.id)
        unmarked.extend(
            f"{need.id} → {taken.id}"
            for taken in need.taken_up_by
            if taken.note and "tolkning" in taken.note and not taken.inferred
        )
    assert unmarked == []


def test_no_need_names_a_person_from_the_minutes(real_map: Map) -> None:
    """No need, label or note carries a name from the minutes' attendance lists."""
    import re

    if not SEEDS.is_dir():
        pytest.skip("the minutes (../shared/seeds) are not beside the checkout")
    person = re.compile(
        r"^(?:Förhinder: |Gäst: )?([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?"
        r"(?: [A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?){1,2})(?:, | \()"
    )
    names = {
        m.group(1)
        for path in SEEDS.glob("0*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if (m := person.match(line)) and not m.group(1).startswith("Till ")
    }
    assert len(names) > 20  # the attendance lists were read
    words = {w for name in names for w in name.split()}
    found: list[str] = []
    for need in real_map.data.needs:
        texts = [need.text, need.text_en, need.note, need.group, need.group_en]
        for taken in need.taken_up_by:
            texts += [taken.label, taken.label_en, taken.note]
        for text in filter(None, texts):
            found += [f"{need.id}: {w}" for w in words if re.search(rf"\b{re.escape(w)}\b", text)]
    assert found == []
