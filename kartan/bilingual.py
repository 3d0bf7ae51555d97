"""Which texts of the data file have an English translation, and which still lack one.

The data is Swedish first: every text a visitor reads has an ``…_en`` field beside it
for a faithful English translation (see :func:`kartan.model.english`).  This module
names those pairs in one place, for the validator's warning (``no_english``: a warning,
never an error, so a maintainer who writes only Swedish is not blocked; given once the
map has an English title, see :func:`is_bilingual`) and for
``kartan stats`` (the coverage per kind of text).

Names are translated only where an English name exists or helps (a municipal body,
a council); most organisations keep their Swedish name, so a name without ``name_en``
is counted but never warned about.

>>> raw = {"nodes": [{"id": "a", "name": "Rådet", "description": "Ett råd.",
...                   "meetings": [{"id": "m", "title": "Möte", "title_en": "Meeting"}]}]}
>>> [(m.path, m.field) for m in missing(raw)]
[(('nodes', 0), 'description')]
>>> c = coverage(raw)
>>> c["nodes.description"], c["nodes.meetings.title"], c["nodes.name"]
((0, 1), (1, 1), (0, 1))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

# section (dotted path of lists/objects from the top) -> the Swedish fields translated
TRANSLATED: dict[str, tuple[str, ...]] = {
    "map": ("title", "description"),
    "themes": ("name",),
    "audiences": ("name", "description"),
    "places": ("description",),
    "nodes": ("description", "how_to_take_part", "note"),
    "nodes.contact": ("note",),
    "nodes.members": ("label", "note"),
    "nodes.relations": ("note",),
    "nodes.meetings": ("title", "when", "place_note", "description"),
    "matters": ("title", "outcome", "note"),
    "matters.carried_by": ("note",),
    "matters.later": ("text", "note"),
    "needs": ("text", "group", "note"),
    "needs.taken_up_by": ("label", "note"),
}

# Translated only where it helps: counted by `kartan stats`, never warned about.
OPTIONAL: dict[str, tuple[str, ...]] = {"nodes": ("name",)}


def is_bilingual(raw: Any) -> bool:
    """A map with an English title (``map.title_en``) promises English: only then does
    the validator warn about each missing translation (a Swedish-only map is not nagged).
    """
    header = raw.get("map") if isinstance(raw, dict) else None
    return isinstance(header, dict) and _has(header, "title_en")


@dataclass(frozen=True)
class Missing:
    """A Swedish text at ``path`` (``field``) with no English translation."""

    path: Path
    field: str


def _records(raw: Any, section: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every record of a dotted section, with its path (lists are walked, maps entered)."""
    layers: list[tuple[Path, Any]] = [((), raw)]
    for key in section.split("."):
        nxt: list[tuple[Path, Any]] = []
        for path, value in layers:
            if not isinstance(value, dict) or key not in value:
                continue
            child = value[key]
            if isinstance(child, list):
                nxt += [((*path, key, i), item) for i, item in enumerate(child)]
            else:
                nxt.append(((*path, key), child))
        layers = nxt
    for path, value in layers:
        if isinstance(value, dict):
            yield path, value


def _has(record: dict[str, Any], key: str) -> bool:
    value = record.get(key)
    return isinstance(value, str) and bool(value.strip())


def missing(raw: Any) -> list[Missing]:
    """Every Swedish text (of :data:`TRANSLATED`) whose English field is empty."""
    out: list[Missing] = []
    for section, fields in TRANSLATED.items():
        for path, record in _records(raw, section):
            out += [
                Missing(path, f) for f in fields if _has(record, f) and not _has(record, f + "_en")
            ]
    return out


def coverage(raw: Any) -> dict[str, tuple[int, int]]:
    """``section.field`` -> (translated, Swedish texts) for every translatable field."""
    out: dict[str, tuple[int, int]] = {}
    for table in (TRANSLATED, OPTIONAL):
        for section, fields in table.items():
            for f in fields:
                done = total = 0
                for _, record in _records(raw, section):
                    if _has(record, f):
                        total += 1
                        done += _has(record, f + "_en")
                out[f"{section}.{f}"] = (done, total)
    return out
