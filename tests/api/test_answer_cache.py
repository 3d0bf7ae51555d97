"""Guide answers asked before are served by their query string (:mod:`api.answercache`).

The answer is kept per data version: a new version of the data file answers anew; a
refusal is never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from api.answercache import ANSWERED
from tests.helpers import AppServer

QUESTION = "Vem är sekreterare i Samverkansrådet?"


@pytest.fixture
def app(app_factory: Callable[..., AppServer], real_map_file: Path) -> AppServer:
    """The app on its own copy of the real map (a test may change the file)."""
    return app_factory(real_map_file, KARTAN_WATCH_INTERVAL="0")


def kept(app: AppServer, query: bytes) -> object:
    snap = app.app.state.store.snapshot
    cache = snap.dated_answers if b"at=" in query else snap.cache
    return cache.peek((ANSWERED, "/api/guide", query))


def test_a_question_asked_again_gets_the_same_answer_from_the_kept_bytes(app: AppServer) -> None:
    first = app.get("/api/guide", params={"q": QUESTION})
    assert first.status_code == 200
    query = first.request.url.query
    assert kept(app, query) == first.content
    again = app.get("/api/guide", params={"q": QUESTION})
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]


def test_a_new_data_version_answers_anew(app: AppServer) -> None:
    before = app.get("/api/guide", params={"q": QUESTION})
    assert "Kommunledningsförvaltningen" in before.json()["fact"]["text"]
    text = app.data.read_text(encoding="utf-8")
    line = "    name: Kommunledningsförvaltningen\n"
    assert text.count(line) == 1
    app.data.write_text(text.replace(line, "    name: Kommunledningskontoret\n"), "utf-8")
    assert app.app.state.store.check()  # the new version is served
    after = app.get("/api/guide", params={"q": QUESTION})
    assert after.status_code == 200
    assert "Kommunledningskontoret" in after.json()["fact"]["text"]
    assert "Kommunledningsförvaltningen" not in after.json()["fact"]["text"]


def test_a_refused_question_is_not_kept(app: AppServer) -> None:
    refused = app.get("/api/guide", params={"q": QUESTION, "limit": "0"})
    assert refused.status_code == 422
    assert kept(app, refused.request.url.query) is None
    assert app.get("/api/guide", params={"q": QUESTION, "limit": "0"}).status_code == 422


def test_answers_for_a_date_are_kept_apart_from_todays(app: AppServer) -> None:
    dated = app.get("/api/guide", params={"q": QUESTION, "at": "2022-06-01"})
    assert dated.status_code == 200
    query = dated.request.url.query
    snap = app.app.state.store.snapshot
    assert snap.dated_answers.peek((ANSWERED, "/api/guide", query)) == dated.content
    assert snap.cache.peek((ANSWERED, "/api/guide", query)) is None
