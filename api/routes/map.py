"""``GET /api/map``: the map's title, owner, data version and counts."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import ViewDep
from api.errors import ERROR_RESPONSES
from api.responses import json_response
from api.schemas import MapOut
from api.views import to_json

router = APIRouter(prefix="/api", tags=["map"], responses=ERROR_RESPONSES)


@router.get("/map", response_model=MapOut)
async def get_map_info(view: ViewDep) -> Response:
    """The map: title, owner (the body that keeps it current), the data version
    (content hash of the file being served), when it was loaded, and counts of nodes,
    memberships, relations, meetings, themes and sources.  `at=` counts the map as it
    stood on that date."""

    def make() -> bytes:
        m = view.map
        owner = m.nodes.get(m.owner)
        return to_json(
            MapOut(
                title=m.title,
                title_en=m.data.map.title_en,
                description=m.data.map.description,
                owner=m.owner,
                owner_name=owner.name if owner else None,
                ownership_open=m.data.map.ownership_open,
                ownership_open_en=m.data.map.ownership_open_en,
                version=m.version,
                loaded_at=m.loaded_at,
                as_of=m.as_of,
                counts=m.counts(),
            )
        )

    return json_response(await view.compute("map", make=make))
