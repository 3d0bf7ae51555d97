"""Validator messages in Swedish (default) and English.

The messages live in the one catalogue, ``kartan/catalogue.yaml`` (section ``messages``,
and ``messages.*`` for the words they use); the tables here are views of it.  Each code
maps to ``(swedish, english)`` format strings.  Every message says what is wrong and how
to fix it.
"""

from __future__ import annotations

from kartan.catalogue import lookup, table

MESSAGES: dict[str, tuple[str, str]] = table("messages")

WHAT: dict[str, tuple[str, str]] = table("messages.what")

PERSONAL_DATA_NAMES: dict[str, tuple[str, str]] = table("messages.personal_data")

UNKNOWN_SV: dict[str, str] = {k: sv for k, (sv, _en) in table("messages.unknown").items()}

TYPE_NAMES: dict[str, tuple[str, str]] = table("messages.type_name")


def render(code: str, lang: str, params: dict[str, object]) -> str:
    """Format message ``code`` in ``lang`` ('sv' or 'en') with ``params``."""
    template = lookup("messages", code, lang)
    if code == "more_problems":  # 6 712 431 (sv), 6,712,431 (en)
        count = f"{int(str(params['count'])):,}"
        params = {**params, "count": count if lang == "en" else count.replace(",", " ")}
    if "suggestion" in params:
        match = params["suggestion"]
        params = {**params, "suggestion": _did_you_mean(str(match), lang) if match else ""}
    return template.format(**params)


def _did_you_mean(match: str, lang: str) -> str:
    return lookup("messages.word", "did_you_mean", lang).format(match=match)
