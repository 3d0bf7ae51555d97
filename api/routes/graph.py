"""``GET /api/graph``: the whole map as node-link JSON for the map page, with ETag."""

from __future__ import annotations

import gzip

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import View, ViewDep
from api.errors import ERROR_RESPONSES
from api.responses import GZIP_HEADERS, accepts_gzip, conditional, make_etag
from api.schemas import GraphOut
from api.state import Snapshot
from api.views import graph, to_json

router = APIRouter(prefix="/api", tags=["graph"], responses=ERROR_RESPONSES)


def make_graph(view: View) -> bytes:
    """The serialized graph of the view (positions of the full map)."""
    return to_json(graph(view.map, view.snapshot.map))


def warm(snapshot: Snapshot) -> None:
    """Compute the whole map's graph before the snapshot is served."""
    view = View(snapshot, None, snapshot.map)
    body = view.cached("graph", make=lambda: make_graph(view))
    view.cached("graph.gz", make=lambda: gzip.compress(body, 6, mtime=0))


@router.get(
    "/graph",
    response_model=GraphOut,
    responses={304: {"description": "Not modified (the `If-None-Match` ETag is current)."}},
)
async def get_graph(request: Request, view: ViewDep) -> Response:
    """The whole map as node-link JSON: `nodes` with id, name, kind (and its Swedish
    label), themes, entry point and a position `x`, `y` in px computed once per data
    version (the same data always gives the same picture; with `at=` nodes keep the
    positions of the full map); `edges` with id, `from`, `to`, type, the Swedish
    `label` and the member's `role`.  Carries an `ETag`: send it back in
    `If-None-Match` to get 304 when nothing changed.  Sent gzip-compressed (computed
    once per version) to clients that accept it."""
    body = await view.compute("graph", make=lambda: make_graph(view))
    if accepts_gzip(request):
        etag = make_etag(view.snapshot.version, "graph", view.day, "gzip")
        packed = await view.compute("graph.gz", make=lambda: gzip.compress(body, 6, mtime=0))
        return conditional(request, etag, packed, headers=GZIP_HEADERS)
    etag = make_etag(view.snapshot.version, "graph", view.day)
    return conditional(request, etag, body, headers={"Vary": "Accept-Encoding"})
