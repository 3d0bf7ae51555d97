"""ASGI middleware: security headers, CSRF, read-only CORS and a guard against unhandled errors.

All are plain ASGI (no ``BaseHTTPMiddleware``), so they cost almost nothing per request.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.i18n import detail

log = logging.getLogger("kartan.api")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class GuardMiddleware:
    """Turns any unhandled exception into a JSON error, so no input gives a bare 500.

    ``unavailable`` tells whether there is no map at all; then the answer is 503 with
    ``unavailable_detail()`` (pages that need the map fail that way while the data file
    is invalid), otherwise 500 with a generic detail (the traceback goes to the log).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        unavailable: Callable[[], bool],
        unavailable_detail: Callable[[], str],
    ) -> None:
        self.app = app
        self.unavailable = unavailable
        self.unavailable_detail = unavailable_detail

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            if self.unavailable():
                status, detail = 503, self.unavailable_detail()
            else:
                status, detail = 500, "Internt fel (internal error); felet är loggat."
            body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


class HeadAsGetMiddleware:
    """HEAD wherever GET is (RFC 9110 §9.3.2): answered as GET, without the body.

    FastAPI routes declared with ``@router.get`` answer HEAD with 405; uptime monitors
    and link checkers use HEAD.  The status and every header (``Content-Length``,
    ``ETag`` …) are those of the GET.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CROSS_SITE_DETAIL = detail("detail_cross_site")


def _origin_of(value: bytes) -> str:
    """``scheme://host[:port]`` of an Origin or Referer header, lower-cased."""
    text = value.decode("latin-1").strip().lower()
    scheme, sep, rest = text.partition("://")
    if not sep:
        return ""
    return f"{scheme}://{rest.split('/', 1)[0]}"


CSRF_COOKIE = "kartan_csrf"
# Paths that serve no form: no token cookie for them.
NO_CSRF_PREFIXES = ("/api/", "/static/", "/vendor/", "/healthz", "/_bench/")


def is_https(headers: dict[bytes, bytes], scheme: str) -> bool:
    """True for an HTTPS request (directly, or by the proxy's ``X-Forwarded-Proto``)."""
    proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1")
    return scheme == "https" or proto.split(",")[0].strip().lower() == "https"


def _cookie(headers: dict[bytes, bytes], name: str) -> str:
    return cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(name, "")


class CsrfMiddleware:
    """The one guard against cross-site request forgery (security review finding 10).

    Writes: a POST (PUT, PATCH, DELETE) that a browser marks as coming from another site
    (``Sec-Fetch-Site: cross-site`` or ``same-site``), or whose ``Origin`` (or, without
    one, ``Referer``) is neither this host nor in ``allowed_origins``, gets 403 with a
    readable detail.  A request without these headers is not a browser's cross-site
    form post (browsers always send ``Origin`` then), so programs such as ``curl`` keep
    working.

    Pages: every visitor gets a CSRF token for the forms (the suggestion and sign-in
    forms check it), in ``request.state.csrf`` for the templates and set as the cookie
    ``kartan_csrf`` (HttpOnly, SameSite=Lax) when the request had none.
    """

    def __init__(self, app: ASGIApp, *, allowed_origins: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.allowed = frozenset(o.rstrip("/").lower() for o in allowed_origins)

    def _allowed(self, headers: dict[bytes, bytes]) -> bool:
        origin = headers.get(b"origin") or headers.get(b"referer")
        site = headers.get(b"sec-fetch-site", b"").lower()
        if origin is None:
            return site not in (b"cross-site", b"same-site")
        seen = _origin_of(origin)
        if seen in self.allowed:
            return True
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        return bool(host) and seen.partition("://")[2] == host and site != b"cross-site"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if scope.get("method") in UNSAFE_METHODS and not self._allowed(headers):
            await _refuse_cross_site(send)
            return
        if scope["path"].startswith(NO_CSRF_PREFIXES):
            await self.app(scope, receive, send)
            return
        token = _cookie(headers, CSRF_COOKIE)
        fresh = not (20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum())
        if fresh:
            token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf"] = token
        if not fresh:
            await self.app(scope, receive, send)
            return
        cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
        if is_https(headers, scope.get("scheme", "http")):
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def _refuse_cross_site(send: Send) -> None:
    body = json.dumps({"detail": CROSS_SITE_DETAIL}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"vary", b"Origin"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class ReadOnlyCORSMiddleware(CORSMiddleware):
    """CORS for reading only: ``Access-Control-Allow-Origin`` on GET, HEAD and OPTIONS.

    The map is open data, so any site may read it; a write (the proposal form, the
    suggestions inbox) gets no CORS header, so another site's script cannot read its
    answer.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class QueryFreeAccessLog(logging.Filter):
    """Leaves the query string out of uvicorn's access log lines.

    Guide questions (``/api/guide?q=…``) are people's own words, sometimes with their
    name or address in them; the path is enough to run the service.  uvicorn's access
    record has the arguments ``(client, method, path with query, http version, status)``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path, sep, _query = args[2].partition("?")
            if sep:
                record.args = (args[0], args[1], path + "?…", args[3], args[4])
        return True


def install_access_log_filter(include_query: bool) -> None:
    """Leave query strings out of the access log unless ``include_query``."""
    access = logging.getLogger("uvicorn.access")
    for old in [f for f in access.filters if isinstance(f, QueryFreeAccessLog)]:
        access.removeFilter(old)
    if not include_query:
        access.addFilter(QueryFreeAccessLog())
