"""The "Ärenden" page (issue 17) as HTML, on the real map, in both languages: its links to
matters lead somewhere on every filtered variant, its meeting headings and theme filter
speak the page's language, and each item of the minutes names its section once.

The pages are read with lxml; what is checked is what a visitor's browser would follow
(``href``) or be read aloud in (``lang``)."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html

from api.pageviews import sort_key
from tests.helpers import needs_real_map

pytestmark = needs_real_map

LANGS = ["sv", "en"]


def _page(real_app: Any, query: str) -> Any:
    r = real_app.get(f"/arenden?{query}")
    assert r.status_code == 200, query
    return html.fromstring(r.text)


def _variants(m: Any) -> list[str]:
    """One filtered page per filter value the page offers (kind, state, theme, body)."""
    kinds = sorted({x.kind.value for x in m.data.matters})
    states = ["followed_up", "no_report_back", "not_taken_up_again", "concluded"]
    themes = sorted({t for x in m.data.matters for t in x.themes})
    bodies = sorted(
        {x.went_to for x in m.data.matters if x.went_to}
        | {c.id for x in m.data.matters for c in x.carried_by}
    )
    return (
        [f"kind={k}" for k in kinds]
        + [f"state={s}" for s in states]
        + [f"theme={t}" for t in themes]
        + [f"body={b}" for b in bodies]
    )


def _lang_of(el: Any) -> str:
    """The language an element is read in: its own or its nearest ancestor's lang."""
    found = el.xpath("ancestor-or-self::*[@lang][1]/@lang")
    return str(found[0]) if found else ""


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_to_a_matter_leads_to_it_on_filtered_pages(
    real_app: Any, real_map: Any, lang: str
) -> None:
    """A filtered page lists some matters but counts all (the report-back table): a link
    to a matter it shows is an anchor on the page, a link to one it does not show opens
    the unfiltered page at that matter, in the same language."""
    everything = _page(real_app, f"lang={lang}")
    all_ids = set(everything.xpath("//@id"))
    broken: list[str] = []
    elsewhere = 0
    for query in _variants(real_map):
        page = _page(real_app, f"lang={lang}&{query}")
        ids = set(page.xpath("//@id"))
        for href in page.xpath("//main//a/@href"):
            if href.startswith("#"):
                if href[1:] not in ids:
                    broken.append(f"{query}: {href}")
            elif href.startswith("/arenden") and "#" in href:
                elsewhere += 1
                target, anchor = href.split("#", 1)
                if anchor not in all_ids or target != f"/arenden?lang={lang}":
                    broken.append(f"{query}: {href}")
    assert broken == [], "\n".join(broken[:20])
    assert elsewhere > 0  # some filtered page does link to a matter it does not show


@pytest.mark.parametrize("query", ["", "state=followed_up", "theme=klimat"])
def test_a_link_to_a_shown_matter_stays_on_the_page(real_app: Any, query: str) -> None:
    page = _page(real_app, f"lang=en&{query}")
    shown = set(page.xpath("//li[contains(@class, 'matter ')]/@id"))
    assert shown
    for a in page.xpath("//main//a[contains(@href, '#arende-')]"):
        anchor = a.get("href").split("#", 1)[1]
        assert (a.get("href") == f"#{anchor}") == (anchor in shown), a.get("href")


def test_english_meeting_headings_use_the_english_title(real_app: Any, real_map: Any) -> None:
    page = _page(real_app, "lang=en")
    meetings = {mt.id: mt for n in real_map.data.nodes for mt in n.meetings}
    headings = page.xpath("//li[contains(@class, 'timeline-meeting')]")
    assert headings
    english = 0
    for li in headings:
        mt = meetings[li.get("id")]
        title = li.xpath("./h3/span[1]")[0]
        if mt.title_en:
            english += 1
            assert title.text_content() == mt.title_en
            assert _lang_of(title) != "sv", mt.id
        else:
            assert title.text_content() == mt.title
            assert title.get("lang") == "sv", mt.id
    assert english > 0
    swedish = _page(real_app, "lang=sv").xpath(
        "//li[contains(@class, 'timeline-meeting')]/h3/span[1]"
    )
    assert [s.text_content() for s in swedish] == [meetings[li.get("id")].title for li in headings]


@pytest.mark.parametrize("lang", LANGS)
def test_theme_filter_is_ordered_by_the_shown_name(real_app: Any, real_map: Any, lang: str) -> None:
    options = _page(real_app, f"lang={lang}").xpath("//select[@id='f-theme']/option[@value!='']")
    labels = [o.text_content() for o in options]
    assert len(labels) > 3
    assert labels == sorted(labels, key=sort_key)
    for o in options:
        theme = real_map.themes[o.get("value")]
        assert o.text_content() == (theme.name_en if lang == "en" and theme.name_en else theme.name)


def _item_lines(page: Any) -> dict[str, Any]:
    return {
        li.get("id"): li.xpath("./p[contains(@class, 'small muted')]")[0]
        for li in page.xpath("//li[contains(@class, 'matter ')]")
    }


def test_an_item_names_its_section_once(real_app: Any, real_map: Any) -> None:
    """``003 «Klimat»`` already names its section: the page does not add «Klimat» again,
    in English it adds the English title, not marked Swedish; ``001 §5`` adds its title."""
    sources = real_map.sources
    sv = _item_lines(_page(real_app, "lang=sv"))
    en = _item_lines(_page(real_app, "lang=en"))
    named = 0
    for x in real_map.data.matters:
        doc, ref = x.item.split(" ", 1)
        item = next(i for i in sources[doc].items if i.ref == ref)
        line_sv, line_en = sv[x.id].text_content(), en[x.id].text_content()
        assert line_sv.count("«") == 1, line_sv
        if ref.startswith("«"):
            named += 1
            assert line_sv == x.item
            assert line_en == (f"{x.item} ({item.title_en})" if item.title_en else x.item)
            assert _lang_of(en[x.id].xpath(".//span")[0]) == "sv"  # «Klimat» is Swedish
            shown = en[x.id].xpath(f".//span[contains(., '({item.title_en})')]")
            assert shown and _lang_of(shown[0]) != "sv", line_en
        else:
            assert line_sv == f"{x.item} «{item.title}»"
            title_en = en[x.id].xpath(".//span")[0]
            assert title_en.text_content() == f"«{item.title_en or item.title}»"
            assert (_lang_of(title_en) == "sv") == (not item.title_en), line_en
    assert named >= 4
