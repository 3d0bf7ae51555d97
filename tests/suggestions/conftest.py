"""Fixtures of the suggestions tests: a database URL for SQLite and for PostgreSQL.

``database_url`` is parametrized: every store test runs on embedded SQLite (a file in
the test's folder) and on PostgreSQL (a fresh database in a throwaway cluster started
once per test session, see ``pg_cluster.py``); the PostgreSQL runs skip, saying why,
where PostgreSQL cannot be started.  They are marked ``slow`` (a cluster takes seconds to
start): ``make unit`` leaves them out, ``make test`` runs them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pg_cluster
import pytest
from argon2_cost import ARGON2_ENV
from sqlalchemy import create_engine, text


@pytest.fixture(scope="module", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """``KARTAN_ARGON2_*`` at the least cost for ``kartan maintainers`` and real servers
    (the variables are read from the environment by both)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ARGON2_ENV.items():
            patch.setenv(name, value)
        yield


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_cluster.Cluster]:
    reason = pg_cluster.why_not()
    if reason:
        pytest.skip(reason)
    cluster = pg_cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'suggestions.sqlite3'}"
    cluster: pg_cluster.Cluster = request.getfixturevalue("postgres")
    name = f"t_{secrets.token_hex(6)}"
    engine = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url: str = cluster.url_for(name)
    return url
