"""Facts about the map, answered straight from the graph, each with its date and source.

The guide asks these when a question asks for a fact rather than a place to turn to:
"Vem är ordförande i Samverkansrådet?", "Vilka förvaltningar sitter i C-nätet?",
"Vart skickar Samverkansrådet sina frågor?", "Vem äger Klimatneutrala städer 2030?",
"När träffas Samverkansrådet?".  A fact that has ended is told with its period ("var
… till 31 december 2023"), a meeting in the past is never called planned, and nothing is
said that the data does not hold.

Examples
--------
>>> from pathlib import Path
>>> from kartan.load import load_path
>>> m = load_path(Path(__file__).parents[1] / "tests" / "data" / "search_small.yaml").map
>>> fact = find_fact(m, "sends_to", ["samverkansradet"])
>>> fact.items, fact.sources
(('samverkansradet-au',), ('001 §5',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kartan.graph import edge_phrase
from kartan.labels import DECISION_KINDS, MEETING_STATUS_LABELS, role_label
from kartan.map import Edge, Map, remembered
from kartan.model import Meeting, source_id
from kartan.texts import join_names
from kartan.texts import text as _t

ROLE_FACTS = ("chair", "vice_chair", "secretary")


@dataclass(frozen=True)
class Fact:
    """A fact from the map: what was asked (``kind``), about which body (``subject``), the
    answer in one or two sentences (``text``), the bodies it names (``items``), each with
    its own sentence (``lines``), the date of the newest source behind it and the
    sources (document, item and line)."""

    kind: str
    subject: str
    text: str
    items: tuple[str, ...]
    lines: tuple[tuple[str, str], ...]
    date: dt.date | None
    sources: tuple[str, ...]


def format_date(day: dt.date, lang: str = "sv") -> str:
    """'8 februari 2023' (or '8 February 2023').

    >>> format_date(dt.date(2023, 2, 8)), format_date(dt.date(2023, 2, 8), "en")
    ('8 februari 2023', '8 February 2023')
    """
    months = _t("months", lang).split("|")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def name_of(m: Map, node_id: str, lang: str = "sv") -> str:
    """The node's name in the language (the Swedish name when there is no English one)."""
    node = m.nodes.get(node_id)
    if node is None:
        return node_id
    return (node.name_en or node.name) if lang == "en" else node.name


def join(parts: Sequence[str], lang: str = "sv") -> str:
    """'A, B och C' (or 'A, B and C'): :func:`kartan.texts.join_names` of all the parts."""
    return join_names(list(parts), len(parts), lang)


def _today(m: Map) -> dt.date:
    return m.as_of or dt.date.today()


def _current(e: Edge, today: dt.date) -> bool:
    return e.valid_until is None or e.valid_until >= today


def _period(e: Edge, lang: str) -> str:
    """' (sedan 8 februari 2023)', ' (8 februari 2023–31 december 2023)' or ''."""
    start = format_date(e.valid_from, lang) if e.valid_from else ""
    end = format_date(e.valid_until, lang) if e.valid_until else ""
    if start and end:
        return f" ({start}–{end})"
    if start:
        return f" ({'since' if lang == 'en' else 'sedan'} {start})"
    if end:
        return f" ({'until' if lang == 'en' else 'till'} {end})"
    return ""


def _source_date(m: Map, ref: str) -> dt.date | None:
    src = m.sources.get(source_id(ref))
    return src.date if src is not None else None


def _dated(m: Map, refs: Iterable[str]) -> tuple[dt.date | None, tuple[str, ...]]:
    unique = tuple(dict.fromkeys(refs))
    dates = [d for d in (_source_date(m, r) for r in unique) if d is not None]
    return (max(dates) if dates else None), unique


def _pick(edges: list[Edge], today: dt.date) -> tuple[list[Edge], list[Edge]]:
    """Edges that hold today, and the ended ones."""
    now = [e for e in edges if _current(e, today)]
    ended = [e for e in edges if not _current(e, today)]
    return now, ended


def _role_fact(m: Map, kind: str, subject: str, lang: str) -> Fact | None:
    edges = [e for e in m.incoming.get(subject, ()) if e.type == "member_of" and e.role == kind]
    edges = [e for e in edges if e.source in m.nodes]
    if not edges:
        return None
    now, ended = _pick(edges, _today(m))
    role = role_label(kind, lang)
    body = name_of(m, subject, lang)
    lines: list[tuple[str, str]] = []
    if now:
        for e in now:
            holder = name_of(m, e.source, lang)
            sentence = _t(
                "fact_role", lang, holder=holder, role=role, body=body, period=_period(e, lang)
            )
            lines.append((e.source, sentence))
        used = now
    else:
        latest = max(ended, key=lambda e: e.valid_until or dt.date.min)
        holder = name_of(m, latest.source, lang)
        period = _period(latest, lang)
        sentence = _t("fact_role_ended", lang, holder=holder, role=role, body=body, period=period)
        lines.append((latest.source, sentence))
        used = [latest]
    date, sources = _dated(m, (r for e in used for r in e.sources))
    text = ". ".join(s for _, s in lines) + "."
    return Fact(kind, subject, text, tuple(i for i, _ in lines), tuple(lines), date, sources)


