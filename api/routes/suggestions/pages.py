"""The suggestions' pages: the tip form and its status; sign-in, inbox and review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api import pageviews as pv
from api import rendering
from api.i18n import translator
from api.middleware import CSRF_COOKIE
from api.routes.proposals.form import (
    FORM_FIELDS,
    fields_context,
    proposal_from_form,
    strings,
)
from api.routes.suggestions.api import accept_change
from api.routes.suggestions.common import (
    FORBIDDEN,
    SESSION_COOKIE,
    SIGNIN,
    UNAVAILABLE,
    BoundedRoute,
    StoreUnavailableError,
    add_suggestion,
    call_store,
    clear_session_cookie,
    current_session,
    form_token_ok,
    json_error,
    page_csrf,
    set_session_cookie,
    sign_in,
    too_many,
)
from kartan import present
from kartan.map import Map
from kartan.proposal import Proposal, ProposalError, ProposalResult, apply_proposal
from kartan.suggestions import records
from kartan.suggestions.commit import (
    CommitError,
    InvalidChangeError,
)

router = APIRouter(route_class=BoundedRoute)

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
    if not form_token_ok(
        request, str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    ):
        return _tip_page(request, values, error=t("tip_stale_form"), status=403)
    if str(form.get("homepage") or ""):
        return _render(request, "suggestions/status.html", {"thanks": True}, title=t("tip_title"))
    try:
        saved = await add_suggestion(
            request,
            text=values["text"],
            node=values["node"],
            learned_from=values["learned_from"],
            contact=values["contact"],
            consent=values["consent"] == "yes",
            lang=_lang(request),
        )
    except records.SuggestionError as exc:
        return _tip_page(request, values, error=str(exc), status=422)
    except records.RateLimitedError as exc:
        response = _tip_page(
            request,
            values,
            error=bytes(too_many(exc, "tips från din adress").body).decode(),
            status=429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except StoreUnavailableError:
        return _tip_page(request, values, error=UNAVAILABLE, status=503)
    return RedirectResponse(f"/tipsa/{saved.id}?tack=1", 303)


def _tip_not_found(request: Request, suggestion_id: str) -> HTMLResponse:
    """The 404 page for a tip number no tip has (the public page and the inbox's)."""
    t = translator(_lang(request))
    return rendering.not_found(request, t("tip_not_found", id=suggestion_id[:40]))


@router.api_route("/tipsa/{suggestion_id}", methods=["GET", "HEAD"], include_in_schema=False)
async def tip_status_page(request: Request, suggestion_id: str) -> HTMLResponse:
    """The public page of a tip: its status and the decision, never the contact."""
    lang = _lang(request)
    t = translator(lang)
    try:
        found: records.Suggestion | None = await call_store(
            request, lambda st: st.get(suggestion_id)
        )
    except StoreUnavailableError:
        found = None
    if found is None:
        return _tip_not_found(request, suggestion_id)
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
    if not form_token_ok(
        request, str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    ):
        return _signin_page(request, error=t("forbidden_csrf"), name=name, status=403)
    try:
        token, _info = await sign_in(request, name, str(form.get("password") or ""))
    except records.LockedOutError as exc:
        minutes = max(1, (exc.retry_after + 59) // 60)
        response = _signin_page(
            request, error=t("signin_locked", minutes=minutes), name=name, status=429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except records.BadCredentialsError:
        return _signin_page(request, error=t("signin_failed"), name=name, status=401)
    except StoreUnavailableError:
        return _signin_page(request, error=UNAVAILABLE, name=name, status=503)
    redirect = RedirectResponse(_safe_next(str(form.get("next") or "")), 303)
    set_session_cookie(request, redirect, token)
    return redirect


async def _signed_in_form(request: Request) -> tuple[records.SessionInfo, FormData] | Response:
    """A maintainer's form post: the session and the form, its CSRF token checked.

    Without a session it answers with the way to sign in; with a wrong token, 403.
    """
    info = await current_session(request)
    if info is None:
        return _to_signin(request)
    form = await request.form()
    if not form_token_ok(request, str(form.get("csrf") or ""), info.csrf):
        return json_error(403, FORBIDDEN)
    return info, form


@router.post("/forvaltning/logga-ut", include_in_schema=False)
async def signout(request: Request) -> Response:
    got = await _signed_in_form(request)
    if isinstance(got, Response):
        return got
    token = request.cookies.get(SESSION_COOKIE)
    await call_store(request, lambda st: st.logout(token))
    response = RedirectResponse("/", 303)
    clear_session_cookie(request, response)
    return response


def _excerpt(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@router.api_route("/forvaltning", methods=["GET", "HEAD"], include_in_schema=False)
async def inbox_page(request: Request) -> Response:
    """The inbox: suggestions with their status, newest first."""
    info = await current_session(request)
    if info is None:
        return _to_signin(request)
    status = request.query_params.get("status") or None
    if status not in (None, "received", "accepted", "rejected"):
        status = None
    items, counts = await call_store(request, lambda st: (st.find(status), st.counts()))
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
    info: records.SessionInfo,
    sug: records.Suggestion,
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
        "error": error,
        "reason": reason,
        "pr_error": pr_error,
        **fields_context(m, node, names, result, lang),
    }
    title = t("review_title", id=sug.id)
    return _render(request, "suggestions/review.html", ctx, title=title, status=status)


async def _maintainer_post(
    request: Request, suggestion_id: str
) -> tuple[records.SessionInfo, records.Suggestion, dict[str, str]] | Response:
    """Session, CSRF token and the suggestion of a maintainer's form post."""
    got = await _signed_in_form(request)
    if isinstance(got, Response):
        return got
    info, form = got
    found: records.Suggestion | None = await call_store(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _tip_not_found(request, suggestion_id)
    values = {k: str(form.get(k) or "")[:4000] for k in (*REVIEW_FIELDS, "reason")}
    return info, found, values


@router.api_route(
    "/forvaltning/forslag/{suggestion_id}", methods=["GET", "HEAD"], include_in_schema=False
)
async def review_page(request: Request, suggestion_id: str) -> Response:
    """One suggestion: its text and contact, the change to shape, accept or reject."""
    info = await current_session(request)
    if info is None:
        return _to_signin(request)
    found: records.Suggestion | None = await call_store(request, lambda st: st.get(suggestion_id))
    if found is None:
        return _tip_not_found(request, suggestion_id)
    return _review_page(request, info, found, {})


class _ReviewForm(NamedTuple):
    info: records.SessionInfo
    sug: records.Suggestion
    values: dict[str, str]
    proposal: Proposal


async def _answer_review_form(
    request: Request,
    suggestion_id: str,
    act: Callable[[_ReviewForm], Awaitable[Response]],
) -> Response:
    """Answer the review form as posted (check or accept) with ``act``.

    The values are aligned with the chosen body (:func:`align_prefill`); a body that is
    not on the map, or a change the map refuses (:class:`ProposalError`), answers 422
    with the page.
    """
    got = await _maintainer_post(request, suggestion_id)
    if isinstance(got, Response):
        return got
    info, sug, values = got
    m = rendering.current_map(request)
    values = align_prefill(m, values)
    node_id = values.get("node", "")
    if node_id not in m.nodes:
        error = translator(_lang(request))("review_choose_node")
        return _review_page(request, info, sug, values, error=error, status=422)
    try:
        return await act(_ReviewForm(info, sug, values, proposal_from_form(node_id, values)))
    except ProposalError as exc:
        return _review_page(request, info, sug, values, error=str(exc), status=422)


@router.post("/forvaltning/forslag/{suggestion_id}/kontrollera", include_in_schema=False)
async def review_check(request: Request, suggestion_id: str) -> Response:
    """Check the shaped change against the whole map; show the diff or the messages."""

    async def check(form: _ReviewForm) -> Response:
        m = rendering.current_map(request)
        result = await run_in_threadpool(apply_proposal, m.data, form.proposal)
        return _review_page(request, form.info, form.sug, form.values, result=result)

    return await _answer_review_form(request, suggestion_id, check)


@router.post("/forvaltning/forslag/{suggestion_id}/godkann", include_in_schema=False)
async def review_accept(request: Request, suggestion_id: str) -> Response:
    """Accept: commit the change on ``forslag/{id}`` and show the result."""

    async def accept(form: _ReviewForm) -> Response:
        info, sug, values, proposal = form
        try:
            _saved, done = await accept_change(
                request, suggestion_id, proposal, info.maintainer, None
            )
        except InvalidChangeError as exc:
            message = str(exc) + (" " + " ".join(exc.messages) if exc.messages else "")
            return _review_page(request, info, sug, values, error=message, status=422)
        except (records.NotFoundError, records.SuggestionError, CommitError) as exc:
            return _review_page(request, info, sug, values, error=str(exc), status=409)
        if done.pull_request_error:
            fresh: records.Suggestion | None = await call_store(
                request, lambda st: st.get(suggestion_id)
            )
            return _review_page(request, info, fresh or sug, {}, pr_error=done.pull_request_error)
        return RedirectResponse(f"/forvaltning/forslag/{suggestion_id}", 303)

    return await _answer_review_form(request, suggestion_id, accept)


@router.post("/forvaltning/forslag/{suggestion_id}/avboj", include_in_schema=False)
async def review_reject(request: Request, suggestion_id: str) -> Response:
    """Reject with a reason the sender reads."""
    got = await _maintainer_post(request, suggestion_id)
    if isinstance(got, Response):
        return got
    info, sug, values = got
    reason = values.get("reason", "")
    try:
        await call_store(request, lambda st: st.reject(suggestion_id, info.maintainer, reason))
    except (records.NotFoundError, records.SuggestionError) as exc:
        return _review_page(request, info, sug, {}, error=str(exc), reason=reason, status=422)
    return RedirectResponse(f"/forvaltning/forslag/{suggestion_id}", 303)
