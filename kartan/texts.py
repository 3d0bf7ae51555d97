"""Sentences the library writes, in Swedish and English: the ``texts`` section of the catalogue.

Every text lives in the one catalogue, ``kartan/catalogue.yaml`` (read by
:mod:`kartan.catalogue`).  Its ``texts`` section holds the sentences the library composes
for people: analysis findings, change summaries and diff headings, calendar descriptions,
the standalone map's interface, and how a translated text is marked.  ``TEXTS`` is a view
of it.  To add a text: one entry (``sv`` and ``en``) under the comment of your feature in
that section (``{name}`` slots are filled by :func:`text`), then call
``text("key", lang, name=...)``.

>>> text("analysis_list_more", "en", items="A, B")
'A, B and others'
>>> text("analysis_list_more", "sv", items="A, B")
'A, B med flera'
"""

from __future__ import annotations

from kartan.catalogue import lookup, table

TEXTS: dict[str, tuple[str, str]] = table("texts")


def text(key: str, lang: str, **fields: object) -> str:
    """One text in ``lang`` ('sv' or 'en', anything else is Swedish), slots filled.

    A key missing here raises ``KeyError``: a test catches every call site.
    """
    template = lookup("texts", key, lang)
    return template.format(**fields) if fields else template


def key_for(key: str, n: int) -> str:
    """The catalogue key of a sentence about ``n`` things: ``key_one`` for one.

    >>> key_for("analysis_bridge", 1), key_for("analysis_bridge", 3)
    ('analysis_bridge_one', 'analysis_bridge')
    """
    return f"{key}_one" if n == 1 else key


def one_or_many(forms: str, n: int) -> str:
    """The singular or the plural of a ``singular|plural`` text, for ``n``.

    >>> one_or_many("nod|noder", 1), one_or_many("nod|noder", 0)
    ('nod', 'noder')
    """
    one, many = forms.split("|", 1)
    return one if n == 1 else many


def counted(key: str, n: int, lang: str) -> str:
    """'1 nod tillagd', '3 noder tillagda': a ``singular|plural`` entry with its count.

    >>> counted("sum_nodes_added", 1, "sv"), counted("sum_nodes_added", 3, "en")
    ('1 nod tillagd', '3 bodies added')
    """
    return f"{n} {one_or_many(text(key, lang), n)}"


def join_names(names: list[str], total: int, lang: str) -> str:
    """'A, B och C', or 'A, B, C med flera' when ``total`` is more than the names given.

    >>> join_names(["A", "B", "C"], 3, "sv"), join_names(["A", "B"], 5, "en")
    ('A, B och C', 'A, B and others')
    """
    if total > len(names):
        return text("analysis_list_more", lang, items=", ".join(names))
    if len(names) <= 1:
        return "".join(names)
    return text("analysis_list_and", lang, items=", ".join(names[:-1]), last=names[-1])
