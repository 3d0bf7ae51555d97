"""Guards that run before a POST body is parsed: a bounded read and a rate limit.

The body is read at most ``limit`` bytes (:func:`read_bounded_body`; the write routes
give :data:`MAX_BODY`); a longer one is refused with 413 by the route classes of the
proposal form and the suggestions inbox, whose OpenAPI lists :data:`BODY_TOO_LARGE`.
The proposal form is also rate-limited per client: a token bucket (in memory, or in a
small SQLite file shared by every worker, ``KARTAN_RATE_LIMIT_DB``).  A client is its
address, an IPv6 client its /64; ``X-Forwarded-For`` counts only from the proxies in
``KARTAN_TRUSTED_PROXIES`` (:func:`client_key`, also the suggestions' client).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request

RATE_PER_MINUTE = 10
MAX_CLIENTS = 10_000

MAX_BODY = 20 * 1024
"""The largest request body (bytes) the proposal and suggestion routes read; 413 beyond."""

BODY_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"description": f"The request body is larger than {MAX_BODY // 1024} KB."},
}
"""The 413 answer of those routes, as their OpenAPI ``responses`` list it."""


async def read_bounded_body(request: Request, limit: int) -> bool:
    """Read the body once, at most ``limit`` bytes; False (and nothing kept) beyond.

    A ``Content-Length`` over the limit is refused before anything is read.  The body
    read is kept on the request, so FastAPI parses it from there.
    """
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        return False
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return False
    request._body = bytes(body)
    return True


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


def client_key(request: Request) -> str:
    """The client a request counts against (:func:`rate_key` with the app's settings)."""
    peer = request.client.host if request.client else "unknown"
    settings = getattr(request.app.state, "settings", None)
    return rate_key(
        peer, request.headers.get("x-forwarded-for"), getattr(settings, "trusted_proxies", "")
    )


def proposal_bucket(request: Request) -> Bucket:
    """The app's bucket for the proposal form, made on first use."""
    state = request.app.state
    bucket = getattr(state, "proposal_bucket", None)
    if not isinstance(bucket, TokenBucket | SqliteTokenBucket):
        settings = getattr(state, "settings", None)
        setting = getattr(settings, "rate_limit_db", "memory")
        data = getattr(settings, "data", Path("data/forums.yaml"))
        bucket = bucket_for(setting, Path(data))
        state.proposal_bucket = bucket
    return bucket
