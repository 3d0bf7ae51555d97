"""Fixtures for the browser tests: live servers of the real app, Debian's Chromium, and
a page that fails the test on console errors, page errors, dialogs or any request that
leaves the app's own origin.

Each server is ``uvicorn api.app:create_app_from_env`` in a subprocess (exactly what
``kartan serve`` runs) on a free port, one per data file, shared by the whole session.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_util import Server, Watch, start_server, watch_page

from benchmarks import serving
from tests.helpers import REAL_MAP, TEST_DATA

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], Server]]:
    """``serve(path)`` gives a running server on that data file (one per file)."""
    servers: dict[Path, Server] = {}

    def get(data: Path) -> Server:
        if data not in servers:
            servers[data] = start_server(data)
        return servers[data]

    yield get
    for s in servers.values():
        serving.stop_process(s.proc)


@pytest.fixture(scope="session")
def real_map_path() -> Path:
    """The real map when it exists, else the small frontend fixture."""
    return REAL_MAP if REAL_MAP.exists() else TEST_DATA / "frontend_small.yaml"


@pytest.fixture(scope="session")
def site(serve: Callable[[Path], Server], real_map_path: Path) -> Server:
    return serve(real_map_path)


@pytest.fixture(scope="session")
def small_site(serve: Callable[[Path], Server]) -> Server:
    return serve(TEST_DATA / "frontend_small.yaml")


@pytest.fixture(scope="session")
def xss_site(serve: Callable[[Path], Server]) -> Server:
    return serve(TEST_DATA / "xss.yaml")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is missing: apt-get install chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = serving.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def make_page(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """``make_page(server, **context_options)`` -> (page, watch); checked at teardown."""
    made: list[tuple[Any, Watch]] = []

    def make(server: Server, **options: Any) -> tuple[Any, Watch]:
        ctx = browser.new_context(viewport={"width": 1280, "height": 860}, **options)
        page = ctx.new_page()
        w = watch_page(page, server.url)
        made.append((ctx, w))
        return page, w

    yield make
    for ctx, _ in made:
        ctx.close()
    for _, w in made:
        w.check()
