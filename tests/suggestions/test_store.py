"""The store of suggestions, maintainers and sessions, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from argon2_cost import cheap_hasher
from sqlalchemy import inspect

from api.settings import Settings
from kartan.suggestions.records import (
    CONTACT_RETENTION_DAYS,
    AlreadyDecidedError,
    BadCredentialsError,
    LockedOutError,
    NewSuggestion,
    RateLimitedError,
    Suggestion,
    SuggestionError,
    default_database_url,
    password_hasher,
)
from kartan.suggestions.store import SuggestionStore
from kartan.suggestions.tables import Base
from tests.helpers import run_kartan

PASSWORD = "ett-langt-losenord-1"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 30, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(database_url: str, clock: Clock) -> Iterator[SuggestionStore]:
    s = SuggestionStore(database_url, clock=clock, hasher=cheap_hasher())
    s.upgrade()
    yield s
    s.close()


def held(store: SuggestionStore, suggestion_id: str) -> Suggestion:
    """The suggestion as the store holds it; it must be there."""
    found = store.get(suggestion_id)
    assert found is not None, suggestion_id
    return found


def test_migrations_make_exactly_the_tables_of_the_model(store: SuggestionStore) -> None:
    assert store.revision() == "0001"
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert {"suggestions", "maintainers", "sessions", "throttle", "meta"} <= tables


def test_upgrade_twice_and_from_several_workers_at_once(database_url: str) -> None:
    stores = [SuggestionStore(database_url) for _ in range(4)]
    errors: list[BaseException] = []

    def run(s: SuggestionStore) -> None:
        try:
            s.upgrade()
        except BaseException as exc:  # collected and failed below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    stores[0].upgrade()
    assert all(s.revision() == "0001" for s in stores)
    for s in stores:
        s.close()


def test_sqlite_is_in_wal_mode_beside_the_data(tmp_path: Path) -> None:
    url = default_database_url(tmp_path / "data" / "forums.yaml")
    assert url == f"sqlite:///{tmp_path / 'data' / 'suggestions.sqlite3'}"
    s = SuggestionStore(url)
    s.upgrade()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    s.close()
    assert (tmp_path / "data" / "suggestions.sqlite3").is_file()


def test_a_suggestion_is_stored_and_read_back(store: SuggestionStore) -> None:
    new = NewSuggestion(
        text="  Rådet möts numera på onsdagar.\r\nSe kallelsen.  ",
        node_id="samverkansradet",
        node_name="Samverkansrådet",
        learned_from="Kallelsen till mötet i oktober",
    )
    saved = store.add(new, client="192.0.2.1")
    again = store.get(saved.id)
    assert again == saved
    assert again.text == "Rådet möts numera på onsdagar.\nSe kallelsen."
    assert (again.status, again.node_id, again.contact) == ("received", "samverkansradet", None)
    assert [s.id for s in store.find()] == [saved.id]
    assert store.counts() == {"received": 1, "accepted": 0, "rejected": 0}


def test_contact_only_with_consent(store: SuggestionStore) -> None:
    with pytest.raises(SuggestionError, match="Kryssa i rutan"):
        store.add(
            NewSuggestion(text="Fel adress", contact="styrelsen@forening.example"),
            client="192.0.2.1",
        )
    assert store.find() == []
    kept = store.add(
        NewSuggestion(text="Fel adress", contact="styrelsen@forening.example", consent=True),
        client="192.0.2.1",
    )
    assert held(store, kept.id).contact == "styrelsen@forening.example"
    assert "contact" not in kept.public() and "styrelsen" not in str(kept.public())


@pytest.mark.parametrize(
    "text",
    [
        "Ring ordföranden på 070-123 45 67",
        "Maila kansliet＠forening.se",
        "skriv till kansliet (at) forening.se",
        "Personnummer 19900101-1239",
        "Telefon +46 (0)19 21 10 00",
    ],
)
def test_personal_data_in_the_text_is_refused(store: SuggestionStore, text: str) -> None:
    with pytest.raises(SuggestionError, match="personer"):
        store.add(NewSuggestion(text=text), client="192.0.2.1")
    assert store.find() == []


def test_empty_and_control_characters_are_refused(store: SuggestionStore) -> None:
    for text in ("   ", "rad\x00ett", "a\u2028b"):
        with pytest.raises(SuggestionError):
            store.add(NewSuggestion(text=text), client="192.0.2.1")


def test_rate_limit_per_address(store: SuggestionStore, clock: Clock) -> None:
    for i in range(5):
        store.add(NewSuggestion(text=f"Tips {i}"), client="192.0.2.7")
    with pytest.raises(RateLimitedError) as caught:
        store.add(NewSuggestion(text="ett till"), client="192.0.2.7")
    assert 0 < caught.value.retry_after <= 601
    store.add(NewSuggestion(text="från en annan adress"), client="192.0.2.8")
    clock.advance(minutes=11)
    store.add(NewSuggestion(text="senare"), client="192.0.2.7")
    assert len(store.find()) == 7


def test_contact_is_deleted_90_days_after_the_decision(
    store: SuggestionStore, clock: Clock
) -> None:
    open_one = store.add(
        NewSuggestion(text="öppet", contact="kansliet@forening.example", consent=True),
        client="192.0.2.1",
    )
    decided = store.add(
        NewSuggestion(text="avgörs", contact="styrelsen@forening.example", consent=True),
        client="192.0.2.2",
    )
    store.add_maintainer("forvaltare-a", PASSWORD)
    rejected = store.reject(decided.id, "forvaltare-a", "Uppgiften finns redan på kartan.")
    assert rejected.contact_deleted_on == (clock.now + dt.timedelta(days=90)).date()
    clock.advance(days=CONTACT_RETENTION_DAYS - 1)
    store.purge()
    assert held(store, decided.id).contact == "styrelsen@forening.example"
    clock.advance(days=1, seconds=1)
    assert store.purge() == 1
    assert held(store, decided.id).contact is None
    assert held(store, decided.id).reason == "Uppgiften finns redan på kartan."
    assert held(store, open_one.id).contact == "kansliet@forening.example"  # not decided


def test_decisions_happen_once(store: SuggestionStore) -> None:
    s = store.add(NewSuggestion(text="x"), client="192.0.2.1")
    with pytest.raises(SuggestionError, match="varför"):
        store.reject(s.id, "forvaltare-a", "  ")
    store.accept(s.id, "forvaltare-a", branch=f"forslag/{s.id}", commit="a" * 40)
    with pytest.raises(AlreadyDecidedError):
        store.reject(s.id, "forvaltare-b", "nej")
    with pytest.raises(AlreadyDecidedError):
        store.require_open(s.id)
    assert held(store, s.id).status == "accepted"
    assert held(store, s.id).decided_by == "forvaltare-a"


def test_unknown_and_malformed_ids(store: SuggestionStore) -> None:
    assert store.get("0" * 16) is None
    assert store.get("../../etc/passwd") is None
    assert store.get("' OR 1=1 --") is None


def test_maintainers_are_stored_as_argon2_hashes(store: SuggestionStore) -> None:
    store.add_maintainer("forvaltare-a", PASSWORD)
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM maintainers").scalar()
    assert stored is not None
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with pytest.raises(SuggestionError):
        store.add_maintainer("forvaltare-b", "kort")
    with pytest.raises(SuggestionError):
        store.add_maintainer("namn med mellanslag", PASSWORD)
    assert [m.name for m in store.maintainers()] == ["forvaltare-a"]


def test_passwords_are_hashed_at_rfc_9106s_cost_by_default(tmp_path: Path) -> None:
    """The other tests hash at the least cost; by default a store, the app's settings and
    ``kartan maintainers`` hash at RFC 9106's low-memory profile, and a sign-in stores a
    hash made at another cost again at the store's."""
    production = "$argon2id$v=19$m=65536,t=3,p=4$"
    assert password_hasher().hash(PASSWORD).startswith(production)
    assert (Settings().argon2_time_cost, Settings().argon2_memory_kib) == (3, 65_536)
    url = default_database_url(tmp_path / "forums.yaml")
    cheap = SuggestionStore(url, hasher=cheap_hasher())
    cheap.upgrade()
    cheap.add_maintainer("forvaltare-a", PASSWORD)
    cheap.close()
    s = SuggestionStore(url)

    def stored() -> str:
        with s.engine.connect() as conn:
            return str(conn.exec_driver_sql("SELECT password_hash FROM maintainers").scalar())

    assert stored().startswith("$argon2id$v=19$m=64,t=1,p=4$")
    s.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    assert stored().startswith(production)
    s.close()


