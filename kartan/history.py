"""History of the data file: git revisions, the semantic diff between two maps, staleness.

The semantic diff compares two versions of the map as data, not as lines: nodes added,
removed and changed field by field; memberships and relations added, removed, changed
or ended (an ``until`` set); meetings added, removed or changed; and entries added to or
removed from the catalogues (sources, themes, audiences, places).  It renders in Swedish
as plain text (for a terminal), Markdown (for a pull request) and JSON.

Git is used through its command line (``git show``, ``git log --follow``); every git
failure is one of the exceptions below, so callers can answer without git.

Examples
--------
>>> from kartan.model import MapFile
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "a"},
...        "sources": [{"id": "s", "title": "S"}],
...        "nodes": [{"id": "a", "kind": "council", "name": "Rådet", "sources": ["s"]}]}
>>> old = MapFile.model_validate(raw)
>>> raw["nodes"][0]["description"] = "Ett råd."
>>> print(render_text(diff_maps(old, MapFile.model_validate(raw))))
Ändrade noder (1):
  ~ Rådet (a)
      beskrivning (description): (tomt) → "Ett råd."
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from kartan.labels import KIND_LABELS, RELATION_LABELS, ROLE_LABELS
from kartan.model import MapFile, Meeting, Member, Node, Relation
from kartan.texts import TEXTS, counted
from kartan.texts import text as _t

DEFAULT_STALE_DAYS = 365
GIT_TIMEOUT = 30.0
WORKING_TREE = "arbetskopian"

EdgeChangeKind = Literal["added", "removed", "ended", "changed"]

# Swedish names of the YAML keys shown in a diff ("beskrivning (description)").
FIELD_LABELS: dict[str, str] = {
    "id": "id",
    "kind": "typ",
    "name": "namn",
    "name_en": "namn på engelska",
    "aliases": "andra namn",
    "description": "beskrivning",
    "description_en": "beskrivning på engelska",
    "themes": "teman",
    "audiences": "målgrupper",
    "entry_point": "ingång",
    "how_to_take_part": "så deltar man",
    "meets": "möts",
    "contact": "kontakt",
    "url": "webbadress",
    "external": "extern",
    "sector": "sektor",
    "inferred": "tolkat",
    "reviewed": "senast granskad",
    "note": "anmärkning",
    "sources": "källor",
    "from": "från",
    "until": "till och med",
    "role": "roll",
    "label": "benämning",
    "vacant": "vakant",
    "type": "relationstyp",
    "to": "till",
    "title": "titel",
    "title_en": "titel på engelska",
    "owner": "ägare",
    "owner_sources": "källor för ägaren",
    "date": "datum",
    "end_date": "slutdatum",
    "when": "när",
    "time": "tid",
    "place": "plats",
    "place_note": "om platsen",
    "status": "status",
    "about": "handlar om",
    "date_note": "om datumet",
    "file": "fil",
    "address": "adress",
}

CATALOGUES: tuple[tuple[str, str], ...] = (
    ("sources", "Källor"),
    ("themes", "Teman"),
    ("audiences", "Målgrupper"),
    ("places", "Platser"),
    ("matters", "Ärenden"),  # issue 17: a matter added, removed or changed, by id
)

_BARE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # ids and dates go unquoted
_SKIP_NODE_FIELDS = frozenset({"members", "relations", "meetings"})


# --------------------------------------------------------------------------- errors


class HistoryError(Exception):
    """Base class of the errors of this module."""


class GitUnavailableError(HistoryError):
    """git is not installed, or the folder is not inside a git repository."""


class UnknownRevisionError(HistoryError):
    """The revision does not name a commit of the repository."""

    def __init__(self, rev: str) -> None:
        self.rev = rev
        super().__init__(f"okänd revision '{rev}' (unknown revision)")


# --------------------------------------------------------------------------- the diff


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its YAML key, the old and the new JSON value."""

    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class NodeRef:
    """A node added or removed: its id, name and kind."""

    id: str
    name: str
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class NodeChange:
    """A node present in both versions whose own fields differ."""

    id: str
    name: str
    changes: tuple[FieldChange, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "changes": [c.as_dict() for c in self.changes]}


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
            "valid_from": _iso(self.valid_from),
            "valid_until": _iso(self.valid_until),
            "label": self.label,
            "text": self.text(names),
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class MeetingChange:
    """A meeting of a node added, removed or changed."""

    change: Literal["added", "removed", "changed"]
    node: str
    id: str
    title: str
    date: dt.date | None
    when: str | None
    changes: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "node": self.node,
            "id": self.id,
            "title": self.title,
            "date": _iso(self.date),
            "when": self.when,
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class CatalogueDiff:
    """Entries of a catalogue (sources, themes, audiences, places) added, removed, changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
        }


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


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _dump(model: BaseModel) -> dict[str, Any]:
    """A model as JSON values keyed by YAML key, defaults left out."""
    return model.model_dump(by_alias=True, exclude_defaults=True, mode="json")


def field_changes(old: BaseModel, new: BaseModel, *, skip: Iterable[str] = ()) -> list[FieldChange]:
    """The fields (YAML keys) whose values differ between two models of one type.

    >>> from kartan.model import Theme
    >>> field_changes(Theme(id="k", name="Klimat"), Theme(id="k", name="Klimat och miljö"))
    [FieldChange(field='name', old='Klimat', new='Klimat och miljö')]
    """
    skipped = set(skip)
    a, b = _dump(old), _dump(new)
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
    for key, _label in CATALOGUES:
        diff.catalogues[key] = _catalogue_diff(
            getattr(old, key) if old else [], getattr(new, key) if new else []
        )
    return diff


# --------------------------------------------------------------------------- rendering


def _value(value: Any, lang: str = "sv") -> str:
    """A JSON value as short text: (tomt), ja/nej, lists joined, text quoted."""
    if value is None or value == [] or value == {}:
        return _t("diff_empty_value", lang)
    if isinstance(value, bool):
        return _t("diff_yes" if value else "diff_no", lang)
    if isinstance(value, list):
        return ", ".join(_value(v, lang) if isinstance(v, dict | list) else str(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v, lang)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and _BARE.fullmatch(value):
        return value
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def field_label(key: str, lang: str = "sv") -> str:
    """'beskrivning (description)': the Swedish name with the YAML key (English: the key)."""
    sv = FIELD_LABELS.get(key)
    if lang == "en":
        return key
    return f"{sv} ({key})" if sv and sv != key else key


def _change_line(c: FieldChange, lang: str = "sv") -> str:
    label = field_label(c.field, lang)
    if c.field == "kind":
        i = 1 if lang == "en" else 0
        old = KIND_LABELS.get(str(c.old), (str(c.old), str(c.old)))[i] if c.old else None
        new = KIND_LABELS.get(str(c.new), (str(c.new), str(c.new)))[i] if c.new else None
        return f"{label}: {_value(old, lang)} → {_value(new, lang)}"
    return f"{label}: {_value(c.old, lang)} → {_value(c.new, lang)}"


def _validity(e: EdgeChange, lang: str = "sv") -> str:
    parts = []
    if e.valid_from:
        parts.append(_t("diff_from", lang, d=e.valid_from.isoformat()))
    if e.valid_until:
        parts.append(_t("diff_until", lang, d=e.valid_until.isoformat()))
    return f", {' '.join(parts)}" if parts else ""


def _node_name(ref: NodeRef, names: dict[str, str], lang: str = "sv") -> str:
    kind = KIND_LABELS.get(ref.kind, (ref.kind, ref.kind))[1 if lang == "en" else 0]
    return f"{names.get(ref.id, ref.name) if lang == 'en' else ref.name} ({ref.id}, {kind})"


def _meeting_text(
    m: MeetingChange, names: dict[str, str], meetings: dict[str, tuple[str, str | None]]
) -> str:
    """'Title (date), organiser'; ``meetings``: English (title, when) by meeting id."""
    title, when_text = meetings.get(m.id, (m.title, m.when))
    when = m.date.isoformat() if m.date else (when_text or m.when or "")
    return f"{title} ({when}), {names.get(m.node, m.node)}"


@dataclass(frozen=True)
class DiffRow:
    """One line of a rendered diff: a sign (+ - ~ ×), the sentence and its details."""

    sign: str
    text: str
    details: tuple[str, ...] = ()
    code: bool = False  # the text is an id (a catalogue entry), shown as code
    # parts of ``text`` to mark on a page: (substring, "code") for ids, (substring, "sv")
    # for a Swedish name or title inside an English sentence
    marks: tuple[tuple[str, str], ...] = ()

    @property
    def change(self) -> str:
        """The change as a word for CSS classes: added, removed, changed or ended."""
        return {"+": "added", "-": "removed", "~": "changed", "×": "ended"}[self.sign]


@dataclass(frozen=True)
class DiffSection:
    """A heading ('Tillagda noder (2)') and its rows; a section with no rows is a notice."""

    heading: str
    rows: tuple[DiffRow, ...] = ()


def diff_sections(
    diff: MapDiff,
    lang: str = "sv",
    *,
    english: tuple[dict[str, str], dict[str, tuple[str, str | None]]] | None = None,
) -> list[DiffSection]:
    """The diff as sections in reading order (used by every renderer), Swedish by default.

    ``english``: in English, the names of nodes and the (title, when) of meetings to use
    by id, e.g. the current map's, for revisions written before their English existed.
    """
    names = {**diff.names, **diff.names_en} if lang == "en" else diff.names
    meetings: dict[str, tuple[str, str | None]] = {}
    if lang == "en" and english is not None:
        names = {**names, **english[0]}
        meetings = english[1]
    out: list[DiffSection] = []

    def add(key: str, rows: list[DiffRow], label: str = "") -> None:
        if rows:
            heading = _t(key, lang) if key in TEXTS or not label else label
            out.append(DiffSection(f"{heading} ({len(rows)})", tuple(rows)))

    def lines(changes: Iterable[FieldChange]) -> tuple[str, ...]:
        return tuple(_change_line(f, lang) for f in changes)

    english_ids = set(diff.names_en) | (set(english[0]) if english else set())

    def marks(ids: Iterable[str], *texts: str | None) -> tuple[tuple[str, str], ...]:
        """On an English page: ids as code, names without English and ``texts`` as Swedish."""
        if lang != "en":
            return ()
        out = [(i, "code") for i in ids if "-" in i]
        out += [(names.get(i, i), "sv") for i in ids if i not in english_ids]
        return tuple(out) + tuple((t, "sv") for t in texts if t)

    def meeting_marks(m: MeetingChange) -> tuple[tuple[str, str], ...]:
        if m.id in meetings:
            return marks([m.node])
        return marks([m.node], m.title, None if m.date else m.when)

    if diff.file_added:
        out.append(DiffSection(_t("diff_file_added", lang)))
    if diff.file_removed:
        out.append(DiffSection(_t("diff_file_removed", lang)))
    add(
        "diff_nodes_added",
        [DiffRow("+", _node_name(n, names, lang), marks=marks([n.id])) for n in diff.nodes_added],
    )
    add(
        "diff_nodes_removed",
        [DiffRow("-", _node_name(n, names, lang), marks=marks([n.id])) for n in diff.nodes_removed],
    )
    add(
        "diff_nodes_changed",
        [
            DiffRow(
                "~", f"{names.get(c.id, c.name)} ({c.id})", lines(c.changes), marks=marks([c.id])
            )
            for c in diff.nodes_changed
        ],
    )
    edge_kinds: tuple[Literal["members", "relations"], ...] = ("members", "relations")
    changes: tuple[tuple[EdgeChangeKind, str], ...] = (
        ("added", "+"),
        ("ended", "×"),
        ("removed", "-"),
        ("changed", "~"),
    )
    for kind in edge_kinds:
        for change, sign in changes:
            rows = [
                DiffRow(
                    sign,
                    e.text(names, lang) + _validity(e, lang),
                    lines(e.changes) if change == "changed" else (),
                    marks=marks([e.source, e.target]),
                )
                for e in diff.edges(kind, change)
            ]
            add(f"diff_{kind}_{change}", rows)
    for change, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        add(
            f"diff_meetings_{change}",
            [
                DiffRow(
                    sign,
                    _meeting_text(m, names, meetings),
                    lines(m.changes),
                    marks=meeting_marks(m),
                )
                for m in diff.meetings
                if m.change == change
            ],
        )
    add("diff_header", [DiffRow("~", _change_line(c, lang)) for c in diff.header])
    for key, label in CATALOGUES:
        d = diff.catalogues.get(key)
        if not d:
            continue
        rows = [DiffRow("+", i, code=True) for i in d.added]
        rows += [DiffRow("-", i, code=True) for i in d.removed]
        rows += [DiffRow("~", i, code=True) for i in d.changed]
        add(f"diff_{key}", rows, label)
    return out


NO_CHANGES = "Inga ändringar i kartans innehåll."


def render_text(diff: MapDiff, *, title: str | None = None) -> str:
    """The diff as plain Swedish text for a terminal."""
    lines: list[str] = [title] if title else []
    sections = diff_sections(diff)
    if not sections:
        lines.append(NO_CHANGES)
    for section in sections:
        lines.append(f"{section.heading}:" if section.rows else section.heading)
        for row in section.rows:
            lines.append(f"  {row.sign} {row.text}")
            lines.extend(f"      {d}" for d in row.details)
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


_MD_MARKS = {"+": "➕", "-": "➖", "~": "✏️", "×": "⏹️"}


def render_markdown(diff: MapDiff, *, title: str | None = None) -> str:
    """The diff as Markdown in Swedish, for a pull-request comment or job summary."""
    lines: list[str] = [f"### {_md(title)}", ""] if title else []
    sections = diff_sections(diff)
    if not sections:
        lines.append(NO_CHANGES)
    else:
        lines.append(f"**Sammanfattning:** {_md(diff.summary())}")
    for section in sections:
        lines += ["", f"#### {_md(section.heading)}"]
        if section.rows:
            lines.append("")
        for row in section.rows:
            lines.append(f"- {_MD_MARKS[row.sign]} {_md(row.text)}")
            lines.extend(f"  - {_md(d)}" for d in row.details)
    return "\n".join(lines) + "\n"


def render_json(diff: MapDiff, **extra: Any) -> str:
    """The diff as JSON (``extra`` keys first, e.g. the revisions compared)."""
    return json.dumps({**extra, **diff.as_dict()}, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- git


@dataclass(frozen=True)
class Revision:
    """One commit that changed the data file: id, date, subject and the file's path then."""

    rev: str
    date: dt.datetime
    message: str
    path: str

    @property
    def short(self) -> str:
        return self.rev[:10]

    def as_dict(self) -> dict[str, Any]:
        return {
            "revision": self.rev,
            "short": self.short,
            "date": self.date.isoformat(),
            "message": self.message,
            "path": self.path,
        }


