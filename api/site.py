"""``kartan build-site OUT/``: the whole site as static files, rendered by the app itself.

The app (:func:`api.app.create_app`) runs in-process; every page and every API GET
answer for the current map is requested through it (Starlette's test client, no
network) and written to ``OUT/``:

* pages as ``index.html`` in folders (``/noder/radet`` -> ``noder/radet/index.html``); a
  page with a query gets a folder named by a hash of the query
  (``/noder?kind=forum`` -> ``noder/q-1a2b3c4d/index.html``), see :func:`static_path`;
* API answers as files (``/api/nodes/radet`` -> ``api/nodes/radet.json``,
  ``/api/guide?theme=klimat&audience=x`` -> ``api/guide/q-….json``), exports under their
  download names (``api/export/samverkanskartan-nodes.csv``);
* the static assets and vis-network.

Pages are found by following links from the start page (and every body's page), so
whatever a visitor can click is there.  Every absolute link (``href``, ``src``,
``action``) is rewritten relative to the page, so the folder works under any sub-path.
Each page is marked ``<meta name="kartan-static" content="1">`` and
``<html data-api-base="../../">`` (the way back to the site's root) and loads
``static/js/static-site.js``, which maps the JavaScript's API calls onto the files
(see ``docs/site.md``).  The entry-point guide is precomputed for every theme ×
audience pair; a free-text question says it needs the live service.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import shutil
import warnings
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from api.app import create_app
from api.i18n import STATIC_SITE_KEYS, text
from api.settings import Settings
from kartan.errors import KartanError

MARKER = ".kartan-site"
STATIC_SCRIPT = "/static/js/static-site.js"
NOTICE_DIR = "tjanst"
MAX_PAGES = 20_000
SEED_PAGES = ("/", "/karta", "/noder", "/guide", "/analys", "/om", "/andringar")
LIVE_ONLY = re.compile(r"^/noder/[^/]+/foresla$|^/healthz$|^/tipsa(/.*)?$|^/forvaltning(/.*)?$")
ATTR_LINK = re.compile(r'(\s(?:href|src|action|poster|data-script)=")(/(?!/)[^"]*)(")')
CSS_URL = re.compile(r"url\((['\"]?)(/(?!/)[^'\")]+)\1\)")
EXTENSIONS = {
    "application/json": ".json",
    "text/html": ".html",
    "text/csv": ".csv",
    "text/calendar": ".ics",
    "application/graphml+xml": ".graphml",
    "application/gexf+xml": ".gexf",
    "text/css": ".css",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "image/svg+xml": ".svg",
}


class SiteError(KartanError):
    """The site cannot be built (no valid map, or the output folder is unsafe)."""


# --------------------------------------------------------------------------- URL -> file


def fnv1a(text: str) -> str:
    """FNV-1a (32 bit) of the UTF-8 text as 8 hex digits; static-site.js computes the same.

    >>> fnv1a(""), fnv1a("kind=forum")
    ('811c9dc5', 'a391979b')
    """
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def normal_query(query: str) -> str:
    """The query as the static site names it: empty values and ``lang=sv`` left out,
    pairs sorted.

    >>> normal_query("sort=name&lang=sv&kind=&q=KS")
    'q=KS&sort=name'
    """
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if v != "" and not (k == "lang" and v == "sv")
    ]
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def static_path(url: str) -> str:
    """The file (relative to the site's root) for an app URL, for pages and JSON answers.

    >>> static_path("/"), static_path("/noder/radet"), static_path("/noder?kind=forum")
    ('index.html', 'noder/radet/index.html', 'noder/q-a391979b/index.html')
    >>> static_path("/api/nodes/radet"), static_path("/api/openapi.json")
    ('api/nodes/radet.json', 'api/openapi.json')
    """
    parts = urlsplit(url)
    path = unquote(parts.path).strip("/")
    query = normal_query(parts.query)
    if path.startswith("api/") or path == "api":
        last = path.rsplit("/", 1)[-1]
        if query:
            return f"{path}/q-{fnv1a(query)}.json"
        return path if "." in last else f"{path}.json"
    if path.startswith(("static/", "vendor/")):
        return path
    folder = f"{path}/" if path else ""
    if query:
        folder += f"q-{fnv1a(query)}/"
    return folder + "index.html"


def relative(from_file: str, to_file: str) -> str:
    """A relative URL from one file of the site to another (folders end with '/').

    >>> relative("noder/radet/index.html", "karta/index.html")
    '../../karta/'
    >>> relative("index.html", "api/graph.json")
    'api/graph.json'
    """
    target = to_file[: -len("index.html")] if to_file.endswith("index.html") else to_file
    start = posixpath.dirname(from_file) or "."
    rel = posixpath.relpath(target or ".", start)
    if rel == ".":
        return "./"
    return rel + "/" if (target.endswith("/") or target == "") and not rel.endswith("/") else rel


def root_of(file: str) -> str:
    """The way from a file back to the site's root ('' at the top, '../' one down).

    >>> root_of("index.html"), root_of("noder/radet/index.html")
    ('', '../../')
    """
    depth = file.count("/")
    return "../" * depth


# --------------------------------------------------------------------------- crawling


@dataclass
class Fetched:
    """One answer of the app: where it goes, its type and body."""

    url: str
    file: str
    media: str
    body: bytes


@dataclass
class SiteReport:
    """What was written."""

    out: Path
    pages: int = 0
    json: int = 0
    other: int = 0
    bytes: int = 0
    skipped: list[str] = field(default_factory=list)
    guide_pairs: int = 0

    def summary(self) -> str:
        return (
            f"{self.pages} sidor, {self.json} JSON-svar, {self.other} andra filer "
            f"({self.bytes / 1_000_000:.1f} MB) i {self.out}; guiden förberäknad för "
            f"{self.guide_pairs} par av tema × målgrupp"
        )


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _file_for(url: str, media: str, disposition: str) -> str:
    """The file an answer is written to: :func:`static_path`, downloads by their name."""
    file = static_path(url)
    if not file.startswith("api/"):
        return file
    name = re.search(r'filename="?([^";]+)"?', disposition or "")
    has_query = bool(normal_query(urlsplit(url).query))
    if name:
        folder = file[: -len(".json")] if has_query else posixpath.dirname(file)
        return f"{folder}/{name.group(1)}"
    ext = EXTENSIONS.get(media, "")
    if ext and ext != ".json" and file.endswith(".json") and not url.endswith(".json"):
        return file[: -len(".json")] + ext
    return file


def _links(text: str) -> Iterable[str]:
    for match in ATTR_LINK.finditer(text):
        yield html.unescape(match.group(2))


def _is_page(url: str) -> bool:
    path = urlsplit(url).path
    return not path.startswith(("/api/", "/static/", "/vendor/")) and path not in ("/api",)


class Crawler:
    """Requests pages and answers from the app, following links from the start page."""

    def __init__(self, get: Callable[[str], Any], max_pages: int = MAX_PAGES) -> None:
        self.get = get
        self.max_pages = max_pages
        self.fetched: dict[str, Fetched] = {}
        self.failed: dict[str, int] = {}
        self.queue: deque[str] = deque()
        self.seen: set[tuple[str, str]] = set()
        self.pages = 0

    def add(self, url: str) -> None:
        url = url.split("#", 1)[0]
        key = _key(url)
        if not url or key in self.seen:
            return
        if LIVE_ONLY.match(urlsplit(url).path):
            return
        if _is_page(url):
            if self.pages >= self.max_pages:
                return
            self.pages += 1
        self.seen.add(key)
        self.queue.append(url)

    def run(self) -> None:
        while self.queue:
            url = self.queue.popleft()
            self.fetch(url)

    def fetch(self, url: str) -> Fetched | None:
        response = self.get(url)
        if response.status_code != 200:
            self.failed[url] = response.status_code
            return None
        media = _media(response.headers.get("content-type", ""))
        file = _file_for(url, media, response.headers.get("content-disposition", ""))
        got = Fetched(url, file, media, response.content)
        self.fetched[url] = got
        if media == "text/html":
            for link in _links(response.text):
                self.add(link)
        elif media == "text/css":
            for match in CSS_URL.finditer(response.text):
                self.add(match.group(2))
        return got


# --------------------------------------------------------------------------- rewriting


def rewrite_html(text: str, file: str, files: dict[str, str] | _LinkMap) -> str:
    """Absolute links made relative to ``file``; the static-site marks and script added."""
    lookup = files if isinstance(files, _LinkMap) else _LinkMap(files)

    def repl(match: re.Match[str]) -> str:
        raw = html.unescape(match.group(2))
        fragment = ""
        if "#" in raw:
            raw, fragment = raw.split("#", 1)
            fragment = "#" + fragment
        parts = urlsplit(raw)
        if parts.path == "/karta" and "nod=" in parts.query:
            nod = dict(parse_qsl(parts.query)).get("nod", "")
            fragment = f"#nod={nod}"
        target = lookup.find(raw)
        if target is None:
            if not _is_page(raw):
                return match.group(0)
            target = f"{NOTICE_DIR}/index.html"  # a page the build did not reach
        new = relative(file, target) + fragment
        return match.group(1) + html.escape(new, quote=True) + match.group(3)

    text = ATTR_LINK.sub(repl, text)
    base = root_of(file)
    page_lang = re.search(r'<html[^>]*\slang="(\w+)"', text)
    marks = (
        '<meta name="kartan-static" content="1">'
        f"{script_strings(page_lang.group(1) if page_lang else 'sv')}"
        f'<script src="{html.escape(base)}static/js/static-site.js"></script>'
    )
    text = re.sub(r"<head>", "<head>" + marks, text, count=1)
    return re.sub(
        r"<html([^>]*)>",
        lambda m: f'<html{m.group(1)} data-api-base="{html.escape(base)}" data-static="1">',
        text,
        count=1,
    )


def script_strings(lang: str) -> str:
    """The texts static-site.js shows, from :mod:`api.i18n`, as a JSON script element.

    >>> "Suggestions" in script_strings("en") and "Förslag" in script_strings("sv")
    True
    """
    strings = {k.removeprefix("static_"): text(k, lang) for k in STATIC_SITE_KEYS}
    body = json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="kartan-static-strings">{body}</script>'


def rewrite_css(text: str, file: str, files: dict[str, str] | _LinkMap) -> str:
    lookup = files if isinstance(files, _LinkMap) else _LinkMap(files)

    def repl(match: re.Match[str]) -> str:
        target = lookup.find(match.group(2))
        if target is None:
            return match.group(0)
        return f"url({match.group(1)}{relative(file, target)}{match.group(1)})"

    return CSS_URL.sub(repl, text)


def _key(url: str) -> tuple[str, str]:
    """A URL as (path, normalised query); assets are the same file whatever their query."""
    parts = urlsplit(url.split("#", 1)[0])
    if parts.path.startswith(("/static/", "/vendor/")):
        return parts.path, ""
    if parts.path == "/karta" and "nod=" in parts.query:
        return parts.path, ""  # the map opens on a node from the fragment (#nod=)
    return parts.path, normal_query(parts.query)


class _LinkMap:
    """URL -> file, looked up by path and normalised query."""

    def __init__(self, files: dict[str, str]) -> None:
        self.by_key: dict[tuple[str, str], str] = {}
        for url, file in files.items():
            self.by_key.setdefault(_key(url), file)

    def find(self, url: str) -> str | None:
        if LIVE_ONLY.match(urlsplit(url).path):
            return f"{NOTICE_DIR}/index.html"
        return self.by_key.get(_key(url))


# --------------------------------------------------------------------------- the build


def notice_html(css: str) -> str:
    """The page for what needs the live service: Swedish, with the English below it."""

    def part(lang: str) -> str:
        mark = f' lang="{lang}"' if lang != "sv" else ""
        return (
            f"<section{mark}><h{1 if lang == 'sv' else 2}>"
            f"{html.escape(text('static_notice_title', lang))}</h{1 if lang == 'sv' else 2}>"
            f'<p class="lead">{html.escape(text("static_notice_lead", lang))}</p>'
            f"<p>{html.escape(text('static_notice_edit', lang))}</p>"
            f'<p><a href="../">{html.escape(text("back_to_start", lang))}</a></p></section>'
        )

    return (
        '<!doctype html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(text('static_notice_title', 'sv'))} – Samverkanskartan</title>\n"
        f'<link rel="stylesheet" href="{html.escape(css)}">\n</head>\n<body>\n'
        f'<main id="main" class="wrap page prose">{part("sv")}{part("en")}</main>\n'
        "</body>\n</html>\n"
    )


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} finns och är ingen mapp (exists and is not a folder)")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(
            f"{out} är inte tom och är inte en tidigare byggd webbplats; välj en ny eller tom "
            f"mapp (not empty and not a previous build; choose a new or empty folder)"
        )


def _api_urls(m: Any) -> list[str]:
    """Every API GET answer worth writing for the map ``m``."""
    from kartan.export import FORMATS

    urls = ["/api/map", "/api/graph", "/api/analysis", "/api/openapi.json"]
    urls.append("/api/needs")  # the map's needs toggle (issue 14)
    urls.append("/api/nodes?limit=500")
    urls.append("/api/changes?limit=100")
    for node_id in m.nodes:
        urls += [f"/api/nodes/{node_id}", f"/api/nodes/{node_id}/neighbours"]
    urls += [f"/api/export/{fmt}" for fmt in FORMATS]
    return urls


def guide_urls(m: Any) -> list[str]:
    """``/api/guide`` for every theme × audience pair (either may be left out, not both);
    the audiences are the choices of the guide page's "Vem är ni?"."""
    from api.routes.pages import _asker_options

    themes = ["", *sorted(m.themes)]
    audiences = ["", *sorted({o.value for o in _asker_options(m, "sv")})]
    urls = []
    for theme in themes:
        for audience in audiences:
            if not theme and not audience:
                continue
            params = [p for p in (("audience", audience), ("theme", theme)) if p[1]]
            urls.append("/api/guide?" + "&".join(f"{k}={v}" for k, v in params))
    return urls


def build_site(data: Path, out: Path, *, max_pages: int = MAX_PAGES) -> SiteReport:
    """Render the site for the map in ``data`` into ``out`` (see the module docstring)."""
    _check_out(out)
    settings = Settings(data=data, watch_interval=0)
    app = create_app(settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    report = SiteReport(out)
    with TestClient(app, raise_server_exceptions=False) as client:
        store = app.state.store
        if store.snapshot is None:
            raise SiteError(store.unavailable_detail())
        m = store.snapshot.map
        crawler = Crawler(lambda url: client.get(url, follow_redirects=False), max_pages)
        for url in SEED_PAGES:
            crawler.add(url)
        crawler.add(STATIC_SCRIPT)
        for node_id in m.nodes:
            crawler.add(f"/noder/{node_id}")
        for url in _api_urls(m):
            crawler.add(url)
        guide = guide_urls(m)
        for url in guide:
            crawler.add(url)
        crawler.run()
        report.guide_pairs = sum(1 for u in guide if u in crawler.fetched)
    report.skipped = sorted(f"{u} ({s})" for u, s in crawler.failed.items())
    _write(crawler, out, report)
    return report


def _write(crawler: Crawler, out: Path, report: SiteReport) -> None:
    files = {url: f.file for url, f in crawler.fetched.items()}
    # /api/nodes?limit=500 is the whole list: also the plain /api/nodes file.
    if "/api/nodes?limit=500" in crawler.fetched:
        whole = crawler.fetched["/api/nodes?limit=500"]
        crawler.fetched["/api/nodes"] = Fetched(
            "/api/nodes", "api/nodes.json", whole.media, whole.body
        )
    if "/api/changes?limit=100" in crawler.fetched:
        whole = crawler.fetched["/api/changes?limit=100"]
        crawler.fetched["/api/changes"] = Fetched(
            "/api/changes", "api/changes.json", whole.media, whole.body
        )
    links = _LinkMap(files)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(
        json.dumps({"built": dt.datetime.now(dt.UTC).isoformat()}) + "\n", encoding="utf-8"
    )
    for fetched in crawler.fetched.values():
        body = fetched.body
        if fetched.media == "text/html" and not fetched.url.startswith("/api/"):
            text = rewrite_html(body.decode("utf-8"), fetched.file, links)
            body = text.encode("utf-8")
            report.pages += 1
        elif fetched.media == "text/css":
            body = rewrite_css(body.decode("utf-8"), fetched.file, links).encode("utf-8")
            report.other += 1
        elif fetched.media == "application/json":
            report.json += 1
        else:
            report.other += 1
        target = out / fetched.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        report.bytes += len(body)
    notice = out / NOTICE_DIR / "index.html"
    notice.parent.mkdir(parents=True, exist_ok=True)
    css = files.get("/static/css/kartan.css") or next(
        (f for u, f in files.items() if u.startswith("/static/css/kartan.css")), ""
    )
    notice.write_text(
        notice_html(relative(f"{NOTICE_DIR}/index.html", css) if css else ""), encoding="utf-8"
    )
    report.pages += 1
