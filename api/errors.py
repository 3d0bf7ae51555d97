"""One JSON error shape, ``{"detail": "..."}``, for every error the API returns.

* 404 for an unknown id or path, with a Swedish and English detail;
* 422 for a bad parameter: ``detail`` is one readable line, ``errors`` keeps FastAPI's
  list (``loc``, ``msg``, ``type``) for programs;
* 503 while no valid data file has been loaded;
* every error of the library (:class:`kartan.errors.KartanError`) that a route lets
  through is answered by the table :data:`DOMAIN_STATUS`, here and nowhere else: an
  unknown node 404, a proposal or suggestion that cannot be taken 422, too many
  requests 429, no git or no data 503 …;
* anything unexpected is caught by :class:`api.middleware.GuardMiddleware` (500 JSON,
  with the security headers), so no input produces an unhandled error.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import rendering
from api.i18n import text, translator
from api.schemas import ErrorOut
from api.state import MapUnavailableError
from kartan.errors import KartanError, UnavailableError, UnknownNodeError
from kartan.export import UnknownFormatError
from kartan.history import HistoryError, UnknownRevisionError
from kartan.lexicon import LexiconError
from kartan.load import MapInvalidError
from kartan.proposal import ProposalError
from kartan.suggestions.commit import BranchExistsError, CommitError
from kartan.suggestions.records import (
    AlreadyDecidedError,
    BadCredentialsError,
    NotFoundError,
    RateLimitedError,
    SuggestionError,
)

STATUS_TEXT: dict[int, str] = {
    400: "Felaktig förfrågan (bad request)",
    403: "Inte tillåten härifrån (forbidden)",
    404: "Hittades inte (not found)",
    405: "Metoden är inte tillåten här (method not allowed)",
    406: "Kan inte svara i det formatet (not acceptable)",
    413: "För stor förfrågan (request too large)",
    422: "Ogiltig parameter (invalid parameter)",
    500: "Internt fel (internal error)",
    503: "Tjänsten är inte tillgänglig just nu (service unavailable)",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Unknown id (or nothing found)."},
    422: {"model": ErrorOut, "description": "A parameter is invalid."},
    503: {"model": ErrorOut, "description": "No valid data file has been loaded."},
}


# The HTTP status of each error of the library; the most specific class of an error
# decides (its first class in this table along its method resolution order).  An error
# of the library not listed is a request that cannot be answered as given: 422.
DOMAIN_STATUS: dict[type[KartanError], int] = {
    UnknownNodeError: 404,
    UnknownFormatError: 404,
    UnknownRevisionError: 404,
    NotFoundError: 404,
    BadCredentialsError: 401,
    AlreadyDecidedError: 409,
    BranchExistsError: 409,
    RateLimitedError: 429,
    ProposalError: 422,
    SuggestionError: 422,
    CommitError: 422,
    UnavailableError: 503,
    MapInvalidError: 503,
    HistoryError: 503,
    LexiconError: 503,
}


def domain_status(exc: KartanError) -> int:
    """The HTTP status of an error of the library (see :data:`DOMAIN_STATUS`).

    >>> from kartan import proposal
    >>> no_body = proposal.UnknownNodeError("proposal_unknown_node", id="x")
    >>> domain_status(UnknownNodeError("x")), domain_status(no_body)
    (404, 404)
    >>> domain_status(ProposalError("proposal_nothing")), domain_status(KartanError("?"))
    (422, 422)
    """
    for cls in type(exc).__mro__:
        status = DOMAIN_STATUS.get(cls)
        if status is not None:
            return status
    return 422


def not_found(detail: str) -> HTTPException:
    """A 404 with a readable detail."""
    return HTTPException(status_code=404, detail=detail)


def unknown_node(node_id: str) -> HTTPException:
    """The 404 for a node id that is not on the map."""
    return not_found(
        f"Det finns ingen nod med id '{node_id}' på kartan (no node with id '{node_id}')."
    )


def bad_request(detail: str) -> HTTPException:
    """A 422 for a parameter that is well-formed but not acceptable."""
    return HTTPException(status_code=422, detail=detail)


def error_body(status: int, detail: Any) -> dict[str, Any]:
    """``{"detail": ...}``; Starlette's bare English phrases become Swedish and English."""
    generic = not isinstance(detail, str) or not detail or detail == _phrase(status)
    return {"detail": STATUS_TEXT.get(status, str(detail)) if generic else detail}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def readable_validation(errors: Sequence[Any]) -> tuple[str, list[dict[str, Any]]]:
    """One readable line for FastAPI's validation errors, and the errors as plain JSON."""
    parts: list[str] = []
    plain: list[dict[str, Any]] = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ())]
        name = ".".join(x for x in loc if x not in ("query", "path", "body", "header"))
        msg = str(err.get("msg", "invalid"))
        parts.append(f"{name or 'parameter'}: {msg}")
        plain.append({"loc": loc, "msg": msg, "type": str(err.get("type", ""))})
    return "Ogiltig parameter (invalid parameter) – " + "; ".join(parts), plain


