"""What the HTML pages show: plain values built from the map, ready for the templates.

Pure functions of a :class:`~kartan.map.Map` and a language; no HTTP here, so each
page's content can be tested without a server.  The templates escape every value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from api.i18n import text
from kartan import facts
from kartan.graph import decision_path
from kartan.labels import (
    FUNCTION_LABELS,
    KIND_PLURALS,
    MEETING_STATUS_LABELS,
    kind_label,
    relation_label,
    role_label,
)
from kartan.map import Edge, Map
from kartan.model import Node
from kartan.present import (
    Bilingual,
    audience_name,
    bilingual,
    node_description,
    node_name,
    node_texts,
    sv_attr,
    theme_name,
)
from kartan.search import fold
from kartan.staleness import STALE_DAYS
from kartan.style import KIND_ORDER, kind_style
from kartan.texts import key_for
from kartan.wording import mid_sentence

PAGE_SIZE = 200
SORTS = ("name", "kind")


def format_date(day: dt.date | None, lang: str = "sv") -> str:
    """A date in words: '7 november 2023' (or '7 November 2023'); '' for None.

    >>> format_date(dt.date(2023, 11, 7)), format_date(dt.date(2023, 11, 7), "en")
    ('7 november 2023', '7 November 2023')
    """
    return "" if day is None else facts.format_date(day, lang)


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def sort_key(text: str) -> str:
    """A key that sorts names the Swedish way: å, ä, ö after z; other accents ignored.

    >>> sorted(["Östra", "Almby", "Ängen", "Zeta", "Élan"], key=sort_key)
    ['Almby', 'Élan', 'Zeta', 'Ängen', 'Östra']
    """
    kept = text.casefold().translate(_SWEDISH_LAST)
    decomposed = unicodedata.normalize("NFKD", kept)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def kind_plural(kind: str, lang: str) -> str:
    sv, en = KIND_PLURALS[kind]
    return en if lang == "en" else sv


def function_label(function: str, lang: str) -> str:
    sv, en = FUNCTION_LABELS[function]
    return en if lang == "en" else sv


def capitalise(text: str) -> str:
    """First letter upper-case, the rest untouched.

    >>> capitalise("beslutande organ")
    'Beslutande organ'
    """
    return text[:1].upper() + text[1:]


def marked(text: str, marks: Iterable[tuple[str, str]] = ()) -> Markup:
    """``text`` escaped, with each marked part wrapped: ids in ``<code>``, Swedish names
    and titles in ``<span lang="sv">`` (the first occurrence of each, longest first).

    >>> str(marked("Rådet (radet-x) is part of KS", [("radet-x", "code"), ("Rådet", "sv")]))
    '<span lang="sv">Rådet</span> (<code>radet-x</code>) is part of KS'
    """
    spans: list[tuple[int, int, str]] = []
    for part, kind in sorted(set(marks), key=lambda m: -len(m[0])):
        if not part or part not in text:
            continue
        for found in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            a, b = found.span()
            if not any(x < b and a < y for x, y, _ in spans):
                spans.append((a, b, kind))
                break
    out: list[str] = []
    at = 0
    for a, b, kind in sorted(spans):
        out.append(escape(text[at:a]))
        inner = escape(text[a:b])
        out.append(f"<code>{inner}</code>" if kind == "code" else f'<span lang="sv">{inner}</span>')
        at = b
    out.append(escape(text[at:]))
    return Markup("".join(str(x) for x in out))


def brief(text: str, limit: int = 220) -> str:
    """``text`` cut for a summary: whole sentences up to ``limit`` characters when the first
    sentence fits, else whole words with "…"; never a cut word ("… under. L…").

    >>> brief("Ett råd. Det möts ofta och länge.", 20)
    'Ett råd. …'
    >>> brief("Ett mycket långt ord: Samverkansrådsledamöterna", 30)
    'Ett mycket långt ord …'
    >>> brief("Kort.", 20)
    'Kort.'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", head)]
    if ends:
        return head[: ends[-1]] + " …"
    return head.rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


