"""Pydantic models of the data file ``data/forums.yaml`` (the schema).

Every model forbids unknown keys, so a misspelt key is an error rather than silently
ignored.  Fixed vocabularies are enums; their Swedish (and English) labels live in
:mod:`kartan.labels`, the one place used by the UI, the validator and the JSON Schema.

Examples
--------
>>> node = Node.model_validate({"id": "ks", "kind": "decision_body", "name": "KS",
...     "sources": ["002 §3"]})
>>> node.kind.label_sv
'beslutande organ'
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from kartan.labels import (
    FUNCTION_LABELS,
    KIND_LABELS,
    MATTER_KIND_LABELS,
    MATTER_STATE_LABELS,
    NEED_KIND_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
)

SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOURCE_REF_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?: .+)?$"

NodeId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="Id: lower-case ASCII letters, digits and single hyphens (a slug)."),
]
SourceRef = Annotated[
    str,
    StringConstraints(pattern=SOURCE_REF_PATTERN, max_length=200),
    Field(
        description="A source id from `sources`, optionally followed by a space and the "
        "item cited, e.g. `001 §5 L208`."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


# The label table of each labelled vocabulary (by the enum's name).
VOCABULARY_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "Kind": KIND_LABELS,
    "RelationType": RELATION_LABELS,
    "Role": ROLE_LABELS,
    "ContactFunction": FUNCTION_LABELS,
    "MatterKind": MATTER_KIND_LABELS,
    "MatterState": MATTER_STATE_LABELS,
    "NeedKind": NEED_KIND_LABELS,
}


def english(of: str) -> Any:
    """A field holding the English translation of the Swedish field ``of``.

    The Swedish text is the original; the English one is a faithful translation of it
    (no new facts), shown on English pages with the Swedish original one click away.
    Missing English is a warning, never an error (see :mod:`kartan.bilingual`).
    """
    return Field(
        default=None,
        description=f"English translation of `{of}` (the Swedish is the original; "
        "translate faithfully, add nothing).",
    )


def dates_inferred() -> Any:
    """The flag saying that an item's ``from``/``until`` are attested, not stated."""
    return Field(
        default=False,
        description="`from`/`until` are read from when the sources first or last mention "
        "it (attestation), not a start or end the sources state.",
    )


class Labelled(StrEnum):
    """A fixed vocabulary whose values carry a Swedish and an English label.

    The labels live in :mod:`kartan.labels`; :data:`VOCABULARY_LABELS` names each
    vocabulary's table.

    >>> Role.chair.label_sv, Role.chair.label_en
    ('ordförande', 'chair')
    """

    @property
    def label_sv(self) -> str:
        return VOCABULARY_LABELS[type(self).__name__][self.value][0]

    @property
    def label_en(self) -> str:
        return VOCABULARY_LABELS[type(self).__name__][self.value][1]


class Kind(Labelled):
    """Kinds of node on the map.

    ``decision_body`` decides for the municipality (Kommunfullmäktige, Kommunstyrelsen, a
    nämnd); ``steering_body`` steers a council's or a project's own work (the council's AU,
    a project's steering group or project council) and does not decide for the municipality.
    """

    decision_body = "decision_body"
    steering_body = "steering_body"
    council = "council"
    forum = "forum"
    network = "network"
    working_group = "working_group"
    project = "project"
    assignment = "assignment"
    agreement = "agreement"
    program = "program"
    funding = "funding"
    administration = "administration"
    unit = "unit"
    function = "function"
    organisation = "organisation"
    public_body = "public_body"
    company = "company"
    party = "party"
    event = "event"
    tool = "tool"
    method = "method"


class RelationType(Labelled):
    """Directed relation types between nodes (``from`` node -> ``to`` node)."""

    part_of = "part_of"
    member_of = "member_of"
    sends_matters_to = "sends_matters_to"
    decides_on = "decides_on"
    prepares = "prepares"
    responsible_for = "responsible_for"
    party_to = "party_to"
    funds = "funds"
    administers = "administers"
    collaborates_with = "collaborates_with"
    handed_over_to = "handed_over_to"
    organises = "organises"
    participates_in = "participates_in"
    succeeds = "succeeds"
    based_on = "based_on"
    related_to = "related_to"
    monitors = "monitors"
    proposed_collaboration = "proposed_collaboration"
    channel_for = "channel_for"
    entry_point_to = "entry_point_to"
    example_for = "example_for"


class Role(Labelled):
    """Roles a member organisation (never a person) holds in a body."""

    chair = "chair"
    vice_chair = "vice_chair"
    secretary = "secretary"
    member = "member"
    political_member = "political_member"
    representative = "representative"
    participant = "participant"


