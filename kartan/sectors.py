"""Which sector of society each body belongs to, for the map's regions.

The map is drawn in labelled regions (see :mod:`kartan.layout`): the municipality, the
politics, civil society, region and state, business, and in the middle the shared forums
where the sectors meet.  A body's sector comes from its kind where the kind says it
(:data:`KIND_SECTOR`), and otherwise from the data's own relations, so no new data field
and no guess is needed:

* **The data's** ``sector`` where the kind is not enough (the municipality as a whole, the
  municipality's companies, an organisation's function), backed by the node's sources.
* **Arenas** (forums, networks, working groups): the sector of their members and
  participants when they all come from one sector (a network of associations is civil
  society), otherwise the shared forums.  The council and steering bodies are always
  shared forums.
* **Initiatives, events, tools and methods**: the sector of the body that runs,
  organises, funds or decides on them, or that they are part of (in that order), else
  of the majority of their neighbours; else the shared forums.

Each derived sector keeps the relation it was read from (:attr:`Sector.via` and its
sources), so the map can say why a body stands where it stands.

>>> from kartan.model import MapFile
>>> from kartan.map import Map
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "ks"},
...        "sources": [{"id": "s", "title": "S"}],
...        "nodes": [{"id": "ks", "kind": "decision_body", "name": "KS", "sources": ["s"]},
...                  {"id": "p", "kind": "program", "name": "P", "sources": ["s"],
...                   "relations": [{"type": "part_of", "to": "ks", "sources": ["s 1"]}]},
...                  {"id": "n", "kind": "network", "name": "N", "sources": ["s"],
...                   "members": [{"id": "f", "sources": ["s"]}]},
...                  {"id": "f", "kind": "organisation", "name": "F", "sources": ["s"]}]}
>>> found = sectors(Map(MapFile.model_validate(raw)))
>>> {k: v.sector for k, v in sorted(found.items())}
{'f': 'civil', 'ks': 'politics', 'n': 'civil', 'p': 'politics'}
>>> found["p"].via, found["p"].sources
('ks', ('s 1',))
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kartan.map import Edge, Map

# Sectors in the order of the legend; "forums" is the middle of the map.
SECTORS: tuple[str, ...] = ("forums", "politics", "municipality", "civil", "state", "business")

KIND_SECTOR: dict[str, str] = {
    "decision_body": "politics",
    "party": "politics",
    "administration": "municipality",
    "unit": "municipality",
    "function": "municipality",
    "organisation": "civil",
    "company": "business",
    "public_body": "state",
    "council": "forums",
    "steering_body": "forums",
}
ARENA_KINDS: frozenset[str] = frozenset({"forum", "network", "working_group"})

# Relations that say who owns an initiative: (type, direction seen from the initiative).
_OWNER_RELATIONS: tuple[tuple[str, str], ...] = (
    ("responsible_for", "in"),
    ("organises", "in"),
    ("administers", "in"),
    ("funds", "in"),
    ("decides_on", "in"),
    ("part_of", "out"),
    ("party_to", "in"),
)
_SEAT_TYPES: frozenset[str] = frozenset({"member_of", "participates_in", "party_to"})


@dataclass(frozen=True)
class Sector:
    """A body's sector, and the body and sources it was read from (None: from its kind)."""

    sector: str
    via: str | None = None
    sources: tuple[str, ...] = ()


def sectors(m: Map) -> dict[str, Sector]:
    """The sector of every node of ``m`` (deterministic)."""
    out: dict[str, Sector] = {}
    for node_id in sorted(m.nodes):
        node = m.nodes[node_id]
        if node.sector is not None:
            out[node_id] = Sector(node.sector.value, node_id, tuple(node.sources))
            continue
        sector = KIND_SECTOR.get(node.kind.value)
        if sector is not None:
            out[node_id] = Sector(sector)
    for node_id in sorted(m.nodes):
        if node_id not in out and m.nodes[node_id].kind.value in ARENA_KINDS:
            out[node_id] = _arena_sector(m, node_id, out)
    for node_id in sorted(m.nodes):
        if node_id not in out:
            out[node_id] = _owned_sector(m, node_id, out)
    return out


def _arena_sector(m: Map, node_id: str, known: dict[str, Sector]) -> Sector:
    seats = [e for e in m.incoming.get(node_id, ()) if e.type in _SEAT_TYPES]
    found = {known[e.source].sector for e in seats if e.source in known}
    if len(found) == 1:
        first = min((e for e in seats if e.source in known), key=lambda e: e.key)
        return Sector(found.pop(), first.source, first.sources)
    return Sector("forums")


def _owned_sector(m: Map, node_id: str, known: dict[str, Sector]) -> Sector:
    incoming = sorted(m.incoming.get(node_id, ()), key=lambda e: e.key)
    outgoing = sorted(m.outgoing.get(node_id, ()), key=lambda e: e.key)
    for rel_type, direction in _OWNER_RELATIONS:
        edges: list[Edge] = incoming if direction == "in" else outgoing
        for e in edges:
            other = e.source if direction == "in" else e.target
            if e.type == rel_type and other in known:
                return Sector(known[other].sector, other, e.sources)
    votes: Counter[str] = Counter()
    first: dict[str, Edge] = {}
    for e in (*incoming, *outgoing):
        other = e.target if e.source == node_id else e.source
        if other in known:
            sector = known[other].sector
            votes[sector] += 1
            first.setdefault(sector, e)
    if votes:
        best = max(SECTORS, key=lambda s: (votes[s], -SECTORS.index(s)))
        e = first[best]
        return Sector(best, e.target if e.source == node_id else e.source, e.sources)
    return Sector("forums")
