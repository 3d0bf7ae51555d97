"""A proposed change to one body ("Föreslå ändring"), checked against the whole map.

:func:`apply_proposal` applies a :class:`Proposal` (a new description, contact function,
a membership added or ended, a new relation, each with its source) to a copy of the map,
writes the result in canonical form (:func:`kartan.fmt.format_map`), validates the whole
file with the validator (:func:`kartan.load.load_text`), and returns either the
validator's messages or the patch (a unified diff of the canonical file) to paste into a
pull request.  Nothing is written to disk.

Examples
--------
>>> data = MapFile.model_validate({"schema_version": 1, "map": {"title": "T", "owner": "au"},
...     "sources": [{"id": "s", "title": "S"}],
...     "nodes": [{"id": "au", "kind": "decision_body", "name": "AU", "sources": ["s"]}]})
>>> result = apply_proposal(data, Proposal(node="au", description="Beslutar.",
...                                        sources=["s §3"]))
>>> result.valid, result.summary
(True, '1 nod ändrad')
>>> print("".join(l for l in result.patch.splitlines(True) if l[0] in "+-"), end="")
--- a/data/forums.yaml
+++ b/data/forums.yaml
-  - {id: au, kind: decision_body, name: AU, sources: [s]}
+  - {id: au, kind: decision_body, name: AU, description: Beslutar., sources: [s, s §3]}
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from kartan import errors
from kartan.errors import KartanError
from kartan.fmt import format_map
from kartan.history import MapDiff, diff_maps
from kartan.load import Problem, load_text
from kartan.model import MapFile, model_dump_yaml_ready
from kartan.privacy import has_personal_data
from kartan.texts import text as _t

DEFAULT_FILENAME = "data/forums.yaml"

HOW_TO = (
    "Så lämnar du förslaget:",
    "1. Kopiera ändringen (rutan ovan).",
    "2. Öppna data/forums.yaml i projektet på GitHub och klicka på pennan (Edit this file).",
    "3. Gör samma ändringar: rader som börjar med - tas bort, rader som börjar med + läggs "
    "till (utan tecknet). Siffrorna efter @@ säger på vilken rad ändringen börjar.",
    "4. Spara som en ny gren (Create a new branch … and start a pull request) och skriv i "
    "mallen varifrån uppgiften kommer.",
    "Kan du använda git: spara ändringen som forslag.patch och kör git apply forslag.patch.",
    "Du kan också klistra in ändringen i ett ärende (issue), så för förvaltningsgruppen in den.",
)


class ProposalError(KartanError, ValueError):
    """The proposal cannot be applied as given.

    Made from a key of :mod:`kartan.texts`; ``str(exc)`` is the Swedish sentence with the
    English one in brackets (for the JSON API), :meth:`message` one language.
    """

    def __init__(self, key: str, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(f"{self.message('sv')} ({self.message('en')})")

    def message(self, lang: str) -> str:
        """The reason in ``lang``."""
        return _t(self.key, lang, **self.fields)


class UnknownNodeError(errors.UnknownNodeError, ProposalError):
    """The body the proposal is about is not on the map: the map's
    :class:`kartan.errors.UnknownNodeError` (404 on the web), with the proposal's
    message in Swedish and English."""

    def __init__(self, key: str, **fields: object) -> None:
        ProposalError.__init__(self, key, **fields)
        self.node = str(fields.get("id", ""))


@dataclass
class Proposal:
    """What someone proposes to change on one body (``node``).

    Every part is optional, but at least one must change something, and ``sources``
    (source references such as ``001 §5``) must cite where the new facts come from.
    ``member_date`` is the membership's first day when adding and its last day when
    ending.  A source not yet on the map can be added with ``new_source_*``.
    """

    node: str
    description: str | None = None
    contact_function: str | None = None
    contact_via: str | None = None
    member_action: Literal["add", "end"] | None = None
    member_id: str | None = None
    member_role: str | None = None
    member_date: str | None = None
    relation_type: str | None = None
    relation_to: str | None = None
    relation_label: str | None = None
    sources: list[str] = field(default_factory=list)
    new_source_id: str | None = None
    new_source_title: str | None = None
    new_source_date: str | None = None


@dataclass
class ProposalResult:
    """The outcome: valid with a patch, or the validator's messages."""

    valid: bool
    applied: list[str]
    problems: list[Problem]
    patch: str
    diff: MapDiff | None
    text: str

    @property
    def summary(self) -> str:
        """What changes on the map, in one Swedish line."""
        return self.diff.summary() if self.diff is not None else ""

    def messages(self, lang: str = "sv") -> list[str]:
        """The validator's errors as ``path: message`` lines."""
        return [
            f"{p.path}: {p.message(lang)}" if p.path else p.message(lang) for p in self.problems
        ]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_text(p: Proposal) -> None:
    """Refuse control characters and personal data (:mod:`kartan.privacy`) in the proposal.

    The map names organisations and functions, never persons: contact goes through a
    function at an organisation (``contact``), so no address or number belongs in the text.
    """
    texts = [
        p.description,
        p.contact_function,
        p.contact_via,
        p.member_id,
        p.member_role,
        p.member_date,
        p.relation_type,
        p.relation_to,
        p.relation_label,
        p.new_source_id,
        p.new_source_title,
        p.new_source_date,
        *p.sources,
    ]
    for text in texts:
        if not text:
            continue
        if _CONTROL.search(text):
            raise ProposalError("proposal_control")
        if has_personal_data(text):
            raise ProposalError("proposal_personal")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _add_sources(item: dict[str, Any], sources: list[str]) -> None:
    existing = list(item.get("sources") or [])
    item["sources"] = existing + [s for s in sources if s not in existing]


