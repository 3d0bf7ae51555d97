"""Needs in the browser (issue 14): the Behov page's filters and the map's needs toggle."""

from __future__ import annotations

from typing import Any

import pytest
from browser_util import Server, open_map, shoot


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_needs_page_filters_by_theme_and_who_raised_it(
    make_page: Any, site: Server, real_map: Any, lang: str
) -> None:
    page, _ = make_page(site)
    page.goto(f"{site.url}/behov?lang={lang}")
    cards = page.locator("ol.needs-list > li")
    assert cards.count() == len(real_map.data.needs)
    page.select_option("#f-tema", "klimat")
    page.select_option("#f-vem", "deltagare-fordjupningsdagen-2021")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/behov?*tema=klimat*")
    expected = [
        n
        for n in real_map.data.needs
        if "klimat" in n.themes and "deltagare-fordjupningsdagen-2021" in n.raised_by
    ]
    assert cards.count() == len(expected)
    assert [cards.nth(i).get_attribute("id") for i in range(cards.count())] == [
        n.id for n in expected
    ]
    # a need taken up shows the body and its source; one without says there is no forum
    taken = page.locator("#starta-natverk-klimat")
    assert taken.locator(".need-taken a[href='/noder/foreningsradets-klimatnatverk']").count() == 1
    assert "001" in taken.inner_text() or "8 februari 2023" in taken.inner_text()
    unmet = page.locator("#klimat-problemomraden")
    assert unmet.locator(".need-unmet").count() == 1
    if lang == "en":
        assert unmet.locator(".need-text").get_attribute("lang") == "en"
        assert "No forum." in unmet.inner_text()
    else:
        assert "Inget forum." in unmet.inner_text()
    shoot(page, f"needs-klimat-{lang}")


def test_map_toggle_marks_the_bodies_that_take_up_needs(
    make_page: Any, site: Server, real_map: Any
) -> None:
    page = open_map(make_page, site)
    app = page.locator("#kartan-app")
    assert app.get_attribute("data-needs-marked") is None
    before = page.evaluate("window.kartanNodes.get('foreningsradets-klimatnatverk')")
    page.locator("#map-legend").evaluate("d => d.open = true")
    page.check("#needs-toggle")
    page.wait_for_function(
        "() => document.getElementById('kartan-app').hasAttribute('data-needs-marked')"
    )
    marked = set((app.get_attribute("data-needs-marked") or "").split())
    takers = {t.id for n in real_map.data.needs for t in n.taken_up_by}
    assert marked == takers
    after = page.evaluate("window.kartanNodes.get('foreningsradets-klimatnatverk')")
    assert after["borderWidth"] > before["borderWidth"]
    assert after["title"].startswith(before["title"]) and after["title"] != before["title"]
    unmet = sum(1 for n in real_map.data.needs if not n.taken_up_by)
    assert str(unmet) in page.locator("#needs-toggle-status").inner_text()
    shoot(page, "map-needs-toggle", full_page=False)
    page.uncheck("#needs-toggle")
    restored = page.evaluate("window.kartanNodes.get('foreningsradets-klimatnatverk')")
    assert restored["borderWidth"] == before["borderWidth"]
    assert restored["title"] == before["title"]
    assert app.get_attribute("data-needs-marked") is None
    assert page.locator("#needs-toggle-status").inner_text() == ""
