"""Suggestions from anyone, and the maintainers' inbox: pages and JSON API.

Anyone (no account):

* ``GET /tipsa`` – the form "Tipsa om en ändring" (the same form is on every body page);
  ``POST /tipsa`` stores the tip and redirects to its public page ``GET /tipsa/{id}``,
  which shows its status, never the contact;
* ``POST /api/suggestions`` (JSON) → 201 ``{"id", "status"}``;
  ``GET /api/suggestions/{id}/status`` – the public status.

Maintainers (signed in; a session cookie ``kartan_session``: HttpOnly, SameSite=Strict,
Secure behind HTTPS):

* ``POST /api/login`` (JSON ``name``, ``password``) → 204 + cookie (and the session's
  CSRF token in the ``X-CSRF-Token`` header), ``POST /api/logout``;
* ``GET /api/suggestions`` and ``GET /api/suggestions/{id}`` (with the contact);
* ``POST /api/suggestions/{id}/accept`` (the structured change, as ``POST /api/proposals``)
  → a commit on ``forslag/{id}``: ``{"branch", "commit", ...}``;
  ``POST /api/suggestions/{id}/reject`` (``reason``);
* pages: ``/forvaltning/logga-in``, ``/forvaltning`` (the inbox),
  ``/forvaltning/forslag/{id}`` (shape the change, check it, accept or reject).

Without a session the API answers 401 and the pages redirect to the sign-in page.
Every state-changing form carries a CSRF token (the visitor's and the sign-in form: a
double-submit cookie ``kartan_csrf``; a maintainer's forms: the session's token) and
a cross-site ``Origin`` is refused: 403.  JSON POSTs must be ``application/json`` (415),
which a cross-site form cannot send; the maintainers' JSON POSTs also need the
``X-CSRF-Token`` header.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from api import pageviews as pv
from api import rendering
from api.i18n import detail, translator
from api.middleware import CSRF_COOKIE, is_https
from api.ratelimit import client_key, read_bounded_body
from api.routes.proposals.form import (
    FORM_FIELDS,
    choices,
    diff_sections_of,
    proposal_from_form,
    strings,
)
from api.routes.proposals.models import ProposalIn
from kartan import present
from kartan.errors import UnavailableError
from kartan.labels import FUNCTION_LABELS, RELATION_LABELS, ROLE_LABELS
from kartan.map import Map
from kartan.proposal import Proposal, ProposalError, ProposalResult, apply_proposal
from kartan.suggestions.commit import (
    BranchExistsError,
    CommitError,
    Committed,
    Forge,
    InvalidChangeError,
    commit_change,
)
from kartan.suggestions.store import (
    AlreadyDecidedError,
    BadCredentialsError,
    LockedOutError,
    NewSuggestion,
    NotFoundError,
    RateLimitedError,
    SessionInfo,
    Suggestion,
    SuggestionError,
    SuggestionStore,
    default_database_url,
    limits_for,
)

SESSION_COOKIE = "kartan_session"
CSRF_HEADER = "x-csrf-token"
MAX_BODY = 20 * 1024
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
    """The app's store, opened (and migrated) on first use; never at import or startup."""
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
                url, limits=limits_for(int(getattr(settings, "suggestion_limit", 5)))
            )
            store.upgrade()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreUnavailableError(str(exc)) from exc
        state.suggestion_store = store
        return store


async def _call(request: Request, work: Callable[[SuggestionStore], Any]) -> Any:
    """Run ``work(store)`` in a worker thread; database trouble becomes StoreUnavailable."""

    def run() -> Any:
        store = _open_store(request)
        try:
            return work(store)
        except SQLAlchemyError as exc:
            raise StoreUnavailableError(str(exc)) from exc

    return await run_in_threadpool(run)


def _forge(request: Request) -> Forge | None:
    settings = request.app.state.settings
    url, token = getattr(settings, "forge_url", ""), getattr(settings, "forge_token", "")
    if not url or not token:
        return None
    return Forge(url, token, remote=getattr(settings, "git_remote", "origin") or "origin")


