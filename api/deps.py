"""Shared dependencies: the snapshot being served, the map (as of ``at=``), the view of both.

Handlers take ``MapDep`` (the :class:`~kartan.map.Map`, already as it stood on ``at=``
when given) or ``ViewDep`` (the map plus its snapshot's caches and the date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.errors import bad_request
from api.state import MapStore, MapUnavailableError, Snapshot
from kartan.map import Map

T = TypeVar("T")

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# A real calendar date YYYY-MM-DD (year 0001-9999, the month's days, 29 February only
# in leap years): what /api/openapi.json states for `at`, so that it admits no date the
# handler refuses (the handler itself checks the shape with DATE_PATTERN and the date
# with parse_day, to answer in Swedish and English).
_YEAR = r"(?:[1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])"
_LEAP = r"(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
REAL_DATE_PATTERN = (
    rf"^(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))"
    rf"|{_LEAP}-02-29)$"
)

ID_MAX_LENGTH = 80  # as kartan.model.NodeId: the data file's ids are at most this long
IdFilter = Annotated[str, Query(max_length=ID_MAX_LENGTH)]
"""A page's filter naming an id of the map (a theme, a body, an audience), "" when not given;
bounded like the ids themselves.  The page checks it against the map: an unknown id filters
nothing."""


async def get_store(request: Request) -> MapStore:
    store: MapStore = request.app.state.store
    return store


StoreDep = Annotated[MapStore, Depends(get_store)]


async def get_snapshot(store: StoreDep) -> Snapshot:
    """The snapshot being served; 503 while no valid data file has been loaded."""
    snap = store.snapshot
    if snap is None:
        raise MapUnavailableError(store.unavailable_detail())
    return snap


SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]


def parse_day(value: str | None, name: str = "at") -> dt.date | None:
    """A ``YYYY-MM-DD`` parameter as a date; 422 with a clear detail when it is no date."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_request(
            f"{name}={value!r} är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2023-11-07 "
            f"({name} is not a valid date; use YYYY-MM-DD)"
        ) from None


AtQuery = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="Show the map as it stood on this date (YYYY-MM-DD).",
        examples=["2023-11-07"],
    ),
]


@dataclass(frozen=True)
class View:
    """The map to answer from: the snapshot, the date asked for and the map on that date."""

    snapshot: Snapshot
    day: dt.date | None
    map: Map

    def cached(self, *key: Any, make: Callable[[], T]) -> T:
        """A value computed once per data version and date (``make()`` on a miss)."""
        return self.snapshot.cached((*key, self.day), make)

    async def compute(self, *key: Any, make: Callable[[], T]) -> T:
        """Like :meth:`cached`, but a miss is computed in a worker thread."""
        hit: T | None = self.snapshot.cache_for((*key, self.day)).peek((*key, self.day))
        if hit is not None:
            return hit
        return await run_in_threadpool(self.cached, *key, make=make)


async def get_view(request: Request, at: AtQuery = None) -> View:
    """The view to answer from (one dependency, no sub-dependencies: it runs per request)."""
    store: MapStore = request.app.state.store
    snap = store.snapshot
    if snap is None:
        raise MapUnavailableError(store.unavailable_detail())
    day = parse_day(at)
    return View(snap, day, snap.at(day))


ViewDep = Annotated[View, Depends(get_view)]


async def get_map(view: ViewDep) -> Map:
    return view.map


MapDep = Annotated[Map, Depends(get_map)]
