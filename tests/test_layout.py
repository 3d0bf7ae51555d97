"""Layout: the same data gives the same picture (also in a fresh process), cached, stable
across dates, readable (no label boxes overlap on small maps, no component flung away),
and the kind palette is complete with enough contrast."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.synth import generate
from kartan import layout
from kartan.load import load_map
from kartan.map import Map
from kartan.model import Kind, MapFile, example_file
from kartan.sectors import sectors
from kartan.style import BACKGROUND, FAMILY_COLOUR, KIND_STYLE, SHAPES, contrast_ratio
from tests.helpers import REAL_MAP, ROOT, TEST_DATA

SMALL = TEST_DATA / "export_small.yaml"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    layout.clear_cache()


@pytest.fixture(scope="module")
def large_raw() -> dict[str, object]:
    """A synthetic map just above SMALL_MAP, so the grid algorithm runs."""
    return generate(layout.SMALL_MAP + 100, seed=3)


@pytest.fixture(scope="module")
def large(large_raw: dict[str, object]) -> Map:
    return Map(MapFile.model_validate(large_raw))


def _fresh_process_positions(path: Path | None, n_synth: int = 0) -> dict[str, list[float]]:
    code = (
        "import json, sys\n"
        "from kartan.layout import positions\n"
        "from kartan.map import Map\n"
        "from kartan.model import MapFile\n"
        "from kartan.load import load_map\n"
        "from benchmarks.synth import generate\n"
        f"m = load_map({str(path)!r}) if {path is not None} else "
        f"Map(MapFile.model_validate(generate({n_synth}, seed=3)))\n"
        "print(json.dumps(positions(m)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout))


def test_same_map_same_positions_twice_and_in_a_fresh_process(export_small: Map) -> None:
    first = layout.positions(export_small)
    layout.clear_cache()
    second = layout.positions(load_map(SMALL))
    assert first == second
    other = _fresh_process_positions(SMALL)
    assert {k: tuple(v) for k, v in other.items()} == first


def test_large_layout_is_deterministic_in_a_fresh_process(large: Map) -> None:
    here = layout.positions(large)
    other = _fresh_process_positions(None, layout.SMALL_MAP + 100)
    assert {k: tuple(v) for k, v in other.items()} == here


def test_file_order_does_not_change_the_picture(export_small: Map) -> None:
    reordered = export_small.data.model_copy(
        update={"nodes": list(reversed(export_small.data.nodes))}
    )
    assert layout.positions(Map(reordered)) == layout.positions(export_small)


def test_every_node_has_a_finite_distinct_position(export_small: Map, large: Map) -> None:
    for m in (export_small, large):
        pos = layout.positions(m)
        assert set(pos) == set(m.nodes)
        xy = np.array(list(pos.values()))
        assert np.isfinite(xy).all()
        assert len({tuple(p) for p in xy}) == len(xy)


def test_pixel_scale_is_about_the_spacing(large: Map) -> None:
    xy = np.array(list(layout.positions(large).values()))
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert abs(float(np.median(d.min(axis=1))) - layout.SPACING) < 0.05 * layout.SPACING


@pytest.mark.parametrize("path", [SMALL, REAL_MAP], ids=["fixture", "real-map"])
def test_label_boxes_do_not_overlap_on_a_small_map(path: Path) -> None:
    if not path.exists():
        pytest.skip("data/forums.yaml is not there yet")
    small = load_map(path)
    pos = layout.positions(small)
    ids = sorted(pos)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            wa, ha = layout.label_box(len(small.nodes[a].name))
            wb, hb = layout.label_box(len(small.nodes[b].name))
            dx = abs(pos[a][0] - pos[b][0])
            dy = abs(pos[a][1] - pos[b][1])
            assert dx >= (wa + wb) / 2 or dy >= (ha + hb) / 2, f"{a} and {b} overlap"


@pytest.mark.parametrize("path", [SMALL, REAL_MAP], ids=["fixture", "real-map"])
def test_regions_hold_their_titles_and_decision_bodies_names_in_the_first_view(
    path: Path,
) -> None:
    """At the scale the whole map first opens with (1366×768 desktop), each region is
    wide enough for its title in either language, the title sits above the region's
    first nodes, and a region with decision bodies or councils (always named there) has
    room for their names: the map draws them without collisions (browser test
    ``test_ui_map_labels.py``)."""
    if not path.exists():
        pytest.skip("data/forums.yaml is not there yet")
    m = load_map(path)
    pos = layout.positions(m)
    found = sectors(m)
    scale = layout.view_scale(layout.regions(m))
    for r in layout.regions(m):
        width, height = layout.title_box(r.sector, scale)
        assert r.x1 - r.x0 >= width - 0.5, r.sector
        ys = [pos[n][1] for n in pos if found[n].sector == r.sector]
        assert min(ys) - r.y0 >= height, r.sector
        named = [
            len(m.nodes[n].name)
            for n in pos
            if found[n].sector == r.sector and str(m.nodes[n].kind) in layout.ALWAYS_NAMED
        ]
        boxes = sum((layout.OVERVIEW_CHAR_PX * k + 10) * (layout.OVERVIEW_PX + 20) for k in named)
        assert (r.x1 - r.x0) * (r.y1 - r.y0 - height) * scale**2 >= boxes, r.sector


def test_a_lone_node_stands_in_its_regions_marked_row(export_small: Map) -> None:
    """mucf has no relations; a plain force layout flings it to the far edge.  Here it
    stands in the row its region marks as "no known links", next to the other regions."""
    pos = layout.positions(export_small)
    (region,) = [r for r in layout.regions(export_small) if r.lone_count]
    assert region.lone is not None
    x0, y0, x1, y1 = region.lone
    assert x0 <= pos["mucf"][0] <= x1 and y0 <= pos["mucf"][1] <= y1
    others = [r for r in layout.regions(export_small) if r is not region]
    gap = min(
        max(o.x0 - region.x1, region.x0 - o.x1, o.y0 - region.y1, region.y0 - o.y1) for o in others
    )
    assert gap <= 2 * layout.REGION_GAP_PX


def test_positions_are_cached_per_map_and_per_content(
    export_small: Map, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = layout._compute

    def counting(ids: list[str], *args: Any) -> Any:
        calls.append(len(ids))
        return real(ids, *args)

    monkeypatch.setattr(layout, "_compute", counting)
    layout.positions(export_small)
    layout.positions(export_small)
    layout.regions(export_small)
    # same content, new object
    layout.positions(Map(export_small.data, version=export_small.version))
    assert calls == [len(export_small.nodes)]
    changed = export_small.data.model_copy(update={"nodes": export_small.data.nodes[:-1]})
    layout.positions(Map(changed, version=export_small.version))
    assert len(calls) == 2


def test_the_returned_dict_is_a_copy(export_small: Map) -> None:
    pos = layout.positions(export_small)
    original = pos["samverkansradet"]
    pos["samverkansradet"] = (original[0] + 1, original[1])
    assert layout.positions(export_small)["samverkansradet"] == original
    pos.clear()
    assert len(layout.positions(export_small)) == len(export_small.nodes)


def test_a_map_at_a_date_keeps_the_full_maps_positions(export_small: Map) -> None:
    full = layout.positions(export_small)
    before = export_small.at(dt.date(2023, 1, 1))
    at = layout.positions_for(before, export_small)
    assert at == {k: full[k] for k in before.nodes}


def test_nodes_the_full_map_lacks_are_placed_beside_their_neighbours(export_small: Map) -> None:
    raw = export_small.data.model_dump(by_alias=True, mode="json", exclude_defaults=True)
    raw["nodes"].append(
        {
            "id": "ny-forening",
            "kind": "organisation",
            "name": "Ny förening",
            "sources": ["002"],
            "relations": [{"type": "member_of", "to": "samverkansradet", "sources": ["002"]}],
        }
    )
    raw["nodes"].append({"id": "ensam", "kind": "organisation", "name": "E", "sources": ["002"]})
    bigger = Map(MapFile.model_validate(raw))
    pos = layout.positions_for(bigger, export_small)
    full = layout.positions(export_small)
    assert all(pos[k] == full[k] for k in export_small.nodes)
    near = math.dist(pos["ny-forening"], full["samverkansradet"])
    assert near <= layout.SPACING * 1.01
    assert "ensam" in pos and all(math.isfinite(v) for v in pos["ensam"])


def test_empty_and_single_node_maps() -> None:
    assert layout.positions(Map(example_file())) == {}
    one = example_file({"id": "a", "kind": "council", "name": "A", "sources": ["s"]})
    assert layout.positions(Map(one)) == {"a": (0.0, 0.0)}


def test_every_kind_has_a_style_with_contrast_and_a_unique_look() -> None:
    assert set(KIND_STYLE) == {k.value for k in Kind}
    for kind, style in KIND_STYLE.items():
        assert contrast_ratio(style.colour, BACKGROUND) >= 3.0, kind
        assert style.shape in SHAPES
        assert style.family in FAMILY_COLOUR, kind
        assert style.colour == FAMILY_COLOUR[style.family]
    # at most eight colour families; inside a family every kind has its own shape
    assert len(FAMILY_COLOUR) <= 8
    looks = [(s.family, s.shape) for s in KIND_STYLE.values()]
    assert len(set(looks)) == len(looks)
