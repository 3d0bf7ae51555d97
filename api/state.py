"""The map being served, and the watcher that reloads it without loss.

:class:`MapStore` loads the data file at startup and keeps a :class:`Snapshot` (the map
plus caches of the responses computed from it).  A background thread watches the file's
directory with inotify (:mod:`api.watch`) and looks at the file when its writer has
closed it or a finished file was renamed into place, so a file is never read half
written; where inotify is missing it polls (``mtime``, size, inode and, while the file
is freshly written, its content hash).  Only a regular file is read, with a bound and
without blocking (a FIFO, a directory or a link to ``/dev/zero`` is reported at once):

* a new **valid** file is validated completely *before* anything changes, its graph
  response is precomputed, and the new snapshot is swapped in with one assignment
  (requests in flight keep the snapshot they started with);
* an **invalid**, truncated or deleted file is rejected: the last good snapshot keeps
  being served and :meth:`MapStore.health` reports the validator's first messages;
* a later valid file recovers.

If the file is invalid at startup there is no snapshot: data endpoints answer 503 and
``/healthz`` says why, until a valid file appears.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from api.watch import DirWatcher, open_watcher
from kartan.errors import UnavailableError
from kartan.lexicon import own_lexicon_dir
from kartan.load import (
    DEFAULT_MAX_BYTES,
    LoadResult,
    Problem,
    load_bytes,
    load_path,
    read_data_file,
)
from kartan.map import Map
from kartan.staleness import STALE_DAYS

log = logging.getLogger("kartan.api")

T = TypeVar("T")

MAX_REPORTED_PROBLEMS = 10
# A file modified less than this many seconds ago is re-hashed at every check, so a
# rewrite within one timestamp tick (same mtime and size) is still seen.
RACY_SECONDS = 2.0
CACHE_ENTRIES = 20_000
CACHE_BYTES = 512 * 1024 * 1024
DATED_MAPS = 16
# Answers for a date (`at=`): any anonymous client can ask for any number of dates, so
# they get their own, smaller cache (security review finding 9): at most this many
# answers and bytes, least recently used first out.
DATED_ANSWERS = 256
DATED_ANSWER_BYTES = 64 * 1024 * 1024


def weight(value: Any) -> int:
    """Rough memory cost of a cached value in bytes (exact for bytes)."""
    if isinstance(value, bytes | bytearray):
        return len(value) + 64
    body = getattr(value, "body", None)
    if isinstance(body, bytes):
        return len(body) + 64
    if isinstance(value, list | tuple | dict):
        return 512 * len(value) + 64
    return 1024


class MapUnavailableError(UnavailableError):
    """There is no valid map to answer from (the data file is invalid or missing);
    :mod:`api.errors` answers it with 503 and its ``detail``."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class LRU:
    """A small thread-safe least-recently-used cache, bounded in entries and in bytes."""

    def __init__(self, maxsize: int, max_bytes: int | None = None) -> None:
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._weights: dict[Any, int] = {}
        self._lock = threading.Lock()

    def get_or_make(self, key: Any, make: Callable[[], T]) -> T:
        """The cached value for ``key``, computing it with ``make()`` when missing."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                value: T = self._data[key]
                return value
        value = make()
        cost = weight(value) if self.max_bytes is not None else 0
        with self._lock:
            if key not in self._data:
                self._data[key] = value
                self._weights[key] = cost
                self.bytes += cost
            self._data.move_to_end(key)
            while len(self._data) > 1 and (
                len(self._data) > self.maxsize
                or (self.max_bytes is not None and self.bytes > self.max_bytes)
            ):
                old, _ = self._data.popitem(last=False)
                self.bytes -= self._weights.pop(old, 0)
        return value

    def peek(self, key: Any) -> Any:
        """The cached value for ``key`` or None (no recency update, no computing)."""
        return self._data.get(key)

    def __len__(self) -> int:
        return len(self._data)


@dataclass(eq=False)
class Snapshot:
    """One version of the map with the caches of what was computed from it."""

    map: Map
    warnings: int = 0
    cache: LRU = field(default_factory=lambda: LRU(CACHE_ENTRIES, CACHE_BYTES))
    dated: LRU = field(default_factory=lambda: LRU(DATED_MAPS))
    dated_answers: LRU = field(default_factory=lambda: LRU(DATED_ANSWERS, DATED_ANSWER_BYTES))

    @property
    def version(self) -> str:
        return self.map.version

    def at(self, day: dt.date | None) -> Map:
        """The map as it stood on ``day`` (the whole map for None), cached per date."""
        if day is None:
            return self.map
        return self.dated.get_or_make(day, lambda: self.map.at(day))

    def cache_for(self, key: tuple[Any, ...]) -> LRU:
        """The cache of ``key``: answers for a date (last part) have their own bounds."""
        return self.dated_answers if key and isinstance(key[-1], dt.date) else self.cache

    def cached(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """A value computed once per snapshot (e.g. serialized JSON of a response)."""
        return self.cache_for(key).get_or_make(key, make)


@dataclass(frozen=True)
class Rejection:
    """A data file that was not taken: when, and a summary of the validator's messages.

    The summary (``count``, the first ``messages``) is computed once, in the watcher
    thread, so that ``/healthz`` answers in constant time on the event loop however many
    problems the file had (security review finding 3).
    """

    at: dt.datetime
    problems: tuple[Problem, ...]
    content_hash: str | None
    count: int = 0
    messages: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: LoadResult) -> Rejection:
        """The rejection of a load result: at most ``MAX_REPORTED_PROBLEMS`` kept."""
        problems = tuple((result.errors or result.problems)[:MAX_REPORTED_PROBLEMS])
        errors = sum(1 for p in result.errors if p.code not in ("more_problems", "stopped"))
        return cls(
            at=_now(),
            problems=problems,
            content_hash=None,
            count=errors + result.more,
            messages=tuple(p.format() for p in problems),
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _settle_garbage_collector(*, replaced: bool) -> None:
    """Move what is alive now (the map) out of the collector's sight.

    A 10,000-node map is millions of objects; without this, every full collection walks
    them all and shows up as 50–100 ms pauses in the p99 of requests.  When the map
    ``replaced`` an earlier one, the frozen objects are unfrozen first, so that the earlier
    map can still be collected.  A store's first map has nothing of its own to unfreeze:
    then only what is not yet frozen is collected (in a service, where one store is the
    first to freeze, that is everything, as before; in a process with many stores, such as
    the tests', the objects other stores froze are not walked again).
    """
    if replaced:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


class MapStore:
    """Holds the current :class:`Snapshot` and reloads the data file when it changes."""

    def __init__(
        self,
        path: Path,
        *,
        stale_days: int = STALE_DAYS,
        watch_interval: float = 1.0,
        warm: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.path = path
        self.stale_days = stale_days
        self.watch_interval = watch_interval
        self.warm = warm
        self.max_bytes = DEFAULT_MAX_BYTES
        self.watch_mode = "off"  # "inotify" (close-write), "poll", or "off"
        self._snapshot: Snapshot | None = None
        self.rejection: Rejection | None = None
        self.checked_at: dt.datetime | None = None
        self.reloads = 0
        self._stat: tuple[int, int, int, int] | None = None
        self._seen_hash: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: DirWatcher | None = None

    # --- reading ------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot being served, or None when no valid file was ever loaded."""
        return self._snapshot

    @property
    def map(self) -> Map | None:
        """The map being served (None while no valid file was loaded)."""
        snap = self._snapshot
        return snap.map if snap is not None else None

    def unavailable_detail(self) -> str:
        """Why there is no map to serve, in Swedish and English."""
        first = ""
        if self.rejection is not None and self.rejection.problems:
            first = " " + self.rejection.problems[0].format()
        return (
            "Kartan kan inte visas: datafilen är ogiltig eller saknas"
            " (The map is unavailable: the data file is invalid or missing)." + first
        )

    def health(self) -> dict[str, Any]:
        """The state of the data for ``/healthz``."""
        snap = self._snapshot
        rej = self.rejection
        if snap is None:
            status = "unavailable"
        elif rej is not None:
            status = "degraded"
        else:
            status = "ok"
        return {
            "status": status,
            "version": snap.version if snap else None,
            "loaded_at": snap.map.loaded_at if snap else None,
            "checked_at": self.checked_at,
            "reloads": self.reloads,
            "warnings": snap.warnings if snap else 0,
            "data_file": self.path.name,
            "watching": self._thread is not None and self._thread.is_alive(),
            "last_error": None
            if rej is None
            else {"at": rej.at, "count": rej.count, "messages": list(rej.messages)},
            "detail": self.unavailable_detail() if snap is None else None,
        }

    # --- loading ------------------------------------------------------------------------

    def _stat_key(self) -> tuple[int, int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)

    def check(self) -> bool:
        """Look at the data file once; reload it when it changed.  True when swapped."""
        with self._lock:
            self.checked_at = _now()
            key = self._stat_key()
            if key is None:
                if self._stat is not None or self._snapshot is None:
                    self._stat = None
                    self._seen_hash = None
                    return self._load()
                return False
            racy = time.time() - key[0] / 1e9 < RACY_SECONDS
            if key == self._stat and not racy:
                return False
            self._stat = key
            # A regular file only, read with a bound and without blocking: a FIFO, a
            # directory or a link to /dev/zero is reported, never waited on or slurped.
            data = read_data_file(self.path, self.path.name, self.max_bytes)
            if isinstance(data, Problem):
                self._seen_hash = None
                return self._reject(LoadResult(None, [data]))
            digest = hashlib.sha256(data).hexdigest()
            if digest == self._seen_hash:
                return False
            self._seen_hash = digest
            return self._load(data)

    def _reject(self, result: LoadResult) -> bool:
        self.rejection = Rejection.of(result)
        log.warning(
            "data file rejected, still serving %s: %s",
            self._snapshot.version if self._snapshot else "nothing",
            "; ".join(self.rejection.messages[:3]),
        )
        return False

    def _load(self, data: bytes | None = None) -> bool:
        started = time.perf_counter()
        if data is None:
            result = load_path(
                self.path,
                stale_days=self.stale_days,
                display_name=self.path.name,
                max_bytes=self.max_bytes,
            )
        else:
            result = load_bytes(data, self.path.name, stale_days=self.stale_days)
            if result.map is not None:
                result.map.lexicon_dir = own_lexicon_dir(self.path)
        if result.map is None:
            return self._reject(result)
        if self._snapshot is not None and self._snapshot.version == result.map.version:
            self.rejection = None
            return False
        replaced = self._snapshot is not None
        snap = Snapshot(result.map, warnings=len(result.warnings))
        if self.warm is not None:
            try:
                self.warm(snap)
            except Exception:  # a failed warm-up only costs speed
                log.exception("warming the caches of %s failed", snap.version)
        self._snapshot = snap  # the atomic swap
        self.rejection = None
        self.reloads += 1
        _settle_garbage_collector(replaced=replaced)
        log.info(
            "serving data version %s (%d nodes, %.2f s)",
            snap.version,
            len(snap.map.nodes),
            time.perf_counter() - started,
        )
        return True

    # --- watching -----------------------------------------------------------------------

    def start(self) -> None:
        """Load the file now and, when ``watch_interval`` > 0, start the watcher thread."""
        try:
            self.check()
        except Exception:  # never let a bad file stop the service
            log.exception("loading %s failed", self.path.name)
        if self.watch_interval > 0 and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="kartan-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the watcher thread (a wait for inotify events is woken, not waited out)."""
        self._stop.set()
        watcher = self._watcher
        if watcher is not None:
            watcher.wake()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        watcher = open_watcher(self.path)
        if watcher is None:
            self.watch_mode = "poll"
            self._poll()
            return
        self.watch_mode = "inotify"
        self._watcher = watcher
        try:
            # A change already made while the watch was being set up is not missed.
            self._check_logged()
            while not self._stop.is_set():
                try:
                    changed = watcher.changed(min(self.watch_interval, 1.0))
                except OSError:
                    log.exception("watching %s failed; polling instead", self.path.name)
                    self.watch_mode = "poll"
                    self._poll()
                    return
                if changed:
                    self._check_logged()
        finally:
            self._watcher = None
            watcher.close()

    def _poll(self) -> None:
        """Where inotify is missing: look at the file every ``watch_interval`` seconds."""
        while not self._stop.wait(self.watch_interval):
            self._check_logged()

    def _check_logged(self) -> None:
        try:
            self.check()
        except Exception:
            log.exception("checking %s failed", self.path.name)
