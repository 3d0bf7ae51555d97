"""The issue's user story, from the start page and without instructions: where should a
sports club go to work on climate, who decides, and print that body's page."""

from __future__ import annotations

from typing import Any

from browser_util import Server, shoot

QUESTION = "Vi är en idrottsförening som vill jobba med klimatet"


def test_sports_club_finds_where_to_work_on_climate(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/")
    # the question is the first thing on the page, with a visible label
    ask = page.get_by_label("Vad vill ni göra?")
    ask.fill(QUESTION)
    who = page.get_by_label("Vem är ni? (valfritt)")
    sports = [o for o in who.locator("option").all_inner_texts() if "drott" in o]
    if sports:
        who.select_option(label=sports[0])
    page.get_by_role("button", name="Hitta rätt").click()
    assert page.url.startswith(site.url + "/guide?")
    answers = page.locator("ol.answers > li")
    assert answers.count() >= 1
    # the reader looks through the first answers for one about climate, and opens it
    top3 = [answers.nth(i) for i in range(min(3, answers.count()))]
    climate = [a for a in top3 if "klimat" in a.inner_text().lower()]
    assert climate, [a.inner_text() for a in top3]
    shoot(page, "story-1-guide")
    climate[0].locator("h3 a").click()
    assert "/noder/" in page.url
    name = page.locator("h1").inner_text()
    assert name
    # who decides: a decision body over decision relations, or the map says it does not know
    path = page.locator("section[aria-labelledby=h-decides]")
    text = path.inner_text()
    assert "Beslutar:" in text or "beslutande organ" in text or "Kartan vet inte" in text
    if "Beslutar:" in text:
        assert path.locator("ol.path li.path-end a").count() == 1
    shoot(page, "story-2-body")
    # a visible "Skriv ut" button next to the page's actions opens the print dialog
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")
    page.get_by_role("button", name="Skriv ut").click()
    assert page.evaluate("window.__printed") == 1
    # print: the print stylesheet drops navigation and buttons, keeps the content
    page.emulate_media(media="print")
    assert page.locator("nav.site-nav").is_hidden()
    assert page.locator(".node-actions").is_hidden()
    assert page.locator("h1").is_visible()
    assert path.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    shoot(page, "story-3-print")
