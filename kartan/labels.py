"""Swedish and English labels for every fixed vocabulary, kept in this one place.

Used by the UI, the validator's messages and the JSON Schema's descriptions.
Each entry maps an English code to ``(Swedish, English)``.
"""

from __future__ import annotations

KIND_LABELS: dict[str, tuple[str, str]] = {
    "decision_body": ("beslutande organ", "decision body"),
    "steering_body": ("styrgrupp eller arbetsutskott", "steering group or working committee"),
    "council": ("råd", "council"),
    "forum": ("forum", "forum"),
    "network": ("nätverk", "network"),
    "working_group": ("arbetsgrupp", "working group"),
    "project": ("projekt", "project"),
    "assignment": ("uppdrag", "assignment"),
    "agreement": ("överenskommelse", "agreement"),
    "program": ("program eller plan", "programme or plan"),
    "funding": ("finansiering", "funding"),
    "administration": ("förvaltning", "administration"),
    "unit": ("enhet", "unit"),
    "function": ("funktion", "function"),
    "organisation": ("organisation", "organisation"),
    "public_body": ("offentlig aktör", "public body"),
    "company": ("företag", "company"),
    "party": ("parti", "party"),
    "event": ("evenemang", "event"),
    "tool": ("verktyg eller kanal", "tool or channel"),
    "method": ("metod", "method"),
}

# Plural forms for legends and filters.
KIND_PLURALS: dict[str, tuple[str, str]] = {
    "decision_body": ("Beslutande organ", "Decision bodies"),
    "steering_body": ("Styrgrupper och arbetsutskott", "Steering groups and working committees"),
    "council": ("Råd", "Councils"),
    "forum": ("Forum", "Forums"),
    "network": ("Nätverk", "Networks"),
    "working_group": ("Arbetsgrupper", "Working groups"),
    "project": ("Projekt", "Projects"),
    "assignment": ("Uppdrag", "Assignments"),
    "agreement": ("Överenskommelser", "Agreements"),
    "program": ("Program och planer", "Programmes and plans"),
    "funding": ("Finansiering", "Funding"),
    "administration": ("Förvaltningar", "Administrations"),
    "unit": ("Enheter", "Units"),
    "function": ("Funktioner", "Functions"),
    "organisation": ("Organisationer", "Organisations"),
    "public_body": ("Offentliga aktörer", "Public bodies"),
    "company": ("Företag", "Companies"),
    "party": ("Partier", "Parties"),
    "event": ("Evenemang", "Events"),
    "tool": ("Verktyg och kanaler", "Tools and channels"),
    "method": ("Metoder", "Methods"),
}

# (Swedish, English) phrase read as "<from> <label> <to>".
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "part_of": ("är en del av", "is part of"),
    "member_of": ("är medlem i", "is a member of"),
    "sends_matters_to": ("skickar frågor till", "sends matters to"),
    "decides_on": ("beslutar om", "decides on"),
    "prepares": ("bereder", "prepares"),
    "responsible_for": ("ansvarar för", "is responsible for"),
    "party_to": ("är part i", "is party to"),
    "funds": ("finansierar", "funds"),
    "administers": ("administrerar", "administers"),
    "collaborates_with": ("samverkar med", "collaborates with"),
    "handed_over_to": ("har lämnat över ansvar till", "has handed over to"),
    "organises": ("arrangerar", "organises"),
    "participates_in": ("deltar i", "participates in"),
    "succeeds": ("efterföljer", "succeeds"),
    "based_on": ("utgår från", "is based on"),
    "related_to": ("är kopplad till", "is related to"),
    "monitors": ("bevakar", "monitors"),
    "proposed_collaboration": ("föreslås samverka med", "is proposed to collaborate with"),
    "channel_for": ("är en kanal för", "is a channel for"),
    "entry_point_to": ("är en ingång till", "is an entry point to"),
    "example_for": ("är ett exempel för", "is an example for"),
}

