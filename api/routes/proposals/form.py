"""The proposal form's page: its fields, choices and the form turned into a proposal."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api import rendering
from api.i18n import lines, section, text
from kartan.labels import FUNCTION_LABELS, RELATION_LABELS, ROLE_LABELS
from kartan.map import Map
from kartan.model import Node
from kartan.proposal import Proposal, ProposalResult


def strings(lang: str) -> dict[str, str]:
    """The form's texts in ``lang`` (from the one catalogue, :mod:`api.i18n`)."""
    return section("proposal_", lang)


FORM_FIELDS = (
    "description",
    "contact_function",
    "contact_via",
    "member_action",
    "member_id",
    "member_role",
    "member_date",
    "relation_type",
    "relation_to",
    "relation_label",
    "sources",
    "new_source_id",
    "new_source_title",
    "new_source_date",
)


def choices(labels: dict[str, tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    i = 1 if lang == "en" else 0
    return [(k, v[i]) for k, v in labels.items()]


def form_page(
    request: Request,
    m: Map,
    node_id: str,
    values: dict[str, str],
    *,
    result: ProposalResult | None = None,
    error: str | None = None,
) -> HTMLResponse:
    lang = rendering.request_lang(request)
    s = strings(lang)
    node = m.nodes[node_id]
    if not values:
        values = {
            "description": node.description or "",
            "contact_function": node.contact.function.value if node.contact else "",
            "contact_via": node.contact.via if node.contact else "",
        }
    names = {n.id: n.name for n in m.data.nodes}
    ctx = {
        "s": s,
        "node": node,
        "lead_before": s["lead"].split("{name}")[0],
        "lead_after": s["lead"].split("{name}", 1)[-1],
        "summary": result.diff.summary(lang) if result and result.diff else "",
        "values": values,
        "error": error,
        "how_to": lines("proposal_how_to", lang),
        **fields_context(m, node, names, result, lang),
    }
    return rendering.render(request, "proposals/form.html", ctx, title=f"{s['title']}: {node.name}")


def fields_context(
    m: Map, node: Node | None, names: dict[str, str], result: ProposalResult | None, lang: str
) -> dict[str, Any]:
    """What the form's fields (``proposals/_fields.html``) and its result show.

    The choices (functions, roles, relation types, bodies by ``names``, sources), the
    body's current members, and the checked change's messages and diff sections.
    """
    role = 1 if lang == "en" else 0
    return {
        "result": result,
        "messages": result.messages(lang) if result is not None else [],
        "sections": diff_sections_of(result, lang),
        "functions": choices(FUNCTION_LABELS, lang),
        "roles": choices(ROLE_LABELS, lang),
        "relation_types": choices(RELATION_LABELS, lang),
        "members": [
            (mb.id, names.get(mb.id, mb.id), ROLE_LABELS[mb.role.value][role])
            for mb in (node.members if node is not None else [])
            if mb.valid_until is None
        ],
        "nodes": sorted(names.items(), key=lambda kv: kv[1].casefold()),
        "sources": [(src.id, src.title) for src in m.data.sources],
    }


def diff_sections_of(result: ProposalResult | None, lang: str) -> list[Any]:
    from kartan.history import diff_sections

    if result is None or result.diff is None:
        return []
    return diff_sections(result.diff, lang)


def proposal_from_form(node_id: str, form: dict[str, str]) -> Proposal:
    action = form.get("member_action", "")
    return Proposal(
        node=node_id,
        description=form.get("description"),
        contact_function=form.get("contact_function"),
        contact_via=form.get("contact_via"),
        member_action=action if action in ("add", "end") else None,  # type: ignore[arg-type]
        member_id=form.get("member_id"),
        member_role=form.get("member_role"),
        member_date=form.get("member_date"),
        relation_type=form.get("relation_type"),
        relation_to=form.get("relation_to"),
        relation_label=form.get("relation_label"),
        sources=[x for x in (form.get("sources") or "").split(",") if x.strip()],
        new_source_id=form.get("new_source_id"),
        new_source_title=form.get("new_source_title"),
        new_source_date=form.get("new_source_date"),
    )


def request_lang(request: Request) -> str:
    return rendering.request_lang(request)


def unknown_node(request: Request, node_id: str) -> HTMLResponse:
    lang = rendering.request_lang(request)
    return rendering.not_found(request, text("not_found_proposal", lang).format(id=node_id))
