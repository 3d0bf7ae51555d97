"""The node presenter: a node's texts in a language, one place for every shape.

The web page (:mod:`api.pageviews`), the standalone HTML export
(:mod:`kartan.standalone`) and the JSON API (:mod:`api.views`) show the same node;
the choice of language for each text of the data (English when the data has it, the
Swedish original kept and marked), the kind's label and the names of themes and
audiences are made here once.  :data:`PLAIN_FIELDS` are the node's fields that every
shape copies as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kartan.labels import kind_label
from kartan.map import Map
from kartan.model import Node

SV_ATTR = Markup(' lang="sv"')

# The node's fields shown as they are in the data, in both languages (the JSON API).
PLAIN_FIELDS = (
    "id",
    "name",
    "name_en",
    "aliases",
    "description",
    "description_en",
    "entry_point",
    "how_to_take_part",
    "how_to_take_part_en",
    "url",
    "external",
    "inferred",
    "reviewed",
    "note",
    "note_en",
    "valid_from",
    "valid_until",
    "dates_inferred",
)


def plain_fields(node: Node) -> dict[str, Any]:
    """The :data:`PLAIN_FIELDS` of ``node`` (by field name, values as they are)."""
    return {name: getattr(node, name) for name in PLAIN_FIELDS}


def node_name(node: Node, lang: str) -> str:
    """The node's name in the UI language (Swedish when there is no English name)."""
    return node.name_en if lang == "en" and node.name_en else node.name


def node_description(node: Node, lang: str) -> str | None:
    """The node's description in the UI language, falling back to Swedish."""
    return node.description_en if lang == "en" and node.description_en else node.description


def sv_attr(swedish: bool) -> Markup:
    """``lang="sv"`` for an element whose text is Swedish on an English page, else nothing."""
    return SV_ATTR if swedish else Markup("")


@dataclass(frozen=True)
class Bilingual:
    """A text from the data as a page shows it: in the page's language when the data has
    it, with the Swedish original kept for a toggle; ``swedish``: only Swedish exists."""

    text: str
    original: str | None = None
    swedish: bool = False

    @property
    def lang_attr(self) -> Markup:
        return sv_attr(self.swedish)

    def __str__(self) -> str:
        return self.text


def bilingual(sv: str | None, en: str | None, lang: str) -> Bilingual | None:
    """The text to show for a (Swedish, English) pair of the data, or None when empty.

    >>> bilingual("Ett råd.", "A council.", "en")
    Bilingual(text='A council.', original='Ett råd.', swedish=False)
    >>> bilingual("Ett råd.", None, "en").swedish, bilingual("Ett råd.", "A council.", "sv").text
    (True, 'Ett råd.')
    """
    if not sv:
        return Bilingual(en) if en and lang == "en" else None
    if lang != "en":
        return Bilingual(sv)
    if en:
        return Bilingual(en, original=sv)
    return Bilingual(sv, swedish=True)


def theme_name(m: Map, theme_id: str, lang: str) -> str:
    theme = m.themes.get(theme_id)
    if theme is None:
        return theme_id
    return theme.name_en if lang == "en" and theme.name_en else theme.name


def audience_name(m: Map, audience_id: str, lang: str) -> str:
    aud = m.audiences.get(audience_id)
    if aud is None:
        return audience_id
    return aud.name_en if lang == "en" and aud.name_en else aud.name


@dataclass(frozen=True)
class NodeTexts:
    """A node's own texts in one language (``name_swedish``: no English name exists)."""

    name: str
    name_swedish: bool
    kind_label: str
    description: Bilingual | None
    how_to_take_part: Bilingual | None
    note: Bilingual | None
    themes: list[tuple[str, str]]  # (id, name)
    audiences: list[str]


def node_texts(m: Map, node: Node, lang: str) -> NodeTexts:
    """The texts of ``node`` in ``lang``: what every language-bound shape shows."""
    return NodeTexts(
        name=node_name(node, lang),
        name_swedish=lang == "en" and not node.name_en,
        kind_label=kind_label(node.kind.value, lang),
        description=bilingual(node.description, node.description_en, lang),
        how_to_take_part=bilingual(node.how_to_take_part, node.how_to_take_part_en, lang),
        note=bilingual(node.note, node.note_en, lang),
        themes=[(t, theme_name(m, t, lang)) for t in node.themes],
        audiences=[audience_name(m, a, lang) for a in node.audiences],
    )
