"""Swedish and English labels for every fixed vocabulary.

The words live in the one catalogue, ``kartan/catalogue.yaml`` (sections ``labels.*``);
the tables here are views of it, ``{code: (Swedish, English)}``, kept under their old
names for the UI, the validator's messages and the JSON Schema's descriptions.  The
vocabularies' structure (families, decision kinds) stays here.
"""

from __future__ import annotations

from kartan.catalogue import lookup, table

KIND_LABELS: dict[str, tuple[str, str]] = table("labels.kind")
KIND_PLURALS: dict[str, tuple[str, str]] = table("labels.kind_plural")
KIND_DESCRIPTIONS: dict[str, tuple[str, str]] = table("labels.kind_description")
RELATION_LABELS: dict[str, tuple[str, str]] = table("labels.relation")
RELATION_INVERSE_LABELS: dict[str, tuple[str, str]] = table("labels.relation_inverse")
ROLE_LABELS: dict[str, tuple[str, str]] = table("labels.role")
FUNCTION_LABELS: dict[str, tuple[str, str]] = table("labels.function")
NEED_KIND_LABELS: dict[str, tuple[str, str]] = table("labels.need_kind")
NEED_STATUS_LABELS: dict[str, tuple[str, str]] = table("labels.need_status")
MEETING_STATUS_LABELS: dict[str, tuple[str, str]] = table("labels.meeting_status")
MATTER_KIND_LABELS: dict[str, tuple[str, str]] = table("labels.matter_kind")
MATTER_STATE_LABELS: dict[str, tuple[str, str]] = table("labels.matter_state")
# the map picture (issue 15): colour families, line families, sectors
KIND_FAMILY_LABELS: dict[str, tuple[str, str]] = table("labels.kind_family")
LINE_FAMILY_LABELS: dict[str, tuple[str, str]] = table("labels.line_family")
LINE_FAMILY_HELP: dict[str, tuple[str, str]] = table("labels.line_family_help")
SECTOR_LABELS: dict[str, tuple[str, str]] = table("labels.sector")
# relation families (decision model, issue 9)
FAMILY_LABELS: dict[str, tuple[str, str]] = table("labels.family")
FAMILY_HELP: dict[str, tuple[str, str]] = table("labels.family_help")


def sector_label(sector: str, lang: str = "sv") -> str:
    """The label of a sector (a region of the map).

    >>> sector_label("civil"), sector_label("civil", "en")
    ('Civilsamhället', 'Civil society')
    """
    return lookup("labels.sector", sector, lang)


# Kinds that can take a decision: the end of every "path to decision".
DECISION_KINDS: frozenset[str] = frozenset({"decision_body"})


# Kinds that steer their own body's or project's work (not where the municipality decides).
STEERING_KINDS: frozenset[str] = frozenset({"steering_body"})

# Relation families: how a relation carries a matter.
#   decision    – a chain towards a decision (matters sent on, prepares, decides on,
#                 responsible for, part of a line organisation);
#   raise       – a seat or a part in something: a way to *raise* a matter there, never a
#                 chain of decision;
#   funding     – money and its administration;
#   collaboration – everything else (collaborates, monitors, related, examples ...).
RELATION_FAMILY: dict[str, str] = {
    "sends_matters_to": "decision",
    "prepares": "decision",
    "decides_on": "decision",
    "responsible_for": "decision",
    "part_of": "decision",
    "member_of": "raise",
    "participates_in": "raise",
    "party_to": "raise",
    "funds": "funding",
    "administers": "funding",
}
FAMILIES: tuple[str, ...] = ("decision", "raise", "funding", "collaboration")


def relation_family(rel_type: str) -> str:
    """The family of a relation type: decision, raise, funding or collaboration.

    >>> relation_family("sends_matters_to"), relation_family("member_of")
    ('decision', 'raise')
    >>> relation_family("monitors")
    'collaboration'
    """
    return RELATION_FAMILY.get(rel_type, "collaboration")


def family_label(family: str, lang: str = "sv") -> str:
    """The label of a relation family.

    >>> family_label("raise"), family_label("raise", "en")
    ('väg att lyfta en fråga', 'way to raise a matter')
    """
    return lookup("labels.family", family, lang)


# Kinds that are collaboration arenas (forums and networks) for "themes without a forum".
ARENA_KINDS: frozenset[str] = frozenset({"council", "forum", "network", "working_group"})


def kind_label(kind: str, lang: str = "sv") -> str:
    """Return the label of a node kind.

    >>> kind_label("network")
    'nätverk'
    >>> kind_label("network", "en")
    'network'
    """
    return lookup("labels.kind", kind, lang)


def relation_label(rel_type: str, lang: str = "sv", *, inverse: bool = False) -> str:
    """Return the phrase for a relation type, read forward or backward."""
    return lookup("labels.relation_inverse" if inverse else "labels.relation", rel_type, lang)


def role_label(role: str, lang: str = "sv") -> str:
    """Return the label of a membership role."""
    return lookup("labels.role", role, lang)
