"""Matters (ärenden): the questions the council handled, where they went, and whether
they came back (004 §1: "Hur och var tas frågorna vidare och av vem – hur
återrapporteras de?").

The data are the ``matters`` section of the data file (:class:`kartan.model.Matter`).
This module holds

* the cross-record checks the validator runs on them (:func:`check_matters`): dangling
  meeting, node, theme and matter ids; citations that lie outside the matter's item
  (its § or named section); later appearances that are not later; a matter sent
  elsewhere without a destination;
* the derived views the API, the pages and the exports share: each matter's state
  (:func:`matter_state`), filtering (:func:`select_matters`), the matters sent to a
  body and the report-back count by receiving body (:func:`report_back_by_body`),
  and a plain matching of a free-text question to a matter (:func:`match_matters`).

A matter sent elsewhere that never appears again in later minutes is shown as
"ingen återrapportering i anteckningarna" — the minutes say nothing more, which is
not the same as nothing having happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from kartan.map import Map, remembered
from kartan.model import (
    Matter,
    MatterKind,
    MatterState,
    Meeting,
    Node,
    iso_date,
    model_dump_yaml_ready,
)
from kartan.search import STOPWORDS, WordSets, stem, words
from kartan.texts import text as _t

# "001 §5 L212", "001 §5 L208–214", "003 «Klimat» L331", "000 L18", "001 §5".
_REF = re.compile(
    r"^(?P<doc>\S+)(?: (?P<item>§\d+|«[^»]+»))?(?: L(?P<first>\d+)(?:[–-](?P<last>\d+))?)?$"
)

# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Citation:
    """A parsed source reference: document, item (§ or «section») and lines."""

    doc: str
    item: str | None
    first: int | None
    last: int | None


def parse_citation(ref: str) -> Citation | None:
    """Parse a source reference; ``None`` when it is not of the usual form.

    >>> parse_citation("001 §5 L208–214")
    Citation(doc='001', item='§5', first=208, last=214)
    >>> parse_citation("003 «Klimat» L331")
    Citation(doc='003', item='«Klimat»', first=331, last=331)
    >>> parse_citation("001 L33").item is None
    True
    """
    m = _REF.match(ref.strip())
    if m is None:
        return None
    first = int(m["first"]) if m["first"] else None
    last = int(m["last"]) if m["last"] else first
    return Citation(m["doc"], m["item"], first, last)


# --------------------------------------------------------------------------- validation

# A checker callback: (location, message code, severity, params).
AddProblem = Callable[..., None]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_as_list(value)):
        if isinstance(item, dict):
            yield i, item


def _meeting_dates(raw: dict[str, Any]) -> dict[str, dt.date | None]:
    out: dict[str, dt.date | None] = {}
    for _, node in _dicts(raw.get("nodes")):
        for _, meeting in _dicts(node.get("meetings")):
            mid = meeting.get("id")
            if isinstance(mid, str):
                date = meeting.get("date")
                out[mid] = date if isinstance(date, dt.date) else None
    return out


def _item_ranges(raw: dict[str, Any]) -> dict[str, dict[str, tuple[int, int]]]:
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for _, source in _dicts(raw.get("sources")):
        sid = source.get("id")
        if not isinstance(sid, str):
            continue
        items: dict[str, tuple[int, int]] = {}
        for _, item in _dicts(source.get("items")):
            ref, first, last = item.get("ref"), item.get("first"), item.get("last")
            if isinstance(ref, str) and isinstance(first, int) and isinstance(last, int):
                items[ref] = (first, last)
        out[sid] = items
    return out


def check_source_items(raw: dict[str, Any], add: AddProblem) -> None:
    """Each source item spans at least one line (``last`` not before ``first``)."""
    for i, source in _dicts(raw.get("sources")):
        for j, item in _dicts(source.get("items")):
            first, last = item.get("first"), item.get("last")
            if isinstance(first, int) and isinstance(last, int) and last < first:
                add(("sources", i, "items", j, "last"), "item_lines", first=first, last=last)


def check_matters(
    raw: dict[str, Any],
    add: AddProblem,
    ref: Callable[[tuple[str | int, ...], Any, str, str], None],
    sources: Callable[[tuple[str | int, ...], Any], None],
) -> None:
    """Cross-record checks of the ``matters`` section on the raw data.

    ``add(loc, code, **params)`` records a problem; ``ref(loc, value, section, what)``
    checks that an id exists in a section; ``sources(loc, refs)`` checks source ids.
    """
    check_source_items(raw, add)
    dates = _meeting_dates(raw)
    ranges = _item_ranges(raw)
    matter_meeting: dict[str, Any] = {}
    for _, matter in _dicts(raw.get("matters")):
        if isinstance(matter.get("id"), str):
            matter_meeting[matter["id"]] = matter.get("meeting")
    for i, matter in _dicts(raw.get("matters")):
        loc: tuple[str | int, ...] = ("matters", i)
        meeting = matter.get("meeting")
        if isinstance(meeting, str) and meeting not in dates:
            add((*loc, "meeting"), "unknown_meeting", value=meeting)
        if matter.get("went_to") is not None:
            ref((*loc, "went_to"), matter.get("went_to"), "nodes", "node")
        elif matter.get("kind") == MatterKind.sent_elsewhere.value:
            add((*loc, "kind"), "matter_needs_went_to")
        for j, theme in enumerate(_as_list(matter.get("themes"))):
            ref((*loc, "themes", j), theme, "themes", "theme")
        for j, carrier in _dicts(matter.get("carried_by")):
            ref((*loc, "carried_by", j, "id"), carrier.get("id"), "nodes", "node")
            sources((*loc, "carried_by", j, "sources"), carrier.get("sources"))
        sources((*loc, "sources"), matter.get("sources"))
        _check_item(loc, matter, ranges, add)
        own_date = dates.get(meeting) if isinstance(meeting, str) else None
        for j, later in _dicts(matter.get("later")):
            lloc = (*loc, "later", j)
            sources((*lloc, "sources"), later.get("sources"))
            lmeeting = later.get("meeting")
            if isinstance(lmeeting, str) and lmeeting not in dates:
                add((*lloc, "meeting"), "unknown_meeting", value=lmeeting)
            elif isinstance(lmeeting, str):
                ldate = dates.get(lmeeting)
                if own_date is not None and ldate is not None and ldate <= own_date:
                    add(
                        (*lloc, "meeting"),
                        "appearance_not_later",
                        value=lmeeting,
                        date=ldate.isoformat(),
                        own=own_date.isoformat(),
                    )
            other = later.get("matter")
            if isinstance(other, str):
                if other not in matter_meeting:
                    add((*lloc, "matter"), "unknown_matter", value=other)
                elif matter_meeting[other] != lmeeting:
                    add(
                        (*lloc, "matter"),
                        "appearance_other_meeting",
                        value=other,
                        meeting=str(matter_meeting[other]),
                    )


def _check_item(
    loc: tuple[str | int, ...],
    matter: dict[str, Any],
    ranges: dict[str, dict[str, tuple[int, int]]],
    add: AddProblem,
) -> None:
    """The matter's item exists and each of its own citations lies inside it, to the line."""
    item_ref = matter.get("item")
    if not isinstance(item_ref, str):
        return
    item = parse_citation(item_ref)
    if item is None or item.item is None:
        add((*loc, "item"), "matter_item", value=item_ref)
        return
    doc_items = ranges.get(item.doc)
    if doc_items is None:
        return  # an unknown source is reported by the sources check
    span = doc_items.get(item.item)
    if span is None:
        add((*loc, "item"), "unknown_item", value=item_ref, allowed=", ".join(doc_items))
        return
    for j, ref in enumerate(_as_list(matter.get("sources"))):
        if not isinstance(ref, str):
            continue
        cited = parse_citation(ref)
        inside = (
            cited is not None
            and cited.doc == item.doc
            and cited.item == item.item
            and cited.first is not None
            and cited.last is not None
            and span[0] <= cited.first <= cited.last <= span[1]
        )
        if not inside:
            add(
                (*loc, "sources", j),
                "source_outside_item",
                value=ref,
                item=item_ref,
                first=span[0],
                last=span[1],
            )