def swedish_names(m: Map) -> tuple[tuple[str, str], ...]:
    """Marks (see :func:`marked`) for the Swedish names an English sentence may quote: the
    Swedish name of every body and every alias (short Swedish names).

    Names of three letters or fewer are left out: they are abbreviations (KS, AU).
    """
    names = {n.name for n in m.data.nodes}
    names |= {a for n in m.data.nodes for a in n.aliases}
    return tuple((x, "sv") for x in sorted(names) if len(x) > 3)


@dataclass(frozen=True)
class Link:
    """A link to a node's page; ``swedish``: the name shown is Swedish on an English page."""

    id: str
    name: str
    kind: str
    kind_label: str
    swedish: bool = False

    @property
    def url(self) -> str:
        return f"/noder/{self.id}"

    @property
    def lang_attr(self) -> Markup:
        """``lang="sv"`` when the name is Swedish on an English page (for the element)."""
        return sv_attr(self.swedish)


def link(m: Map, node_id: str, lang: str) -> Link:
    """A link to a node by id (the id itself as name when the node is unknown)."""
    node = m.nodes.get(node_id)
    if node is None:
        return Link(node_id, node_id, "", "")
    return Link(
        node.id,
        node_name(node, lang),
        node.kind.value,
        kind_label(node.kind, lang),
        swedish=lang == "en" and not node.name_en,
    )


# --- filters shared by the directory, the map and the start page ----------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    colour: str = ""
    shape: str = ""
    count: int = 0
    swedish: bool = False  # a Swedish name on an English page


def kind_options(m: Map, lang: str) -> list[Option]:
    """The kinds present on the map, in legend order, with colour, shape and count."""
    counts: dict[str, int] = {}
    for node in m.data.nodes:
        counts[node.kind.value] = counts.get(node.kind.value, 0) + 1
    out = []
    for kind in KIND_ORDER:
        if kind in counts:
            style = kind_style(kind)
            out.append(
                Option(kind, kind_plural(kind, lang), style.colour, style.shape, counts[kind])
            )
    return out


def theme_options(m: Map, lang: str) -> list[Option]:
    """Every theme with the number of nodes that work on it, sorted by name."""
    counts: dict[str, int] = {}
    for node in m.data.nodes:
        for theme in node.themes:
            counts[theme] = counts.get(theme, 0) + 1
    opts = [
        Option(t.id, theme_name(m, t.id, lang), count=counts.get(t.id, 0)) for t in m.data.themes
    ]
    return sorted(opts, key=lambda o: sort_key(o.label))


def audience_options(m: Map, lang: str) -> list[Option]:
    """Who the asker can say they are: the map's audiences, in file order."""
    return [Option(a.id, audience_name(m, a.id, lang)) for a in m.data.audiences]


def organisation_options(m: Map, lang: str) -> list[Option]:
    """Organisations (civil society and others) the asker can say they belong to."""
    kinds = {"organisation", "company", "party", "public_body"}
    opts = [
        Option(n.id, node_name(n, lang), swedish=lang == "en" and not n.name_en)
        for n in m.data.nodes
        if n.kind.value in kinds
    ]
    return sorted(opts, key=lambda o: sort_key(o.label))


# --- directory --------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryQuery:
    kind: str = ""
    theme: str = ""
    entry_point: bool = False
    q: str = ""
    sort: str = ""
    page: int = 1


@dataclass
class DirectoryRow:
    link: Link
    themes: list[str]
    entry_point: bool
    description: str | None
    description_lang: str = "sv"  # "sv" unless an English description was shown


@dataclass
class Directory:
    rows: list[DirectoryRow]
    total: int
    page: int
    pages: int


def matches_text(node: Node, words: list[str]) -> bool:
    """True when every word occurs in the node's names, aliases, id or description."""
    hay = fold(
        " ".join([node.id, node.name, node.name_en or "", *node.aliases, node.description or ""])
    )
    return all(w in hay for w in words)


