"""The record stage of loading: checks across records, and the warnings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from kartan import bilingual
from kartan.load.events import Tree
from kartan.load.problems import MAX_PROBLEMS, Loc, Problem, Severity, path_str, suggest
from kartan.matters import check_matters
from kartan.messages import PERSONAL_DATA_NAMES, UNKNOWN_SV, WHAT
from kartan.model import SOURCE_REF_PATTERN
from kartan.privacy import find_personal_data
from kartan.staleness import overdue

# Kinds for which a missing contact is worth a warning (bodies one can turn to).
_CONTACT_KINDS = frozenset(
    {
        "decision_body",
        "steering_body",
        "council",
        "forum",
        "network",
        "working_group",
        "administration",
        "unit",
    }
)

# --------------------------------------------------------------------------- record stage


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(raw: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_as_list(raw.get(section))):
        if isinstance(item, dict):
            yield i, item


class Checker:
    """Checks across records on the raw data; collects problems with positions."""

    def __init__(self, raw: dict[str, Any], tree: Tree, filename: str) -> None:
        self.raw = raw
        self.tree = tree
        self.filename = filename
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.more = 0  # errors counted but not collected
        self.more_warnings = 0  # warnings counted but not collected

    def add(self, loc: Loc, code: str, severity: Severity = "error", **params: Any) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            if severity == "error":
                self.more += 1
            else:
                self.more_warnings += 1
            return
        line, col = self.tree.position(loc)
        self.problems.append(
            Problem(self.filename, line, col, severity, path_str(loc), code, params)
        )

    def collect_ids(self, section: str, items: Iterable[tuple[Loc, Any]]) -> None:
        seen: dict[str, str] = {}
        for loc, value in items:
            if not isinstance(value, str):
                continue
            if value in seen:
                self.add(loc, "duplicate_id", value=value, first=seen[value])
            else:
                seen[value] = path_str(loc)
        self.ids[section] = seen

    def ref(self, loc: Loc, value: Any, section: str, what: str) -> None:
        if not isinstance(value, str) or value in self.ids.get(section, {}):
            return
        sv, en = WHAT[what]
        self.add(
            loc,
            "unknown_ref",
            what=sv,
            what_en=en,
            unknown=UNKNOWN_SV[what],
            value=value,
            suggestion=suggest(value, self.ids.get(section, {})),
        )

    def sources(self, loc: Loc, refs: Any) -> None:
        for i, ref in enumerate(_as_list(refs)):
            if isinstance(ref, str) and re.match(SOURCE_REF_PATTERN, ref):
                self.ref((*loc, i), ref.split(" ", 1)[0], "sources", "source")

    def in_order(self, loc: Loc, start: Any, end: Any, code: str, end_param: str) -> None:
        """Problem ``code`` at ``loc`` when ``end`` is a date before the date ``start``."""
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            dates = {end_param: end.isoformat(), "start": start.isoformat()}
            self.add(loc, code, "error", **dates)

    def validity(self, loc: Loc, item: dict[str, Any]) -> None:
        until = (*loc, "until")
        self.in_order(until, item.get("from"), item.get("until"), "until_before_from", "until")

    def run(self) -> list[Problem]:
        raw = self.raw
        for section in ("sources", "themes", "audiences", "places"):
            self.collect_ids(
                section, (((section, i, "id"), it.get("id")) for i, it in _items(raw, section))
            )
        self.collect_ids(
            "nodes", ((("nodes", i, "id"), n.get("id")) for i, n in _items(raw, "nodes"))
        )
        self.collect_ids(
            "meetings",
            (
                (("nodes", i, "meetings", j, "id"), m.get("id"))
                for i, n in _items(raw, "nodes")
                for j, m in _items(n, "meetings")
            ),
        )
        self.collect_ids(
            "needs", ((("needs", i, "id"), n.get("id")) for i, n in _items(raw, "needs"))
        )
        info = _as_dict(raw.get("map"))
        self.ref(("map", "owner"), info.get("owner"), "nodes", "node")
        door = _as_dict(info.get("door"))
        if door:
            self.ref(("map", "door", "id"), door.get("id"), "nodes", "node")
            self.sources(("map", "door", "sources"), door.get("sources"))
        self.sources(("map", "owner_sources"), info.get("owner_sources"))
        for section in ("themes", "audiences", "places"):
            for i, item in _items(raw, section):
                self.sources((section, i, "sources"), item.get("sources"))
        for i, node in _items(raw, "nodes"):
            self.node(("nodes", i), node)
        # matters (issue 17): kartan.matters holds the checks
        self.collect_ids(
            "matters", ((("matters", i, "id"), it.get("id")) for i, it in _items(raw, "matters"))
        )
        check_matters(raw, self.add, self.ref, self.sources)
        self.personal((), raw)
        for i, need in _items(raw, "needs"):
            self.need(("needs", i), need)
        return self.problems

    def personal(self, loc: Loc, value: Any) -> None:
        """No e-mail address, phone number or personnummer in any text (after NFKC)."""
        stack: list[tuple[Loc, Any]] = [(loc, value)]
        while stack:  # iterative: nesting depth is the file's, not Python's limit
            where, item = stack.pop()
            if isinstance(item, dict):
                stack.extend(((*where, k), v) for k, v in reversed(item.items()))
            elif isinstance(item, list):
                stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(item))))
            elif isinstance(item, str):
                kinds = sorted({f.kind for f in find_personal_data(item)})
                if kinds:
                    sv = ", ".join(PERSONAL_DATA_NAMES[k][0] for k in kinds)
                    en = ", ".join(PERSONAL_DATA_NAMES[k][1] for k in kinds)
                    self.add(where, "personal_data", what=sv, what_en=en)

    def cited_lines(self, loc: Loc, refs: Any) -> None:
        """Each citation naming an item (§ or «section») and lines lies inside that item,
        as the data file's ``sources[].items`` declare it (needs, issue 14)."""
        from kartan.sources import parse_ref

        if not hasattr(self, "_items"):
            self._items: dict[str, dict[str, tuple[int, int]]] = {}
            for _, src in _items(self.raw, "sources"):
                found: dict[str, tuple[int, int]] = {}
                for _, it in _items(src, "items"):
                    first, last = it.get("first"), it.get("last")
                    if isinstance(first, int) and isinstance(last, int):
                        found[str(it.get("ref"))] = (first, last)
                self._items[str(src.get("id"))] = found
        for j, ref in enumerate(_as_list(refs)):
            if not isinstance(ref, str):
                continue
            cit = parse_ref(ref)
            spans = self._items.get(cit.source) or {}
            if cit.section is None or not spans:
                continue
            span = spans.get(cit.section)
            if span is None:
                self.add((*loc, j), "unknown_item", value=ref, allowed=", ".join(spans))
                continue
            for first, last in cit.lines:
                if not span[0] <= first <= last <= span[1]:
                    self.add(
                        (*loc, j),
                        "citation_outside_item",
                        value=ref,
                        item=cit.section,
                        first=span[0],
                        last=span[1],
                    )
                    break

    def need(self, loc: Loc, need: dict[str, Any]) -> None:
        """A need (issue 14): who raised it and who takes it up exist; all is sourced."""
        self.sources((*loc, "sources"), need.get("sources"))
        self.cited_lines((*loc, "sources"), need.get("sources"))
        for j, theme in enumerate(_as_list(need.get("themes"))):
            self.ref((*loc, "themes", j), theme, "themes", "theme")
        for j, who in enumerate(_as_list(need.get("raised_by"))):
            if isinstance(who, str) and who not in self.ids.get("audiences", {}):
                self.ref((*loc, "raised_by", j), who, "nodes", "raiser")
        if need.get("raised_in") is not None:
            self.ref((*loc, "raised_in"), need.get("raised_in"), "nodes", "node")
        for j, item in _items(need, "taken_up_by"):
            self.ref((*loc, "taken_up_by", j, "id"), item.get("id"), "nodes", "node")
            self.sources((*loc, "taken_up_by", j, "sources"), item.get("sources"))
            self.cited_lines((*loc, "taken_up_by", j, "sources"), item.get("sources"))
            self.validity((*loc, "taken_up_by", j), item)

    def link(self, loc: Loc, item: dict[str, Any], target: str, own_id: Any) -> None:
        """A membership or relation: its target exists, is not the node itself, is sourced."""
        self.ref((*loc, target), item.get(target), "nodes", "node")
        if own_id is not None and item.get(target) == own_id:
            self.add((*loc, target), "self_relation", value=own_id)
        self.sources((*loc, "sources"), item.get("sources"))
        self.validity(loc, item)

    def node(self, loc: Loc, node: dict[str, Any]) -> None:
        self.sources((*loc, "sources"), node.get("sources"))
        self.validity(loc, node)
        for j, theme in enumerate(_as_list(node.get("themes"))):
            self.ref((*loc, "themes", j), theme, "themes", "theme")
        for j, aud in enumerate(_as_list(node.get("audiences"))):
            self.ref((*loc, "audiences", j), aud, "audiences", "audience")
        meets = _as_dict(node.get("meets"))
        if meets.get("place") is not None:
            self.ref((*loc, "meets", "place"), meets.get("place"), "places", "place")
        contact = _as_dict(node.get("contact"))
        if contact:
            self.ref((*loc, "contact", "via"), contact.get("via"), "nodes", "node")
            self.sources((*loc, "contact", "sources"), contact.get("sources"))
        own_id = node.get("id")
        for section, target in (("members", "id"), ("relations", "to")):
            for j, item in _items(node, section):
                self.link((*loc, section, j), item, target, own_id)
        for j, meeting in _items(node, "meetings"):
            mloc = (*loc, "meetings", j)
            if meeting.get("place") is not None:
                self.ref((*mloc, "place"), meeting.get("place"), "places", "place")
            if meeting.get("about") is not None:
                self.ref((*mloc, "about"), meeting.get("about"), "nodes", "node")
            self.sources((*mloc, "sources"), meeting.get("sources"))
            start, end = meeting.get("date"), meeting.get("end_date")
            self.in_order((*mloc, "end_date"), start, end, "end_before_start", "end")