# --------------------------------------------------------------------------- views


def meeting_index(m: Map) -> dict[str, tuple[Node, Meeting]]:
    """Every meeting by id, with the node that organises it (computed once per map)."""
    return m.meetings_by_id


def meeting_date(m: Map, meeting_id: str) -> dt.date | None:
    """The date of a meeting, ``None`` when unknown or undated."""
    found = meeting_index(m).get(meeting_id)
    return found[1].date if found else None


def later_until(m: Map, matter: Matter, at: dt.date | None = None) -> list[int]:
    """Indexes of the matter's later appearances known on ``at`` (all when ``at`` is None)."""
    if at is None:
        return list(range(len(matter.later)))
    index = meeting_index(m)
    out = []
    for i, later in enumerate(matter.later):
        found = index.get(later.meeting)
        day = found[1].date if found else None
        if day is not None and day <= at:
            out.append(i)
    return out


def matter_state(m: Map, matter: Matter, at: dt.date | None = None) -> MatterState:
    """Where a matter stands according to the minutes (on ``at``, when given).

    * it appears again in later minutes: ``followed_up``;
    * sent elsewhere and never seen again: ``no_report_back``;
    * to be prepared further in the council, or tabled, and never seen again:
      ``not_taken_up_again``;
    * information, dialogue or a decision that needed nothing more: ``concluded``.
    """
    if later_until(m, matter, at):
        return MatterState.followed_up
    if matter.kind is MatterKind.sent_elsewhere:
        return MatterState.no_report_back
    if matter.kind in (MatterKind.continued_in_council, MatterKind.tabled):
        return MatterState.not_taken_up_again
    return MatterState.concluded