def test_the_maintainers_command_hashes_at_the_cost_of_the_variables(tmp_path: Path) -> None:
    """``kartan maintainers`` reads ``KARTAN_ARGON2_*`` as the app does (the least cost in
    these tests) and refuses an unusable value before touching the database."""
    data = tmp_path / "forums.yaml"
    done = run_kartan("maintainers", "add", "forvaltare-a", "--data", str(data), stdin=PASSWORD)
    assert done.returncode == 0, done.stderr
    s = SuggestionStore(default_database_url(data))
    with s.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM maintainers").scalar()
    s.close()
    assert stored is not None
    assert stored.startswith("$argon2id$v=19$m=64,t=1,p=4$")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KARTAN_ARGON2_MEMORY_KIB", "16")
        done = run_kartan("maintainers", "list", "--data", str(tmp_path / "other" / "f.yaml"))
    assert done.returncode == 2 and "KARTAN_ARGON2_MEMORY_KIB='16'" in done.stderr
    assert not (tmp_path / "other").exists()


def test_login_session_logout(store: SuggestionStore, clock: Clock) -> None:
    store.add_maintainer("forvaltare-a", PASSWORD)
    with pytest.raises(BadCredentialsError):
        store.login("forvaltare-a", "fel-losenord-123", client="192.0.2.1")
    with pytest.raises(BadCredentialsError):
        store.login("ingen-sadan", PASSWORD, client="192.0.2.1")
    token, info = store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    assert store.session(token) == info and info.maintainer == "forvaltare-a"
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM sessions").scalar()
    assert stored is not None
    assert token not in stored  # only the hash is kept
    other, _ = store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    assert other != token
    store.logout(token)
    assert store.session(token) is None and store.session(other) is not None