# Reverse reading, "<to> <label> <from>", for incoming relations on a body's page.
RELATION_INVERSE_LABELS: dict[str, tuple[str, str]] = {
    "part_of": ("har som del", "has as a part"),
    "member_of": ("har som medlem", "has as a member"),
    "sends_matters_to": ("får frågor från", "receives matters from"),
    "decides_on": ("beslutas av", "is decided on by"),
    "prepares": ("bereds av", "is prepared by"),
    "responsible_for": ("drivs av", "is run by"),
    "party_to": ("har som part", "has as a party"),
    "funds": ("finansieras av", "is funded by"),
    "administers": ("administreras av", "is administered by"),
    "collaborates_with": ("samverkar med", "collaborates with"),
    "handed_over_to": ("har fått ansvar från", "has taken over from"),
    "organises": ("arrangeras av", "is organised by"),
    "participates_in": ("har som deltagare", "has as a participant"),
    "succeeds": ("efterföljs av", "is succeeded by"),
    "based_on": ("är utgångspunkt för", "is the basis of"),
    "related_to": ("är kopplad till", "is related to"),
    "monitors": ("bevakas av", "is monitored by"),
    "proposed_collaboration": ("föreslås samverka med", "is proposed to collaborate with"),
    "channel_for": ("har som kanal", "has as a channel"),
    "entry_point_to": ("nås via", "is reached through"),
    "example_for": ("har som exempel", "has as an example"),
}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "chair": ("ordförande", "chair"),
    "vice_chair": ("vice ordförande", "vice chair"),
    "secretary": ("sekreterare", "secretary"),
    "member": ("ledamot", "member"),
    "political_member": ("politisk ledamot", "political member"),
    "representative": ("representant", "representative"),
    "participant": ("deltagare", "participant"),
}

FUNCTION_LABELS: dict[str, tuple[str, str]] = {
    "secretary": ("sekreterare", "secretary"),
    "chair": ("ordförande", "chair"),
    "vice_chair": ("vice ordförande", "vice chair"),
    "coordinator": ("samordnare", "coordinator"),
    "process_leader": ("processledare", "process leader"),
    "representative": ("representant", "representative"),
    "organiser": ("arrangör", "organiser"),
    "administrator": ("handläggare", "administrator"),
    "office": ("förvaltningens eller organisationens växel", "the organisation's main office"),
}

# Needs (issue 14): how a need is voiced, and whether a body takes it up.
NEED_KIND_LABELS: dict[str, tuple[str, str]] = {
    "need": ("behov", "need"),
    "obstacle": ("hinder", "obstacle"),
    "proposal": ("förslag", "proposal"),
    "question": ("fråga", "question"),
}
NEED_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "taken_up": ("tas upp", "taken up"),
    "unmet": ("inget forum", "no forum"),
}

MEETING_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "held": ("genomfört", "held"),
    "planned": ("planerat", "planned"),
}

# --- The map picture (issue 15): colour families, line families, sectors ----------------

# Colour families of kinds (kartan.style.FAMILY_COLOUR), plural, for the map's legend.
KIND_FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "decision": ("Politiska beslutande organ", "Political decision bodies"),
    "municipal": ("Kommunens förvaltningar och enheter", "The municipality's administrations"),
    "collaboration": ("Samverkansorgan", "Collaboration bodies"),
    "civil": ("Civilsamhälle och företag", "Civil society and companies"),
    "public": ("Andra offentliga aktörer", "Other public bodies"),
    "initiative": ("Projekt, uppdrag och planer", "Projects, assignments and plans"),
    "event": ("Evenemang", "Events"),
    "tool": ("Verktyg och metoder", "Tools and methods"),
    "other": ("Övrigt", "Other"),
}

# Line families (kartan.style.LINE_STYLE): how a line carries a matter.
LINE_FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "decision": ("Beslutsväg", "Decision chain"),
    "raise": ("Medlemskap: väg att lyfta en fråga", "Membership: a way to raise a matter"),
    "collaboration": ("Samverkan", "Collaboration"),
    "funding": ("Finansiering", "Funding"),
    "other": ("Annan koppling", "Other link"),
}
LINE_FAMILY_HELP: dict[str, tuple[str, str]] = {
    "decision": (
        "skickar frågor till, bereder, beslutar om, ansvarar för, är en del av",
        "sends matters to, prepares, decides on, is responsible for, is part of",
    ),
    "raise": (
        "är medlem i, deltar i, är part i: där kan en fråga lyftas, men ingen beslutsväg",
        "is a member of, takes part in, is party to: a matter can be raised there",
    ),
    "collaboration": ("samverkar med, föreslås samverka med", "collaborates with"),
    "funding": ("finansierar, administrerar", "funds, administers"),
    "other": (
        "arrangerar, bevakar, utgår från, är kopplad till och andra",
        "organises, monitors, is based on, is related to and others",
    ),
}

# Sectors: the labelled regions of the map (kartan.sectors).
SECTOR_LABELS: dict[str, tuple[str, str]] = {
    "forums": ("Gemensamma forum", "Shared forums"),
    "politics": ("Politiken", "Politics"),
    "municipality": ("Kommunen", "The municipality"),
    "civil": ("Civilsamhället", "Civil society"),
    "state": ("Region och stat", "Region and state"),
    "business": ("Näringslivet", "Business"),
}


