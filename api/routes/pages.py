"""HTML pages: start, map, directory, body pages, guide, analysis and about.

Server-rendered with Jinja2 (autoescape on), so every page works without JavaScript;
the map canvas is the one part that needs it.  Swedish first: ``?lang=en`` switches to
English and a cookie remembers the choice.  vis-network is served from the copy inside
the installed pyvis package under a versioned URL, so no third-party code is committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import matterviews
from api import pageviews as pv
from api.deps import IdFilter
from api.i18n import translator
from api.rendering import (
    current_map,
    current_snapshot,
    map_at,
    not_found,
    render,
    request_lang,
)
from api.routes.needs import analysis_needs_context, guide_needs_context, node_needs_context
from kartan import guide as guide_module
from kartan import present
from kartan.labels import (
    KIND_FAMILY_LABELS,
    LINE_FAMILY_HELP,
    LINE_FAMILY_LABELS,
    SECTOR_LABELS,
    kind_label,
)
from kartan.layout import CLUSTER_MIN_NODES, positions
from kartan.map import Map
from kartan.search import did_you_mean, search
from kartan.staleness import STALE_DAYS, is_stale
from kartan.style import (
    ENTRY_POINT_BORDER,
    ENTRY_POINT_BORDER_WIDTH,
    FAMILY_COLOUR,
    HIGHLIGHT_COLOUR,
    KIND_STYLE,
    LINE_FAMILY,
    LINE_ORDER,
    LINE_STYLE,
)
from kartan.texts import text as library_text

router = APIRouter(include_in_schema=False)

VIS_VERSION = "9.1.2"
VENDOR_FILES = {
    f"vis-network-{VIS_VERSION}.min.js": ("vis-network.min.js", "text/javascript"),
    f"vis-network-{VIS_VERSION}.min.css": ("vis-network.css", "text/css"),
}
MAP_START = dt.date(2021, 1, 1)


# --- vendored vis-network ---------------------------------------------------------------


@cache
def vendor_bytes(name: str) -> bytes | None:
    """A vis-network file from the installed pyvis package, or None when it is missing."""
    entry = VENDOR_FILES.get(name)
    spec = importlib.util.find_spec("pyvis")
    if entry is None or spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    path = base / "templates" / "lib" / f"vis-{VIS_VERSION}" / entry[0]
    try:
        return path.read_bytes()
    except OSError:
        return None


@router.api_route("/vendor/{name}", methods=["GET", "HEAD"])
def vendor(name: str) -> Response:
    """vis-network from the installed pyvis package, cached for a year (versioned URL)."""
    body = vendor_bytes(name)
    if body is None:
        return Response(
            content='{"detail": "not found"}', status_code=404, media_type="application/json"
        )
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    return Response(
        content=body,
        media_type=VENDOR_FILES[name][1],
        headers={"Cache-Control": "public, max-age=31536000, immutable", "ETag": etag},
    )


# --- pages ------------------------------------------------------------------------------


def _entry_points(m: Map, lang: str, limit: int = 8) -> list[pv.Link]:
    """ "Bra ingångar" on the start page: the most useful first doors first (issue 15), not
    A-Z; usefulness is defined in :mod:`kartan.entry_points`, names in the page's language
    break ties."""
    from kartan.entry_points import by_usefulness

    ids = [n.id for n in m.data.nodes if n.entry_point]
    ordered = by_usefulness(m, ids, lambda i: pv.sort_key(present.node_name(m.nodes[i], lang)))
    return [pv.link(m, i, lang) for i in ordered[:limit]]


def _asker_options(m: Map, lang: str) -> list[pv.Option]:
    """ "Vem är ni?": the kinds of asker the guide's lexicon knows (pensioners'
    associations, faith communities, youth associations, associations of the newly
    arrived, networks without an organisation number …), or the map's audiences when the
    lexicon names none."""
    lex = guide_module.default_lexicon(m, lang)
    if not lex.audiences:
        return pv.audience_options(m, lang)
    return [pv.Option(key, a.name[:1].upper() + a.name[1:]) for key, a in lex.audiences.items()]


def _known_asker(m: Map, audience: str) -> str:
    """The audience as given when the map or the guide's lexicon knows it, else ''."""
    if not audience or audience in m.audiences:
        return audience
    lex = guide_module.default_lexicon(m)
    return audience if audience in lex.audiences else ""


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    """Start page: ask a question, say who you are, theme shortcuts, search and the map."""
    m = current_map(request)
    lang = request_lang(request)
    themes = [o for o in pv.theme_options(m, lang) if o.count > 0]
    themes.sort(key=lambda o: -o.count)
    pos = positions(m) if len(m.nodes) <= 3000 else {}
    ctx = {
        "audiences": _asker_options(m, lang),
        "themes": themes[:12],
        "preview": pv.preview(m, pos),
        "counts": m.counts(),
        "entry_points": _entry_points(m, lang),
    }
    return render(request, "start.html", ctx, title=translator(lang)("start_title"))


