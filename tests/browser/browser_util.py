"""Helpers shared by the browser tests (import as ``from browser_util import ...``)."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class Watch:
    """What a page did that a test must not allow."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.dialogs, f"dialogs fired: {self.dialogs}"
        assert not self.foreign, f"requests left the origin: {self.foreign}"
        assert not self.errors, f"console or page errors: {self.errors}"


def watch_page(page: Any, origin: str) -> Watch:
    """Record the requests of ``page`` (those outside ``origin`` also as foreign, and
    blocked), its dialogs (dismissed), console errors and page errors.  ``origin``:
    a server's URL, or ``file://`` for a file opened from disk."""
    w = Watch(origin)

    def on_request(req: Any) -> None:
        url = req.url
        w.requests.append(url)
        if not (url.startswith(origin + "/") or url == origin or url.startswith("data:")):
            w.foreign.append(url)

    def on_dialog(dialog: Any) -> None:
        w.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", on_request)
    page.on("dialog", on_dialog)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    # Block anything foreign outright (it is also recorded above and fails the test).
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort(),
    )
    return w


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
