"""Suggestions from anyone, the maintainers' inbox, and accepted changes as git commits.

Anyone can tell the map that it is wrong in their own words, without an account, ids or
git (:class:`~kartan.suggestions.records.NewSuggestion`).  Suggestions are stored in a
database (:class:`~kartan.suggestions.store.SuggestionStore`: SQLAlchemy 2 with Alembic
migrations; embedded SQLite in WAL mode beside the data file by default, PostgreSQL
through a database URL).  Signed-in maintainers (Argon2 password hashes, server-side
sessions, lockout after repeated failures) turn a suggestion into a structured change
with the proposal machinery (:mod:`kartan.proposal`), and an accepted change becomes a
validated, formatted commit on the branch ``forslag/{id}`` of the data file's git
repository (:mod:`kartan.suggestions.commit`), plus a pull request where a forge is
configured.  Nothing a visitor types reaches the data file without a maintainer.

This package never imports FastAPI; the web layer is :mod:`api.routes.suggestions`.
"""

from __future__ import annotations

from typing import Any

from kartan.suggestions.records import (
    CONTACT_RETENTION_DAYS,
    LockedOutError,
    Maintainer,
    NewSuggestion,
    SessionInfo,
    Suggestion,
    SuggestionError,
    default_database_url,
)

__all__ = [
    "CONTACT_RETENTION_DAYS",
    "LockedOutError",
    "Maintainer",
    "NewSuggestion",
    "SessionInfo",
    "Suggestion",
    "SuggestionError",
    "default_database_url",
]


def __getattr__(name: str) -> Any:
    """``SuggestionStore`` from :mod:`kartan.suggestions.store`, imported when asked for
    (it imports SQLAlchemy, which a process serving only the map never needs)."""
    if name == "SuggestionStore":
        from kartan.suggestions.store import SuggestionStore

        return SuggestionStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
