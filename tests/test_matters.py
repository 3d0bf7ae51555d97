"""Matters (issue 17): the data section, its checks and the report-back views.

The data tests read the real data file: every matter's own citations lie inside its
item (§ or named section) to the line, its later appearances are in later meetings,
and the report-back counts by receiving body match the matters themselves.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kartan.load import load_text
from kartan.map import Map
from kartan.matters import (
    match_matters,
    matter_date,
    matter_state,
    meeting_date,
    meeting_index,
    parse_citation,
    report_back_by_body,
    select_matters,
)
from kartan.model import MatterKind, MatterState
from tests.helpers import REAL_MAP, ROOT

# --------------------------------------------------------------------------- the data


def test_every_item_of_000_to_002_has_a_matter(real_map: Map) -> None:
    handled = {(x.item.split(" ")[0], x.item.split(" ")[1]) for x in real_map.data.matters}
    for doc in ("000", "001", "002"):
        assert real_map.sources[doc].items, f"{doc} lists no items: the check would pass on nothing"
        for item in real_map.sources[doc].items:
            assert (doc, item.ref) in handled, f"{doc} {item.ref} ({item.title}) has no matter"


def test_named_items_of_003_and_004_that_went_further_are_matters(real_map: Map) -> None:
    docs = {x.item.split(" ")[0] for x in real_map.data.matters}
    assert {"003", "004"} <= docs
    for x in real_map.data.matters:
        if x.item.startswith(("003", "004")):
            assert x.later, f"{x.id}: a matter from 003/004 is there because it went further"


def test_every_matter_source_lies_inside_its_item(real_map: Map) -> None:
    for x in real_map.data.matters:
        item = parse_citation(x.item)
        assert item is not None and item.item is not None, x.item
        span = next(i for i in real_map.sources[item.doc].items if i.ref == item.item)
        for ref in x.sources:
            cited = parse_citation(ref)
            assert cited is not None and cited.first is not None, f"{x.id}: {ref} has no line"
            assert (cited.doc, cited.item) == (item.doc, item.item), f"{x.id}: {ref}"
            assert cited.last is not None
            assert span.first <= cited.first <= cited.last <= span.last, (
                f"{x.id}: {ref} is outside {x.item} (lines {span.first}–{span.last})"
            )


def test_later_appearances_are_in_later_meetings(real_map: Map) -> None:
    for x in real_map.data.matters:
        own = matter_date(real_map, x)
        assert own is not None, f"{x.id}: its meeting has no date"
        for later in x.later:
            day = meeting_date(real_map, later.meeting)
            assert day is not None and day > own, f"{x.id}: {later.meeting} is not later"
            if later.matter is not None:
                assert real_map.matters[later.matter].meeting == later.meeting


def test_later_appearances_cite_the_minutes_of_that_meeting(real_map: Map) -> None:
    index = meeting_index(real_map)
    for x in real_map.data.matters:
        for later in x.later:
            docs = {c.doc for r in index[later.meeting][1].sources if (c := parse_citation(r))}
            assert docs, f"{later.meeting} cites no document"
            for ref in later.sources:
                cited = parse_citation(ref)
                assert cited is not None and cited.first is not None, f"{x.id}: {ref}"
                assert cited.doc in docs, f"{x.id}: {ref} is not in the minutes of {later.meeting}"


def test_a_reading_is_marked_inferred(real_map: Map) -> None:
    # a link or carrier whose note calls itself a reading ("tolkning") must say so in data
    for x in real_map.data.matters:
        readings = [(a.note, a.inferred) for a in x.later]
        readings += [(c.note, c.inferred) for c in x.carried_by]
        for note, inferred in readings:
            if note and "tolkning" in note:
                assert inferred, f"{x.id}: {note}"
        for c in x.carried_by:
            # a carrier read from a participants' list (a line outside every item) is a reading
            if any((p := parse_citation(r)) is not None and p.item is None for r in c.sources):
                assert c.inferred and c.note and c.note_en, f"{x.id}: {c.id}"


_HEADER_NAME = re.compile(
    r"^(?:(?:Deltagare|Förhinder|Gäst|Närvarande):(?: Samverkansrådet)?\s*)?"
    r"([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)((?: [A-ZÅÄÖ][a-zåäöé-]+)+)(?:,| \()"
)


def _names_in_participant_lists() -> set[str]:
    names: set[str] = set()
    for path in sorted((ROOT.parent / "shared" / "seeds").glob("00[0-2]_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\d+\. ", line):
                break  # the participants' lists come before the first item
            if found := _HEADER_NAME.match(line.strip()):
                names.add(found.group(1))
                names.update(found.group(2).split())
    return names


def test_no_person_names_in_matters(real_map: Map) -> None:
    names = _names_in_participant_lists()
    if not names:
        pytest.skip("the minutes are not beside the worktree (../shared/seeds)")
    assert {"Tina", "Lundberg"} <= names  # the parser reads the lists
    words = re.compile(r"\b(" + "|".join(sorted(map(re.escape, names))) + r")\b")
    for x in real_map.data.matters:
        texts = [x.title, x.title_en, x.outcome, x.outcome_en, x.note, x.note_en]
        texts += [t for a in x.later for t in (a.text, a.text_en, a.note, a.note_en)]
        texts += [t for c in x.carried_by for t in (c.note, c.note_en)]
        for text in filter(None, texts):
            assert not words.search(text), f"{x.id}: a person's name in {text!r}"


def test_a_kind_agrees_with_the_minutes_label(real_map: Map) -> None:
    allowed = {
        "Beslut": {MatterKind.decision, MatterKind.sent_elsewhere, MatterKind.tabled},
        "Information": {MatterKind.information},
        "Dialog": {MatterKind.dialogue},
    }
    labelled = [x for x in real_map.data.matters if x.label]
    assert labelled
    for x in labelled:
        assert x.label in allowed, f"{x.id}: unknown label {x.label}"
        assert x.kind in allowed[x.label], f"{x.id}: labelled {x.label}, kind {x.kind}"


def test_the_map_itself_goes_from_001_5_to_the_activity_plan(real_map: Map) -> None:
    karta = real_map.matters["arende-001-5-karta"]
    assert karta.kind is MatterKind.sent_elsewhere
    assert karta.went_to == "samverkansradet-au"
    assert "arende-002-3-aktivitetsplan" in {a.matter for a in karta.later}
    assert matter_state(real_map, karta) is MatterState.followed_up


def test_carriers_are_bodies_and_person_readings_are_inferred(real_map: Map) -> None:
    for x in real_map.data.matters:
        for c in x.carried_by:
            assert c.id in real_map.nodes
            if c.inferred:
                assert c.note and c.note_en, f"{x.id}: an inferred carrier says why"
        if x.kind is MatterKind.sent_elsewhere:
            assert x.went_to in real_map.nodes


def test_every_matter_has_its_english(real_map: Map) -> None:
    for x in real_map.data.matters:
        assert x.title_en and x.outcome_en, x.id
        assert (x.note is None) == (x.note_en is None), x.id
        for a in x.later:
            assert a.text_en, f"{x.id} -> {a.meeting}"


# --------------------------------------------------------------------------- report-back


def test_report_back_counts_match_the_data(real_map: Map) -> None:
    rows = report_back_by_body(real_map)
    expected: dict[str, tuple[int, int]] = {}
    for x in real_map.data.matters:
        if x.kind is MatterKind.sent_elsewhere and x.went_to:
            sent, unanswered = expected.get(x.went_to, (0, 0))
            expected[x.went_to] = (sent + 1, unanswered + (0 if x.later else 1))
    got = {r.body: (len(r.sent), len(r.without_report_back)) for r in rows}
    assert got == expected
    assert sum(n for _, n in got.values()) >= 3
    # the agreement 2024–2027 went to the municipal board and never came back in the minutes
    ks = next(r for r in rows if r.body == "kommunstyrelsen")
    assert "arende-002-3-overenskommelsen-2024-2027" in ks.without_report_back
    # the bodies with the most silence come first
    missing = [len(r.without_report_back) for r in rows]
    assert missing == sorted(missing, reverse=True)


def test_state_at_a_date_ignores_what_came_later(real_map: Map) -> None:
    karta = real_map.matters["arende-001-5-karta"]
    assert matter_state(real_map, karta, dt.date(2023, 6, 1)) is MatterState.no_report_back
    assert matter_state(real_map, karta, dt.date(2023, 11, 7)) is MatterState.followed_up
    before = select_matters(real_map, at=dt.date(2022, 12, 31))
    assert before and all(
        (matter_date(real_map, x) or dt.date.max) <= dt.date(2022, 12, 31) for x in before
    )
    assert "arende-001-5-karta" not in {x.id for x in before}


def test_select_by_state_kind_body_and_theme(real_map: Map) -> None:
    silent = select_matters(real_map, state="no_report_back")
    assert silent and all(x.kind is MatterKind.sent_elsewhere and not x.later for x in silent)
    tabled = select_matters(real_map, kind="tabled")
    assert tabled and all(x.kind is MatterKind.tabled for x in tabled)
    au = select_matters(real_map, body="samverkansradet-au")
    assert {x.id for x in au} >= {"arende-001-5-karta", "arende-000-3-temakvallar"}
    klimat = select_matters(real_map, theme="klimat")
    assert klimat and all("klimat" in x.themes for x in klimat)
    dates = [matter_date(real_map, x) or dt.date.min for x in select_matters(real_map)]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Vem äger kartan?", "arende-001-5-karta"),
        ("Hur går det med effektmätningen?", "arende-001-6-effektmatning"),
        ("What happened to impact measurement?", "arende-000-2-effektmatning"),
        ("trygghetspunkter", "arende-002-4-trygghetspunkter"),
    ],
)
def test_a_question_finds_its_matter(real_map: Map, question: str, expected: str) -> None:
    assert expected in {x.id for x in match_matters(real_map, question)}


def test_an_unrelated_question_finds_no_matter(real_map: Map) -> None:
    assert match_matters(real_map, "Var kan vi hyra en lokal för dans?") == []
    assert match_matters(real_map, "och att det") == []


# --------------------------------------------------------------------------- validator


def _broken(replace: str, by: str) -> list[str]:
    text = REAL_MAP.read_text(encoding="utf-8")
    assert replace in text, replace
    result = load_text(text.replace(replace, by, 1), "forums.yaml")
    return [p.message() for p in result.errors]


def test_a_citation_outside_the_item_is_an_error() -> None:
    errors = _broken(
        "sources: [001 §6 L218, 001 §6 L220, 001 §6 L222]",
        "sources: [001 §6 L218, 001 §6 L230]",
    )
    assert errors == [
        "källhänvisningen '001 §6 L230' ligger inte inom ärendets punkt 001 §6 (raderna "
        "216–222); hänvisa till en rad i punkten, t.ex. '001 §6 L216'"
    ]


def test_an_earlier_appearance_is_an_error() -> None:
    errors = _broken(
        "      - meeting: m-2023-02-08-samverkansradet\n        matter: arende-001-6-effektmatning",
        "      - meeting: m-2022-04-20-samverkansradet",
    )
    assert len(errors) == 1 and "är inte senare än ärendets möte (2022-04-20)" in errors[0]


def test_dangling_ids_are_errors() -> None:
    errors = _broken("went_to: samverkansradet-au", "went_to: samverkansradet-ua")
    assert any("okänd nod 'samverkansradet-ua'" in e for e in errors)
    errors = _broken(
        "meeting: m-2023-11-07-samverkansradet\n    item: 002 §1", "meeting: m-1\n    item: 002 §1"
    )
    assert errors == ["okänt möte 'm-1'; ange id för ett möte under någon nods 'meetings'"]
    errors = _broken("matter: arende-001-6-effektmatning", "matter: arende-saknas")
    assert errors == ["okänt ärende 'arende-saknas'; ange id för ett ärende under 'matters'"]


def test_a_matter_sent_elsewhere_needs_a_destination() -> None:
    errors = _broken("    went_to: rf-sisu\n", "")
    assert errors == ["ett ärende som skickas vidare behöver 'went_to': noden det skickades till"]


def test_an_unsourced_matter_is_an_error() -> None:
    errors = _broken("    sources: [000 §7 L145, 000 §7 L148]\n", "    sources: []\n")
    assert errors == ["får inte vara tom; ange minst 1 värde(n)"]


def test_an_unknown_kind_suggests_the_matter_kinds() -> None:
    errors = _broken("    kind: tabled\n", "    kind: bordlagd\n")
    assert len(errors) == 1
    assert "(menade du 'tabled'?)" in errors[0] and "sent_elsewhere" in errors[0]
    assert "decision_body" not in errors[0]


def test_the_closest_title_comes_first(real_map: Map) -> None:
    assert match_matters(real_map, "Vem äger kartan?")[0].id == "arende-001-5-karta"


def test_the_semantic_diff_shows_a_changed_or_removed_matter() -> None:
    import yaml

    from kartan.history import diff_maps, render_text
    from kartan.model import MapFile

    raw = yaml.safe_load(REAL_MAP.read_text(encoding="utf-8"))
    old = MapFile.model_validate(raw)
    raw["matters"][0]["outcome"] += " (rättad)"
    removed = raw["matters"].pop(1)["id"]
    text = render_text(diff_maps(old, MapFile.model_validate(raw)))
    assert "Ärenden (2):" in text
    assert f"- {removed}" in text and f"~ {raw['matters'][0]['id']}" in text
