"""The privacy check of what a visitor writes (the text and where they learned it).

The map names organisations and functions, never persons: a suggestion whose text holds
an e-mail address, a phone number or a personal identity number is refused with a
sentence saying so (the contact field is the place for a way to reach the sender).

Until the library's shared privacy filter lands, this module holds a small local check
with the same call shape (:func:`personal_data_in`).
"""

from __future__ import annotations

import re
import unicodedata

_AT = r"(?:@|＠|\s?\(at\)\s?|\s?\[at\]\s?|\s@\s)"
_EMAIL = re.compile(r"[\w.%+-]+" + _AT + r"[\w-]+(?:\.[\w-]+)*(?:\.[A-Za-z]{2,})?", re.UNICODE)
_DIGITS = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[\s\-/().]{0,3}\d){7,13}(?!\w)")
_DATE = re.compile(r"(?:19|20)\d{2}-[01]\d-[0-3]\d")
_PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    spaced = (" " if unicodedata.category(c) in ("Zs", "Cc", "Cf") else c for c in text)
    return "".join("-" if unicodedata.category(c) == "Pd" else c for c in spaced)


def personal_data_in(text: str) -> bool:
    """True when ``text`` holds an e-mail address, a phone number or a personnummer.

    >>> personal_data_in("Rådet möts numera i Medborgarhuset")
    False
    >>> personal_data_in("skriv till ordf＠forening.se"), personal_data_in("ring 070‑123 45 67")
    (True, True)
    >>> personal_data_in("Beslut 2023-11-07, § 5")
    False
    """
    norm = _normalise(text)
    if _EMAIL.search(norm) or _PERSONNUMMER.search(norm):
        return True
    for match in _DIGITS.finditer(norm):
        digits = re.sub(r"\D", "", match.group(0))
        if _DATE.fullmatch(match.group(0).strip()):
            continue  # a date such as 2023-11-07
        if len(digits) >= 8:
            return True
    return False
