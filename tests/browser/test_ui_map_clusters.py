"""A map above ``kartan.layout.CLUSTER_MIN_NODES`` opens gathered by region (issue 15,
point 8): one symbol per region named with its count, a button per region that opens and
gathers it, a click on a symbol opens it, and a deep link or search opens the region of
the body asked for.  Speed is measured by ``benchmarks/bench_render.py``, not here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_util import Server, get_json, open_map, start_server

from benchmarks import serving
from benchmarks.synth import write
from kartan.layout import CLUSTER_MIN_NODES

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BIG_MAP_MS = 180_000  # how long the big map may take to draw


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a synthetic map just above the threshold (its own file)."""
    path = tmp_path_factory.mktemp("clusters") / f"synth-{CLUSTER_MIN_NODES + 200}.yaml"
    write(path, CLUSTER_MIN_NODES + 200)
    server = start_server(path, timeout=600)
    yield server
    serving.stop_process(server.proc, timeout=20)


@pytest.fixture(scope="module")
def big_graph(big_site: Server) -> dict[str, Any]:
    graph: dict[str, Any] = get_json(big_site, "/api/graph", timeout=60)
    return graph


def drawn_ids(page: Any) -> set[str]:
    return set(page.evaluate("window.kartanNodes.getIds()"))


def region_button(page: Any, sector: str) -> Any:
    return page.locator(f'#map-clusters button[data-sector="{sector}"]')


def sector_ids(graph: dict[str, Any], sector: str) -> set[str]:
    return {n["id"] for n in graph["nodes"] if n["sector"] == sector}


def smallest_region(graph: dict[str, Any]) -> dict[str, Any]:
    region: dict[str, Any] = min(
        (r for r in graph["regions"] if r["count"]), key=lambda r: r["count"]
    )
    return region


def test_large_map_opens_gathered_with_names_and_counts(
    make_page: Any, big_site: Server, big_graph: dict[str, Any]
) -> None:
    assert len(big_graph["nodes"]) > CLUSTER_MIN_NODES
    page = open_map(make_page, big_site, timeout=BIG_MAP_MS)
    regions = [r for r in big_graph["regions"] if r["count"]]
    assert len(regions) > 1
    # one symbol per region and nothing else
    assert drawn_ids(page) == {"sector:" + r["sector"] for r in regions}
    labels = page.evaluate(
        "Object.fromEntries(window.kartanNodes.get().map(n => [n.sector, n.label]))"
    )
    for r in regions:
        label = labels[r["sector"]]
        assert r["label"] in label
        assert re.sub(r"\D", "", label) == str(r["count"]), label
        button = region_button(page, r["sector"])
        assert button.get_attribute("aria-expanded") == "false"
        assert r["label"] in button.inner_text()
    assert sum(r["count"] for r in regions) == len(big_graph["nodes"])
    # lines between regions stand for the links between their bodies
    assert page.evaluate("window.kartanEdges.get().every(e => e.aggregate)")
    assert page.evaluate("window.kartanEdges.length") > 0
    status = page.locator("#map-status").inner_text()
    assert "samlade i" in status


def test_a_region_opens_and_gathers_again(
    make_page: Any, big_site: Server, big_graph: dict[str, Any]
) -> None:
    page = open_map(make_page, big_site, timeout=BIG_MAP_MS)
    region = smallest_region(big_graph)
    sector = region["sector"]
    inside = sector_ids(big_graph, sector)
    before = drawn_ids(page)
    # by keyboard: the region's button
    region_button(page, sector).focus()
    page.keyboard.press("Enter")
    assert region_button(page, sector).get_attribute("aria-expanded") == "true"
    assert page.get_attribute("#kartan-app", "data-expanded") == sector
    now = drawn_ids(page)
    assert now == (before - {"sector:" + sector}) | inside
    # the links between its bodies are drawn as they are
    links = {e["id"] for e in big_graph["edges"] if e["from"] in inside and e["to"] in inside}
    assert links
    shown = set(page.evaluate("window.kartanEdges.get({filter: e => !e.hidden}).map(e => e.id)"))
    assert links <= shown
    assert int(page.get_attribute("#kartan-app", "data-visible") or 0) == len(inside)
    # names of its most important bodies are shown, and only of its bodies
    named = set((page.get_attribute("#kartan-app", "data-labelled") or "").split())
    assert named and named <= inside
    # gathered again: the symbol is back, its bodies are gone
    region_button(page, sector).click()
    assert region_button(page, sector).get_attribute("aria-expanded") == "false"
    assert drawn_ids(page) == before


def test_a_click_on_a_region_opens_it(
    make_page: Any, big_site: Server, big_graph: dict[str, Any]
) -> None:
    page = open_map(make_page, big_site, timeout=BIG_MAP_MS)
    sector = smallest_region(big_graph)["sector"]
    spot = page.evaluate(
        """(id) => {
          const net = window.kartanNetwork;
          const p = net.canvasToDOM(net.getPositions([id])[id]);
          const box = document.querySelector('#map-canvas canvas').getBoundingClientRect();
          return {x: box.left + p.x, y: box.top + p.y};
        }""",
        "sector:" + sector,
    )
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function(
        "(s) => document.getElementById('kartan-app').getAttribute('data-expanded') === s",
        arg=sector,
    )
    assert sector_ids(big_graph, sector) <= drawn_ids(page)


def test_deep_link_and_search_open_the_bodys_region(
    make_page: Any, big_site: Server, big_graph: dict[str, Any]
) -> None:
    region = smallest_region(big_graph)
    sector = region["sector"]
    inside = sector_ids(big_graph, sector)
    body = sorted(inside)[0]
    page = open_map(make_page, big_site, f"/karta#nod={body}", timeout=BIG_MAP_MS)
    page.wait_for_selector("#map-panel:not([hidden])")
    page.wait_for_function(
        "() => document.getElementById('kartan-app').hasAttribute('data-focus-ids')"
    )
    assert page.get_attribute("#kartan-app", "data-expanded") == sector
    assert inside <= drawn_ids(page)
    # focused: the body and its neighbours inside the open region
    near = {body}
    for e in big_graph["edges"]:
        if body in (e["from"], e["to"]):
            near |= {e["from"], e["to"]}
    focus = set((page.get_attribute("#kartan-app", "data-focus-ids") or "").split())
    assert focus == near & inside
    assert page.evaluate("(id) => window.kartanNetwork.getSelectedNodes()", body) == [body]
    # search: another region opens for the body found
    other = next(r for r in big_graph["regions"] if r["count"] and r["sector"] != sector)
    target = next(n for n in big_graph["nodes"] if n["sector"] == other["sector"])
    page.fill("#map-q", target["name"])
    page.press("#map-q", "Enter")
    page.wait_for_function(
        "(s) => (document.getElementById('kartan-app').getAttribute('data-expanded') || '').split(' ').includes(s)",
        arg=other["sector"],
    )
    assert target["id"] in drawn_ids(page)
    page.wait_for_function(
        "(name) => document.getElementById('map-panel-title').textContent === name",
        arg=target["name"],
    )


def test_small_maps_are_not_gathered(make_page: Any, site: Server) -> None:
    page = open_map(make_page, site)
    assert page.locator("#map-clusters").is_hidden()
    graph = get_json(site, "/api/graph", timeout=60)
    assert drawn_ids(page) == {n["id"] for n in graph["nodes"]}


def test_threshold_is_the_one_in_the_page_config(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/karta")
    config = json.loads(page.get_attribute("#kartan-app", "data-config") or "{}")
    assert config["cluster_min"] == CLUSTER_MIN_NODES
