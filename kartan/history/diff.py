"""The semantic diff between two versions of the map: nodes, edges, meetings, catalogues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal, cast

from pydantic import BaseModel

from kartan.labels import RELATION_LABELS, ROLE_LABELS
from kartan.model import (
    MapFile,
    Meeting,
    Member,
    Node,
    Relation,
    iso_date,
    model_dump_yaml_ready,
)
from kartan.texts import counted
from kartan.texts import text as _t

EdgeChangeKind = Literal["added", "removed", "ended", "changed"]

# the catalogues of the data file compared by id; their headings are the texts diff_<key>
# (issue 17 added matters)
CATALOGUES: tuple[str, ...] = ("sources", "themes", "audiences", "places", "matters")

_SKIP_NODE_FIELDS = frozenset({"members", "relations", "meetings"})


class _Fields:
    """A dataclass of the diff whose JSON form is its fields in order (dates as
    ``YYYY-MM-DD``, tuples as lists, nested parts in their own JSON form)."""

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _json_ready(getattr(self, f.name)) for f in fields(cast(Any, self))}


def _json_ready(value: Any) -> Any:
    if isinstance(value, _Fields):
        return value.as_dict()
    if isinstance(value, tuple):
        return [_json_ready(x) for x in value]
    if isinstance(value, dt.date):
        return iso_date(value)
    return value


@dataclass(frozen=True)
class FieldChange(_Fields):
    """One field that differs: its YAML key, the old and the new JSON value."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class NodeRef(_Fields):
    """A node added or removed: its id, name and kind."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class NodeChange(_Fields):
    """A node present in both versions whose own fields differ."""

    id: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class EdgeChange:
    """A membership or relation added, removed, ended (``until`` set) or changed.

    As on the map's edges, a membership reads ``source`` (the member) ``member_of``
    ``target`` (the body); a relation reads ``source`` (the node that holds it) ``type``
    ``target``.
    """

    change: EdgeChangeKind
    source: str
    target: str
    type: str
    role: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    changes: tuple[FieldChange, ...] = ()
    label: str | None = None

    @property
    def is_membership(self) -> bool:
        return self.type == "member_of"

    def text(self, names: dict[str, str], lang: str = "sv") -> str:
        """A sentence: 'KFUM är medlem i Samverkansrådet (ledamot)'; the edge's own
        wording, when it has one, follows in quotes: '… samverkar med RF-SISU ("driver")'."""
        a, b = names.get(self.source, self.source), names.get(self.target, self.target)
        own = f' ("{self.label}")' if self.label and lang != "en" else ""
        i = 1 if lang == "en" else 0
        if self.is_membership:
            role = ROLE_LABELS[self.role][i] if self.role in ROLE_LABELS else self.role
            sentence = _t("diff_member_sentence", lang, a=a, b=b)
            return sentence + (f" ({role})" if role else "") + own
        phrase = RELATION_LABELS[self.type][i] if self.type in RELATION_LABELS else self.type
        return f"{a} {phrase} {b}{own}"

    def as_dict(self, names: dict[str, str]) -> dict[str, Any]:
        return {
            "change": self.change,
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "role": self.role,
            "valid_from": iso_date(self.valid_from),
            "valid_until": iso_date(self.valid_until),
            "label": self.label,
            "text": self.text(names),
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class MeetingChange(_Fields):
    """A meeting of a node added, removed or changed."""

    change: Literal["added", "removed", "changed"]
    node: str
    id: str
    title: str
    date: dt.date | None
    when: str | None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class CatalogueDiff(_Fields):
    """Entries of a catalogue (sources, themes, audiences, places) added, removed, changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class MapDiff:
    """What changed on the map between two versions of the data file."""

    nodes_added: list[NodeRef] = field(default_factory=list)
    nodes_removed: list[NodeRef] = field(default_factory=list)
    nodes_changed: list[NodeChange] = field(default_factory=list)
    members: list[EdgeChange] = field(default_factory=list)
    relations: list[EdgeChange] = field(default_factory=list)
    meetings: list[MeetingChange] = field(default_factory=list)
    header: list[FieldChange] = field(default_factory=list)
    catalogues: dict[str, CatalogueDiff] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    names_en: dict[str, str] = field(default_factory=dict)  # English names where given
    file_added: bool = False
    file_removed: bool = False

    @property
    def empty(self) -> bool:
        """True when the two versions hold the same map (formatting may differ)."""
        return not (
            self.nodes_added
            or self.nodes_removed
            or self.nodes_changed
            or self.members
            or self.relations
            or self.meetings
            or self.header
            or any(self.catalogues.values())
            or self.file_added
            or self.file_removed
        )

    def edges(
        self, kind: Literal["members", "relations"], change: EdgeChangeKind
    ) -> list[EdgeChange]:
        """The membership or relation changes of one kind, in file order."""
        return [e for e in getattr(self, kind) if e.change == change]

    def counts(self) -> dict[str, int]:
        """Numbers of changes of each kind (the JSON ``summary``)."""
        out = {
            "nodes_added": len(self.nodes_added),
            "nodes_removed": len(self.nodes_removed),
            "nodes_changed": len(self.nodes_changed),
        }
        for kind in ("members", "relations"):
            for change in ("added", "removed", "ended", "changed"):
                out[f"{kind}_{change}"] = len(self.edges(kind, change))
        for change in ("added", "removed", "changed"):
            out[f"meetings_{change}"] = sum(1 for m in self.meetings if m.change == change)
        return out

    def summary(self, lang: str = "sv") -> str:
        """A one-line summary: '1 nod tillagd, 1 medlemskap avslutat' (Swedish by default)."""
        if self.file_removed:
            return _t("sum_file_removed", lang)
        parts: list[str] = []
        c = self.counts()
        for key in _SUMMARY_KEYS:
            n = c.get(key, 0)
            if n:
                parts.append(counted(f"sum_{key}", n, lang))
        n_header = len(self.header) + sum(
            len(d.added) + len(d.removed) + len(d.changed) for d in self.catalogues.values()
        )
        if n_header:
            parts.append(counted("sum_catalogues", n_header, lang))
        if self.file_added:
            return _t("sum_file_added", lang) + (": " + ", ".join(parts) if parts else "")
        return ", ".join(parts) if parts else _t("sum_none", lang)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (``kartan diff --format json`` and ``/api/changes``)."""
        return {
            "empty": self.empty,
            "summary": self.summary(),
            "counts": self.counts(),
            "file_added": self.file_added,
            "file_removed": self.file_removed,
            "nodes": {
                "added": [n.as_dict() for n in self.nodes_added],
                "removed": [n.as_dict() for n in self.nodes_removed],
                "changed": [n.as_dict() for n in self.nodes_changed],
            },
            "members": [e.as_dict(self.names) for e in self.members],
            "relations": [e.as_dict(self.names) for e in self.relations],
            "meetings": [m.as_dict() for m in self.meetings],
            "map": [c.as_dict() for c in self.header],
            "catalogues": {k: d.as_dict() for k, d in self.catalogues.items() if d},
        }


_SUMMARY_KEYS: tuple[str, ...] = (
    "nodes_added",
    "nodes_removed",
    "nodes_changed",
    "members_added",
    "members_ended",
    "members_removed",
    "members_changed",
    "relations_added",
    "relations_ended",
    "relations_removed",
    "relations_changed",
    "meetings_added",
    "meetings_removed",
    "meetings_changed",
)


def field_changes(old: BaseModel, new: BaseModel, *, skip: Iterable[str] = ()) -> list[FieldChange]:
    """The fields (YAML keys) whose values differ between two models of one type.

    >>> from kartan.model import Theme
    >>> field_changes(Theme(id="k", name="Klimat"), Theme(id="k", name="Klimat och miljö"))
    [FieldChange(field='name', old='Klimat', new='Klimat och miljö')]
    """
    skipped = set(skip)
    a, b = model_dump_yaml_ready(old), model_dump_yaml_ready(new)
    keys = [k for k in b if k not in skipped] + [k for k in a if k not in b and k not in skipped]
    order = {alias: i for i, alias in enumerate(_aliases(type(new)))}
    keys.sort(key=lambda k: order.get(k, len(order)))
    return [FieldChange(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)]


def _aliases(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_T = Any


def _pair(
    old: Sequence[_T], new: Sequence[_T], keys: Sequence[Callable[[_T], Any]]
) -> tuple[list[tuple[_T, _T]], list[_T], list[_T]]:
    """Match items of two lists: equal ones first, then by each key in turn, in order.

    Returns (matched pairs, only in old, only in new).
    """
    left = list(old)
    right = list(new)
    pairs: list[tuple[_T, _T]] = []
    for key in (lambda x: x, *keys):
        rest: list[_T] = []
        for item in left:
            k = key(item)
            j = next((i for i, other in enumerate(right) if key(other) == k), None)
            if j is None:
                rest.append(item)
            else:
                pairs.append((item, right.pop(j)))
        left = rest
    return pairs, left, right


def _edge(change: EdgeChangeKind, holder: str, item: Member | Relation, **kw: Any) -> EdgeChange:
    if isinstance(item, Member):
        source, target, type_, role = item.id, holder, "member_of", item.role.value
    else:
        source, target, type_, role = holder, item.to, item.type.value, None
    return EdgeChange(
        change,
        source,
        target,
        type_,
        role,
        item.valid_from,
        item.valid_until,
        label=item.label,
        **kw,
    )


def _edges_diff(
    holder: str,
    old: Sequence[Member] | Sequence[Relation],
    new: Sequence[Member] | Sequence[Relation],
) -> list[EdgeChange]:
    def target(x: Any) -> Any:
        return x.id if isinstance(x, Member) else (x.type, x.to)

    def with_role(x: Any) -> Any:
        return (target(x), getattr(x, "role", None))

    def with_start(x: Any) -> Any:
        return (with_role(x), x.valid_from)

    pairs, removed, added = _pair(old, new, (with_start, with_role, target))
    out: list[EdgeChange] = []
    for a, b in pairs:
        if a == b:
            continue
        changes = tuple(field_changes(a, b))
        ended = a.valid_until is None and b.valid_until is not None
        out.append(_edge("ended" if ended else "changed", holder, b, changes=changes))
    out.extend(_edge("removed", holder, x) for x in removed)
    out.extend(_edge("added", holder, x) for x in added)
    return out


def _meetings_diff(
    holder: str, old: Sequence[Meeting], new: Sequence[Meeting]
) -> list[MeetingChange]:
    before = {m.id: m for m in old}
    after = {m.id: m for m in new}
    out: list[MeetingChange] = []
    for mid, m in after.items():
        if mid not in before:
            out.append(MeetingChange("added", holder, mid, m.title, m.date, m.when))
        elif before[mid] != m:
            changes = tuple(field_changes(before[mid], m))
            out.append(MeetingChange("changed", holder, mid, m.title, m.date, m.when, changes))
    for mid, m in before.items():
        if mid not in after:
            out.append(MeetingChange("removed", holder, mid, m.title, m.date, m.when))
    return out


def _catalogue_diff(old: Sequence[Any], new: Sequence[Any]) -> CatalogueDiff:
    before = {x.id: x for x in old}
    after = {x.id: x for x in new}
    return CatalogueDiff(
        added=tuple(k for k in after if k not in before),
        removed=tuple(k for k in before if k not in after),
        changed=tuple(k for k in after if k in before and after[k] != before[k]),
    )


def _ref(node: Node) -> NodeRef:
    return NodeRef(node.id, node.name, node.kind.value)


def diff_maps(old: MapFile | None, new: MapFile | None) -> MapDiff:
    """The semantic difference between two versions of the map (``None``: no file).

    A membership or relation is the same item in both versions when it has the same
    holder, target, type (and role); one that gains an ``until`` date is reported as
    ``ended``, other differences as ``changed`` with the fields that differ.
    """
    diff = MapDiff(
        file_added=old is None and new is not None, file_removed=old is not None and new is None
    )
    old_nodes = {n.id: n for n in old.nodes} if old else {}
    new_nodes = {n.id: n for n in new.nodes} if new else {}
    diff.names = {i: n.name for i, n in old_nodes.items()}
    diff.names.update({i: n.name for i, n in new_nodes.items()})
    for nodes in (old_nodes, new_nodes):
        diff.names_en.update({i: n.name_en for i, n in nodes.items() if n.name_en})
    diff.nodes_added = [_ref(n) for i, n in new_nodes.items() if i not in old_nodes]
    diff.nodes_removed = [_ref(n) for i, n in old_nodes.items() if i not in new_nodes]
    for i, b in new_nodes.items():
        a = old_nodes.get(i)
        members_a = a.members if a else []
        relations_a = a.relations if a else []
        meetings_a = a.meetings if a else []
        if a is not None and a != b:
            changes = field_changes(a, b, skip=_SKIP_NODE_FIELDS)
            if changes:
                diff.nodes_changed.append(NodeChange(i, b.name, tuple(changes)))
        diff.members.extend(_edges_diff(i, members_a, b.members))
        diff.relations.extend(_edges_diff(i, relations_a, b.relations))
        diff.meetings.extend(_meetings_diff(i, meetings_a, b.meetings))
    for i, a in old_nodes.items():
        if i not in new_nodes:
            diff.members.extend(_edges_diff(i, a.members, []))
            diff.relations.extend(_edges_diff(i, a.relations, []))
            diff.meetings.extend(_meetings_diff(i, a.meetings, []))
    if old is not None and new is not None:
        diff.header = field_changes(old.map, new.map)
        if old.schema_version != new.schema_version:
            diff.header.append(
                FieldChange("schema_version", old.schema_version, new.schema_version)
            )
    for key in CATALOGUES:
        diff.catalogues[key] = _catalogue_diff(
            getattr(old, key) if old else [], getattr(new, key) if new else []
        )
    return diff