def _map_config(m: Map, lang: str) -> dict[str, Any]:
    t = translator(lang)
    keys = [
        "map_loading",
        "map_error",
        "map_canvas_label",
        "show_path",
        "hide_path",
        "open_page",
        "panel_empty",
        "how_to_take_part",
        "about_body",
        "contact",
        "contact_missing",
        "suggest_contact",
        "decision_path",
        "decision_self",
        "decision_none",
        "who_decides_title",
        "raise_title",
        "raise_note",
        "raise_via",
        "reach_title",
        "entry_point",
        "shown_count",
        "not_found_on_map",
        "date_today",
        "no_results",
        "missing",
        "themes",
        "meets",
        "reviewed",
        "translated",
        "original",
        "focus_status",
        "shown_edges",
        "lone_caption",
        "lone_status",
        "filtered_lone",
        "panel_no_links",
        "panel_sector",
        "date_status",
        "date_changes",
        "date_new",
        "date_gone",
        "cluster_hint",
        "cluster_title",
        "cluster_label",
        "cluster_links",
        "cluster_status",
        "clusters_group",
        "cluster_gather_all",
    ]
    pick = 1 if lang == "en" else 0
    return {
        "lang": lang,
        "graph": "/api/graph",
        "cluster_min": CLUSTER_MIN_NODES,
        "start": MAP_START.isoformat(),
        "strings": {k: t(k) for k in keys} | {"months": library_text("months", lang)},
        "kinds": {
            k: {
                "colour": s.colour,
                "shape": s.shape,
                "size": s.size,
                "label": kind_label(k, lang),
                "family": s.family,
            }
            for k, s in KIND_STYLE.items()
        },
        "lines": {
            f: {
                "colour": LINE_STYLE[f].colour,
                "width": LINE_STYLE[f].width,
                "dashes": list(LINE_STYLE[f].dashes),
                "arrow": LINE_STYLE[f].arrow,
                "label": LINE_FAMILY_LABELS[f][pick],
            }
            for f in LINE_ORDER
        },
        "line_of": dict(LINE_FAMILY),
        "sectors": {k: v[pick] for k, v in SECTOR_LABELS.items()},
        "highlight": HIGHLIGHT_COLOUR,
        "entry_border": ENTRY_POINT_BORDER,
        "entry_border_width": ENTRY_POINT_BORDER_WIDTH,
    }


def _families(m: Map, lang: str) -> list[dict[str, Any]]:
    """The legend's colour families, each with its kinds present on the map."""
    kinds = pv.kind_options(m, lang)
    out: list[dict[str, Any]] = []
    for family, colour in FAMILY_COLOUR.items():
        members = [k for k in kinds if KIND_STYLE[k.value].family == family]
        if members:
            label = KIND_FAMILY_LABELS[family][1 if lang == "en" else 0]
            out.append({"id": family, "label": label, "colour": colour, "kinds": members})
    return out


def _line_legend(lang: str) -> list[dict[str, Any]]:
    """The legend's line families: colour, width, dash pattern, arrow, label, help."""
    pick = 1 if lang == "en" else 0
    return [
        {
            "id": f,
            "colour": LINE_STYLE[f].colour,
            "width": LINE_STYLE[f].width,
            "dashes": " ".join(str(d) for d in LINE_STYLE[f].dashes),
            "arrow": LINE_STYLE[f].arrow,
            "label": LINE_FAMILY_LABELS[f][pick],
            "help": LINE_FAMILY_HELP[f][pick],
        }
        for f in LINE_ORDER
    ]


