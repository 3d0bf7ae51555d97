"""The FastAPI application: ``create_app(settings)`` builds it; nothing is read at import time.

``kartan serve`` runs ``uvicorn api.app:create_app_from_env --factory``, which reads the
``KARTAN_*`` environment variables (:mod:`api.settings`) when uvicorn builds the app.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from api import errors, openapi
from api.assets import STATIC
from api.middleware import (
    CsrfMiddleware,
    GuardMiddleware,
    HeadAsGetMiddleware,
    ReadOnlyCORSMiddleware,
    SecurityHeadersMiddleware,
    install_access_log_filter,
)
from api.routes import (
    analysis,
    changes,
    docs,
    export,
    graph,
    guide,
    health,
    matters,
    needs,
    nodes,
    pages,
    path,
    proposals,
    search,
    suggestions,
)
from api.routes import map as map_routes
from api.settings import Settings
from api.state import MapStore, Snapshot
from kartan.guide import default_lexicon, guide_index_for, warm_lemmas
from kartan.search import index_for as search_index_for

BARE_BODY = b"precomputed bytes for the benchmark baseline. "

DESCRIPTION = """\
Samverkanskartan: en kommuns samverkanslandskap – forum, råd, nätverk, förvaltningar,
föreningar och beslutande organ, och hur de hänger ihop.

A map of a municipality's collaboration landscape (which one: `GET /api/map`).  All
JSON, UTF-8.  Content is Swedish (with English where the data has it); field names are
English.  Errors are
`{"detail": "..."}` with the right status.  `at=YYYY-MM-DD` shows the map as it stood
on a date.  Lists are `{"total", "items"}`.
"""


def _warm(snapshot: Snapshot) -> None:
    """Build what the first requests would otherwise pay for, before the swap."""
    graph.warm(snapshot)
    search_index_for(snapshot.map)
    guide_index_for(snapshot.map, default_lexicon(snapshot.map))
    guide_index_for(snapshot.map, default_lexicon(snapshot.map, "en"))


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``: routes, error handlers, middleware, the map store."""
    if settings.warm_lemmas:
        # the lemmatiser's dictionaries load in the background (seconds; not on the start path)
        threading.Thread(target=warm_lemmas, name="warm-lemmas", daemon=True).start()
    store = MapStore(
        settings.data,
        stale_days=settings.stale_days,
        watch_interval=settings.watch_interval,
        warm=_warm,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store.start()
        try:
            yield
        finally:
            store.stop()
            suggestions = getattr(app.state, "suggestion_store", None)
            if suggestions is not None:
                suggestions.close()

    app = FastAPI(
        title="Samverkanskartan API",
        version="1",
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store

    for router in (
        health.router,
        map_routes.router,
        nodes.router,
        path.router,
        search.router,
        guide.router,
        graph.router,
        analysis.router,
        export.router,
        needs.router,
        docs.router,
        changes.router,
        proposals.router,
        matters.router,
        suggestions.router,
        pages.router,
        needs.pages,
    ):
        app.include_router(router)
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.bench_routes:
        _add_bench_route(app)

    errors.install(app)
    openapi.install(app, store)
    install_access_log_filter(settings.access_log_query)
    app.add_middleware(
        GuardMiddleware,
        unavailable=lambda: store.snapshot is None,
        unavailable_detail=store.unavailable_detail,
    )
    app.add_middleware(
        ReadOnlyCORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match", "Accept", "Accept-Language", "Content-Type"],
        expose_headers=["ETag", "Content-Disposition"],
        max_age=600,
    )
    app.add_middleware(CsrfMiddleware, allowed_origins=settings.origins())
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _add_bench_route(app: FastAPI) -> None:
    """A bare endpoint returning precomputed bytes: the baseline of the API benchmark.

    ``/_bench/bare/{size}`` answers ``size`` bytes (made once), so each endpoint can be
    compared with a bare answer of the same length, through the same middleware.
    """
    bodies: dict[int, bytes] = {}

    @app.get("/_bench/bare/{size}", include_in_schema=False)
    async def bare(size: int) -> Response:
        size = max(0, min(size, 64 << 20))
        body = bodies.get(size)
        if body is None:
            body = bodies[size] = (BARE_BODY * (size // len(BARE_BODY) + 1))[:size]
        return Response(content=body, media_type="application/json")


def create_app_from_env() -> FastAPI:
    """The app configured from ``KARTAN_*`` environment variables (for uvicorn --factory)."""
    return create_app(Settings.from_env())
