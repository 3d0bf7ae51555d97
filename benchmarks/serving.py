"""The app in a real process, for the benchmarks and the tests that need one.

One place for what both start over and over: a free port, the command ``kartan serve``
runs (``uvicorn api.app:create_app_from_env --factory``), waiting until a process
answers, stopping it, its memory, and Debian's Chromium as the browser tests and the
page-quality tools launch it.  Nothing here imports the app itself.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

APP = "api.app:create_app_from_env"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def uvicorn_command(
    port: int,
    *,
    app: str = APP,
    host: str | None = "127.0.0.1",
    log_level: str = "warning",
    workers: int | None = None,
) -> list[str]:
    """The command line of the app under uvicorn, as ``kartan serve`` starts it."""
    cmd = [sys.executable, "-m", "uvicorn", app, "--factory"]
    if host is not None:
        cmd += ["--host", host]
    # kartan serve turns uvicorn's proxy headers off: the app decides whose
    # X-Forwarded-For it believes (KARTAN_TRUSTED_PROXIES)
    cmd += ["--port", str(port), "--log-level", log_level, "--no-proxy-headers"]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    return cmd


def answers(url: str, statuses: tuple[int, ...] = (200,), timeout: float = 5) -> bool:
    """Whether a GET of ``url`` answers with one of ``statuses`` (False when it cannot
    connect yet).  The standard library's client: an httpx client reads the CA bundle
    for each probe (30 ms of CPU), though these servers speak plain HTTP."""
    from http.client import HTTPException
    from urllib.error import HTTPError
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=timeout) as response:
            return int(response.status) in statuses
    except HTTPError as exc:
        return exc.code in statuses
    except (OSError, HTTPException):
        return False


def wait_until_ready(
    ready: Callable[[], bool],
    proc: subprocess.Popen[Any] | None = None,
    *,
    timeout: float,
    interval: float = 0.1,
    what: str = "the server",
) -> float:
    """Poll ``ready`` until it is true; the seconds it took.  RuntimeError when ``proc``
    has exited or after ``timeout`` seconds; an OSError in ``ready`` counts as not yet."""
    start = time.monotonic()
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            if ready():
                return time.monotonic() - start
        except OSError:
            pass
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"{what} did not come up in {timeout} s")
        time.sleep(interval)


def stop_process(proc: subprocess.Popen[Any], timeout: float = 10) -> None:
    """Terminate ``proc`` and wait for it; kill it when it does not end in ``timeout``."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _status_kb(pid: int | str, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        return int(next(line.split()[1] for line in fh if line.startswith(field + ":")))


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` now (``VmRSS``), in MB."""
    return _status_kb(pid, "VmRSS") / 1024


def chromium_path() -> str | None:
    """Debian's chromium (never a downloaded browser)."""
    return shutil.which("chromium")


def launch_chromium(playwright: Any, **kwargs: Any) -> Any:
    """Debian's Chromium, headless, as the browser tests and page tools launch it."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, **kwargs
    )