def _git(
    repo_dir: str | Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo_dir``; raise :class:`GitUnavailableError` when git cannot run."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(repo_dir), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env=_git_env(),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitUnavailableError(f"git kan inte köras: {exc}") from exc
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message.lower():
            raise GitUnavailableError(f"inget git-arkiv: {repo_dir}")
        raise HistoryError(message or f"git {args[0]} misslyckades")
    return proc


def _git_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update({"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"})
    return env


def repo_root(repo_dir: str | Path) -> Path:
    """The top folder of the git repository holding ``repo_dir``."""
    proc = _git(repo_dir, "rev-parse", "--show-toplevel")
    return Path(proc.stdout.decode("utf-8").strip())


def resolve(repo_dir: str | Path, rev: str) -> str:
    """The full commit id of ``rev``; :class:`UnknownRevisionError` when there is none."""
    if rev.startswith("-"):
        raise UnknownRevisionError(rev)
    proc = _git(
        repo_dir,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if proc.returncode != 0:
        _git(repo_dir, "rev-parse", "--git-dir")  # not a repository -> GitUnavailableError
        raise UnknownRevisionError(rev)
    return proc.stdout.decode("ascii").strip()


def _show(repo_dir: str | Path, spec: str) -> str | None:
    proc = _git(repo_dir, "cat-file", "blob", spec, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace")


def file_at_revision(repo_dir: str | Path, rev: str, path: str | Path) -> str | None:
    """The text of ``path`` (relative to ``repo_dir``) at ``rev``; ``None`` if absent there.

    Raises :class:`UnknownRevisionError` for a revision that names no commit.
    """
    commit = resolve(repo_dir, rev)
    rel = Path(path).as_posix()
    return _show(repo_dir, f"{commit}:./{rel}" if not rel.startswith("/") else f"{commit}:{rel}")


def revisions(
    repo_dir: str | Path, path: str | Path, *, limit: int | None = None, skip: int = 0
) -> list[Revision]:
    """The commits that changed ``path``, newest first (``git log --follow``).

    Each revision's ``path`` is the file's path from the repository's top at that commit
    (it may differ after a rename).
    """
    args = ["log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only", "-z"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    if skip:
        args.append(f"--skip={skip}")
    proc = _git(repo_dir, *args, "--", str(path))
    out: list[Revision] = []
    for record in proc.stdout.decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, rest = record.partition("\x00")
        parts = head.split("\x1f")
        if len(parts) != 3:
            continue
        names = [n.strip("\n") for n in rest.split("\x00") if n.strip("\n")]
        when = dt.datetime.fromisoformat(parts[1])
        out.append(Revision(parts[0], when, parts[2], names[-1] if names else str(path)))
    return out


def parent_text(repo_dir: str | Path, revision: Revision, older: Revision | None) -> str | None:
    """The data file as it was just before ``revision`` (its first parent), if any."""
    proc = _git(repo_dir, "rev-parse", "--verify", "--quiet", f"{revision.rev}^1", check=False)
    if proc.returncode != 0:
        return None  # a root commit
    parent = proc.stdout.decode("ascii").strip()
    text = _show(repo_dir, f"{parent}:{revision.path}")
    if text is None and older is not None and older.path != revision.path:
        text = _show(repo_dir, f"{parent}:{older.path}")
    return text


# --------------------------------------------------------------------------- change log

EntryKind = Literal["commit", "working_tree", "current"]


@dataclass(frozen=True)
class ChangeEntry:
    """One entry of the change log: a commit of the data file and its diff to its parent.

    ``kind`` is ``commit``; ``working_tree`` for changes served but not yet committed;
    ``current`` when there is no git history (the version being served, without a diff).
    ``problems`` holds the validator's messages when that version of the file is invalid.
    """

    kind: EntryKind
    revision: Revision | None
    diff: MapDiff | None
    problems: tuple[str, ...] = ()
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        rev = self.revision
        return {
            "kind": self.kind,
            "revision": rev.rev if rev else None,
            "short": rev.short if rev else None,
            "date": rev.date.isoformat() if rev else None,
            "message": rev.message if rev else self.message,
            "summary": self.summary,
            "valid": not self.problems,
            "problems": list(self.problems),
            "diff": self.diff.as_dict() if self.diff is not None else None,
        }

    @property
    def summary(self) -> str:
        """The change in one Swedish line."""
        return self.summary_in("sv")

    def summary_in(self, lang: str) -> str:
        """The change in one line in ``lang``."""
        if self.problems:
            return _t("sum_invalid", lang)
        if self.diff is None:
            return _t("sum_no_history", lang)
        return self.diff.summary(lang)


@dataclass(frozen=True)
class ChangeLog:
    """A page of the change log, newest first, and whether git history was available."""

    total: int
    entries: tuple[ChangeEntry, ...]
    git: bool
    detail: str | None = None


CURRENT_ONLY = (
    "Ingen git-historik finns för datafilen här; bara den aktuella versionen visas "
    "(no git history here; only the current version is shown)."
)


@functools.lru_cache(maxsize=64)
def _parse(text: str, label: str = "data") -> tuple[MapFile | None, tuple[str, ...]]:
    """A version of the file as a model, or its errors (cached by content and label)."""
    from kartan.load import load_text

    result = load_text(text, label, stale_days=None)
    if result.map is None:
        return None, tuple(p.format() for p in result.errors[:10]) or ("ogiltig datafil",)
    return result.map.data, ()


@functools.lru_cache(maxsize=2048)
def _commit_entry(root: str, revision: Revision, older: Revision | None) -> ChangeEntry:
    """The entry of one commit (a commit never changes, so this is cached for good)."""
    new_text = _show(root, f"{revision.rev}:{revision.path}")
    old_text = parent_text(root, revision, older)
    label = f"{revision.short}:{revision.path}"
    new, problems = _parse(new_text, label) if new_text is not None else (None, ())
    old, _ = _parse(old_text) if old_text is not None else (None, ())
    if problems:
        return ChangeEntry("commit", revision, None, problems)
    if old_text is not None and old is None:
        # The parent was invalid: compare with nothing rather than report everything new.
        return ChangeEntry("commit", revision, diff_maps(None, new))
    return ChangeEntry("commit", revision, diff_maps(old, new))


def head_commit(repo_dir: str | Path) -> str | None:
    """The commit checked out in ``repo_dir`` (None without git or commits)."""
    try:
        proc = _git(repo_dir, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    except GitUnavailableError:
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("ascii").strip() or None


def change_log(
    data_path: str | Path,
    current: MapFile | None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> ChangeLog:
    """The history of the data file, newest first: each commit with its semantic diff.

    ``current`` is the map being served: when it differs from the last commit, the first
    entry is ``working_tree`` with that difference.  Without git, or outside a repository,
    the log holds one ``current`` entry and ``git`` is False.  Never raises for git
    failures.
    """
    path = Path(data_path)
    try:
        root = str(repo_root(path.parent))
        revs = revisions(path.parent, path.name)
    except HistoryError:
        entry = ChangeEntry("current", None, None, message="Aktuell version")
        return ChangeLog(1, (entry,) if offset == 0 else (), False, CURRENT_ONLY)
    entries: list[ChangeEntry] = []
    pending: list[ChangeEntry] = []
    if current is not None and revs:
        committed, _ = _parse(_show(root, f"{revs[0].rev}:{revs[0].path}") or "")
        if committed is None or committed != current:
            diff = diff_maps(committed, current)
            if not diff.empty:
                message = "Ändringar som ännu inte är incheckade (not yet committed)"
                pending.append(ChangeEntry("working_tree", None, diff, message=message))
    if not revs:
        entry = ChangeEntry("current", None, None, message="Aktuell version (inte incheckad)")
        return ChangeLog(1, (entry,) if offset == 0 else (), True, CURRENT_ONLY)
    total = len(pending) + len(revs)
    window = range(offset, min(total, offset + limit))
    for i in window:
        if i < len(pending):
            entries.append(pending[i])
            continue
        j = i - len(pending)
        older = revs[j + 1] if j + 1 < len(revs) else None
        entries.append(_commit_entry(root, revs[j], older))
    return ChangeLog(total, tuple(entries), True)


# --------------------------------------------------------------------------- staleness


def review_age(node: Node, today: dt.date) -> int | None:
    """Days since the node was last reviewed (``None`` when it never was)."""
    return None if node.reviewed is None else (today - node.reviewed).days


def is_stale(node: Node, today: dt.date, days: int = DEFAULT_STALE_DAYS) -> bool:
    """True when the node has no ``reviewed`` date or it is more than ``days`` old.

    The same rule as ``kartan validate --stale-after``.

    >>> from kartan.model import Node
    >>> n = Node(id="a", kind="forum", name="A", reviewed=dt.date(2023, 1, 1), sources=["s"])
    >>> is_stale(n, dt.date(2024, 1, 1)), is_stale(n, dt.date(2024, 1, 2))
    (False, True)
    """
    age = review_age(node, today)
    return age is None or age > days


# --------------------------------------------------------------------------- command line


def _load_revision(text: str | None, label: str) -> tuple[MapFile | None, list[str]]:
    """Validate one version's text; (model, problem lines). ``None`` text: no file."""
    from kartan.load import load_text

    if text is None:
        return None, []
    result = load_text(text, label, stale_days=None)
    if result.map is None:
        return None, [p.format() for p in result.errors] or [f"{label}: ogiltig datafil"]
    return result.map.data, []


def _working_tree(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"{path}: kan inte läsas: {exc}") from exc


def cli_diff(args: argparse.Namespace) -> int:
    """``kartan diff REV1 [REV2] [--format text|markdown|json] [--file PATH]``.

    Exit 0 whether or not anything changed, 1 when a version of the file is invalid
    (its problems are printed), 2 for an unknown revision or no git repository.
    """
    path = Path(args.file)
    repo_dir = Path(getattr(args, "repo", None) or ".")
    fmt = getattr(args, "format", "text")
    texts: list[tuple[str, str | None]] = []
    try:
        for rev in (args.rev1, args.rev2):
            if rev is None:
                texts.append((WORKING_TREE, _working_tree(repo_dir / path)))
            else:
                texts.append((rev, file_at_revision(repo_dir, rev, path)))
    except UnknownRevisionError as exc:
        print(
            f"kartan diff: okänd revision '{exc.rev}': ange en commit, gren eller tagg som "
            f"finns (git log --oneline) / unknown revision",
            file=sys.stderr,
        )
        return 2
    except GitUnavailableError as exc:
        print(f"kartan diff: {exc} (git is needed for diff)", file=sys.stderr)
        return 2
    except HistoryError as exc:
        print(f"kartan diff: {exc}", file=sys.stderr)
        return 2
    models: list[MapFile | None] = []
    failed = False
    for label, text in texts:
        model, problems = _load_revision(text, f"{label}:{path.as_posix()}")
        if problems:
            failed = True
            print(f"{label}: {path} har fel (has errors):", file=sys.stderr)
            for line in problems:
                print(line, file=sys.stderr)
        models.append(model)
    if failed:
        return 1
    (label1, _), (label2, _) = texts
    diff = diff_maps(models[0], models[1])
    title = f"Ändringar i {path.as_posix()}: {label1} → {label2}"
    if fmt == "json":
        print(render_json(diff, file=path.as_posix(), old=label1, new=label2))
    elif fmt == "markdown":
        print(render_markdown(diff, title=title), end="")
    else:
        print(render_text(diff, title=title))
    return 0
