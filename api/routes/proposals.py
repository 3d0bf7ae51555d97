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
import hashlib
import ipaddress
import math
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from api.deps import SnapshotDep, StoreDep
from api.i18n import lines, section, text
from api.state import Snapshot
from kartan.history import HistoryError, repo_root
from kartan.labels import FUNCTION_LABELS, RELATION_LABELS, ROLE_LABELS
from kartan.map import Map
from kartan.model import ContactFunction, RelationType, Role
from kartan.proposal import (
    DEFAULT_FILENAME,
    HOW_TO,
    Proposal,
    ProposalError,
    ProposalResult,
    UnknownNodeError,
    apply_proposal,
)

MAX_BODY = 20 * 1024
RATE_PER_MINUTE = 10
MAX_CLIENTS = 10_000

Id = Annotated[str, StringConstraints(max_length=80)]
Line = Annotated[str, StringConstraints(max_length=300)]
Day = Annotated[str, StringConstraints(max_length=20)]


# --- guard: size and rate ----------------------------------------------------------------


class TokenBucket:
    """Per-client token buckets: ``rate`` requests a minute, bursts up to ``rate``."""

    def __init__(self, rate: int = RATE_PER_MINUTE, *, clock: Callable[[], float] = time.monotonic):
        self.capacity = float(rate)
        self.per_second = rate / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 when allowed, else seconds until one is free."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.per_second)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                self._prune(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.per_second

    def _prune(self, now: float) -> None:
        if len(self._buckets) <= MAX_CLIENTS:
            return
        full = 60.0  # a bucket untouched for a minute is full again: forget it
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full}


