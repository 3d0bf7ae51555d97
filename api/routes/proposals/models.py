"""The proposal's JSON shapes: what ``POST /api/proposals`` takes and answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.ratelimit import BODY_TOO_LARGE
from kartan.model import ContactFunction, RelationType, Role
from kartan.proposal import Proposal

Id = Annotated[str, StringConstraints(max_length=80)]
Line = Annotated[str, StringConstraints(max_length=300)]
Day = Annotated[str, StringConstraints(max_length=20)]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactIn(In):
    """The function through which the body is reached, held by an organisation."""

    function: ContactFunction
    via: Id = Field(description="Node id of the organisation or administration.")


class MembershipIn(In):
    """A membership to add, or a current one to end."""

    action: Literal["add", "end"]
    id: Id = Field(description="Node id of the member organisation.")
    role: Role | None = Field(default=None, description="Default `member` when adding.")
    date: Day | None = Field(
        default=None,
        description="YYYY-MM-DD: first day when adding (optional), last day when ending.",
    )


class RelationIn(In):
    """A new relation from this body to another node."""

    type: RelationType
    to: Id
    label: Line | None = Field(default=None, description="Swedish nuance, e.g. 'driver'.")


class SourceIn(In):
    """A source not yet on the map (new minutes)."""

    id: Id
    title: Line
    date: Day | None = None


class ProposalIn(In):
    """A proposed change to one body; at least one part, and its source."""

    node: Id = Field(description="Id of the body the proposal is about.")
    description: Annotated[str, StringConstraints(max_length=4000)] | None = None
    contact: ContactIn | None = None
    membership: MembershipIn | None = None
    relation: RelationIn | None = None
    sources: list[Line] = Field(
        default_factory=list,
        max_length=20,
        description="Source references for the new facts, e.g. `001 §5`.",
    )
    new_source: SourceIn | None = None

    def to_proposal(self) -> Proposal:
        p = Proposal(node=self.node, description=self.description, sources=list(self.sources))
        if self.contact:
            p.contact_function, p.contact_via = self.contact.function.value, self.contact.via
        if self.membership:
            m = self.membership
            p.member_action, p.member_id, p.member_date = m.action, m.id, m.date
            p.member_role = m.role.value if m.role else None
        if self.relation:
            r = self.relation
            p.relation_type, p.relation_to, p.relation_label = r.type.value, r.to, r.label
        if self.new_source:
            s = self.new_source
            p.new_source_id, p.new_source_title, p.new_source_date = s.id, s.title, s.date
        return p


class MessageOut(BaseModel):
    """One message of the validator about the proposed map."""

    severity: str
    path: str
    code: str
    message: str
    line: int = Field(description="Line in the proposed (canonical) file.")
    column: int


class ProposalOut(BaseModel):
    """The check of a proposal: valid with a patch, or the validator's messages."""

    valid: bool
    node: str
    applied: list[str] = Field(description="What the proposal changed, in Swedish.")
    summary: str = Field(description="What changes on the map, in one Swedish line.")
    messages: list[MessageOut]
    patch: str | None = Field(description="Unified diff of data/forums.yaml to paste in a PR.")
    diff: dict[str, Any] | None = Field(description="The semantic diff (as `/api/changes`).")
    how_to: list[str] = Field(description="How to hand the patch in, in Swedish.")


PROPOSAL_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "The body is not on the map."},
    **BODY_TOO_LARGE,
    422: {"description": "The proposal is incomplete, cites no source or changes nothing."},
    429: {"description": "More than 10 proposals a minute from one address."},
    503: {"description": "No valid data file has been loaded."},
}