# Kinds a decision body may be part of: the municipality's line organisation.
_LINE_KINDS = frozenset({"decision_body", "administration", "unit", "public_body"})


def _decision_model_warnings(checker: Checker, nodes: list[tuple[int, dict[str, Any]]]) -> None:
    """Decision bodies and steering apart; contacts that lead somewhere (issue 9)."""
    kinds = {n.get("id"): n.get("kind") for _, n in nodes}
    for i, node in nodes:
        loc: Loc = ("nodes", i)
        own = node.get("id")
        contact = _as_dict(node.get("contact"))
        if contact and own is not None and contact.get("via") == own:
            checker.add((*loc, "contact", "via"), "contact_via_self", "warning", value=own)
        relations = list(_items(node, "relations"))
        if node.get("kind") == "decision_body":
            for j, r in relations:
                target = r.get("to")
                target_kind = kinds.get(target)
                if r.get("type") == "part_of" and target_kind and target_kind not in _LINE_KINDS:
                    checker.add(
                        (*loc, "relations", j, "to"),
                        "decision_body_in_body",
                        "warning",
                        value=own,
                        target=target,
                        target_kind=target_kind,
                    )
        if node.get("kind") == "steering_body" and not any(
            r.get("type") in ("part_of", "responsible_for") for _, r in relations
        ):
            checker.add((*loc, "kind"), "steering_without_body", "warning")