class SqliteTokenBucket:
    """The same token buckets in a small SQLite file, shared by every worker process.

    ``uvicorn --workers N`` runs N processes; with buckets in memory each had its own,
    so a client got N times the limit (security review finding 9).  The file holds one
    row per client (address or IPv6 /64); each take is one short write transaction
    (``BEGIN IMMEDIATE``, WAL), with wall-clock time so that all processes agree.
    """

    def __init__(self, path: Path, rate: int = RATE_PER_MINUTE) -> None:
        self.path = path
        self.capacity = float(rate)
        self.per_second = rate / 60.0
        self._local = threading.local()
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS buckets "
                "(client TEXT PRIMARY KEY, tokens REAL NOT NULL, last REAL NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 when allowed, else seconds until one is free."""
        now = time.time()
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(
                "SELECT tokens, last FROM buckets WHERE client = ?", (client,)
            ).fetchone()
            tokens, last = row if row else (self.capacity, now)
            tokens = min(self.capacity, tokens + max(0.0, now - last) * self.per_second)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.per_second
            if wait == 0.0:
                tokens -= 1.0
            db.execute(
                "INSERT OR REPLACE INTO buckets (client, tokens, last) VALUES (?, ?, ?)",
                (client, tokens, now),
            )
            if hash(client) % 64 == 0:  # now and then: forget buckets full again
                db.execute("DELETE FROM buckets WHERE last < ?", (now - 60.0,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return wait


Bucket = TokenBucket | SqliteTokenBucket


def bucket_for(setting: str, data: Path) -> Bucket:
    """The rate-limit store for ``KARTAN_RATE_LIMIT_DB``: ``memory``, a file, or (empty)
    one file per data file in the temporary directory, shared by the workers serving it."""
    if setting.strip().lower() == "memory":
        return TokenBucket()
    if setting.strip():
        path = Path(setting)
    else:
        digest = hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:16]
        path = Path(tempfile.gettempdir()) / f"kartan-ratelimit-{digest}.sqlite"
    try:
        return SqliteTokenBucket(path)
    except sqlite3.Error:  # no shared store here: each process limits on its own
        return TokenBucket()


def _bucket(request: Request) -> Bucket:
    state = request.app.state
    bucket = getattr(state, "proposal_bucket", None)
    if not isinstance(bucket, TokenBucket | SqliteTokenBucket):
        settings = getattr(state, "settings", None)
        setting = getattr(settings, "rate_limit_db", "memory")
        data = getattr(settings, "data", Path("data/forums.yaml"))
        bucket = bucket_for(setting, Path(data))
        state.proposal_bucket = bucket
    return bucket


def _networks(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    nets = []
    for part in text.split(","):
        if part.strip():
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(nets)


@functools.lru_cache(maxsize=8)
def _trusted(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return _networks(text)
    except ValueError:
        return ()


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def rate_key(peer: str, forwarded_for: str | None, trusted: str) -> str:
    """The bucket a request counts against.

    ``X-Forwarded-For`` is believed only when the peer is one of the ``trusted`` proxies
    (``KARTAN_TRUSTED_PROXIES``); then the client is the right-most address in it that is
    not itself a trusted proxy.  An IPv6 client is bucketed by its /64 (one household or
    host may use any address in it).

    >>> rate_key("203.0.113.9", "198.51.100.1", "")
    '203.0.113.9'
    >>> rate_key("10.0.0.2", "198.51.100.1, 10.0.0.3", "10.0.0.0/8")
    '198.51.100.1'
    >>> rate_key("2001:db8:1:2:aaaa::1", None, "")
    '2001:db8:1:2::/64'
    """
    nets = _trusted(trusted)
    client = _address(peer)
    if client is not None and forwarded_for and any(client in n for n in nets):
        for hop in reversed(forwarded_for.split(",")):
            ip = _address(hop)
            if ip is None:
                break
            client = ip
            if not any(ip in n for n in nets):
                break
    if client is None:
        return peer or "unknown"
    if isinstance(client, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{client}/64", strict=False))
    return str(client)


@dataclass(frozen=True)
class Refusal:
    """Why a POST was refused before its body was used."""

    status: int
    detail: str
    retry_after: int | None = None


TOO_LARGE = (
    f"Förslaget är för stort: högst {MAX_BODY // 1024} KB "
    f"(the proposal is too large: at most {MAX_BODY // 1024} KB)."
)


def _too_many(seconds: float) -> str:
    wait = max(1, math.ceil(seconds))
    sv, en = ("1 sekund", "1 second") if wait == 1 else (f"{wait} sekunder", f"{wait} seconds")
    return (
        f"För många förslag från din adress: högst {RATE_PER_MINUTE} i minuten. "
        f"Försök igen om {sv} (too many proposals from your address: at most "
        f"{RATE_PER_MINUTE} a minute; try again in {en})."
    )


async def guard(request: Request) -> Refusal | None:
    """Check size and rate before the body is parsed; keep the body read for the handler."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        return Refusal(413, TOO_LARGE)
    peer = request.client.host if request.client else "unknown"
    settings = getattr(request.app.state, "settings", None)
    client = rate_key(
        peer, request.headers.get("x-forwarded-for"), getattr(settings, "trusted_proxies", "")
    )
    bucket = _bucket(request)
    if isinstance(bucket, SqliteTokenBucket):  # a short write; never on the event loop
        wait = await run_in_threadpool(bucket.take, client)
    else:
        wait = bucket.take(client)
    if wait > 0:
        return Refusal(429, _too_many(wait), max(1, math.ceil(wait)))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return Refusal(413, TOO_LARGE)
    request._body = bytes(body)  # read once, bounded; FastAPI parses it from here
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
    response = _form_page(request, snap.map, node_id, {}, error=refusal.detail)
    response.status_code = refusal.status
    if headers:
        response.headers.update(headers)
    return response


router = APIRouter(route_class=GuardedRoute)


# --- the JSON API -------------------------------------------------------------------------


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactIn(In):
    """The function through which the body is reached, held by an organisation."""

    function: ContactFunction
    via: Id = Field(description="Node id of the organisation or administration.")


class MembershipIn(In):
    """A membership to add, or a current one to end."""

    action: Literal["add", "end"]
    id: Id = Field(description="Node id of the member organisation.")
    role: Role | None = Field(default=None, description="Default `member` when adding.")
    date: Day | None = Field(
        default=None,
        description="YYYY-MM-DD: first day when adding (optional), last day when ending.",
    )


class RelationIn(In):
    """A new relation from this body to another node."""

    type: RelationType
    to: Id
    label: Line | None = Field(default=None, description="Swedish nuance, e.g. 'driver'.")


class SourceIn(In):
    """A source not yet on the map (new minutes)."""

    id: Id
    title: Line
    date: Day | None = None


class ProposalIn(In):
    """A proposed change to one body; at least one part, and its source."""

    node: Id = Field(description="Id of the body the proposal is about.")
    description: Annotated[str, StringConstraints(max_length=4000)] | None = None
    contact: ContactIn | None = None
    membership: MembershipIn | None = None
    relation: RelationIn | None = None
    sources: list[Line] = Field(
        default_factory=list,
        max_length=20,
        description="Source references for the new facts, e.g. `001 §5`.",
    )
    new_source: SourceIn | None = None

    def to_proposal(self) -> Proposal:
        p = Proposal(node=self.node, description=self.description, sources=list(self.sources))
        if self.contact:
            p.contact_function, p.contact_via = self.contact.function.value, self.contact.via
        if self.membership:
            m = self.membership
            p.member_action, p.member_id, p.member_date = m.action, m.id, m.date
            p.member_role = m.role.value if m.role else None
        if self.relation:
            r = self.relation
            p.relation_type, p.relation_to, p.relation_label = r.type.value, r.to, r.label
        if self.new_source:
            s = self.new_source
            p.new_source_id, p.new_source_title, p.new_source_date = s.id, s.title, s.date
        return p


class MessageOut(BaseModel):
    """One message of the validator about the proposed map."""

    severity: str
    path: str
    code: str
    message: str
    line: int = Field(description="Line in the proposed (canonical) file.")
    column: int


class ProposalOut(BaseModel):
    """The check of a proposal: valid with a patch, or the validator's messages."""

    valid: bool
    node: str
    applied: list[str] = Field(description="What the proposal changed, in Swedish.")
    summary: str = Field(description="What changes on the map, in one Swedish line.")
    messages: list[MessageOut]
    patch: str | None = Field(description="Unified diff of data/forums.yaml to paste in a PR.")
    diff: dict[str, Any] | None = Field(description="The semantic diff (as `/api/changes`).")
    how_to: list[str] = Field(description="How to hand the patch in, in Swedish.")


PROPOSAL_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "The body is not on the map."},
    413: {"description": "The request body is larger than 20 KB."},
    422: {"description": "The proposal is incomplete, cites no source or changes nothing."},
    429: {"description": "More than 10 proposals a minute from one address."},
    503: {"description": "No valid data file has been loaded."},
}


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


# --- the form -----------------------------------------------------------------------------


def strings(lang: str) -> dict[str, str]:
    """The form's texts in ``lang`` (from the one catalogue, :mod:`api.i18n`)."""
    return section("proposal_", lang)


FORM_FIELDS = (
    "description",
    "contact_function",
    "contact_via",
    "member_action",
    "member_id",
    "member_role",
    "member_date",
    "relation_type",
    "relation_to",
    "relation_label",
    "sources",
    "new_source_id",
    "new_source_title",
    "new_source_date",
)


def _choices(labels: dict[str, tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    i = 1 if lang == "en" else 0
    return [(k, v[i]) for k, v in labels.items()]


def _form_page(
    request: Request,
    m: Map,
    node_id: str,
    values: dict[str, str],
    *,
    result: ProposalResult | None = None,
    error: str | None = None,
) -> HTMLResponse:
    from api.routes import pages

    lang = pages.request_lang(request)
    s = strings(lang)
    node = m.nodes[node_id]
    if not values:
        values = {
            "description": node.description or "",
            "contact_function": node.contact.function.value if node.contact else "",
            "contact_via": node.contact.via if node.contact else "",
        }
    names = {n.id: n.name for n in m.data.nodes}
    ctx = {
        "s": s,
        "node": node,
        "lead_before": s["lead"].split("{name}")[0],
        "lead_after": s["lead"].split("{name}", 1)[-1],
        "summary": result.diff.summary(lang) if result and result.diff else "",
        "values": values,
        "result": result,
        "messages": result.messages(lang) if result is not None else [],
        "sections": _sections(result, lang),
        "error": error,
        "how_to": lines("proposal_how_to", lang),
        "functions": _choices(FUNCTION_LABELS, lang),
        "roles": _choices(ROLE_LABELS, lang),
        "relation_types": _choices(RELATION_LABELS, lang),
        "members": [
            (mb.id, names.get(mb.id, mb.id), ROLE_LABELS[mb.role.value][1 if lang == "en" else 0])
            for mb in node.members
            if mb.valid_until is None
        ],
        "nodes": sorted(names.items(), key=lambda kv: kv[1].casefold()),
        "sources": [(src.id, src.title) for src in m.data.sources],
    }
    return pages.render(request, "proposals/form.html", ctx, title=f"{s['title']}: {node.name}")


def _sections(result: ProposalResult | None, lang: str) -> list[Any]:
    from kartan.history import diff_sections

    if result is None or result.diff is None:
        return []
    return diff_sections(result.diff, lang)


def _from_form(node_id: str, form: dict[str, str]) -> Proposal:
    action = form.get("member_action", "")
    return Proposal(
        node=node_id,
        description=form.get("description"),
        contact_function=form.get("contact_function"),
        contact_via=form.get("contact_via"),
        member_action=action if action in ("add", "end") else None,  # type: ignore[arg-type]
        member_id=form.get("member_id"),
        member_role=form.get("member_role"),
        member_date=form.get("member_date"),
        relation_type=form.get("relation_type"),
        relation_to=form.get("relation_to"),
        relation_label=form.get("relation_label"),
        sources=[x for x in (form.get("sources") or "").split(",") if x.strip()],
        new_source_id=form.get("new_source_id"),
        new_source_title=form.get("new_source_title"),
        new_source_date=form.get("new_source_date"),
    )


def _lang(request: Request) -> str:
    from api.routes import pages

    return pages.request_lang(request)


def _unknown_node(request: Request, node_id: str) -> HTMLResponse:
    from api.routes import pages

    lang = pages.request_lang(request)
    return pages.not_found(request, text("not_found_proposal", lang).format(id=node_id))


@router.get("/noder/{node_id}/foresla", response_class=HTMLResponse, include_in_schema=False)
async def proposal_form(request: Request, node_id: str, snap: SnapshotDep) -> HTMLResponse:
    """The form "Föreslå ändring" for one body, filled in with what the map says now."""
    if node_id not in snap.map.nodes:
        return _unknown_node(request, node_id)
    return _form_page(request, snap.map, node_id, {})


@router.post("/noder/{node_id}/foresla", response_class=HTMLResponse, include_in_schema=False)
async def proposal_submit(
    request: Request, node_id: str, snap: SnapshotDep, store: StoreDep
) -> HTMLResponse:
    """Check the form's proposal; show the messages or the patch on the same page."""
    if node_id not in snap.map.nodes:
        return _unknown_node(request, node_id)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        response = _form_page(
            request,
            snap.map,
            node_id,
            {},
            error=text("proposal_send_from_page", _lang(request)),
        )
        response.status_code = 415
        return response
    raw = await request.form()
    form = {k: str(raw.get(k) or "")[:4000] for k in FORM_FIELDS}
    try:
        result = await run_in_threadpool(
            apply_proposal, snap.map.data, _from_form(node_id, form), filename=_filename(store)
        )
    except ProposalError as exc:
        response = _form_page(request, snap.map, node_id, form, error=exc.message(_lang(request)))
        response.status_code = 422
        return response
    response = _form_page(request, snap.map, node_id, form, result=result)
    response.headers["Cache-Control"] = "no-store"
    return response
