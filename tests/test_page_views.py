"""The HTML pages without a browser: content, escaping, language, headers, 404s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n import STRINGS, pick_lang, translator
from api.pageviews import preview
from api.settings import Settings
from kartan.map import Map
from kartan.model import example_file
from tests.helpers import ROOT, TEST_DATA

TEMPLATES = ROOT / "frontend" / "templates"
PAGES = ["/", "/karta", "/noder", "/guide", "/analys", "/om"]
PAYLOADS = ("<img src=x onerror=alert(1)>", "<script>alert(1)</script>")


def client_for(name: str) -> Iterator[TestClient]:
    app = create_app(Settings(data=TEST_DATA / name, watch_interval=60))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield from client_for("frontend_small.yaml")


@pytest.fixture(scope="module")
def xss() -> Iterator[TestClient]:
    yield from client_for("xss.yaml")


def test_every_ui_string_has_swedish_and_english() -> None:
    for key, (sv, en) in STRINGS.items():
        assert sv.strip() and en.strip(), key
        assert set(re.findall(r"\{(\w+)\}", sv)) == set(re.findall(r"\{(\w+)\}", en)), key


def test_every_key_used_in_templates_and_code_exists() -> None:
    used: set[str] = set()
    for path in [*TEMPLATES.glob("*.html"), ROOT / "api" / "routes" / "pages.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_0-9]+)["']""", path.read_text()))
    assert used, "no keys found: the pattern is wrong"
    missing = sorted(used - set(STRINGS))
    assert missing == []