def sector_label(sector: str, lang: str = "sv") -> str:
    """The label of a sector (a region of the map).

    >>> sector_label("civil"), sector_label("civil", "en")
    ('Civilsamhället', 'Civil society')
    """
    sv, en = SECTOR_LABELS[sector]
    return en if lang == "en" else sv


# --- Matters (issue 17): how the council's questions travel -------------------------
# Kinds of matter, after 004 §1 ("skall det fortsätta beredas i rådet, skall det tas
# vidare någon annanstans ...").
MATTER_KIND_LABELS: dict[str, tuple[str, str]] = {
    "information": ("information", "information"),
    "dialogue": ("dialog", "dialogue"),
    "decision": ("beslut", "decision"),
    "continued_in_council": ("bereds vidare i rådet", "prepared further in the council"),
    "sent_elsewhere": ("skickas vidare", "sent elsewhere"),
    "tabled": ("bordlagd", "tabled"),
}

# States of a matter, computed from its kind and its later appearances in the minutes.
MATTER_STATE_LABELS: dict[str, tuple[str, str]] = {
    "followed_up": ("återkommer i senare anteckningar", "appears again in later minutes"),
    "no_report_back": (
        "ingen återrapportering i anteckningarna",
        "no report-back in the minutes",
    ),
    "not_taken_up_again": (
        "inte återupptagen i anteckningarna",
        "not taken up again in the minutes",
    ),
    "concluded": ("avslutad på mötet", "concluded at the meeting"),
}
# --- end of matters ------------------------------------------------------------------

# Kinds that can take a decision: the end of every "path to decision".
DECISION_KINDS: frozenset[str] = frozenset({"decision_body"})

# --- who decides, and how to reach them (decision model, issue 9) -------------------------

# What a kind *is* in the decision model, in one sentence, for the legend, the schema and
# the body page: a decision body decides for the municipality; a steering body decides
# only about its own body's or project's work.
KIND_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "decision_body": (
        "Beslutar för kommunen: Kommunfullmäktige, Kommunstyrelsen eller en nämnd.",
        "Decides for the municipality: the municipal council, the executive board or a "
        "committee (nämnd).",
    ),
    "steering_body": (
        "Styr ett råds eller ett projekts eget arbete, till exempel rådets AU eller ett "
        "projekts styrgrupp. Beslutar inte för kommunen.",
        "Steers a council's or a project's own work, such as the council's working "
        "committee or a project's steering group. Does not decide for the municipality.",
    ),
}

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
FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "decision": ("beslutsväg", "decision chain"),
    "raise": ("väg att lyfta en fråga", "way to raise a matter"),
    "funding": ("finansiering", "funding"),
    "collaboration": ("samverkan och kopplingar", "collaboration and links"),
}
FAMILY_HELP: dict[str, tuple[str, str]] = {
    "decision": (
        "Frågor skickas vidare, bereds, beslutas eller drivs av någon: kedjan mot ett beslut.",
        "Matters are sent on, prepared, decided on or run by someone: the chain towards a "
        "decision.",
    ),
    "raise": (
        "Att sitta med i ett nätverk, forum eller råd: där kan en fråga lyftas, men det är "
        "ingen beslutsväg.",
        "A seat in a network, forum or council: a matter can be raised there, but it is no "
        "chain of decision.",
    ),
    "funding": ("Pengar och hur de fördelas.", "Money and how it is handed out."),
    "collaboration": (
        "Samverkan, bevakning och andra kopplingar som minnesanteckningarna nämner.",
        "Collaboration, monitoring and other links the minutes mention.",
    ),
}


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
    sv, en = FAMILY_LABELS[family]
    return en if lang == "en" else sv


# Kinds that are collaboration arenas (forums and networks) for "themes without a forum".
ARENA_KINDS: frozenset[str] = frozenset({"council", "forum", "network", "working_group"})


def kind_label(kind: str, lang: str = "sv") -> str:
    """Return the label of a node kind.

    >>> kind_label("network")
    'nätverk'
    >>> kind_label("network", "en")
    'network'
    """
    sv, en = KIND_LABELS[kind]
    return en if lang == "en" else sv


def relation_label(rel_type: str, lang: str = "sv", *, inverse: bool = False) -> str:
    """Return the phrase for a relation type, read forward or backward."""
    table = RELATION_INVERSE_LABELS if inverse else RELATION_LABELS
    sv, en = table[rel_type]
    return en if lang == "en" else sv


def role_label(role: str, lang: str = "sv") -> str:
    """Return the label of a membership role."""
    sv, en = ROLE_LABELS[role]
    return en if lang == "en" else sv