def matter_date(m: Map, matter: Matter) -> dt.date | None:
    """The date of the meeting where the matter was handled."""
    return meeting_date(m, matter.meeting)


def matter_bodies(matter: Matter) -> list[str]:
    """Node ids the matter went to or that carry it on, without repeats."""
    out: list[str] = []
    for nid in ([matter.went_to] if matter.went_to else []) + [c.id for c in matter.carried_by]:
        if nid not in out:
            out.append(nid)
    return out


class MatterFilters(TypedDict, total=False):
    """The filters of :func:`select_matters` (each optional)."""

    state: str | None
    kind: str | None
    body: str | None
    theme: str | None
    at: dt.date | None


def select_matters(m: Map, **filters: Unpack[MatterFilters]) -> list[Matter]:
    """Matters filtered by state, kind, body (went to or carries), theme and date
    (:class:`MatterFilters`; a filter left out or None keeps every matter).

    With ``at`` only matters handled on or before that day are kept, and their state is
    the state on that day. The order is the meeting's date, then file order.
    """
    state, kind, body = filters.get("state"), filters.get("kind"), filters.get("body")
    theme, at = filters.get("theme"), filters.get("at")
    out: list[tuple[dt.date, int, Matter]] = []
    for i, matter in enumerate(m.data.matters):
        day = matter_date(m, matter) or dt.date.min
        if at is not None and day > at:
            continue
        if kind is not None and matter.kind.value != kind:
            continue
        if state is not None and matter_state(m, matter, at).value != state:
            continue
        if body is not None and body not in matter_bodies(matter):
            continue
        if theme is not None and theme not in matter.themes:
            continue
        out.append((day, i, matter))
    out.sort(key=lambda t: (t[0], t[1]))
    return [t[2] for t in out]


def matters_at_meeting(m: Map, meeting_id: str) -> list[Matter]:
    """Matters handled at a meeting, in file order."""
    return [x for x in m.data.matters if x.meeting == meeting_id]


def matters_for_body(m: Map, node_id: str) -> list[Matter]:
    """Matters sent to a body or carried on by it, by date."""
    return select_matters(m, body=node_id)


@dataclass(frozen=True)
class ReportBack:
    """Matters sent to one body, and how many of them were never reported back."""

    body: str
    sent: tuple[str, ...]
    without_report_back: tuple[str, ...]


def report_back_by_body(m: Map, at: dt.date | None = None) -> list[ReportBack]:
    """Matters sent elsewhere, counted by receiving body (``went_to``).

    Bodies with the most matters without report-back come first.
    """
    sent: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    for matter in select_matters(m, kind=MatterKind.sent_elsewhere.value, at=at):
        if matter.went_to is None:
            continue
        sent.setdefault(matter.went_to, []).append(matter.id)
        if matter_state(m, matter, at) is MatterState.no_report_back:
            missing.setdefault(matter.went_to, []).append(matter.id)
    rows = [ReportBack(b, tuple(ids), tuple(missing.get(b, ()))) for b, ids in sent.items()]
    rows.sort(key=lambda r: (-len(r.without_report_back), -len(r.sent), r.body))
    return rows


# --------------------------------------------------------------------------- matching

# Words too common in questions about the council to say which matter is meant.
_COMMON_TEXT = """
    samverkan samverka radet samverkansradet fraga fragan fragor kommun kommunen
    council question questions collaboration municipality
"""
_COMMON = frozenset(_COMMON_TEXT.split())


def _common(m: Map) -> frozenset[str]:
    """The common words, with the name of the map's municipality (every matter is there)."""
    return _COMMON | frozenset(words(m.data.map.municipality or ""))


