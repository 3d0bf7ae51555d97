"""The standalone kartbild (``kartan export --format html``) opened from disk in Chromium.

Every request that is not ``file:`` is aborted and recorded (and the context is offline),
so a passing test means the file needs no network at all.  Then: the map draws every
node, search focuses a node, a click opens the panel, print CSS hides the controls and
keeps panel and legend, and the XSS fixture fires no dialog on load, search, hover or
click.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_util import Watch, shoot, watch_page

from kartan.export import export
from kartan.load import load_map
from kartan.map import Map
from tests.helpers import REAL_MAP, TEST_DATA

SMALL = TEST_DATA / "export_small.yaml"

pytestmark = pytest.mark.browser


def _write(m: Map, path: Path) -> Path:
    path.write_bytes(export(m, "html").body)
    return path


@pytest.fixture(scope="module")
def small_file(export_small: Map, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(export_small, tmp_path_factory.mktemp("standalone") / "karta.html")


@pytest.fixture
def open_file(browser: Any) -> Iterator[Any]:
    """``open_file(path)`` -> (page, watch): the file opened from disk, drawn, offline."""
    contexts: list[Any] = []

    def open_(path: Path, **options: Any) -> tuple[Any, Watch]:
        ctx = browser.new_context(viewport={"width": 1280, "height": 860}, offline=True, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        w = watch_page(page, "file://")
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.kartanReady === true", timeout=30_000)
        return page, w

    yield open_
    for ctx in contexts:
        ctx.close()


def _node_screen_xy(page: Any, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    xy = page.evaluate(
        "id => { const n = window.kartanNetwork; return n.canvasToDOM(n.getPositions([id])[id]); }",
        node_id,
    )
    box = page.locator("#map canvas").bounding_box()
    return box["x"] + xy["x"], box["y"] + xy["y"]


def test_opens_from_disk_with_no_network_and_draws_every_node(
    open_file: Any, tmp_path: Path
) -> None:
    m = load_map(REAL_MAP) if REAL_MAP.exists() else load_map(SMALL)
    page, w = open_file(_write(m, tmp_path / "samverkanskartan.html"))
    assert page.locator("#map canvas").count() == 1
    assert page.evaluate("window.kartanNetwork.body.data.nodes.length") == len(m.nodes)
    assert page.evaluate("window.kartanNetwork.body.data.edges.length") == len(
        [e for e in m.edges if e.source in m.nodes and e.target in m.nodes]
    )
    assert page.evaluate("window.kartanNetwork.physics.options.enabled") is False
    legend = page.locator("#legend li").count()
    assert legend == len({n.kind for n in m.data.nodes}) + 1  # kinds + entry point
    shoot(page, "standalone-map", full_page=False)
    w.check()
    assert w.requests and w.requests[0].startswith("file:")


def test_search_focuses_and_highlights_a_node(open_file: Any, small_file: Path) -> None:
    page, w = open_file(small_file)
    page.fill("#search", "KS")
    page.press("#search", "Enter")
    assert page.evaluate("window.kartanNetwork.getSelectedNodes()") == ["kommunstyrelsen"]
    centre = page.evaluate("window.kartanNetwork.getViewPosition()")
    pos = page.evaluate("window.kartanNetwork.getPositions(['kommunstyrelsen']).kommunstyrelsen")
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    assert page.locator("#panel h2").text_content() == "Kommunstyrelsen"
    # diacritic- and case-insensitive, with a list of matches to choose from
    page.fill("#search", "orebro forenings")
    assert (
        page.locator("#search-results button")
        .first.text_content()
        .startswith("Örebro Föreningsråd")
    )
    page.locator("#search-results button").first.click()
    assert page.evaluate("window.kartanNetwork.getSelectedNodes()") == ["orebro-foreningsrad"]
    page.fill("#search", "zzzz-finns-inte")
    page.press("#search", "Enter")
    assert page.locator("#search-status").text_content() == "Inga träffar"
    w.check()


def test_clicking_a_node_opens_the_panel(open_file: Any, small_file: Path) -> None:
    page, w = open_file(small_file)
    assert page.locator("#panel").is_hidden()
    x, y = _node_screen_xy(page, "samverkansradet")
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == "Samverkansrådet"
    text = panel.inner_text()
    assert "Sekreterare via Kommunledningsförvaltningen" in text  # the contact route (issue 9)
    assert "Så deltar ni" in text and "Väg till beslut" in text
    steps = panel.locator("ol li").all_text_contents()
    # the path follows decision relations only (issue 9): it ends where the municipality
    # decides, never at the council's own steering (its AU)
    assert steps and steps[-1].endswith("Kommunstyrelsen"), steps
    assert not any("arbetsutskott" in step for step in steps), steps
    assert "Minnesanteckningar Samverkansrådet 7 november 2023 (2023-11-07)" in text
    shoot(page, "standalone-panel", full_page=False)
    # a body with no contact says so; a relation in the panel moves to that body
    x, y = _node_screen_xy(page, "almby-ik")
    page.mouse.click(x, y)
    assert "Kontaktuppgift saknas" in panel.inner_text()
    panel.locator("button.link").first.click()
    assert panel.locator("h2").text_content() == "Samverkansrådet"
    # path to decision highlights the chain
    page.fill("#search", "Överenskommelsen om samverkan")
    page.press("#search", "Enter")
    page.locator("#panel .show-path").click()
    selected = set(page.evaluate("window.kartanNetwork.getSelectedNodes()"))
    assert selected == {"overenskommelsen-om-samverkan", "kommunstyrelsen"}
    w.check()


def test_print_hides_controls_and_keeps_panel_and_legend(open_file: Any, small_file: Path) -> None:
    page, w = open_file(small_file)
    page.fill("#search", "Samverkansrådet")
    page.press("#search", "Enter")
    page.emulate_media(media="print")
    for hidden in ("#search-form", ".controls", "#panel .close"):
        assert page.locator(hidden).is_hidden(), hidden
    for shown in ("#panel", "#legend", "#map canvas"):
        assert page.locator(shown).is_visible(), shown
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    w.check()


def test_xss_fixture_fires_no_dialog_on_load_search_hover_or_click(
    open_file: Any, tmp_path: Path
) -> None:
    m = load_map(TEST_DATA / "xss.yaml")
    page, w = open_file(_write(m, tmp_path / "xss.html"))
    page.fill("#search", "<img")
    page.locator("#search-results button").first.click()
    page.fill("#search", '"><script>')
    page.press("#search", "Enter")
    for node_id in sorted(m.nodes):
        x, y = _node_screen_xy(page, node_id)
        page.mouse.move(x, y)
        page.wait_for_timeout(350)  # the tooltip shows after 150 ms
        assert page.locator("div.vis-tooltip").is_visible()
        page.mouse.click(x, y)
        assert page.locator("#panel").is_visible()
        if page.locator("#panel button.link").count():
            page.locator("#panel button.link").first.click()  # re-renders the panel
        if page.locator("#panel .show-path").count():
            page.locator("#panel .show-path").click()
    page.locator("#all-nodes summary").click()
    for button in page.locator("#all-nodes button").all():
        button.click()
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    assert not w.dialogs, w.dialogs
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 6
    assert page.title().startswith("<img src=x onerror=alert(1)>")
    shoot(page, "standalone-xss", full_page=False)
    w.check()
