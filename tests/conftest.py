"""Shared fixtures: the app in-process, a few real uvicorn servers, the real map loaded once.

Most API tests talk to the app in-process: ``create_app(settings)`` with its lifespan
running, through Starlette's test client (``app_factory``, ``api_server``, ``real_app``).
That is the same app, middleware and error handlers as ``kartan serve`` runs, without a
process to start per server.  ``real_app`` serves a temporary copy of the real map
(``data/forums.yaml``; the small API fixture while the real map does not exist).

What only a real server shows stays on real uvicorn (``live_server_factory(data, **env)``,
started exactly as ``kartan serve`` starts it: ``python -m uvicorn
api.app:create_app_from_env --factory`` with ``KARTAN_DATA`` in the environment): the
reload of a watched file, several workers sharing one rate limit, the access log, a
``kill -9``.  Every app and server is stopped at the end of the session.

pytest loads this file itself; nothing imports it.  The paths, classes and helpers that
test modules share (``ROOT``, ``REAL_MAP``, ``run_kartan``, ``AppServer`` ...) are in
``tests/helpers.py``: ``from tests.helpers import ...``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from api.settings import Settings
from kartan.load import load_map
from kartan.map import Map
from tests.helpers import (
    API_SMALL,
    HYPOTHESIS_PROFILE,
    REAL_MAP,
    TEST_DATA,
    AppServer,
    LiveServer,
    start_live_server,
)

# Hypothesis: the routine run is bounded and repeatable (the same examples every run, no
# example database); HYPOTHESIS_PROFILE=thorough runs ten times as many fresh examples.
# Property tests size their runs with examples(n) (tests.helpers): n in the routine run.
hypothesis_settings.register_profile("routine", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("thorough", derandomize=False, database=None, deadline=None)
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


# pytest-xdist (`make test`: -n 2 --dist loadfile): each file runs whole on one worker.
# The two reload files share one worker, so that their session server (``watched``) starts
# once; and the files that take longest (seconds of wall time on a quiet machine, most
# waiting for a real server or generating many examples) are handed out first, so that
# the run ends on small files and both workers finish together.  The rest follow in
# xdist's order (most tests first).
SAME_WORKER = {
    "tests/api/test_reload.py": "tests/api/test_*reload.py",
    "tests/api/test_hostile_reload.py": "tests/api/test_*reload.py",
}
LONGEST_FIRST = (
    "tests/api/test_*reload.py",  # 14 s: two real servers, a 2.5 s pause, reloads under load
    "tests/suggestions/test_suggestions_api.py",  # 10 s: a real server killed
    "tests/api/test_schemathesis.py",  # 9 s: one test, 648 generated requests
    "tests/test_hostile_text.py",  # 8 s: Hypothesis
    "tests/test_init.py",  # 8 s: `kartan serve` of a new map
    "tests/suggestions/test_commit.py",  # 7 s: git
    "tests/test_workflow.py",  # 6 s: the workflow's steps and the pre-commit hooks
    "tests/suggestions/test_store.py",  # 6 s: PostgreSQL
    "tests/api/test_rate_limit.py",  # 6 s: two uvicorn workers
    "tests/api/test_hostile_http.py",  # 5 s: a real server's access log
    "tests/test_layout.py",  # 5 s: a fresh process
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` with :data:`SAME_WORKER` and :data:`LONGEST_FIRST`."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            file = str(super()._split_scope(nodeid))
            return SAME_WORKER.get(file, file)

        def _assign_work_unit(self, node: Any) -> None:
            if not self.ordered:  # the first hand-out: the queue is complete
                for scope in reversed(LONGEST_FIRST):
                    if scope in self.workqueue:
                        self.workqueue.move_to_end(scope, last=False)
                self.ordered = True
            super()._assign_work_unit(node)

    return Scheduling(config, log)


@pytest.fixture(scope="session")
def live_server_factory() -> Iterator[Callable[..., LiveServer]]:
    """``factory(data, copy=True, **env)`` starts a server on a copy of ``data``."""
    servers: list[LiveServer] = []
    base = Path(tempfile.mkdtemp(prefix="kartan-live-"))

    def make(data: Path, *, copy: bool = True, **env: str) -> LiveServer:
        server = start_live_server(data, base / str(len(servers)), copy=copy, env=env)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def real_map_file() -> Path:
    """The real map when it exists, else the small API fixture."""
    return REAL_MAP if REAL_MAP.exists() else API_SMALL


@pytest.fixture(scope="session")
def app_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., AppServer]]:
    """``factory(data, copy=True, **env)``: the app in-process on a copy of ``data``.

    ``env`` holds ``KARTAN_*`` settings as ``kartan serve`` reads them from the
    environment; the proposals' rate-limit file lives in the app's own folder.
    """
    apps: list[AppServer] = []
    base = tmp_path_factory.mktemp("apps")

    def make(data: Path, *, copy: bool = True, **env: str) -> AppServer:
        workdir = base / str(len(apps))
        workdir.mkdir()
        served = workdir / data.name
        if copy:
            shutil.copyfile(data, served)
        else:
            served = data
        settings = Settings.from_env(
            {
                "KARTAN_DATA": str(served.resolve()),
                "KARTAN_RATE_LIMIT_DB": str(workdir / "rate.sqlite"),
                **env,
            }
        )
        app = AppServer.start(settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.stop()


@pytest.fixture(scope="session")
def real_app(app_factory: Callable[..., AppServer], real_map_file: Path) -> AppServer:
    """The app in-process on a temporary copy of the real map (not watching the file)."""
    return app_factory(real_map_file, KARTAN_WATCH_INTERVAL="0")


@pytest.fixture(scope="session")
def real_map() -> Any:
    """The real map loaded in-process (skips while ``data/forums.yaml`` does not exist)."""
    if not REAL_MAP.exists():
        pytest.skip("data/forums.yaml does not exist yet")
    return load_map(REAL_MAP)


# The small test maps, each loaded once per session and shared by every module that reads
# it: no test changes a Map in place (a changed map is a new one: ``Map(m.data.model_copy(
# ...))``, ``m.at(date)``); what depends on a map is remembered per map object, and tests of
# that memory clear it or load a fresh map.


@pytest.fixture(scope="session")
def export_small() -> Map:
    """``tests/data/export_small.yaml``: the exports, the layout and the standalone file."""
    return load_map(TEST_DATA / "export_small.yaml")


@pytest.fixture(scope="session")
def search_small() -> Map:
    """``tests/data/search_small.yaml``: search and the guide."""
    return load_map(TEST_DATA / "search_small.yaml")


@pytest.fixture(scope="session")
def frontend_small() -> Map:
    """``tests/data/frontend_small.yaml``: entry points and page views."""
    return load_map(TEST_DATA / "frontend_small.yaml")
