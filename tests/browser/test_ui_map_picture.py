"""The map as a picture (issue 15), in real Chromium: the legend by family and line,
focus on a body and its neighbours, filters that re-fit and name what stays, the date
slider's counts and marks, the phone's bottom sheet, and pages no wider than a phone."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from browser_util import Server, get_json, open_map, shoot, visible_count, wait_for_map

from tests.helpers import TEST_DATA


def attr_ids(page: Any, name: str) -> set[str]:
    value = page.get_attribute("#kartan-app", name) or ""
    return set(value.split())


def neighbours(graph: dict[str, Any], node_id: str) -> set[str]:
    out = set()
    for e in graph["edges"]:
        if e["from"] == node_id:
            out.add(e["to"])
        if e["to"] == node_id:
            out.add(e["from"])
    return out


def faded_ids(page: Any) -> set[str]:
    return set(page.evaluate("window.kartanNodes.get({filter: n => n.opacity < 1}).map(n => n.id)"))


def test_legend_shows_families_of_kinds_and_of_lines(make_page: Any, site: Server) -> None:
    page = open_map(make_page, site)
    families = page.locator(".legend-family")
    assert 5 <= families.count() <= 8
    lines = page.locator(".line-list li")
    assert lines.count() == 5
    text = page.locator(".legend-lines").inner_text()
    for word in ("Beslutsväg", "lyfta en fråga", "Samverkan", "Finansiering", "Annan koppling"):
        assert word in text
    # a swatch per line: collaboration has no arrow, decision has one
    assert page.locator(".line-list li").nth(0).locator("polygon").count() == 1
    assert page.locator(".line-list li").nth(2).locator("polygon").count() == 0
    # every edge on the map is drawn in its family's colour
    graph = get_json(site, "/api/graph")
    colours = page.evaluate(
        "Object.fromEntries(window.kartanEdges.get().map(e => [e.id, e.color.color]))"
    )
    lines_cfg = json.loads(page.get_attribute("#kartan-app", "data-config"))
    for e in graph["edges"]:
        family = lines_cfg["line_of"].get(e["type"], "other")
        assert colours[e["id"]] == lines_cfg["lines"][family]["colour"], e["type"]


def test_focus_shows_neighbours_fades_the_rest_names_them_and_returns(
    make_page: Any, site: Server
) -> None:
    page = open_map(make_page, site)
    graph = get_json(site, "/api/graph")
    whole_scale = page.evaluate("window.kartanNetwork.getScale()")
    node = "kultur-och-fritidsforvaltningen"
    page.fill("#map-q", "Kultur- och fritidsförvaltningen")
    page.press("#map-q", "Enter")
    page.wait_for_selector("#map-panel:not([hidden])")
    one = neighbours(graph, node) | {node}
    assert attr_ids(page, "data-focus-ids") == one
    assert faded_ids(page) == {n["id"] for n in graph["nodes"]} - one
    # every shown body is named, in the readable size, and the view is closer
    assert attr_ids(page, "data-labelled") == one
    focused_scale = page.evaluate("window.kartanNetwork.getScale()")
    assert focused_scale > whole_scale
    assert "steg" in page.locator("#map-status").inner_text()
    shoot(page, "map-focus", full_page=False)
    # two steps out: more bodies
    page.click("#map-depth-2")
    two = attr_ids(page, "data-focus-ids")
    assert one < two
    assert page.get_attribute("#map-depth-2", "aria-pressed") == "true"
    # the whole map again: nothing faded, the overview's names
    page.click("#map-fit")
    assert faded_ids(page) == set()
    # (the panel stays open beside the map, so the whole map fits a narrower canvas)
    assert page.evaluate("window.kartanNetwork.getScale()") < min(focused_scale, whole_scale)
    assert len(attr_ids(page, "data-labelled")) <= 40


def test_deep_link_focuses_the_body(make_page: Any, small_site: Server) -> None:
    page = open_map(make_page, small_site, "/karta#nod=c-natet")
    page.wait_for_selector("#map-panel:not([hidden])")
    graph = get_json(small_site, "/api/graph")
    assert attr_ids(page, "data-focus-ids") == neighbours(graph, "c-natet") | {"c-natet"}


def test_filters_refit_and_name_every_body_that_stays(make_page: Any, site: Server) -> None:
    page = open_map(make_page, site)
    graph = get_json(site, "/api/graph")
    whole_scale = page.evaluate("window.kartanNetwork.getScale()")
    counts = Counter(a for n in graph["nodes"] for a in n["audiences"])
    audience, count = counts.most_common(1)[0]
    page.select_option("#map-audience", audience)
    assert visible_count(page) == count
    shown = {n["id"] for n in graph["nodes"] if audience in n["audiences"]}
    assert attr_ids(page, "data-labelled") == shown
    assert page.evaluate("window.kartanNetwork.getScale()") > whole_scale
    status = page.locator("#map-status").inner_text()
    assert f"{count} av {len(graph['nodes'])} organ" in status
    page.select_option("#map-audience", "")
    theme = "klimat"
    page.select_option("#map-theme", theme)
    shown = {n["id"] for n in graph["nodes"] if theme in n["themes"]}
    assert attr_ids(page, "data-labelled") == shown
    shoot(page, "map-filtered", full_page=False)


def test_lone_bodies_are_explained(make_page: Any, serve: Any) -> None:
    site = serve(TEST_DATA / "search_small.yaml")  # three bodies without any link
    page = open_map(make_page, site)
    graph = get_json(site, "/api/graph")
    linked = {e["from"] for e in graph["edges"]} | {e["to"] for e in graph["edges"]}
    lone = [n["id"] for n in graph["nodes"] if n["id"] not in linked]
    assert lone
    assert sum(r["lone_count"] for r in graph["regions"]) == len(lone)
    assert "saknar kända kopplingar" in page.locator("#map-status").inner_text()


def test_date_slider_counts_and_marks_what_changed(make_page: Any, small_site: Server) -> None:
    page = open_map(make_page, small_site)
    page.eval_on_selector(
        "#map-date", "el => { el.value = 0; el.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_function(
        "() => document.getElementById('kartan-app').dataset.date === '2021-01-01'"
    )
    then = visible_count(page)
    status = page.locator("#map-status").inner_text()
    assert f"{then} av" in status and "kopplingar" in status
    assert "foreningsradets-klimatnatverk" in attr_ids(page, "data-removed")
    max_value = page.get_attribute("#map-date", "max")
    page.eval_on_selector(
        "#map-date", f"el => {{ el.value = {max_value}; el.dispatchEvent(new Event('change')); }}"
    )
    page.wait_for_function("() => document.getElementById('kartan-app').dataset.date === ''")
    new = attr_ids(page, "data-changed")
    assert "foreningsradets-klimatnatverk" in new
    assert "Klimatnätverket" in page.locator("#map-status").inner_text()
    border = page.evaluate(
        "window.kartanNodes.get('foreningsradets-klimatnatverk').borderWidth"
    ) / page.evaluate("window.kartanUnit")
    assert border >= 3  # marked as new


def test_a_tap_on_a_phone_opens_the_details_in_view(browser: Any, site: Server) -> None:
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site.url + "/karta")
    wait_for_map(page)
    assert page.evaluate("document.getElementById('map-legend').open") is False
    shoot(page, "map-phone", full_page=False)
    node = "samverkansradet"
    page.evaluate(f"window.kartanNetwork.focus({json.dumps(node)}, {{scale: 1.5}})")
    point = page.evaluate(
        f"""(() => {{ const n = window.kartanNetwork;
        const p = n.getPositions([{json.dumps(node)}])[{json.dumps(node)}];
        const d = n.canvasToDOM(p);
        const r = document.getElementById('map-canvas').getBoundingClientRect();
        return {{x: r.left + d.x, y: r.top + d.y}}; }})()"""
    )
    page.touchscreen.tap(point["x"], point["y"])
    page.wait_for_selector("#map-panel:not([hidden])")
    box = page.locator("#map-panel").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844 + 1
    assert box["width"] <= 390
    assert page.locator("#map-panel-title").is_visible()
    shoot(page, "map-phone-details", full_page=False)
    assert not errors
    ctx.close()


PAGES = ["/", "/karta", "/noder", "/noder?q=klimat", "/docs", "/guide", "/analys", "/om",
         "/andringar", "/arenden", "/noder/samverkansradet", "/noder/kommunstyrelsen"]  # fmt: skip


def test_no_page_is_wider_than_a_phone(browser: Any, site: Server) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    for lang in ("sv", "en"):
        for path in PAGES:
            page.goto(site.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, lang, width)
    ctx.close()


def test_docs_has_the_site_header(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/docs")
    assert page.locator("header.site-header").is_visible()
    assert page.locator("nav.site-nav a[href='/karta']").count() == 1
    assert page.locator("h1").inner_text()


def test_body_page_answers_first_and_stays_short(make_page: Any, site: Server) -> None:
    """Point 7: the four answers at the top; long sections folded; the council's page
    fits in 3,500 px at 1366×900 (it was 16,633 px)."""
    for lang, labels in (
        ("sv", ["Vad det är", "Vem beslutar", "Så når ni dem", "Så deltar ni"]),
        ("en", ["What it is", "Who decides", "How to reach them", "How to take part"]),
    ):
        page, _ = make_page(site)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(site.url + f"/noder/samverkansradet?lang={lang}")
        summary = page.locator(".node-summary")
        assert summary.locator("dt").all_inner_texts() == labels
        for dd in summary.locator("dd").all_inner_texts():
            assert dd.strip()
        assert "Sekreterare" in summary.inner_text() or "Secretary" in summary.inner_text()
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 3500, height
        # the folded sections open on demand
        members = page.locator("#fold-members")
        assert members.get_attribute("open") is None
        members.locator("summary").click()
        assert members.locator("table").is_visible()
        if lang == "sv":
            shoot(page, "body")
