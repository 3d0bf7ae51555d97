"""The suggestions' JSON API: anyone sends and follows a tip; maintainers sign in and decide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from api.ratelimit import BODY_TOO_LARGE
from api.routes.proposals.models import ProposalIn
from api.routes.suggestions.common import (
    CSRF_HEADER,
    FORBIDDEN,
    SESSION_COOKIE,
    UNAUTHORIZED,
    BoundedRoute,
    SuggestionId,
    add_suggestion,
    call_store,
    clear_session_cookie,
    current_session,
    forge_for,
    form_token_ok,
    json_error,
    set_session_cookie,
    sign_in,
    too_many,
)
from api.routes.suggestions.models import (
    AcceptIn,
    AcceptOut,
    LoginIn,
    RejectIn,
    SuggestionCreated,
    SuggestionIn,
    SuggestionList,
    SuggestionOut,
    SuggestionStatusOut,
    full_out,
    status_out,
)
from kartan.proposal import Proposal
from kartan.suggestions.commit import (
    BranchExistsError,
    CommitError,
    Committed,
    InvalidChangeError,
    commit_change,
)
from kartan.suggestions.records import (
    AlreadyDecidedError,
    BadCredentialsError,
    LockedOutError,
    NotFoundError,
    RateLimitedError,
    SessionInfo,
    Suggestion,
    SuggestionError,
)

if TYPE_CHECKING:  # the database layer is imported when the store opens
    from kartan.suggestions.store import SuggestionStore

router = APIRouter(route_class=BoundedRoute)

# --- anyone: the JSON API -----------------------------------------------------------------


def _no_store(model: BaseModel, headers: dict[str, str] | None = None) -> Response:
    """``model`` as a JSON answer that is never cached (it may name a contact)."""
    return Response(
        model.model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _no_such_suggestion() -> JSONResponse:
    return json_error(404, "Det finns inget förslag med det id:t (no such suggestion).")


SUGGEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    **BODY_TOO_LARGE,
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
        saved = await add_suggestion(
            request,
            text=payload.text,
            node=payload.node,
            learned_from=payload.learned_from,
            contact=payload.contact,
            consent=payload.consent,
            lang=lang,
        )
    except SuggestionError as exc:
        return json_error(422, str(exc))
    except RateLimitedError as exc:
        return too_many(exc, "förslag från din adress")
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
    found: Suggestion | None = await call_store(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _no_such_suggestion()
    return _no_store(status_out(found))


# --- maintainers: sessions ----------------------------------------------------------------


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
        token, info = await sign_in(request, payload.name, payload.password)
    except LockedOutError as exc:
        return too_many(exc, "misslyckade inloggningar")
    except BadCredentialsError:
        return json_error(401, "Fel namn eller lösenord (wrong name or password).")
    response = Response(status_code=204, headers={"X-CSRF-Token": info.csrf})
    response.headers["Cache-Control"] = "no-store"
    set_session_cookie(request, response, token)
    return response


@router.post("/api/logout", status_code=204, tags=["maintainers"])
async def api_logout(request: Request) -> Response:
    """End the session (204, also without one)."""
    token = request.cookies.get(SESSION_COOKIE)
    await call_store(request, lambda st: st.logout(token))
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response


async def _api_session(request: Request, *, post: bool) -> SessionInfo | Response:
    info = await current_session(request)
    if info is None:
        return json_error(401, UNAUTHORIZED)
    if post:
        header = request.headers.get(CSRF_HEADER, "")
        if not form_token_ok(request, header, info.csrf):
            return json_error(403, FORBIDDEN)
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
    items, counts = await call_store(request, lambda st: (st.find(status), st.counts()))
    found = SuggestionList(total=len(items), counts=counts, items=[full_out(s) for s in items])
    return _no_store(found, {"X-CSRF-Token": info.csrf})


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
    found: Suggestion | None = await call_store(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _no_such_suggestion()
    return _no_store(full_out(found))


async def accept_change(
    request: Request, suggestion_id: str, proposal: Proposal, maintainer: str, note: str | None
) -> tuple[Suggestion, Committed]:
    settings = request.app.state.settings
    data = Path(settings.data)
    forge = forge_for(request)

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

    result: tuple[Suggestion, Committed] = await call_store(request, work)
    return result


def _accept_error(exc: Exception) -> JSONResponse:
    if isinstance(exc, NotFoundError):
        return _no_such_suggestion()
    if isinstance(exc, AlreadyDecidedError | BranchExistsError):
        return json_error(409, str(exc))
    if isinstance(exc, InvalidChangeError):
        detail = str(exc) + (" " + " ".join(exc.messages) if exc.messages else "")
        return JSONResponse({"detail": detail, "messages": exc.messages}, 422)
    return json_error(422, str(exc))


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
        _saved, done = await accept_change(
            request, suggestion_id, change.to_proposal(), info.maintainer, payload.reason
        )
    except (NotFoundError, SuggestionError, CommitError) as exc:
        return _accept_error(exc)
    return _no_store(
        AcceptOut(
            branch=done.branch,
            commit=done.commit,
            parent=done.parent,
            summary=done.summary,
            diff=done.diff.as_dict(),
            pull_request=done.pull_request,
            pull_request_error=done.pull_request_error,
        )
    )


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
        saved: Suggestion = await call_store(
            request, lambda st: st.reject(suggestion_id, info.maintainer, payload.reason)
        )
    except (NotFoundError, SuggestionError) as exc:
        return _accept_error(exc)
    return _no_store(full_out(saved))
