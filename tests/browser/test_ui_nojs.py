"""The directory, body pages and guide work with JavaScript switched off."""

from __future__ import annotations

from typing import Any

from browser_util import Server, shoot


def test_directory_filters_sort_and_links_without_javascript(
    make_page: Any, small_site: Server
) -> None:
    page, _ = make_page(small_site, java_script_enabled=False)
    page.goto(small_site.url + "/noder")
    rows = page.locator("table.directory tbody tr")
    total = rows.count()
    assert total == 14
    page.select_option("#f-kind", "organisation")
    page.click("form.filters button[type=submit]")
    assert "kind=organisation" in page.url
    assert rows.count() == 3
    page.select_option("#f-kind", "")
    page.select_option("#f-theme", "klimat")
    page.check("#f-entry")
    page.click("form.filters button[type=submit]")
    assert [
        a.inner_text() for a in page.locator("table.directory tbody td:first-child > a").all()
    ] == ["Klimatnätverket"]
    page.goto(small_site.url + "/noder")
    page.fill("#f-q", "klimat")
    page.press("#f-q", "Enter")
    assert rows.count() >= 2
    page.goto(small_site.url + "/noder")
    page.click("th >> text=Typ")
    assert "sort=kind" in page.url
    first = page.locator("table.directory tbody tr").first
    assert "beslutande organ" in first.inner_text()
    first.locator("a").first.click()
    assert page.url.startswith(small_site.url + "/noder/")
    assert page.locator("h2 >> text=Vem beslutar?").count() == 1  # issue 9
    shoot(page, "nojs-body")


def test_search_and_guide_forms_without_javascript(make_page: Any, small_site: Server) -> None:
    page, _ = make_page(small_site, java_script_enabled=False)
    page.goto(small_site.url + "/")
    page.fill("#search-q", "KS")
    page.press("#search-q", "Enter")
    assert "/noder?q=KS" in page.url
    assert page.locator("table.directory tbody a").first.inner_text() == "Kommunstyrelsen"
    page.goto(small_site.url + "/")
    page.fill("#ask-q", "klimat")
    page.click(".ask-form button[type=submit]")
    assert "/guide?q=klimat" in page.url
    assert page.locator("h2#h-results").count() == 1
    page.goto(small_site.url + "/karta")
    assert "JavaScript" in page.locator("noscript, .noscript").first.inner_text()
    # the "loading" text is the script's: without it only the notice shows (no overlap)
    assert page.locator("#map-loading").is_hidden()
    assert page.locator(".noscript").is_visible()
    # the body page's print button needs the script; the browser's own print remains
    page.goto(small_site.url + "/noder/samverkansradet")
    assert page.locator("button.print-page").is_hidden()
