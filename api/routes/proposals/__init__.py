""" "Föreslå ändring": the form at ``/noder/{id}/foresla`` and ``POST /api/proposals``.

Both apply the proposal to the map being served, in memory, validate the whole map and
answer with the validator's messages or the patch to paste into a pull request
(:func:`kartan.proposal.apply_proposal`).  Nothing is written to disk.

Every POST is guarded before its body is parsed: a body over 20 KB gets 413, and each
client may send 10 proposals a minute (a token bucket; then 429 with ``Retry-After``).
A client is its address, an IPv6 client its /64; ``X-Forwarded-For`` counts only from
the proxies in ``KARTAN_TRUSTED_PROXIES``; the buckets live in a small SQLite file
shared by every worker (``KARTAN_RATE_LIMIT_DB``).  The form page itself (GET) is not
limited.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import SnapshotDep, StoreDep
from api.i18n import text
from api.routes.proposals.form import (
    FORM_FIELDS,
    form_page,
    proposal_from_form,
    request_lang,
    unknown_node,
)
from api.routes.proposals.guard import GuardedRoute
from api.routes.proposals.models import PROPOSAL_RESPONSES, MessageOut, ProposalIn, ProposalOut
from kartan.history import HistoryError, repo_root
from kartan.proposal import (
    DEFAULT_FILENAME,
    HOW_TO,
    ProposalError,
    ProposalResult,
    UnknownNodeError,
    apply_proposal,
)

router = APIRouter(route_class=GuardedRoute)


@functools.cache
def _repo_relative(path: Path) -> str:
    """The data file's path inside its git repository; ``data/forums.yaml`` otherwise."""
    try:
        root = repo_root(path.parent)
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (HistoryError, ValueError, OSError):
        return DEFAULT_FILENAME


def _filename(store: Any) -> str:
    """The file name the patch names: as in the repository the pull request goes to."""
    path = getattr(store, "path", None)
    return _repo_relative(Path(path)) if path is not None else DEFAULT_FILENAME


def _out(node: str, result: ProposalResult) -> ProposalOut:
    return ProposalOut(
        valid=result.valid,
        node=node,
        applied=result.applied,
        summary=result.summary,
        messages=[
            MessageOut(
                severity=p.severity,
                path=p.path,
                code=p.code,
                message=p.message(),
                line=p.line,
                column=p.column,
            )
            for p in result.problems
        ],
        patch=result.patch or None,
        diff=result.diff.as_dict() if result.diff is not None else None,
        how_to=list(HOW_TO) if result.valid else [],
    )


@router.post(
    "/api/proposals", response_model=ProposalOut, tags=["proposals"], responses=PROPOSAL_RESPONSES
)
async def post_proposal(payload: ProposalIn, snap: SnapshotDep, store: StoreDep) -> Response:
    """Check a proposed change to one body against the whole map.  The answer is either
    the validator's messages (`valid: false`) or the patch of `data/forums.yaml` to paste
    into a pull request, with what changes on the map.  Nothing is written.  At most
    10 proposals a minute per address (429) and 20 KB per request (413)."""
    try:
        result = await run_in_threadpool(
            apply_proposal, snap.map.data, payload.to_proposal(), filename=_filename(store)
        )
    except UnknownNodeError as exc:
        return JSONResponse({"detail": str(exc)}, 404)
    except ProposalError as exc:
        return JSONResponse({"detail": str(exc)}, 422)
    body = _out(payload.node, result).model_dump_json().encode("utf-8")
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.get("/noder/{node_id}/foresla", response_class=HTMLResponse, include_in_schema=False)
async def proposal_form(request: Request, node_id: str, snap: SnapshotDep) -> HTMLResponse:
    """The form "Föreslå ändring" for one body, filled in with what the map says now."""
    if node_id not in snap.map.nodes:
        return unknown_node(request, node_id)
    return form_page(request, snap.map, node_id, {})


@router.post("/noder/{node_id}/foresla", response_class=HTMLResponse, include_in_schema=False)
async def proposal_submit(
    request: Request, node_id: str, snap: SnapshotDep, store: StoreDep
) -> HTMLResponse:
    """Check the form's proposal; show the messages or the patch on the same page."""
    if node_id not in snap.map.nodes:
        return unknown_node(request, node_id)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        response = form_page(
            request,
            snap.map,
            node_id,
            {},
            error=text("proposal_send_from_page", request_lang(request)),
        )
        response.status_code = 415
        return response
    raw = await request.form()
    form = {k: str(raw.get(k) or "")[:4000] for k in FORM_FIELDS}
    try:
        result = await run_in_threadpool(
            apply_proposal,
            snap.map.data,
            proposal_from_form(node_id, form),
            filename=_filename(store),
        )
    except ProposalError as exc:
        response = form_page(
            request, snap.map, node_id, form, error=exc.message(request_lang(request))
        )
        response.status_code = 422
        return response
    response = form_page(request, snap.map, node_id, form, result=result)
    response.headers["Cache-Control"] = "no-store"
    return response
