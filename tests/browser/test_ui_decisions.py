"""Who decides and how to reach them on the map (issue 9), in real Chromium on the real map:
the side panel says who decides, how to raise a matter and how to reach someone; the date
slider shows the council changing from 2022 to 2023 and hides what did not exist."""

from __future__ import annotations

from typing import Any

from browser_util import Server, open_map


def _set_month(page: Any, year: int, month: int) -> str:
    """Move the date slider to the first of a month; returns the ISO date it shows."""
    iso = f"{year:04d}-{month:02d}-01"
    page.eval_on_selector(
        "#map-date",
        """(el, ym) => {
          const [y, m] = el.getAttribute('data-start').split('-').map(Number);
          el.value = (ym[0] - y) * 12 + (ym[1] - m);
          el.dispatchEvent(new Event('change'));
        }""",
        [year, month],
    )
    page.wait_for_function(f"() => document.getElementById('kartan-app').dataset.date === '{iso}'")
    return iso


def _edge_present(page: Any, member: str, body: str) -> bool:
    return bool(
        page.evaluate(
            "([a, b]) => window.kartanEdges.get({filter: e => e.from === a && e.to === b"
            " && !e.hidden}).length > 0",
            [member, body],
        )
    )


def _node_shown(page: Any, node_id: str) -> bool:
    return bool(
        page.evaluate(
            "id => { const n = window.kartanNodes.get(id); return !!n && !n.hidden; }", node_id
        )
    )


def test_the_slider_shows_the_council_change_and_hides_later_bodies(
    make_page: Any, site: Server
) -> None:
    page = open_map(make_page, site)
    assert _node_shown(page, "overenskommelsen-om-samverkan-2024-2027")
    _set_month(page, 2021, 6)
    assert not _node_shown(page, "overenskommelsen-om-samverkan-2024-2027")
    assert not _node_shown(page, "klimatneutrala-stader-2030")
    assert _node_shown(page, "samverkansradet")
    _set_month(page, 2022, 6)
    assert _edge_present(page, "kfum", "samverkansradet")
    assert not _edge_present(page, "svenska-freds", "samverkansradet")
    _set_month(page, 2023, 6)
    assert not _edge_present(page, "kfum", "samverkansradet")
    assert _edge_present(page, "svenska-freds", "samverkansradet")


def test_the_panel_says_who_decides_how_to_raise_and_how_to_reach(
    make_page: Any, site: Server
) -> None:
    page = open_map(make_page, site, "/karta?nod=kultur-och-fritidsforvaltningen")
    page.wait_for_selector("#map-panel:not([hidden])")
    page.wait_for_function(
        "() => document.getElementById('map-panel-body').textContent.includes('Vem beslutar?')"
    )
    text = page.locator("#map-panel-body").inner_text()
    assert "Kartan vet inte vem som beslutar om detta." in text
    assert "Fråga C-nätet" in text
    assert "Så kan en fråga lyftas" in text and "C-nätet" in text
    assert "Så når ni dem" in text
    # never a link to the body itself in the contact section
    own = page.locator("#map-panel-body a[href='/noder/kultur-och-fritidsforvaltningen']").count()
    assert own <= 1  # only the "open page" button
