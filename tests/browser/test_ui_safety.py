"""Every text from the data is escaped: no dialog fires on any page, in the map's
tooltips, panel or search, with a map whose every free-text field holds markup."""

from __future__ import annotations

from typing import Any

import pytest
from browser_util import Server, shoot, wait_for_map

PAGES = [
    "/",
    "/noder",
    "/noder?q=img",
    "/noder/rad",
    "/noder/beslut",
    "/noder/org",
    "/guide?q=klimat",
    "/analys",
    "/om",
    "/noder/rad?lang=en",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_fire_no_dialog(make_page: Any, xss_site: Server, path: str) -> None:
    page, watch = make_page(xss_site)
    page.goto(xss_site.url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("img[src=x]").count() == 0
    assert "alert(1)" in page.locator("body").inner_text() or path == "/guide?q=klimat"
    assert watch.dialogs == []


def test_map_hover_click_and_search_fire_no_dialog(make_page: Any, xss_site: Server) -> None:
    page, watch = make_page(xss_site)
    page.goto(xss_site.url + "/karta")
    wait_for_map(page)
    ids = page.evaluate("window.kartanNodes.getIds()")
    assert len(ids) >= 3
    for node_id in ids:
        point = page.evaluate(
            """(id) => {
            const n = window.kartanNetwork;
            n.focus(id, {scale: 1.2});
            const d = n.canvasToDOM(n.getPositions([id])[id]);
            const r = document.getElementById('map-canvas').getBoundingClientRect();
            return {x: r.left + d.x, y: r.top + d.y};
        }""",
            node_id,
        )
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(350)  # the tooltip shows
        page.mouse.click(point["x"], point["y"])
        page.locator("#map-panel:not([hidden])").wait_for()
        page.wait_for_timeout(150)  # the panel is filled from /api/nodes/{id}
        assert page.locator("#map-panel img").count() == 0
        assert page.locator(".vis-tooltip img, .vis-tooltip script").count() == 0
    page.locator("#map-q").press_sequentially("img", delay=10)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    if page.locator("#map-show-path").count():
        page.click("#map-show-path")
    shoot(page, "xss-map", full_page=False)
    assert watch.dialogs == []
