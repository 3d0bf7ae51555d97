"""Matters (issue 17) as the API and the pages show them.

:mod:`kartan.matters` computes; this module shapes: the JSON of ``GET /api/matters``
(:class:`MatterOut`), and the plain view objects of the "Ärenden" page, the matters
box on body pages and the guide's "Rådet har behandlat frågan: …".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Unpack

from pydantic import Field

from api import pageviews as pv
from api.i18n import text
from api.schemas import MeetingBrief, Out, SourceOut
from api.views import sources_out
from kartan import present
from kartan.labels import MATTER_KIND_LABELS, MATTER_STATE_LABELS, kind_label
from kartan.map import Map
from kartan.matters import (
    MatterFilters,
    later_until,
    match_matters,
    matter_state,
    matters_at_meeting,
    meeting_index,
    parse_citation,
    report_back_by_body,
    select_matters,
)
from kartan.model import Matter, MatterKind, MatterState, Meeting
from kartan.present import Bilingual, bilingual

# --------------------------------------------------------------------------- JSON


class MatterNodeOut(Out):
    """A body or organisation a matter went to or that carries it on."""

    id: str
    name: str
    name_en: str | None
    kind: str
    kind_label: str


class CarrierOut(MatterNodeOut):
    inferred: bool = Field(description="True when read from a person to their organisation.")
    note: str | None
    note_en: str | None
    sources: list[SourceOut]


class MatterMeetingOut(MeetingBrief):
    """The meeting where a matter was handled, or where it appeared again."""

    organiser: str = Field(description="Node id of the body whose meeting it is.")


class AppearanceOut(Out):
    """A later appearance of a matter in the minutes of a later meeting."""

    meeting: MatterMeetingOut
    matter: str | None = Field(description="Id of the matter at that meeting, if any.")
    text: str = Field(description="What the later minutes say, in their words.")
    text_en: str | None
    inferred: bool
    note: str | None
    note_en: str | None
    sources: list[SourceOut]


class MatterOut(Out):
    """A matter the council handled: kind, outcome, who carries it, where it went, state."""

    id: str
    title: str
    title_en: str | None
    meeting: MatterMeetingOut
    item: str = Field(description="The item of the minutes, e.g. `001 §5`.")
    item_title: str | None
    item_title_en: str | None
    label: str | None = Field(description="The kind as the minutes label it (Beslut …).")
    kind: str
    kind_label: str
    kind_label_en: str
    state: str = Field(
        description="followed_up, no_report_back (sent elsewhere, never seen again), "
        "not_taken_up_again or concluded."
    )
    state_label: str
    state_label_en: str
    outcome: str = Field(description="The outcome in the minutes' words.")
    outcome_en: str | None
    carried_by: list[CarrierOut]
    went_to: MatterNodeOut | None
    themes: list[str]
    later: list[AppearanceOut]
    inferred: bool
    note: str | None
    note_en: str | None
    sources: list[SourceOut]


class MatterList(Out):
    total: int
    items: list[MatterOut]


def _node_out(m: Map, node_id: str) -> MatterNodeOut:
    n = m.nodes.get(node_id)
    if n is None:
        return MatterNodeOut(id=node_id, name=node_id, name_en=None, kind="", kind_label="")
    kind = n.kind.value
    return MatterNodeOut(
        id=n.id, name=n.name, name_en=n.name_en, kind=kind, kind_label=kind_label(kind)
    )


_BRIEF_FIELDS = set(MeetingBrief.model_fields)  # what a meeting gives a matter's meeting


def _meeting_out(m: Map, meeting_id: str) -> MatterMeetingOut:
    found = meeting_index(m).get(meeting_id)
    if found is None:
        return MatterMeetingOut(id=meeting_id, title=meeting_id, date=None, when=None, organiser="")
    node, mt = found
    brief = mt.model_dump(include=_BRIEF_FIELDS)
    return MatterMeetingOut(**brief, organiser=node.id)


def _item_titles(m: Map, item: str) -> tuple[str | None, str | None]:
    cited = parse_citation(item)
    source = m.sources.get(cited.doc) if cited else None
    if cited is None or source is None:
        return None, None
    found = next((i for i in source.items if i.ref == cited.item), None)
    return (found.title, found.title_en) if found else (None, None)


def matter_out(m: Map, x: Matter, at: dt.date | None = None) -> MatterOut:
    """One matter as JSON (its state and later appearances as they stood on ``at``)."""
    state = matter_state(m, x, at)
    item_title, item_title_en = _item_titles(m, x.item)
    carriers = []
    for c in x.carried_by:
        base = _node_out(m, c.id)
        carriers.append(CarrierOut.of(c, **base.model_dump(), sources=sources_out(m, c.sources)))
    later = [
        AppearanceOut.of(a, meeting=_meeting_out(m, a.meeting), sources=sources_out(m, a.sources))
        for i, a in enumerate(x.later)
        if i in later_until(m, x, at)
    ]
    return MatterOut.of(
        x,
        meeting=_meeting_out(m, x.meeting),
        item_title=item_title,
        item_title_en=item_title_en,
        kind=x.kind.value,
        kind_label=x.kind.label_sv,
        kind_label_en=x.kind.label_en,
        state=state.value,
        state_label=state.label_sv,
        state_label_en=state.label_en,
        carried_by=carriers,
        went_to=_node_out(m, x.went_to) if x.went_to else None,
        later=later,
        sources=sources_out(m, x.sources),
    )


def matter_list(m: Map, **filters: Unpack[MatterFilters]) -> MatterList:
    """The matters :func:`select_matters` keeps for ``filters``, as the API returns them."""
    found = select_matters(m, **filters)
    items = [matter_out(m, x, filters.get("at")) for x in found]
    return MatterList(total=len(items), items=items)


# --------------------------------------------------------------------------- pages


def _pick(lang: str, sv: str, en: str | None) -> str:
    return en if lang == "en" and en else sv


def _meeting_title(mt: Meeting | None, meeting_id: str, lang: str) -> Bilingual:
    """A meeting's title in the page's language (the Swedish one marked when it is all the
    data has); the meeting's id when the data has no such meeting."""
    if mt is None:
        return Bilingual(meeting_id)
    return bilingual(mt.title, mt.title_en, lang) or Bilingual(meeting_id)


