"""The "Ärenden" page (issue 17) in real Chromium: every matter on a timeline, the
report-back table, the filters, English, and matters on a body page and in the guide."""

from __future__ import annotations

from typing import Any

from browser_util import Server, get_json, shoot


def test_every_matter_is_on_the_timeline_with_its_state(make_page: Any, site: Server) -> None:
    everything = get_json(site, "/api/matters")
    page, _ = make_page(site)
    page.goto(site.url + "/arenden")
    assert page.locator("h1").inner_text() == "Rådets ärenden"
    assert page.locator("li.matter").count() == everything["total"] > 40
    meetings = {x["meeting"]["id"] for x in everything["items"]}
    assert page.locator("li.timeline-meeting").count() == len(meetings)
    # the timeline runs oldest meeting first
    stamps = page.locator("li.timeline-meeting time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert stamps == sorted(stamps)
    # the map itself: sent to the AU, and appearing again in the 2024–2025 plan
    karta = page.locator("#arende-001-5-karta")
    assert "Frågan skickas vidare till AU" in karta.inner_text()
    assert "Samverkansrådets AU" in karta.locator("dl.facts").inner_text()
    assert "Kartan, tydliggör forum för samverkan" in karta.locator(".later").inner_text()
    assert "001 §5" in karta.inner_text()
    # a matter never reported back says so
    ks = page.locator("#arende-002-3-overenskommelsen-2024-2027")
    assert "Ingen återrapportering i anteckningarna" in ks.inner_text()
    shoot(page, "matters-sv", full_page=False)


def test_the_report_back_table_counts_what_the_api_counts(make_page: Any, site: Server) -> None:
    silent = get_json(site, "/api/matters?status=no_report_back")
    page, _ = make_page(site)
    page.goto(site.url + "/arenden")
    rows = page.locator(".report-back tbody tr")
    counted = 0
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        strong = cells.nth(2).locator("strong")
        counted += int(strong.inner_text()) if strong.count() else 0
    assert counted == silent["total"] > 0
    row = rows.filter(has_text="Kommunstyrelsen")
    assert "Överenskommelsen om samverkan 2024–2027" in row.inner_text()


def test_filter_by_state_and_kind(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/arenden")
    page.select_option("#f-state", "no_report_back")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/arenden?**state=no_report_back**")
    expected = get_json(site, "/api/matters?status=no_report_back")
    matters = page.locator("li.matter")
    assert matters.count() == expected["total"]
    for i in range(matters.count()):
        assert "state-no_report_back" in (matters.nth(i).get_attribute("class") or "")
    page.goto(site.url + "/arenden?kind=tabled")
    tabled = get_json(site, "/api/matters?kind=tabled")
    assert page.locator("li.matter").count() == tabled["total"] > 0
    assert page.locator("li.matter .kind-badge").all_inner_texts() == ["Bordlagd"] * tabled["total"]


def test_english_page(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/arenden?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "The council's matters"
    karta = page.locator("#arende-001-5-karta")
    assert karta.locator("h4").inner_text() == "Map of collaboration"
    assert "Decision: the question is sent on to the AU." in karta.inner_text()
    assert (
        "No report-back in the minutes"
        in page.locator("#arende-002-3-overenskommelsen-2024-2027").inner_text()
    )
    shoot(page, "matters-en", full_page=False)


def test_a_body_page_lists_the_matters_sent_to_it(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/noder/samverkansradet-au")
    page.locator("#fold-needs-matters > summary").click()  # folded by default (issue 15)
    box = page.locator("section.node-matters")
    assert "Ärenden som skickats hit" in box.inner_text()
    assert box.locator("#arende-001-5-karta").count() == 1
    assert (
        "Ingen återrapportering i anteckningarna"
        in box.locator("#arende-000-3-temakvallar").inner_text()
    )
    # the council's own page: its meetings list the matters handled there
    page.goto(site.url + "/noder/samverkansradet")
    assert page.locator(".meeting-matters a[href='/arenden#arende-001-5-karta']").count() == 1


def test_the_guide_says_the_council_has_handled_the_question(make_page: Any, site: Server) -> None:
    page, _ = make_page(site)
    page.goto(site.url + "/guide?q=Vem+%C3%A4ger+kartan%3F")
    box = page.locator(".guide-matters")
    assert "Rådet har behandlat frågan:" in box.inner_text()
    first = box.locator("a").first
    assert first.inner_text() == "Karta över samverkan"
    first.click()
    page.wait_for_url("**/arenden#arende-001-5-karta")
    assert page.locator("#arende-001-5-karta").is_visible()
