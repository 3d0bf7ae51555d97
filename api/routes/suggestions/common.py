"""The suggestions inbox's shared parts: the store, CSRF, the bounded route, sessions."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from fastapi import Path as PathParam
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from api.i18n import detail
from api.middleware import CSRF_COOKIE, is_https
from api.ratelimit import MAX_BODY, client_key, read_bounded_body
from kartan.errors import UnavailableError
from kartan.map import Map
from kartan.suggestions.commit import (
    Forge,
)
from kartan.suggestions.records import (
    NewSuggestion,
    RateLimitedError,
    SessionInfo,
    Suggestion,
    SuggestionError,
    default_database_url,
    limits_for,
    password_hasher,
)

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported when the store opens
    from kartan.suggestions.store import SuggestionStore

SESSION_COOKIE = "kartan_session"
CSRF_HEADER = "x-csrf-token"
SIGNIN = "/forvaltning/logga-in"

UNAVAILABLE = detail("detail_suggestions_unavailable")
UNAUTHORIZED = detail("detail_sign_in_first")
FORBIDDEN = detail("detail_bad_csrf")
NOT_JSON = detail("detail_not_json")
TOO_LARGE = detail("detail_request_too_large", kb=MAX_BODY // 1024)


# --- the store ----------------------------------------------------------------------------

_store_lock = threading.Lock()


class StoreUnavailableError(UnavailableError):
    """The database cannot be opened or used."""


def _open_store(request: Request) -> SuggestionStore:
    """The app's store, opened (and migrated) on first use; never at import or startup.

    SQLAlchemy is imported here, at the first use, not when the app starts: most
    processes serving the map never open the store.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from kartan.suggestions.store import SuggestionStore

    state = request.app.state
    store = getattr(state, "suggestion_store", None)
    if isinstance(store, SuggestionStore):
        return store
    with _store_lock:
        store = getattr(state, "suggestion_store", None)
        if isinstance(store, SuggestionStore):
            return store
        settings = state.settings
        url = settings.database_url or default_database_url(Path(settings.data))
        try:
            store = SuggestionStore(
                url,
                limits=limits_for(int(getattr(settings, "suggestion_limit", 5))),
                hasher=password_hasher(settings.argon2_time_cost, settings.argon2_memory_kib),
            )
            store.upgrade()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreUnavailableError(str(exc)) from exc
        state.suggestion_store = store
        return store


async def call_store(request: Request, work: Callable[[SuggestionStore], Any]) -> Any:
    """Run ``work(store)`` in a worker thread; database trouble becomes StoreUnavailable."""

    def run() -> Any:
        store = _open_store(request)
        from sqlalchemy.exc import SQLAlchemyError  # imported by the store's opening

        try:
            return work(store)
        except SQLAlchemyError as exc:
            raise StoreUnavailableError(str(exc)) from exc

    return await run_in_threadpool(run)


def forge_for(request: Request) -> Forge | None:
    settings = request.app.state.settings
    url, token = getattr(settings, "forge_url", ""), getattr(settings, "forge_token", "")
    if not url or not token:
        return None
    return Forge(url, token, remote=getattr(settings, "git_remote", "origin") or "origin")


def served_map(request: Request) -> Map | None:
    store = getattr(request.app.state, "store", None)
    found = getattr(store, "map", None)
    return found if isinstance(found, Map) else None


# --- CSRF ---------------------------------------------------------------------------------


def _https(request: Request) -> bool:
    return is_https(dict(request.headers.raw), request.url.scheme)


def page_csrf(request: Request) -> str:
    """The visitor's CSRF token for a form on this page."""
    return str(getattr(request.state, "csrf", "") or "")


def _same_origin(request: Request) -> bool:
    """False when the browser says the request came from another site."""
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _visitor_token_ok(request: Request, form_token: str) -> bool:
    return form_token_ok(request, form_token, request.cookies.get(CSRF_COOKIE, ""))


def form_token_ok(request: Request, form_token: str, expected: str) -> bool:
    return (
        bool(expected)
        and bool(form_token)
        and secrets.compare_digest(form_token.encode(), expected.encode())
        and _same_origin(request)
    )


# --- guarded routes (size limit before parsing) --------------------------------------------


class BoundedRoute(APIRoute):
    """A route whose POST bodies are read at most 20 KB (413 beyond)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            if request.method == "POST":
                if not await read_bounded_body(request, MAX_BODY):
                    return JSONResponse({"detail": TOO_LARGE}, 413)
                body = await request.body()
                if request.url.path.startswith("/api/") and body and not _is_json(request):
                    return JSONResponse({"detail": NOT_JSON}, 415)
            try:
                return await original(request)
            except StoreUnavailableError:
                return JSONResponse({"detail": UNAVAILABLE}, 503, headers={"Retry-After": "30"})

        return handler


def _is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json"


SuggestionId = Annotated[
    str,
    PathParam(max_length=40, description="The suggestion's id (16 hex digits)."),
]


def json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status, headers=headers)


def _too_many_text(exc: RateLimitedError, what: str) -> str:
    return detail("detail_too_many", what=what, what_en="", seconds=exc.retry_after)


def too_many(exc: RateLimitedError, what: str) -> JSONResponse:
    return json_error(429, _too_many_text(exc, what), {"Retry-After": str(exc.retry_after)})


# --- node by name -------------------------------------------------------------------------


def resolve_node(m: Map | None, value: str | None) -> tuple[str | None, str | None]:
    """The body a visitor means: ``(id, name)`` by id or by (English) name or alias."""
    wanted = (value or "").strip()
    if not wanted:
        return None, None
    if m is None:
        raise SuggestionError("Kartan är inte laddad (the map is not loaded).")
    node = m.nodes.get(wanted)
    if node is None:
        folded = wanted.casefold()
        node = next(
            (
                n
                for n in m.data.nodes
                if folded in {x.casefold() for x in (n.name, n.name_en or "", *n.aliases)}
            ),
            None,
        )
    if node is None:
        raise SuggestionError(
            f"Det finns inget organ som heter '{wanted}' på kartan; lämna fältet tomt och "
            f"skriv det i texten (no body named '{wanted}'; leave it empty and say it in "
            "the text)."
        )
    return node.id, node.name


async def add_suggestion(
    request: Request,
    *,
    text: str,
    node: str | None,
    learned_from: str | None,
    contact: str | None,
    consent: bool,
    lang: str,
) -> Suggestion:
    """Store a visitor's suggestion about ``node`` (an id, name or alias; may be empty).

    Raises :class:`SuggestionError` (unknown body, no text, personal data …) and
    :class:`RateLimitedError` (too many from the visitor's address).
    """
    node_id, node_name = resolve_node(served_map(request), node)
    new = NewSuggestion(
        text=text,
        node_id=node_id,
        node_name=node_name,
        learned_from=learned_from,
        contact=contact,
        consent=consent,
        lang=lang,
    )
    client = client_key(request)
    saved: Suggestion = await call_store(request, lambda st: st.add(new, client=client))
    return saved


async def current_session(request: Request) -> SessionInfo | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    info: SessionInfo | None = await call_store(request, lambda st: st.session(token))
    return info


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_https(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=_https(request)
    )


async def sign_in(request: Request, name: str, password: str) -> tuple[str, SessionInfo]:
    old = request.cookies.get(SESSION_COOKIE)
    client = client_key(request)

    def work(st: SuggestionStore) -> tuple[str, SessionInfo]:
        st.logout(old)  # a session id the browser brought is never kept (fixation)
        return st.login(name, password, client=client)

    result: tuple[str, SessionInfo] = await call_store(request, work)
    return result