def _stems(text: str, common: frozenset[str] = _COMMON) -> set[str]:
    """Stems of the content words of a text (folded, Swedish Snowball)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and w not in common and len(w) > 2}


def _matter_words(m: Map) -> tuple[WordSets, WordSets, WordSets]:
    """The stems of every matter's Swedish title, English title and both, indexed once
    per map."""

    def make() -> tuple[WordSets, WordSets, WordSets]:
        common = _common(m)
        sv = [_stems(x.title, common) for x in m.data.matters]
        en = [_stems(x.title_en or "", common) for x in m.data.matters]
        return (WordSets(sv), WordSets(en), WordSets([a | b for a, b in zip(sv, en, strict=True)]))

    return remembered(m, ("matter_words",), make)


def match_matters(m: Map, question: str, limit: int = 3) -> list[Matter]:
    """Matters whose title shares content words with a free-text question, best first.

    Words are folded and stemmed ('kartan' meets 'Karta', 'effektmätningen' meets
    'Effektmätning'); common words (samverkan, rådet, frågan ...) do not count, and a
    stem shorter than four letters never matches.
    """
    asked = _stems(question, _common(m))
    if not asked:
        return []
    sv, en, both = _matter_words(m)
    per_title: list[dict[int, int]] = [{}, {}, {}]  # matter position -> asked words it has
    for a in asked:
        for counts, index in zip(per_title, (sv, en, both), strict=True):
            for i in index.having(a):
                counts[i] = counts.get(i, 0) + 1
    matters = m.data.matters
    scored: list[tuple[int, float, int, Matter]] = [
        (
            n,
            max(
                per_title[0].get(i, 0) / max(len(sv.sets[i]), 1),
                per_title[1].get(i, 0) / max(len(en.sets[i]), 1),
            ),
            i,
            matters[i],
        )
        for i, n in per_title[2].items()
    ]
    # most shared words first; then the title most about them (fewest other words)
    scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
    return [t[3] for t in scored[:limit]]


# --------------------------------------------------------------------------- exports

MATTER_COLUMNS = [
    "id",
    "title",
    "title_en",
    "meeting",
    "meeting_date",
    "item",
    "label",
    "kind",
    "kind_label",
    "state",
    "state_label",
    "outcome",
    "outcome_en",
    "carried_by",
    "carried_by_names",
    "carried_by_inferred",
    "went_to",
    "went_to_name",
    "themes",
    "later_meetings",
    "later_dates",
    "later_sources",
    "inferred",
    "note",
    "sources",
]


def matter_record(m: Map, matter: Matter, at: dt.date | None = None) -> dict[str, Any]:
    """One matter as plain JSON data: the data file's fields plus its state and dates."""
    record = model_dump_yaml_ready(matter)
    state = matter_state(m, matter, at)
    kept = later_until(m, matter, at)
    record["later"] = [record["later"][i] for i in kept] if "later" in record else []
    for i, later in zip(kept, record["later"], strict=True):
        later["date"] = iso_date(meeting_date(m, matter.later[i].meeting))
    record["meeting_date"] = iso_date(matter_date(m, matter))
    record["kind_label"] = matter.kind.label_sv
    record["state"] = state.value
    record["state_label"] = state.label_sv
    record["state_label_en"] = state.label_en
    return record


def matter_records(m: Map, at: dt.date | None = None) -> list[dict[str, Any]]:
    """Every matter handled up to ``at`` (all when None), oldest meeting first."""
    return [matter_record(m, x, at) for x in select_matters(m, at=at)]


def matter_rows(m: Map, lang: str = "sv", at: dt.date | None = None) -> list[list[Any]]:
    """The matters as CSV rows in the order of :data:`MATTER_COLUMNS`."""
    en = lang == "en"
    rows: list[list[Any]] = []
    for x in select_matters(m, at=at):
        state = matter_state(m, x, at)
        kept = later_until(m, x, at)
        later = [x.later[i] for i in kept]

        def name(node_id: str) -> str:
            node = m.nodes.get(node_id)
            if node is None:
                return node_id
            return node.name_en if en and node.name_en else node.name

        rows.append(
            [
                x.id,
                x.title,
                x.title_en,
                x.meeting,
                iso_date(matter_date(m, x)),
                x.item,
                x.label,
                x.kind.value,
                x.kind.label_en if en else x.kind.label_sv,
                state.value,
                state.label_en if en else state.label_sv,
                x.outcome,
                x.outcome_en,
                [c.id for c in x.carried_by],
                [name(c.id) for c in x.carried_by],
                [c.id for c in x.carried_by if c.inferred],
                x.went_to,
                name(x.went_to) if x.went_to else None,
                list(x.themes),
                [a.meeting for a in later],
                [iso_date(meeting_date(m, a.meeting)) or "" for a in later],
                [ref for a in later for ref in a.sources],
                x.inferred,
                x.note_en if en and x.note_en else x.note,
                list(x.sources),
            ]
        )
    return rows


def meeting_matter_lines(m: Map, meeting_id: str, lang: str = "sv") -> list[str]:
    """Lines describing the matters handled at a meeting (for calendar entries)."""
    en = lang == "en"
    out = []
    for x in matters_at_meeting(m, meeting_id):
        state = matter_state(m, x)
        title = x.title_en if en and x.title_en else x.title
        kind = x.kind.label_en if en else x.kind.label_sv
        out.append(f"- {title} ({x.item}; {kind}; {state.label_en if en else state.label_sv})")
    if not out:
        return []
    return [_t("ical_matters", lang, n=len(out)), *out]
