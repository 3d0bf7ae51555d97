"""Who decides, and how to reach them: the decision model of the map.

The minutes ask how the forums relate "till beslutande organ" (001 §5).  This module
answers it with what the minutes support, and says so when they support nothing:

* :func:`who_decides` — the chain to the body that decides for the municipality
  (Kommunfullmäktige, Kommunstyrelsen, a nämnd), over *decision* relations only (matters
  sent on, prepares, decides on, responsible for, part of); the body's own steering (a
  council's AU, a project's steering group) when the chain reaches one; and, when no
  chain is known, where to ask (the nearest entry point along relations of the map);
* :func:`raise_routes` — the ways to *raise* a matter: the networks, forums and councils
  a body sits in (memberships and participation), and where those go on.  A seat is a
  route of influence, never a chain of decision;
* :func:`contact_route` — how to reach a body: its own contact function, or the nearest
  body with one along relations the minutes support, with the route in words.  A contact
  "via" the body itself is no route (the validator warns about it);
* :func:`unknown_deciders` — the maintainers' work list: every body, funding, assignment
  and agreement whose deciding body the map does not know.

Every function takes the map first; texts come in Swedish (``lang="sv"``) and English.

Examples
--------
A council sends matters to its AU (its own steering); a project is run by an
administration that is part of a nämnd's line organisation; an association sits in the
council.

>>> from kartan.map import Map
>>> from kartan.model import MapFile
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "rad"},
...   "sources": [{"id": "s", "title": "S"}],
...   "nodes": [
...     {"id": "rad", "kind": "council", "name": "Rådet", "sources": ["s"],
...      "entry_point": True,
...      "contact": {"function": "secretary", "via": "adm", "sources": ["s"]},
...      "members": [{"id": "forening", "sources": ["s"]}, {"id": "adm", "sources": ["s"]}],
...      "relations": [{"type": "sends_matters_to", "to": "au", "sources": ["s"]}]},
...     {"id": "au", "kind": "steering_body", "name": "AU", "sources": ["s"],
...      "relations": [{"type": "part_of", "to": "rad", "sources": ["s"]}]},
...     {"id": "adm", "kind": "administration", "name": "Förvaltningen", "sources": ["s"],
...      "relations": [{"type": "part_of", "to": "namnd", "sources": ["s"]},
...                    {"type": "responsible_for", "to": "projekt", "sources": ["s"]}]},
...     {"id": "namnd", "kind": "decision_body", "name": "Nämnden", "sources": ["s"]},
...     {"id": "projekt", "kind": "project", "name": "Projektet", "sources": ["s"]},
...     {"id": "forening", "kind": "organisation", "name": "Föreningen", "sources": ["s"]}]}
>>> m = Map(MapFile.model_validate(raw))
>>> d = who_decides(m, "projekt")
>>> d.status, d.decider, [s.target for s in d.path]
('known', 'namnd', ['adm', 'namnd'])
>>> print(d.text(m))
Nämnden beslutar: Projektet drivs av Förvaltningen. Förvaltningen är en del av Nämnden.
>>> d = who_decides(m, "rad")
>>> d.status, d.steering, d.ask  # the council is an entry point: ask it directly
('unknown', 'au', Ask(id='rad', steps=()))
>>> d.text(m).startswith("Kartan vet inte vem som beslutar om detta. Rådets eget arbete")
True
>>> print(d.steering_text(m))
Rådets eget arbete styrs av AU (styrgrupp eller arbetsutskott), som inte beslutar för kommunen.
>>> who_decides(m, "adm").path[0].type
'part_of'
>>> [r.arena for r in raise_routes(m, "adm")]
['rad']
>>> print(raise_routes(m, "adm")[0].text(m))
Förvaltningen kan lyfta en fråga i Rådet (ledamot).
>>> c = contact_route(m, "au")
>>> c.holder, c.function, c.via
('rad', 'secretary', 'adm')
>>> print(c.text(m))
Sekreterare via Förvaltningen, för Rådet (AU är en del av Rådet).
>>> print(who_decides(m, "forening").text(m))
Kartan vet inte vem som beslutar om detta. Fråga Rådet (Föreningen är ledamot i Rådet).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kartan.analysis import PATH_KINDS
from kartan.facts import name_of
from kartan.graph import Step, all_steps, decision_path, edge_step, shortest_steps, up_steps
from kartan.labels import (
    DECISION_KINDS,
    FUNCTION_LABELS,
    STEERING_KINDS,
    kind_label,
    relation_family,
)
from kartan.map import Edge, Map, remembered
from kartan.map import forget as forget_remembered
from kartan.model import Contact, Node
from kartan.texts import text

Lang = str
Status = Literal["self", "known", "unknown"]

# The kinds the work list checks: every body that should have someone deciding about it,
# and the funding, assignments and agreements decided on.  Independent actors
# (organisations, other public bodies, companies, parties) decide for themselves; events,
# tools, methods and functions are things used or held.  The kinds that ought to have a
# path to a decision (kartan.analysis), and steering bodies and funding.
WORK_LIST_KINDS: frozenset[str] = PATH_KINDS | {"steering_body", "funding"}

# Relations followed to find someone to contact, read from the body asked about:
# forward, to the whole it is part of, where its matters go, who took it over;
# backward, to whoever runs, organises, administers or is the entry point to it.
CONTACT_FORWARD: frozenset[str] = frozenset({"part_of", "sends_matters_to", "handed_over_to"})
CONTACT_BACKWARD: frozenset[str] = frozenset(
    {"responsible_for", "organises", "administers", "entry_point_to"}
)
CONTACT_DEPTH = 3

# Relations that are a way to raise a matter: a seat (membership), taking part, being a
# party to something.  Followed from the body outward, at most RAISE_DEPTH steps.
RAISE_TYPES: frozenset[str] = frozenset({"member_of", "participates_in", "party_to"})
RAISE_DEPTH = 2
# Where a matter can be raised: bodies that meet and take up matters.  A second step
# (a seat in a body that itself sits in an arena, e.g. an administration in C-nätet, C-nätet
# in Samverkansrådet) is followed only through a membership of a network, forum or council.
RAISE_KINDS: frozenset[str] = frozenset(
    {"council", "forum", "network", "working_group", "steering_body", "project"}
)
RAISE_VIA_KINDS: frozenset[str] = frozenset({"council", "forum", "network"})
RAISE_NOTE = (text("decide_raise_note", "sv"), text("decide_raise_note", "en"))

# At most this many steps to the entry point to ask (a longer route is no advice).
ASK_DEPTH = 2

# Who can be asked when the map does not know who decides: entry points that are bodies
# or organisations (not an agreement, plan, event or tool).
ASK_KINDS: frozenset[str] = frozenset(
    {
        "council",
        "forum",
        "network",
        "working_group",
        "assignment",
        "administration",
        "unit",
        "organisation",
        "public_body",
    }
)


def _steps_text(steps: Iterable[Step], m: Map, lang: Lang) -> str:
    """The steps in words, looking up only the names of the nodes on them."""
    steps = tuple(steps)
    names = {i: name_of(m, i, lang) for s in steps for i in (s.source, s.target)}
    return ". ".join(s.text(names, lang) for s in steps)


# --- who decides -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """Where to ask: the nearest entry point and the route to it along the map's relations."""

    id: str
    steps: tuple[Step, ...]

    @property
    def direct(self) -> bool:
        """True when the body is itself the entry point to ask."""
        return not self.steps

    def text(self, m: Map, lang: Lang = "sv") -> str:
        """'Fråga En väg in (… )' / 'Ask En väg in (…)'."""
        route = _steps_text(self.steps, m, lang)
        name = name_of(m, self.id, lang)
        if route:
            return text("decide_ask_route", lang, name=name, route=route)
        return text("decide_ask", lang, name=name)


