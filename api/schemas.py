"""Response models of the API (what it returns); query parameters are declared in the routes.

JSON fields are English; content (names, phrases, sentences) is Swedish, with ``*_en``
fields where the data or the labels have English.  Lists come as ``{"total", "items"}``.
The shapes of :class:`GraphOut` and :class:`NodeDetail` are used by the frontend and
documented in ``docs/api.md``: add fields, never rename or remove one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """Base of every response model."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def of(cls, record: object, **given: Any) -> Self:
        """This shape of ``record`` (a :mod:`kartan` result): each field not ``given`` is the
        record's attribute of the same name (a tuple becomes the field's list).

        >>> class Pair(Out):
        ...     a: str
        ...     b: list[str]
        ...     c: int
        >>> from types import SimpleNamespace
        >>> Pair.of(SimpleNamespace(a="x", b=("y", "z"), c=1), c=2)
        Pair(a='x', b=['y', 'z'], c=2)
        """
        copied = {name: getattr(record, name) for name in cls.model_fields if name not in given}
        return cls(**copied, **given)


class ErrorOut(Out):
    """Every error: a readable ``detail`` (Swedish and English); ``errors`` for 422."""

    detail: str = Field(description="What went wrong, in Swedish and English.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For 422: each invalid parameter (loc, msg, type)."
    )


# --- /api/map --------------------------------------------------------------------------


class MapOut(Out):
    """The map's header: title, owner, data version, counts."""

    title: str
    title_en: str | None
    description: str | None
    owner: str = Field(description="Node id of the body that keeps the map current.")
    owner_name: str | None
    version: str = Field(description="Content hash of the data file being served.")
    loaded_at: dt.datetime
    as_of: dt.date | None = Field(description="The date asked for with `at=`, else null.")
    counts: dict[str, int]
    ownership_open: str | None = Field(
        default=None,
        description="Set when the sources leave the map's ownership open: what they say "
        "(Swedish; `ownership_open_en` in English). The owner then keeps the map "
        "provisionally.",
    )
    ownership_open_en: str | None = None


# --- nodes -----------------------------------------------------------------------------


class NodeSummary(Out):
    """A node in lists."""

    id: str
    name: str
    name_en: str | None
    kind: str
    kind_label: str = Field(description="The kind in Swedish.")
    kind_label_en: str
    aliases: list[str]
    themes: list[str] = Field(description="Theme ids.")
    audiences: list[str] = Field(description="Audience ids (who the body is for).")
    entry_point: bool
    external: bool
    description: str | None
    reviewed: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    dates_inferred: bool = Field(
        default=False,
        description="`valid_from`/`valid_until` are read from when the minutes first or last "
        "mention the body, not a start or end they state.",
    )


class NodeList(Out):
    total: int = Field(description="Number of matching nodes (before limit/offset).")
    limit: int
    offset: int
    items: list[NodeSummary]


class Ref(Out):
    """An id with its name (a theme, an audience, a node)."""

    id: str
    name: str
    name_en: str | None = None


class NodeRef(Out):
    """A node named in another node's details."""

    id: str
    name: str
    kind: str
    kind_label: str


class PlaceOut(Out):
    id: str
    name: str
    address: str | None


class SourceOut(Out):
    """A source reference expanded with the document's title and date."""

    ref: str = Field(description="The reference as written, e.g. `001 §5 L208`.")
    id: str
    item: str | None = Field(description="What in the document is cited, e.g. `§5 L208`.")
    title: str | None
    date: dt.date | None


class ContactOut(Out):
    """How to reach a body: a function held by an organisation, never a person."""

    function: str
    function_label: str
    function_label_en: str
    via: str
    via_name: str
    url: str | None
    note: str | None
    note_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    inferred: bool
    text: str = Field(description="E.g. `sekreterare via Kommunledningsförvaltningen`.")
    sources: list[SourceOut]


class MeetsOut(Out):
    place: PlaceOut | None
    time: str | None
    frequency: str | None


class SeatOut(Out):
    """A seat: the organisation or body at the other end (``id``) and the role."""

    id: str
    name: str
    kind: str
    role: str
    role_label: str
    role_label_en: str


class MemberOut(SeatOut):
    """A seat in a body, held by an organisation (``id``) in a role."""

    label: str | None = Field(description="Swedish nuance of the role from the data.")
    vacant: bool
    inferred: bool
    note: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    sources: list[SourceOut]


class MembershipOut(SeatOut):
    """A seat this node holds in another body (``id``)."""

    label: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    sources: list[SourceOut]


