"""Guide answers asked before are served by their query string (:mod:`api.answercache`).

The answer is kept per data version: a new version of the data file answers anew; a
refusal is never kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from api.answercache import ANSWERED
from api.state import Snapshot
from tests.helpers import AppServer

QUESTION = "Vem är sekreterare i Samverkansrådet?"


@pytest.fixture
def app(app_factory: Callable[..., AppServer], real_map_file: Path) -> AppServer:
    """The app on its own copy of the real map (a test may change the file)."""
    return app_factory(real_map_file, KARTAN_WATCH_INTERVAL="0")


def kept(app: AppServer, query: bytes, day: dt.date | None = None) -> object:
    """The answer kept for ``query`` (asked for ``day``), where Snapshot.cache_for keeps it."""
    key = (ANSWERED, "/api/guide", query, day)
    snap: Snapshot = app.app.state.store.snapshot
    return snap.cache_for(key).peek(key)


def entries(app: AppServer) -> int:
    snap: Snapshot = app.app.state.store.snapshot
    return len(snap.cache) + len(snap.dated_answers)


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
    day = dt.date(2022, 6, 1)
    assert snap.dated_answers.peek((ANSWERED, "/api/guide", query, day)) == dated.content
    assert snap.cache.peek((ANSWERED, "/api/guide", query, day)) is None
    assert kept(app, query) is None  # not kept as an answer for today's map


def test_each_answer_is_kept_once(app: AppServer) -> None:
    """One entry per question in the snapshot's bounded caches, today's and dated alike
    (the answer was kept twice: by the route and by the handler's own cache)."""
    for params in ({"q": QUESTION}, {"q": QUESTION, "at": "2022-06-01"}):
        before = entries(app)
        assert app.get("/api/guide", params=params).status_code == 200
        assert entries(app) == before + 1, params
        assert app.get("/api/guide", params=params).status_code == 200
        assert entries(app) == before + 1, params


def test_dated_means_the_parsed_at_parameter(app: AppServer) -> None:
    """A parameter whose name ends in "at" asks for no date; an ``at`` spelled with an
    escaped letter does (FastAPI reads it as ``at``)."""
    snap: Snapshot = app.app.state.store.snapshot
    other = app.get("/api/guide", params={"q": QUESTION, "format": "2022-06-01"})
    assert other.status_code == 200
    assert len(snap.dated_answers) == 0
    assert kept(app, other.request.url.query) == other.content
    escaped = app.get("/api/guide?q=Vem+leder+Samverkansr%C3%A5det%3F&%61t=2022-06-01")
    assert escaped.status_code == 200
    assert len(snap.dated_answers) == 1
    assert kept(app, escaped.request.url.query, dt.date(2022, 6, 1)) == escaped.content