def directory(
    m: Map, query: DirectoryQuery, lang: str, ranked: list[str] | None = None
) -> Directory:
    """The directory rows for a query: filtered, sorted and cut to one page.

    ``ranked`` is the search's answer for ``query.q`` (ids, best first); without it the
    text filter is a plain diacritic-insensitive word match.  With a text query and no
    explicit sort the rows come in the search's order.
    """
    if query.q and ranked is not None:
        rank = {node_id: i for i, node_id in enumerate(ranked)}
        candidates = [m.nodes[i] for i in ranked if i in m.nodes]
    else:
        rank = {}
        words = fold(query.q).split()
        candidates = [n for n in m.data.nodes if not words or matches_text(n, words)]
    nodes = [
        n
        for n in candidates
        if (not query.kind or n.kind.value == query.kind)
        and (not query.theme or query.theme in n.themes)
        and (not query.entry_point or n.entry_point)
    ]
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    if query.sort == "kind":
        nodes.sort(key=lambda n: (order.get(n.kind.value, 99), sort_key(node_name(n, lang))))
    elif query.sort == "name" or not rank:
        nodes.sort(key=lambda n: sort_key(node_name(n, lang)))
    else:
        nodes.sort(key=lambda n: rank.get(n.id, len(rank)))
    total = len(nodes)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(query.page, 1), pages)
    chunk = nodes[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [
        DirectoryRow(
            link=link(m, n.id, lang),
            themes=[theme_name(m, t, lang) for t in n.themes],
            entry_point=n.entry_point,
            description=node_description(n, lang),
            description_lang="en" if lang == "en" and n.description_en else "sv",
        )
        for n in chunk
    ]
    return Directory(rows=rows, total=total, page=page, pages=pages)


# --- a body's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    date: str
    item: str
    refs: tuple[str, ...] = ()  # the citations as the data says them ("001 §5 L139")


def source_refs(m: Map, refs: list[str] | tuple[str, ...], lang: str) -> list[SourceRef]:
    """Source references grouped by document: its title, date and the items cited.

    ``["001 L18", "001 §2 L61", "002"]`` gives two entries: document 001 with items
    "L18, §2 L61", and document 002.
    """
    items: dict[str, list[str]] = {}
    raw: dict[str, list[str]] = {}
    for ref in refs:
        sid, _, item = ref.partition(" ")
        cited = items.setdefault(sid, [])
        if item and item not in cited:
            cited.append(item)
        said = raw.setdefault(sid, [])
        if ref.strip() not in said:
            said.append(ref.strip())
    out = []
    for sid, cited in items.items():
        title, date = source_title_date(m, sid, lang)
        out.append(SourceRef(sid, title, date, ", ".join(cited), tuple(raw[sid])))
    return out


def source_title_date(m: Map, source_id: str, lang: str) -> tuple[str, str]:
    """A document's title and date for a reader; no date when the title already says it,
    and the bare id for a document the data file does not list."""
    src = m.sources.get(source_id)
    if src is None:
        return source_id, ""
    date = format_date(src.date, lang)
    said = {format_date(src.date, "sv").casefold(), date.casefold()}
    if src.date and any(d in src.title.casefold() for d in said):
        date = ""  # the title already says when
    return src.title, date


# --- numbered source notes on a body's page (issue 15) -----------------------------------


@dataclass(frozen=True)
class NoteCite:
    """One place in the text that cites note ``number``; ``anchor`` is its element id."""

    number: int
    anchor: str


@dataclass
class Note:
    """One numbered note: a citation as the data says it, resolved for a reader."""

    number: int
    ref: str  # "001 §5 L139"
    title: str  # the document's title
    date: str  # '' when the title says it
    item: str  # "§5 L139" ('' for a whole document)
    section: str  # the cited item's title in the page's language ("Effektmätning"), or ''
    section_swedish: bool = False  # an English page shows the Swedish title (no _en yet)
    backlinks: list[str] = field(default_factory=list)  # the anchors that cite it

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


class Notes:
    """The numbered source notes of one page, Wikipedia-style.

    Each call of :meth:`cite` (one per sourced fact, in reading order, as the template
    renders) gives the numbers of that fact's citations; the same citation cited again
    keeps its number.  :attr:`notes` is the list to print under the text: citing
    ``["001 §5 L139", "001 L20"]`` and then ``["001 L20"]`` gives notes 1 and 2, the second
    cited from two places (``cite-2-1``, ``cite-2-2``), to which the note links back.
    """

    def __init__(self, m: Map, lang: str) -> None:
        self._map = m
        self._lang = lang
        self._by_ref: dict[str, Note] = {}

    @property
    def notes(self) -> list[Note]:
        return list(self._by_ref.values())

    def __len__(self) -> int:
        return len(self._by_ref)

    def __bool__(self) -> bool:
        return True  # a page with notes turned on, even before the first citation

    def cite(self, refs: Iterable[Any]) -> list[NoteCite]:
        """The notes for one fact's sources: :class:`SourceRef` (grouped by document) or
        anything with a ``ref`` (the API's ``SourceOut``)."""
        out: list[NoteCite] = []
        for r in refs:
            for ref in getattr(r, "refs", ()) or (getattr(r, "ref", None) or r.id,):
                note = self._note(ref)
                if any(c.number == note.number for c in out):
                    continue  # one fact cites a note once
                anchor = f"cite-{note.number}-{len(note.backlinks) + 1}"
                note.backlinks.append(anchor)
                out.append(NoteCite(note.number, anchor))
        return out

    def _note(self, ref: str) -> Note:
        key = " ".join(ref.split())
        note = self._by_ref.get(key)
        if note is None:
            sid, _, item = key.partition(" ")
            title, date = source_title_date(self._map, sid, self._lang)
            number = len(self._by_ref) + 1
            section, swedish = self._section(sid, item)
            note = Note(number, key, title, date, item, section, swedish)
            self._by_ref[key] = note
        return note

    def _section(self, source_id: str, item: str) -> tuple[str, bool]:
        """The cited item's title in the page's language, and whether it is Swedish on an
        English page; '' when the data does not name the item."""
        src = self._map.sources.get(source_id)
        found = re.match(r"(§\d+|«[^»]+»)", item)
        if src is None or found is None:
            return "", False
        for it in src.items:
            if it.ref == found.group(1):
                if self._lang == "en" and it.title_en:
                    return it.title_en, False
                return it.title, self._lang == "en"
        return "", False


@dataclass
class MemberRow:
    link: Link
    role: str
    label: Bilingual | None
    valid_from: str
    valid_until: str
    vacant: bool
    inferred: bool
    sources: list[SourceRef]


@dataclass
class RelationRow:
    """One relation as a sentence: ``subject phrase object``; one side is this page's node."""

    subject: Link
    phrase: str
    object: Link
    inferred: bool
    valid_from: str
    valid_until: str
    sources: list[SourceRef]
    note: str | None = None


@dataclass
class PathStep:
    source: Link
    phrase: str
    target: Link


@dataclass
class MeetingRow:
    title: Bilingual
    when: str
    time: str
    place: str
    status: str
    sources: list[SourceRef]
    id: str = ""  # the meeting's id (matters at the meeting are looked up by it)


@dataclass
class ContactView:
    function: str
    via: Link
    url: str | None
    note: Bilingual | None
    inferred: bool
    sources: list[SourceRef]


# --- who decides, and how to reach them (issue 9) ----------------------------------------


@dataclass
class DecisionView:
    """Who decides about a body, for its page (see :func:`kartan.decisions.who_decides`)."""

    status: str  # self, known, unknown
    decider: Link | None
    path: list[PathStep]
    steering: Link | None
    steering_owner: Link | None
    ask: Link | None
    ask_route: list[PathStep]
    text: str


@dataclass
class RaiseRow:
    """A way to raise a matter: a seat (or part) in an arena."""

    arena: Link
    how: str
    via: Link | None
    decision: str


@dataclass
class ContactRouteView:
    """How to reach a body: own contact, or the nearest body's with the route."""

    own: bool
    function: str
    via: Link
    holder: Link
    route: list[PathStep]
    url: str | None
    note: Bilingual | None
    inferred: bool
    sources: list[SourceRef]
    text: str


def _link_steps(m: Map, steps: Any, lang: str) -> list[PathStep]:
    return [
        PathStep(link(m, st.source, lang), st.phrase(lang), link(m, st.target, lang))
        for st in steps
    ]


def decision_view(m: Map, node_id: str, lang: str) -> DecisionView:
    """Who decides (decision relations only), the body's own steering and where to ask."""
    from kartan import decisions as dm

    d = dm.who_decides(m, node_id)
    owner = d.steering_path[-1].source if d.steering_path else None
    return DecisionView(
        status=d.status,
        decider=link(m, d.decider, lang) if d.decider and d.status == "known" else None,
        path=_link_steps(m, d.path, lang),
        steering=link(m, d.steering, lang) if d.steering else None,
        steering_owner=link(m, owner, lang) if owner else None,
        ask=link(m, d.ask.id, lang) if d.ask else None,
        ask_route=_link_steps(m, d.ask.steps, lang) if d.ask else [],
        text=d.text(m, lang),
    )


def raise_rows(m: Map, node_id: str, lang: str) -> list[RaiseRow]:
    """Where a body can raise a matter: its seats and parts, and who decides there."""
    from kartan import decisions as dm

    rows = []
    for r in dm.raise_routes(m, node_id):
        first = r.steps[0]
        if first.type == "member_of":
            how = role_label(first.role or "member", lang)
        else:
            how = relation_label(first.type, lang)
        via = link(m, first.target, lang) if len(r.steps) > 1 else None
        rows.append(RaiseRow(link(m, r.arena, lang), how, via, r.decision.text(m, lang)))
    return rows


def contact_route_view(m: Map, node_id: str, lang: str) -> ContactRouteView | None:
    """The contact route of a body; never a link to the body's own page."""
    from kartan import decisions as dm

    r = dm.contact_route(m, node_id)
    if r is None:
        return None
    c = r.contact
    return ContactRouteView(
        own=r.own,
        function=r.function_label(lang),
        via=link(m, r.via, lang),
        holder=link(m, r.holder, lang),
        route=_link_steps(m, r.steps, lang),
        url=c.url,
        note=bilingual(c.note, c.note_en, lang),
        inferred=c.inferred,
        sources=source_refs(m, c.sources, lang),
        text=r.text(m, lang),
    )


@dataclass
class NodePage:
    node: Node
    name: str
    kind_label: str
    description: Bilingual | None
    themes: list[Option]
    audiences: list[str]
    contact: ContactView | None
    meets: list[tuple[str, str]]
    members: list[MemberRow]
    relations_out: list[RelationRow]
    relations_in: list[RelationRow]
    path: list[PathStep] | None
    decider: Link | None
    meetings: list[MeetingRow]
    sources: list[SourceRef]
    reviewed: str
    valid: str
    how_to_take_part: Bilingual | None = None
    note: Bilingual | None = None
    name_swedish: bool = False
    decision: DecisionView | None = None
    raises: list[RaiseRow] = field(default_factory=list)
    raised_by: list[Link] = field(default_factory=list)
    reach: ContactRouteView | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def description_says_kind(self) -> bool:
        """True when the description's opening already names the kind ("Råd där …"), so the
        summary need not put the kind label in front of it ("Råd: Råd där …")."""
        if self.description is None:
            return False
        pattern = r"\b" + re.escape(self.kind_label.casefold())
        return re.search(pattern, self.description.text[:80].casefold()) is not None


def _phrase(e: Edge, lang: str, *, inverse: bool) -> str:
    if e.type == "member_of" and e.role:
        key = "member_phrase_inverse" if inverse else "member_phrase"
        return text(key, lang).format(role=role_label(e.role, lang))
    if e.label and lang == "sv" and not inverse:
        return e.label
    return relation_label(e.type, lang, inverse=inverse)


def relation_rows(m: Map, node_id: str, lang: str) -> tuple[list[RelationRow], list[RelationRow]]:
    """Relations out of and into a node as plain sentences ("skickar frågor till AU").

    Outgoing rows read "<this> <phrase> <other>"; incoming rows read the same way with the
    other node as subject, so every row is a sentence in the direction of the data.
    Memberships of the node's own members are left out (they have their own table).
    """
    me = link(m, node_id, lang)
    out = [
        RelationRow(
            subject=me,
            phrase=_phrase(e, lang, inverse=False),
            object=link(m, e.target, lang),
            inferred=e.inferred,
            valid_from=format_date(e.valid_from, lang),
            valid_until=format_date(e.valid_until, lang),
            sources=source_refs(m, e.sources, lang),
        )
        for e in m.outgoing.get(node_id, [])
    ]
    into = [
        RelationRow(
            subject=link(m, e.source, lang),
            phrase=_phrase(e, lang, inverse=False),
            object=me,
            inferred=e.inferred,
            valid_from=format_date(e.valid_from, lang),
            valid_until=format_date(e.valid_until, lang),
            sources=source_refs(m, e.sources, lang),
        )
        for e in m.incoming.get(node_id, [])
        if e.type != "member_of"
    ]
    return out, into


def member_rows(m: Map, node: Node, lang: str) -> list[MemberRow]:
    return [
        MemberRow(
            link=link(m, mem.id, lang),
            role=role_label(mem.role, lang),
            label=bilingual(mem.label, mem.label_en, lang),
            valid_from=format_date(mem.valid_from, lang),
            valid_until=format_date(mem.valid_until, lang),
            vacant=mem.vacant,
            inferred=mem.inferred,
            sources=source_refs(m, mem.sources, lang),
        )
        for mem in node.members
    ]


def path_steps(m: Map, node_id: str, lang: str) -> list[PathStep] | None:
    """The path to a decision body as linked steps; [] for a decision body, None if none."""
    steps = decision_path(m, node_id)
    if steps is None:
        return None
    return [
        PathStep(link(m, s.source, lang), s.phrase(lang), link(m, s.target, lang)) for s in steps
    ]


def meeting_rows(m: Map, node: Node, lang: str) -> list[MeetingRow]:
    rows = []
    meetings = sorted(node.meetings, key=lambda x: (x.date or dt.date.min, x.title))
    for meeting in meetings:
        when = format_date(meeting.date, lang) or (
            (meeting.when_en if lang == "en" and meeting.when_en else meeting.when) or ""
        )
        if meeting.end_date:
            when = f"{when} – {format_date(meeting.end_date, lang)}"
        place = ""
        if meeting.place and meeting.place in m.places:
            place = m.places[meeting.place].name
        note = meeting.place_note_en if lang == "en" and meeting.place_note_en else None
        note = note or meeting.place_note
        if note:
            place = f"{place} ({note})" if place else note
        sv, en = MEETING_STATUS_LABELS[meeting.status.value]
        rows.append(
            MeetingRow(
                title=bilingual(meeting.title, meeting.title_en, lang) or Bilingual(""),
                when=when,
                time=meeting.time or "",
                place=place,
                status=en if lang == "en" else sv,
                sources=source_refs(m, meeting.sources, lang),
                id=meeting.id,
            )
        )
    return rows


def meets_rows(m: Map, node: Node, lang: str) -> list[tuple[str, str]]:
    """Where and when a body usually meets, as (label, value) pairs."""
    if node.meets is None:
        return []
    rows = []
    if node.meets.place:
        place = m.places.get(node.meets.place)
        name = place.name if place else node.meets.place
        if place and place.address and place.address not in name:
            name = f"{name}, {place.address}"
        rows.append((text("meets_place", lang), name))
    if node.meets.time:
        rows.append((text("meets_time", lang), node.meets.time))
    if node.meets.frequency:
        rows.append((text("meets_frequency", lang), node.meets.frequency))
    return rows


def validity_text(node: Node, lang: str) -> str:
    """'från 8 februari 2023 till 31 december 2023' (+ '(tolkat från när det nämns)')."""
    parts = []
    if node.valid_from:
        parts.append(text("valid_from", lang).format(d=format_date(node.valid_from, lang)))
    if node.valid_until:
        parts.append(text("valid_until", lang).format(d=format_date(node.valid_until, lang)))
    if parts and node.dates_inferred:
        parts.append(text("valid_inferred", lang))
    return " ".join(parts)


def node_page(m: Map, node_id: str, lang: str) -> NodePage | None:
    """Everything a body's page shows, or None for an unknown id."""
    node = m.nodes.get(node_id)
    if node is None:
        return None
    contact = None
    if node.contact is not None and node.contact.via != node.id:
        c = node.contact
        contact = ContactView(
            function=function_label(c.function.value, lang),
            via=link(m, c.via, lang),
            url=c.url,
            note=bilingual(c.note, c.note_en, lang),
            inferred=c.inferred,
            sources=source_refs(m, c.sources, lang),
        )
    out, into = relation_rows(m, node_id, lang)
    path = path_steps(m, node_id, lang)
    decider = path[-1].target if path else None
    texts = node_texts(m, node, lang)
    return NodePage(
        node=node,
        name=texts.name,
        kind_label=capitalise(texts.kind_label),
        description=texts.description,
        themes=[Option(t, name) for t, name in texts.themes],
        audiences=texts.audiences,
        contact=contact,
        meets=meets_rows(m, node, lang),
        members=member_rows(m, node, lang),
        relations_out=out,
        relations_in=into,
        path=path,
        decider=decider,
        meetings=meeting_rows(m, node, lang),
        sources=source_refs(m, node.sources, lang),
        reviewed=format_date(node.reviewed, lang),
        valid=validity_text(node, lang),
        how_to_take_part=texts.how_to_take_part,
        note=texts.note,
        name_swedish=texts.name_swedish,
        decision=decision_view(m, node_id, lang),
        raises=raise_rows(m, node_id, lang),
        raised_by=[link(m, i, lang) for i in _raised_by(m, node_id)],
        reach=contact_route_view(m, node_id, lang),
    )


def _raised_by(m: Map, node_id: str) -> list[str]:
    from kartan import decisions as dm

    return dm.raised_here(m, node_id)


# --- start page preview -----------------------------------------------------------------


@dataclass(frozen=True)
class PreviewDot:
    x: float
    y: float
    r: float
    colour: str


@dataclass(frozen=True)
class PreviewLine:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Preview:
    width: int
    height: int
    dots: list[PreviewDot]
    lines: list[PreviewLine]


def preview(
    m: Map, pos: dict[str, tuple[float, float]], width: int = 640, height: int = 400
) -> Preview:
    """A small picture of the map (SVG dots and lines) from the layout's positions."""
    placed = {k: v for k, v in pos.items() if k in m.nodes}
    if not placed:
        return Preview(width, height, [], [])
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    pad = 12.0
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    # the middle of the positions at the middle of the picture (a single body too)
    off_x = width / 2 - (min(xs) + max(xs)) / 2 * scale
    off_y = height / 2 - (min(ys) + max(ys)) / 2 * scale

    def at(node_id: str) -> tuple[float, float]:
        x, y = placed[node_id]
        return round(x * scale + off_x, 1), round(y * scale + off_y, 1)

    radius = 5.0 if len(placed) < 400 else 2.5
    dots = []
    for node in m.data.nodes:
        if node.id in placed:
            x, y = at(node.id)
            big = node.kind.value in {"decision_body", "council", "forum", "network"}
            style = kind_style(node.kind.value)
            dots.append(PreviewDot(x, y, radius * (1.5 if big else 1.0), style.colour))
    lines = []
    if len(m.edges) <= 4000:
        for e in m.edges:
            if e.source in placed and e.target in placed:
                (x1, y1), (x2, y2) = at(e.source), at(e.target)
                lines.append(PreviewLine(x1, y1, x2, y2))
    return Preview(width, height, dots, lines)


# --- analysis ---------------------------------------------------------------------------

ANALYSIS_LIMIT = 100


@dataclass(frozen=True)
class Ref:
    """A link by URL and name (a node's page or a filtered directory)."""

    url: str
    name: str
    swedish: bool = False

    @property
    def lang_attr(self) -> Markup:
        return sv_attr(self.swedish)


@dataclass
class AnalysisItem:
    links: list[Ref]
    text: str = ""


@dataclass
class AnalysisSection:
    key: str
    title: str
    help: str
    items: list[AnalysisItem]
    total: int
    counts: list[tuple[str, int]] = field(default_factory=list)


def _ref(m: Map, node_id: str, lang: str) -> Ref:
    target = link(m, node_id, lang)
    return Ref(target.url, target.name, target.swedish)


def _section(key: str, items: list[AnalysisItem]) -> AnalysisSection:
    return AnalysisSection(
        key=key,
        title=f"analysis_{key}",
        help=f"analysis_{key}_help",
        items=items[:ANALYSIS_LIMIT],
        total=len(items),
    )


def _matter_title(m: Map, matter_id: str, lang: str) -> str:
    x = m.matters[matter_id]
    return x.title_en if lang == "en" and x.title_en else x.title


def analysis_sections(
    m: Map, lang: str, today: dt.date, stale_days: int = STALE_DAYS
) -> list[AnalysisSection]:
    """The analysis page: fragile points, missing paths and forums, stale entries."""
    from kartan import analysis as an

    en = lang == "en"
    cuts = [
        AnalysisItem([_ref(m, c.id, lang)], c.text_en if en else c.text)
        for c in an.articulation_points(m)
    ]
    bridges = [
        AnalysisItem(
            [_ref(m, b.source, lang), _ref(m, b.target, lang)], b.text_en if en else b.text
        )
        for b in an.bridges(m)
    ]
    themes = [
        AnalysisItem(
            [Ref(f"/noder?theme={g.id}", theme_name(m, g.id, lang))], g.text_en if en else g.text
        )
        for g in an.themes_without_forum(m)
    ]
    stale = [
        AnalysisItem(
            [_ref(m, s.id, lang)],
            text("reviewed_on", lang).format(d=format_date(s.reviewed, lang))
            if s.reviewed
            else text("never_reviewed", lang),
        )
        for s in an.stale_nodes(m, today, stale_days)
    ]
    shared = [
        AnalysisItem(
            [_ref(m, p.a, lang), _ref(m, p.b, lang)],
            text("in_common", lang).format(
                names=", ".join(link(m, i, lang).name for i in p.shared)
            ),
        )
        for p in an.shared_members(m)
    ]
    silent = [  # matters (issue 17): one item per matter, with the body it was sent to
        AnalysisItem(
            [Ref(f"/arenden#{i}", _matter_title(m, i, lang)), _ref(m, r.body, lang)],
            text(key_for("analysis_sent_without_report", r.sent), lang).format(
                name=mid_sentence(link(m, r.body, lang).name), n=len(r.without), sent=r.sent
            ),
        )
        for r in an.matters_without_report_back(m)
        for i in r.without
    ]
    from kartan import decisions as dm

    unknown_all = dm.unknown_deciders(m)
    unknown = [
        AnalysisItem(
            [_ref(m, u.id, lang)],
            "; ".join(
                x
                for x in (
                    kind_label(u.kind, lang),
                    text("analysis_own_steering", lang).format(name=link(m, u.steering, lang).name)
                    if u.steering
                    else "",
                    text("analysis_ask", lang).format(name=link(m, u.ask, lang).name)
                    if u.ask and u.ask != u.id
                    else "",
                )
                if x
            ),
        )
        for u in unknown_all
    ]
    unknown_section = _section("unknown", unknown)
    unknown_section.counts = [
        (kind_plural(k, lang), n) for k, n in dm.unknown_counts(unknown_all).items()
    ]
    return [
        unknown_section,
        _section("cut", cuts),
        _section("bridges", bridges),
        _section("themes", themes),
        _section("stale", stale),
        _section("shared", shared),
        _section("matters", silent),
    ]
