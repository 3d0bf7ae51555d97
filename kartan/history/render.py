"""The diff rendered: sections for the web page, plain text, Markdown and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from kartan.catalogue import table
from kartan.history.diff import (
    CATALOGUES,
    EdgeChange,
    EdgeChangeKind,
    FieldChange,
    MapDiff,
    MeetingChange,
    NodeRef,
)
from kartan.labels import KIND_LABELS
from kartan.texts import text as _t

FIELD_LABELS: dict[str, str] = {k: sv for k, (sv, _en) in table("history.field").items()}

_BARE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # ids and dates go unquoted


def _value(value: Any, lang: str = "sv") -> str:
    """A JSON value as short text: (tomt), ja/nej, lists joined, text quoted."""
    if value is None or value == [] or value == {}:
        return _t("diff_empty_value", lang)
    if isinstance(value, bool):
        return _t("diff_yes" if value else "diff_no", lang)
    if isinstance(value, list):
        return ", ".join(_value(v, lang) if isinstance(v, dict | list) else str(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v, lang)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and _BARE.fullmatch(value):
        return value
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def field_label(key: str, lang: str = "sv") -> str:
    """'beskrivning (description)': the Swedish name with the YAML key (English: the key)."""
    sv = FIELD_LABELS.get(key)
    if lang == "en":
        return key
    return f"{sv} ({key})" if sv and sv != key else key


def _change_line(c: FieldChange, lang: str = "sv") -> str:
    label = field_label(c.field, lang)
    if c.field == "kind":
        i = 1 if lang == "en" else 0
        old = KIND_LABELS.get(str(c.old), (str(c.old), str(c.old)))[i] if c.old else None
        new = KIND_LABELS.get(str(c.new), (str(c.new), str(c.new)))[i] if c.new else None
        return f"{label}: {_value(old, lang)} → {_value(new, lang)}"
    return f"{label}: {_value(c.old, lang)} → {_value(c.new, lang)}"


def _validity(e: EdgeChange, lang: str = "sv") -> str:
    parts = []
    if e.valid_from:
        parts.append(_t("diff_from", lang, d=e.valid_from.isoformat()))
    if e.valid_until:
        parts.append(_t("diff_until", lang, d=e.valid_until.isoformat()))
    return f", {' '.join(parts)}" if parts else ""


def _node_name(ref: NodeRef, names: dict[str, str], lang: str = "sv") -> str:
    kind = KIND_LABELS.get(ref.kind, (ref.kind, ref.kind))[1 if lang == "en" else 0]
    return f"{names.get(ref.id, ref.name) if lang == 'en' else ref.name} ({ref.id}, {kind})"


def _meeting_text(
    m: MeetingChange, names: dict[str, str], meetings: dict[str, tuple[str, str | None]]
) -> str:
    """'Title (date), organiser'; ``meetings``: English (title, when) by meeting id."""
    title, when_text = meetings.get(m.id, (m.title, m.when))
    when = m.date.isoformat() if m.date else (when_text or m.when or "")
    return f"{title} ({when}), {names.get(m.node, m.node)}"


@dataclass(frozen=True)
class DiffRow:
    """One line of a rendered diff: a sign (+ - ~ ×), the sentence and its details."""

    sign: str
    text: str
    details: tuple[str, ...] = ()
    code: bool = False  # the text is an id (a catalogue entry), shown as code
    # parts of ``text`` to mark on a page: (substring, "code") for ids, (substring, "sv")
    # for a Swedish name or title inside an English sentence
    marks: tuple[tuple[str, str], ...] = ()

    @property
    def change(self) -> str:
        """The change as a word for CSS classes: added, removed, changed or ended."""
        return {"+": "added", "-": "removed", "~": "changed", "×": "ended"}[self.sign]


@dataclass(frozen=True)
class DiffSection:
    """A heading ('Tillagda noder (2)') and its rows; a section with no rows is a notice."""

    heading: str
    rows: tuple[DiffRow, ...] = ()


def diff_sections(
    diff: MapDiff,
    lang: str = "sv",
    *,
    english: tuple[dict[str, str], dict[str, tuple[str, str | None]]] | None = None,
) -> list[DiffSection]:
    """The diff as sections in reading order (used by every renderer), Swedish by default.

    ``english``: in English, the names of nodes and the (title, when) of meetings to use
    by id, e.g. the current map's, for revisions written before their English existed.
    """
    names = {**diff.names, **diff.names_en} if lang == "en" else diff.names
    meetings: dict[str, tuple[str, str | None]] = {}
    if lang == "en" and english is not None:
        names = {**names, **english[0]}
        meetings = english[1]
    out: list[DiffSection] = []

    def add(key: str, rows: list[DiffRow]) -> None:
        if rows:
            out.append(DiffSection(f"{_t(key, lang)} ({len(rows)})", tuple(rows)))

    def lines(changes: Iterable[FieldChange]) -> tuple[str, ...]:
        return tuple(_change_line(f, lang) for f in changes)

    english_ids = set(diff.names_en) | (set(english[0]) if english else set())

    def marks(ids: Iterable[str], *texts: str | None) -> tuple[tuple[str, str], ...]:
        """On an English page: ids as code, names without English and ``texts`` as Swedish."""
        if lang != "en":
            return ()
        out = [(i, "code") for i in ids if "-" in i]
        out += [(names.get(i, i), "sv") for i in ids if i not in english_ids]
        return tuple(out) + tuple((t, "sv") for t in texts if t)

    def meeting_marks(m: MeetingChange) -> tuple[tuple[str, str], ...]:
        if m.id in meetings:
            return marks([m.node])
        return marks([m.node], m.title, None if m.date else m.when)

    if diff.file_added:
        out.append(DiffSection(_t("diff_file_added", lang)))
    if diff.file_removed:
        out.append(DiffSection(_t("diff_file_removed", lang)))
    add(
        "diff_nodes_added",
        [DiffRow("+", _node_name(n, names, lang), marks=marks([n.id])) for n in diff.nodes_added],
    )
    add(
        "diff_nodes_removed",
        [DiffRow("-", _node_name(n, names, lang), marks=marks([n.id])) for n in diff.nodes_removed],
    )
    add(
        "diff_nodes_changed",
        [
            DiffRow(
                "~", f"{names.get(c.id, c.name)} ({c.id})", lines(c.changes), marks=marks([c.id])
            )
            for c in diff.nodes_changed
        ],
    )
    edge_kinds: tuple[Literal["members", "relations"], ...] = ("members", "relations")
    changes: tuple[tuple[EdgeChangeKind, str], ...] = (
        ("added", "+"),
        ("ended", "×"),
        ("removed", "-"),
        ("changed", "~"),
    )
    for kind in edge_kinds:
        for change, sign in changes:
            rows = [
                DiffRow(
                    sign,
                    e.text(names, lang) + _validity(e, lang),
                    lines(e.changes) if change == "changed" else (),
                    marks=marks([e.source, e.target]),
                )
                for e in diff.edges(kind, change)
            ]
            add(f"diff_{kind}_{change}", rows)
    for change, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        add(
            f"diff_meetings_{change}",
            [
                DiffRow(
                    sign,
                    _meeting_text(m, names, meetings),
                    lines(m.changes),
                    marks=meeting_marks(m),
                )
                for m in diff.meetings
                if m.change == change
            ],
        )
    add("diff_header", [DiffRow("~", _change_line(c, lang)) for c in diff.header])
    for key in CATALOGUES:
        d = diff.catalogues.get(key)
        if not d:
            continue
        rows = [DiffRow("+", i, code=True) for i in d.added]
        rows += [DiffRow("-", i, code=True) for i in d.removed]
        rows += [DiffRow("~", i, code=True) for i in d.changed]
        add(f"diff_{key}", rows)
    return out


NO_CHANGES = _t("diff_no_changes", "sv")


def render_text(diff: MapDiff, *, title: str | None = None) -> str:
    """The diff as plain Swedish text for a terminal."""
    lines: list[str] = [title] if title else []
    sections = diff_sections(diff)
    if not sections:
        lines.append(NO_CHANGES)
    for section in sections:
        lines.append(f"{section.heading}:" if section.rows else section.heading)
        for row in section.rows:
            lines.append(f"  {row.sign} {row.text}")
            lines.extend(f"      {d}" for d in row.details)
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


_MD_MARKS = {"+": "➕", "-": "➖", "~": "✏️", "×": "⏹️"}


def render_markdown(diff: MapDiff, *, title: str | None = None) -> str:
    """The diff as Markdown in Swedish, for a pull-request comment or job summary."""
    lines: list[str] = [f"### {_md(title)}", ""] if title else []
    sections = diff_sections(diff)
    if not sections:
        lines.append(NO_CHANGES)
    else:
        lines.append(f"**Sammanfattning:** {_md(diff.summary())}")
    for section in sections:
        lines += ["", f"#### {_md(section.heading)}"]
        if section.rows:
            lines.append("")
        for row in section.rows:
            lines.append(f"- {_MD_MARKS[row.sign]} {_md(row.text)}")
            lines.extend(f"  - {_md(d)}" for d in row.details)
    return "\n".join(lines) + "\n"


def render_json(diff: MapDiff, **extra: Any) -> str:
    """The diff as JSON (``extra`` keys first, e.g. the revisions compared)."""
    return json.dumps({**extra, **diff.as_dict()}, ensure_ascii=False, indent=2)
