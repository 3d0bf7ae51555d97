"""What the suggestions store keeps and checks, without the database.

The records a visitor sends and the store hands out (:class:`NewSuggestion`,
:class:`Suggestion`, :class:`Maintainer`, :class:`SessionInfo`), their limits and checks,
the errors, and the password hasher.  The web app imports these at start; the database
layer (:mod:`kartan.suggestions.store`, SQLAlchemy) is imported only when the store opens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from kartan.errors import KartanError
from kartan.privacy import has_personal_data

DATABASE_FILENAME = "suggestions.sqlite3"

CONTACT_RETENTION_DAYS = 90
STATUSES = ("received", "accepted", "rejected")
MAX_TEXT = 4000
MAX_LEARNED_FROM = 1000
MAX_CONTACT = 200
MAX_REASON = 2000
MAX_NAME = 80
MIN_PASSWORD = 12

# (events, seconds): at most this many suggestions from one address in each window
SUGGESTION_LIMITS = ((5, 600), (30, 86_400))


def limits_for(per_10_minutes: int) -> tuple[tuple[int, int], ...]:
    """The limits for ``per_10_minutes`` suggestions in 10 minutes, six times that a day."""
    n = max(1, per_10_minutes)
    return ((n, 600), (6 * n, 86_400))


# failed sign-ins: a name is locked after 5 in 15 minutes, an address after 20
LOGIN_WINDOW = 900
LOGIN_FAILURES_PER_NAME = 5
LOGIN_FAILURES_PER_ADDRESS = 20
SESSION_IDLE = dt.timedelta(hours=2)
SESSION_MAX = dt.timedelta(hours=12)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u0085]")
MAINTAINER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SuggestionError(KartanError, ValueError):
    """A suggestion (or a decision) cannot be taken as given: a Swedish and English sentence."""


class NotFoundError(KartanError, LookupError):
    """No suggestion (or maintainer) with that id or name."""


class AlreadyDecidedError(SuggestionError):
    """The suggestion was already accepted or rejected."""


class RateLimitedError(KartanError):
    """Too many suggestions from one address; ``retry_after`` seconds until the next."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class LockedOutError(RateLimitedError):
    """Too many failed sign-ins for the name or the address; wait ``retry_after`` seconds."""


class BadCredentialsError(KartanError):
    """The name or the password is wrong (which one is not said)."""


@dataclass(frozen=True)
class NewSuggestion:
    """What a visitor sends: their words, optionally a body, a source and a contact.

    ``contact`` is kept only when ``consent`` is true.  ``node_id``/``node_name`` are
    resolved by the caller from the map (the visitor chose the body by its name).
    """

    text: str
    node_id: str | None = None
    node_name: str | None = None
    learned_from: str | None = None
    contact: str | None = None
    consent: bool = False
    lang: str = "sv"

    def cleaned(self) -> NewSuggestion:
        """The suggestion trimmed and checked; :class:`SuggestionError` when unusable."""
        body = plain_text(self.text, MAX_TEXT, "text")
        if not body:
            raise SuggestionError(
                "Skriv vad som är fel eller saknas på kartan "
                "(write what is wrong or missing on the map)."
            )
        learned = plain_text(self.learned_from, MAX_LEARNED_FROM, "learned_from")
        for value in (body, learned):
            if value and has_personal_data(value):
                raise SuggestionError(
                    "Texten innehåller en e-postadress, ett telefonnummer eller ett "
                    "personnummer. Kartan visar funktioner och organisationer, aldrig "
                    "personer: ta bort uppgiften ur texten. Vill du att vi hör av oss, "
                    "skriv din kontaktuppgift i fältet för kontakt (the text holds an "
                    "e-mail address, a phone number or an identity number; remove it, and "
                    "put a way to reach you in the contact field instead)."
                )
        contact = plain_text(self.contact, MAX_CONTACT, "contact")
        if contact and not self.consent:
            raise SuggestionError(
                "Kryssa i rutan om att vi får spara din kontaktuppgift, eller lämna fältet "
                "tomt (tick the box that lets us keep your contact, or leave it empty)."
            )
        return replace(
            self,
            text=body,
            learned_from=learned or None,
            contact=contact or None,
            node_id=(self.node_id or "").strip() or None,
            lang="en" if self.lang == "en" else "sv",
        )