@dataclass(frozen=True)
class Decision:
    """Who decides about a node, as far as the minutes tell.

    ``status`` is ``self`` (a decision body), ``known`` (``path`` ends at ``decider``) or
    ``unknown``.  ``steering`` is the body's own steering (a council's AU, a project's
    steering group) when a decision chain reaches one; ``ask`` is where to ask when the
    decider is unknown.
    """

    node: str
    status: Status
    path: tuple[Step, ...]
    decider: str | None
    steering: str | None
    steering_path: tuple[Step, ...]
    ask: Ask | None

    @property
    def known(self) -> bool:
        return self.status != "unknown"

    def text(self, m: Map, lang: Lang = "sv") -> str:
        """The answer in plain words (Swedish or English)."""
        name = name_of(m, self.node, lang)
        if self.status == "self":
            return text("decide_self", lang, name=name)
        if self.status == "known" and self.decider is not None:
            who = name_of(m, self.decider, lang)
            return text("decide_known", lang, who=who, path=_steps_text(self.path, m, lang))
        parts = [text("decide_unknown", lang)]
        if self.steering is not None:
            parts.append(self.steering_text(m, lang))
        if self.ask is not None:
            parts.append(self.ask.text(m, lang))
        return " ".join(parts)

    def steering_text(self, m: Map, lang: Lang = "sv") -> str:
        """'Rådets eget arbete styrs av AU (…), som inte beslutar för kommunen.'"""
        if self.steering is None:
            return ""
        steering = self.steering
        holder = self.steering_path[-1].source if self.steering_path else self.node
        who = name_of(m, steering, lang)
        kind = kind_label(m.nodes[steering].kind.value, lang)
        owner = name_of(m, holder, lang)
        if lang == "sv":
            owner = _genitive(owner)
        return text("decide_steering", lang, owner=owner, who=who, kind=kind)


