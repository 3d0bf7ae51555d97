"""English pages speak English: a crawl of every page type with ``lang=en``.

Every page a visitor can reach (start, map, directory, every body's page, the proposal
form and its answers, guide, analysis, about, changes, /docs, the 404 pages and the
standalone export) is fetched over real HTTP with ``lang=en``.  Its visible text and its
visible attributes (title, aria-label, placeholder, alt) are read with the standard
library's HTML parser; whatever sits inside an element marked ``lang="sv"`` (a Swedish
original, a Swedish name) is skipped.  What is left must hold none of the Swedish words
below: function words that no English sentence uses, and the words of the interface.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest

# Swedish words that are not English words: function words and the UI's vocabulary.
SWEDISH = frozenset(
    [
        "och",
        "att",
        "är",
        "inte",
        "för",
        "från",
        "av",
        "på",
        "har",
        "ska",
        "vid",
        "det",
        "eller",
        "saknas",
        "också",
        "finns",
        "vilka",
        "hur",
        "vem",
        "vad",
        "organ",
        "möte",
        "möten",
        "mötet",
        "källa",
        "källor",
        "källan",
        "ändring",
        "ändringar",
        "ändrade",
        "sidan",
        "sida",
        "visa",
        "sök",
        "nej",
        "ja",
        "inga",
        "ingen",
        "inget",
        "kartans",
        "alla",
        "enda",
        "väg",
        "vägen",
        "beslut",
        "beslutar",
        "beslutande",
        "granskad",
        "genomfört",
        "planerat",
        "tillagd",
        "tillagda",
        "borttagen",
        "borttagna",
        "medlemskap",
        "nod",
        "noder",
        "tema",
        "teman",
        "temat",
        "målgrupp",
        "målgrupper",
        "kontakt",
        "deltar",
        "deltagare",
        "ledamot",
        "ordförande",
        "sekreterare",
        "samordnare",
        "förvaltning",
        "förvaltningen",
        "nätverk",
        "råd",
        "arbetsgrupp",
        "projekt",
        "uppdrag",
        "överenskommelse",
        "finansiering",
        "enhet",
        "offentlig",
        "företag",
        "parti",
        "evenemang",
        "verktyg",
        "metod",
        "om",
        "så",
        "när",
        "där",
        "här",
        "sig",
        "oss",
        "vi",
        "ni",
        "er",
        "du",
        "dig",
        "mer",
        "fler",
        "flera",
        "än",
        "utan",
        "över",
        "efter",
        "innan",
        "mellan",
        "genom",
        "hos",
        "mot",
        "sedan",
        "samt",
        "bara",
        "redan",
        "aldrig",
        "kommer",
        "blir",
        "var",
        "ett",
        "nytt",
        "gäller",
        "tolkat",
        "vakant",
        "möts",
        "uppgifter",
        "datum",
        "dag",
        "år",
        "föreslå",
        "förslag",
        "förslaget",
        "kontrollera",
        "beskrivning",
        "kontaktväg",
        "relationstyp",
        "tillbaka",
        "gemensamma",
        "organet",
        "hänger",
        "kopplingar",
        "koppling",
        "ingång",
        "ingångar",
        "hitta",
        "rätt",
        "analys",
    ]
)

SKIP_TAGS = {"script", "style", "code", "pre", "template", "noscript"}
TEXT_ATTRS = ("title", "aria-label", "placeholder", "alt")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+")


class EnglishReader(HTMLParser):
    """Collects the text and visible attributes a reader meets outside lang="sv"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.found: list[str] = []
        self.html_lang = ""

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        hidden = (
            self._hidden()
            or tag in SKIP_TAGS
            or (a.get("lang") or "").startswith("sv")
            or (tag == "meta" and a.get("name") != "description")
        )
        if not hidden:
            for name in TEXT_ATTRS:
                if a.get(name):
                    self.found.append(str(a[name]))
            if tag == "meta" and a.get("content"):
                self.found.append(str(a["content"]))
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.found.append(str(a["value"]))
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.found.append(data)


