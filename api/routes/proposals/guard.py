"""The proposal routes' guard: size and rate, checked before the body is parsed.

A body over 20 KB gets 413, and each client may send 10 proposals a minute (a token
bucket, :mod:`api.ratelimit`; then 429 with ``Retry-After``).  The JSON API answers
with a JSON ``detail``; the form answers with its page and the message on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from api.i18n import detail
from api.ratelimit import (
    MAX_BODY,
    RATE_PER_MINUTE,
    SqliteTokenBucket,
    client_key,
    proposal_bucket,
    read_bounded_body,
)
from api.routes.proposals.form import form_page
from api.state import Snapshot


@dataclass(frozen=True)
class Refusal:
    """Why a POST was refused before its body was used."""

    status: int
    detail: str
    retry_after: int | None = None


TOO_LARGE = detail("detail_proposal_too_large", kb=MAX_BODY // 1024)


def too_many(seconds: float) -> str:
    wait = max(1, math.ceil(seconds))
    sv, en = ("1 sekund", "1 second") if wait == 1 else (f"{wait} sekunder", f"{wait} seconds")
    return detail("detail_too_many_proposals", rate=RATE_PER_MINUTE, wait=sv, wait_en=en)


async def guard(request: Request) -> Refusal | None:
    """Check size and rate before the body is parsed; keep the body read for the handler."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        return Refusal(413, TOO_LARGE)
    bucket = proposal_bucket(request)
    client = client_key(request)
    if isinstance(bucket, SqliteTokenBucket):  # a short write; never on the event loop
        wait = await run_in_threadpool(bucket.take, client)
    else:
        wait = bucket.take(client)
    if wait > 0:
        return Refusal(429, too_many(wait), max(1, math.ceil(wait)))
    if not await read_bounded_body(request, MAX_BODY):
        return Refusal(413, TOO_LARGE)
    return None


class GuardedRoute(APIRoute):
    """A route whose POSTs pass :func:`guard` first (413 and 429 as JSON, or the form)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            if request.method == "POST":
                refusal = await guard(request)
                if refusal is not None:
                    return await _refused(request, refusal)
            return await original(request)

        return handler


async def _refused(request: Request, refusal: Refusal) -> Response:
    headers = {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else None
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": refusal.detail}, refusal.status, headers=headers)
    store = getattr(request.app.state, "store", None)
    snap = getattr(store, "snapshot", None)
    node_id = request.path_params.get("node_id", "")
    if not isinstance(snap, Snapshot) or node_id not in snap.map.nodes:
        return JSONResponse({"detail": refusal.detail}, refusal.status, headers=headers)
    response = form_page(request, snap.map, node_id, {}, error=refusal.detail)
    response.status_code = refusal.status
    if headers:
        response.headers.update(headers)
    return response
