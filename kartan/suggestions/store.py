"""The store of suggestions, maintainers and sessions (SQLAlchemy 2, Alembic migrations).

The database is embedded SQLite in WAL mode (``synchronous=FULL``: a suggestion answered
with 201 is on disk, and survives ``kill -9`` of the server) in a file beside the data
(:func:`default_database_url`), or PostgreSQL through a URL such as
``postgresql://user@host/db`` (driver psycopg).  :meth:`SuggestionStore.upgrade` runs the
migrations under a lock, so several workers may start at once.

>>> import tempfile, pathlib
>>> from kartan.suggestions.records import default_database_url
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = SuggestionStore(default_database_url(folder / "forums.yaml"))
>>> store.upgrade()
>>> s = store.add(NewSuggestion(text="Rådet möts numera på onsdagar."), client="127.0.0.1")
>>> s.status, s.contact, len(s.id)
('received', None, 16)
>>> store.get(s.id).text
'Rådet möts numera på onsdagar.'
>>> store.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kartan.suggestions.records import (
    CONTACT_RETENTION_DAYS,
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FAILURES_PER_NAME,
    LOGIN_WINDOW,
    MAINTAINER_NAME,
    MAX_NAME,
    MIN_PASSWORD,
    SESSION_IDLE,
    SESSION_MAX,
    STATUSES,
    SUGGESTION_LIMITS,
    AlreadyDecidedError,
    BadCredentialsError,
    LockedOutError,
    Maintainer,
    NewSuggestion,
    NotFoundError,
    RateLimitedError,
    SessionInfo,
    Suggestion,
    SuggestionError,
    clean_reason,
    hash_token,
    normalise_url,
    password_hasher,
    utcnow,
)
from kartan.suggestions.tables import (
    MaintainerRow,
    MetaRow,
    SessionRow,
    SuggestionRow,
    ThrottleRow,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _suggestion(row: SuggestionRow) -> Suggestion:
    return Suggestion(
        id=row.id,
        created_at=row.created_at,
        text=row.text,
        node_id=row.node_id,
        node_name=row.node_name,
        learned_from=row.learned_from,
        contact=row.contact,
        lang=row.lang,
        status=row.status,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason,
        branch=row.branch,
        commit=row.commit,
        pull_request=row.pull_request,
    )


class SuggestionStore:
    """Suggestions, maintainers, sessions and throttle events in one database."""

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        limits: tuple[tuple[int, int], ...] = SUGGESTION_LIMITS,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.url = normalise_url(url)
        self.clock = clock
        self.limits = limits
        self.hasher = hasher or password_hasher()
        self._dummy_hash: str | None = None
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.dialect == "sqlite":
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._salt: str | None = None
        self._lock = threading.Lock()

    def _verify(self, stored: str | None, password: str) -> bool:
        """Argon2 check; an unknown name costs the same as a wrong password."""
        if stored is None:
            if self._dummy_hash is None:
                self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
            with contextlib.suppress(VerificationError, InvalidHashError):
                self.hasher.verify(self._dummy_hash, password)
            return False
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    # --- schema -----------------------------------------------------------------------

    def upgrade(self) -> None:
        """Create or migrate the tables to the newest revision (Alembic), then purge."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._migration_lock(), self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(1302013)"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        self.purge()

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        database = make_url(self.url).database if self.dialect == "sqlite" else None
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def revision(self) -> str | None:
        """The Alembic revision the database is at (None before :meth:`upgrade`)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            rev: str | None = MigrationContext.configure(conn).get_current_revision()
            return rev

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- throttle ---------------------------------------------------------------------

    def _key(self, session: Session, scope: str, value: str) -> str:
        if self._salt is None:
            salt = session.get(MetaRow, "throttle_salt")
            if salt is None:
                with contextlib.suppress(IntegrityError), self._session() as other:
                    other.add(MetaRow(key="throttle_salt", value=secrets.token_hex(16)))
                salt = session.get(MetaRow, "throttle_salt", populate_existing=True)
            assert salt is not None
            self._salt = salt.value
        return hashlib.sha256(f"{self._salt}\0{scope}\0{value}".encode()).hexdigest()

    def _wait(self, session: Session, scope: str, key: str, limit: int, window: int) -> int:
        """Seconds until one more event is allowed (0 when allowed now)."""
        now = self.clock()
        since = now - dt.timedelta(seconds=window)
        times = session.scalars(
            select(ThrottleRow.at)
            .where(ThrottleRow.scope == scope, ThrottleRow.key == key, ThrottleRow.at > since)
            .order_by(ThrottleRow.at.desc())
            .limit(limit)
        ).all()
        if len(times) < limit:
            return 0
        free_at = times[-1] + dt.timedelta(seconds=window)
        return max(1, int((free_at - now).total_seconds()) + 1)

    def _count(self, session: Session, scope: str, key: str) -> None:
        session.add(ThrottleRow(scope=scope, key=key, at=self.clock()))

    # --- suggestions ------------------------------------------------------------------

    def add(self, new: NewSuggestion, *, client: str) -> Suggestion:
        """Store a suggestion (checked first); :class:`RateLimitedError` when too many."""
        clean = new.cleaned()
        with self._session() as session:
            key = self._key(session, "suggest", client)
            wait = max(self._wait(session, "suggest", key, n, s) for n, s in self.limits)
            if wait:
                raise RateLimitedError(wait)
            row = SuggestionRow(
                id=secrets.token_hex(8),
                created_at=self.clock(),
                text=clean.text,
                node_id=clean.node_id,
                node_name=clean.node_name,
                learned_from=clean.learned_from,
                contact=clean.contact if clean.consent else None,
                lang=clean.lang,
                status="received",
            )
            session.add(row)
            self._count(session, "suggest", key)
            session.flush()
            return _suggestion(row)

    def get(self, suggestion_id: str) -> Suggestion | None:
        """The suggestion with this id, or None."""
        if not re.fullmatch(r"[0-9a-f]{16}", suggestion_id or ""):
            return None
        with self._session() as session:
            row = session.get(SuggestionRow, suggestion_id)
            return _suggestion(row) if row is not None else None

    def find(self, status: str | None = None, *, limit: int = 500) -> list[Suggestion]:
        """Suggestions, newest first (only those with ``status`` when given)."""
        self.purge()
        query = select(SuggestionRow).order_by(SuggestionRow.created_at.desc(), SuggestionRow.id)
        if status is not None:
            query = query.where(SuggestionRow.status == status)
        with self._session() as session:
            return [_suggestion(r) for r in session.scalars(query.limit(limit))]

    def counts(self) -> dict[str, int]:
        """How many suggestions have each status."""
        with self._session() as session:
            rows = session.execute(
                select(SuggestionRow.status, func.count()).group_by(SuggestionRow.status)
            ).all()
        found = {str(status): int(n) for status, n in rows}
        return {s: found.get(s, 0) for s in STATUSES}

    def _decide(self, suggestion_id: str, values: dict[str, Any]) -> Suggestion:
        with self._session() as session:
            result = session.execute(
                update(SuggestionRow)
                .where(SuggestionRow.id == suggestion_id, SuggestionRow.status == "received")
                .values(decided_at=self.clock(), **values)
            )
            if getattr(result, "rowcount", 0) != 1:
                row = session.get(SuggestionRow, suggestion_id)
                if row is None:
                    raise NotFoundError(suggestion_id)
                raise AlreadyDecidedError(
                    "Förslaget är redan avgjort (the suggestion was already decided)."
                )
        found = self.get(suggestion_id)
        assert found is not None
        return found

    def require_open(self, suggestion_id: str) -> Suggestion:
        """The suggestion if it is still waiting for a decision."""
        found = self.get(suggestion_id)
        if found is None:
            raise NotFoundError(suggestion_id)
        if found.status != "received":
            raise AlreadyDecidedError(
                "Förslaget är redan avgjort (the suggestion was already decided)."
            )
        return found

    def accept(
        self,
        suggestion_id: str,
        maintainer: str,
        *,
        branch: str,
        commit: str,
        pull_request: str | None = None,
        reason: str | None = None,
    ) -> Suggestion:
        """Record the acceptance (after the commit was made)."""
        return self._decide(
            suggestion_id,
            {
                "status": "accepted",
                "decided_by": maintainer,
                "branch": branch,
                "commit": commit,
                "pull_request": pull_request,
                "reason": clean_reason(reason, required=False),
            },
        )

    def reject(self, suggestion_id: str, maintainer: str, reason: str) -> Suggestion:
        """Reject the suggestion with a reason the sender can read."""
        return self._decide(
            suggestion_id,
            {"status": "rejected", "decided_by": maintainer, "reason": clean_reason(reason)},
        )

    def purge(self) -> int:
        """Delete contacts 90 days after the decision, and old throttle events."""
        now = self.clock()
        with self._session() as session:
            result = session.execute(
                update(SuggestionRow)
                .where(
                    SuggestionRow.contact.is_not(None),
                    SuggestionRow.decided_at.is_not(None),
                    SuggestionRow.decided_at <= now - dt.timedelta(days=CONTACT_RETENTION_DAYS),
                )
                .values(contact=None)
            )
            session.execute(delete(ThrottleRow).where(ThrottleRow.at < now - dt.timedelta(days=2)))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- maintainers and sessions -----------------------------------------------------

    def add_maintainer(self, name: str, password: str) -> Maintainer:
        """Add a maintainer (or set a new password for an existing one)."""
        if not MAINTAINER_NAME.fullmatch(name):
            raise SuggestionError(
                "Namnet får bara innehålla a–z, A–Z, 0–9, punkt, bindestreck och understreck, "
                "högst 80 tecken (the name may hold only a-z, A-Z, 0-9, '.', '-' and '_')."
            )
        if len(password) < MIN_PASSWORD:
            raise SuggestionError(
                f"Lösenordet måste ha minst {MIN_PASSWORD} tecken "
                f"(the password needs at least {MIN_PASSWORD} characters)."
            )
        digest = self.hasher.hash(password)
        with self._session() as session:
            row = session.scalar(select(MaintainerRow).where(MaintainerRow.name == name))
            if row is None:
                row = MaintainerRow(name=name, password_hash=digest, created_at=self.clock())
                session.add(row)
            else:
                row.password_hash = digest
                session.execute(delete(SessionRow).where(SessionRow.maintainer_id == row.id))
            return Maintainer(row.name, row.created_at)

    def remove_maintainer(self, name: str) -> bool:
        """Remove a maintainer and end their sessions; False when there was none."""
        with self._session() as session:
            row = session.scalar(select(MaintainerRow).where(MaintainerRow.name == name))
            if row is None:
                return False
            session.execute(delete(SessionRow).where(SessionRow.maintainer_id == row.id))
            session.delete(row)
            return True

    def maintainers(self) -> list[Maintainer]:
        with self._session() as session:
            rows = session.scalars(select(MaintainerRow).order_by(MaintainerRow.name))
            return [Maintainer(r.name, r.created_at) for r in rows]

    def login(self, name: str, password: str, *, client: str) -> tuple[str, SessionInfo]:
        """A new session for a right name and password: ``(cookie token, session)``.

        Raises :class:`LockedOutError` after repeated failures (also for the right
        password) and :class:`BadCredentialsError` for a wrong name or password.
        """
        name = name[:MAX_NAME]
        with self._session() as session:
            name_key = self._key(session, "login-name", name.casefold())
            addr_key = self._key(session, "login-addr", client)
            wait = max(
                self._wait(session, "login-name", name_key, LOGIN_FAILURES_PER_NAME, LOGIN_WINDOW),
                self._wait(
                    session, "login-addr", addr_key, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW
                ),
            )
            if wait:
                raise LockedOutError(wait)
            row = session.scalar(select(MaintainerRow).where(MaintainerRow.name == name))
        if not self._verify(row.password_hash if row else None, password[:1024]) or row is None:
            with self._session() as session:
                self._count(session, "login-name", name_key)
                self._count(session, "login-addr", addr_key)
            raise BadCredentialsError()
        token = secrets.token_urlsafe(32)
        now = self.clock()
        info = SessionInfo(row.name, secrets.token_urlsafe(32), now)
        with self._session() as session:
            session.execute(
                delete(ThrottleRow).where(
                    ThrottleRow.scope == "login-name", ThrottleRow.key == name_key
                )
            )
            session.add(
                SessionRow(
                    token_hash=hash_token(token),
                    maintainer_id=row.id,
                    csrf=info.csrf,
                    created_at=now,
                    last_seen=now,
                )
            )
            if self.hasher.check_needs_rehash(row.password_hash):
                session.execute(
                    update(MaintainerRow)
                    .where(MaintainerRow.id == row.id)
                    .values(password_hash=self.hasher.hash(password))
                )
        return token, info

    def session(self, token: str | None) -> SessionInfo | None:
        """The session of a cookie's token, or None (unknown, ended or expired)."""
        if not token or len(token) > 200:
            return None
        now = self.clock()
        digest = hash_token(token)
        with self._session() as session:
            found = session.execute(
                select(SessionRow, MaintainerRow.name)
                .join(MaintainerRow, MaintainerRow.id == SessionRow.maintainer_id)
                .where(SessionRow.token_hash == digest)
            ).first()
            if found is None:
                return None
            row, name = found
            if now - row.created_at > SESSION_MAX or now - row.last_seen > SESSION_IDLE:
                session.delete(row)
                return None
            if now - row.last_seen > dt.timedelta(seconds=60):
                row.last_seen = now
            return SessionInfo(str(name), row.csrf, row.created_at)

    def logout(self, token: str | None) -> None:
        """End the session of this token (nothing when there is none)."""
        if not token:
            return
        with self._session() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == hash_token(token)))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()
