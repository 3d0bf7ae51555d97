"""Body pages people read (issue 15, point 7): sources as numbered notes that open on
demand, with and without JavaScript; and nothing scrolls sideways on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from browser_util import Server, shoot

BODY = "/noder/samverkansradet"

IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }"""


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_following_a_note_opens_the_folded_list_and_reaches_the_source(
    make_page: Any, site: Server, js: bool
) -> None:
    page, _ = make_page(site, java_script_enabled=js)
    page.goto(site.url + BODY)
    fold = page.locator("details.notes-fold")
    assert fold.get_attribute("open") is None  # folded until a note is followed
    ref = page.locator("#h-about ~ p a.note-ref").first
    assert ref.get_attribute("aria-label") == "Källa " + ref.inner_text().strip("[]")
    number = ref.inner_text().strip("[]")
    ref.click()
    note = page.locator(f"#note-{number}")
    page.wait_for_function("() => document.querySelector('details.notes-fold').open")
    assert note.evaluate(IN_VIEW)
    assert page.evaluate("location.hash") == f"#note-{number}"
    assert "Minnesanteckningar" in note.inner_text() or note.locator("cite").inner_text()
    shoot(page, f"notes-followed-{'js' if js else 'nojs'}", full_page=False)
    # the note links back to the place in the text
    note.locator(".note-back a").first.click()
    assert page.evaluate("location.hash").startswith(f"#cite-{number}-")
    assert ref.evaluate(IN_VIEW)


def test_a_back_link_opens_the_fold_that_holds_the_citation(make_page: Any, site: Server) -> None:
    """A note cited only in the folded members table: its back-link opens that fold."""
    page, _ = make_page(site)
    page.goto(site.url + BODY)
    members_only = page.evaluate(
        """() => {
      const inMembers = new Set([...document.querySelectorAll('#fold-members a.note-ref')]
        .map(a => a.getAttribute('href')));
      const elsewhere = new Set([...document.querySelectorAll('a.note-ref')]
        .filter(a => !a.closest('#fold-members')).map(a => a.getAttribute('href')));
      return [...inMembers].find(h => !elsewhere.has(h));
    }"""
    )
    assert members_only, "some note is cited only by the members table"
    page.goto(site.url + BODY + members_only)
    assert page.locator("details.notes-fold").get_attribute("open") is not None
    assert page.locator("#fold-members").get_attribute("open") is None
    page.locator(members_only + " .note-back a").first.click()
    page.wait_for_function("() => document.querySelector('#fold-members').open")
    target = page.evaluate("location.hash")
    assert page.locator(target).evaluate(IN_VIEW)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_note_number_resolves_to_a_source(make_page: Any, site: Server, lang: str) -> None:
    page, _ = make_page(site)
    page.goto(site.url + BODY + f"?lang={lang}")
    bad = page.evaluate(
        """() => [...document.querySelectorAll('a.note-ref')].filter(a => {
        const note = document.getElementById(a.getAttribute('href').slice(1));
        const number = a.textContent.replace(/[\\[\\]]/g, '');
        return !note || note.tagName !== 'LI' || !note.closest('ol.notes')
          || [...note.parentElement.children].indexOf(note) + 1 !== Number(number)
          || !note.querySelector('cite').textContent.trim()
          || !/^\\d{3}\\b/.test(note.querySelector('.note-ref-raw').textContent)
          || !a.getAttribute('aria-label').endsWith(' ' + number);
      }).map(a => a.outerHTML)"""
    )
    assert bad == []
    counts = page.evaluate(
        "() => [document.querySelectorAll('a.note-ref').length,"
        " document.querySelectorAll('ol.notes > li').length]"
    )
    assert counts[0] >= counts[1] > 20  # the council's page cites many lines, some twice
    # the same citation cited twice has one number
    raw = page.locator("ol.notes .note-ref-raw").all_text_contents()
    assert len(raw) == len(set(raw))
    # no "Källor" list of titles repeated after the facts any more
    assert page.locator("span.refs").count() == 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_body_page_with_every_fold_open_passes_axe(make_page: Any, site: Server, lang: str) -> None:
    """The notes list and the folded tables, opened: no serious axe violation (the
    back-links were once told from the text by colour alone: link-in-text-block)."""
    from axe_playwright_python.sync_playwright import Axe

    page, _ = make_page(site)
    page.goto(site.url + BODY + f"?lang={lang}")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = Axe().run(page).response["violations"]
    bad = [(v["id"], len(v["nodes"])) for v in found if v["impact"] in ("serious", "critical")]
    assert bad == []


PHONE_PAGES = [
    "/",
    "/noder",
    BODY,
    "/noder/kommunstyrelsen",
    "/behov",
    "/arenden",
    "/andringar",
    "/analys",
    "/docs",
    "/guide?q=Vi+%C3%A4r+en+idrottsf%C3%B6rening+som+vill+jobba+med+klimatet",
    "/tipsa",
    "/om",
]

SIDEWAYS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const inner = [];
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll')
        && el.scrollWidth > el.clientWidth + 1)
      inner.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  return [document.documentElement.scrollWidth, inner.slice(0, 3)];
}"""


def test_nothing_scrolls_sideways_on_a_phone(browser: Any, site: Server) -> None:
    """390 px: neither the page nor a table inside it scrolls sideways, with every fold
    open (tables reflow into one card a row)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    wide = []
    for lang in ("sv", "en"):
        for path in PHONE_PAGES:
            page.goto(site.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
            width, inner = page.evaluate(SIDEWAYS)
            if width > 390 or inner:
                wide.append((path, lang, width, inner))
    ctx.close()
    assert wide == []