class ContactFunction(Labelled):
    """The function through which a body is reached (a role, never a person)."""

    secretary = "secretary"
    chair = "chair"
    vice_chair = "vice_chair"
    coordinator = "coordinator"
    process_leader = "process_leader"
    representative = "representative"
    organiser = "organiser"
    administrator = "administrator"
    office = "office"


class MeetingStatus(StrEnum):
    """Whether a meeting took place according to the sources, or was announced."""

    held = "held"
    planned = "planned"


class SectorName(StrEnum):
    """Sectors of society: the labelled regions of the map (see :mod:`kartan.sectors`)."""

    forums = "forums"
    politics = "politics"
    municipality = "municipality"
    civil = "civil"
    state = "state"
    business = "business"


class Strict(BaseModel):
    """Base of every model: unknown keys are errors; values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)


class Validity(Strict):
    """Mixin with the validity period of a node, membership or relation."""

    valid_from: dt.date | None = Field(
        default=None, alias="from", description="First day this holds (inclusive)."
    )
    valid_until: dt.date | None = Field(
        default=None, alias="until", description="Last day this holds (inclusive)."
    )

    def valid_on(self, day: dt.date) -> bool:
        """True when the item holds on ``day`` (open ends hold for ever)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_until is not None and day > self.valid_until)


class BodyRef(Strict):
    """A body or organisation of the map in some role, with the sources that say so."""

    id: NodeId = Field(description="Node id of the body or organisation.")
    inferred: bool = Field(
        default=False,
        description="True when the sources do not say it in so many words (say why in `note`).",
    )
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class Door(BodyRef):
    """The municipality's one way in (``map.door``).  ``inferred`` when the sources do not
    call the body the way in for everything the guide sends there."""


class MapInfo(Strict):
    """The map's header: its title and who keeps it current."""

    title: ShortText
    title_en: ShortText | None = english("title")
    municipality: ShortText | None = Field(
        default=None,
        description="The municipality (or region) the map covers, as a proper name that "
        "reads after 'i' and 'in' (e.g. `Lindesberg`); the pages say where the map is from "
        "with it, and leave the place out when it is missing.",
    )
    owner: NodeId = Field(description="Node id of the body that keeps the map current.")
    ownership_open: Text | None = Field(
        default=None,
        description="Only when the sources leave the map's ownership open: what they say, "
        "in one sentence. The footer and the about page then call the owner provisional "
        "('Tills vidare …') and add this sentence; cited by `owner_sources`.",
    )
    ownership_open_en: Text | None = english("ownership_open")
    door: Door | None = Field(
        default=None,
        description="The body that is the municipality's one way in for civil society, if "
        "it has one: the guide sends an asker there when it runs out of sure answers, and "
        "names it on the guide page.",
    )
    sources_name: ShortText | None = Field(
        default=None,
        description="What the facts come from, as it reads after 'från' and 'enligt' (e.g. "
        "`Samverkansrådets minnesanteckningar 2021–2023`); the pages' footer and leads name "
        "the sources with it, and say 'kartans källor' when it is missing.",
    )
    sources_name_en: ShortText | None = english("sources_name")
    description: Text | None = None
    description_en: Text | None = english("description")
    owner_sources: list[SourceRef] = Field(default_factory=list)


class SourceItem(Strict):
    """One item of a document (a numbered § or a named section) and the lines it spans."""

    ref: ShortText = Field(description="How the item is cited, e.g. `§5` or `«Klimat»`.")
    title: ShortText
    title_en: ShortText | None = None
    first: int = Field(ge=1, description="First line of the item (as `cat -n` numbers it).")
    last: int = Field(ge=1, description="Last line of the item (inclusive).")


class Source(Strict):
    """A document the facts come from (a set of minutes)."""

    id: NodeId
    title: ShortText
    date: dt.date | None = None
    date_note: ShortText | None = Field(
        default=None, description="How the date is known when the document is undated."
    )
    file: ShortText | None = Field(default=None, description="File name under shared/seeds/.")
    items: list[SourceItem] = Field(
        default_factory=list,
        description="The document's items (§ or named sections) with their lines, so that a "
        "citation can be checked to lie inside its item.",
    )


class Theme(Strict):
    """A theme (subject area) that nodes work on."""

    id: NodeId
    name: ShortText
    name_en: ShortText | None = english("name")
    inferred: bool = False
    sources: list[SourceRef] = Field(default_factory=list)


class Audience(Strict):
    """A category of actor (who a body is for), named in the minutes without a single org."""

    id: NodeId
    name: ShortText
    name_en: ShortText | None = english("name")
    description: Text | None = None
    description_en: Text | None = english("description")
    sources: list[SourceRef] = Field(min_length=1)


