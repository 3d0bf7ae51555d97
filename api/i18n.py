"""UI strings of the web pages in Swedish and English: the ``ui`` section of the catalogue.

Every text lives in the one catalogue, ``kartan/catalogue.yaml`` (read by
:mod:`kartan.catalogue`); the web pages' words are its ``ui`` section, and ``STRINGS`` is
a view of it.  This module is how ``api/`` reads them: :func:`text`, :func:`translator`,
:func:`section`, :func:`lines`, :func:`detail`.  Vocabulary labels (kinds, relations,
roles, functions) are the catalogue's ``labels.*`` sections, read through
:mod:`kartan.labels`.  Swedish is the default; ``?lang=en`` switches to English and a
cookie remembers the choice.

>>> t = translator("en")
>>> t("nav_map")
'Map'
>>> translator("sv")("nav_map")
'Karta'
>>> pick_lang("en", None), pick_lang(None, "en"), pick_lang("xx", None)
('en', 'en', 'sv')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kartan.catalogue import table
from kartan.texts import one_or_many

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
LANG_COOKIE = "kartan_lang"

STRINGS: dict[str, tuple[str, str]] = table("ui")

# The strings static-site.js needs, handed to it as JSON in each page of the static copy.
STATIC_SITE_KEYS = (
    "static_live",
    "static_question",
    "static_org",
    "static_org_ignored",
    "static_results",
    "static_none",
    "static_why",
    "static_path",
    "static_open",
    "static_map",
    "static_hits_one",
    "static_hits",
)


def pick_lang(query: str | None, cookie: str | None) -> str:
    """Choose the UI language: the query parameter first, then the cookie, then Swedish."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


def text(key: str, lang: str) -> str:
    """Return one UI string; an unknown key is returned as is (and caught by a test)."""
    sv, en = STRINGS.get(key, (key, key))
    return en if lang == "en" else sv


def section(prefix: str, lang: str) -> dict[str, str]:
    """Every string whose key starts with ``prefix``, keyed without it (for one page).

    >>> section("changes_", "en")["title"]
    'Changes'
    """
    n = len(prefix)
    return {k[n:]: text(k, lang) for k in STRINGS if k.startswith(prefix)}


def lines(key: str, lang: str) -> list[str]:
    """A multi-line string (lines separated by ``|``) as a list of lines."""
    return text(key, lang).split("|")


def count_word(key: str, n: int, lang: str) -> str:
    """The singular or the plural of a ``singular|plural`` string, for ``n``.

    >>> count_word("count_edges", 1, "sv"), count_word("count_edges", 0, "en")
    ('koppling', 'links')
    """
    return one_or_many(text(key, lang), n)


def detail(key: str, **fields: object) -> str:
    """A refusal's ``detail`` in both languages: ``"svenska (english)."``.

    A field ``x_en`` fills ``{x}`` in the English part (``x`` in both otherwise).

    >>> detail("detail_not_json")
    'Skicka JSON (Content-Type: application/json) (send JSON).'
    >>> detail("detail_too_many", what="tips", what_en="", seconds=3)
    'För många tips; försök igen om 3 sekunder (too many; try again in 3 seconds).'
    """
    sv, en = STRINGS[key]
    en_fields = {k: fields.get(k + "_en", v) for k, v in fields.items()}
    return f"{sv.format(**fields)} ({en.format(**en_fields)})."


# ``{n:one|many}`` in a UI string: the word's form for the number in field ``n``
PLURAL_SLOT = re.compile(r"\{(\w+):([^{}|]*)\|([^{}|]*)\}")


def plural_slots(s: str, fields: Mapping[str, object]) -> str:
    """Each ``{n:one|many}`` of ``s`` as its form for the number in ``fields[n]``: ``one``
    for 1, ``many`` otherwise (the ``{n}`` slots are left for :meth:`str.format`).

    >>> plural_slots("{n} {n:träff|träffar}", {"n": 1}), plural_slots("{n:hit|hits}", {"n": 0})
    ('{n} träff', 'hits')
    """
    return PLURAL_SLOT.sub(lambda m: m[2] if fields.get(m[1]) == 1 else m[3], s)


def translator(lang: str) -> Callable[..., str]:
    """Return ``t(key, **fields)`` for one language; fields fill ``{name}`` slots, and
    ``{name:one|many}`` slots take the form for the number in ``name``."""

    def t(key: str, **fields: object) -> str:
        s = text(key, lang)
        return plural_slots(s, fields).format(**fields) if fields else s

    return t