UNKNOWN_TEXT = (text("decide_unknown", "sv"), text("decide_unknown", "en"))


def _genitive(name: str) -> str:
    """Swedish genitive: 'Rådet' -> 'Rådets', 'C-nätet' -> 'C-nätets', 'AU:s' for caps.

    >>> _genitive("Rådet"), _genitive("AU"), _genitive("Kultur- och fritidsförvaltningens")
    ('Rådets', 'AU:s', 'Kultur- och fritidsförvaltningens')
    """
    if name.endswith(("s", "x", "z")):
        return name
    if name[-1:].isupper() or name[-1:].isdigit():
        return f"{name}:s"
    return f"{name}s"


# Who decides, how to reach a body and where it can raise a matter depend only on the map
# and the body: worked out once per map object and body (the guide and the API ask for the
# same bodies again and again), with :func:`kartan.map.remembered` under the name
# "decisions"; a map's answers go with the map.


def forget(m: Map) -> None:
    """Forget what was worked out for ``m`` (benchmarks measure cold runs)."""
    forget_remembered("decisions", m=m)


def who_decides(m: Map, node_id: str) -> Decision:
    """Who decides about ``node_id``: decision relations only, never a membership.

    Raises ``KeyError`` for an id not on the map.
    """
    return remembered(m, ("decisions", "who_decides", node_id), lambda: _who_decides(m, node_id))


def _who_decides(m: Map, node_id: str) -> Decision:
    """:func:`who_decides`, worked out."""
    node = m.nodes[node_id]
    if node.kind.value in DECISION_KINDS:
        return Decision(node_id, "self", (), node_id, None, (), None)
    steps = decision_path(m, node_id)
    steering_steps = shortest_steps(
        m, node_id, lambda i: up_steps(m, i), lambda i: m.nodes[i].kind.value in STEERING_KINDS
    )
    steering = steering_steps[-1].target if steering_steps else None
    if node.kind.value in STEERING_KINDS:
        steering, steering_steps = None, None
    if steps is not None:
        decider = steps[-1].target
        return Decision(
            node_id, "known", tuple(steps), decider, steering, tuple(steering_steps or ()), None
        )
    return Decision(
        node_id,
        "unknown",
        (),
        None,
        steering,
        tuple(steering_steps or ()),
        where_to_ask(m, node_id),
    )


