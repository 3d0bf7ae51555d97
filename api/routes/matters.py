"""Matters (issue 17): ``GET /api/matters`` and the "Ärenden" page ``/arenden``.

Every question the council handled, where it went, who carries it, and whether it
came back in later minutes (see :mod:`kartan.matters`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import matterviews as mv
from api import pageviews as pv
from api.deps import IdFilter, ViewDep
from api.errors import ERROR_RESPONSES, bad_request
from api.i18n import translator
from api.rendering import current_map, render, request_lang
from api.responses import json_response
from api.views import to_json
from kartan.matters import select_matters
from kartan.model import MatterKind, MatterState

router = APIRouter(tags=["matters"], responses=ERROR_RESPONSES)

_STATES = [s.value for s in MatterState]
_KINDS = [k.value for k in MatterKind]


@router.get("/api/matters", response_model=mv.MatterList)
async def list_matters(
    view: ViewDep,
    status: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Only matters in this state: `followed_up` (appears again in later "
            "minutes), `no_report_back` (sent elsewhere and never seen again in the "
            "minutes), `not_taken_up_again` (to be prepared in the council or tabled, and "
            "never seen again) or `concluded`.",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Only matters of this kind: " + ", ".join(f"`{k}`" for k in _KINDS),
        ),
    ] = None,
    body: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only matters that went to, or are carried on by, this node id.",
        ),
    ] = None,
    theme: Annotated[str | None, Query(max_length=80, description="A theme id.")] = None,
) -> Response:
    """Every matter the council handled, oldest meeting first: its meeting and item of
    the minutes, its kind, the outcome in the minutes' words, who carries it on, where it
    went, its later appearances and its state.  A matter sent elsewhere that never
    appears again is `no_report_back` ("ingen återrapportering i anteckningarna").
    `at=` shows the matters handled up to that date, with their state on that date.
    Unknown states, kinds, bodies or themes are 422."""
    m = view.snapshot.map
    if status and status not in _STATES:
        raise bad_request(
            f"Okänt läge '{status}' (unknown status); välj bland: {', '.join(_STATES)}"
        )
    if kind and kind not in _KINDS:
        raise bad_request(
            f"Okänd ärendetyp '{kind}' (unknown kind); välj bland: {', '.join(_KINDS)}"
        )
    if body and body not in m.nodes:
        raise bad_request(f"Det finns ingen nod med id '{body}' på kartan (body: unknown node id).")
    if theme and theme not in m.themes:
        raise bad_request(f"Okänt tema '{theme}' (unknown theme)")

    def make() -> bytes:
        found = mv.matter_list(
            m,
            state=status or None,
            kind=kind or None,
            body=body or None,
            theme=theme or None,
            at=view.day,
        )
        return to_json(found)

    key = (status or None, kind or None, body or None, theme or None)
    return json_response(await view.compute("matters", *key, make=make))


@router.api_route(
    "/arenden", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def matters_page(
    request: Request,
    kind: Annotated[str, Query(max_length=40)] = "",
    state: Annotated[str, Query(max_length=40)] = "",
    theme: IdFilter = "",
    body: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Every matter the council handled, on a timeline of meetings, filterable by kind,
    state, theme and body; and the report-back count by receiving body."""
    m = current_map(request)
    lang = request_lang(request)
    kind = kind if kind in _KINDS else ""
    state = state if state in _STATES else ""
    theme = theme if theme in m.themes else ""
    body = body if body in m.nodes else ""
    found = select_matters(
        m, kind=kind or None, state=state or None, theme=theme or None, body=body or None
    )
    views = [mv.matter_view(m, x, lang) for x in found]
    used_themes = {t for x in m.data.matters for t in x.themes}
    shown = {v.id for v in views}
    ctx = {
        "kind": kind,
        "state": state,
        "theme": theme,
        "body": pv.link(m, body, lang) if body else None,
        "kinds": mv.kind_options(m, lang),
        "states": mv.state_options(m, lang),
        # the themes of the matters, by the name shown (as every theme select)
        "themes": [o for o in pv.theme_options(m, lang) if o.value in used_themes],
        "timeline": mv.timeline(m, views),
        "shown": len(views),
        "total": len(m.data.matters),
        "report_back": mv.report_back_rows(m, lang),
        "filtered": bool(kind or state or theme or body),
        # a link to a matter: in-page when this page shows it, else on the unfiltered page
        "matter_href": lambda matter_id: mv.matter_href(matter_id, lang, shown),
    }
    return render(request, "matters.html", ctx, title=translator(lang)("matters_title"))
