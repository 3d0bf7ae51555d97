"""The loaded map: the validated data file with indexes, and the map as it stood on a date."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol, TypeVar, cast

from kartan.labels import relation_family
from kartan.model import (
    MapFile,
    Meeting,
    Member,
    Node,
    Relation,
)


@dataclass(frozen=True)
class Edge:
    """One directed edge of the map: a relation, or a membership read as ``member_of``."""

    source: str
    target: str
    type: str
    label: str | None
    role: str | None
    inferred: bool
    sources: tuple[str, ...]
    valid_from: dt.date | None
    valid_until: dt.date | None
    key: str
    dates_inferred: bool = False

    @property
    def is_membership(self) -> bool:
        return self.type == "member_of"

    @property
    def family(self) -> str:
        """decision, raise, funding or collaboration (see ``kartan.labels.RELATION_FAMILY``)."""
        return relation_family(self.type)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_HasId)


def _by_id(items: Callable[[MapFile], Sequence[Item]]) -> cached_property[dict[str, Item]]:
    """A map's index by id of one list of its data file, made on first use."""

    def index(m: Map) -> dict[str, Item]:
        return {x.id: x for x in items(m.data)}

    return cached_property(index)


@dataclass(eq=False)
class Map:
    """A validated map with lookups by id.

    ``version`` identifies the data (a git commit or a content hash); ``as_of`` is set
    when this is the map as it stood on a date (see :meth:`at`).  ``lexicon_dir`` is the
    folder of the map's own lexicon (``lexicon.yaml`` beside the data file), None when the
    map uses the project's (see :func:`kartan.guide.default_lexicon`).
    """

    data: MapFile
    version: str = "unknown"
    as_of: dt.date | None = None
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    lexicon_dir: Path | None = None

    nodes = _by_id(lambda d: d.nodes)
    themes = _by_id(lambda d: d.themes)
    sources = _by_id(lambda d: d.sources)
    audiences = _by_id(lambda d: d.audiences)
    places = _by_id(lambda d: d.places)
    # matters the council handled (issue 17; views in :mod:`kartan.matters`)
    matters = _by_id(lambda d: d.matters)

    @property
    def title(self) -> str:
        return self.data.map.title

    @property
    def owner(self) -> str:
        return self.data.map.owner

    @cached_property
    def edges(self) -> list[Edge]:
        """Every edge: memberships (member -> body, ``member_of``) then relations."""
        out: list[Edge] = []
        for node in self.data.nodes:
            for i, m in enumerate(node.members):
                key = f"{node.id}/members/{i}"
                out.append(_edge(m, m.id, node.id, "member_of", m.role.value, key))
            for i, r in enumerate(node.relations):
                key = f"{node.id}/relations/{i}"
                out.append(_edge(r, node.id, r.to, r.type.value, None, key))
        return out

    @cached_property
    def outgoing(self) -> dict[str, list[Edge]]:
        """Every node's edges by their source (an empty list for a node without any)."""
        return self._edges_by(lambda e: e.source)

    @cached_property
    def incoming(self) -> dict[str, list[Edge]]:
        """Every node's edges by their target (an empty list for a node without any)."""
        return self._edges_by(lambda e: e.target)

    def _edges_by(self, end: Callable[[Edge], str]) -> dict[str, list[Edge]]:
        idx: dict[str, list[Edge]] = {n: [] for n in self.nodes}
        for e in self.edges:
            idx.setdefault(end(e), []).append(e)
        return idx

    @cached_property
    def meetings_by_id(self) -> dict[str, tuple[Node, Meeting]]:
        """Every meeting by id, with the node that organises it (used by matters)."""
        return {meeting.id: (node, meeting) for node, meeting in self.meetings()}

    def meetings(self) -> Iterator[tuple[Node, Meeting]]:
        """Every meeting with the node that organises it, in file order."""
        for node in self.data.nodes:
            for meeting in node.meetings:
                yield node, meeting

    def at(self, day: dt.date) -> Map:
        """Return the map as it stood on ``day``.

        Nodes, memberships and relations whose validity (``from``/``until``) excludes
        ``day`` are left out, and so is every edge to a node that is left out.

        >>> from kartan.model import example_file
        >>> m = Map(example_file(
        ...     {"id": "a", "kind": "council", "name": "A", "sources": ["s"],
        ...      "members": [{"id": "b", "until": "2022-12-31", "sources": ["s"]}]},
        ...     {"id": "b", "kind": "organisation", "name": "B", "sources": ["s"]}))
        >>> len(m.at(dt.date(2022, 6, 1)).edges), len(m.at(dt.date(2023, 6, 1)).edges)
        (1, 0)
        """
        kept = {n.id for n in self.data.nodes if n.valid_on(day)}
        nodes: list[Node] = []
        for n in self.data.nodes:
            if n.id not in kept:
                continue
            members = [m for m in n.members if m.id in kept and m.valid_on(day)]
            relations = [r for r in n.relations if r.to in kept and r.valid_on(day)]
            if len(members) == len(n.members) and len(relations) == len(n.relations):
                nodes.append(n)
            else:
                nodes.append(n.model_copy(update={"members": members, "relations": relations}))
        data = self.data.model_copy(update={"nodes": nodes})
        return Map(
            data,
            version=self.version,
            as_of=day,
            loaded_at=self.loaded_at,
            lexicon_dir=self.lexicon_dir,
        )

    def counts(self) -> dict[str, int]:
        """Numbers of nodes, memberships, relations, meetings, themes and sources."""
        members = sum(len(n.members) for n in self.data.nodes)
        relations = sum(len(n.relations) for n in self.data.nodes)
        return {
            "nodes": len(self.data.nodes),
            "members": members,
            "relations": relations,
            "edges": members + relations,
            "meetings": sum(len(n.meetings) for n in self.data.nodes),
            "themes": len(self.data.themes),
            "sources": len(self.data.sources),
            "audiences": len(self.data.audiences),
            "places": len(self.data.places),
            "matters": len(self.data.matters),
        }


