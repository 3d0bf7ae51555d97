"""Names on the real map do not collide (issue 15): at the first picture on a 1366×768
desktop and with a body in focus, every drawn name is read from vis-network (its label
box as laid out on the canvas) and checked against every other name, every other body's
symbol and every region's title (as drawn by the map's region layer)."""

from __future__ import annotations

from typing import Any

from browser_util import Server, shoot, wait_for_map

DESKTOP = {"width": 1366, "height": 768}

# Every drawn name, symbol and region title in screen px (DOM coordinates of the page).
BOXES_JS = """() => {
  const net = window.kartanNetwork, scale = net.getScale();
  const canvas = document.getElementById('map-canvas').getBoundingClientRect();
  const dom = (x, y) => { const p = net.canvasToDOM({x: x, y: y});
    return {x: p.x + canvas.left, y: p.y + canvas.top}; };
  const box = (id, x0, y0, x1, y1, extra) => {
    const a = dom(x0, y0), z = dom(x1, y1);
    return Object.assign({id: id, x0: a.x, y0: a.y, x1: z.x, y1: z.y}, extra || {});
  };
  const labels = [], symbols = [];
  for (const id of net.body.nodeIndices) {
    const n = net.body.nodes[id];
    if (n.options.hidden) continue;
    const r = n.options.size;
    if (n.options.opacity === undefined || n.options.opacity >= 1) {
      symbols.push(box(id, n.x - r, n.y - r, n.x + r, n.y + r));
    }
    const px = n.options.font.size * scale;
    if (px < 8 || !n.labelModule.size.width) continue;  // vis-network does not draw it
    const b = n.labelModule.size, va = n.options.font.vadjust || 0;
    labels.push(box(id, b.left, b.top + va, b.left + b.width, b.top + b.height + va, {px: px}));
  }
  const titles = (window.kartanRegionTitles || []).map(
    (t) => box('region:' + t.sector, t.x0, t.y0, t.x1, t.y1, {px: t.px}));
  return {labels: labels, symbols: symbols, titles: titles, canvas: {
    x0: canvas.left, y0: canvas.top, x1: canvas.right, y1: canvas.bottom}};
}"""


def _hit(a: dict[str, Any], b: dict[str, Any], margin: float = 1.0) -> bool:
    w: float = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    h: float = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
    return w > margin and h > margin


def collisions(drawn: dict[str, Any]) -> list[tuple[str, str]]:
    """Pairs that collide: two names, a name and another body's symbol, a name or a
    symbol and a region's title, two titles."""
    labels, symbols, titles = drawn["labels"], drawn["symbols"], drawn["titles"]
    out = []
    for i, a in enumerate(labels):
        out += [(a["id"], b["id"]) for b in labels[i + 1 :] if _hit(a, b)]
        out += [(a["id"], s["id"]) for s in symbols if s["id"] != a["id"] and _hit(a, s, 2.0)]
        out += [(a["id"], t["id"]) for t in titles if _hit(a, t)]
    for i, t in enumerate(titles):
        out += [(t["id"], u["id"]) for u in titles[i + 1 :] if _hit(t, u)]
        out += [(t["id"], s["id"]) for s in symbols if _hit(t, s)]
    return out


def _inside(box: dict[str, Any], frame: dict[str, Any]) -> bool:
    inside: bool = (
        box["x0"] >= frame["x0"] - 1
        and box["x1"] <= frame["x1"] + 1
        and box["y0"] >= frame["y0"] - 1
        and box["y1"] <= frame["y1"] + 1
    )
    return inside


def test_first_picture_names_collide_with_nothing(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/karta")
    wait_for_map(page)
    page.wait_for_timeout(200)
    drawn = page.evaluate(BOXES_JS)
    shoot(page, "map-labels-whole", full_page=False)
    ids = {lab["id"] for lab in drawn["labels"]}
    assert {"kommunstyrelsen", "kommunfullmaktige", "samverkansradet"} <= ids
    assert len(drawn["labels"]) >= 10
    # every region is named, readable, on the map
    regions = page.evaluate("window.kartanNetwork && window.kartanRegionTitles.length")
    assert regions >= 5
    assert all(t["px"] >= 11 for t in drawn["titles"]), drawn["titles"]
    assert all(_inside(t, drawn["canvas"]) for t in drawn["titles"]), drawn["titles"]
    assert all(_inside(lab, drawn["canvas"]) for lab in drawn["labels"])
    assert collisions(drawn) == []
    # making room moves bodies only inside their own region
    assert page.evaluate(OUTSIDE_REGION_JS) == []


def test_focused_hub_names_every_neighbour_without_collisions(make_page: Any, site: Server) -> None:
    """Samverkansrådet has the most neighbours of the real map: in focus (the details
    panel open beside the map) every shown body is named, readable, and nothing collides."""
    page, _ = make_page(site)
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/karta#nod=samverkansradet")
    wait_for_map(page)
    page.wait_for_selector("#map-panel:not([hidden])")
    page.wait_for_timeout(300)
    focus = set((page.get_attribute("#kartan-app", "data-focus-ids") or "").split())
    assert len(focus) > 30
    drawn = page.evaluate(BOXES_JS)
    shoot(page, "map-labels-focus", full_page=False)
    named = {lab["id"] for lab in drawn["labels"] if lab["px"] >= 9}
    assert named == focus
    assert all(_inside(lab, drawn["canvas"]) for lab in drawn["labels"])
    assert collisions(drawn) == []
    # back to the whole map: every body stands in its own region again, nothing collides
    page.click("#map-fit")
    page.wait_for_timeout(200)
    assert page.evaluate(OUTSIDE_REGION_JS) == []
    assert collisions(page.evaluate(BOXES_JS)) == []


# Bodies whose symbol's centre lies outside their sector's region.
OUTSIDE_REGION_JS = """async () => {
  const g = await (await fetch('/api/graph')).json();
  const box = Object.fromEntries(g.regions.map((r) => [r.sector, r]));
  const pos = window.kartanNetwork.getPositions();
  return g.nodes.filter((n) => { const r = box[n.sector], p = pos[n.id];
    return !(r.x0 <= p.x && p.x <= r.x1 && r.y0 <= p.y && p.y <= r.y1); }).map((n) => n.id);
}"""