class RelationOut(Out):
    """A relation read from the node's side: ``<node> <relation> <other>``."""

    type: str
    direction: Literal["outgoing", "incoming"]
    other: str = Field(description="Id of the node at the other end.")
    other_name: str
    other_kind: str
    relation: str = Field(description="The phrase in Swedish, read from this node.")
    relation_en: str
    label: str | None = Field(description="Swedish nuance from the data, e.g. `driver`.")
    text: str = Field(description="The whole sentence in Swedish.")
    inferred: bool
    note: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    sources: list[SourceOut]


class MeetingBrief(Out):
    """A meeting by its id, title and time (the Swedish is the original)."""

    id: str
    title: str
    title_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    date: dt.date | None
    when: str | None
    when_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )


class MeetingOut(MeetingBrief):
    end_date: dt.date | None
    time: str | None
    place: PlaceOut | None
    place_note: str | None
    place_note_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    status: str
    status_label: str
    about: str | None
    description: str | None
    description_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    inferred: bool
    sources: list[SourceOut]
    matters: list[str] = Field(
        default_factory=list,
        description="Ids of the matters handled at this meeting (see `/api/matters`).",
    )


class PathStep(Out):
    """One step of a chain of bodies, with the relation in plain Swedish."""

    from_: str = Field(serialization_alias="from")
    to: str
    from_name: str
    to_name: str
    type: str
    direction: Literal["forward", "backward"] = Field(
        description="forward: along the relation as written; backward: against it."
    )
    role: str | None
    relation: str = Field(description="The relation read from `from` to `to`, in Swedish.")
    text: str = Field(description="The step as a Swedish sentence.")
    sources: list[str]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- who decides, and how to reach them (issue 9) ----------------------------------------


class AskOut(Out):
    """Where to ask when the map does not know who decides: the nearest entry point."""

    id: str
    name: str
    route: list[PathStep] = Field(description="From the body to the entry point.")
    text: str = Field(description="In Swedish, e.g. `Fråga En väg in (…)`.")
    text_en: str


class DecisionOut(Out):
    """Who decides about the body, as far as the minutes tell."""

    status: Literal["self", "known", "unknown"] = Field(
        description="`self`: a decision body; `known`: `path_to_decision` ends at `decider`; "
        "`unknown`: the map does not know who decides."
    )
    decider: str | None = Field(description="The decision body (decides for the municipality).")
    decider_name: str | None
    steering: str | None = Field(
        description="The body's own steering (a council's AU, a project's steering group) "
        "when a decision relation leads there; it does not decide for the municipality."
    )
    steering_name: str | None
    ask: AskOut | None = Field(description="Where to ask when `status` is `unknown`.")
    text: str = Field(description="The answer in plain Swedish.")
    text_en: str


class RaiseOut(Out):
    """A way to raise a matter: a seat or a part in an arena (never a chain of decision)."""

    arena: str
    arena_name: str
    arena_kind: str
    role: str | None = Field(description="The seat's role when it is a membership.")
    how: str = Field(description="The seat or part in Swedish, e.g. `representant`.")
    how_en: str
    via: str | None = Field(description="The body the seat goes through (two-step routes).")
    via_name: str | None
    arena_decision: str = Field(description="Who decides about the arena's matters (Swedish).")
    text: str
    text_en: str


class ContactRouteOut(Out):
    """How to reach the body: its own contact, or the nearest body's with the route."""

    own: bool = Field(description="true: the body's own contact function.")
    holder: str = Field(description="The body whose contact function it is.")
    holder_name: str
    function: str
    function_label: str
    function_label_en: str
    via: str = Field(description="The organisation or administration holding the function.")
    via_name: str
    url: str | None
    inferred: bool
    route: list[PathStep] = Field(description="From the body to `holder`; [] when own.")
    text: str = Field(description="In Swedish, with the route ('via …').")
    text_en: str
    sources: list[SourceOut]


class NodeHead(Out):
    """A node's id, name and kind (with the kind's label in Swedish and English)."""

    id: str
    name: str
    name_en: str | None
    kind: str
    kind_label: str
    kind_label_en: str


