"""``GET /api/guide``: entry points for a question in Swedish (see :mod:`kartan.guide`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.answercache import AnswerCacheRoute
from api.deps import ViewDep
from api.errors import ERROR_RESPONSES, bad_request
from api.matterviews import guide_matter_items
from api.responses import json_response
from api.routes.needs import related_needs
from api.schemas import GuideFactOut, GuideItem, GuideOut
from api.views import to_json
from kartan import decisions as dm
from kartan.facts import Fact
from kartan.guide import GuideAnswer, ask, resolve_audience
from kartan.labels import KIND_LABELS, kind_label
from kartan.map import Map

router = APIRouter(
    prefix="/api", tags=["guide"], responses=ERROR_RESPONSES, route_class=AnswerCacheRoute
)


def _item(answer: GuideAnswer, m: Map) -> GuideItem:
    kind = answer.kind
    # issue 9: where the body can raise a matter (a seat, never a chain of decision)
    raises = [w.text(m) for w in dm.raise_routes(m, answer.id)] if answer.id in m.nodes else []
    return GuideItem(
        ways_to_raise=raises,
        id=answer.id,
        name=answer.name,
        kind=kind,
        kind_label=kind_label(kind) if kind in KIND_LABELS else kind,
        score=float(answer.score),
        why=str(answer.why),
        path_to_decision=[str(x) for x in (answer.path_to_decision or [])],
        contact=answer.contact or "",
        decides=answer.decides or "",
    )


def _fact(fact: Fact | None) -> GuideFactOut | None:
    if fact is None:
        return None
    return GuideFactOut(
        kind=fact.kind,
        subject=fact.subject,
        text=fact.text,
        items=list(fact.items),
        date=fact.date,
        sources=list(fact.sources),
    )


def _choices(ids: Iterable[str]) -> str:
    listed = sorted(ids)
    more = f" … ({len(listed)})" if len(listed) > 25 else ""
    return ", ".join(listed[:25]) + more


@router.get("/guide", response_model=GuideOut)
async def guide(
    view: ViewDep,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="The question in your own words, e.g. “Vi är en idrottsförening "
            "som vill jobba med klimatet – vart vänder vi oss?”",
        ),
    ] = None,
    theme: Annotated[str | None, Query(max_length=80, description="A theme id.")] = None,
    audience: Annotated[
        str | None,
        Query(
            max_length=80,
            description="Who is asking: an audience id of the map (e.g. "
            "`kat-idrottsforeningar`), or a kind of asker in Swedish as the lexicon "
            "knows it (`idrottsförening`, `studieförbund`, `trossamfund`, "
            "`kommunanställd`, `invånare` …).",
        ),
    ] = None,
    from_: Annotated[
        str | None,
        Query(alias="from", max_length=200, description="The asker's own organisation (node id)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    lang: Annotated[
        str | None,
        Query(
            pattern="^(sv|en)$",
            description="The asker's language when the question's words do not tell "
            "(a question in English is answered in English either way).",
        ),
    ] = None,
) -> Response:
    """The entry-point guide: where to turn with a question, in Swedish or English.
    Only sure answers are listed, best first; each has `why` (in plain words, in the
    question's language), `contact` (how to reach it), `decides` (who decides) and
    `path_to_decision` (the ids from that entry point to a decision body).  A question
    that asks for a fact ("Vem är ordförande i Samverkansrådet?", "Vilka förvaltningar
    sitter i C-nätet?") gets `fact` with its date and sources, answered from the map.
    `note` says when the list ends early ("Inga fler säkra förslag — fråga En väg in").
    Give a question `q`, a `theme`, or both; `audience` and `from` make the answer fit
    the asker.  Unknown theme, audience or `from` ids are 422."""
    m = view.map
    text = (q or "").strip() or None
    if theme and theme not in m.themes:
        raise bad_request(f"Okänt tema '{theme}' (unknown theme); välj bland: {_choices(m.themes)}")
    if audience:
        known = resolve_audience(m, audience)
        if known is None:
            raise bad_request(
                f"Okänd målgrupp '{audience}' (unknown audience); välj bland: "
                f"{_choices(m.audiences)}"
            )
        audience = known
    if from_ and from_ not in m.nodes:
        raise bad_request(
            f"Det finns ingen nod med id '{from_}' på kartan (from: unknown node id)."
        )
    if text is None and not theme and not audience and not from_:
        raise bad_request(
            "Skriv en fråga (q) eller välj ett tema (theme) (give a question or a theme)."
        )

    def make() -> bytes:
        result = ask(
            m,
            text,
            theme=theme or None,
            audience=audience or None,
            from_id=from_ or None,
            limit=limit,
            lang=lang,
        )
        items = [_item(a, m) for a in result.answers]
        # matters (issue 17): questions the council has handled, when the question matches
        found = guide_matter_items(view.snapshot.map, text) if text else []
        matters = [x.model_dump(mode="json") for x in found]
        return to_json(
            GuideOut(
                total=len(items),
                items=items,
                lang=result.lang,
                question_type=result.question_type,
                fact=_fact(result.fact),
                note=result.note,
                matters=matters,
                related_needs=related_needs(m, text),
            )
        )

    # computed on a miss and kept by the route (api.answercache), the answer's one place
    return json_response(await run_in_threadpool(make))
