"""The map as a networkx graph: neighbours, paths between bodies and paths to a decision.

Memberships are edges ``member -> body`` of type ``member_of``; relations are edges
``from -> to`` of their type.  Functions take the map (or its graph) first and are
named for what they return.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kartan.labels import DECISION_KINDS, relation_label, role_label
from kartan.map import Edge, Map
from kartan.texts import text as _t

# Edges followed towards a decision: the *decision* family only (see
# ``kartan.labels.RELATION_FAMILY``).  Forward: the source's matters go to the target
# (matters sent on, a part to its whole in a line organisation).  Backward: the target's
# matters go to the source (a project to the administration responsible for it, an
# agreement to the body that prepares or decides on it).  Memberships and participation
# are never followed: a seat in a network or a council is a way to *raise* a matter, not a
# chain of decision (see :mod:`kartan.decisions`).
UP_FORWARD = frozenset({"part_of", "sends_matters_to"})
UP_BACKWARD = frozenset({"responsible_for", "decides_on", "prepares"})


@dataclass(frozen=True)
class Step:
    """One step of a path: from ``source`` to ``target`` along an edge, in either direction."""

    source: str
    target: str
    type: str
    forward: bool
    role: str | None
    label: str | None
    sources: tuple[str, ...]

    def text(self, names: dict[str, str], lang: str = "sv") -> str:
        """A plain sentence: 'Almby IK är medlem i Samverkansrådet'."""
        a, b = names.get(self.source, self.source), names.get(self.target, self.target)
        phrase = self.phrase(lang)
        return f"{a} {phrase} {b}"

    def phrase(self, lang: str = "sv") -> str:
        """The relation read from ``source`` to ``target``."""
        if self.type == "member_of" and self.role and self.forward:
            return _t("graph_member_as", lang, role=role_label(self.role, lang))
        if self.label and self.forward and lang == "sv":
            return self.label
        return relation_label(self.type, lang, inverse=not self.forward)

    def as_dict(self, names: dict[str, str], lang: str = "sv") -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "type": self.type,
            "direction": "forward" if self.forward else "backward",
            "role": self.role,
            "relation": self.phrase(lang),
            "text": self.text(names, lang),
            "sources": list(self.sources),
        }


def to_networkx(m: Map) -> nx.MultiDiGraph:
    """Build a MultiDiGraph with node attributes (name, kind) and one edge per relation."""
    g = nx.MultiDiGraph()
    for node in m.data.nodes:
        g.add_node(node.id, name=node.name, kind=node.kind.value)
    for e in m.edges:
        if e.source in g and e.target in g:
            g.add_edge(e.source, e.target, key=e.key, type=e.type, role=e.role, label=e.label)
    return g


def edge_step(e: Edge, forward: bool) -> Step:
    """The edge as a step, read forward (source -> target) or backward."""
    src, dst = (e.source, e.target) if forward else (e.target, e.source)
    return Step(src, dst, e.type, forward, e.role, e.label, e.sources)


def edge_phrase(e: Edge, lang: str = "sv", *, inverse: bool = False) -> str:
    """The relation of an edge read forward (source -> target) or backward."""
    return edge_step(e, not inverse).phrase(lang)


def shortest_steps(
    m: Map,
    start: str,
    moves: Callable[[str], list[Step]],
    goal: Callable[[str], bool],
    depth: int | None = None,
) -> list[Step] | None:
    """Shortest chain of ``moves`` from ``start`` to a node on the map that meets ``goal``
    (never ``start`` itself), at most ``depth`` steps long; None when there is none."""
    prev: dict[str, tuple[str, Step]] = {}
    level = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if depth is not None and level[current] >= depth:
            continue
        for step in moves(current):
            nxt = step.target
            if nxt in level or nxt not in m.nodes:
                continue
            level[nxt] = level[current] + 1
            prev[nxt] = (current, step)
            if goal(nxt):
                return _unwind(prev, start, nxt)
            queue.append(nxt)
    return None


def decision_path(m: Map, start: str) -> list[Step] | None:
    """Shortest chain of steps from ``start`` to a decision body, or None.

    A decision body's own path is empty.  Steps follow parts upward and matters sent on,
    and responsibility, preparation and decisions backward (see ``UP_FORWARD``); never a
    membership.  A steering body (a council's AU) is passed through, not an end.
    """
    if start not in m.nodes:
        return None
    if m.nodes[start].kind.value in DECISION_KINDS:
        return []
    return shortest_steps(
        m, start, lambda i: up_steps(m, i), lambda i: m.nodes[i].kind.value in DECISION_KINDS
    )


def up_steps(m: Map, node_id: str) -> list[Step]:
    """The steps from a node towards a decision (``UP_FORWARD``/``UP_BACKWARD``)."""
    steps = [edge_step(e, True) for e in m.outgoing.get(node_id, ()) if e.type in UP_FORWARD]
    steps += [edge_step(e, False) for e in m.incoming.get(node_id, ()) if e.type in UP_BACKWARD]
    return [s for s in steps if s.target in m.nodes]


def all_steps(m: Map, node_id: str) -> list[Step]:
    """The steps from a node along every relation, forward then backward."""
    steps = [edge_step(e, True) for e in m.outgoing.get(node_id, ())]
    return steps + [edge_step(e, False) for e in m.incoming.get(node_id, ())]


def _unwind(prev: dict[str, tuple[str, Step]], start: str, end: str) -> list[Step]:
    steps: list[Step] = []
    node = end
    while node != start:
        parent, step = prev[node]
        steps.append(step)
        node = parent
    steps.reverse()
    return steps


def path_ids(steps: list[Step], start: str) -> list[str]:
    """The node ids along a path, starting with ``start``."""
    return [start, *(s.target for s in steps)]


def path_between(m: Map, start: str, end: str) -> list[Step] | None:
    """Shortest chain between two nodes along relations in either direction, or None."""
    if start not in m.nodes or end not in m.nodes:
        return None
    if start == end:
        return []
    return shortest_steps(m, start, lambda i: all_steps(m, i), lambda i: i == end)


def neighbourhood(m: Map, start: str, depth: int = 1) -> tuple[list[str], list[Edge]]:
    """Node ids within ``depth`` steps of ``start`` (either direction) and the edges among them."""
    if start not in m.nodes:
        return [], []
    seen = {start}
    order = [start]
    frontier = [start]
    for _ in range(max(depth, 0)):
        nxt: list[str] = []
        for node_id in frontier:
            for e in (*m.outgoing.get(node_id, ()), *m.incoming.get(node_id, ())):
                other = e.target if e.source == node_id else e.source
                if other in m.nodes and other not in seen:
                    seen.add(other)
                    order.append(other)
                    nxt.append(other)
        frontier = nxt
    edges = [e for e in m.edges if e.source in seen and e.target in seen]
    return order, edges
