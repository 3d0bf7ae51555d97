"""``GET /api/changes``: history of the data file.

A minimal placeholder answering with the version being served; the maintainers'
workflow replaces this module's body with the git history and semantic diffs.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SnapshotDep
from api.errors import ERROR_RESPONSES
from api.schemas import ChangeOut, ChangesOut

router = APIRouter(prefix="/api", tags=["changes"], responses=ERROR_RESPONSES)


@router.get("/changes", response_model=ChangesOut)
async def changes(snap: SnapshotDep) -> ChangesOut:
    """History of the data file: each revision with its date, a summary and the
    semantic diff.  (For now only the version being served.)"""
    item = ChangeOut(revision=snap.version, date=None, summary="nuvarande version", diff=None)
    return ChangesOut(total=1, items=[item])