def _map(request: Request) -> Map | None:
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
    return _form_token_ok(request, form_token, request.cookies.get(CSRF_COOKIE, ""))


def _form_token_ok(request: Request, form_token: str, expected: str) -> bool:
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


router = APIRouter(route_class=BoundedRoute)


SuggestionId = Annotated[
    str,
    PathParam(max_length=40, description="The suggestion's id (16 hex digits)."),
]


# --- models -------------------------------------------------------------------------------


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SuggestionIn(In):
    """A suggestion from anyone, in their own words."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=4000)] = Field(
        description="What is wrong or missing on the map, in the sender's own words. No "
        "e-mail addresses, phone numbers or identity numbers (422)."
    )
    node: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None, description="The body it is about: its id or its name (optional)."
    )
    learned_from: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, description="Where the sender learned it (optional)."
    )
    contact: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None,
        description="How to reach the sender with questions; stored only with `consent` "
        "and deleted 90 days after the decision. Never shown publicly.",
    )
    consent: StrictBool = Field(
        default=False,
        description="The sender agrees that the contact is stored (required "
        'when `contact` is given, else 422). A JSON `true` or `false`: `1`, `"yes"` or '
        '`"on"` is 422, never read as consent.',
    )


class SuggestionCreated(BaseModel):
    """The stored suggestion: its id (for its public page `/tipsa/{id}`) and status."""

    id: str
    status: Literal["received", "accepted", "rejected"]


class SuggestionStatusOut(BaseModel):
    """What anyone may see of a suggestion: never its text's sender or contact."""

    id: str
    status: Literal["received", "accepted", "rejected"]
    created_at: str
    decided_at: str | None
    node: str | None = Field(description="Id of the body it is about, if any.")
    reason: str | None = Field(description="The maintainers' reason, once decided.")
    branch: str | None = Field(description="The git branch of the accepted change.")


class SuggestionOut(SuggestionStatusOut):
    """A suggestion as a maintainer sees it (with the contact, while it is kept)."""

    text: str
    node_name: str | None
    learned_from: str | None
    contact: str | None
    contact_deleted_on: str | None
    decided_by: str | None
    commit: str | None
    pull_request: str | None


class SuggestionList(BaseModel):
    total: int
    counts: dict[str, int] = Field(description="Suggestions per status.")
    items: list[SuggestionOut]


class LoginIn(In):
    name: Annotated[str, StringConstraints(max_length=80)]
    password: Annotated[str, StringConstraints(max_length=1024)]


class AcceptIn(ProposalIn):
    """The structured change (as `POST /api/proposals`), with an optional note."""

    reason: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        default=None, description="A note to the sender, shown on the suggestion's page."
    )


class AcceptOut(BaseModel):
    """The commit made on the suggestion's branch (and the pull request, if any)."""

    branch: str
    commit: str
    parent: str = Field(description="The commit the branch starts from (HEAD then).")
    summary: str
    diff: dict[str, Any] = Field(description="The semantic diff of the commit.")
    pull_request: str | None = None
    pull_request_error: str | None = None


class RejectIn(In):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


def _status_out(s: Suggestion) -> SuggestionStatusOut:
    return SuggestionStatusOut(**s.public())


def _full_out(s: Suggestion) -> SuggestionOut:
    deleted = s.contact_deleted_on
    return SuggestionOut(
        **s.public(),
        text=s.text,
        node_name=s.node_name,
        learned_from=s.learned_from,
        contact=s.contact,
        contact_deleted_on=deleted.isoformat() if deleted else None,
        decided_by=s.decided_by,
        commit=s.commit,
        pull_request=s.pull_request,
    )


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status, headers=headers)


def _too_many_text(exc: RateLimitedError, what: str) -> str:
    return detail("detail_too_many", what=what, what_en="", seconds=exc.retry_after)


def _too_many(exc: RateLimitedError, what: str) -> JSONResponse:
    return _error(429, _too_many_text(exc, what), {"Retry-After": str(exc.retry_after)})


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


