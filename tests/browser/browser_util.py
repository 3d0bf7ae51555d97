"""Helpers shared by the browser tests (import as ``from browser_util import ...``)."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class Server:
    """A running app: its base URL, the data file it serves and its process."""

    url: str
    data: Path
    proc: subprocess.Popen[bytes]


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
