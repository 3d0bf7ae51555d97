"""Every page renders, in Swedish and English, with landmarks, and passes axe-core."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_util import Server, shoot

PAGES = {
    "start": "/",
    "directory": "/noder",
    "guide": "/guide?q=Vi+%C3%A4r+en+idrottsf%C3%B6rening+som+vill+jobba+med+klimatet",
    "guide-english": "/guide?q=We+are+a+sports+club+that+wants+to+work+on+the+climate",
    "analysis": "/analys",
    "needs": "/behov",
    "matters": "/arenden",
    "about": "/om",
    "map": "/karta",
    "changes": "/andringar",
    "docs": "/docs",
}


def first_node_id(page: Any, server: Server) -> str:
    page.goto(server.url + "/noder?entry_point=1")
    href = page.locator("table.directory tbody a").first.get_attribute("href")
    assert href and href.startswith("/noder/")
    return str(href.removeprefix("/noder/"))


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", [*PAGES, "body"])
def test_page_is_accessible(make_page: Any, site: Server, name: str, lang: str) -> None:
    page, _ = make_page(site)
    path = PAGES.get(name) or "/noder/" + first_node_id(page, site)
    path += ("&" if "?" in path else "?") + f"lang={lang}"
    response = page.goto(site.url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("h1").count() == 1
    # the skip link is the first focusable element and lands on main
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], bad
    shoot(page, f"page-{name}" + ("" if lang == "sv" else "-en"))


def test_english_toggle_is_remembered(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/")
    page.click("a.lang-toggle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("nav.site-nav").inner_text().count("Map") == 1
    page.click("nav.site-nav >> text=Directory")
    assert page.get_attribute("html", "lang") == "en"
    assert "All bodies" in page.locator("h1").inner_text()
    page.click("a.lang-toggle")
    assert page.get_attribute("html", "lang") == "sv"


def test_unknown_body_is_a_proper_404_page(make_page: Any, site: Server) -> None:
    page, watch = make_page(site)
    response = page.goto(site.url + "/noder/finns-inte-alls")
    assert response.status == 404
    assert "text/html" in response.headers["content-type"]
    assert "finns-inte-alls" in page.locator("main").inner_text()
    assert page.locator("main a[href='/']").count() == 1
    # the browser logs the 404 status itself; that one is expected
    watch.errors[:] = [e for e in watch.errors if "404" not in e]


def test_start_page_suggestions_and_theme_shortcuts(make_page: Any, small_site: Server) -> None:
    page, _ = make_page(small_site)
    page.goto(small_site.url + "/")
    page.locator("#search-q").press_sequentially("kommunsty", delay=20)
    option = page.locator("#search-q-list li").first
    option.wait_for()
    assert "Kommunstyrelsen" in option.inner_text()
    assert page.get_attribute("#search-q", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search-q", "aria-activedescendant") == "search-q-list-0"
    page.keyboard.press("Enter")
    page.wait_for_url("**/noder/kommunstyrelsen")
    page.goto(small_site.url + "/")
    chip = page.locator("ul.chips a", has_text="Klimat")
    chip.click()
    assert "/guide?theme=klimat" in page.url
    assert page.locator("ol.answers > li").count() >= 1
    # the map preview links to the map
    page.goto(small_site.url + "/")
    assert page.locator("a.map-preview[href='/karta'] svg circle").count() == 14


def test_search_suggestions_name_bodies_in_the_page_language(make_page: Any, site: Server) -> None:
    """In English the suggestions show a body's English name where the data has one; in
    Swedish its Swedish name (the reviewer saw Swedish names in English)."""
    found = httpx.get(site.url + "/api/search", params={"q": "klimat", "limit": 8}).json()
    named = [i for i in found["items"] if i.get("name_en")]
    assert named, "the real map has a climate body with an English name"
    body = named[0]
    for lang, expected in (("sv", body["name"]), ("en", body["name_en"])):
        page, _ = make_page(site)
        page.goto(site.url + f"/?lang={lang}")
        box = page.locator("[data-suggest] input").first
        box.fill("klimat")
        option = page.locator(".suggest-list li", has_text=expected).first
        option.wait_for(state="visible")
        texts = page.locator(".suggest-list li").all_inner_texts()
        if lang == "en":
            assert not any(body["name"] in t for t in texts), texts
        option.dispatch_event("mousedown")
        page.wait_for_url(f"**/noder/{body['id']}")
