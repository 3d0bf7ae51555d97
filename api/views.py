"""Build the API's responses from a :class:`~kartan.map.Map` (no HTTP here).

Each function returns a response model of :mod:`api.schemas`; the routes cache the
serialized bytes per data version (see :class:`api.deps.View`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api import schemas as s
from kartan import decisions as dm
from kartan import layout
from kartan.decisions import usable_contact
from kartan.graph import Step, decision_path
from kartan.labels import (
    FUNCTION_LABELS,
    MEETING_STATUS_LABELS,
    family_label,
    kind_label,
    relation_label,
    role_label,
    sector_label,
)
from kartan.map import Edge, Map
from kartan.matters import matters_at_meeting
from kartan.model import Meeting, Node, source_id
from kartan.present import plain_fields
from kartan.sectors import sectors

Position = tuple[float, float]


def to_json(model: s.Out) -> bytes:
    """The model as JSON bytes, with field aliases (``from``)."""
    return model.model_dump_json(by_alias=True).encode("utf-8")


def names(m: Map) -> dict[str, str]:
    return {n.id: n.name for n in m.data.nodes}


# --- node lists ---------------------------------------------------------------------------


def _node_fields(n: Node) -> dict[str, Any]:
    """The fields every node shape of the API shares."""
    return {
        "id": n.id,
        "name": n.name,
        "name_en": n.name_en,
        "kind": n.kind.value,
        "kind_label": kind_label(n.kind.value),
        "kind_label_en": kind_label(n.kind.value, "en"),
        "aliases": list(n.aliases),
        "themes": list(n.themes),
        "audiences": list(n.audiences),
        "entry_point": n.entry_point,
        "external": n.external,
        "valid_from": n.valid_from,
        "valid_until": n.valid_until,
        "dates_inferred": n.dates_inferred,
    }


def node_summary(n: Node) -> s.NodeSummary:
    return s.NodeSummary(**_node_fields(n), description=n.description, reviewed=n.reviewed)


# --- node details -------------------------------------------------------------------------


def source_out(m: Map, ref: str) -> s.SourceOut:
    sid = source_id(ref)
    item = ref[len(sid) :].strip() or None
    doc = m.sources.get(sid)
    return s.SourceOut(
        ref=ref,
        id=sid,
        item=item,
        title=doc.title if doc else None,
        date=doc.date if doc else None,
    )


def sources_out(m: Map, refs: Iterable[str]) -> list[s.SourceOut]:
    return [source_out(m, r) for r in refs]


def place_out(m: Map, place_id: str | None) -> s.PlaceOut | None:
    if place_id is None:
        return None
    p = m.places.get(place_id)
    if p is None:
        return s.PlaceOut(id=place_id, name=place_id, address=None)
    return s.PlaceOut(id=p.id, name=p.name, address=p.address)


def _contact(m: Map, n: Node) -> s.ContactOut | None:
    c = usable_contact(n)  # a contact "via" the body itself leads nowhere
    if c is None:
        return None
    via = m.nodes.get(c.via)
    via_name = via.name if via else c.via
    sv, en = FUNCTION_LABELS[c.function.value]
    return s.ContactOut(
        function=c.function.value,
        function_label=sv,
        function_label_en=en,
        via=c.via,
        via_name=via_name,
        url=c.url,
        note=c.note,
        note_en=c.note_en,
        inferred=c.inferred,
        text=f"{sv} via {via_name}",
        sources=sources_out(m, c.sources),
    )


def _relation(m: Map, node: Node, e: Edge, incoming: bool) -> s.RelationOut:
    other_id = e.source if incoming else e.target
    other = m.nodes.get(other_id)
    other_name = other.name if other else other_id
    phrase = relation_label(e.type, inverse=incoming)
    if e.label and not incoming:
        phrase = e.label
    return s.RelationOut(
        type=e.type,
        direction="incoming" if incoming else "outgoing",
        other=other_id,
        other_name=other_name,
        other_kind=other.kind.value if other else "",
        relation=phrase,
        relation_en=relation_label(e.type, "en", inverse=incoming),
        label=e.label,
        text=f"{node.name} {phrase} {other_name}",
        inferred=e.inferred,
        note=_relation_note(node, other, e),
        valid_from=e.valid_from,
        valid_until=e.valid_until,
        sources=sources_out(m, e.sources),
    )


def _relation_note(node: Node, other: Node | None, e: Edge) -> str | None:
    holder = node if e.source == node.id else other
    if holder is None:
        return None
    index = int(e.key.rsplit("/", 1)[1])
    return holder.relations[index].note if index < len(holder.relations) else None


def _seat(
    m: Map, other_id: str, role: str, label: str | None, item: Any, sources: Iterable[str]
) -> dict[str, Any]:
    """The fields a seat shares, seen from the body (a member) or the member (a membership)."""
    other = m.nodes.get(other_id)
    return {
        "id": other_id,
        "name": other.name if other else other_id,
        "kind": other.kind.value if other else "",
        "role": role,
        "role_label": role_label(role),
        "role_label_en": role_label(role, "en"),
        "label": label,
        "valid_from": item.valid_from,
        "valid_until": item.valid_until,
        "sources": sources_out(m, sources),
    }


def _member(m: Map, mem: Any) -> s.MemberOut:
    return s.MemberOut(
        **_seat(m, mem.id, mem.role.value, mem.label, mem, mem.sources),
        vacant=mem.vacant,
        inferred=mem.inferred,
        note=mem.note,
    )


def _membership(m: Map, e: Edge) -> s.MembershipOut:
    return s.MembershipOut(**_seat(m, e.target, e.role or "member", e.label, e, e.sources))


def _meeting(m: Map, mt: Meeting) -> s.MeetingOut:
    return s.MeetingOut.of(
        mt,
        place=place_out(m, mt.place),
        status=mt.status.value,
        status_label=MEETING_STATUS_LABELS[mt.status.value][0],
        sources=sources_out(m, mt.sources),
        matters=[x.id for x in matters_at_meeting(m, mt.id)],  # issue 17
    )


def path_steps(steps: list[Step], nm: dict[str, str]) -> list[s.PathStep]:
    out: list[s.PathStep] = []
    for step in steps:
        d = step.as_dict(nm)
        out.append(
            s.PathStep(
                from_=d["from"],
                to=d["to"],
                from_name=nm.get(d["from"], d["from"]),
                to_name=nm.get(d["to"], d["to"]),
                type=d["type"],
                direction=d["direction"],
                role=d["role"],
                relation=d["relation"],
                text=d["text"],
                sources=d["sources"],
            )
        )
    return out


def decision_text(node: Node, steps: list[s.PathStep] | None) -> str:
    """The path to decision in one Swedish sentence."""
    if steps is None:
        return f"Det finns ingen känd väg från {node.name} till ett beslutande organ."
    if not steps:
        return f"{node.name} är själv ett beslutande organ."
    return ". ".join(step.text for step in steps) + "."


def decision_out(m: Map, node_id: str, nm: dict[str, str]) -> s.DecisionOut:
    """Who decides about a node (:func:`kartan.decisions.who_decides`) for the API."""
    d = dm.who_decides(m, node_id)
    ask = None
    if d.ask is not None:
        ask = s.AskOut(
            id=d.ask.id,
            name=nm.get(d.ask.id, d.ask.id),
            route=path_steps(list(d.ask.steps), nm),
            text=d.ask.text(m),
            text_en=d.ask.text(m, "en"),
        )
    return s.DecisionOut(
        status=d.status,
        decider=d.decider,
        decider_name=nm.get(d.decider) if d.decider else None,
        steering=d.steering,
        steering_name=nm.get(d.steering) if d.steering else None,
        ask=ask,
        text=d.text(m),
        text_en=d.text(m, "en"),
    )


def raise_out(m: Map, node_id: str, nm: dict[str, str]) -> list[s.RaiseOut]:
    """The ways a node can raise a matter (:func:`kartan.decisions.raise_routes`)."""
    out = []
    for r in dm.raise_routes(m, node_id):
        via = r.steps[0].target if len(r.steps) > 1 else None
        arena = m.nodes[r.arena]
        first = r.steps[0]
        how, how_en = (
            (role_label(first.role or "member"), role_label(first.role or "member", "en"))
            if first.type == "member_of"
            else (relation_label(first.type), relation_label(first.type, "en"))
        )
        out.append(
            s.RaiseOut(
                arena=r.arena,
                arena_name=nm.get(r.arena, r.arena),
                arena_kind=arena.kind.value,
                role=r.role,
                how=how,
                how_en=how_en,
                via=via,
                via_name=nm.get(via) if via else None,
                arena_decision=r.decision.text(m),
                text=r.text(m),
                text_en=r.text(m, "en"),
            )
        )
    return out


def contact_route_out(m: Map, node_id: str, nm: dict[str, str]) -> s.ContactRouteOut | None:
    """How to reach a node (:func:`kartan.decisions.contact_route`) for the API."""
    r = dm.contact_route(m, node_id)
    if r is None:
        return None
    return s.ContactRouteOut(
        own=r.own,
        holder=r.holder,
        holder_name=nm.get(r.holder, r.holder),
        function=r.function,
        function_label=r.function_label(),
        function_label_en=r.function_label("en"),
        via=r.via,
        via_name=nm.get(r.via, r.via),
        url=r.contact.url,
        inferred=r.contact.inferred,
        route=path_steps(list(r.steps), nm),
        text=r.text(m),
        text_en=r.text(m, "en"),
        sources=sources_out(m, r.contact.sources),
    )


def node_detail(m: Map, node_id: str, nm: dict[str, str] | None = None) -> s.NodeDetail | None:
    """Everything about one node, or None when ``node_id`` is not on the map.

    ``nm`` is the table of names (:func:`names`), passed in when it is cached.
    """
    n = m.nodes.get(node_id)
    if n is None:
        return None
    nm = names(m) if nm is None else nm
    path = decision_path(m, node_id)
    steps = None if path is None else path_steps(path, nm)
    outgoing = [e for e in m.outgoing.get(node_id, ()) if not e.is_membership]
    incoming = [e for e in m.incoming.get(node_id, ()) if not e.is_membership]
    member_of = [e for e in m.outgoing.get(node_id, ()) if e.is_membership]
    meets = None
    if n.meets is not None:
        meets = s.MeetsOut(
            place=place_out(m, n.meets.place), time=n.meets.time, frequency=n.meets.frequency
        )
    return s.NodeDetail(
        **plain_fields(n),
        kind=n.kind.value,
        kind_label=kind_label(n.kind.value),
        kind_label_en=kind_label(n.kind.value, "en"),
        themes=[_theme_ref(m, t) for t in n.themes],
        audiences=[_audience_ref(m, a) for a in n.audiences],
        meets=meets,
        contact=_contact(m, n),
        sources=sources_out(m, n.sources),
        members=[_member(m, mem) for mem in n.members],
        member_of=[_membership(m, e) for e in member_of],
        outgoing=[_relation(m, n, e, incoming=False) for e in outgoing],
        incoming=[_relation(m, n, e, incoming=True) for e in incoming],
        meetings=[_meeting(m, mt) for mt in n.meetings],
        path_to_decision=steps,
        path_to_decision_text=decision_text(n, steps),
        who_decides=decision_out(m, node_id, nm),
        ways_to_raise=raise_out(m, node_id, nm),
        raised_by=dm.raised_here(m, node_id),
        contact_route=contact_route_out(m, node_id, nm),
    )


def _theme_ref(m: Map, theme_id: str) -> s.Ref:
    t = m.themes.get(theme_id)
    return s.Ref(id=theme_id, name=t.name if t else theme_id, name_en=t.name_en if t else None)


def _audience_ref(m: Map, audience_id: str) -> s.Ref:
    a = m.audiences.get(audience_id)
    return s.Ref(
        id=audience_id, name=a.name if a else audience_id, name_en=a.name_en if a else None
    )


# --- graph --------------------------------------------------------------------------------


def positions(m: Map, full: Map | None = None) -> dict[str, Position]:
    """Node positions from :mod:`kartan.layout`.

    ``full`` is the whole map when ``m`` is the map on a date, so positions stay put.
    """
    if full is not None and full is not m:
        return layout.positions_for(m, full)
    return layout.positions(m)


def graph_node(n: Node, pos: Position, sector: str = "forums") -> s.GraphNode:
    return s.GraphNode(
        **_node_fields(n),
        inferred=n.inferred,
        sector=sector,
        x=round(pos[0], 2),
        y=round(pos[1], 2),
    )


def regions_out(m: Map) -> list[s.RegionOut]:
    """The layout's labelled regions (of the full map ``m``)."""
    return [
        s.RegionOut(
            sector=r.sector,
            label=sector_label(r.sector),
            label_en=sector_label(r.sector, "en"),
            x0=r.x0,
            y0=r.y0,
            x1=r.x1,
            y1=r.y1,
            count=r.count,
            lone=list(r.lone) if r.lone else None,
            lone_count=r.lone_count,
        )
        for r in layout.regions(m)
    ]


