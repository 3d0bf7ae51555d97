"""The order of "Bra ingångar": most useful first doors first, not the alphabet (issue 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kartan.entry_points import by_usefulness, entry_points, usefulness
from kartan.map import Map
from kartan.model import Contact, Kind
from kartan.needs import needs_taken_up_by
from tests.helpers import needs_real_map

TODAY = dt.date(2026, 1, 1)


def with_twins(m: Map, a: dict[str, Any], b: dict[str, Any]) -> Map:
    """The map plus two entry points copied from "En väg in": "A …" (``a`` applied) and
    "B …" (``b`` applied); the alphabet puts A first."""
    base = m.nodes["en-vag-in"].model_copy(update={"entry_point": True})
    twin_a = base.model_copy(update={"id": "twin-a", "name": "A tvilling", **a})
    twin_b = base.model_copy(update={"id": "twin-b", "name": "B tvilling", **b})
    return Map(m.data.model_copy(update={"nodes": [*m.data.nodes, twin_a, twin_b]}))


def order(m: Map) -> list[str]:
    return [i for i in entry_points(m, TODAY) if i.startswith("twin-")]


def test_twins_go_by_name(frontend_small: Map) -> None:
    assert order(with_twins(frontend_small, {}, {})) == ["twin-a", "twin-b"]


@pytest.mark.parametrize(
    "what",
    [
        {"how_to_take_part": "Kom på mötet."},
        {"contact": {"function": "secretary", "via": "kommunledningsforvaltningen",
                     "sources": ["002"]}},
        {"themes": ["foreningsbidrag", "samverkan", "klimat", "idrott"]},
        {"kind": "forum"},
    ],
    ids=["take-part", "contact", "themes", "place"],
)  # fmt: skip
def test_a_way_in_puts_a_body_before_the_alphabet(
    frontend_small: Map, what: dict[str, Any]
) -> None:
    b = dict(what)
    if "contact" in b:
        b["contact"] = Contact.model_validate(b["contact"])
    if "kind" in b:
        b["kind"] = Kind(b["kind"])
    assert order(with_twins(frontend_small, {}, b)) == ["twin-b", "twin-a"]


def test_an_ended_body_comes_after_every_open_one(frontend_small: Map) -> None:
    m = with_twins(
        frontend_small,
        {"how_to_take_part": "Kom på mötet.", "valid_until": dt.date(2024, 1, 1)},
        {},
    )
    ids = entry_points(m, TODAY)
    assert ids[-1] == "twin-a"
    assert usefulness(m, "twin-a", TODAY).ended
    assert not usefulness(m, "twin-a", dt.date(2023, 12, 31)).ended


def test_the_council_with_a_way_in_comes_before_an_assignment_with_none(
    frontend_small: Map,
) -> None:
    """The alphabet would put "En väg in" first."""
    assert entry_points(frontend_small, TODAY) == [
        "samverkansradet",
        "foreningsradets-klimatnatverk",
        "en-vag-in",
    ]
    council = usefulness(frontend_small, "samverkansradet", TODAY)
    assert (council.take_part, council.reach, council.place) == (4.0, 3.0, 2.0)
    # a route
    assert usefulness(frontend_small, "foreningsradets-klimatnatverk", TODAY).reach == 1.0


@needs_real_map
def test_real_map_needs_and_links_count(real_map: Map) -> None:
    council = usefulness(real_map, "samverkansradet", TODAY)
    assert council.needs == min(len(needs_taken_up_by(real_map, "samverkansradet")), 5) == 5
    assert council.linked == 5.0  # linked to 20 bodies or more
    ids = entry_points(real_map, TODAY)
    assert ids[0] == "samverkansradet"
    # the ended project and its part come last, whatever else they have
    ended = [i for i in ids if usefulness(real_map, i, TODAY).ended]
    assert ended and ids[-len(ended) :] == ended
    assert ids != sorted(ids, key=lambda i: real_map.nodes[i].name.casefold())


def test_by_usefulness_breaks_ties_with_the_given_name(frontend_small: Map) -> None:
    m = with_twins(frontend_small, {}, {})
    names = {"twin-a": "z", "twin-b": "a"}
    assert by_usefulness(m, ["twin-a", "twin-b"], names.__getitem__) == [
        "twin-b",
        "twin-a",
    ]