# --- anyone: the JSON API -----------------------------------------------------------------

SUGGEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"description": "The request body is larger than 20 KB."},
    415: {"description": "The body is not JSON."},
    422: {"description": "No text, personal data in the text, contact without consent."},
    429: {"description": "Too many suggestions from one address (5 in 10 minutes)."},
    503: {"description": "The database cannot be used right now."},
}


@router.post(
    "/api/suggestions",
    status_code=201,
    response_model=SuggestionCreated,
    tags=["suggestions"],
    responses=SUGGEST_RESPONSES,
)
async def post_suggestion(payload: SuggestionIn, request: Request) -> Response:
    """Suggest a change in your own words; no account.  The suggestion is stored (it
    survives a restart) and reaches the maintainers' inbox; its public page is
    `/tipsa/{id}`.  The contact is stored only with `consent` and deleted 90 days after
    the decision."""
    lang = "en" if request.headers.get("accept-language", "").startswith("en") else "sv"
    try:
        node_id, node_name = resolve_node(_map(request), payload.node)
        new = NewSuggestion(
            text=payload.text,
            node_id=node_id,
            node_name=node_name,
            learned_from=payload.learned_from,
            contact=payload.contact,
            consent=payload.consent,
            lang=lang,
        )
        client = client_key(request)
        saved: Suggestion = await _call(request, lambda st: st.add(new, client=client))
    except SuggestionError as exc:
        return _error(422, str(exc))
    except RateLimitedError as exc:
        return _too_many(exc, "förslag från din adress")
    body = SuggestionCreated(id=saved.id, status="received").model_dump_json()
    return Response(
        body,
        201,
        media_type="application/json",
        headers={"Location": f"/tipsa/{saved.id}", "Cache-Control": "no-store"},
    )


@router.get(
    "/api/suggestions/{suggestion_id}/status",
    response_model=SuggestionStatusOut,
    tags=["suggestions"],
    responses={404: {"description": "No such suggestion."}},
)
async def suggestion_status(suggestion_id: SuggestionId, request: Request) -> Response:
    """The public status of a suggestion (never its contact)."""
    found: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _error(404, "Det finns inget förslag med det id:t (no such suggestion).")
    return Response(
        _status_out(found).model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


# --- maintainers: sessions ----------------------------------------------------------------


async def _session(request: Request) -> SessionInfo | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    info: SessionInfo | None = await _call(request, lambda st: st.session(token))
    return info


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_https(request),
        path="/",
    )


def _clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=_https(request)
    )


async def _login(request: Request, name: str, password: str) -> tuple[str, SessionInfo]:
    old = request.cookies.get(SESSION_COOKIE)
    client = client_key(request)

    def work(st: SuggestionStore) -> tuple[str, SessionInfo]:
        st.logout(old)  # a session id the browser brought is never kept (fixation)
        return st.login(name, password, client=client)

    result: tuple[str, SessionInfo] = await _call(request, work)
    return result


@router.post(
    "/api/login",
    status_code=204,
    tags=["maintainers"],
    responses={
        401: {"description": "Wrong name or password."},
        415: {"description": "The body is not JSON."},
        429: {"description": "Locked after repeated failures (Retry-After)."},
    },
)
async def api_login(payload: LoginIn, request: Request) -> Response:
    """Sign in as a maintainer: 204 with a session cookie (HttpOnly, SameSite=Strict,
    Secure behind HTTPS) and the session's CSRF token in the `X-CSRF-Token` header, to
    send back as that header on the maintainers' POSTs.  Five failures for a name within
    15 minutes lock it for 15 minutes (429)."""
    try:
        token, info = await _login(request, payload.name, payload.password)
    except LockedOutError as exc:
        return _too_many(exc, "misslyckade inloggningar")
    except BadCredentialsError:
        return _error(401, "Fel namn eller lösenord (wrong name or password).")
    response = Response(status_code=204, headers={"X-CSRF-Token": info.csrf})
    response.headers["Cache-Control"] = "no-store"
    _set_session_cookie(request, response, token)
    return response


