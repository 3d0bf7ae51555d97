"""Answers asked before, served by their query string (issue 10, point 8).

A route of class :class:`AnswerCacheRoute` keeps each successful answer (status 200, a
plain body of bytes) in the served snapshot's cache under the request's path and raw query
string.  The same question asked again is answered from there before FastAPI reads and
checks its parameters again: that reading is most of what a repeated question costs, and
the answer cannot differ, because it depends only on the data version (the snapshot) and
the query string.  A new data version is a new snapshot with empty caches, so nothing
outlives the data it came from; refusals (4xx) and anything streamed are never kept.  The
cache is the snapshot's bounded LRU (entries and bytes), shared with the answers
:meth:`api.deps.View.compute` keeps, so a flood of distinct questions evicts old answers
instead of growing memory; answers for a date (``at=``) go to the snapshot's own cache of
dated answers, as :meth:`api.state.Snapshot.cache_for` does, so that many dates cannot
evict the answers of today's map.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from api.state import MapStore

ANSWERED = "answered-by-query"


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
            query: bytes = request.scope.get("query_string", b"")
            key = (ANSWERED, path, query)
            # answers for a date have their own bounds, as in Snapshot.cache_for
            cache = snap.dated_answers if b"at=" in query else snap.cache
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