def test_sessions_expire_and_end_with_the_maintainer(store: SuggestionStore, clock: Clock) -> None:
    store.add_maintainer("forvaltare-a", PASSWORD)
    store.add_maintainer("forvaltare-b", PASSWORD)
    a, _ = store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    b, _ = store.login("forvaltare-b", PASSWORD, client="192.0.2.1")
    clock.advance(hours=1, minutes=59)
    assert store.session(a) is not None
    clock.advance(hours=2, minutes=1)  # idle for more than two hours
    assert store.session(a) is None
    assert store.session(b) is None
    b, _ = store.login("forvaltare-b", PASSWORD, client="192.0.2.1")
    assert store.remove_maintainer("forvaltare-b")
    assert store.session(b) is None
    assert not store.remove_maintainer("forvaltare-b")


def test_new_password_ends_old_sessions(store: SuggestionStore) -> None:
    store.add_maintainer("forvaltare-a", PASSWORD)
    token, _ = store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    store.add_maintainer("forvaltare-a", PASSWORD + "-nytt")
    assert store.session(token) is None


def test_lockout_after_repeated_failures(store: SuggestionStore, clock: Clock) -> None:
    store.add_maintainer("forvaltare-a", PASSWORD)
    for _ in range(5):
        with pytest.raises(BadCredentialsError):
            store.login("forvaltare-a", "gissning-123456", client="198.51.100.9")
    with pytest.raises(LockedOutError) as caught:  # even the right password
        store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    assert 0 < caught.value.retry_after <= 901
    clock.advance(minutes=15, seconds=1)
    token, _ = store.login("forvaltare-a", PASSWORD, client="192.0.2.1")
    assert store.session(token) is not None