class Place(Strict):
    """A meeting place (an attribute of meetings, not a node)."""

    id: NodeId
    name: ShortText
    address: ShortText | None = None
    description: Text | None = None
    description_en: Text | None = english("description")
    sources: list[SourceRef] = Field(min_length=1)


class Meets(Strict):
    """Where and when a body usually meets."""

    place: NodeId | None = Field(default=None, description="A place id from `places`.")
    time: ShortText | None = None
    frequency: ShortText | None = None


class Contact(Strict):
    """How to reach a body: by function, held by an organisation; never a person."""

    function: ContactFunction
    via: NodeId = Field(description="Node id of the organisation or administration.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Only a public, functional web address found in the sources."
    )
    note: Text | None = None
    note_en: Text | None = english("note")
    inferred: bool = False
    sources: list[SourceRef] = Field(default_factory=list)


class Member(Validity):
    """A seat in a body held by an organisation, administration or party."""

    id: NodeId = Field(description="Node id of the member organisation.")
    role: Role = Role.member
    label: ShortText | None = Field(default=None, description="Swedish nuance of the role.")
    label_en: ShortText | None = english("label")
    vacant: bool = False
    inferred: bool = False
    dates_inferred: bool = dates_inferred()
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class Relation(Validity):
    """A directed relation from the node that holds it to ``to``."""

    type: RelationType
    to: NodeId
    label: ShortText | None = Field(default=None, description="Swedish nuance, e.g. 'driver'.")
    inferred: bool = False
    dates_inferred: bool = dates_inferred()
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class Meeting(Strict):
    """A dated (or roughly dated) meeting organised by the node that holds it."""

    id: NodeId
    title: ShortText
    title_en: ShortText | None = english("title")
    date: dt.date | None = None
    end_date: dt.date | None = None
    when: ShortText | None = Field(
        default=None, description="The time as the source gives it when there is no exact date."
    )
    when_en: ShortText | None = english("when")
    time: ShortText | None = Field(default=None, description="Clock time, e.g. '16:00-18:00'.")
    place: NodeId | None = Field(default=None, description="A place id from `places`.")
    place_note: ShortText | None = None
    place_note_en: ShortText | None = english("place_note")
    status: MeetingStatus = MeetingStatus.planned
    about: NodeId | None = Field(default=None, description="Node id the meeting is about.")
    description: Text | None = None
    description_en: Text | None = english("description")
    inferred: bool = False
    sources: list[SourceRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_some_date(self) -> Self:
        if self.date is None and self.when is None:
            raise ValueError("a meeting needs `date` or, when the source gives none, `when`")
        return self


class Node(Validity):
    """A body or organisation on the map."""

    id: NodeId
    kind: Kind
    name: ShortText
    name_en: ShortText | None = english("name")
    aliases: list[ShortText] = Field(
        default_factory=list, description="Other names and abbreviations (KS, AU, PSI ...)."
    )
    description: Text | None = None
    description_en: Text | None = english("description")
    themes: list[NodeId] = Field(default_factory=list)
    audiences: list[NodeId] = Field(default_factory=list)
    entry_point: bool = Field(default=False, description="A good first door for newcomers.")
    how_to_take_part: Text | None = None
    how_to_take_part_en: Text | None = english("how_to_take_part")
    meets: Meets | None = None
    contact: Contact | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    external: bool = Field(default=False, description="Mentioned only as an outside example.")
    sector: SectorName | None = Field(
        default=None,
        description="Only where the kind does not say it (the map derives the sector from "
        "the kind and the relations): the municipality as a whole, the municipality's "
        "companies, an organisation's function.  The node's sources must support it.",
    )
    inferred: bool = False
    dates_inferred: bool = dates_inferred()
    reviewed: dt.date | None = None
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)
    members: list[Member] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


# --------------------------------------------------------------------------- matters


class MatterKind(Labelled):
    """How a matter was handled at its meeting and how it is to be taken on (004 §1)."""

    information = "information"
    dialogue = "dialogue"
    decision = "decision"
    continued_in_council = "continued_in_council"
    sent_elsewhere = "sent_elsewhere"
    tabled = "tabled"


class MatterState(Labelled):
    """Where a matter stands, computed from its kind and its later appearances."""

    followed_up = "followed_up"
    no_report_back = "no_report_back"
    not_taken_up_again = "not_taken_up_again"
    concluded = "concluded"


class Carrier(BodyRef):
    """A body or organisation that carries a matter on (never a person).  ``inferred``
    when the minutes name a person and the organisation is read from the participants'
    list."""