@router.post("/api/logout", status_code=204, tags=["maintainers"])
async def api_logout(request: Request) -> Response:
    """End the session (204, also without one)."""
    token = request.cookies.get(SESSION_COOKIE)
    await _call(request, lambda st: st.logout(token))
    response = Response(status_code=204)
    _clear_session_cookie(request, response)
    return response


async def _api_session(request: Request, *, post: bool) -> SessionInfo | Response:
    info = await _session(request)
    if info is None:
        return _error(401, UNAUTHORIZED)
    if post:
        header = request.headers.get(CSRF_HEADER, "")
        if not _form_token_ok(request, header, info.csrf):
            return _error(403, FORBIDDEN)
    return info


MAINTAINER_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in (or the session ended)."},
    403: {"description": "No valid X-CSRF-Token header, or a cross-site request."},
    404: {"description": "No such suggestion."},
}


@router.get(
    "/api/suggestions",
    response_model=SuggestionList,
    tags=["maintainers"],
    responses=MAINTAINER_RESPONSES,
)
async def list_suggestions(
    request: Request,
    status: Annotated[
        Literal["received", "accepted", "rejected"] | None,
        Query(description="Only suggestions with this status."),
    ] = None,
) -> Response:
    """The maintainers' inbox: suggestions, newest first, with their status (401 without
    a session)."""
    info = await _api_session(request, post=False)
    if isinstance(info, Response):
        return info
    items, counts = await _call(request, lambda st: (st.find(status), st.counts()))
    body = SuggestionList(
        total=len(items), counts=counts, items=[_full_out(s) for s in items]
    ).model_dump_json()
    return Response(
        body,
        media_type="application/json",
        headers={"Cache-Control": "no-store", "X-CSRF-Token": info.csrf},
    )


