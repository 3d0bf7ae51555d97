"""What the test modules share that is not a fixture: the project's paths, git and TLS as
the tests use them, the ``needs_real_map`` mark, the ``kartan`` command in-process, the app
in-process and on real uvicorn, and small waiting helpers.

A plain module, imported once (``from tests.helpers import ROOT``); the fixtures built on
it are in ``tests/conftest.py``, which pytest loads itself and nothing imports.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from benchmarks.serving import answers, free_port, stop_process, uvicorn_command, wait_until_ready
from kartan_cli.main import main as kartan_main

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "tests" / "data"
REAL_MAP = ROOT / "data" / "forums.yaml"
API_SMALL = TEST_DATA / "api_small.yaml"
# the guide's evaluation questions (checked in the checkout and on the installed wheel)
PERSONAS = ROOT / "tests" / "guide_personas.yaml"
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

# Hypothesis: ``tests/conftest.py`` loads the profile named by HYPOTHESIS_PROFILE: the
# routine run, or ``thorough`` with THOROUGH_FACTOR times as many examples.
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "routine")
THOROUGH_FACTOR = 10


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
            response: httpx.Response = client.get(path, **kwargs)
            return response

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