class NodeDetail(NodeHead):
    """A node with everything known about it."""

    aliases: list[str]
    description: str | None
    description_en: str | None
    themes: list[Ref]
    audiences: list[Ref]
    entry_point: bool
    how_to_take_part: str | None
    how_to_take_part_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    meets: MeetsOut | None
    contact: ContactOut | None
    url: str | None
    external: bool
    inferred: bool
    reviewed: dt.date | None
    note: str | None
    note_en: str | None = Field(
        default=None, description="English translation (the Swedish is the original)."
    )
    valid_from: dt.date | None
    valid_until: dt.date | None
    sources: list[SourceOut]
    members: list[MemberOut] = Field(description="Organisations with a seat in this body.")
    member_of: list[MembershipOut] = Field(description="Bodies in which this node has a seat.")
    outgoing: list[RelationOut] = Field(description="Relations from this node (not seats).")
    incoming: list[RelationOut] = Field(description="Relations to this node (not seats).")
    meetings: list[MeetingOut]
    path_to_decision: list[PathStep] | None = Field(
        description="Steps to the nearest decision body; [] for a decision body itself; "
        "null when there is no path."
    )
    path_to_decision_text: str = Field(description="The path in one Swedish sentence.")
    dates_inferred: bool = Field(
        default=False,
        description="`valid_from`/`valid_until` come from when the minutes first or last "
        "mention the body (attestation), not a start or end they state.",
    )
    who_decides: DecisionOut | None = Field(
        default=None,
        description="Who decides, over decision relations only (never a membership), or "
        "that the map does not know and where to ask.",
    )
    ways_to_raise: list[RaiseOut] = Field(
        default_factory=list,
        description="Where this body can raise a matter: its seats and parts (a route of "
        "influence, not a chain of decision).",
    )
    raised_by: list[str] = Field(
        default_factory=list,
        description="Ids of the members and participants who can raise a matter here.",
    )
    contact_route: ContactRouteOut | None = Field(
        default=None,
        description="How to reach the body: its own contact, or the nearest body with one "
        "along relations the minutes support; null when none is known.",
    )


# --- graph -----------------------------------------------------------------------------


class GraphNode(NodeHead):
    """A node for drawing: id, name, kind, themes, and its position in px."""

    themes: list[str]
    audiences: list[str]
    aliases: list[str]
    entry_point: bool
    external: bool
    inferred: bool
    valid_from: dt.date | None
    valid_until: dt.date | None
    sector: str = Field(
        default="forums",
        description="The region of the map it is drawn in: forums, politics, municipality, "
        "civil, state or business (from its kind, its `sector` or its relations).",
    )
    dates_inferred: bool = False
    x: float
    y: float


class GraphEdge(Out):
    """An edge for drawing: memberships are ``member_of`` from member to body."""

    id: str = Field(description="Stable key, e.g. `samverkansradet/members/0`.")
    from_: str = Field(serialization_alias="from")
    to: str
    type: str
    label: str = Field(description="The relation in Swedish (or the data's nuance label).")
    label_en: str
    role: str | None
    role_label: str | None
    inferred: bool
    valid_from: dt.date | None
    valid_until: dt.date | None
    family: str = Field(
        default="collaboration",
        description="How the relation carries a matter: `decision` (a chain towards a "
        "decision), `raise` (a seat or part: a way to raise a matter, never a chain of "
        "decision), `funding` or `collaboration`.",
    )
    family_label: str = ""
    family_label_en: str = ""
    dates_inferred: bool = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RegionOut(Out):
    """A labelled region of the map: one sector's box in px, and the box of its nodes
    without any known link (``lone``: x0, y0, x1, y1)."""

    sector: str
    label: str
    label_en: str
    x0: float
    y0: float
    x1: float
    y1: float
    count: int
    lone: list[float] | None = None
    lone_count: int = 0


class GraphOut(Out):
    """The whole map as node-link JSON."""

    version: str
    as_of: dt.date | None
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    regions: list[RegionOut] = Field(
        default_factory=list, description="The map's labelled regions by sector."
    )


class NeighboursOut(Out):
    """The nodes within ``depth`` steps of ``center`` and the edges among them."""

    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


# --- path ------------------------------------------------------------------------------


