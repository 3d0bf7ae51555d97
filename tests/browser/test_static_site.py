"""``kartan build-site``: the static copy works in Chromium without the API process.

The site is built into a temporary folder and served by ``python -m http.server`` under
a sub-path (``/sub/path/site/``), so every link must be relative.  Each page is watched
for console errors, page errors and requests to any other origin (``make_page``), and
every response must be found (no 404).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_util import Server

from benchmarks import serving
from tests.helpers import API_SMALL, REAL_MAP, ROOT

PREFIX = "/sub/path/site/"

pytestmark = pytest.mark.browser


def build_site(out: Path, data: Path) -> subprocess.CompletedProcess[str]:
    """``kartan build-site OUT --data DATA`` in a Python of its own, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kartan_cli", "build-site", str(out), "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site for the real map (the small API map while it does not exist)."""
    data = REAL_MAP if REAL_MAP.exists() else API_SMALL
    top = tmp_path_factory.mktemp("static")
    out = top / PREFIX.strip("/")
    proc = build_site(out, data)
    assert proc.returncode == 0, proc.stderr
    assert "build-site: " in proc.stdout
    return out


@pytest.fixture(scope="module")
def static_server(built: Path) -> Iterator[Server]:
    """``python -m http.server`` on the folder above the sub-path; no app process."""
    top = built.parents[len(Path(PREFIX.strip("/")).parts) - 1]
    port = serving.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=top,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        serving.wait_until_ready(
            lambda: serving.answers(url + PREFIX, timeout=2), proc, timeout=30, what=url
        )
    except RuntimeError:
        proc.kill()
        raise
    yield Server(url, built, proc)
    serving.stop_process(proc)


@pytest.fixture
def open_page(
    make_page: Callable[..., tuple[Any, Any]], static_server: Server
) -> Callable[..., Any]:
    """``open_page(path)``: a watched page at the site's path; fails on any 404."""

    def open_(path: str = "", **options: Any) -> Any:
        page, _watch = make_page(static_server, **options)
        missing: list[str] = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(static_server.url + PREFIX + path)
        page.missing = missing
        return page

    return open_


def _json(built: Path, file: str) -> Any:
    return json.loads((built / file).read_text(encoding="utf-8"))


