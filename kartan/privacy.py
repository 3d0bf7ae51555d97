"""Personal data in free text: e-mail addresses, phone numbers and personnummer.

The map names organisations and functions, never persons, so no text on it (the data
file, a proposal, a suggestion) may hold a way to reach or identify a person.
:func:`find_personal_data` is the one check every part of kartan uses.  It looks at the
text after Unicode normalisation (NFKC, so a fullwidth ``＠`` or ``０７０`` counts),
with every dash read as ``-``, every space as `` `` and invisible characters (zero-width
space, soft hyphen, word joiner …) removed, so that none of them hides a match.

What counts
-----------
* **e-mail**: a local part, ``@`` (or fullwidth ``＠``) and a domain, also without a
  top-level domain (``namn＠kommunen``) and spaced (``namn ＠ exempel.se``), and the
  written-out forms ``namn(at)exempel.se``, ``namn [at] exempel [dot] se``,
  ``namn (snabel-a) exempel punkt se`` and ``namn at exempel dot se``;
* **phone**: a Swedish number (``0``, an area code such as ``19`` or ``70``, then the
  subscriber number: 8 to 11 digits in all) and an international one (``+`` or ``00``
  and 7 to 15 digits, also ``+46 (0)70 …``), grouped by spaces, hyphens, slashes, dots or
  brackets (``070 - …``, ``070/…``, ``08.…``);
* **personnummer** (and samordningsnummer): ``ÅÅMMDD-NNNN``, ``ÅÅÅÅMMDDNNNN`` and the
  ``+`` form, with a real month and day and a valid check digit.

Dates (``2023-02-08``), times (``16:00-18:00``), source references (``001 §5 L208``)
and years are not numbers of this kind.

>>> [f.kind for f in find_personal_data("Skriv till info＠exempel.se eller ring 070‑000 00 00")]
['email', 'phone']
>>> find_personal_data("Möte 2023-02-08 kl. 16:00-18:00, se 001 §5 L208")
[]
>>> has_personal_data("namn (at) exempel punkt se")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["PersonalData", "find_personal_data", "has_personal_data", "normalise"]

Kind = Literal["email", "phone", "personnummer"]

# Invisible characters that NFKC keeps; removed before matching.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
        "\u2064\u206a\u206b\u206c\u206d\u206e\u206f\ufeff",
    ),
    None,
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2796]")
_SPACES = re.compile(r"[^\S\n]+")

_AT = r"(?:\s{0,3}@\s{0,3}|\s{0,3}[(\[{<]\s{0,2}(?:at|snabel-?a)\s{0,2}[)\]}>]\s{0,3})"
_DOT = r"(?:\s{0,3}[(\[{<]\s{0,2}(?:dot|punkt)\s{0,2}[)\]}>]\s{0,3}|\s(?:dot|punkt)\s|\.)"
_WORD_DOT = r"(?:\s{0,3}[(\[{<]\s{0,2}(?:dot|punkt)\s{0,2}[)\]}>]\s{0,3}|\s(?:dot|punkt)\s)"
_LOCAL = r"(?<![\w.%+\-])[\w.%+\-]+"
_EMAIL = re.compile(
    rf"{_LOCAL}{_AT}[^\W_][\w\-]*(?:{_DOT}[^\W_][\w\-]*)*"
    rf"|{_LOCAL}\s(?:at|snabel-?a)\s[^\W_][\w\-]*(?:{_DOT}[^\W_][\w\-]*)*"
    rf"{_WORD_DOT}[^\W_][\w\-]*",
    re.IGNORECASE,
)
# A phone number: +, 00 or 0 first, then digits with short separators between them.
_SEP = r"(?:[ \-/.]{0,3}|\s?\(\s?|\s?\)\s?)"
_PHONE = re.compile(
    rf"(?<![\w.\-/#+§])(?:\+\s?|\(\s?\+?)?\d(?:{_SEP}\d)+(?![\w:])",
)
_PNR = re.compile(r"(?<![\w\-+.:/])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([\-+]?)\s?(\d{4})(?![\w:])")


@dataclass(frozen=True)
class PersonalData:
    """One finding: what kind it is and where (offsets in :func:`normalise`'d text)."""

    kind: Kind
    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """NFKC, invisible characters removed, every dash ``-`` and every space `` ``.

    >>> normalise("Ａ\u2011１\u00a0Ｂ\u200bＣ")
    'A-1 BC'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return _SPACES.sub(" ", _DASHES.sub("-", folded))


def _is_phone(plus: bool, digits: str) -> bool:
    """Whether ``digits`` (after a ``+`` when ``plus``) have the length of a phone number."""
    if plus:
        return 7 <= len(digits) <= 15 and digits[0] != "0"
    if digits.startswith("00"):
        return 10 <= len(digits) <= _MAX_DIGITS and digits[2:3] not in ("", "0")
    if digits.startswith("0"):
        # 0 + area code (not 0) + subscriber number: 8 to 11 digits in all
        return 8 <= len(digits) <= 11 and digits[1] != "0"
    return False


# Dates and clock times are masked before phone numbers are looked for.
_DATE = re.compile(r"(?<![\d.:/\-])(?:\d{4}-\d{2}-\d{2}|[012]?\d[:.][0-5]\d)(?![\d.:/]\d|\d)")
_GROUP = re.compile(r"(?:\+\s?|\(\s?\+?)?\d+")
_MAX_DIGITS = 17


def _phones(norm: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each phone number: in each run of digit groups, from each group
    that may begin a number, the longest run of groups that makes a valid number."""
    masked = _DATE.sub(lambda m: "#" * len(m.group(0)), norm)
    for run in _PHONE.finditer(masked):
        offset = run.start()
        groups = [
            (g.start() + offset, g.end() + offset, "+" in g.group(0), g.group(0).lstrip("(+ "))
            for g in _GROUP.finditer(run.group(0))
        ]
        i = 0
        while i < len(groups):
            first, _end, plus, head = groups[i]
            best = -1
            if plus or head.startswith("0"):
                digits = ""
                for j in range(i, len(groups)):
                    digits += groups[j][3]
                    if len(digits) > _MAX_DIGITS:
                        break
                    if _is_phone(plus, digits):
                        best = j
            if best >= 0:
                yield first, groups[best][1]
                i = best + 1
            else:
                i += 1


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_personnummer(match: re.Match[str]) -> bool:
    century, year, month, day, _sep, tail = match.groups()
    if century is not None and century not in ("18", "19", "20"):
        return False
    m, d = int(month), int(day)
    if not 1 <= m <= 12:
        return False
    if not (1 <= d <= 31 or 61 <= d <= 91):  # 61-91: samordningsnummer
        return False
    return _luhn_ok(year + month + day + tail)


def find_personal_data(text: str) -> list[PersonalData]:
    """Every e-mail address, phone number and personnummer in ``text``, in order.

    Offsets and ``text`` refer to :func:`normalise` (``text``); an empty list means the
    text holds none.  Work is linear in the length of the text.
    """
    if not text:
        return []
    if len(text) <= _REMEMBERED_LENGTH:
        return list(_remembered(text))
    return list(_findings(text))


# The validator sees the same strings in every version of the data file (each reload,
# the change log's 20 versions), and this check was half the cost of reading one: the
# findings of short texts are remembered (at most 65,536 of at most 1,000 characters).
_REMEMBERED_LENGTH = 1000


@functools.lru_cache(maxsize=1 << 16)
def _remembered(text: str) -> tuple[PersonalData, ...]:
    return _findings(text)


def _findings(text: str) -> tuple[PersonalData, ...]:
    norm = normalise(text)
    candidates: list[tuple[int, int, int, Kind]] = []
    for m in _PNR.finditer(norm):
        if _is_personnummer(m):
            candidates.append((m.start(), 0, m.end(), "personnummer"))
    for m in _EMAIL.finditer(norm):
        candidates.append((m.start(), 1, m.end(), "email"))
    for start, stop in _phones(norm):
        candidates.append((start, 2, stop, "phone"))
    candidates.sort()
    found: list[PersonalData] = []
    end = -1
    for start, _rank, stop, kind in candidates:
        if start >= end:  # overlapping finds count once
            found.append(PersonalData(kind, start, stop, norm[start:stop]))
            end = stop
    return tuple(found)


def has_personal_data(text: str) -> bool:
    """Whether ``text`` holds an e-mail address, a phone number or a personnummer."""
    return bool(find_personal_data(text))