class Appearance(Strict):
    """A later appearance of a matter in the minutes of a later meeting."""

    meeting: NodeId = Field(description="Id of the later meeting whose minutes mention it.")
    matter: NodeId | None = Field(
        default=None, description="Id of the matter at that meeting that takes it on, if any."
    )
    text: Text = Field(description="What the later minutes say, in their words.")
    text_en: Text | None = english("text")
    inferred: bool = False
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class Matter(Strict):
    """A matter (ärende) the council handled: where, how, by whom, and whether it came back."""

    id: NodeId
    title: ShortText
    title_en: ShortText | None = english("title")
    meeting: NodeId = Field(description="Id of the meeting where the matter was handled.")
    item: SourceRef = Field(
        description="The item of the minutes where it was handled, e.g. `001 §5`."
    )
    label: ShortText | None = Field(
        default=None, description="The kind as the minutes label it (Beslut, Information, Dialog)."
    )
    kind: MatterKind
    outcome: Text = Field(description="The outcome in the minutes' words (no person names).")
    outcome_en: Text | None = english("outcome")
    carried_by: list[Carrier] = Field(
        default_factory=list, description="Bodies or organisations that carry it on."
    )
    went_to: NodeId | None = Field(default=None, description="Node id of where it went.")
    themes: list[NodeId] = Field(default_factory=list)
    later: list[Appearance] = Field(
        default_factory=list, description="Later appearances in the minutes of later meetings."
    )
    inferred: bool = False
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


# --- Needs (issue 14): what the minutes say people need, and who takes it up -------------


class NeedKind(Labelled):
    """How the minutes voice a need: a need or problem area, an obstacle, a proposal, a question."""

    need = "need"
    obstacle = "obstacle"
    proposal = "proposal"
    question = "question"


class TakenUp(Validity):
    """A body that takes up a need, with the source that says so."""

    id: NodeId = Field(description="Node id of the body that takes the need up.")
    label: ShortText | None = Field(
        default=None, description="How it is taken up, in Swedish (the minutes' words)."
    )
    label_en: ShortText | None = english("label")
    inferred: bool = False
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class Need(Strict):
    """A need, obstacle, proposal or question in the minutes: who raised it, who takes it up."""

    id: NodeId
    kind: NeedKind = NeedKind.need
    text: Text = Field(description="The minutes' words, shortened faithfully (Swedish).")
    text_en: Text | None = english("text")
    group: ShortText | None = Field(
        default=None,
        description="Where in the minutes it was voiced, e.g. a workshop group or agenda item.",
    )
    group_en: ShortText | None = english("group")
    raised_by: list[NodeId] = Field(
        min_length=1,
        description="Who raised it: audience or node ids (organisations, bodies), never a person.",
    )
    raised_in: NodeId | None = Field(
        default=None, description="Node id of the meeting's body or the event where it was voiced."
    )
    date: dt.date | None = Field(default=None, description="When it was voiced.")
    themes: list[NodeId] = Field(default_factory=list)
    taken_up_by: list[TakenUp] = Field(
        default_factory=list,
        description="Bodies that take the need up, each with its source; empty = no forum.",
    )
    inferred: bool = False
    note: Text | None = None
    note_en: Text | None = english("note")
    sources: list[SourceRef] = Field(min_length=1)


class MapFile(Strict):
    """The whole data file."""

    schema_version: int = Field(description=f"Always {SCHEMA_VERSION} for this schema.")
    map: MapInfo
    sources: list[Source] = Field(min_length=1)
    themes: list[Theme] = Field(default_factory=list)
    audiences: list[Audience] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    matters: list[Matter] = Field(
        default_factory=list, description="Matters the council handled (issue 17)."
    )
    needs: list[Need] = Field(
        default_factory=list, description="What the minutes say people need (issue 14)."
    )


def source_id(ref: str) -> str:
    """Return the source id part of a source reference.

    >>> source_id("001 §5 L208")
    '001'
    """
    return ref.split(" ", 1)[0]


def example_file(*nodes: dict[str, Any], owner: str = "a") -> MapFile:
    """A small map file of ``nodes`` with one source ``s`` (the examples' starting point).

    >>> example_file({"id": "a", "kind": "council", "name": "A", "sources": ["s"]}).nodes[0].name
    'A'
    """
    return MapFile.model_validate(
        {
            "schema_version": SCHEMA_VERSION,
            "map": {"title": "T", "owner": owner},
            "sources": [{"id": "s", "title": "S"}],
            "nodes": list(nodes),
        }
    )


def iso_date(day: dt.date | None) -> str | None:
    """A date as ``YYYY-MM-DD``, or None.

    >>> iso_date(dt.date(2023, 1, 17)), iso_date(None)
    ('2023-01-17', None)
    """
    return day.isoformat() if day is not None else None


def model_dump_yaml_ready(model: BaseModel) -> dict[str, Any]:
    """Dump a model by alias, dropping defaults, ready for canonical YAML output."""
    return model.model_dump(by_alias=True, exclude_defaults=True, mode="json")