def _nodes(built: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _json(built, "api/nodes.json")["items"]
    return items


# --------------------------------------------------------------------------- the files


def test_build_writes_pages_and_answers(built: Path) -> None:
    assert (built / ".kartan-site").exists()
    assert (built / "index.html").exists()
    for node in _nodes(built):
        assert (built / "noder" / node["id"] / "index.html").exists(), node["id"]
        assert _json(built, f"api/nodes/{node['id']}.json")["id"] == node["id"]
    graph = _json(built, "api/graph.json")
    assert len(graph["nodes"]) == _json(built, "api/map.json")["counts"]["nodes"]
    assert _json(built, "api/changes.json")["items"]
    assert list((built / "api" / "guide").glob("q-*.json"))
    assert list((built / "api" / "export").glob("*.csv"))
    assert (built / "static" / "js" / "static-site.js").exists()
    for page in built.rglob("*.html"):
        if "api" in page.relative_to(built).parts:
            continue  # the one-file map export is standalone
        text = page.read_text(encoding="utf-8")
        assert 'href="/' not in text and 'src="/' not in text and 'action="/' not in text, page


def test_build_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "important.txt").write_text("keep me", encoding="utf-8")
    proc = build_site(tmp_path, API_SMALL)
    assert proc.returncode == 2
    assert "inte tom" in proc.stderr
    assert (tmp_path / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_build_refuses_invalid_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(API_SMALL.read_text(encoding="utf-8").replace("id: au", "id: AU"), "utf-8")
    proc = build_site(tmp_path / "out", bad)
    assert proc.returncode == 1
    assert "error" in proc.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- in Chromium


def test_start_page_and_navigation(open_page: Callable[..., Any], built: Path) -> None:
    page = open_page("")
    assert page.locator('meta[name="kartan-static"]').count() == 1
    page.click(".site-nav a[href$='noder/']")
    page.wait_for_url("**" + PREFIX + "noder/")
    assert page.locator("table.directory tbody tr").count() >= 1
    assert not page.missing


def test_map_draws_every_node_and_the_date_slider_works(
    open_page: Callable[..., Any], built: Path
) -> None:
    page = open_page("karta/")
    page.wait_for_function("() => window.kartanReady === true", timeout=30_000)
    total = len(_json(built, "api/graph.json")["nodes"])
    assert page.evaluate("window.kartanNodes.length") == total
    # The map as it stood at the start of the slider is computed from the graph file.
    page.evaluate(
        "() => { const s = document.getElementById('map-date'); s.value = s.min;"
        " s.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_function(
        "() => { const a = document.getElementById('kartan-app');"
        " return a.getAttribute('data-date') && !a.hasAttribute('data-date-loading'); }"
    )
    start = page.evaluate("document.getElementById('kartan-app').getAttribute('data-date')")
    graph = _json(built, "api/graph.json")
    expected = sum(
        1
        for n in graph["nodes"]
        if (not n["valid_from"] or n["valid_from"] <= start)
        and (not n["valid_until"] or start <= n["valid_until"])
    )
    shown = page.evaluate("window.kartanNodes.get({filter: n => !n.hidden}).length")
    assert shown == expected
    assert not page.missing


def test_map_panel_and_deep_link(open_page: Callable[..., Any], built: Path) -> None:
    node = _nodes(built)[0]
    page = open_page(f"karta/#nod={node['id']}")
    page.wait_for_function("() => window.kartanReady === true", timeout=30_000)
    panel = page.locator("#map-panel")
    panel.wait_for(state="visible")
    assert node["name"] in panel.inner_text()
    # The panel's link to the body page (made by the script) works under the sub-path.
    page.locator("#map-panel a", has_text=node["name"]).first.click() if page.locator(
        "#map-panel a", has_text=node["name"]
    ).count() else page.locator("#map-panel a[href*='noder']").first.click()
    page.wait_for_url(f"**{PREFIX}noder/**")
    assert not page.missing


def test_map_search(open_page: Callable[..., Any], built: Path) -> None:
    node = max(_nodes(built), key=lambda n: len(n["name"]))
    page = open_page("karta/")
    page.wait_for_function("() => window.kartanReady === true", timeout=30_000)
    page.fill("#map-q", node["name"][:-1].lower())
    page.press("#map-q", "Enter")
    page.locator("#map-panel").wait_for(state="visible")
    assert node["name"] in page.locator("#map-panel").inner_text()
    assert not page.missing


def test_body_pages(open_page: Callable[..., Any], built: Path) -> None:
    for node in _nodes(built)[:5]:
        page = open_page(f"noder/{node['id']}/")
        assert page.locator("h1").inner_text() == node["name"]
        assert not page.missing
        page.close()


def test_body_page_links_under_the_sub_path(open_page: Callable[..., Any], built: Path) -> None:
    node = next(n for n in _nodes(built) if n["themes"])
    page = open_page(f"noder/{node['id']}/")
    page.click(".node-actions a.primary")  # Visa på kartan
    page.wait_for_url(f"**{PREFIX}karta/#nod={node['id']}")
    page.locator("#map-panel").wait_for(state="visible")
    page.go_back()
    page.click(".node-actions a.secondary")  # Föreslå ändring: the tip form on the page
    page.wait_for_url(f"**{PREFIX}noder/{node['id']}/#tipsa")
    page.fill("#tip-text", "Nätverket har bytt namn.")
    page.click("form.tip-form button[type=submit]")  # posting needs the live service
    notice = page.locator("form.tip-form .static-notice")
    notice.wait_for(state="visible")
    assert "levande tjänsten" in notice.inner_text()
    assert not page.missing


def test_search_suggestions(open_page: Callable[..., Any], built: Path) -> None:
    node = max(_nodes(built), key=lambda n: len(n["name"]))
    page = open_page("")
    box = page.locator("[data-suggest] input").first
    box.fill(node["name"][:4])
    option = page.locator(".suggest-list li", has_text=node["name"]).first
    option.wait_for(state="visible")
    option.dispatch_event("mousedown")
    page.wait_for_url(f"**{PREFIX}noder/{node['id']}/")
    assert page.locator("h1").inner_text() == node["name"]
    assert not page.missing


def test_directory_filters_from_the_address(open_page: Callable[..., Any], built: Path) -> None:
    nodes = _nodes(built)
    node = next(n for n in nodes if n["themes"])
    theme = node["themes"][0]
    expected = sorted(n["name"] for n in nodes if theme in n["themes"])
    page = open_page("noder/")
    page.select_option("#f-theme", theme)
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**noder/?*")
    page.wait_for_function(
        f"() => document.querySelectorAll('table.directory tbody tr').length === {len(expected)}"
    )
    names = page.locator("table.directory tbody tr td:first-child a").all_inner_texts()
    assert sorted(names) == expected
    assert page.locator("#f-theme").input_value() == theme
    assert not page.missing


def test_directory_free_text_searches_descriptions(
    open_page: Callable[..., Any], built: Path
) -> None:
    """As in the live directory, a word found only in a description finds the body."""

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

    def word_of(node: dict[str, Any]) -> str | None:
        names = fold(" ".join([node["name"], node["id"], *(node.get("aliases") or [])]))
        words = re.findall(r"[^\W\d_]{7,}", fold(node.get("description") or ""))
        return next((w for w in sorted(words, key=len, reverse=True) if w not in names), None)

    node, word = next((n, w) for n in _nodes(built) if (w := word_of(n)))
    page = open_page(f"noder/?q={word}")
    page.wait_for_function(
        "(name) => [...document.querySelectorAll('table.directory tbody tr td:first-child a')]"
        ".some(a => a.textContent === name)",
        arg=node["name"],
    )
    assert not page.missing


def test_guide_by_theme_and_audience(open_page: Callable[..., Any], built: Path) -> None:
    m = _json(built, "api/map.json")
    assert m["counts"]["themes"] >= 1
    page = open_page("guide/")
    themes = page.locator("#ask-theme option").evaluate_all("os => os.map(o => o.value)")
    audiences = page.locator("#ask-audience option").evaluate_all("os => os.map(o => o.value)")
    theme, audience = next(t for t in themes if t), next(a for a in audiences if a)
    page.select_option("#ask-theme", theme)
    page.select_option("#ask-audience", audience)
    page.click("form.ask-form button[type=submit]")
    page.wait_for_url("**guide/?*")
    answers = page.locator(".static-guide .answer")
    answers.first.wait_for(state="visible")
    from api.site import static_path

    expected = json.loads(
        (built / static_path(f"/api/guide?audience={audience}&theme={theme}")).read_text("utf-8")
    )
    assert answers.count() == len(expected["items"]) > 0
    first = expected["items"][0]
    assert first["why"] in answers.first.inner_text()
    answers.first.locator("h3 a").click()
    page.wait_for_url(f"**{PREFIX}noder/{first['id']}/")
    assert not page.missing


def test_guide_free_text_needs_the_live_service(open_page: Callable[..., Any]) -> None:
    page = open_page("")
    page.fill("#ask-q", "Vi vill jobba med klimatet")
    page.locator("form.ask-form button[type=submit]").first.click()
    page.wait_for_url("**guide/?*")
    notice = page.locator(".static-notice")
    notice.wait_for(state="visible")
    assert "levande tjänsten" in notice.inner_text()
    assert page.locator("#ask-q").input_value() == "Vi vill jobba med klimatet"
    assert not page.missing


def test_guide_organisation_needs_the_live_service(open_page: Callable[..., Any]) -> None:
    """Choosing only "Er organisation" says why nothing comes, instead of showing nothing."""
    page = open_page("guide/")
    orgs = page.locator("#ask-org option").evaluate_all("os => os.map(o => o.value)")
    org = next(o for o in orgs if o)
    page.select_option("#ask-org", org)
    page.click("form.ask-form button[type=submit]")
    page.wait_for_url("**guide/?*")
    notice = page.locator(".static-guide .static-notice")
    notice.wait_for(state="visible")
    assert "levande tjänsten" in notice.inner_text()
    assert page.locator("#ask-org").input_value() == org
    assert page.locator(".static-guide .answer").count() == 0
    themes = page.locator("#ask-theme option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("#ask-theme", next(t for t in themes if t))
    page.click("form.ask-form button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('.static-guide .answer').length > 0")
    assert "organisationen" in page.locator(".static-guide .static-notice").inner_text()
    assert not page.missing


def test_english_pages(open_page: Callable[..., Any]) -> None:
    page = open_page("")
    page.click("a.lang-toggle")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert PREFIX in page.url
    assert not page.missing


def test_changes_page(open_page: Callable[..., Any]) -> None:
    page = open_page("andringar/")
    assert page.locator("h1").inner_text() == "Ändringar"
    assert not page.missing


def test_site_folder_can_be_moved(built: Path, tmp_path: Path) -> None:
    """Nothing in the files names the folder they were built in."""
    copy = tmp_path / "elsewhere"
    shutil.copytree(built, copy)
    for page in copy.rglob("index.html"):
        assert str(built) not in page.read_text(encoding="utf-8")