def test_language_choice() -> None:
    assert pick_lang("en", "sv") == "en"
    assert pick_lang(None, "en") == "en"
    assert pick_lang("de", None) == "sv"
    assert translator("en")("results_count", n=3) == "3 results"


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_without_inline_script_or_style(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    # CSP is default-src 'self': no inline scripts, handlers or style attributes
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<style", html)
    # no external URL is loaded (links out are allowed, src/href of assets are not)
    assert not re.search(r"""(src|href)=["']https?://(?!127\.0\.0\.1)""", html.split("<main")[0])


def test_english_sets_a_cookie_and_keeps_it(client: TestClient) -> None:
    r = client.get("/noder?lang=en")
    assert '<html lang="en">' in r.text
    assert "kartan_lang=en" in r.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/om").text
    client.get("/?lang=sv")
    assert '<html lang="sv">' in client.get("/om").text


def test_directory_filters_and_sorts(client: TestClient) -> None:
    def names(html: str) -> list[str]:
        return re.findall(r'<td><a href="/noder/([a-z0-9-]+)"', html)

    every = names(client.get("/noder").text)
    assert len(every) == 14
    assert every.index("orebro-foreningsrad") > every.index("kultur-och-fritidsforvaltningen")
    deciders = {"kommunfullmaktige", "kommunstyrelsen"}  # the AU is the council's steering
    assert set(names(client.get("/noder?kind=decision_body").text)) == deciders
    assert set(names(client.get("/noder?theme=idrott").text)) == {"almby-ik", "rf-sisu"}
    assert set(names(client.get("/noder?entry_point=1").text)) == {
        "samverkansradet",
        "foreningsradets-klimatnatverk",
        "en-vag-in",
    }
    by_kind = names(client.get("/noder?sort=kind").text)
    assert set(by_kind[:2]) == deciders  # decision bodies first, as in the legend
    assert by_kind[2] == "samverkansradet-au"  # then the steering bodies
    # then by colour family, as in the legend: the organisations come after the
    # collaboration bodies and before the projects
    organisations = [by_kind.index(i) for i in ("almby-ik", "rf-sisu", "orebro-foreningsrad")]
    assert by_kind.index("samverkansradet") < min(organisations)
    assert max(organisations) < by_kind.index("klimatneutrala-stader-2030")
    assert "klimatneutrala-stader-2030" in names(client.get("/noder?q=klimat").text)
    assert names(client.get("/noder?q=KS").text)[0] == "kommunstyrelsen"
    # nonsense parameters are ignored, not errors
    assert client.get("/noder?kind=nope&theme=nope&sort=nope&page=x").status_code == 200


def test_body_page_says_what_a_newcomer_needs(client: TestClient) -> None:
    html = client.get("/noder/samverkansradet").text
    assert "<h1>Samverkansrådet</h1>" in html
    assert "Sekreterare via" in html and 'href="/noder/kommunledningsforvaltningen"' in html
    assert "skickar frågor till" in html  # relations in plain Swedish
    assert "Beslutar: AU" not in html  # the council's AU is its own steering
    assert "ordförande" in html and "vice ordförande" in html and "8 februari 2023" in html
    assert 'href="/api/export/ics?node=samverkansradet"' in html
    assert "Senast granskad" in html and "7 november 2023" in html
    # "Föreslå ändring" leads to the plain-language tip form on the page itself
    assert 'href="#tipsa"' in html and '<form method="post" action="/tipsa"' in html
    assert '<input type="hidden" name="node" value="samverkansradet">' in html
    assert "§5 L214" in html  # the item of the source


def test_body_without_contact_says_so_and_offers_a_suggestion(client: TestClient) -> None:
    html = client.get("/noder/foreningsradets-klimatnatverk").text
    # no contact of its own: the nearest body's, with the route (issue 9)
    assert "Klimatnätverket har ingen egen kontakt i kartan. Närmast:" in html
    assert 'href="#tipsa"' in html
    assert '<input type="hidden" name="node" value="foreningsradets-klimatnatverk">' in html
    assert "Beslutar: AU" not in html  # a seat in the council is no chain of decision


def test_body_page_says_what_is_missing_in_words(client: TestClient) -> None:
    html = client.get("/noder/foreningsradets-klimatnatverk").text
    assert "Inga medlemmar eller platser är registrerade i kartan." in html
    assert "Inga möten är registrerade i kartan." in html
    assert '<p class="muted">–</p>' not in html
    # a print button (shown by the script; the browser's own print works without it)
    assert re.search(
        r'<button type="button" class="button secondary print-page" hidden>Skriv ut</button>', html
    )


def test_english_body_page_marks_the_swedish_texts(client: TestClient) -> None:
    """WCAG 3.1.2: the data's Swedish texts carry lang="sv" on the English page."""
    try:
        en = client.get("/noder/foreningsradets-klimatnatverk?lang=en").text
        assert '<html lang="en">' in en
        assert '<h1 lang="sv">Klimatnätverket</h1>' in en
        assert re.search(r'<p lang="sv">[^<]*klimatvänlig', en)  # the description
        assert '<p lang="sv">Öppet för alla föreningar.</p>' in en  # how to take part
        assert '<cite lang="sv">Minnesanteckningar' in en  # the sources' titles (notes)
        # a body with an English name: that heading is English
        au = client.get("/noder/samverkansradet-au?lang=en").text
        assert "<h1>Working committee (AU)</h1>" in au
        # the Swedish page needs no such marks
        sv = client.get("/noder/foreningsradets-klimatnatverk?lang=sv").text
        assert 'lang="sv">' not in sv.split("<main", 1)[1]
    finally:
        client.cookies.clear()


def test_english_pages_mark_the_swedish_data_texts(client: TestClient) -> None:
    """Directory descriptions, the map's own description and the guide's reasons are
    Swedish; on the English pages they say so (WCAG 3.1.2)."""
    try:
        directory = client.get("/noder?lang=en").text
        assert '<div class="row-desc" lang="sv">' in directory
        assert '<div class="row-desc">' not in directory
        # a question in Swedish is answered in Swedish, marked so on the English page;
        # a question the words do not tell is answered in the page's language
        guide = client.get("/guide?q=Vi vill jobba med klimatet&lang=en").text
        assert '<dl class="answer-facts" lang="sv">' in guide and "Ni nämner" in guide
        english = client.get("/guide?q=klimat&lang=en").text
        assert '<dl class="answer-facts">' in english and "You mention" in english
        sv = client.get("/noder?lang=sv").text
        assert '<div class="row-desc">' in sv and 'class="row-desc" lang=' not in sv
    finally:
        client.cookies.clear()


def test_english_about_page_marks_the_maps_swedish_description(real_app: Any) -> None:
    with real_app.client(follow_redirects=True) as real:
        about = real.get("/om?lang=en").text.split("<main", 1)[1]
    assert re.search(r'<p lang="sv">Karta över samverkan[^<]+</p>', about)


@pytest.mark.parametrize("path", ["/", "/karta", "/noder", "/guide"])
def test_text_fields_stop_where_the_server_would_refuse(client: TestClient, path: str) -> None:
    """A typed or pasted text never gets a JSON 422 instead of a page: every text field
    is limited to what its form's page accepts."""
    html = client.get(path).text
    inputs = re.findall(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    checked = 0
    for action, body in inputs:
        for field in re.findall(r'<input[^>]*type="(?:text|search)"[^>]*>', body):
            name = re.search(r'name="([^"]+)"', field)
            limit = re.search(r'maxlength="(\d+)"', field)
            assert name and limit, field
            long = "x" * int(limit.group(1))
            assert client.get(action, params={name.group(1): long}).status_code == 200, field
            too_long = long + "x"
            assert client.get(action, params={name.group(1): too_long}).status_code == 422
            checked += 1
    assert checked >= 1


def test_english_analysis_counts_in_good_english(real_app: Any) -> None:
    with real_app.client(follow_redirects=True) as real:
        html = real.get("/analys?lang=en").text
    assert "1 body (" in html and "no longer reaches the rest of the map" in html
    assert re.search(r"\b([2-9]|\d\d+) bodies \(.*?\) no longer reach the rest", html)
    assert not re.search(r"\b1 bodies\b", html)
    assert "Collaboration hangs on" in html and "Samverkan hänger" not in html
    assert "The theme " in html or "no forum" not in html


def test_decision_body_and_no_path(client: TestClient) -> None:
    ks = client.get("/noder/kommunstyrelsen").text
    assert "Kommunstyrelsen är ett beslutande organ: det beslutar för kommunen." in ks
    assert "Kartan vet inte vem som beslutar om detta." in client.get("/noder/en-vag-in").text


def test_unknown_body_is_an_html_404(client: TestClient) -> None:
    r = client.get("/noder/finns-inte")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "finns-inte" in r.text and 'href="/"' in r.text


def test_vis_network_comes_from_the_installed_pyvis(client: TestClient) -> None:
    r = client.get("/vendor/vis-network-9.1.2.min.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]
    assert "immutable" in r.headers["cache-control"]
    assert b"@version 9.1.2" in r.content[:600]
    assert client.get("/vendor/vis-network-9.1.2.min.css").status_code == 200
    missing = client.get("/vendor/../../etc/passwd")
    assert missing.status_code == 404
    assert client.get("/vendor/other.js").json() == {"detail": "not found"}


def test_static_files_are_served(client: TestClient) -> None:
    html = client.get("/karta").text
    for asset in re.findall(r'(?:src|href)="(/(?:static|vendor)/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize("path", [*PAGES, "/noder/rad", "/noder/beslut", "/noder/org",
                                  "/guide?q=klimat", "/noder?q=img", "/?lang=en",
                                  "/noder/rad?lang=en"])  # fmt: skip
def test_data_is_escaped_everywhere(xss: TestClient, path: str) -> None:
    html = xss.get(path).text
    for payload in PAYLOADS:
        assert payload not in html, path
    # the data is there, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;script&gt;" in html, path


def test_about_names_owner_version_and_newest_source(client: TestClient) -> None:
    html = client.get("/om").text
    assert (
        'Tills vidare hålls kartan aktuell av <a href="/noder/samverkansradet-au">AU</a>.' in html
    )
    assert "Vem som äger kartan är inte beslutat" in html
    # said once, in its section; the footer (which says it on every other page) leaves it out
    assert html.count("Tills vidare hålls kartan aktuell av") == 1
    assert html.count("Tills vidare hålls kartan aktuell av", 0, html.index("<footer")) == 1
    assert "sha256:" in html  # the data version
    assert "fram till 7 november 2023" in html
    assert "data/forums.yaml" in html and "kartan validate" in html


def test_sources_are_grouped_by_document(frontend_small: Map) -> None:
    """Outside body pages (needs, matters) a fact's sources are written out by document."""
    from api import pageviews as pv

    refs = pv.source_refs(frontend_small, ["001 L18", "001 §2 L61", "002", "001 L18"], "sv")
    assert [(r.id, r.item, r.refs) for r in refs] == [
        ("001", "L18, §2 L61", ("001 L18", "001 §2 L61")),
        ("002", "", ("002",)),
    ]


def test_notes_number_each_citation_once_and_link_back(frontend_small: Map) -> None:
    """Body pages (issue 15): one number per citation, the same citation keeps its number,
    each note knows every place that cites it."""
    from api import pageviews as pv

    notes = pv.Notes(frontend_small, "sv")
    first = notes.cite(pv.source_refs(frontend_small, ["001 §2 L61", "002"], "sv"))
    again = notes.cite(pv.source_refs(frontend_small, ["002", "002", "001 L18"], "sv"))
    assert [(c.number, c.anchor) for c in first] == [(1, "cite-1-1"), (2, "cite-2-1")]
    assert [(c.number, c.anchor) for c in again] == [(2, "cite-2-2"), (3, "cite-3-1")]
    assert [(n.number, n.ref, n.item, n.backlinks) for n in notes.notes] == [
        (1, "001 §2 L61", "§2 L61", ["cite-1-1"]),
        (2, "002", "", ["cite-2-1", "cite-2-2"]),
        (3, "001 L18", "L18", ["cite-3-1"]),
    ]
    assert notes.notes[0].title == frontend_small.sources["001"].title


def test_body_page_cites_numbered_notes_not_source_lists(client: TestClient) -> None:
    for lang, label in (("sv", "Källa"), ("en", "Source")):
        html = client.get(f"/noder/samverkansradet?lang={lang}").text
        numbers = re.findall(r'<li id="note-(\d+)">', html)
        assert numbers == [str(i) for i in range(1, len(numbers) + 1)] and numbers
        cites = re.findall(r'<a class="note-ref" href="#note-(\d+)" id="cite-(\d+)-\d+" '
                           r'aria-label="(\w+) (\d+)">\[(\d+)\]</a>', html)  # fmt: skip
        assert cites and all(n == m == k == shown for n, m, _, k, shown in cites)
        assert {c[0] for c in cites} == set(numbers)  # every note cited, every cite resolves
        assert {c[2] for c in cites} == {label}
        backs = set(re.findall(r'<a href="#(cite-\d+-\d+)"', html))
        assert backs == set(re.findall(r'id="(cite-\d+-\d+)"', html))
        # the body's own "002" and its contact's "002" share one note
        assert html.count('<li id="note-') == len(set(re.findall(r'note-ref-raw">([^<]+)<', html)))
        assert 'class="refs"' not in html and '<ul class="sources"' not in html


def test_start_page_lists_good_entry_points_by_usefulness_not_alphabet(
    client: TestClient,
) -> None:
    """A council with a way to take part before an assignment with none (issue 15); the
    alphabet would put "En väg in" first."""
    html = client.get("/").text
    section = html.split("<h3>", 1)[1]
    order = re.findall(r'<li><a href="/noder/([a-z0-9-]+)"', section)[:3]
    assert order == ["samverkansradet", "foreningsradets-klimatnatverk", "en-vag-in"]


def test_summary_cuts_whole_sentences_or_words_never_a_word() -> None:
    """The body page's "I korthet" (issue 15): "… att skriva under. L…" was a cut word."""
    from api.pageviews import brief

    council = (
        "Råd där civilsamhällets organisationer, politiker och kommunens tjänstepersoner "
        "möts. Rådet ska göra samverkan möjlig utifrån Överenskommelsen om samverkan, vara "
        "ambassadör för den och uppmuntra fler att skriva under. Ledamöterna representerar "
        "hela civilsamhället."
    )
    assert brief(council, 220).endswith("att skriva under. …")
    assert brief("Ett mycket långt ord: Samverkansrådsledamöterna", 30) == "Ett mycket långt ord …"
    assert brief("Kort  text.", 20) == "Kort text."
    for limit in range(10, 240, 7):
        cut = brief(council, limit)
        assert len(cut) <= limit + 1
        words = [w.rstrip(",;:") for w in cut.removesuffix(" …").split()]
        assert words == [w.rstrip(",;:") for w in council.split()[: len(words)]]  # whole words


@pytest.mark.parametrize("where", [(0.0, 0.0), (-250.0, 730.0)])
def test_the_preview_of_a_one_body_map_puts_it_in_the_middle(where: tuple[float, float]) -> None:
    """A new map (``kartan init``) has one body: its dot is in the middle of the picture,
    wherever the layout put it (it was drawn in the top-left corner)."""
    m = Map(example_file({"id": "a", "kind": "council", "name": "A", "sources": ["s"]}))
    picture = preview(m, {"a": where}, width=640, height=400)
    assert [(d.x, d.y) for d in picture.dots] == [(320.0, 200.0)]


def test_the_preview_keeps_every_dot_inside_the_picture() -> None:
    m = Map(
        example_file(
            *({"id": i, "kind": "council", "name": i.upper(), "sources": ["s"]} for i in "abc")
        )
    )
    picture = preview(m, {"a": (0.0, 0.0), "b": (100.0, 0.0), "c": (50.0, 30.0)})
    xs = [d.x for d in picture.dots]
    ys = [d.y for d in picture.dots]
    assert min(xs) >= 12 and max(xs) <= 640 - 12 and min(ys) >= 12 and max(ys) <= 400 - 12
    assert round((min(xs) + max(xs)) / 2) == 320 and round((min(ys) + max(ys)) / 2) == 200
