"""kartan.analysis checked against networkx and brute force, on random and synthetic maps."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import networkx as nx
import pytest

from benchmarks.synth import generate
from kartan import analysis as an
from kartan.graph import decision_path
from kartan.map import Map
from kartan.model import MapFile, example_file

KINDS = ["organisation", "council", "forum", "network", "project", "decision_body", "event"]
TYPES = ["part_of", "sends_matters_to", "collaborates_with", "responsible_for", "decides_on"]


def random_map(seed: int, n: int = 18, edges: int = 20) -> Map:
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [
        {
            "id": f"n{i}",
            "kind": rng.choice(KINDS),
            "name": f"Nod {i}",
            "sources": ["s"],
            "themes": rng.sample(["a", "b", "c"], rng.randint(0, 2)),
            "relations": [],
            "members": [],
        }
        for i in range(n)
    ]
    for _ in range(edges):
        a, b = rng.sample(range(n), 2)
        if rng.random() < 0.3:
            if all(m["id"] != f"n{a}" for m in nodes[b]["members"]):
                nodes[b]["members"].append({"id": f"n{a}", "sources": ["s"]})
        else:
            nodes[a]["relations"].append(
                {"type": rng.choice(TYPES), "to": f"n{b}", "sources": ["s"]}
            )
    raw = {
        "schema_version": 1,
        "map": {"title": "T", "owner": "n0"},
        "sources": [{"id": "s", "title": "S"}],
        "themes": [{"id": t, "name": t.upper()} for t in "abcd"],
        "nodes": nodes,
    }
    return Map(MapFile.model_validate(raw))


def simple(m: Map) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(m.nodes)
    g.add_edges_from((e.source, e.target) for e in m.edges if e.source != e.target)
    return g


def cut_off_brute(g: nx.Graph, node: str) -> int:
    component = nx.node_connected_component(g, node)
    h = g.subgraph(component - {node})
    sizes = sorted((len(c) for c in nx.connected_components(h)), reverse=True)
    return sum(sizes[1:])


@pytest.mark.parametrize("seed", range(40))
def test_articulation_points_and_bridges_match_networkx(seed: int) -> None:
    m = random_map(seed)
    g = simple(m)
    cuts = an.articulation_points(m)
    assert {c.id for c in cuts} == set(nx.articulation_points(g))
    for c in cuts:
        assert c.cut_off == cut_off_brute(g, c.id), c
        assert 0 < len(c.examples) <= min(c.cut_off, an.EXAMPLES)
    found = {frozenset((b.source, b.target)) for b in an.bridges(m)}
    assert found == {frozenset(e) for e in nx.bridges(g)}
    for b in an.bridges(m):
        h = g.copy()
        h.remove_edge(b.source, b.target)
        assert b.cut_off == len(nx.node_connected_component(h, b.source))
        assert b.cut_off <= len(nx.node_connected_component(h, b.target))


@pytest.mark.parametrize("seed", range(40))
def test_reaches_decision_agrees_with_decision_path(seed: int) -> None:
    m = random_map(seed, edges=26)
    ok = an.reaches_decision(m)
    for node_id in m.nodes:
        assert (node_id in ok) == (decision_path(m, node_id) is not None), node_id
    orphans = {n.id for n in an.without_path_to_decision(m)}
    assert orphans == {
        n.id
        for n in m.data.nodes
        if n.kind.value in an.PATH_KINDS and decision_path(m, n.id) is None
    }


@pytest.mark.parametrize("seed", range(10))
def test_themes_without_forum_and_shared_members(seed: int) -> None:
    m = random_map(seed)
    arenas = [n for n in m.data.nodes if n.kind.value in ("council", "forum", "network")]
    covered = {t for n in arenas for t in n.themes}
    assert {t.id for t in an.themes_without_forum(m)} == {"a", "b", "c", "d"} - covered
    assert "d" in {t.id for t in an.themes_without_forum(m)}  # no node has theme d
    pairs = {(p.a, p.b): set(p.shared) for p in an.shared_members(m)}
    for i, x in enumerate(arenas):
        for y in arenas[i + 1 :]:
            a, b = sorted((x.id, y.id))
            shared = {mm.id for mm in x.members} & {mm.id for mm in y.members}
            assert pairs.get((a, b), set()) == shared


def test_stale_nodes() -> None:
    m = Map(
        example_file(
            {"id": "a", "kind": "council", "name": "A", "sources": ["s"], "reviewed": "2024-01-01"},
            {"id": "b", "kind": "council", "name": "B", "sources": ["s"], "reviewed": "2022-01-01"},
            {"id": "c", "kind": "council", "name": "C", "sources": ["s"]},
            {"id": "d", "kind": "council", "name": "D", "sources": ["s"], "external": True},
        )
    )
    today = dt.date(2024, 6, 1)
    assert [(s.id, s.days) for s in an.stale_nodes(m, today)] == [("c", None), ("b", 882)]
    assert [s.id for s in an.stale_nodes(m, today, stale_days=100)] == ["c", "b", "a"]


def test_large_synthetic_map_is_fast_enough_to_compute() -> None:
    """The iterative DFS handles a 3,000-node map (no recursion limit)."""
    m = Map(MapFile.model_validate(generate(3000)))
    g = simple(m)
    assert {c.id for c in an.articulation_points(m)} == set(nx.articulation_points(g))
    assert len(an.bridges(m)) == sum(1 for _ in nx.bridges(g))
