"""The history of the data file: ``GET /api/changes`` and the page "Ändringar" (``/andringar``).

Each revision of the data file comes with its date, message and semantic diff against its
parent (:func:`kartan.history.change_log`).  Without a ``.git`` directory, or without git,
the answer holds the current version only, never an error.  Answers are cached per data
version and checked-out commit; a commit's diff is computed once and kept.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api import rendering
from api.deps import SnapshotDep, StoreDep
from api.errors import ERROR_RESPONSES
from api.i18n import plural_slots, section
from api.responses import json_response
from api.state import Snapshot
from kartan.history import ChangeEntry, ChangeLog, change_log, diff_sections, head_commit
from kartan.map import Map

router = APIRouter(tags=["changes"], responses=ERROR_RESPONSES)

HEAD_TTL = 2.0
PAGE_SIZE = 20


class ChangeItemOut(BaseModel):
    """One revision of the data file (or the version served when there is no history)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["commit", "working_tree", "current"] = Field(
        description="`commit`; `working_tree` for changes served but not yet committed; "
        "`current` when there is no git history (only the version being served)."
    )
    revision: str = Field(
        description="The git commit id; for `working_tree` and `current` the data version "
        "being served (content hash)."
    )
    short: str = Field(description="The revision shortened for display.")
    date: str | None = Field(description="Commit date, ISO 8601 with offset (null if none).")
    message: str = Field(description="The commit's subject line.")
    summary: str = Field(description="The change in one Swedish line.")
    valid: bool = Field(description="False when the file was invalid in this revision.")
    problems: list[str] = Field(description="The validator's messages when invalid.")
    parent_valid: bool = Field(
        default=True,
        description="False when the version just before does not validate (under today's "
        "model); then `diff` compares with `compared_with`, or is null when no earlier "
        "version validates.",
    )
    compared_with: str | None = Field(
        default=None,
        description="The commit `diff` compares with when it is not the parent: the newest "
        "earlier version that validates (null: the parent).",
    )
    diff: dict[str, Any] | None = Field(
        description="The semantic diff against the parent revision (or `compared_with`), as "
        "`kartan diff --format json` prints it (null for `current` and invalid revisions, "
        "and when no earlier version validates)."
    )


class ChangesPageOut(BaseModel):
    """A page of the history, newest first."""

    model_config = ConfigDict(extra="forbid")

    total: int
    limit: int
    offset: int
    version: str = Field(description="The data version being served.")
    git: bool = Field(description="Whether git history was available.")
    detail: str | None = Field(description="Why only the current version is shown.")
    items: list[ChangeItemOut]


_heads: dict[str, tuple[float, str | None]] = {}
_heads_lock = threading.Lock()


def _head(folder: Path) -> str | None:
    """The checked-out commit of the data file's repository, looked up at most every 2 s."""
    key = str(folder)
    now = time.monotonic()
    with _heads_lock:
        hit = _heads.get(key)
    if hit is not None and now - hit[0] < HEAD_TTL:
        return hit[1]
    head = head_commit(folder)
    with _heads_lock:
        _heads[key] = (now, head)
    return head


def _log(snap: Snapshot, data: Path, limit: int, offset: int) -> ChangeLog:
    head = _head(data.parent)
    log: ChangeLog = snap.cached(
        ("changes-log", limit, offset, head),
        lambda: change_log(data, snap.map.data, limit=limit, offset=offset),
    )
    return log


def _item(entry: ChangeEntry, version: str) -> ChangeItemOut:
    body = entry.as_dict()
    if body["revision"] is None:
        body["revision"] = version
        body["short"] = version.removeprefix("sha256:")[:10]
    return ChangeItemOut.model_validate(body)


def _body(snap: Snapshot, data: Path, limit: int, offset: int) -> bytes:
    def make() -> bytes:
        log = _log(snap, data, limit, offset)
        out = ChangesPageOut(
            total=log.total,
            limit=limit,
            offset=offset,
            version=snap.version,
            git=log.git,
            detail=log.detail,
            items=[_item(e, snap.version) for e in log.entries],
        )
        return out.model_dump_json().encode("utf-8")

    body: bytes = snap.cached(("changes-json", limit, offset, _head(data.parent)), make)
    return body


