"""Answers asked before, served by their query string (issue 10, point 8).

A route of class :class:`AnswerCacheRoute` keeps each successful answer (status 200, a
plain body of bytes) in the served snapshot's cache under the request's path and raw query
string.  The same question asked again is answered from there before FastAPI reads and
checks its parameters again: that reading is most of what a repeated question costs, and
the answer cannot differ, because it depends only on the data version (the snapshot) and
the query string.  A new data version is a new snapshot with empty caches, so nothing
outlives the data it came from; refusals (4xx) and anything streamed are never kept.

This is the one place an answer of such a route is kept: its handler computes on a miss
and keeps nothing itself (it does not use :meth:`api.deps.View.compute`), so each answer
takes one entry of the snapshot's bounded LRU (entries and bytes), and a flood of distinct
questions evicts old answers instead of growing memory.  An answer for a date (the parsed
``at`` parameter, as the handler reads it) ends its key with that date, so
:meth:`api.state.Snapshot.cache_for` keeps it in the snapshot's own cache of dated
answers, where many dates cannot evict the answers of today's map.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import unquote_plus

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from api.deps import DATE_PATTERN
from api.state import MapStore

ANSWERED = "answered-by-query"
_DATE = re.compile(DATE_PATTERN)


def asked_day(query: bytes) -> dt.date | None:
    """The date of ``at=`` in a raw query string as the handler reads it: the last
    parameter named ``at`` once its name is decoded (``%61t`` is ``at``, ``format`` is
    not), the value a date YYYY-MM-DD; None when there is none or it is no date (the
    handler refuses that, and a refusal is never kept).  Only the names are looked at, so
    this costs a small part of parsing the whole query string.

    >>> asked_day(b"q=x&at=2022-06-01"), asked_day(b"q=x&%61t=2022-06-01&at")
    (datetime.date(2022, 6, 1), None)
    >>> asked_day(b"at=2021-01-01&q=x&a%74=2022-06-01")
    datetime.date(2022, 6, 1)
    >>> asked_day(b"q=x&format=2022-06-01"), asked_day(b"q=x&at="), asked_day(b"at=2022-02-30")
    (None, None, None)
    """
    value: bytes | None = None
    for part in query.split(b"&"):
        name, _, raw = part.partition(b"=")
        if name == b"at" or (b"%" in name and unquote_plus(name.decode("latin-1")) == "at"):
            value = raw
    if not value:
        return None
    text = unquote_plus(value.decode("latin-1"))
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def answer_key(path: str, request: Request) -> tuple[Any, ...]:
    """The key of the answer to ``request`` on the route ``path``: its raw query string,
    and last the date asked for (None for today's map), as :meth:`Snapshot.cache_for` reads
    keys."""
    query: bytes = request.scope.get("query_string", b"")
    return (ANSWERED, path, query, asked_day(query))


class AnswerCacheRoute(APIRoute):
    """A GET route whose 200 answers are served again by path and raw query string."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        path = self.path

        async def answer(request: Request) -> Response:
            store: MapStore = request.app.state.store
            snap = store.snapshot
            if snap is None:
                return await handler(request)
            key = answer_key(path, request)
            cache = snap.cache_for(key)
            kept = cache.peek(key)
            if isinstance(kept, bytes):
                return Response(content=kept, media_type="application/json")
            response = await handler(request)
            body = getattr(response, "body", None)
            if (
                response.status_code == 200
                and type(response) is Response
                and isinstance(body, bytes)
                and response.media_type == "application/json"
                and response.background is None
            ):
                cache.get_or_make(key, lambda: body)
            return response

        return answer