def _apply_description(node: dict[str, Any], p: Proposal, sources: list[str]) -> str | None:
    text = _clean(p.description)
    if text is None or text == node.get("description"):
        return None
    node["description"] = text
    _add_sources(node, sources)
    return "ny beskrivning"


def _both(first: str | None, second: str | None, error: str) -> tuple[str, str] | None:
    """Two fields that go together, cleaned: None when both are empty, the
    :class:`ProposalError` ``error`` when only one is given."""
    a, b = _clean(first), _clean(second)
    if a is None and b is None:
        return None
    if a is None or b is None:
        raise ProposalError(error)
    return a, b


def _apply_contact(node: dict[str, Any], p: Proposal, sources: list[str]) -> str | None:
    pair = _both(p.contact_function, p.contact_via, "proposal_contact_both")
    if pair is None:
        return None
    function, via = pair
    old = node.get("contact") or {}
    if old.get("function") == function and old.get("via") == via:
        return None
    contact: dict[str, Any] = {"function": function, "via": via}
    if old.get("via") == via:  # same organisation: its address and note still hold
        contact.update({k: old[k] for k in ("url", "note") if k in old})
    contact["sources"] = list(sources)
    node["contact"] = contact
    return "ny kontaktväg"


def _role(member: dict[str, Any]) -> str:
    """A membership's role; ``member`` (the default) is left out of the dumped data."""
    return str(member.get("role") or "member")


def _apply_membership(node: dict[str, Any], p: Proposal, sources: list[str]) -> str | None:
    member = _clean(p.member_id)
    if p.member_action is None or member is None:
        if p.member_action is not None or member is not None:
            raise ProposalError("proposal_member_both")
        return None
    role = _clean(p.member_role)
    day = _clean(p.member_date)
    members: list[dict[str, Any]] = node.setdefault("members", [])
    if p.member_action == "add":
        wanted = (member, role or "member")
        if any((o.get("id"), _role(o)) == wanted and "until" not in o for o in members):
            raise ProposalError("proposal_member_exists", member=member, node=node.get("id"))
        item: dict[str, Any] = {"id": member, "role": role or "member"}
        if day:
            item["from"] = day
        item["sources"] = list(sources)
        members.append(item)
        return f"nytt medlemskap: {member}"
    if day is None:
        raise ProposalError("proposal_member_until")
    for item in members:
        if item.get("id") == member and "until" not in item and role in (None, _role(item)):
            item["until"] = day
            _add_sources(item, sources)
            return f"avslutat medlemskap: {member}"
    raise ProposalError("proposal_member_missing", member=member, node=node.get("id"))