def _meeting_when(mt: Meeting | None, lang: str) -> str:
    """A meeting's date, or its time as the minutes give it when there is no date."""
    if mt is None:
        return ""
    if mt.date:
        return pv.format_date(mt.date, lang)
    return _pick(lang, mt.when or "", mt.when_en)


def names_section(item: str) -> bool:
    """Whether an item of the minutes names its section itself, in «…» (``003 «Klimat»``)
    rather than by number (``001 §5``).

    >>> names_section("003 «Klimat»"), names_section("001 §5")
    (True, False)
    """
    cited = parse_citation(item)
    return cited is not None and (cited.item or "").startswith("«")


def shown_item_title(m: Map, item: str, lang: str) -> Bilingual | None:
    """The title of a matter's item to show after the item, or None.

    An item that names its section (``003 «Klimat»``) shows no Swedish title again: the
    name is already there; on an English page it shows the English title when the data
    has one.  A numbered item (``001 §5``) shows its title in the page's language, the
    Swedish one marked when the data has no English.
    """
    sv, en = _item_titles(m, item)
    if not sv:
        return None
    shown = bilingual(sv, en, lang)
    if shown is None or (names_section(item) and (lang != "en" or shown.swedish)):
        return None
    return shown


def matter_href(matter_id: str, lang: str, shown: Container[str] = ()) -> str:
    """Where a link to a matter points: an anchor on this page when the page shows the
    matter (``shown``), else the matter on the unfiltered Ärenden page in the page's
    language.

    >>> matter_href("a", "en", {"a"}), matter_href("b", "en", {"a"})
    ('#a', '/arenden?lang=en#b')
    """
    if matter_id in shown:
        return f"#{matter_id}"
    return f"/arenden?lang={lang}#{matter_id}"


@dataclass
class LaterView:
    when: str
    meeting_title: Bilingual
    text: str
    text_is_sv: bool
    inferred: bool
    note: str | None
    matter_anchor: str | None
    sources: list[SourceOut]


@dataclass
class ThemeView:
    id: str
    name: str


@dataclass
class CarrierView:
    link: pv.Link
    inferred: bool
    note: str | None