def _members_fact(
    m: Map, subject: str, kinds: set[str], exclude: set[str], lang: str
) -> Fact | None:
    bodies = [subject]
    edges = _member_edges(m, subject)
    if not edges:  # a project's members sit in its parts (project council, steering group)
        bodies = [e.source for e in m.incoming.get(subject, ()) if e.type == "part_of"]
        edges = [e for b in bodies for e in _member_edges(m, b)]
    edges = [e for e in edges if e.source not in exclude and e.source != subject]
    if kinds:
        edges = [e for e in edges if m.nodes[e.source].kind.value in kinds]
    if not edges:
        return None
    now, ended = _pick(edges, _today(m))
    now_ids = list(dict.fromkeys(e.source for e in now))
    ended_ids = [i for i in dict.fromkeys(e.source for e in ended) if i not in now_ids]
    body = name_of(m, subject, lang)
    names = [name_of(m, i, lang) for i in now_ids]
    parts: list[str] = []
    if names:
        key = "fact_members_sit" if len(names) > 1 else "fact_members_sits"
        parts.append(_t(key, lang, names=join(names, lang), body=body))
    if ended_ids:
        until = max(
            (e.valid_until for e in ended if e.valid_until and e.source in ended_ids),
            default=None,
        )
        when = format_date(until, lang) if until else ""
        earlier = join([name_of(m, i, lang) for i in ended_ids], lang)
        if when:
            parts.append(_t("fact_earlier_until", lang, earlier=earlier, when=when))
        else:
            parts.append(_t("fact_earlier", lang, earlier=earlier))
    lines = tuple((i, _member_line(m, i, now, subject, lang)) for i in now_ids)
    date, sources = _dated(m, (r for e in now or ended for r in e.sources))
    return Fact("members", subject, ". ".join(parts) + ".", tuple(now_ids), lines, date, sources)


def _member_edges(m: Map, body: str) -> list[Edge]:
    return [e for e in m.incoming.get(body, ()) if e.type == "member_of" and e.source in m.nodes]


def _member_line(m: Map, member: str, edges: list[Edge], subject: str, lang: str) -> str:
    e = next(x for x in edges if x.source == member)
    role = role_label(e.role, lang) if e.role else ""
    where = name_of(m, e.target, lang)
    who = name_of(m, member, lang)
    return _t("fact_seat", lang, who=who, where=where) + (f" ({role})" if role else "")


# Relations that answer each kind of fact: (edge type, read from the subject's side).
RELATION_FACTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "sends_to": (("sends_matters_to", True),),
    "responsible": (("responsible_for", False), ("administers", False)),
    "administers": (("administers", False),),
    "funds": (("funds", False),),
    "decides_on": (
        ("decides_on", False),
        ("prepares", False),
        ("responsible_for", False),
        ("sends_matters_to", True),
    ),
}


def _relation_fact(m: Map, kind: str, subject: str, lang: str) -> Fact | None:
    for rel_type, outgoing in RELATION_FACTS[kind]:
        if outgoing:
            edges = [e for e in m.outgoing.get(subject, ()) if e.type == rel_type]
        else:
            edges = [e for e in m.incoming.get(subject, ()) if e.type == rel_type]
            if kind == "decides_on" and rel_type == "responsible_for":
                edges = [e for e in edges if m.nodes[e.source].kind.value in DECISION_KINDS]
        edges = [e for e in edges if e.source in m.nodes and e.target in m.nodes]
        if not edges:
            continue
        now, ended = _pick(edges, _today(m))
        used = now or ended
        lines: list[tuple[str, str]] = []
        for e in used:
            other = e.target if outgoing else e.source
            sentence = (
                f"{name_of(m, e.source, lang)} {edge_phrase(e, lang)} "
                f"{name_of(m, e.target, lang)}{_period(e, lang)}"
            )
            lines.append((other, sentence))
        text = ". ".join(s for _, s in lines) + "."
        if not now:
            text += " " + _t("fact_nothing_later", lang)
        date, sources = _dated(m, (r for e in used for r in e.sources))
        items = tuple(dict.fromkeys(i for i, _ in lines))
        return Fact(kind, subject, text, items, tuple(lines), date, sources)
    return None


