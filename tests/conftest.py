"""Shared fixtures: real uvicorn servers on free ports, and the real map loaded in-process.

``live_server`` is the app serving a temporary copy of the real map (``data/forums.yaml``;
the small API fixture while the real map does not exist), started exactly as
``kartan serve`` starts it: ``python -m uvicorn api.app:create_app_from_env --factory``
with ``KARTAN_DATA`` in the environment.  ``live_server_factory(data, **env)`` starts
more, e.g. on another data file or with a short ``KARTAN_WATCH_INTERVAL``; every server
is stopped at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import socket
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

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = ROOT / "tests" / "data"
REAL_MAP = ROOT / "data" / "forums.yaml"
API_SMALL = TEST_DATA / "api_small.yaml"


@dataclass
class LiveServer:
    """A running app: base URL, the data file it serves (a copy), its process and log."""

    url: str
    data: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **kwargs)

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(server: LiveServer, timeout: float = 90.0) -> None:
    """Wait until ``/healthz`` answers (200, or 503 for a server with no valid map)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited with {server.proc.returncode}:\n{server.output()}")
        try:
            r = httpx.get(server.url + "/healthz", timeout=5)
            if r.status_code in (200, 503):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server at {server.url} did not come up in {timeout} s:\n{server.output()}")


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
    """Start the app on (a copy of) ``data`` in a subprocess, as ``kartan serve`` does.

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
    port = free_port()
    log = workdir / f"server-{port}.log"
    full_env = {
        **os.environ,
        "KARTAN_DATA": str(served.resolve()),
        **(env or {}),
    }
    cmd = [
        sys.executable, "-m", "uvicorn", "api.app:create_app_from_env", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", log_level,
    ]  # fmt: skip
    if workers is not None:
        cmd += ["--workers", str(workers)]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", served, proc, log)
    wait_until_up(server, timeout)
    return server


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
def live_server(live_server_factory: Callable[..., LiveServer], real_map_file: Path) -> LiveServer:
    """The app serving a temporary copy of the real map (no file watching needed)."""
    return live_server_factory(real_map_file, KARTAN_WATCH_INTERVAL="0")


@pytest.fixture(scope="session")
def real_map() -> Any:
    """The real map loaded in-process (skips while ``data/forums.yaml`` does not exist)."""
    if not REAL_MAP.exists():
        pytest.skip("data/forums.yaml does not exist yet")
    from kartan.load import load_map

    return load_map(REAL_MAP)
