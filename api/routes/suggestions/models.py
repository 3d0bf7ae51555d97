"""The suggestions' JSON shapes: what the API takes and answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from api.routes.proposals.models import ProposalIn
from kartan.suggestions.records import (
    Suggestion,
)

# --- models -------------------------------------------------------------------------------


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SuggestionIn(In):
    """A suggestion from anyone, in their own words."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=4000)] = Field(
        description="What is wrong or missing on the map, in the sender's own words. No "
        "e-mail addresses, phone numbers or identity numbers (422)."
    )
    node: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None, description="The body it is about: its id or its name (optional)."
    )
    learned_from: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, description="Where the sender learned it (optional)."
    )
    contact: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None,
        description="How to reach the sender with questions; stored only with `consent` "
        "and deleted 90 days after the decision. Never shown publicly.",
    )
    consent: StrictBool = Field(
        default=False,
        description="The sender agrees that the contact is stored (required "
        'when `contact` is given, else 422). A JSON `true` or `false`: `1`, `"yes"` or '
        '`"on"` is 422, never read as consent.',
    )


class SuggestionCreated(BaseModel):
    """The stored suggestion: its id (for its public page `/tipsa/{id}`) and status."""

    id: str
    status: Literal["received", "accepted", "rejected"]


class SuggestionStatusOut(BaseModel):
    """What anyone may see of a suggestion: never its text's sender or contact."""

    id: str
    status: Literal["received", "accepted", "rejected"]
    created_at: str
    decided_at: str | None
    node: str | None = Field(description="Id of the body it is about, if any.")
    reason: str | None = Field(description="The maintainers' reason, once decided.")
    branch: str | None = Field(description="The git branch of the accepted change.")


class SuggestionOut(SuggestionStatusOut):
    """A suggestion as a maintainer sees it (with the contact, while it is kept)."""

    text: str
    node_name: str | None
    learned_from: str | None
    contact: str | None
    contact_deleted_on: str | None
    decided_by: str | None
    commit: str | None
    pull_request: str | None


class SuggestionList(BaseModel):
    total: int
    counts: dict[str, int] = Field(description="Suggestions per status.")
    items: list[SuggestionOut]


class LoginIn(In):
    name: Annotated[str, StringConstraints(max_length=80)]
    password: Annotated[str, StringConstraints(max_length=1024)]


class AcceptIn(ProposalIn):
    """The structured change (as `POST /api/proposals`), with an optional note."""

    reason: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        default=None, description="A note to the sender, shown on the suggestion's page."
    )


class AcceptOut(BaseModel):
    """The commit made on the suggestion's branch (and the pull request, if any)."""

    branch: str
    commit: str
    parent: str = Field(description="The commit the branch starts from (HEAD then).")
    summary: str
    diff: dict[str, Any] = Field(description="The semantic diff of the commit.")
    pull_request: str | None = None
    pull_request_error: str | None = None


class RejectIn(In):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


def status_out(s: Suggestion) -> SuggestionStatusOut:
    return SuggestionStatusOut(**s.public())


def full_out(s: Suggestion) -> SuggestionOut:
    deleted = s.contact_deleted_on
    return SuggestionOut(
        **s.public(),
        text=s.text,
        node_name=s.node_name,
        learned_from=s.learned_from,
        contact=s.contact,
        contact_deleted_on=deleted.isoformat() if deleted else None,
        decided_by=s.decided_by,
        commit=s.commit,
        pull_request=s.pull_request,
    )
