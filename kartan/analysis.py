"""Where the map is fragile or incomplete: analyses for the council, graph first.

Every function takes the map first and is named for what it returns:

* :func:`articulation_points` — bodies whose loss would split the map: the parts
  connected to the rest only through them (on the undirected simple view);
* :func:`bridges` — single links whose loss would split the map;
* :func:`without_path_to_decision` — bodies with no path to any decision body
  (the same rules as :func:`kartan.graph.decision_path`);
* :func:`themes_without_forum` — themes no council, forum, network or working group
  works on;
* :func:`stale_nodes` — nodes not reviewed within ``stale_days`` (or never);
* :func:`shared_members` — pairs of councils, forums, networks or working groups that
  share member organisations.

Examples
--------
A small map: a council ``rad`` with two member associations, one of which also sits
in a network ``nat``; the council sends matters to a decision body ``ks``.

>>> from kartan.model import MapFile
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "rad"},
...   "sources": [{"id": "s", "title": "S"}],
...   "themes": [{"id": "klimat", "name": "Klimat"}, {"id": "idrott", "name": "Idrott"}],
...   "nodes": [
...     {"id": "rad", "kind": "council", "name": "Rådet", "sources": ["s"],
...      "themes": ["klimat"],
...      "members": [{"id": "a", "sources": ["s"]}, {"id": "b", "sources": ["s"]}],
...      "relations": [{"type": "sends_matters_to", "to": "ks", "sources": ["s"]}]},
...     {"id": "nat", "kind": "network", "name": "Nätverket", "sources": ["s"],
...      "members": [{"id": "b", "sources": ["s"]}]},
...     {"id": "ks", "kind": "decision_body", "name": "KS", "sources": ["s"]},
...     {"id": "a", "kind": "organisation", "name": "A", "sources": ["s"],
...      "themes": ["idrott"]},
...     {"id": "b", "kind": "organisation", "name": "B", "sources": ["s"]}]}
>>> m = Map(MapFile.model_validate(raw))
>>> [(c.id, c.cut_off) for c in articulation_points(m)]
[('rad', 2), ('b', 1)]
>>> [(b.source, b.target, b.cut_off) for b in bridges(m)][:2]
[('b', 'rad', 2), ('a', 'rad', 1)]
>>> [n.id for n in without_path_to_decision(m)]
['nat']
>>> [t.id for t in themes_without_forum(m)]
['idrott']
>>> [(p.a, p.b, p.shared) for p in shared_members(m)]
[('nat', 'rad', ('b',))]
>>> print(articulation_points(m)[0].text)
Samverkan hänger på Rådet: utan Rådet når 2 organ (KS och A) inte längre resten av kartan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass

from kartan.facts import name_of
from kartan.graph import UP_BACKWARD, UP_FORWARD
from kartan.labels import ARENA_KINDS, DECISION_KINDS
from kartan.map import Map
from kartan.staleness import STALE_DAYS, is_stale, review_age
from kartan.texts import join_names, key_for, text

# Kinds that ought to have a path to a decision body: collaboration arenas, municipal
# structures and what they run.  Left out: decision bodies themselves; independent
# actors (organisations, other public bodies, companies, parties), whose matters need
# not reach a municipal decision; and events, tools, methods, functions and funding,
# which are things used or held rather than bodies with matters of their own.
PATH_KINDS: frozenset[str] = frozenset(
    {
        "council",
        "forum",
        "network",
        "working_group",
        "project",
        "assignment",
        "agreement",
        "program",
        "administration",
        "unit",
    }
)

EXAMPLES = 5


@dataclass(frozen=True)
class CutPoint:
    """A body whose loss would cut ``cut_off`` nodes off from the rest of the map."""

    id: str
    name: str
    kind: str
    cut_off: int
    examples: tuple[str, ...]
    text: str
    text_en: str = ""


@dataclass(frozen=True)
class Bridge:
    """A single link between ``source`` and ``target`` that holds ``cut_off`` nodes on."""

    source: str
    target: str
    source_name: str
    target_name: str
    types: tuple[str, ...]
    cut_off: int
    text: str
    text_en: str = ""


@dataclass(frozen=True)
class NodeBrief:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class ThemeGap:
    """A theme with no arena; ``nodes`` other nodes work on it."""

    id: str
    name: str
    nodes: int
    text: str
    text_en: str = ""


@dataclass(frozen=True)
class StaleNode:
    id: str
    name: str
    kind: str
    reviewed: dt.date | None
    days: int | None


@dataclass(frozen=True)
class SharedMembers:
    """Two arenas (``a`` < ``b``) with member organisations in common."""

    a: str
    b: str
    shared: tuple[str, ...]


# --- the undirected simple view ------------------------------------------------------------


def _neighbours(m: Map) -> dict[str, list[str]]:
    """Adjacency of the undirected simple graph (no self loops, no parallel edges)."""
    adj: dict[str, set[str]] = {n: set() for n in m.nodes}
    for e in m.edges:
        if e.source != e.target and e.source in adj and e.target in adj:
            adj[e.source].add(e.target)
            adj[e.target].add(e.source)
    return {n: sorted(v) for n, v in adj.items()}


@dataclass
class _Dfs:
    """Depth-first search results: discovery order, low links, parents, subtree sizes."""

    disc: dict[str, int]
    low: dict[str, int]
    parent: dict[str, str | None]
    size: dict[str, int]
    root: dict[str, str]
    children: dict[str, list[str]]


def _dfs(adj: dict[str, list[str]]) -> _Dfs:
    """Iterative Tarjan depth-first search over every component (roots in id order)."""
    r = _Dfs({}, {}, {}, {}, {}, defaultdict(list))
    counter = 0
    for start in sorted(adj):
        if start in r.disc:
            continue
        r.parent[start] = None
        r.disc[start] = r.low[start] = counter
        counter += 1
        r.size[start] = 1
        r.root[start] = start
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack[-1]
            nbrs = adj[node]
            if i < len(nbrs):
                stack[-1] = (node, i + 1)
                nxt = nbrs[i]
                if nxt not in r.disc:
                    r.parent[nxt] = node
                    r.disc[nxt] = r.low[nxt] = counter
                    counter += 1
                    r.size[nxt] = 1
                    r.root[nxt] = start
                    r.children[node].append(nxt)
                    stack.append((nxt, 0))
                elif nxt != r.parent[node]:
                    r.low[node] = min(r.low[node], r.disc[nxt])
            else:
                stack.pop()
                up = r.parent[node]
                if up is not None:
                    r.low[up] = min(r.low[up], r.low[node])
                    r.size[up] += r.size[node]
    return r


def _subtree(children: dict[str, list[str]], top: str, limit: int) -> list[str]:
    """Up to ``limit`` node ids of the DFS subtree under ``top`` (breadth first)."""
    out: list[str] = []
    queue = deque([top])
    while queue and len(out) < limit:
        node = queue.popleft()
        out.append(node)
        queue.extend(children.get(node, ()))
    return out


def _names(m: Map, ids: list[str], lang: str = "sv") -> list[str]:
    return [name_of(m, i, lang) for i in ids]


def _counted(key: str, n: int, lang: str, **fields: object) -> str:
    return text(key_for(key, n), lang, n=n, **fields)


# --- articulation points and bridges ---------------------------------------------------


def articulation_points(m: Map) -> list[CutPoint]:
    """Bodies whose loss would split the map, most nodes cut off first.

    Removing such a body splits its part of the map in two or more; ``cut_off`` counts
    the nodes outside the largest remaining piece (they lose their connection with it).
    """
    adj = _neighbours(m)
    r = _dfs(adj)
    out: list[CutPoint] = []
    for node in adj:
        kids = r.children.get(node, [])
        separated = [k for k in kids if r.parent[node] is None or r.low[k] >= r.disc[node]]
        pieces: list[tuple[int, str | None]] = [(r.size[k], k) for k in separated]
        if r.parent[node] is not None:
            rest = r.size[r.root[node]] - 1 - sum(r.size[k] for k in separated)
            pieces.append((rest, None))
        if len(pieces) < 2:
            continue
        pieces.sort(key=lambda p: -p[0])
        cut = sum(size for size, _ in pieces[1:])
        ids: list[str] = []
        for _, top in pieces[1:]:
            want = EXAMPLES - len(ids)
            if want <= 0:
                break
            if top is not None:
                ids += _subtree(r.children, top, want)
            else:
                ids += _reach(adj, r.parent[node] or node, node, want)
        names = _names(m, ids)
        n = m.nodes[node]
        sv, en = (
            _counted(
                "analysis_cut",
                cut,
                lang,
                name=name_of(m, node, lang),
                names=join_names(_names(m, ids, lang), cut, lang),
            )
            for lang in ("sv", "en")
        )
        out.append(CutPoint(node, n.name, n.kind.value, cut, tuple(names), sv, en))
    out.sort(key=lambda c: (-c.cut_off, c.id))
    return out


def _reach(adj: dict[str, list[str]], start: str, avoid: str, limit: int) -> list[str]:
    """Up to ``limit`` ids reached from ``start`` without passing ``avoid`` (breadth first)."""
    out = [start]
    seen = {start, avoid}
    queue = deque([start])
    while queue and len(out) < limit:
        for nxt in adj[queue.popleft()]:
            if nxt not in seen and len(out) < limit:
                seen.add(nxt)
                out.append(nxt)
                queue.append(nxt)
    return out


def bridges(m: Map) -> list[Bridge]:
    """Single links whose loss would split the map, most nodes cut off first.

    ``cut_off`` counts the nodes on the smaller side, that would lose their connection
    with the rest.  ``types`` are the relation types between the two (in either
    direction).
    """
    adj = _neighbours(m)
    r = _dfs(adj)
    types: dict[frozenset[str], set[str]] = defaultdict(set)
    for e in m.edges:
        types[frozenset((e.source, e.target))].add(e.type)
    out: list[Bridge] = []
    for child, up in r.parent.items():
        if up is None or r.low[child] <= r.disc[up]:
            continue
        component = r.size[r.root[child]]
        below = r.size[child]
        cut = min(below, component - below)
        a, b = (child, up) if below <= component - below else (up, child)
        na, nb = m.nodes[a].name, m.nodes[b].name
        sv, en = (
            _counted("analysis_bridge", cut, lang, a=name_of(m, a, lang), b=name_of(m, b, lang))
            for lang in ("sv", "en")
        )
        kinds = tuple(sorted(types[frozenset((a, b))]))
        out.append(Bridge(a, b, na, nb, kinds, cut, sv, en))
    out.sort(key=lambda x: (-x.cut_off, x.source, x.target))
    return out


# --- paths to decision -----------------------------------------------------------------


def reaches_decision(m: Map) -> set[str]:
    """Ids of every node with a path to a decision body (decision bodies included).

    One breadth-first search backwards from every decision body over the steps that
    :func:`kartan.graph.decision_path` follows, so it agrees with it node by node.
    """
    back: dict[str, list[str]] = defaultdict(list)
    for e in m.edges:
        if e.source not in m.nodes or e.target not in m.nodes:
            continue
        if e.type in UP_FORWARD:
            back[e.target].append(e.source)
        if e.type in UP_BACKWARD:
            back[e.source].append(e.target)
    seen = {n.id for n in m.data.nodes if n.kind.value in DECISION_KINDS}
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for prev in back.get(node, ()):
            if prev not in seen:
                seen.add(prev)
                queue.append(prev)
    return seen


def without_path_to_decision(m: Map, *, kinds: frozenset[str] = PATH_KINDS) -> list[NodeBrief]:
    """Bodies of ``kinds`` (not external examples) with no path to any decision body."""
    ok = reaches_decision(m)
    return [
        NodeBrief(n.id, n.name, n.kind.value)
        for n in m.data.nodes
        if n.kind.value in kinds and not n.external and n.id not in ok
    ]


# --- themes, staleness, shared members ----------------------------------------------------


def themes_without_forum(m: Map) -> list[ThemeGap]:
    """Themes that no council, forum, network or working group works on."""
    arena: set[str] = set()
    count: dict[str, int] = defaultdict(int)
    for n in m.data.nodes:
        for theme_id in n.themes:
            count[theme_id] += 1
            if n.kind.value in ARENA_KINDS:
                arena.add(theme_id)
    out: list[ThemeGap] = []
    for t in m.data.themes:
        if t.id in arena:
            continue
        k = count[t.id]
        key = "analysis_theme_gap" if k else "analysis_theme_gap_none"
        sv = _counted(key, k, "sv", name=t.name)
        en = _counted(key, k, "en", name=t.name_en or t.name)
        out.append(ThemeGap(t.id, t.name, k, sv, en))
    return out


def stale_nodes(m: Map, today: dt.date, stale_days: int = STALE_DAYS) -> list[StaleNode]:
    """Nodes that need a review (:func:`kartan.staleness.is_stale`); oldest first."""
    out = [
        StaleNode(n.id, n.name, n.kind.value, n.reviewed, review_age(n.reviewed, today))
        for n in m.data.nodes
        if is_stale(n, today, stale_days)
    ]
    out.sort(key=lambda s: (s.reviewed is not None, s.reviewed or today, s.id))
    return out


def shared_members(m: Map, *, minimum: int = 1) -> list[SharedMembers]:
    """Pairs of arenas (councils, forums, networks, working groups) sharing members.

    Most shared members first; ``shared`` lists the member ids in id order.
    """
    bodies_of: dict[str, set[str]] = defaultdict(set)
    for n in m.data.nodes:
        if n.kind.value in ARENA_KINDS:
            for mem in n.members:
                bodies_of[mem.id].add(n.id)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for member, bodies in bodies_of.items():
        ordered = sorted(bodies)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)].add(member)
    out = [
        SharedMembers(a, b, tuple(sorted(ms))) for (a, b), ms in pairs.items() if len(ms) >= minimum
    ]
    out.sort(key=lambda p: (-len(p.shared), p.a, p.b))
    return out


# --------------------------------------------------------------------------- matters (issue 17)


@dataclass(frozen=True)
class ReportBackGap:
    """A body that received matters from the council, some never reported back."""

    body: str
    name: str
    sent: int
    without: tuple[str, ...]
    titles: tuple[str, ...]
    text: str
    text_en: str = ""


def matters_without_report_back(m: Map) -> list[ReportBackGap]:
    """Matters sent elsewhere and never seen again in the minutes, by receiving body.

    Only bodies with at least one such matter; the most first (see
    :func:`kartan.matters.report_back_by_body`).  On a map as of a date, the state is
    the state on that date.
    """
    from kartan.matters import report_back_by_body

    out = []
    for row in report_back_by_body(m, m.as_of):
        if not row.without_report_back:
            continue
        node = m.nodes.get(row.body)
        matters = [m.matters[i] for i in row.without_report_back]
        titles = tuple(x.title for x in matters)
        titles_en = "; ".join(x.title_en or x.title for x in matters)
        n, sent = len(matters), len(row.sent)
        key = key_for("analysis_report_back_gap", sent)
        out.append(
            ReportBackGap(
                row.body,
                node.name if node else row.body,
                sent,
                row.without_report_back,
                titles,
                text(key, "sv", n=n, sent=sent, titles="; ".join(titles)),
                text(key, "en", n=n, sent=sent, titles=titles_en),
            )
        )
    return out