@router.api_route("/karta", methods=["GET", "HEAD"], response_class=HTMLResponse)
def map_page(
    request: Request,
    nod: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """The interactive map, with legend, filters, search, date slider and side panel."""
    m = current_map(request)
    lang = request_lang(request)
    today = dt.date.today()
    months = (today.year - MAP_START.year) * 12 + today.month - MAP_START.month
    ctx = {
        "kinds": pv.kind_options(m, lang),
        "families": _families(m, lang),
        "lines": _line_legend(lang),
        "themes": [o for o in pv.theme_options(m, lang) if o.count > 0],
        "audiences": pv.audience_options(m, lang),
        "config": _map_config(m, lang),
        "months": months,
        "today": today.isoformat(),
        "today_text": pv.format_date(today, lang),
        "focus": nod if nod in m.nodes else "",
        "body_class": "page-map",
    }
    return render(request, "map.html", ctx, title=translator(lang)("map_page_title"))


def _search_ids(m: Map, q: str) -> list[str]:
    """Ids found by :mod:`kartan.search` for ``q``, best first."""
    return [hit.id for hit in search(m, q, limit=max(len(m.nodes), 1))]


def _did_you_mean(m: Map, q: str, ranked: list[str] | None) -> str:
    """A name that ``q`` looks like a misspelling of, unless it is already the first hit."""
    if not q:
        return ""
    name = did_you_mean(m, q)
    if not name:
        return ""
    if ranked and m.nodes.get(ranked[0]) is not None and m.nodes[ranked[0]].name == name:
        return ""
    return str(name)


@router.api_route("/noder", methods=["GET", "HEAD"], response_class=HTMLResponse)
def directory(
    request: Request,
    kind: Annotated[str, Query(max_length=40)] = "",
    theme: IdFilter = "",
    entry_point: Annotated[str, Query(max_length=10)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[str, Query(max_length=6)] = "1",
    at: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    """Directory of every body: filter by kind, theme, entry point and text; sortable.

    ``at=YYYY-MM-DD`` lists the bodies as they stood on that date (validity)."""
    m, day = map_at(current_snapshot(request), at)
    lang = request_lang(request)
    query = pv.DirectoryQuery(
        kind=kind if kind in KIND_STYLE else "",
        theme=theme if theme in m.themes else "",
        entry_point=entry_point in ("1", "true", "on", "ja"),
        q=q.strip(),
        sort=sort if sort in pv.SORTS else "",
        page=int(page) if page.isdigit() else 1,
    )
    ranked = _search_ids(m, query.q) if query.q else None
    suggestion = _did_you_mean(m, query.q, ranked)
    # a value of the address that the filters cannot use is said, not silently dropped
    ignored = [
        f"{name}={value}"
        for name, value, used in (
            ("kind", kind, query.kind),
            ("theme", theme, query.theme),
            ("at", at, day),
        )
        if value and not used
    ]
    ctx = {
        "query": query,
        "suggestion": suggestion,
        "ignored": ", ".join(ignored),
        "result": pv.directory(m, query, lang, ranked),
        "kinds": pv.kind_options(m, lang),
        "themes": pv.theme_options(m, lang),
        "at": day,
        "at_text": pv.format_date(day, lang) if day else "",
    }
    return render(request, "directory.html", ctx, title=translator(lang)("directory_title"))


@router.api_route("/noder/{node_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def node_page(
    request: Request, node_id: str, at: Annotated[str, Query(max_length=10)] = ""
) -> HTMLResponse:
    """A body's page: what it is, how to take part, who decides, how to raise a matter,
    how to reach it, members, relations.  ``at=YYYY-MM-DD``: as it stood on that date."""
    snap = current_snapshot(request)
    full = snap.map
    m, day = map_at(snap, at)
    lang = request_lang(request)
    view = pv.node_page(m, node_id, lang)
    if view is None:
        t = translator(lang)
        if day is not None and node_id in full.nodes:
            name = present.node_name(full.nodes[node_id], lang)
            return not_found(request, t("not_on_map_at", id=name, date=pv.format_date(day, lang)))
        return not_found(request, t("not_found_node", id=node_id))
    days = int(getattr(getattr(request.app.state, "settings", None), "stale_days", STALE_DAYS))
    stale = is_stale(view.node, dt.date.today(), days)
    ctx = {
        "page": view,
        "stale": stale,
        "stale_days": days,
        "at": day,
        "at_text": pv.format_date(day, lang) if day else "",
        "notes": pv.Notes(m, lang),  # sources as numbered notes (issue 15)
    }
    ctx.update(node_needs_context(m, node_id, lang))  # needs (issue 14)
    # matters (issue 17): matters sent to the body, carried by it, handled at its meetings
    ctx["node_matters"] = matterviews.body_matters(m, node_id, lang)
    ctx["matters_by_meeting"] = {
        mt.id: matterviews.meeting_matter_titles(m, mt.id, lang) for mt in view.node.meetings
    }
    return render(request, "node.html", ctx, title=view.name)


@dataclass
class Answer:
    """One answer of the guide, ready for the template."""

    link: pv.Link
    entry_point: bool
    why: str
    contact: str
    decides: str
    path: list[pv.Link]
    # ways to raise a matter (issue 9; see kartan.decisions.raise_routes)
    raises: list[pv.RaiseRow] = field(default_factory=list)


@dataclass
class GuideView:
    """The guide's answer, ready for the template."""

    answers: list[Answer]
    lang: str
    question_type: str
    fact: Any
    fact_links: list[pv.Link]
    fact_subject: pv.Link | None
    fact_date: str
    note: str
    door: pv.Link | None
    type_key: str


# What the guide read the question as, for "Frågan lästes som en fråga om …".
GUIDE_TYPE_KEYS = {
    "who_decides": "guide_type_who_decides",
    "contact": "guide_type_contact",
    "take_part": "guide_type_take_part",
    "money": "guide_type_money",
    "meets": "guide_type_meets",
    "fact": "guide_type_fact",
}


def _guide_answers(m: Map, q: str, audience: str, org: str, theme: str, lang: str) -> GuideView:
    """The answer of :mod:`kartan.guide`, ready for the template."""
    result = guide_module.ask(
        m,
        q or None,
        theme=theme or None,
        audience=audience or None,
        from_id=org or None,
        limit=10,
        lang=lang,
    )
    out = []
    for a in result.answers:
        node = m.nodes.get(a.id)
        out.append(
            Answer(
                link=pv.link(m, a.id, lang),
                entry_point=bool(node and node.entry_point),
                why=str(a.why),
                contact=str(a.contact),
                decides=str(a.decides),
                path=[pv.link(m, i, lang) for i in (a.path_to_decision or [])],
                raises=pv.raise_rows(m, a.id, lang)[:3] if node else [],
            )
        )
    fact = result.fact
    door_id = guide_module.door_id(m)
    return GuideView(
        answers=out,
        lang=result.lang,
        question_type=result.question_type,
        fact=fact,
        fact_links=[pv.link(m, i, lang) for i in (fact.items if fact else ())],
        fact_subject=pv.link(m, fact.subject, lang) if fact else None,
        fact_date=pv.format_date(fact.date, lang) if fact and fact.date else "",
        note=result.note,
        door=pv.link(m, door_id, lang) if door_id else None,
        type_key=GUIDE_TYPE_KEYS.get(result.question_type, ""),
    )


@router.api_route("/guide", methods=["GET", "HEAD"], response_class=HTMLResponse)
def guide_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    audience: IdFilter = "",
    org: IdFilter = "",
    theme: IdFilter = "",
) -> HTMLResponse:
    """The entry-point guide: a question in your own words (Swedish or English) gives a
    fact from the map when one is asked for, and the sure entry points, each saying why,
    how to reach it and who decides."""
    m = current_map(request)
    lang = request_lang(request)
    audience = _known_asker(m, audience)
    org = org if org in m.nodes else ""
    theme = theme if theme in m.themes else ""
    view: GuideView | None = None
    asked = bool(q.strip() or theme)
    if asked:
        view = _guide_answers(m, q.strip(), audience, org, theme, lang)
    theme_opts = pv.theme_options(m, lang)
    ctx = {
        "q": q,
        "audience": audience,
        "org": org,
        "theme": theme,
        "theme_name": present.theme_name(m, theme, lang) if theme else "",
        # every body of the chosen theme, as the start page's theme chip counts them
        "theme_count": next((o.count for o in theme_opts if o.value == theme), 0),
        "asked": asked,
        "view": view,
        "answers": view.answers if view is not None else None,
        "audiences": _asker_options(m, lang),
        "organisations": pv.organisation_options(m, lang),
        "themes": [o for o in theme_opts if o.count > 0],
    }
    ctx.update(guide_needs_context(m, q.strip(), lang))  # needs (issue 14)
    # matters (issue 17): "Rådet har behandlat frågan: …" when the question matches a matter
    if q.strip():
        ctx["guide_matters"] = matterviews.guide_matters(m, q.strip(), lang)
    return render(request, "guide.html", ctx, title=translator(lang)("guide_title"))


@router.api_route("/analys", methods=["GET", "HEAD"], response_class=HTMLResponse)
def analysis_page(request: Request) -> HTMLResponse:
    """The analysis in plain words: fragile points, missing paths and forums, stale entries."""
    m = current_map(request)
    lang = request_lang(request)
    settings = getattr(request.app.state, "settings", None)
    stale_days = int(getattr(settings, "stale_days", STALE_DAYS))
    sections = pv.analysis_sections(m, lang, dt.date.today(), stale_days)
    ctx: dict[str, Any] = {"analysis": sections}
    ctx.update(analysis_needs_context(m, lang))  # needs (issue 14)
    return render(request, "analysis.html", ctx, title=translator(lang)("analysis_title"))


@router.api_route("/om", methods=["GET", "HEAD"], response_class=HTMLResponse)
def about_page(request: Request) -> HTMLResponse:
    """About the map: owner, version and date of the data, how to edit it, principles."""
    m = current_map(request)
    lang = request_lang(request)
    dates = [src.date for src in m.data.sources if src.date is not None]
    ctx = {
        "counts": m.counts(),
        "newest_source": pv.format_date(max(dates), lang) if dates else "",
        "map_description": present.bilingual(
            m.data.map.description, m.data.map.description_en, lang
        ),
    }
    return render(request, "about.html", ctx, title=translator(lang)("about_title"))