class PathOut(Out):
    """The chain of bodies between two nodes."""

    from_: str = Field(serialization_alias="from")
    to: str
    length: int
    ids: list[str] = Field(description="The node ids along the path, `from` first.")
    steps: list[PathStep]
    text: str = Field(description="The whole chain as Swedish sentences.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- search and guide ------------------------------------------------------------------


class SearchItem(Out):
    id: str
    name: str
    name_en: str | None = Field(
        default=None, description="The English name when the data has one (else null)."
    )
    kind: str
    kind_label: str
    score: float = Field(ge=0, le=1)
    matched: str = Field(description="What matched: the name, an alias, a word …")


class SearchOut(Out):
    total: int
    items: list[SearchItem]
    did_you_mean: str | None = Field(
        default=None,
        description="A name on the map that the query looks like a misspelling of "
        "(\u201cmenade du \u2026\u201d), when it is not already the first hit.",
    )


class GuideItem(Out):
    id: str
    name: str
    kind: str
    kind_label: str
    score: float
    why: str = Field(
        description="Why this is a good entry point, in plain words, in the language of "
        "the question (Swedish or English)."
    )
    path_to_decision: list[str] = Field(description="Node ids from here to a decision body.")
    contact: str = Field(default="", description="How to reach the body, in one sentence.")
    decides: str = Field(default="", description="Who decides, in one sentence.")
    ways_to_raise: list[str] = Field(
        default_factory=list,
        description="Where the body can raise a matter: its seats and parts, a route of "
        "influence, never a chain of decision (Swedish).",
    )


class GuideFactOut(Out):
    kind: str = Field(
        description="What the question asked for: chair, vice_chair, secretary, members, "
        "sends_to, responsible, administers, funds, decides_on or meets."
    )
    subject: str = Field(description="The node the fact is about.")
    text: str = Field(description="The answer in one or two sentences.")
    items: list[str] = Field(description="Node ids the fact names.")
    date: dt.date | None = Field(description="Date of the newest source behind the fact.")
    sources: list[str] = Field(description="Where the minutes say so (document § line).")


class RelatedNeed(Out):
    """A need from the minutes that shares words with the question (issue 14)."""

    id: str
    text: str
    text_en: str | None
    status: str = Field(description="`taken_up` or `unmet` (no forum).")
    taken_up_by: list[str] = Field(description="Node ids of the bodies that take it up.")


class GuideOut(Out):
    total: int
    items: list[GuideItem]
    lang: str = Field(default="sv", description="The language the question was read in.")
    question_type: str = Field(
        default="topic",
        description="topic, who_decides, contact, take_part, money, meets or fact.",
    )
    fact: GuideFactOut | None = Field(
        default=None, description="A fact from the map, answered before the list."
    )
    note: str = Field(
        default="",
        description="Said when the list ends early: \u201cInga fler s\u00e4kra f\u00f6rslag "
        "\u2014 fr\u00e5ga En v\u00e4g in\u201d, or that the map does not know who decides.",
    )
    related_needs: list[RelatedNeed] = Field(
        default_factory=list,
        description="Others have raised the same thing: needs from the minutes that share "
        "words with the question (see /api/needs).",
    )
    # matters (issue 17): "Rådet har behandlat frågan: …" (api.matterviews.GuideMatter)
    matters: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Matters the council has handled that match the question: id, title, "
        "title_en, text ('Rådet har behandlat frågan: …'), text_en, state, meeting_date, url.",
    )


# --- analysis --------------------------------------------------------------------------


class CutPointOut(Out):
    id: str
    name: str
    kind: str
    cut_off: int = Field(description="Nodes that lose their connection if this one goes.")
    cut_off_examples: list[str] = Field(description="Names of some of those nodes.")
    text: str
    text_en: str = Field(default="", description="The same sentence in English.")


