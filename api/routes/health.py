"""``GET /healthz``: is the service up, which data version is served, was a file rejected."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "No valid map has been loaded."}},
)
async def healthz(store: StoreDep) -> JSONResponse:
    """Health of the service and its data.

    200 while a map is served: `status` is `ok`, or `degraded` when the newest data file
    was rejected (then `last_error.messages` has the validator's first messages and the
    last good version keeps being served).  503 with `status: unavailable` and a
    `detail` when no valid data file has been loaded yet.
    """
    body = HealthOut.model_validate(store.health())
    status = 503 if body.status == "unavailable" else 200
    return JSONResponse(jsonable_encoder(body), status_code=status)