def where_to_ask(m: Map, node_id: str) -> Ask | None:
    """The nearest entry point one can reach, along any relation of the map.

    Every relation carries its sources, so the route is one the minutes support.  Only
    entry points with a contact route count (asking needs a way to reach them); a body
    that is itself such an entry point is asked directly (an empty route).
    """

    def askable(i: str) -> bool:
        n = m.nodes[i]
        return n.entry_point and n.kind.value in ASK_KINDS and contact_route(m, i) is not None

    if askable(node_id):
        return Ask(node_id, ())
    steps = shortest_steps(m, node_id, lambda i: all_steps(m, i), askable, ASK_DEPTH)
    if not steps:
        return None
    return Ask(steps[-1].target, tuple(steps))


# --- ways to raise a matter ------------------------------------------------------------------


@dataclass(frozen=True)
class RaiseRoute:
    """A way for ``node`` to raise a matter: a seat in (or part in) ``arena``.

    ``steps`` run from the node to the arena over memberships and participation (one step
    for a direct seat, two when the node's seat is in a body that itself sits in the
    arena).  ``decision`` is who decides about the arena's matters, as far as known.
    """

    node: str
    arena: str
    steps: tuple[Step, ...]
    decision: Decision

    @property
    def role(self) -> str | None:
        return self.steps[0].role if self.steps else None

    def text(self, m: Map, lang: Lang = "sv") -> str:
        """'Almby IK kan lyfta en fråga i Samverkansrådet (vice ordförande). …'."""
        from kartan.labels import relation_label, role_label

        name, arena = name_of(m, self.node, lang), name_of(m, self.arena, lang)
        first = self.steps[0]
        if first.type == "member_of":
            how = role_label(first.role or "member", lang)
        else:
            how = relation_label(first.type, lang)
        if len(self.steps) > 1:
            mid = name_of(m, self.steps[0].target, lang)
            return text("decide_raise_via", lang, name=name, arena=arena, via=mid, how=how)
        return text("decide_raise", lang, name=name, arena=arena, how=how)


def raise_routes(m: Map, node_id: str, depth: int = RAISE_DEPTH) -> list[RaiseRoute]:
    """The arenas ``node_id`` can raise a matter in, nearest first (file order within).

    Only arenas of ``RAISE_KINDS``; a second step only from a network, forum or council
    the node has a seat in (``RAISE_VIA_KINDS``), over a membership.
    """
    key = ("decisions", "raise_routes", node_id, depth)
    return list(remembered(m, key, lambda: tuple(_raise_routes(m, node_id, depth))))


def _raise_routes(m: Map, node_id: str, depth: int) -> list[RaiseRoute]:
    """:func:`raise_routes`, worked out."""
    out: list[RaiseRoute] = []
    seen = {node_id}
    frontier: list[tuple[str, tuple[Step, ...]]] = [(node_id, ())]
    for level in range(max(depth, 0)):
        nxt: list[tuple[str, tuple[Step, ...]]] = []
        for current, before in frontier:
            if level > 0 and m.nodes[current].kind.value not in RAISE_VIA_KINDS:
                continue
            for e in m.outgoing.get(current, ()):
                target = m.nodes.get(e.target)
                if e.type not in RAISE_TYPES or target is None or e.target in seen:
                    continue
                if target.kind.value not in RAISE_KINDS or (level > 0 and e.type != "member_of"):
                    continue
                seen.add(e.target)
                steps = (*before, edge_step(e, True))
                out.append(RaiseRoute(node_id, e.target, steps, who_decides(m, e.target)))
                nxt.append((e.target, steps))
        frontier = nxt
    return out


def raised_here(m: Map, node_id: str) -> list[str]:
    """Who can raise a matter in ``node_id``: its members and participants (ids, file order)."""
    out: list[str] = []
    for e in m.incoming.get(node_id, ()):
        if e.type in RAISE_TYPES and e.source in m.nodes and e.source not in out:
            out.append(e.source)
    return out


# --- how to reach a body ---------------------------------------------------------------------


def usable_contact(node: Node) -> Contact | None:
    """The node's own contact, unless it points back to the node itself (no route)."""
    c = node.contact
    if c is None or c.via == node.id:
        return None
    return c


