"""Helpers shared by the browser tests (import as ``from browser_util import ...``)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
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


def visible_count(page: Any) -> int:
    return int(page.evaluate("window.kartanNodes.get({filter: n => !n.hidden}).length"))