def _apply_relation(node: dict[str, Any], p: Proposal, sources: list[str]) -> str | None:
    pair = _both(p.relation_type, p.relation_to, "proposal_relation_both")
    if pair is None:
        return None
    rel_type, target = pair
    for old in node.get("relations") or []:
        if old.get("type") == rel_type and old.get("to") == target and "until" not in old:
            raise ProposalError("proposal_relation_exists", type=rel_type, target=target)
    item: dict[str, Any] = {"type": rel_type, "to": target}
    label = _clean(p.relation_label)
    if label:
        item["label"] = label
    item["sources"] = list(sources)
    node.setdefault("relations", []).append(item)
    return f"ny relation: {rel_type} → {target}"


def _apply_source(raw: dict[str, Any], p: Proposal) -> str | None:
    sid, title, day = _clean(p.new_source_id), _clean(p.new_source_title), _clean(p.new_source_date)
    if sid is None and title is None and day is None:
        return None
    if sid is None or title is None:
        raise ProposalError("proposal_source_both")
    source: dict[str, Any] = {"id": sid, "title": title}
    if day:
        source["date"] = day
    raw.setdefault("sources", []).append(source)
    return f"ny källa: {sid}"


def _raw(data: MapFile) -> dict[str, Any]:
    raw = model_dump_yaml_ready(data)
    return raw


def _text_of(raw: dict[str, Any]) -> str:
    """Canonical text when the result fits the schema; plain YAML for the validator if not."""
    try:
        return format_map(MapFile.model_validate(raw))
    except ValidationError:
        return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)


_last: list[tuple[MapFile, str]] = []


def _canonical(data: MapFile) -> str:
    """The canonical text of the map being served (kept for the last map asked about)."""
    if _last and _last[0][0] is data:
        return _last[0][1]
    text = format_map(data)
    _last[:] = [(data, text)]
    return text


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    return [*out, parts[-1]] if parts[-1] else out


def patch_between(before: str, after: str, filename: str = DEFAULT_FILENAME) -> str:
    """A unified diff (``git apply`` reads it) from ``before`` to ``after``.

    Lines are split at ``\\n`` only, as git does (``str.splitlines`` would also split at
    U+2028, NEL and form feed, and the patch would not apply).
    """
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{filename}",
        tofile=f"b/{filename}",
    )
    return "".join(lines)


def apply_proposal(
    data: MapFile,
    proposal: Proposal,
    *,
    filename: str = DEFAULT_FILENAME,
    today: dt.date | None = None,
) -> ProposalResult:
    """Apply ``proposal`` to a copy of ``data`` and validate the whole map.

    Raises :class:`UnknownNodeError` when the body is not on the map and
    :class:`ProposalError` when the proposal changes nothing, cites no source or is
    incomplete; every other problem comes back as the validator's messages.
    """
    _check_text(proposal)
    raw = _raw(data)
    nodes: list[dict[str, Any]] = raw.get("nodes", [])
    node = next((n for n in nodes if n.get("id") == proposal.node), None)
    if node is None:
        raise UnknownNodeError("proposal_unknown_node", id=proposal.node)
    sources = [s.strip() for s in proposal.sources if s and s.strip()]
    applied = [
        a
        for a in (
            _apply_source(raw, proposal),
            _apply_description(node, proposal, sources),
            _apply_contact(node, proposal, sources),
            _apply_membership(node, proposal, sources),
            _apply_relation(node, proposal, sources),
        )
        if a is not None
    ]
    if not [a for a in applied if not a.startswith("ny källa")]:
        raise ProposalError("proposal_nothing")
    if not sources:
        raise ProposalError("proposal_no_source")
    text = _text_of(raw)
    result = load_text(text, filename, stale_days=None, today=today)
    if result.map is None or result.errors:
        return ProposalResult(False, applied, result.errors, "", None, text)
    before = _canonical(data)
    diff = diff_maps(data, result.map.data)
    return ProposalResult(True, applied, [], patch_between(before, text, filename), diff, text)
