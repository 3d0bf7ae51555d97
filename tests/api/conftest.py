"""Fixtures of the API tests: the app in-process on the small API map (tests/data/api_small.yaml)
and a client of the app on the real map."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.helpers import API_SMALL


@pytest.fixture(scope="session")
def api_server(app_factory: Callable[..., Any]) -> Any:
    """The app in-process on a copy of the small API map, not watching the file."""
    return app_factory(API_SMALL, KARTAN_WATCH_INTERVAL="0")


@pytest.fixture(scope="session")
def watched(live_server_factory: Callable[..., Any]) -> Any:
    """A real server on a copy of the small API map, watching it every 0.1 s (the reload
    tests of ``test_reload.py`` and ``test_hostile_reload.py``; each test starts from the
    original file)."""
    return live_server_factory(API_SMALL, KARTAN_WATCH_INTERVAL="0.1")


@pytest.fixture
def api(api_server: Any) -> Iterator[httpx.Client]:
    with api_server.client() as client:
        yield client


@pytest.fixture(scope="module")
def real(real_app: Any) -> Iterator[httpx.Client]:
    """A client of the app in-process on a copy of the real map (``real_app``)."""
    with real_app.client() as client:
        yield client
