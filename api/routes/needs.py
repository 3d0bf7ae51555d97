"""Needs (issue 14): ``GET /api/needs`` and the page ``/behov``.

What the minutes say people need, each need with its words, who raised it, when, its
sources and the bodies that take it up -- or none, which is shown as a need without a
forum.  The logic lives in :mod:`kartan.needs`; this module shapes it for JSON and HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import pageviews as pv
from api import schemas as s
from api.deps import IdFilter, ViewDep
from api.errors import ERROR_RESPONSES, bad_request
from api.i18n import translator
from api.rendering import current_map, render, request_lang
from api.responses import json_response
from api.views import sources_out, to_json
from kartan import present
from kartan.labels import NEED_KIND_LABELS, kind_label
from kartan.map import Map
from kartan.model import Need
from kartan.needs import (
    match_needs,
    need_status,
    needs_taken_up_by,
    raisers,
    select_needs,
    unmet_by_theme,
)

router = APIRouter(prefix="/api", tags=["needs"], responses=ERROR_RESPONSES)
pages = APIRouter(include_in_schema=False)


# --- JSON --------------------------------------------------------------------------------


def actor_ref(m: Map, actor: str) -> s.ActorRef:
    """An audience or a node that raised a need."""
    aud = m.audiences.get(actor)
    if aud is not None:
        return s.ActorRef(id=actor, name=aud.name, name_en=aud.name_en, type="audience")
    node = m.nodes.get(actor)
    return s.ActorRef(
        id=actor,
        name=node.name if node else actor,
        name_en=node.name_en if node else None,
        type="node",
    )


def need_out(m: Map, need: Need) -> s.NeedOut:
    """One need for the API."""
    raised_in = m.nodes.get(need.raised_in) if need.raised_in else None
    taken: list[s.TakenUpOut] = []
    for t in need.taken_up_by:
        node = m.nodes.get(t.id)
        taken.append(
            s.TakenUpOut.of(
                t,
                name=node.name if node else t.id,
                name_en=node.name_en if node else None,
                kind=node.kind.value if node else "",
                sources=sources_out(m, t.sources),
            )
        )
    return s.NeedOut.of(
        need,
        kind=need.kind.value,
        kind_label=NEED_KIND_LABELS[need.kind.value][0],
        kind_label_en=NEED_KIND_LABELS[need.kind.value][1],
        raised_by=[actor_ref(m, a) for a in need.raised_by],
        raised_in=(
            s.NodeRef(
                id=raised_in.id,
                name=raised_in.name,
                kind=raised_in.kind.value,
                kind_label=kind_label(raised_in.kind.value),
            )
            if raised_in
            else None
        ),
        theme_names=[m.themes[t].name if t in m.themes else t for t in need.themes],
        status=need_status(need),
        taken_up_by=taken,
        sources=sources_out(m, need.sources),
    )


def needs_gap(m: Map, at: dt.date | None) -> s.NeedsGapOut:
    """Needs without a forum, per theme (the analysis's section)."""
    rows = unmet_by_theme(m, at)
    needs = select_needs(m, at=at)
    return s.NeedsGapOut(
        total=len(needs),
        unmet=sum(1 for n in needs if need_status(n) == "unmet"),
        by_theme=[
            s.NeedThemeOut(
                theme=r.theme,
                name=m.themes[r.theme].name if r.theme in m.themes else "",
                name_en=m.themes[r.theme].name_en if r.theme in m.themes else None,
                total=r.total,
                unmet=r.unmet,
                unmet_ids=list(r.unmet_ids),
            )
            for r in rows
        ],
    )


def related_needs(m: Map, question: str | None) -> list[s.RelatedNeed]:
    """The guide's "others have raised the same thing": needs sharing words with a question."""
    if not question:
        return []
    return [
        s.RelatedNeed(
            id=n.id,
            text=n.text,
            text_en=n.text_en,
            status=need_status(n),
            taken_up_by=[t.id for t in n.taken_up_by],
        )
        for n in match_needs(m, question)
    ]


def _check_filters(m: Map, theme: str | None, audience: str | None) -> None:
    if theme and theme not in m.themes:
        raise bad_request(
            f"Okänt tema '{theme}'; välj bland: {', '.join(sorted(m.themes))} (unknown theme)"
        )
    if audience and audience not in m.audiences and audience not in m.nodes:
        who = ", ".join(raisers(m))
        raise bad_request(
            f"Okänd målgrupp eller organisation '{audience}'; behov har lyfts av: {who} "
            f"(unknown audience or organisation)"
        )


@router.get("/needs", response_model=s.NeedList)
async def list_needs(
    view: ViewDep,
    theme: Annotated[
        str | None, Query(description="Only needs with this theme id.", max_length=80)
    ] = None,
    status: Annotated[
        Literal["taken_up", "unmet"] | None,
        Query(description="`taken_up`: some body takes it up; `unmet`: no forum."),
    ] = None,
    audience: Annotated[
        str | None,
        Query(
            description="Only needs raised by this audience or node id "
            "(e.g. `deltagare-fordjupningsdagen-2021`, `samverkansradet`).",
            max_length=80,
        ),
    ] = None,
    kind: Annotated[
        Literal["need", "obstacle", "proposal", "question"] | None,
        Query(description="Only needs voiced this way."),
    ] = None,
) -> Response:
    """What the minutes say people need: each need, obstacle, proposal or question with
    its words (Swedish, and `text_en`), who raised it (an audience or an organisation,
    never a person), when, its themes and sources, and the bodies that take it up
    (`taken_up_by`, each with sources) -- or none (`status: unmet`, no forum).  With
    `at=` the needs voiced by that date, with only the bodies taking them up then."""
    m = view.map
    _check_filters(m, theme, audience)

    def make() -> bytes:
        needs = select_needs(
            m, theme=theme, status=status, raised_by=audience, kind=kind, at=view.day
        )
        return to_json(s.NeedList(total=len(needs), items=[need_out(m, n) for n in needs]))

    return json_response(await view.compute("needs", theme, status, audience, kind, make=make))


# --- HTML --------------------------------------------------------------------------------


@dataclass
class Href:
    """A link: where to and what it says."""

    url: str
    name: str


def _node_href(m: Map, node_id: str, lang: str) -> Href:
    found = pv.link(m, node_id, lang)
    return Href(found.url, found.name)


@dataclass
class TakenUpRow:
    link: Href
    label: str | None
    inferred: bool
    note: str | None
    sources: list[pv.SourceRef]


@dataclass
class NeedRow:
    """One need, ready for the templates."""

    id: str
    kind: str
    kind_label: str
    text: str
    text_lang: str
    group: str | None
    date: str
    raised_by: list[Href]
    themes: list[Href]
    taken_up: list[TakenUpRow]
    inferred: bool
    note: str | None
    sources: list[pv.SourceRef]
    note_lang: str = "sv"  # "en" where the note is shown in its English translation


def _cap(text: str | None) -> str | None:
    return pv.capitalise(text) if text else text


def _actor_link(m: Map, actor: str, lang: str) -> Href:
    if actor in m.nodes:
        return _node_href(m, actor, lang)
    return Href(f"/behov?vem={actor}", present.audience_name(m, actor, lang))


def need_row(m: Map, need: Need, lang: str) -> NeedRow:
    """A need in the page's language (English text when there is one)."""
    english = lang == "en" and bool(need.text_en)
    return NeedRow(
        id=need.id,
        kind=need.kind.value,
        kind_label=NEED_KIND_LABELS[need.kind.value][1 if lang == "en" else 0],
        text=(need.text_en or need.text) if english else need.text,
        text_lang="en" if english else "sv",
        group=(need.group_en or need.group) if lang == "en" else need.group,
        date=pv.format_date(need.date, lang),
        raised_by=[_actor_link(m, a, lang) for a in need.raised_by],
        themes=[Href(f"/behov?tema={t}", present.theme_name(m, t, lang)) for t in need.themes],
        taken_up=[
            TakenUpRow(
                link=_node_href(m, t.id, lang),
                label=_cap((t.label_en or t.label) if lang == "en" else t.label),
                inferred=t.inferred,
                note=(t.note_en or t.note) if lang == "en" else t.note,
                sources=pv.source_refs(m, t.sources, lang),
            )
            for t in need.taken_up_by
        ],
        inferred=need.inferred,
        note=(need.note_en or need.note) if lang == "en" else need.note,
        note_lang="en" if lang == "en" and need.note_en else "sv",
        sources=pv.source_refs(m, need.sources, lang),
    )


def node_needs_context(m: Map, node_id: str, lang: str, limit: int = 5) -> dict[str, object]:
    """For a body's page: the needs it takes up, and those it raised or that were raised
    at its meetings (the first ``limit``, with the total)."""
    here = [need_row(m, n, lang) for n in needs_taken_up_by(m, node_id)]
    raised = [n for n in m.data.needs if node_id in n.raised_by or n.raised_in == node_id]
    return {
        "needs_here": here,
        "needs_raised": [need_row(m, n, lang) for n in raised[:limit]],
        "needs_raised_total": len(raised),
        "needs_raised_url": f"/behov?vem={node_id}" if node_id in n_raisers(m) else "/behov",
    }


def guide_needs_context(m: Map, question: str, lang: str) -> dict[str, object]:
    """For the guide page: needs others have raised that match the question."""
    found = match_needs(m, question) if question else []
    return {"same_needs": [need_row(m, n, lang) for n in found]}


def analysis_needs_context(m: Map, lang: str) -> dict[str, object]:
    """For the analysis page: needs without a forum, per theme."""
    gap = needs_gap(m, m.as_of)
    rows = [
        (Href(f"/behov?tema={r.theme}&status=unmet", present.theme_name(m, r.theme, lang)), r)
        for r in gap.by_theme
        if r.theme and r.unmet
    ]
    return {"needs_gap": gap, "needs_gap_rows": rows}


def n_raisers(m: Map) -> set[str]:
    return set(raisers(m))


@pages.api_route("/behov", methods=["GET", "HEAD"], response_class=HTMLResponse)
def needs_page(
    request: Request,
    tema: IdFilter = "",
    vem: IdFilter = "",
    status: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    """Behov: what civil society has said it needs, by theme, and who takes it up."""
    m = current_map(request)
    lang = request_lang(request)
    t = translator(lang)
    theme = tema if tema in m.themes else ""
    who = vem if vem in set(raisers(m)) else ""
    chosen = status if status in ("taken_up", "unmet") else ""
    needs = select_needs(m, theme=theme or None, raised_by=who or None, status=chosen or None)
    everything = select_needs(m)
    by_theme = [
        (Href(f"/behov?tema={r.theme}", present.theme_name(m, r.theme, lang)), r)
        for r in unmet_by_theme(m)
        if r.theme
    ]
    who_options = [
        pv.Option(
            value=a, label=_actor_link(m, a, lang).name, count=len(select_needs(m, raised_by=a))
        )
        for a in raisers(m)
    ]
    theme_options = [
        pv.Option(value=r.theme, label=present.theme_name(m, r.theme, lang), count=r.total)
        for r in sorted(
            unmet_by_theme(m), key=lambda r: pv.sort_key(present.theme_name(m, r.theme, lang))
        )
        if r.theme
    ]
    ctx = {
        "needs": [need_row(m, n, lang) for n in needs],
        "total_all": len(everything),
        "unmet_all": sum(1 for n in everything if need_status(n) == "unmet"),
        "by_theme": by_theme,
        "theme": theme,
        "who": who,
        "status": chosen,
        "theme_options": theme_options,
        "who_options": who_options,
        "filtered": bool(theme or who or chosen),
    }
    return render(request, "needs.html", ctx, title=t("needs_title"))