@dataclass
class MatterView:
    """One matter, ready for a template in one language."""

    id: str
    title: str
    title_is_sv: bool
    date: dt.date | None
    when: str
    meeting_title: Bilingual
    organiser: pv.Link | None
    item: str
    item_names_section: bool  # ``003 «Klimat»``: the item names its section (in Swedish)
    item_title: Bilingual | None
    label: str | None
    kind: str
    kind_label: str
    state: str
    state_label: str
    outcome: str
    outcome_is_sv: bool
    carriers: list[CarrierView]
    went_to: pv.Link | None
    themes: list[ThemeView]
    later: list[LaterView]
    note: str | None
    sources: list[SourceOut]


def matter_view(m: Map, x: Matter, lang: str, at: dt.date | None = None) -> MatterView:
    state = matter_state(m, x, at)
    index = meeting_index(m)
    found = index.get(x.meeting)
    node, mt = found if found else (None, None)
    later = []
    for i, a in enumerate(x.later):
        if i not in later_until(m, x, at):
            continue
        lf = index.get(a.meeting)
        lmt = lf[1] if lf else None
        later.append(
            LaterView(
                when=_meeting_when(lmt, lang) or a.meeting,
                meeting_title=_meeting_title(lmt, a.meeting, lang),
                text=_pick(lang, a.text, a.text_en),
                text_is_sv=not (lang == "en" and a.text_en),
                inferred=a.inferred,
                note=_pick(lang, a.note, a.note_en) if a.note else None,
                matter_anchor=a.matter,
                sources=sources_out(m, a.sources),
            )
        )
    return MatterView(
        id=x.id,
        title=_pick(lang, x.title, x.title_en),
        title_is_sv=not (lang == "en" and x.title_en),
        date=mt.date if mt else None,
        when=_meeting_when(mt, lang),
        meeting_title=_meeting_title(mt, x.meeting, lang),
        organiser=pv.link(m, node.id, lang) if node else None,
        item=x.item,
        item_names_section=names_section(x.item),
        item_title=shown_item_title(m, x.item, lang),
        label=x.label,
        kind=x.kind.value,
        kind_label=MATTER_KIND_LABELS[x.kind.value][1 if lang == "en" else 0],
        state=state.value,
        state_label=MATTER_STATE_LABELS[state.value][1 if lang == "en" else 0],
        outcome=_pick(lang, x.outcome, x.outcome_en),
        outcome_is_sv=not (lang == "en" and x.outcome_en),
        carriers=[
            CarrierView(
                link=pv.link(m, c.id, lang),
                inferred=c.inferred,
                note=_pick(lang, c.note, c.note_en) if c.note else None,
            )
            for c in x.carried_by
        ],
        went_to=pv.link(m, x.went_to, lang) if x.went_to else None,
        themes=[ThemeView(t, present.theme_name(m, t, lang)) for t in x.themes],
        later=later,
        note=_pick(lang, x.note, x.note_en) if x.note else None,
        sources=sources_out(m, x.sources),
    )


@dataclass
class TimelineMeeting:
    """One meeting on the timeline with the matters handled there."""

    id: str
    date: dt.date | None
    when: str
    title: Bilingual
    organiser: pv.Link | None
    matters: list[MatterView] = field(default_factory=list)


def timeline(m: Map, views: list[MatterView]) -> list[TimelineMeeting]:
    """Matters grouped by meeting, oldest meeting first (``views`` are already by date)."""
    out: dict[str, TimelineMeeting] = {}
    by_id = {x.id: x for x in m.data.matters}
    for v in views:
        meeting_id = by_id[v.id].meeting
        if meeting_id not in out:
            out[meeting_id] = TimelineMeeting(
                id=meeting_id,
                date=v.date,
                when=v.when,
                title=v.meeting_title,
                organiser=v.organiser,
            )
        out[meeting_id].matters.append(v)
    return list(out.values())


@dataclass
class Option:
    value: str
    label: str
    count: int


def kind_options(m: Map, lang: str) -> list[Option]:
    i = 1 if lang == "en" else 0
    return [
        Option(k.value, MATTER_KIND_LABELS[k.value][i], len(select_matters(m, kind=k.value)))
        for k in MatterKind
    ]


