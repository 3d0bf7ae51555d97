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
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from api.app import create_app
from api.settings import Settings
from benchmarks.serving import answers, free_port, stop_process, uvicorn_command, wait_until_ready
from kartan_cli.main import main as kartan_main

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "tests" / "data"
REAL_MAP = ROOT / "data" / "forums.yaml"
API_SMALL = TEST_DATA / "api_small.yaml"
# git as the tests run it: a fixed identity, no user or system configuration
GIT_ENV = {
    "GIT_AUTHOR_NAME": "kartan-test",
    "GIT_AUTHOR_EMAIL": "kartan-test@localhost",
    "GIT_COMMITTER_NAME": "kartan-test",
    "GIT_COMMITTER_EMAIL": "kartan-test@localhost",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# httpx builds a TLS context for every client it makes (reading the CA bundle: 30 ms of
# CPU); the tests speak plain HTTP to 127.0.0.1, so their clients share this one
LOCAL_TLS = ssl.create_default_context()
# a module of tests on the real map: ``pytestmark = needs_real_map``
needs_real_map = pytest.mark.skipif(not REAL_MAP.exists(), reason="data/forums.yaml does not exist")


# Hypothesis: the routine run is bounded and repeatable (the same examples every run, no
# example database); HYPOTHESIS_PROFILE=thorough runs ten times as many fresh examples.
# Property tests size their runs with examples(n): n in the routine run.
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "routine")
THOROUGH_FACTOR = 10
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


def examples(routine: int) -> int:
    """How many examples a property test runs: ``routine`` in the routine run."""
    return routine * THOROUGH_FACTOR if HYPOTHESIS_PROFILE == "thorough" else routine


def run_kartan(
    *args: str, cwd: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``kartan ARGS`` run in this process (``kartan_cli.main``), from ``cwd``: its exit
    code, standard output and standard error, as ``subprocess.run(..., text=True)`` gives
    them for ``python -m kartan_cli ARGS`` with ``stdin`` as its input — without starting
    a Python for it.  Tests of the process itself (``kartan serve``, the installed
    script, a command that must not hang) start a real one."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    saved_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    with contextlib.chdir(cwd or Path.cwd()):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = kartan_main(list(args))
            except SystemExit as exc:  # argparse: a usage error, or --help
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            finally:
                sys.stdin = saved_stdin
        out.flush()
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    stdout = buffer.getvalue().decode("utf-8")
    return subprocess.CompletedProcess(["kartan", *args], code, stdout, err.getvalue())


@dataclass
class LiveServer:
    """A running app: base URL, the data file it serves (a copy), its process and log."""

    url: str
    data: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, verify=LOCAL_TLS, **kwargs)

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, verify=LOCAL_TLS, **kwargs)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10) -> None:
        if self.proc.poll() is None:
            stop_process(self.proc, timeout)


class InProcessClient(TestClient):
    """A test client on a running app: entering it does not run the app's lifespan again
    (the app's :class:`AppServer` runs it once), and it follows no redirects, as
    ``httpx.Client`` does not."""

    def __enter__(self) -> InProcessClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class AppServer:
    """The app in-process with its lifespan running; the same calls as :class:`LiveServer`.

    ``client(address=...)`` talks from that client address (the proposals' rate limit
    buckets by it), as a client bound to ``127.0.0.x`` does over real HTTP.
    """

    app: FastAPI
    data: Path
    runner: TestClient
    url: str = "http://127.0.0.1"

    @classmethod
    def start(cls, settings: Settings) -> AppServer:
        app = create_app(settings)
        runner = TestClient(app, base_url=cls.url)
        runner.__enter__()  # the lifespan: the map store loads (and watches) the file
        return cls(app, settings.data, runner)

    def client(self, *, address: str = "127.0.0.1", **kwargs: Any) -> InProcessClient:
        kwargs.setdefault("follow_redirects", False)
        kwargs.pop("timeout", None)
        client = InProcessClient(
            self.app,
            base_url=self.url,
            raise_server_exceptions=False,  # a handler's error is a 500 answer, as live
            client=(address, 50000),
            **kwargs,
        )
        client.portal = self.runner.portal  # the requests run on the app's event loop
        return client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        with self.client() as client:
            return client.get(path, **kwargs)

    def stop(self) -> None:
        if self.runner.portal is not None:  # once: the lifespan ends, the store stops
            self.runner.__exit__(None, None, None)
            self.runner.portal = None


def wait_until_up(server: LiveServer, timeout: float = 90.0) -> None:
    """Wait until ``/healthz`` answers (200, or 503 for a server with no valid map)."""
    try:
        wait_until_ready(
            lambda: answers(server.url + "/healthz", (200, 503)),
            server.proc,
            timeout=timeout,
            what=f"server at {server.url}",
        )
    except RuntimeError as exc:
        server.stop()
        raise RuntimeError(f"{exc}:\n{server.output()}") from None


def wait_for(
    check: Callable[[], bool], what: str = "the condition", timeout: float = 15.0
) -> float:
    """Poll ``check`` until it is true; return the seconds it took, fail after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def start_live_server(
    data: Path,
    workdir: Path,
    *,
    copy: bool = True,
    env: dict[str, str] | None = None,
    workers: int | None = None,
    log_level: str = "warning",
    timeout: float = 90.0,
) -> LiveServer:
    """Start the app on (a copy of) ``data`` in a subprocess, as ``kartan serve`` does
    (but with ``KARTAN_WARM_LEMMAS=0`` unless ``env`` says otherwise).

    ``workers`` runs uvicorn with ``--workers``; ``log_level="info"`` puts uvicorn's
    access log and startup lines into ``LiveServer.log``; ``timeout`` bounds the wait
    for ``/healthz``.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    served = workdir / data.name
    if copy:
        shutil.copyfile(data, served)
    else:
        served = data
    full_env = {
        **os.environ,
        "KARTAN_DATA": str(served.resolve()),
        # a short-lived server loads the guide's dictionaries only if it is asked
        "KARTAN_WARM_LEMMAS": "0",
        **(env or {}),
    }
    for attempt in range(3):
        port = free_port()
        log = workdir / f"server-{port}.log"
        cmd = uvicorn_command(port, log_level=log_level, workers=workers)
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT
            )
        server = LiveServer(f"http://127.0.0.1:{port}", served, proc, log)
        try:
            wait_until_up(server, timeout)
        except RuntimeError:
            # another test process (pytest -n) took the free port first: take another
            if attempt < 2 and "address already in use" in server.output().lower():
                continue
            raise
        return server
    raise AssertionError("unreachable")


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
    from kartan.load import load_map

    return load_map(REAL_MAP)