def graph_edge(e: Edge) -> s.GraphEdge:
    return s.GraphEdge(
        id=e.key,
        from_=e.source,
        to=e.target,
        type=e.type,
        label=e.label or relation_label(e.type),
        label_en=relation_label(e.type, "en"),
        role=e.role,
        role_label=role_label(e.role) if e.role else None,
        inferred=e.inferred,
        valid_from=e.valid_from,
        valid_until=e.valid_until,
        family=e.family,
        family_label=family_label(e.family),
        family_label_en=family_label(e.family, "en"),
        dates_inferred=e.dates_inferred,
    )


def graph(m: Map, full: Map | None = None) -> s.GraphOut:
    """The whole map (or the map on a date) as node-link JSON with positions."""
    pos = positions(m, full)
    whole = full if full is not None else m
    sector = sectors(whole)
    return s.GraphOut(
        version=m.version,
        as_of=m.as_of,
        nodes=[
            graph_node(
                n, pos.get(n.id, (0.0, 0.0)), sector[n.id].sector if n.id in sector else "forums"
            )
            for n in m.data.nodes
        ],
        edges=[graph_edge(e) for e in m.edges if e.source in m.nodes and e.target in m.nodes],
        regions=regions_out(whole),
    )


def subgraph(
    m: Map, center: str, depth: int, ids: list[str], edges: list[Edge], full: Map | None
) -> s.NeighboursOut:
    pos = positions(m, full)
    return s.NeighboursOut(
        center=center,
        depth=depth,
        nodes=[graph_node(m.nodes[i], pos.get(i, (0.0, 0.0))) for i in ids],
        edges=[graph_edge(e) for e in edges],
    )
