"""The real map: valid, complete enough, every fact with a source, ids from the inventory."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kartan.decisions import who_decides
from kartan.graph import decision_path
from kartan.load import load_path
from kartan.map import Map
from kartan.model import Meeting, Member, Relation
from tests.helpers import REAL_MAP, ROOT

INVENTORY = ROOT.parent / "shared" / "research" / "seed_inventory.md"


def test_real_file_validates_with_zero_errors() -> None:
    result = load_path(REAL_MAP, display_name="data/forums.yaml")
    assert [p.format() for p in result.errors] == []


def test_size_of_the_map(real_map: Map) -> None:
    counts = real_map.counts()
    assert counts["nodes"] >= 130
    assert counts["members"] + counts["relations"] >= 200
    assert counts["meetings"] >= 25
    assert counts["themes"] >= 29


def test_every_fact_has_a_source(real_map: Map) -> None:
    known = set(real_map.sources)
    for node in real_map.data.nodes:
        assert node.sources, node.id
        items: list[Member | Relation | Meeting] = [*node.members, *node.relations, *node.meetings]
        for item in items:
            assert item.sources, (node.id, item)
            for ref in item.sources:
                assert ref.split(" ", 1)[0] in known, (node.id, ref)


def _inventory_entity_ids() -> set[str]:
    text = INVENTORY.read_text(encoding="utf-8")
    section = text.split("## 1. ENTITIES", 1)[1].split("## 2. RELATIONS", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.M))


@pytest.mark.skipif(not INVENTORY.exists(), reason="../shared is not beside the checkout")
def test_every_inventory_entity_is_in_the_map(real_map: Map) -> None:
    ids = _inventory_entity_ids()
    assert len(ids) >= 160
    present = set(real_map.nodes) | set(real_map.places) | set(real_map.audiences)
    assert sorted(ids - present) == []


def test_the_council_and_its_path_to_a_decision(real_map: Map) -> None:
    council = real_map.nodes["samverkansradet"]
    assert council.kind.value == "council"
    assert council.entry_point
    # The council's AU sets its agenda: the council's own steering, not where the
    # municipality decides; the minutes give the council no chain to KS, KF or a nämnd.
    assert decision_path(real_map, "samverkansradet") is None
    answer = who_decides(real_map, "samverkansradet")
    assert answer.status == "unknown" and answer.steering == "samverkansradet-au"
    assert real_map.nodes["samverkansradet-au"].kind.value == "steering_body"
    assert real_map.owner == "samverkansradet-au"


def test_council_membership_changes_between_2022_and_2023(real_map: Map) -> None:
    def members(day: dt.date) -> set[str]:
        return {m.id for m in real_map.at(day).nodes["samverkansradet"].members}

    in_2022, in_2023 = members(dt.date(2022, 5, 1)), members(dt.date(2023, 6, 1))
    assert in_2022 != in_2023
    assert in_2023 - in_2022, "organisations that joined in 2023"