def plain_text(value: str | None, limit: int, field: str) -> str:
    text_ = (value or "").replace("\r\n", "\n").strip()
    if _CONTROL.search(text_.replace("\n", " ").replace("\t", " ")):
        raise SuggestionError(
            "Texten innehåller osynliga styrtecken; skriv om den som vanlig text "
            f"(the {field} holds control characters; retype it as plain text)."
        )
    if len(text_) > limit:
        raise SuggestionError(
            f"Texten är för lång: högst {limit} tecken (the {field} is too long: at most "
            f"{limit} characters)."
        )
    return text_


@dataclass(frozen=True)
class Suggestion:
    """A stored suggestion and the decision on it."""

    id: str
    created_at: dt.datetime
    text: str
    node_id: str | None
    node_name: str | None
    learned_from: str | None
    contact: str | None
    lang: str
    status: str
    decided_at: dt.datetime | None
    decided_by: str | None
    reason: str | None
    branch: str | None
    commit: str | None
    pull_request: str | None

    @property
    def contact_deleted_on(self) -> dt.date | None:
        """The day the contact is deleted (90 days after the decision), None while open."""
        if self.decided_at is None:
            return None
        return (self.decided_at + dt.timedelta(days=CONTACT_RETENTION_DAYS)).date()

    def public(self) -> dict[str, Any]:
        """What anyone may see of the suggestion: its status, never the contact."""
        return {
            "id": self.id,
            "status": self.status,
            "created_at": self.created_at.isoformat(timespec="seconds") + "Z",
            "decided_at": self.decided_at.isoformat(timespec="seconds") + "Z"
            if self.decided_at
            else None,
            "node": self.node_id,
            "reason": self.reason,
            "branch": self.branch,
        }


@dataclass(frozen=True)
class Maintainer:
    """A maintainer's account (the hash is never handed out)."""

    name: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SessionInfo:
    """A valid session: who is signed in and the CSRF token of their forms."""

    maintainer: str
    csrf: str
    created_at: dt.datetime


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL with the psycopg driver for plain ``postgresql://`` URLs.

    >>> normalise_url("postgres://kartan@db/kartan")
    'postgresql+psycopg://kartan@db/kartan'
    >>> normalise_url("sqlite:////srv/kartan/suggestions.sqlite3")
    'sqlite:////srv/kartan/suggestions.sqlite3'
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url(data: Path) -> str:
    """The embedded database beside the data file: ``<folder>/suggestions.sqlite3``."""
    return f"sqlite:///{data.resolve().parent / DATABASE_FILENAME}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# the Argon2id cost of stored passwords: RFC 9106's low-memory profile (argon2-cffi's
# default); the settings can lower it (the tests do, to run fast), never by default
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 65_536
# the least cost the settings accept (argon2 needs 8 KiB a lane, 4 lanes)
ARGON2_LEAST_TIME_COST = 1
ARGON2_LEAST_MEMORY_KIB = 32


def password_hasher(
    time_cost: int = ARGON2_TIME_COST, memory_kib: int = ARGON2_MEMORY_KIB
) -> PasswordHasher:
    """Argon2id with ``time_cost`` passes over ``memory_kib`` KiB (4 lanes).

    >>> password_hasher().hash("ett-langt-losenord").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    True
    """
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def clean_reason(reason: str | None, *, required: bool = True) -> str | None:
    text_ = plain_text(reason, MAX_REASON, "reason")
    if not text_:
        if required:
            raise SuggestionError(
                "Skriv varför förslaget inte tas in; den som skickade det ser skälet "
                "(write why the suggestion is not taken; its sender sees the reason)."
            )
        return None
    if has_personal_data(text_):
        raise SuggestionError(
            "Skälet visas för alla: skriv inga e-postadresser eller telefonnummer "
            "(the reason is public: no e-mail addresses or phone numbers)."
        )
    return text_