@dataclass(frozen=True)
class ContactRoute:
    """How to reach ``node``: ``holder``'s contact function held by ``via``.

    ``holder`` is the node itself when it has its own contact; otherwise the nearest body
    with one, reached over ``steps``.
    """

    node: str
    holder: str
    contact: Contact
    steps: tuple[Step, ...]

    @property
    def own(self) -> bool:
        return self.holder == self.node

    @property
    def function(self) -> str:
        return self.contact.function.value

    @property
    def via(self) -> str:
        return self.contact.via

    def function_label(self, lang: Lang = "sv") -> str:
        sv, en = FUNCTION_LABELS[self.function]
        return en if lang == "en" else sv

    def route_text(self, m: Map, lang: Lang = "sv") -> str:
        """The route from the node to the holder in words ('' when it is its own)."""
        return _steps_text(self.steps, m, lang)

    def text(self, m: Map, lang: Lang = "sv") -> str:
        """'Sekreterare via Kommunledningsförvaltningen' or, borrowed, with the route."""
        fn = self.function_label(lang)
        fn = fn[:1].upper() + fn[1:]
        via = name_of(m, self.via, lang)
        if self.own:
            return f"{fn} via {via}."
        holder = name_of(m, self.holder, lang)
        route = self.route_text(m, lang)
        return text(
            "decide_contact_borrowed", lang, function=fn, via=via, holder=holder, route=route
        )


def contact_route(m: Map, node_id: str, depth: int = CONTACT_DEPTH) -> ContactRoute | None:
    """The node's own contact, or the nearest body's along supported relations, or None."""
    return remembered(
        m, ("decisions", "contact", node_id, depth), lambda: _contact_route(m, node_id, depth)
    )


def _contact_route(m: Map, node_id: str, depth: int) -> ContactRoute | None:
    node = m.nodes[node_id]
    own = usable_contact(node)
    if own is not None:
        return ContactRoute(node_id, node_id, own, ())

    def moves(current: str) -> list[Step]:
        out = [edge_step(e, True) for e in m.outgoing.get(current, ()) if e.type in CONTACT_FORWARD]
        back = m.incoming.get(current, ())
        return out + [edge_step(e, False) for e in back if e.type in CONTACT_BACKWARD]

    def has_contact(i: str) -> bool:
        c = usable_contact(m.nodes[i])
        return c is not None and c.via != node_id

    steps = shortest_steps(m, node_id, moves, has_contact, depth)
    if not steps:
        return None
    holder = steps[-1].target
    contact = usable_contact(m.nodes[holder])
    assert contact is not None
    return ContactRoute(node_id, holder, contact, tuple(steps))


def contact_route_text(m: Map, node: Node, lang: Lang = "sv") -> str | None:
    """How to reach the node in words: its own contact or the nearest body's, with the
    route (None when the map knows no contact on the way)."""
    route = contact_route(m, node.id)
    return route.text(m, lang) if route else None


# --- the maintainers' work list --------------------------------------------------------------


@dataclass(frozen=True)
class Unknown:
    """A node whose deciding body the map does not know."""

    id: str
    name: str
    kind: str
    steering: str | None
    ask: str | None


def unknown_deciders(m: Map, *, kinds: frozenset[str] = WORK_LIST_KINDS) -> list[Unknown]:
    """Every node of ``kinds`` (not an outside example) with no known deciding body."""
    out: list[Unknown] = []
    for n in m.data.nodes:
        if n.kind.value not in kinds or n.external:
            continue
        d = who_decides(m, n.id)
        if d.status == "unknown":
            out.append(Unknown(n.id, n.name, n.kind.value, d.steering, d.ask.id if d.ask else None))
    return out


def unknown_counts(items: Iterable[Unknown]) -> dict[str, int]:
    """How many unknowns of each kind (kinds in first-seen order)."""
    counts: dict[str, int] = {}
    for u in items:
        counts[u.kind] = counts.get(u.kind, 0) + 1
    return counts


def family_of(e: Edge) -> str:
    """The family of an edge (decision, raise, funding, collaboration)."""
    return relation_family(e.type)