class BridgeOut(Out):
    from_: str = Field(serialization_alias="from")
    to: str
    from_name: str
    to_name: str
    types: list[str]
    cut_off: int
    text: str
    text_en: str = Field(default="", description="The same sentence in English.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class NodeBrief(NodeRef):
    """A node named in the analysis."""


class ThemeGapOut(Out):
    id: str
    name: str
    nodes: int = Field(description="Nodes (of any kind) working on the theme.")
    text: str
    text_en: str = Field(default="", description="The same sentence in English.")


class StaleOut(Out):
    id: str
    name: str
    kind: str
    reviewed: dt.date | None
    days: int | None = Field(description="Days since the review; null when never reviewed.")


class SharedMembersOut(Out):
    a: str
    b: str
    a_name: str
    b_name: str
    shared: list[str]
    shared_names: list[str]


# --- needs (issue 14) ------------------------------------------------------------------


class ActorRef(Out):
    """Who raised a need: an audience (a kind of actor) or a node (an organisation, a body)."""

    id: str
    name: str
    name_en: str | None
    type: Literal["audience", "node"]


class TakenUpOut(Out):
    """A body that takes a need up, with how (the minutes' words) and the sources."""

    id: str
    name: str
    name_en: str | None
    kind: str
    label: str | None
    label_en: str | None
    inferred: bool
    note: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    sources: list[SourceOut]


class NeedOut(Out):
    """A need, obstacle, proposal or question from the minutes."""

    id: str
    kind: str = Field(description="need, obstacle, proposal or question.")
    kind_label: str
    kind_label_en: str
    text: str = Field(description="The minutes' words, shortened faithfully (Swedish).")
    text_en: str | None
    group: str | None = Field(description="Where in the minutes it was voiced.")
    group_en: str | None
    raised_by: list[ActorRef]
    raised_in: NodeRef | None
    date: dt.date | None
    themes: list[str]
    theme_names: list[str]
    status: Literal["taken_up", "unmet"] = Field(
        description="`unmet`: the minutes name no body that takes it up (no forum)."
    )
    taken_up_by: list[TakenUpOut]
    inferred: bool
    note: str | None
    sources: list[SourceOut]


class NeedList(Out):
    total: int = Field(description="Number of matching needs.")
    items: list[NeedOut]


class NeedThemeOut(Out):
    theme: str = Field(description="Theme id ('' for needs without a theme).")
    name: str
    name_en: str | None
    total: int = Field(description="Needs with this theme.")
    unmet: int = Field(description="Of them, needs no body takes up (no forum).")
    unmet_ids: list[str]


class NeedsGapOut(Out):
    """Needs without a forum: how many, and per theme."""

    total: int = Field(description="All needs (as of `at=`).")
    unmet: int = Field(description="Needs no body takes up.")
    by_theme: list[NeedThemeOut]


class ReportBackOut(Out):
    """Matters sent to one body and never seen again in the minutes (issue 17)."""

    body: str
    name: str
    sent: int = Field(description="Matters the council sent to this body.")
    without_report_back: list[str] = Field(description="Ids of those never reported back.")
    titles: list[str]
    text: str
    text_en: str = Field(
        default="",
        description="The text in English (matter titles in English where the data has them).",
    )


class UnknownDeciderOut(Out):
    """A body whose deciding body the map does not know (an item of the work list)."""

    id: str
    name: str
    kind: str
    kind_label: str
    steering: str | None = Field(description="Its own steering, when the map knows it.")
    ask: str | None = Field(description="The nearest entry point to ask.")


class AnalysisOut(Out):
    """Where the map is fragile or incomplete."""

    version: str
    as_of: dt.date | None
    today: dt.date
    stale_days: int
    totals: dict[str, int] = Field(description="Length of each list before `limit`.")
    articulation_points: list[CutPointOut]
    bridges: list[BridgeOut]
    without_path_to_decision: list[NodeBrief]
    without_path_kinds: list[str] = Field(description="The kinds checked for a path.")
    themes_without_forum: list[ThemeGapOut]
    stale_nodes: list[StaleOut]
    shared_members: list[SharedMembersOut]
    needs_without_forum: NeedsGapOut | None = Field(
        default=None, description="Needs in the minutes that no body takes up, per theme."
    )
    matters_without_report_back: list[ReportBackOut] = Field(
        default_factory=list,
        description="Bodies that received matters from the council, with the matters "
        "never reported back in later minutes (issue 17).",
    )
    unknown_decider: list[UnknownDeciderOut] = Field(
        default_factory=list,
        description="The maintainers' work list: every body, funding, assignment and "
        "agreement whose deciding body the map does not know (issue 9).",
    )
    unknown_decider_counts: dict[str, int] = Field(
        default_factory=dict, description="How many of `unknown_decider` per kind."
    )
    unknown_decider_kinds: list[str] = Field(
        default_factory=list, description="The kinds checked for a known deciding body."
    )


# --- changes ---------------------------------------------------------------------------


class ChangeOut(Out):
    revision: str
    date: dt.datetime | dt.date | None
    summary: str
    diff: dict[str, Any] | None


class ChangesOut(Out):
    total: int
    items: list[ChangeOut]


# --- health ----------------------------------------------------------------------------


class ReloadErrorOut(Out):
    at: dt.datetime
    count: int = Field(description="Number of errors in the rejected file.")
    messages: list[str] = Field(description="The validator's first messages, compiler style.")


class HealthOut(Out):
    status: Literal["ok", "degraded", "unavailable"] = Field(
        description="ok; degraded: the newest file was rejected, the last good map is "
        "served; unavailable: no valid map was ever loaded."
    )
    version: str | None
    loaded_at: dt.datetime | None
    checked_at: dt.datetime | None
    reloads: int
    warnings: int
    data_file: str
    watching: bool
    last_error: ReloadErrorOut | None
    detail: str | None
