"""``GET /api/export/{format}``: the map as a file (see :mod:`kartan.export`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.deps import ViewDep
from api.errors import ERROR_RESPONSES, not_found, unknown_node
from api.responses import conditional, make_etag
from kartan import export as exports

router = APIRouter(prefix="/api", tags=["export"], responses=ERROR_RESPONSES)

FORMAT_HELP = (
    "json (node-link; graph.needs holds the needs), csv (nodes), relations-csv, "
    "needs-csv (the needs from the minutes), graphml, gexf, ics (meetings), "
    "popolo, html (the whole map in one file that opens without network), matters-csv "
    "(the council's matters)"
)


@router.get(
    "/export/{format}",
    response_class=Response,
    responses={
        200: {
            "description": "The file.",
            "content": {
                "application/json": {},
                "text/csv": {},
                "application/graphml+xml": {},
                "application/gexf+xml": {},
                "text/calendar": {},
                "text/html": {},
            },
        },
        304: {"description": "Not modified (the `If-None-Match` ETag is current)."},
    },
)
async def export(
    request: Request,
    view: ViewDep,
    format: Annotated[str, Path(max_length=40, description=FORMAT_HELP)],
    node: Annotated[
        str | None,
        Query(max_length=200, description="For `ics`: only this body's meetings."),
    ] = None,
    lang: Annotated[Literal["sv", "en"], Query(description="Language of labels.")] = "sv",
) -> Response:
    """Download the map as a file: json (node-link), csv (nodes), relations-csv,
    graphml, gexf, ics (meetings, each with the matters handled there), popolo, html
    (the whole map in one file that opens without network), matters-csv (the council's
    matters; `json` carries them too, as the graph attribute `matters`).  `node=` limits the
    calendar (`ics`) to one body's meetings; `at=` exports the map as it stood on a
    date.  With `ETag` and `Cache-Control`; 404 for an unknown format or node."""
    formats: tuple[str, ...] = tuple(exports.FORMATS)
    if format not in formats:
        raise not_found(
            f"Okänt exportformat '{format}'; välj bland: {', '.join(formats)} "
            f"(unknown export format)"
        )
    if node is not None and node not in view.map.nodes:
        raise unknown_node(node)

    def make() -> exports.Export:
        return exports.export(view.map, format, node=node, lang=lang, full=view.snapshot.map)

    out = await view.compute("export", format, node, lang, make=make)
    etag = make_etag(view.snapshot.version, "export", format, node, lang, view.day)
    disposition = f'attachment; filename="{out.filename}"'
    return conditional(
        request,
        etag,
        out.body,
        media_type=out.media_type,
        headers={"Content-Disposition": disposition},
    )