@router.get("/api/changes", response_model=ChangesPageOut)
async def get_changes(
    snap: SnapshotDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Revisions per page.")] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Revisions to skip.")] = 0,
) -> Response:
    """History of the data file, newest first: each revision with its date, message
    and semantic diff against its parent (nodes, memberships, relations and meetings
    added, removed, changed or ended).  Changes served but not yet committed come first
    (`kind: working_tree`).  Without git history the answer holds the version being
    served only (`git: false`, `kind: current`)."""
    body = await run_in_threadpool(_body, snap, store.path, limit, offset)
    return json_response(body)


# --- the page ---------------------------------------------------------------------------


_SWEDISH_HINTS = re.compile(r"[åäöÅÄÖ]|\b(?:och|att|inte|som|för|med|till|från)\b", re.I)


def looks_swedish(message: str) -> bool:
    """Whether a commit message (free text, either language) reads as Swedish: it then
    gets lang="sv" on English pages.

    >>> looks_swedish("Lägg till KFUM i rådet"), looks_swedish("Fix the map legend")
    (True, False)
    """
    return bool(_SWEDISH_HINTS.search(message))


def strings(lang: str) -> dict[str, str]:
    """The page's texts in ``lang`` (from the one catalogue, :mod:`api.i18n`)."""
    return section("changes_", lang)


def english_names(m: Map) -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
    """The current map's English node names and meeting (title, when), by id: the change
    page names things in English even in revisions written before the translation."""
    names = {n.id: n.name_en for n in m.data.nodes if n.name_en}
    meetings = {
        mt.id: (mt.title_en, mt.when_en or mt.when)
        for n in m.data.nodes
        for mt in n.meetings
        if mt.title_en
    }
    return names, meetings


def _entry_view(
    entry: ChangeEntry,
    lang: str,
    english: tuple[dict[str, str], dict[str, tuple[str, str | None]]] | None = None,
) -> dict[str, Any]:
    rev = entry.revision
    base = entry.base
    return {
        "kind": entry.kind,
        "short": rev.short if rev else None,
        "date": rev.date.date().isoformat() if rev else None,
        "datetime": rev.date.isoformat() if rev else None,
        "message": rev.message if rev else entry.message,
        "summary": entry.summary_in(lang),
        "message_swedish": looks_swedish(rev.message if rev else entry.message or ""),
        "problems": list(entry.problems),
        "parent_invalid": entry.parent_invalid,
        "compared_with": strings(lang)["compared_with"].format(
            short=base.short, date=base.date.date().isoformat()
        )
        if base
        else None,
        "sections": diff_sections(entry.diff, lang, english=english)
        if entry.diff is not None
        else None,
        "empty": entry.diff is not None and entry.diff.empty,
    }


@router.get("/andringar", response_class=HTMLResponse, include_in_schema=False)
async def changes_page(
    request: Request,
    snap: SnapshotDep,
    store: StoreDep,
    sida: Annotated[str, Query(max_length=6)] = "1",
) -> HTMLResponse:
    """The page "Ändringar": the history, twenty revisions a page, newest first."""
    page = int(sida) if re.fullmatch(r"[0-9]+", sida) and int(sida) > 0 else 1  # not "²"
    offset = (page - 1) * PAGE_SIZE
    log = await run_in_threadpool(_log, snap, store.path, PAGE_SIZE, offset)
    pages_total = max(1, -(-log.total // PAGE_SIZE))
    lang = rendering.request_lang(request)
    s = strings(lang)
    fields = {"page": page, "pages": pages_total}
    beyond = log.git and page > pages_total  # a hand-made or outdated address
    ctx = {
        "s": s,
        "log": log,
        "entries": [_entry_view(e, lang, english_names(snap.map)) for e in log.entries],
        "page_no": page,
        "pages_total": pages_total,
        "page_text": s["page"].format(page=page, pages=pages_total),
        "count_text": s["count_one"] if log.total == 1 else s["count"].format(total=log.total),
        "beyond_text": plural_slots(s["beyond"], fields).format(**fields) if beyond else None,
        "last_url": f"/andringar?sida={pages_total}" if beyond else None,
        "newer_url": f"/andringar?sida={page - 1}" if 1 < page <= pages_total else None,
        "older_url": f"/andringar?sida={page + 1}" if page < pages_total else None,
        "api_url": f"/api/changes?limit={PAGE_SIZE}&offset={offset}",
    }
    return rendering.render(request, "changes.html", ctx, title=s["title"])