def state_options(m: Map, lang: str) -> list[Option]:
    i = 1 if lang == "en" else 0
    return [
        Option(s.value, MATTER_STATE_LABELS[s.value][i], len(select_matters(m, state=s.value)))
        for s in MatterState
    ]


@dataclass
class ReportBackRow:
    body: pv.Link
    sent: int
    without: list[MatterView]


def report_back_rows(m: Map, lang: str) -> list[ReportBackRow]:
    """Matters sent elsewhere by receiving body, with those never reported back."""
    return [
        ReportBackRow(
            body=pv.link(m, r.body, lang),
            sent=len(r.sent),
            without=[matter_view(m, m.matters[i], lang) for i in r.without_report_back],
        )
        for r in report_back_by_body(m)
    ]


@dataclass
class BodyMatters:
    """The matters box of a body page."""

    sent_here: list[MatterView]
    carried: list[MatterView]
    at_meetings: list[TimelineMeeting]

    @property
    def empty(self) -> bool:
        return not (self.sent_here or self.carried or self.at_meetings)


def body_matters(m: Map, node_id: str, lang: str) -> BodyMatters:
    """Matters sent to a body, matters it carries on, and matters handled at its meetings."""
    node = m.nodes.get(node_id)
    own = {mt.id for mt in node.meetings} if node else set()
    # sent here: from elsewhere (a matter kept in the council at its own meeting is not "sent")
    sent = [x for x in select_matters(m) if x.went_to == node_id and x.meeting not in own]
    sent_ids = {x.id for x in sent}
    carried = [
        x
        for x in select_matters(m, body=node_id)
        if x.id not in sent_ids and any(c.id == node_id for c in x.carried_by)
    ]
    meetings: list[TimelineMeeting] = []
    for mt in node.meetings if node else []:
        here = matters_at_meeting(m, mt.id)
        if here:
            views = [matter_view(m, x, lang) for x in here]
            meetings.append(
                TimelineMeeting(
                    id=mt.id,
                    date=mt.date,
                    when=_meeting_when(mt, lang),
                    title=_meeting_title(mt, mt.id, lang),
                    organiser=None,
                    matters=views,
                )
            )
    return BodyMatters(
        sent_here=[matter_view(m, x, lang) for x in sent],
        carried=[matter_view(m, x, lang) for x in carried],
        at_meetings=meetings,
    )


def meeting_matter_titles(m: Map, meeting_id: str, lang: str) -> list[tuple[str, str]]:
    """(id, title) of the matters handled at a meeting, for meeting entries."""
    return [(x.id, _pick(lang, x.title, x.title_en)) for x in matters_at_meeting(m, meeting_id)]


def guide_matters(m: Map, question: str, lang: str) -> list[MatterView]:
    """Matters the council has handled that match a guide question, best first."""
    return [matter_view(m, x, lang) for x in match_matters(m, question)]


class GuideMatter(Out):
    """A matter the council has handled that matches the guide's question (issue 17)."""

    id: str
    title: str
    title_en: str | None
    text: str = Field(description="'Rådet har behandlat frågan: …' with meeting and state.")
    text_en: str
    state: str
    meeting_date: dt.date | None
    url: str = Field(description="The matter on the Ärenden page.")


def guide_matter_items(m: Map, question: str) -> list[GuideMatter]:
    """The guide's "Rådet har behandlat frågan: …" items for a question (JSON)."""
    out = []
    for x in match_matters(m, question):
        state = matter_state(m, x)
        found = meeting_index(m).get(x.meeting)
        day = found[1].date if found else None
        when_sv = pv.format_date(day, "sv") if day else x.meeting
        when_en = pv.format_date(day, "en") if day else x.meeting
        out.append(
            GuideMatter(
                id=x.id,
                title=x.title,
                title_en=x.title_en,
                text=text("guide_matter_handled", "sv").format(
                    title=x.title, when=when_sv, item=x.item, state=state.label_sv
                ),
                text_en=text("guide_matter_handled", "en").format(
                    title=x.title_en or x.title, when=when_en, item=x.item, state=state.label_en
                ),
                state=state.value,
                meeting_date=day,
                url=f"/arenden#{x.id}",
            )
        )
    return out
