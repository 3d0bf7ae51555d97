"""``/api/nodes``: the directory (filtered, paged), one node in full, its neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import ViewDep
from api.errors import ERROR_RESPONSES, bad_request, unknown_node
from api.responses import json_response
from api.schemas import NeighboursOut, NodeDetail, NodeList, NodeSummary
from api.views import names, node_detail, node_summary, subgraph, to_json
from kartan.graph import neighbourhood
from kartan.model import Kind
from kartan.search import fold, search

router = APIRouter(prefix="/api/nodes", tags=["nodes"], responses=ERROR_RESPONSES)

MAX_LIMIT = 500

NodeIdPath = Annotated[
    str,
    Path(description="The node's id, e.g. `samverkansradet`.", max_length=200),
]


def _directory(view: ViewDep) -> list[tuple[NodeSummary, str, frozenset[str]]]:
    """Every node's summary, sorted by name, with its folded text for `q=` and its
    folded id, names and aliases (an exact `q=` match of these is listed first)."""
    rows = []
    for n in view.map.data.nodes:
        keys = [n.id, n.name, n.name_en or "", *n.aliases]
        exact = frozenset(fold(k) for k in keys if k)
        rows.append((node_summary(n), fold(" ".join(keys)), exact))
    rows.sort(key=lambda r: (fold(r[0].name), r[0].id))
    return rows


@router.get("", response_model=NodeList)
async def list_nodes(
    view: ViewDep,
    kind: Annotated[Kind | None, Query(description="Only nodes of this kind.")] = None,
    theme: Annotated[
        str | None, Query(description="Only nodes with this theme id.", max_length=80)
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="What to look for, ranked by the search engine of `/api/search`: "
            "the exact id, name or alias first, then names that start with it, names one "
            "or two letters away (typos), then words of names and descriptions (case and "
            "diacritics do not matter).",
            max_length=200,
        ),
    ] = None,
    entry_point: Annotated[
        bool | None, Query(description="true: only entry points; false: only the others.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most 500.")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The directory: nodes sorted by name, filtered by kind, theme, text and entry
    point, `limit` at a time from `offset`; `total` counts every match.  With `q=`,
    the nodes are those the search engine finds, in its order: the exact id, name or
    alias first (`q=KS` lists Kommunstyrelsen first), then names starting with `q`,
    near misses of a name, then words.  `at=` lists the nodes as they stood on that
    date."""
    m = view.map
    if theme and theme not in m.themes:
        raise bad_request(
            f"Okänt tema '{theme}'; välj bland: {', '.join(sorted(m.themes))} (unknown theme)"
        )
    rows = await view.compute("directory", make=lambda: _directory(view))
    text = q.strip() if q else ""
    rank: dict[str, int] | None = None
    if text:
        found = await view.compute(
            "directory-search",
            text,
            make=lambda: [h.id for h in search(m, text, limit=max(len(m.nodes), 1))],
        )
        rank = {node_id: i for i, node_id in enumerate(found)}
    matching = [
        (rank[summary.id] if rank is not None else 0, summary)
        for summary, _text, _exact in rows
        if (kind is None or summary.kind == kind.value)
        and (not theme or theme in summary.themes)
        and (entry_point is None or summary.entry_point == entry_point)
        and (rank is None or summary.id in rank)
    ]
    matching.sort(key=lambda r: r[0])  # stable: by name when there is no q
    hits = [summary for _, summary in matching]
    body = NodeList(
        total=len(hits), limit=limit, offset=offset, items=hits[offset : offset + limit]
    )
    return json_response(to_json(body))


@router.get("/{node_id}", response_model=NodeDetail)
async def get_node(view: ViewDep, node_id: NodeIdPath) -> Response:
    """One node with everything known about it: description, how to take part, where
    it meets, contact (a function held by an organisation, never a person), its
    members with roles and dates, the bodies it has a seat in, its outgoing and
    incoming relations with the relation in plain Swedish, its meetings, its sources
    (with the document's title and date) and its path to a decision body.
    404 when the id is not on the map (or not on the map on the date `at=`)."""
    m = view.map
    if node_id not in m.nodes:
        raise unknown_node(node_id)

    def make() -> bytes:
        nm = view.cached("names", make=lambda: names(m))
        detail = node_detail(m, node_id, nm)
        assert detail is not None
        return to_json(detail)

    return json_response(await view.compute("node", node_id, make=make))


@router.get("/{node_id}/neighbours", response_model=NeighboursOut)
async def get_neighbours(
    view: ViewDep,
    node_id: NodeIdPath,
    depth: Annotated[int, Query(ge=1, le=3, description="Steps out from the node, 1–3.")] = 1,
) -> Response:
    """The node's neighbourhood: every node within `depth` steps (along relations and
    memberships, in either direction) and the edges among them, with positions."""
    m = view.map
    if node_id not in m.nodes:
        raise unknown_node(node_id)

    def make() -> bytes:
        ids, edges = neighbourhood(m, node_id, depth)
        full = view.snapshot.map
        return to_json(subgraph(m, node_id, depth, ids, edges, full))

    return json_response(await view.compute("neighbours", node_id, depth, make=make))