@router.get(
    "/api/suggestions/{suggestion_id}",
    response_model=SuggestionOut,
    tags=["maintainers"],
    responses=MAINTAINER_RESPONSES,
)
async def get_suggestion(suggestion_id: SuggestionId, request: Request) -> Response:
    """One suggestion with its contact (401 without a session)."""
    info = await _api_session(request, post=False)
    if isinstance(info, Response):
        return info
    found: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _error(404, "Det finns inget förslag med det id:t (no such suggestion).")
    return Response(
        _full_out(found).model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def _accept(
    request: Request, suggestion_id: str, proposal: Proposal, maintainer: str, note: str | None
) -> tuple[Suggestion, Committed]:
    settings = request.app.state.settings
    data = Path(settings.data)
    forge = _forge(request)

    def work(st: SuggestionStore) -> tuple[Suggestion, Committed]:
        open_one = st.require_open(suggestion_id)
        done = commit_change(
            data, proposal, suggestion_id, created=open_one.created_at, forge=forge
        )
        saved = st.accept(
            suggestion_id,
            maintainer,
            branch=done.branch,
            commit=done.commit,
            pull_request=done.pull_request,
            reason=note,
        )
        return saved, done

    result: tuple[Suggestion, Committed] = await _call(request, work)
    return result


def _accept_error(exc: Exception) -> JSONResponse:
    if isinstance(exc, NotFoundError):
        return _error(404, "Det finns inget förslag med det id:t (no such suggestion).")
    if isinstance(exc, AlreadyDecidedError | BranchExistsError):
        return _error(409, str(exc))
    if isinstance(exc, InvalidChangeError):
        detail = str(exc) + (" " + " ".join(exc.messages) if exc.messages else "")
        return JSONResponse({"detail": detail, "messages": exc.messages}, 422)
    return _error(422, str(exc))


@router.post(
    "/api/suggestions/{suggestion_id}/accept",
    response_model=AcceptOut,
    tags=["maintainers"],
    responses={
        **MAINTAINER_RESPONSES,
        409: {"description": "Already decided, or the branch exists."},
        422: {"description": "The change is incomplete or gives an invalid map."},
    },
)
async def accept_suggestion(
    suggestion_id: SuggestionId, payload: AcceptIn, request: Request
) -> Response:
    """Accept a suggestion with the structured change it becomes: the change is applied to
    the data file as committed at HEAD, validated against the whole map, formatted, and
    committed on the new branch `forslag/{id}` (the working tree is not touched); with a
    forge configured the branch is pushed and a pull request opened."""
    info = await _api_session(request, post=True)
    if isinstance(info, Response):
        return info
    change = ProposalIn.model_validate(payload.model_dump(exclude={"reason"}))
    try:
        _saved, done = await _accept(
            request, suggestion_id, change.to_proposal(), info.maintainer, payload.reason
        )
    except (NotFoundError, SuggestionError, CommitError) as exc:
        return _accept_error(exc)
    body = AcceptOut(
        branch=done.branch,
        commit=done.commit,
        parent=done.parent,
        summary=done.summary,
        diff=done.diff.as_dict(),
        pull_request=done.pull_request,
        pull_request_error=done.pull_request_error,
    ).model_dump_json()
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.post(
    "/api/suggestions/{suggestion_id}/reject",
    response_model=SuggestionOut,
    tags=["maintainers"],
    responses={**MAINTAINER_RESPONSES, 409: {"description": "Already decided."}},
)
async def reject_suggestion(
    suggestion_id: SuggestionId, payload: RejectIn, request: Request
) -> Response:
    """Reject a suggestion with a reason its sender reads on its public page."""
    info = await _api_session(request, post=True)
    if isinstance(info, Response):
        return info
    try:
        saved: Suggestion = await _call(
            request, lambda st: st.reject(suggestion_id, info.maintainer, payload.reason)
        )
    except (NotFoundError, SuggestionError) as exc:
        return _accept_error(exc)
    return Response(
        _full_out(saved).model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


# --- anyone: the pages --------------------------------------------------------------------

TIP_FIELDS = ("text", "node", "learned_from", "contact", "consent")


def _render(
    request: Request, template: str, ctx: dict[str, Any], *, title: str, status: int = 200
) -> HTMLResponse:
    response = rendering.render(
        request, template, {"csrf": page_csrf(request), **ctx}, title=title, status_code=status
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _lang(request: Request) -> str:
    return rendering.request_lang(request)


def tip_nodes(m: Map, lang: str) -> list[tuple[str, str]]:
    """Every body by name (for "which body is it about?"), sorted by name."""
    names = [(n.id, present.node_name(n, lang)) for n in m.data.nodes]
    return sorted(names, key=lambda kv: kv[1].casefold())


def _tip_page(
    request: Request, values: dict[str, str], *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    m = rendering.current_map(request)
    lang = _lang(request)
    t = translator(lang)
    ctx = {
        "tip": values,
        "tip_node": None,
        "tip_nodes": tip_nodes(m, lang),
        "tip_error": error,
    }
    return _render(request, "suggestions/tip.html", ctx, title=t("tip_title"), status=status)


@router.api_route("/tipsa", methods=["GET", "HEAD"], include_in_schema=False)
async def tip_page(request: Request) -> HTMLResponse:
    """The form "Tipsa om en ändring" for anyone."""
    return _tip_page(request, {})


@router.post("/tipsa", include_in_schema=False)
async def tip_submit(request: Request) -> Response:
    """Store a tip from the form and show its page (POST/redirect/GET)."""
    t = translator(_lang(request))
    form = await request.form()
    values = {k: str(form.get(k) or "")[:4000] for k in TIP_FIELDS}
    if not _form_token_ok(
        request, str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    ):
        return _tip_page(request, values, error=t("tip_stale_form"), status=403)
    if str(form.get("homepage") or ""):
        return _render(request, "suggestions/status.html", {"thanks": True}, title=t("tip_title"))
    try:
        node_id, node_name = resolve_node(_map(request), values["node"])
        new = NewSuggestion(
            text=values["text"],
            node_id=node_id,
            node_name=node_name,
            learned_from=values["learned_from"],
            contact=values["contact"],
            consent=values["consent"] == "yes",
            lang=_lang(request),
        )
        client = client_key(request)
        saved: Suggestion = await _call(request, lambda st: st.add(new, client=client))
    except SuggestionError as exc:
        return _tip_page(request, values, error=str(exc), status=422)
    except RateLimitedError as exc:
        response = _tip_page(
            request,
            values,
            error=bytes(_too_many(exc, "tips från din adress").body).decode(),
            status=429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except StoreUnavailableError:
        return _tip_page(request, values, error=UNAVAILABLE, status=503)
    return RedirectResponse(f"/tipsa/{saved.id}?tack=1", 303)


@router.api_route("/tipsa/{suggestion_id}", methods=["GET", "HEAD"], include_in_schema=False)
async def tip_status_page(request: Request, suggestion_id: str) -> HTMLResponse:
    """The public page of a tip: its status and the decision, never the contact."""
    lang = _lang(request)
    t = translator(lang)
    try:
        found: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
    except StoreUnavailableError:
        found = None
    if found is None:
        return rendering.not_found(request, t("tip_status_title") + ": 404")
    m = rendering.current_map(request)
    ctx = {
        "suggestion": found,
        "thanks": request.query_params.get("tack") == "1",
        "sent_on": pv.format_date(found.created_at.date(), lang),
        "decided_on": pv.format_date(found.decided_at.date(), lang) if found.decided_at else "",
        "node_link": pv.link(m, found.node_id, lang) if found.node_id in m.nodes else None,
    }
    response = _render(request, "suggestions/status.html", ctx, title=t("tip_status_title"))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- maintainers: the pages ---------------------------------------------------------------


def _to_signin(request: Request) -> RedirectResponse:
    target = request.url.path
    return RedirectResponse(f"{SIGNIN}?next={quote(target)}", 303)


def _safe_next(value: str) -> str:
    return value if value.startswith("/forvaltning") and "//" not in value else "/forvaltning"


def _signin_page(
    request: Request, *, error: str | None = None, name: str = "", status: int = 200
) -> HTMLResponse:
    t = translator(_lang(request))
    ctx = {
        "error": error,
        "name": name,
        "next_url": _safe_next(request.query_params.get("next", "")),
    }
    return _render(request, "suggestions/signin.html", ctx, title=t("signin_title"), status=status)


@router.api_route(SIGNIN, methods=["GET", "HEAD"], include_in_schema=False)
async def signin_page(request: Request) -> HTMLResponse:
    return _signin_page(request)


@router.post(SIGNIN, include_in_schema=False)
async def signin_submit(request: Request) -> Response:
    t = translator(_lang(request))
    form = await request.form()
    name = str(form.get("name") or "")[:80]
    if not _form_token_ok(
        request, str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    ):
        return _signin_page(request, error=t("forbidden_csrf"), name=name, status=403)
    try:
        token, _info = await _login(request, name, str(form.get("password") or ""))
    except LockedOutError as exc:
        minutes = max(1, (exc.retry_after + 59) // 60)
        response = _signin_page(
            request, error=t("signin_locked", minutes=minutes), name=name, status=429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except BadCredentialsError:
        return _signin_page(request, error=t("signin_failed"), name=name, status=401)
    except StoreUnavailableError:
        return _signin_page(request, error=UNAVAILABLE, name=name, status=503)
    redirect = RedirectResponse(_safe_next(str(form.get("next") or "")), 303)
    _set_session_cookie(request, redirect, token)
    return redirect


@router.post("/forvaltning/logga-ut", include_in_schema=False)
async def signout(request: Request) -> Response:
    info = await _session(request)
    if info is None:
        return _to_signin(request)
    form = await request.form()
    if not _form_token_ok(request, str(form.get("csrf") or ""), info.csrf):
        return _error(403, FORBIDDEN)
    token = request.cookies.get(SESSION_COOKIE)
    await _call(request, lambda st: st.logout(token))
    response = RedirectResponse("/", 303)
    _clear_session_cookie(request, response)
    return response


def _excerpt(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@router.api_route("/forvaltning", methods=["GET", "HEAD"], include_in_schema=False)
async def inbox_page(request: Request) -> Response:
    """The inbox: suggestions with their status, newest first."""
    info = await _session(request)
    if info is None:
        return _to_signin(request)
    status = request.query_params.get("status") or None
    if status not in (None, "received", "accepted", "rejected"):
        status = None
    items, counts = await _call(request, lambda st: (st.find(status), st.counts()))
    lang = _lang(request)
    t = translator(lang)
    rows = [
        {
            "id": s.id,
            "created": s.created_at.date().isoformat(),
            "about": s.node_name or t("tip_general"),
            "excerpt": _excerpt(s.text),
            "status": s.status,
        }
        for s in items
    ]
    filters = [
        ("received", "inbox_received", counts["received"]),
        ("accepted", "status_accepted", counts["accepted"]),
        ("rejected", "status_rejected", counts["rejected"]),
        (None, "inbox_all", sum(counts.values())),
    ]
    ctx = {
        "maintainer": info.maintainer,
        "session_csrf": info.csrf,
        "items": rows,
        "filters": filters,
        "status": status,
    }
    return _render(request, "suggestions/inbox.html", ctx, title=t("inbox_title"))


REVIEW_FIELDS = ("node", "prefilled_for", *FORM_FIELDS)


def align_prefill(m: Map, values: dict[str, str]) -> dict[str, str]:
    """The form's values with the description of the chosen body.

    The description field starts as the body's current text (``prefilled_for`` names
    that body).  When the maintainer picks another body, the text shown belongs to the
    old one and must never be written to the new one: it is replaced by the new body's
    own description (no change) before anything is checked or committed.
    """
    node = m.nodes.get(values.get("node") or "")
    if node is None or values.get("prefilled_for") == node.id:
        return values
    return {**values, "description": node.description or "", "prefilled_for": node.id}


def _review_page(
    request: Request,
    info: SessionInfo,
    sug: Suggestion,
    values: dict[str, str],
    *,
    result: ProposalResult | None = None,
    error: str | None = None,
    reason: str = "",
    pr_error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    m = rendering.current_map(request)
    lang = _lang(request)
    t = translator(lang)
    if not values:
        values = {"node": sug.node_id or ""}
    values = align_prefill(m, values)
    node = m.nodes.get(values.get("node") or "")
    names = {n.id: present.node_name(n, lang) for n in m.data.nodes}
    role_i = 1 if lang == "en" else 0
    deleted = sug.contact_deleted_on
    ctx = {
        "maintainer": info.maintainer,
        "session_csrf": info.csrf,
        "sug": sug,
        "s": strings(lang),
        "sent_on": pv.format_date(sug.created_at.date(), lang),
        "node_link": pv.link(m, sug.node_id, lang) if sug.node_id in m.nodes else None,
        "contact_deleted_on": pv.format_date(deleted, lang) if deleted else "",
        "values": values,
        "node": node,
        "result": result,
        "messages": result.messages(lang) if result is not None else [],
        "sections": diff_sections_of(result, lang),
        "error": error,
        "reason": reason,
        "pr_error": pr_error,
        "functions": choices(FUNCTION_LABELS, lang),
        "roles": choices(ROLE_LABELS, lang),
        "relation_types": choices(RELATION_LABELS, lang),
        "members": [
            (mb.id, names.get(mb.id, mb.id), ROLE_LABELS[mb.role.value][role_i])
            for mb in (node.members if node is not None else [])
            if mb.valid_until is None
        ],
        "nodes": sorted(names.items(), key=lambda kv: kv[1].casefold()),
        "sources": [(src.id, src.title) for src in m.data.sources],
    }
    title = t("review_title", id=sug.id)
    return _render(request, "suggestions/review.html", ctx, title=title, status=status)


async def _maintainer_post(
    request: Request, suggestion_id: str
) -> tuple[SessionInfo, Suggestion, dict[str, str]] | Response:
    """Session, CSRF token and the suggestion of a maintainer's form post."""
    info = await _session(request)
    if info is None:
        return _to_signin(request)
    form = await request.form()
    if not _form_token_ok(request, str(form.get("csrf") or ""), info.csrf):
        return _error(403, FORBIDDEN)
    found: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
    if found is None:
        return rendering.not_found(request, f"{suggestion_id}: 404")
    values = {k: str(form.get(k) or "")[:4000] for k in (*REVIEW_FIELDS, "reason")}
    return info, found, values


@router.api_route(
    "/forvaltning/forslag/{suggestion_id}", methods=["GET", "HEAD"], include_in_schema=False
)
async def review_page(request: Request, suggestion_id: str) -> Response:
    """One suggestion: its text and contact, the change to shape, accept or reject."""
    info = await _session(request)
    if info is None:
        return _to_signin(request)
    found: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
    if found is None:
        return rendering.not_found(request, f"{suggestion_id}: 404")
    return _review_page(request, info, found, {})


def _choose_node(request: Request) -> str:
    """The review form's message when no body (on the map) is chosen."""
    return translator(_lang(request))("review_choose_node")


@router.post("/forvaltning/forslag/{suggestion_id}/kontrollera", include_in_schema=False)
async def review_check(request: Request, suggestion_id: str) -> Response:
    """Check the shaped change against the whole map; show the diff or the messages."""
    got = await _maintainer_post(request, suggestion_id)
    if isinstance(got, Response):
        return got
    info, sug, values = got
    m = rendering.current_map(request)
    values = align_prefill(m, values)
    node_id = values.get("node", "")
    if node_id not in m.nodes:
        return _review_page(request, info, sug, values, error=_choose_node(request), status=422)
    try:
        result = await run_in_threadpool(
            apply_proposal, m.data, proposal_from_form(node_id, values)
        )
    except ProposalError as exc:
        return _review_page(request, info, sug, values, error=str(exc), status=422)
    return _review_page(request, info, sug, values, result=result)


@router.post("/forvaltning/forslag/{suggestion_id}/godkann", include_in_schema=False)
async def review_accept(request: Request, suggestion_id: str) -> Response:
    """Accept: commit the change on ``forslag/{id}`` and show the result."""
    got = await _maintainer_post(request, suggestion_id)
    if isinstance(got, Response):
        return got
    info, sug, values = got
    served = _map(request)
    if served is not None:
        values = align_prefill(served, values)
    node_id = values.get("node", "")
    if not node_id:
        return _review_page(request, info, sug, values, error=_choose_node(request), status=422)
    try:
        _saved, done = await _accept(
            request, suggestion_id, proposal_from_form(node_id, values), info.maintainer, None
        )
    except InvalidChangeError as exc:
        message = str(exc) + (" " + " ".join(exc.messages) if exc.messages else "")
        return _review_page(request, info, sug, values, error=message, status=422)
    except ProposalError as exc:
        return _review_page(request, info, sug, values, error=str(exc), status=422)
    except (NotFoundError, SuggestionError, CommitError) as exc:
        return _review_page(request, info, sug, values, error=str(exc), status=409)
    if done.pull_request_error:
        fresh: Suggestion | None = await _call(request, lambda st: st.get(suggestion_id))
        return _review_page(request, info, fresh or sug, {}, pr_error=done.pull_request_error)
    return RedirectResponse(f"/forvaltning/forslag/{suggestion_id}", 303)


@router.post("/forvaltning/forslag/{suggestion_id}/avboj", include_in_schema=False)
async def review_reject(request: Request, suggestion_id: str) -> Response:
    """Reject with a reason the sender reads."""
    got = await _maintainer_post(request, suggestion_id)
    if isinstance(got, Response):
        return got
    info, sug, values = got
    reason = values.get("reason", "")
    try:
        await _call(request, lambda st: st.reject(suggestion_id, info.maintainer, reason))
    except (NotFoundError, SuggestionError) as exc:
        return _review_page(request, info, sug, {}, error=str(exc), reason=reason, status=422)
    return RedirectResponse(f"/forvaltning/forslag/{suggestion_id}", 303)