def swedish_words(html: str) -> list[str]:
    """Swedish words outside elements marked lang="sv", each with a little context.

    >>> swedish_words('<html lang="en"><p>Members <span lang="sv">och ledamöter</span></p>')
    []
    >>> swedish_words('<html lang="en"><p title="Visa kartan">Map</p>')
    ["'Visa' in: Visa kartan", "'kartan' in: Visa kartan"]
    """
    reader = EnglishReader()
    reader.feed(html)
    out = []
    for text in reader.found:
        for word in WORD.findall(text):
            if word.casefold() in SWEDISH:
                out.append(f"{word!r} in: {' '.join(text.split())[:120]}")
    return out


def check(response: Any, url: str) -> list[str]:
    assert 'lang="en"' in response.text[:200], f"{url}: the page is not marked English"
    return [f"{url}: {w}" for w in swedish_words(response.text)]


def en(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=en"


def test_the_checker_finds_swedish_and_respects_lang_sv() -> None:
    assert swedish_words('<html lang="en"><p>Kontakt saknas</p>') != []
    assert swedish_words('<html lang="en"><p lang="sv">Kontakt saknas</p>') == []
    assert swedish_words('<html lang="en"><div lang="sv"><p><b>och</b></p></div><p>and</p>') == []
    assert swedish_words('<html lang="en"><input placeholder="t.ex. Sök"><p>x</p>') != []


@pytest.fixture(scope="module")
def node_ids(real_app: Any) -> list[str]:
    r = real_app.get("/api/nodes?limit=500")
    return [item["id"] for item in r.json()["items"]]


PAGES = [
    "/",
    "/karta",
    "/noder",
    "/noder?kind=forum&sort=kind",
    "/noder?q=klimat",
    "/guide",
    "/guide?theme=klimat",
    "/guide?q=" + quote("We are a sports club that wants to work on climate"),
    "/analys",
    "/om",
    "/andringar",
    "/docs",
    "/arenden",
    "/behov",
    "/tipsa",
    "/forvaltning/logga-in",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_type_is_english(real_app: Any, path: str) -> None:
    url = en(path)
    r = real_app.get(url)
    assert r.status_code == 200, url
    assert check(r, url) == []


def test_every_body_page_is_english(real_app: Any, node_ids: list[str]) -> None:
    found: list[str] = []
    with real_app.client() as client:
        for node_id in node_ids:
            url = en(f"/noder/{node_id}")
            r = client.get(url)
            assert r.status_code == 200, url
            found += check(r, url)
    assert found == [], "\n".join(found[:40])


def test_not_found_pages_are_english(real_app: Any) -> None:
    found: list[str] = []
    for path in ("/no-such-page", "/noder/no-such-body", "/noder/no-such-body/foresla"):
        r = real_app.get(en(path), headers={"Accept": "text/html"})
        assert r.status_code == 404
        found += check(r, path)
    assert found == [], found


def test_proposal_form_and_answers_are_english(real_app: Any, node_ids: list[str]) -> None:
    node = "samverkansradet" if "samverkansradet" in node_ids else node_ids[0]
    url = en(f"/noder/{node}/foresla")
    found = check(real_app.get(url), url)
    with real_app.client() as client:
        # a proposal the check refuses (no source), and one it accepts
        bad = client.post(url, data={"description": "Ett nytt råd."})
        assert bad.status_code in (200, 422)
        found += check(bad, url + " (refused)")
        good = client.post(url, data={"description": "Ett nytt råd.", "sources": "001 §5"})
        assert good.status_code == 200
        found += check(good, url + " (accepted)")
        wrong = client.post(url, content=b"x", headers={"content-type": "text/plain"})
        assert wrong.status_code == 415
        found += check(wrong, url + " (wrong type)")
    assert found == [], "\n".join(found)


def test_standalone_export_is_english(real_app: Any) -> None:
    r = real_app.get("/api/export/html?lang=en")
    assert r.status_code == 200
    assert check(r, "standalone") == []
    # the details the page shows come as JSON: their labels must be English too
    data = re.search(r'<script[^>]*id="kartan-page"[^>]*>(.*?)</script>', r.text, re.S)
    assert data is not None
    ui = json.loads(data.group(1))["ui"]
    words = [w for v in ui.values() for w in swedish_words(f'<html lang="en"><p>{v}</p>')]
    assert words == []
