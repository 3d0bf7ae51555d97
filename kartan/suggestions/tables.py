"""The database tables of the suggestions inbox (SQLAlchemy 2 declarative mappings).

The schema is created and changed only by the Alembic migrations in
``kartan/suggestions/migrations``; a test checks that the migrations produce exactly
these tables.  Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base of the inbox's tables."""


class SuggestionRow(Base):
    """One suggestion as a visitor sent it, and the maintainers' decision on it."""

    __tablename__ = "suggestions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
    node_id: Mapped[str | None] = mapped_column(String(80))
    node_name: Mapped[str | None] = mapped_column(String(300))
    learned_from: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(300))
    lang: Mapped[str] = mapped_column(String(2), default="sv")
    status: Mapped[str] = mapped_column(String(16), index=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)
    branch: Mapped[str | None] = mapped_column(String(200))
    commit: Mapped[str | None] = mapped_column(String(64))
    pull_request: Mapped[str | None] = mapped_column(String(500))


class MaintainerRow(Base):
    """A maintainer who may sign in: a name and an Argon2 hash of the password."""

    __tablename__ = "maintainers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SessionRow(Base):
    """A signed-in session: only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    maintainer_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("maintainers.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime)


class ThrottleRow(Base):
    """One counted event (a suggestion sent, a failed sign-in) for rate limits and lockout.

    ``key`` is a salted SHA-256 of the client address or the name, never the value.
    """

    __tablename__ = "throttle"
    __table_args__ = (Index("ix_throttle_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class MetaRow(Base):
    """Values of the installation (the salt of the throttle keys)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