def check_warnings(
    raw: dict[str, Any], checker: Checker, *, stale_days: int | None, today: dt.date
) -> list[Problem]:
    connected: set[Any] = set()
    nodes = list(_items(raw, "nodes"))
    _decision_model_warnings(checker, nodes)
    for _, node in nodes:
        own = node.get("id")
        for _, m in _items(node, "members"):
            connected.update((own, m.get("id")))
        for _, r in _items(node, "relations"):
            connected.update((own, r.get("to")))
    for i, node in nodes:
        loc: Loc = ("nodes", i)
        if node.get("kind") in _CONTACT_KINDS and not node.get("contact"):
            checker.add((*loc, "id"), "no_contact", "warning")
        reviewed = node.get("reviewed")
        if stale_days is not None and not node.get("external"):  # the rule of kartan.staleness
            if isinstance(reviewed, dt.date):
                if overdue(reviewed, today, stale_days):
                    checker.add(
                        (*loc, "reviewed"),
                        "stale",
                        "warning",
                        reviewed=reviewed.isoformat(),
                        days=stale_days,
                    )
            elif reviewed is None:
                checker.add((*loc, "id"), "not_reviewed", "warning")
        if node.get("id") not in connected:
            checker.add((*loc, "id"), "isolated", "warning")
    info = raw.get("map")
    if isinstance(info, dict) and info.get("ownership_open") and not info.get("owner_sources"):
        checker.add(("map", "ownership_open"), "ownership_open_unsourced", "warning")
    by_record: dict[Loc, list[str]] = {}
    for gap in bilingual.missing(raw) if bilingual.is_bilingual(raw) else ():
        by_record.setdefault(gap.path, []).append(gap.field)
    for path, fields in by_record.items():
        checker.add(
            (*path, fields[0]),
            "no_english",
            "warning",
            fields=", ".join(fields),
            keys=", ".join(f + "_en" for f in fields),
        )
    return checker.problems
