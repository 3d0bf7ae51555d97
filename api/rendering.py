"""What every HTML page shares: the Jinja2 environment, the map being served, the
language of the request, and :func:`render` (the page with its shared context).

The page routes (``api/routes/*``) and the error handlers (:mod:`api.errors`, which
renders the HTML 404) both build on this module; it imports neither, so the layers of
``api/`` stay free of cycles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api import pageviews as pv
from api.assets import STATIC, TEMPLATES
from api.i18n import LANG_COOKIE, LANGS, count_word, pick_lang, translator
from api.state import MapUnavailableError, Snapshot
from kartan import present, wording
from kartan.labels import kind_label
from kartan.map import Map
from kartan.style import KIND_STYLE

YEAR = 365 * 24 * 3600


@cache
def environment() -> Environment:
    """The Jinja2 environment of the pages (autoescape on for every template).

    Templates ship with the code, so each is compiled once per process and never looked
    at again (``auto_reload=False``): with reloading on, every ``{% include %}`` (a
    node page includes ``_sources.html`` once per source list) stat()ed its file on
    every request."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["static"] = static_url
    env.filters["marked"] = pv.marked
    env.filters["brief"] = pv.brief  # the body page's summary (issue 15)
    env.globals["vendor"] = vendor_url
    return env


@cache
def _static_digest(name: str) -> str:
    path = STATIC / name
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def static_url(name: str) -> str:
    """URL of one of our static files, with a content hash so it can be cached long."""
    return f"/static/{name}?v={_static_digest(name)}"


def vendor_url(name: str) -> str:
    return f"/vendor/{name}"


def current_snapshot(request: Request) -> Snapshot:
    """The snapshot being served (``app.state.store``, kept current by ``api.state``).

    While no valid data file has been loaded this raises ``MapUnavailableError``,
    which the app answers with 503 and a JSON ``{"detail": ...}``.
    """
    store = request.app.state.store
    snap = store.snapshot
    if snap is None:
        raise MapUnavailableError(store.unavailable_detail())
    assert isinstance(snap, Snapshot)
    return snap


def current_map(request: Request) -> Map:
    """The map being served (see :func:`current_snapshot`)."""
    return current_snapshot(request).map


def map_at(snap: Snapshot, at: str) -> tuple[Map, dt.date | None]:
    """The map as it stood on ``at`` (YYYY-MM-DD); a missing or nonsense date is today.

    The dated map comes from the snapshot's per-date cache (:meth:`Snapshot.at`), as the
    API's does, so that what is built from it (search index, layout, decisions) is too.
    """
    try:
        day = dt.date.fromisoformat(at) if at else None
    except ValueError:
        day = None
    return snap.at(day), day


def request_lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def url_with(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (None or '' removes one)."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    for key, value in changes.items():
        if value in (None, "", False):
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def place_fields(m: Map, t: Callable[..., str]) -> dict[str, str]:
    """``in_place`` (" i Lindesberg", or "" when the data names no municipality) and
    ``outside`` ("Lindesberg", or "kommunen"), the slots of the strings that say where the map
    is from; the place comes from the data file only."""
    place = m.data.map.municipality
    if not place:
        return {"in_place": "", "outside": t("outside_no_place")}
    return {"in_place": t("in_place", place=place), "outside": t("outside_place", place=place)}


def lang_url(request: Request, other: str, drop: frozenset[str] = frozenset()) -> str:
    """This page's address in the ``other`` language, without the parameters in ``drop``."""
    params = {k: v for k, v in request.query_params.items() if k != "lang" and k not in drop}
    return f"{request.url.path}?{urlencode({**params, 'lang': other})}"


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    title: str = "",
) -> HTMLResponse:
    """Render a page with the shared context (language, navigation, map facts)."""
    lang = request_lang(request)
    t = translator(lang)
    m = current_map(request)
    other = "en" if lang == "sv" else "sv"
    owner = pv.link(m, m.owner, lang)
    base: dict[str, Any] = {
        "lang": lang,
        "t": t,
        "sv_lang": present.sv_attr(lang == "en"),
        # Swedish names an English sentence may quote, marked lang="sv" by |marked
        "swedish_names": pv.swedish_names(m) if lang == "en" else (),
        "title": title,
        "path": request.url.path,
        "lang_url": lang_url(request, other),
        "other_lang": other,
        "map_title": m.data.map.title_en if lang == "en" and m.data.map.title_en else m.title,
        # where the map is from, for the tagline and the lead (map.municipality)
        **place_fields(m, t),
        # what the facts rest on and the search box's examples, from the data (issue 16)
        "sources_phrase": wording.sources_phrase(m, lang),
        "search_placeholder": wording.search_placeholder(m, lang),
        "owner": owner,
        # "1 koppling", "3 kopplingar": singular|plural entries of the catalogue
        "count_word": lambda key, n: count_word(key, n, lang),
        # the sources leave ownership open (map.ownership_open): the owner is provisional
        "ownership_open": present.bilingual(
            m.data.map.ownership_open, m.data.map.ownership_open_en, lang
        ),
        "version": m.version,
        "version_short": m.version[:12],
        "loaded_at": pv.format_date(m.loaded_at.date(), lang),
        "url_with": lambda **kw: url_with(request, **kw),
        "csrf": getattr(request.state, "csrf", ""),
        "kind_labels": {k: kind_label(k, lang) for k in KIND_STYLE},
        "nav": [
            ("/", "nav_start"),
            ("/karta", "nav_map"),
            ("/noder", "nav_directory"),
            ("/guide", "nav_guide"),
            ("/behov", "nav_needs"),
            ("/arenden", "nav_matters"),
            ("/analys", "nav_analysis"),
            ("/andringar", "nav_changes"),
            ("/om", "nav_about"),
            ("/tipsa", "nav_tip"),
        ],
    }
    base.update(context)
    html = environment().get_template(template).render(base)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Cookie"
    chosen = request.query_params.get("lang")
    if chosen in LANGS:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=YEAR, samesite="lax", httponly=True, path="/"
        )
    return response


def not_found(request: Request, message: str) -> HTMLResponse:
    """The HTML 404 page, with a search form and a way back."""
    t = translator(request_lang(request))
    return error_page(request, message, title=t("not_found_title"), status_code=404)


def error_page(
    request: Request,
    message: str,
    *,
    title: str,
    status_code: int,
    drop: frozenset[str] = frozenset(),
) -> HTMLResponse:
    """A page that cannot be shown, as a page: ``title`` as its heading, ``message``, a
    search form and a way back (``404.html``).  The language link leaves out the query
    parameters in ``drop`` (values the page refused: it neither repeats nor re-sends them)."""
    context: dict[str, Any] = {"message": message}
    if drop:
        context["lang_url"] = lang_url(
            request, "en" if request_lang(request) == "sv" else "sv", drop
        )
    return render(request, "404.html", context, status_code=status_code, title=title)
