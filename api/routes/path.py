"""``GET /api/path``: the chain of bodies between two nodes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ViewDep
from api.errors import ERROR_RESPONSES, not_found, unknown_node
from api.responses import json_response
from api.schemas import PathOut
from api.views import names, path_steps, to_json
from kartan.graph import path_between, path_ids

router = APIRouter(prefix="/api", tags=["path"], responses=ERROR_RESPONSES)


@router.get("/path", response_model=PathOut)
async def get_path(
    view: ViewDep,
    from_: Annotated[str, Query(alias="from", max_length=200, description="Start node id.")],
    to: Annotated[str, Query(max_length=200, description="End node id.")],
) -> Response:
    """The shortest chain of bodies between two nodes, following relations and
    memberships in either direction; each step has its relation in plain Swedish
    (`relation`, and the whole sentence in `text`).  404 when an id is unknown or when
    no chain connects the two."""
    m = view.map
    for node_id in (from_, to):
        if node_id not in m.nodes:
            raise unknown_node(node_id)

    def make() -> bytes | None:
        steps = path_between(m, from_, to)
        if steps is None:
            return None
        nm = view.cached("names", make=lambda: names(m))
        out = path_steps(steps, nm)
        text = ". ".join(s.text for s in out) + "." if out else f"{nm[from_]} är samma nod."
        return to_json(
            PathOut(
                from_=from_,
                to=to,
                length=len(out),
                ids=path_ids(steps, from_),
                steps=out,
                text=text,
            )
        )

    body = await view.compute("path", from_, to, make=make)
    if body is None:
        a, b = m.nodes[from_].name, m.nodes[to].name
        raise not_found(
            f"Ingen väg på kartan förbinder {a} och {b} (no path between '{from_}' and '{to}')."
        )
    return json_response(body)
