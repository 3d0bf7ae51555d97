"""``GET /api/search``: find nodes by name, alias or abbreviation (see :mod:`kartan.search`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ViewDep
from api.errors import ERROR_RESPONSES, bad_request
from api.responses import json_response
from api.schemas import SearchItem, SearchOut
from api.views import to_json
from kartan.labels import KIND_LABELS, kind_label
from kartan.map import Map
from kartan.search import SearchHit, did_you_mean
from kartan.search import search as search_nodes

router = APIRouter(prefix="/api", tags=["search"], responses=ERROR_RESPONSES)


def _item(hit: SearchHit, m: Map) -> SearchItem:
    kind = hit.kind
    node = m.nodes.get(hit.id)
    return SearchItem(
        id=hit.id,
        name=hit.name,
        name_en=node.name_en if node is not None else None,
        kind=kind,
        kind_label=kind_label(kind) if kind in KIND_LABELS else kind,
        score=min(1.0, max(0.0, float(hit.score))),
        matched=hit.matched or "",
    )


@router.get("/search", response_model=SearchOut)
async def search(
    view: ViewDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="What to look for: a name, an abbreviation (KS, AU …), a word; "
            "case, diacritics and small typos do not matter.",
            examples=["kommunstyrelse"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Search the map: nodes whose name, alias or abbreviation matches `q`, best first,
    each with a `score` from 0 to 1 and what `matched`.  `KS`, `kommunstyrelsen`,
    `Kommunstyrelsen` and `kommunstyrelse` all find Kommunstyrelsen.  Ranking: the exact
    id, name or alias; a name that starts with `q`; a name one or two letters from `q`
    (a typo of a name puts that body first); words of names and descriptions.  The same
    engine serves the "Sök" box, `/api/nodes?q=` and the guide.  `did_you_mean` names a
    body that `q` looks like a misspelling of."""
    text = q.strip()
    if not text:
        raise bad_request("Skriv något att söka efter i q (q is empty).")

    def make() -> bytes:
        hits = search_nodes(view.map, text, limit=limit)
        items = [_item(h, view.map) for h in hits]
        suggestion = did_you_mean(view.map, text)
        if suggestion is not None and items and items[0].name == suggestion:
            suggestion = None
        if suggestion is not None and items and items[0].matched in ("namn", "alias"):
            suggestion = None
        return to_json(SearchOut(total=len(items), items=items, did_you_mean=suggestion))

    return json_response(await view.compute("search", text, limit, make=make))
