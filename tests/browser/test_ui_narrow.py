"""Narrow phones (320–390 px): a heading that is one long Swedish word breaks instead of
widening the page, and the header's site name and language link never lie on each other.
"""

from __future__ import annotations

from typing import Any

from browser_util import Server, get_json, shoot, wait_for_map

# bodies whose name is one long word (Kommunledningsförvaltningen: 486 px wide at 360 px)
LONG_NAMES = [
    "kommunledningsforvaltningen",
    "folkhalsooverenskommelsen",
    "gymnasie-och-arbetsmarknadsforvaltningen",
    "miljo-och-stadsbyggnadsforvaltningen",
    "overenskommelsenatverket",
    "organisationsforandringen",
    "forskole-och-grundskoleforvaltningen",
    "preventionspyramiden",
]

WIDTH = "document.documentElement.scrollWidth"


def test_no_body_page_is_wider_than_a_small_phone(browser: Any, site: Server) -> None:
    """360 px, Swedish and English: the body pages with a long one-word name (on the real
    map) and every fourth other body page fit; a heading breaks inside the word."""
    ids = [n["id"] for n in get_json(site, "/api/graph")["nodes"]]
    sample = [i for i in LONG_NAMES if i in ids] + [i for i in ids[::4] if i not in LONG_NAMES]
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    wide = []
    for lang in ("sv", "en"):
        for node in sample:
            page.goto(f"{site.url}/noder/{node}?lang={lang}")
            width = page.evaluate(WIDTH)
            if width > 360:
                wide.append((node, lang, width))
    if "kommunledningsforvaltningen" in ids:
        page.goto(f"{site.url}/noder/kommunledningsforvaltningen?lang=sv")
        heading = page.locator(".node-head h1").bounding_box()
        assert heading["x"] + heading["width"] <= 360
        shoot(page, "phone-360-long-heading", full_page=False)
    ctx.close()
    assert wide == []


HEADER = """() => {
  const box = s => document.querySelector(s).getBoundingClientRect();
  const a = box('.brand-name'), b = box('.lang-toggle');
  const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
  return {apart, name: [a.left, a.top, a.right, a.bottom], link: [b.left, b.top, b.right, b.bottom],
          inside: b.right <= window.innerWidth && a.right <= window.innerWidth,
          width: document.documentElement.scrollWidth};
}"""


def test_header_name_and_language_link_never_overlap(browser: Any, site: Server) -> None:
    """320, 360 and 390 px, the start page and the map, in both languages: the site
    name and the language link lie apart and in view, and nothing scrolls sideways (the
    map's search button stayed 4 px out at 360 px in English)."""
    bad = []
    for width in (320, 360, 390):
        ctx = browser.new_context(viewport={"width": width, "height": 740})
        page = ctx.new_page()
        for path in ("/", "/karta"):
            for lang in ("sv", "en"):
                page.goto(f"{site.url}{path}?lang={lang}")
                if path == "/karta":
                    wait_for_map(page)
                got = page.evaluate(HEADER)
                if not got["apart"] or not got["inside"] or got["width"] > width:
                    bad.append((width, path, lang, got))
                if width == 320 and path == "/karta":
                    shoot(page, f"phone-320-header-{lang}", full_page=False)
        ctx.close()
    assert bad == []