def _meetings_of(m: Map, subject: str) -> list[Meeting]:
    """The meetings a body holds and those about it (indexed once per map)."""

    def make() -> dict[str, list[Meeting]]:
        index: dict[str, list[Meeting]] = {}
        for node, mt in m.meetings():
            if mt.about in (None, node.id):
                index.setdefault(node.id, []).append(mt)
            if mt.about is not None:
                index.setdefault(mt.about, []).append(mt)
        return index

    return remembered(m, ("meetings_of",), make).get(subject, [])


def meeting_status(mt: Meeting, today: dt.date, lang: str = "sv") -> str:
    """How a meeting stands: held, planned, or planned for a day that has passed
    ("planerades; minnesanteckningarna säger inte om det hölls") — never "planerat"
    for a day in the past."""
    day = mt.end_date or mt.date
    if mt.status.value == "planned" and day is not None and day < today:
        return _t("fact_planned_passed", lang)
    sv, en = MEETING_STATUS_LABELS[mt.status.value]
    return en if lang == "en" else sv


def _meets_fact(m: Map, subject: str, lang: str) -> Fact | None:
    node = m.nodes.get(subject)
    if node is None:
        return None
    meetings = [mt for mt in _meetings_of(m, subject) if mt.date is not None]
    if node.meets is None and not meetings:
        return None
    today = _today(m)
    body = name_of(m, subject, lang)
    parts: list[str] = []
    refs: list[str] = []
    if node.meets is not None:
        place = m.places.get(node.meets.place or "")
        where = place.name if place else (node.meets.place or "")
        if place and place.address:
            where += f", {place.address}"
        time = node.meets.time or ""
        parts.append(
            _t("fact_meets", lang, body=body)
            + (_t("fact_meets_where", lang, where=where) if where else "")
            + (_t("fact_meets_time", lang, time=time) if time else "")
        )
    past = sorted((mt for mt in meetings if mt.date and mt.date < today), key=_day)
    future = sorted((mt for mt in meetings if mt.date and mt.date >= today), key=_day)
    held = [mt for mt in past if mt.status.value == "held"]
    if held:
        last = held[-1]
        refs.extend(last.sources)
        when = format_date(last.date, lang) if last.date else ""
        parts.append(_t("fact_last_held", lang, when=when, title=last.title))
    later = [
        mt
        for mt in past
        if mt.status.value == "planned" and (not held or _day(mt) > _day(held[-1]))
    ]
    if later:
        mt = later[-1]
        refs.extend(mt.sources)
        when = format_date(mt.date, lang) if mt.date else ""
        status = meeting_status(mt, today, lang)
        parts.append(_t("fact_later", lang, title=mt.title, when=when, status=status))
    if future:
        mt = future[0]
        refs.extend(mt.sources)
        when = format_date(mt.date, lang) if mt.date else ""
        parts.append(_t("fact_next", lang, when=when, title=mt.title))
    elif meetings:
        parts.append(_t("fact_no_later_meetings", lang))
    if node.meets is not None:
        refs.extend(node.meets.sources if hasattr(node.meets, "sources") else ())
    date, sources = _dated(m, refs or node.sources)
    text = ". ".join(parts) + "."
    return Fact("meets", subject, text, (), (), date, sources)


def _day(mt: Meeting) -> dt.date:
    return mt.date or dt.date.min


def find_fact(
    m: Map,
    kind: str,
    subjects: Sequence[str],
    *,
    kinds: Iterable[str] = (),
    exclude: Iterable[str] = (),
    lang: str = "sv",
) -> Fact | None:
    """The first of ``subjects`` (node ids, best first) that the map holds the asked
    fact about, and the fact; None when the map holds it about none of them.

    ``kind`` is one of chair, vice_chair, secretary, members, sends_to, responsible,
    administers, funds, decides_on and meets; ``kinds`` narrows ``members`` to bodies
    of those kinds ("vilka partier" -> party).
    """
    wanted = set(kinds)
    named = set(exclude)
    for subject in dict.fromkeys(subjects):
        if subject not in m.nodes:
            continue
        fact: Fact | None
        if kind in ROLE_FACTS:
            fact = _role_fact(m, kind, subject, lang)
        elif kind == "members":
            fact = _members_fact(m, subject, wanted, named - {subject}, lang)
        elif kind == "meets":
            fact = _meets_fact(m, subject, lang)
        elif kind in RELATION_FACTS:
            fact = _relation_fact(m, kind, subject, lang)
        else:
            return None
        if fact is not None:
            return fact
    return None
