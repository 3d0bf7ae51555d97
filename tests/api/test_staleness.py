"""Staleness over HTTP: "Senast granskad" on a body page turns into a warning when the
entry is stale, and ``/api/analysis`` lists the stale entries (same rule as
``kartan validate --stale-after``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.helpers import TEST_DATA

SMALL = TEST_DATA / "valid_small.yaml"


@pytest.fixture(scope="module")
def stale_server(app_factory: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The small map with Rådet reviewed 400 days ago and the others 10 days ago."""
    today = dt.date.today()
    old, recent = today - dt.timedelta(days=400), today - dt.timedelta(days=10)
    text = SMALL.read_text(encoding="utf-8").replace("reviewed: 2026-01-01", f"reviewed: {recent}")
    text = text.replace(f"reviewed: {recent}", f"reviewed: {old}", 1)  # the first node: radet
    path = tmp_path_factory.mktemp("stale") / "forums.yaml"
    path.write_text(text, encoding="utf-8")
    return app_factory(path, KARTAN_WATCH_INTERVAL="0")


def test_stale_body_page_warns(stale_server: Any) -> None:
    r = stale_server.get("/noder/radet")
    assert r.status_code == 200
    assert '<p class="reviewed stale">' in r.text
    assert "behöver granskas: inte granskad på mer än 365 dagar" in r.text
    en = stale_server.get("/noder/radet?lang=en")
    assert "needs a review: not reviewed for more than 365 days" in en.text


def test_fresh_body_page_does_not_warn(stale_server: Any) -> None:
    r = stale_server.get("/noder/au")
    assert r.status_code == 200
    assert '<p class="reviewed">' in r.text
    assert "behöver granskas" not in r.text


def test_stale_days_setting(app_factory: Callable[..., Any], stale_server: Any) -> None:
    relaxed = app_factory(stale_server.data, KARTAN_WATCH_INTERVAL="0", KARTAN_STALE_DAYS="500")
    assert "behöver granskas" not in relaxed.get("/noder/radet").text
    strict = app_factory(stale_server.data, KARTAN_WATCH_INTERVAL="0", KARTAN_STALE_DAYS="5")
    assert "inte granskad på mer än 5 dagar" in strict.get("/noder/au").text


def test_analysis_lists_the_stale_entry(stale_server: Any) -> None:
    body = stale_server.get("/api/analysis").json()
    stale = body["stale_nodes"]
    assert [s["id"] for s in stale] == ["radet"]
