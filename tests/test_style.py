"""The map's picture: colour families readable with colour-vision deficiencies, line
families, sectors and the regions of the layout."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kartan import layout
from kartan.labels import KIND_FAMILY_LABELS, LINE_FAMILY_LABELS, SECTOR_LABELS
from kartan.map import Map
from kartan.model import MapFile, RelationType, example_file
from kartan.sectors import SECTORS, sectors
from kartan.style import (
    BACKGROUND,
    FAMILY_COLOUR,
    LABEL_COLOUR,
    LINE_ORDER,
    LINE_STYLE,
    contrast_ratio,
    line_family,
)
from tests.helpers import needs_real_map

colorspacious = pytest.importorskip("colorspacious")

# A CAM02-UCS distance of about 1 is a just-noticeable difference; 15 keeps small
# symbols apart at a glance.
MIN_DISTANCE = 15.0
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _min_distance(colours: list[str], cvd: str | None) -> float:
    rgb = np.array([_rgb(c) for c in colours])
    if cvd is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    ucs = colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    return min(
        float(np.sqrt(((ucs[a] - ucs[b]) ** 2).sum()))
        for a, b in itertools.combinations(range(len(colours)), 2)
    )


@pytest.mark.parametrize("cvd", [None, *DEFICIENCIES])
def test_family_colours_stay_apart_with_colour_vision_deficiencies(cvd: str | None) -> None:
    """Full-severity deuteranopia, protanopia and tritanopia (Machado et al. 2009)."""
    assert _min_distance(list(FAMILY_COLOUR.values()), cvd) >= MIN_DISTANCE


def test_an_old_palette_would_fail_the_check() -> None:
    """The check can fail: the previous palette's blue and purple merge for protanopes."""
    old = ["#b2182b", "#4a4a4a", "#1f4e9a", "#1a7837", "#6a3d9a", "#b35806", "#c2185b"]
    assert _min_distance(old, "protanomaly") < MIN_DISTANCE


def test_symbols_lines_and_labels_have_enough_contrast() -> None:
    for colour in FAMILY_COLOUR.values():
        assert contrast_ratio(colour, BACKGROUND) >= 3.0  # WCAG 1.4.11, graphics
    for style in LINE_STYLE.values():
        assert contrast_ratio(style.colour, BACKGROUND) >= 4.5
    assert contrast_ratio(LABEL_COLOUR, BACKGROUND) >= 4.5  # text


def test_line_families_differ_by_more_than_colour_and_every_type_has_one() -> None:
    patterns = {(s.dashes, s.width) for s in LINE_STYLE.values()}
    assert len(patterns) == len(LINE_STYLE)
    assert set(LINE_ORDER) == {"decision", "raise", "collaboration", "funding", "other"}
    for rel in RelationType:
        assert line_family(rel.value) in LINE_ORDER
    assert line_family("member_of") == "raise"
    assert line_family("sends_matters_to") == "decision"
    assert LINE_STYLE["decision"].arrow and not LINE_STYLE["collaboration"].arrow


def test_every_family_and_sector_has_swedish_and_english_labels() -> None:
    assert set(FAMILY_COLOUR) <= set(KIND_FAMILY_LABELS)
    assert set(LINE_ORDER) == set(LINE_FAMILY_LABELS)
    assert set(SECTORS) == set(SECTOR_LABELS)


def test_sectors_come_from_kind_members_owners_and_the_data_field() -> None:
    data = example_file(
        {"id": "ks", "kind": "decision_body", "name": "KS", "sources": ["s"]},
        {"id": "forv", "kind": "administration", "name": "F", "sources": ["s"]},
        {
            "id": "kommun",
            "kind": "public_body",
            "name": "K",
            "sources": ["s"],
            "sector": "municipality",
        },
        {"id": "a", "kind": "organisation", "name": "A", "sources": ["s"]},
        {
            "id": "mixed",
            "kind": "network",
            "name": "M",
            "sources": ["s"],
            "members": [{"id": "a", "sources": ["s"]}, {"id": "forv", "sources": ["s"]}],
        },
        {"id": "proj", "kind": "project", "name": "P", "sources": ["s"]},
        {"id": "lone", "kind": "event", "name": "E", "sources": ["s"]},
        owner="ks",
    )
    raw = data.model_dump(by_alias=True, mode="json", exclude_defaults=True)
    raw["nodes"][1]["relations"] = [{"type": "responsible_for", "to": "proj", "sources": ["s 2"]}]
    m = Map(MapFile.model_validate(raw))
    found = sectors(m)
    assert found["ks"].sector == "politics"
    assert found["kommun"].sector == "municipality"
    assert found["a"].sector == "civil"
    assert found["mixed"].sector == "forums"  # members from two sectors: a shared forum
    assert found["proj"].sector == "municipality"
    assert (found["proj"].via, found["proj"].sources) == ("forv", ("s 2",))
    assert found["lone"].sector == "forums"


@needs_real_map
def test_real_map_is_laid_out_in_separate_regions_with_the_council_in_the_middle(
    real_map: Map,
) -> None:
    pos = layout.positions(real_map)
    boxes = {r.sector: r for r in layout.regions(real_map)}
    assert set(boxes) >= {"forums", "politics", "municipality", "civil", "state"}
    found = sectors(real_map)
    for node_id, (x, y) in pos.items():
        r = boxes[found[node_id].sector]
        assert r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1, node_id
    for a, b in itertools.combinations(boxes.values(), 2):
        apart = a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0
        assert apart, (a.sector, b.sector)
    council = pos["samverkansradet"]
    assert boxes["forums"].x0 < council[0] < boxes["forums"].x1
    assert boxes["municipality"].x1 < boxes["forums"].x0 < boxes["forums"].x1 < boxes["civil"].x0
    assert boxes["politics"].y1 < boxes["forums"].y0
    assert found["orebro-kommun"].sector == "municipality"
    # bodies with no link at all stand in their region's marked row
    lone = [n for n in real_map.nodes if not real_map.outgoing[n] and not real_map.incoming[n]]
    for node_id in lone:
        box = boxes[found[node_id].sector].lone
        assert box is not None
        assert box[0] <= pos[node_id][0] <= box[2] and box[1] <= pos[node_id][1] <= box[3]