# --------------------------------------------------------------------------- per-map memory

T = TypeVar("T")

# What depends only on a map (its search and guide indexes, who decides about a body, its
# layout ...) is worked out once per map object and kept while the map lives: a reload
# makes a new Map, so nothing is ever served from an older one.  Bounded per map.
MAX_REMEMBERED = 100_000


class _Memory:
    """What was remembered for one map, and a lock per name its misses are worked out under
    (a cold guide index does not hold up who decides about a body)."""

    __slots__ = ("lock", "locks", "values")

    def __init__(self) -> None:
        self.lock = threading.Lock()  # guards ``locks``
        self.locks: dict[Hashable, threading.RLock] = {}
        self.values: dict[tuple[Hashable, ...], object] = {}

    def lock_for(self, name: Hashable) -> threading.RLock:
        found = self.locks.get(name)
        if found is None:
            with self.lock:
                found = self.locks.setdefault(name, threading.RLock())
        return found

    def keep(self, key: tuple[Hashable, ...], value: object) -> None:
        """Keep ``value``; at the bound, what was kept under the same name goes first (many
        per-body answers never push out the map's indexes)."""
        if len(self.values) >= MAX_REMEMBERED:
            # a snapshot of the keys: other names' values are kept meanwhile, under their locks
            for old in [k for k in list(self.values) if k[0] == key[0]]:
                self.values.pop(old, None)
        self.values[key] = value


_MEMORY: weakref.WeakKeyDictionary[Map, _Memory] = weakref.WeakKeyDictionary()
_MEMORY_LOCK = threading.Lock()
_MISSING = object()


def remembered(
    m: Map,
    key: tuple[Hashable, ...],
    make: Callable[[], T],
    *,
    current: Callable[[T], bool] | None = None,
) -> T:
    """``make()``, worked out once per map object and ``key`` and kept while ``m`` lives.

    Thread-safe: a value is made once, under the map's lock for ``key[0]`` (``make`` may
    itself ask for other values of the same map), and read without a lock afterwards.  ``key[0]``
    names what is remembered (see :func:`forget`).  A value for which ``current(value)``
    is false is made again (the guide's index when its lexicon file was read anew).

    >>> from kartan.model import example_file
    >>> m = Map(example_file({"id": "a", "kind": "council", "name": "A", "sources": ["s"]}))
    >>> made = []
    >>> [remembered(m, ("names",), lambda: made.append(1) or sorted(m.nodes)) for _ in "ab"]
    [['a'], ['a']]
    >>> len(made)
    1
    """
    memory = _MEMORY.get(m)
    if memory is None:
        with _MEMORY_LOCK:
            memory = _MEMORY.setdefault(m, _Memory())
    found = memory.values.get(key, _MISSING)
    if found is not _MISSING and (current is None or current(cast(T, found))):
        return cast(T, found)
    with memory.lock_for(key[0]):
        found = memory.values.get(key, _MISSING)
        if found is not _MISSING and (current is None or current(cast(T, found))):
            return cast(T, found)
        value = make()
        memory.keep(key, value)
        return value


def recall(m: Map, key: tuple[Hashable, ...]) -> object | None:
    """What is remembered for ``m`` under ``key``, without making it; None when nothing."""
    memory = _MEMORY.get(m)
    return memory.values.get(key) if memory is not None else None


def forget(*names: Hashable, m: Map | None = None) -> None:
    """Forget what was remembered under ``names`` (the first part of each key; every
    name when none is given) for ``m``, or for every map when ``m`` is None (tests and
    benchmarks measure cold runs)."""
    with _MEMORY_LOCK:
        memories = [_MEMORY[m]] if m is not None and m in _MEMORY else []
        if m is None:
            memories = list(_MEMORY.values())
    for memory in memories:
        for key in [k for k in list(memory.values) if not names or k[0] in names]:
            with memory.lock_for(key[0]):
                memory.values.pop(key, None)


def _edge(
    item: Member | Relation, source: str, target: str, type_: str, role: str | None, key: str
) -> Edge:
    """The edge of a membership or a relation: its label, dates and sources as the file has them."""
    return Edge(
        source=source,
        target=target,
        type=type_,
        label=item.label,
        role=role,
        inferred=item.inferred,
        sources=tuple(item.sources),
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        key=key,
        dates_inferred=item.dates_inferred,
    )
