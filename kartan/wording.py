"""Words the pages take from the map itself rather than from the code (issue 16).

No page names a municipality's bodies or sources in its own text: what the facts rest on
comes from ``map.sources_name`` (``kartans källor`` when the data file says nothing), and
the search box's examples are the map's own most useful entry points and a theme many of
its bodies share.  A second municipality's map therefore never shows the first one's names.
"""

from __future__ import annotations

from collections import Counter

from kartan.entry_points import entry_points
from kartan.map import Map, remembered
from kartan.texts import text

# an example longer than this is shown by its shortest alias (e.g. 'Klimatnätverket')
EXAMPLE_MAX = 28
EXAMPLE_BODIES = 2


def sources_phrase(m: Map, lang: str) -> str:
    """What the map's facts come from, as it reads after 'från' / 'from'.

    ``map.sources_name`` (its English twin on English pages when there is one), else
    "kartans källor" / "the map's sources"."""
    info = m.data.map
    if lang == "en" and info.sources_name_en:
        return info.sources_name_en
    if info.sources_name:
        return info.sources_name
    return text("sources_generic", lang)


def _lower_first(label: str) -> str:
    """'Klimat' -> 'klimat'; a name in capitals ('KS') or with a capital inside stays."""
    if len(label) > 1 and (label[1:2].isupper() or any(c.isupper() for c in label[1:])):
        return label
    return label[:1].lower() + label[1:]


def mid_sentence(name: str) -> str:
    """An English name inside a sentence: its leading 'The' reads 'the'.

    >>> mid_sentence("The Municipal Executive Board"), mid_sentence("RF-SISU")
    ('the Municipal Executive Board', 'RF-SISU')
    """
    return "the" + name[3:] if name.startswith("The ") else name


def _short_name(m: Map, node_id: str, lang: str) -> str:
    """A body's name as a searcher would type it: the name, or its shortest alias when the
    name is long (aliases are Swedish, so English pages use the English name); an English
    name's leading 'The' reads 'the' inside the sentence."""
    node = m.nodes[node_id]
    if lang == "en" and node.name_en:
        return mid_sentence(node.name_en)
    if len(node.name) <= EXAMPLE_MAX:
        return node.name
    aliases = sorted((a for a in node.aliases if len(a) >= 3), key=len)
    return aliases[0] if aliases else node.name


def _theme_example(m: Map, lang: str) -> str | None:
    """The label of a theme many bodies share (short labels first among the top three)."""
    counts = Counter(t for n in m.data.nodes for t in n.themes if t in m.themes)
    top = [t for t, _ in counts.most_common(3)]
    if not top:
        return None
    labels = []
    for theme_id in top:
        theme = m.themes[theme_id]
        labels.append(theme.name_en if lang == "en" and theme.name_en else theme.name)
    return _lower_first(min(labels, key=len))


def search_examples(m: Map, lang: str) -> tuple[str, ...]:
    """Examples for the search box, from the map: its two most useful entry points (or its
    first bodies when none is marked) and a common theme; worked out once per map."""

    def make() -> tuple[str, ...]:
        ids = entry_points(m) or [n.id for n in m.data.nodes]
        names = [_short_name(m, i, lang) for i in ids[: 3 * EXAMPLE_BODIES]]
        short = [x for x in names if len(x) <= EXAMPLE_MAX] or names
        names = short[:EXAMPLE_BODIES]
        theme = _theme_example(m, lang)
        return tuple(dict.fromkeys([*names, *([theme] if theme else [])]))

    return remembered(m, ("search_examples", lang), make)


def search_placeholder(m: Map, lang: str) -> str:
    """The search box's placeholder: 't.ex. Samverkansrådet, Klimatnätverket, klimat och miljö' on
    the project's map, each map's own names on any other.

    >>> from kartan.model import MapFile
    >>> data = MapFile.model_validate({"schema_version": 1,
    ...     "map": {"title": "Kartan", "owner": "a"}, "sources": [{"id": "s", "title": "S"}],
    ...     "nodes": [{"id": "a", "kind": "public_body", "name": "Lindesbergs kommun",
    ...                "sources": ["s"]}]})
    >>> search_placeholder(Map(data), "sv")
    't.ex. Lindesbergs kommun'
    >>> search_placeholder(Map(data), "en")
    'e.g. Lindesbergs kommun'
    """
    examples = search_examples(m, lang)
    if not examples:
        return text("search_no_example", lang)
    return text("search_example", lang, examples=", ".join(examples))
