"""Helpers shared by the browser tests (import as ``from browser_util import ...``)."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import serving
from tests.helpers import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class Server:
    """A running app: its base URL, the data file it serves and its process."""

    url: str
    data: Path
    proc: subprocess.Popen[bytes]


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    serving.wait_until_ready(
        lambda: serving.answers(url + "/healthz", timeout=2),
        proc,
        timeout=timeout,
        what=f"server at {url}",
    )


def start_server(data: Path, timeout: float = 60.0) -> Server:
    """Start the app on ``data`` in a subprocess, as ``kartan serve`` does (``timeout``:
    seconds to wait for it; a large map's layout takes longer)."""
    port = serving.free_port()
    env = {**os.environ, "KARTAN_DATA": str(data.resolve())}
    proc = subprocess.Popen(serving.uvicorn_command(port), cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, timeout)
    except Exception:
        proc.kill()
        raise
    return Server(url, data, proc)


def shoot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def wait_for_map(page: Any, timeout: float = 20_000) -> None:
    page.wait_for_function("() => window.kartanReady === true", timeout=timeout)


def open_map(
    make_page: Callable[..., tuple[Any, Any]],
    server: Server,
    path: str = "/karta",
    timeout: float = 20_000,
) -> Any:
    """A watched page (the ``make_page`` fixture) on ``server`` at ``path``, the map drawn
    (``timeout``: milliseconds to wait for it)."""
    page, _ = make_page(server)
    page.goto(server.url + path)
    wait_for_map(page, timeout=timeout)
    return page


def get_json(server: Server, path: str, timeout: float = 10) -> Any:
    """What ``server`` answers at ``path`` (its API), read as JSON."""
    with urllib.request.urlopen(server.url + path, timeout=timeout) as r:
        return json.load(r)


def visible_count(page: Any) -> int:
    return int(page.evaluate("window.kartanNodes.get({filter: n => !n.hidden}).length"))