_JSON_PREFIXES = ("/api/", "/healthz", "/static/", "/vendor/", "/_bench/")


def _wants_html(request: Request) -> bool:
    """A browser asking for a page (not the API, not an asset)."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return not path.startswith(_JSON_PREFIXES) and "text/html" in accept


NOT_JSON = "Förfrågans innehåll är inte giltig JSON{sv} (the request body is not valid JSON{en})."
_FASTAPI_PARSE_ERROR = "There was an error parsing the body"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _FASTAPI_PARSE_ERROR:
        # a body that is not even text (e.g. not UTF-8): 422 like any other bad JSON
        return JSONResponse({"detail": NOT_JSON.format(sv="", en="")}, status_code=422)
    if exc.status_code == 404 and _wants_html(request):
        lang = rendering.request_lang(request)
        path = request.url.path
        shown = path if len(path) <= 80 else path[:79] + "…"
        return rendering.not_found(request, text("not_found_page", lang).format(path=shown))
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    return JSONResponse(error_body(exc.status_code, exc.detail), exc.status_code, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method some route of the app answers on this path (Starlette's 405 names
    only the first route that matches the path, e.g. POST of ``/api/suggestions`` when
    GET is a second route there)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")  # HEAD is answered as GET everywhere (api.middleware)
    return ", ".join(sorted(methods))


def _bad_address_page(request: Request, errors: Sequence[Any]) -> Response:
    """A page's address with values its parameters refuse (a hand-made or cut address),
    answered as a page in the page's language: which values, and how long they may be."""
    t = translator(rendering.request_lang(request))
    items: list[str] = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path")]
        name = ".".join(loc) or "?"
        limit = (err.get("ctx") or {}).get("max_length")
        too_long = err.get("type") == "string_too_long" and limit is not None
        item = t("bad_address_too_long", name=name, max=limit) if too_long else name
        if item not in items:
            items.append(item)
    message = t("bad_address", items=", ".join(items))
    refused = frozenset(str(x) for err in errors for x in err.get("loc", ())[1:2])
    return rendering.error_page(
        request, message, title=t("bad_address_title"), status_code=422, drop=refused
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if request.method in ("GET", "HEAD") and _wants_html(request):
        return _bad_address_page(request, exc.errors())
    detail, plain = readable_validation(exc.errors())
    bad_json = [e for e in exc.errors() if e.get("type") == "json_invalid"]
    if bad_json:
        where = [str(x) for x in bad_json[0].get("loc", ()) if str(x) != "body"]
        sv, en = (f" (tecken {where[0]})", f" at character {where[0]}") if where else ("", "")
        detail = NOT_JSON.format(sv=sv, en=en)
    return JSONResponse({"detail": detail, "errors": plain}, status_code=422)


async def _domain_error(request: Request, exc: Exception) -> Response:
    """Any error of the library a route did not answer itself, by :data:`DOMAIN_STATUS`."""
    assert isinstance(exc, KartanError)
    status = domain_status(exc)
    headers: dict[str, str] = {}
    if isinstance(exc, MapUnavailableError):
        return JSONResponse({"detail": exc.detail}, status_code=503, headers={"Retry-After": "5"})
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    elif status == 503:
        headers["Retry-After"] = "5"
    detail = str(exc) or STATUS_TEXT.get(status, "")
    if status == 404 and _wants_html(request):
        return rendering.not_found(request, detail)
    return JSONResponse(error_body(status, detail), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(KartanError, _domain_error)
