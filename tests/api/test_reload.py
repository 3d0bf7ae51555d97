"""Reload without loss, on a real server watching its data file every 0.1 s.

A valid new file is swapped in (the version changes); an invalid, truncated or deleted
file is rejected, the last good map keeps being served and ``/healthz`` says why; a later
valid file recovers.  Requests made all the while never fail.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kartan.load import content_version
from tests.helpers import API_SMALL, LOCAL_TLS, wait_for, write_atomically

TEXT = API_SMALL.read_text(encoding="utf-8")
ORIGINAL = content_version(TEXT.encode("utf-8"))


class Hammer:
    """Requests the API in a loop from another thread and records every status."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.statuses: list[int] = []
        self.versions: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30, verify=LOCAL_TLS) as c:
            while not self._stop.is_set():
                for path in ("/api/map", "/api/nodes/radet", "/api/graph"):
                    r = c.get(path)
                    self.statuses.append(r.status_code)
                    if path == "/api/map" and r.status_code == 200:
                        self.versions.add(r.json()["version"])

    def __enter__(self) -> Hammer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


@pytest.fixture
def client(watched: Any) -> Iterator[httpx.Client]:
    write_atomically(watched.data, TEXT)
    with watched.client() as c:
        wait_for(lambda: c.get("/healthz").json()["version"] == ORIGINAL, "the original file")
        assert c.get("/healthz").json()["status"] == "ok"
        yield c
    write_atomically(watched.data, TEXT)


def health(c: httpx.Client) -> dict[str, Any]:
    r = c.get("/healthz")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def test_bad_files_are_rejected_and_a_good_one_recovers(watched: Any, client: httpx.Client) -> None:
    path: Path = watched.data
    v0 = client.get("/api/map").json()["version"]
    reloads0 = health(client)["reloads"]
    with Hammer(watched.url) as hammer:
        # the background requests see the first version before anything changes (on a quiet
        # machine the four steps below can all be taken before the thread's first request)
        wait_for(lambda: v0 in hammer.versions, "the first version served under load")
        # 1. invalid: an unknown kind
        write_atomically(path, TEXT.replace("kind: network", "kind: netwerk"))
        wait_for(lambda: health(client)["status"] == "degraded", "the invalid file rejected")
        h = health(client)
        assert h["version"] == v0 and h["last_error"]["count"] >= 1
        first = h["last_error"]["messages"][0]
        # the file's name, never its absolute path (security review finding 7)
        assert first.startswith(f"{path.name}:") and "netwerk" in first, first
        assert str(path.parent) not in client.get("/healthz").text
        assert client.get("/api/map").json()["version"] == v0
        assert client.get("/api/nodes/klimatnatverket").json()["kind"] == "network"

        # 2. truncated in place (as an editor that is still writing)
        with path.open("w", encoding="utf-8") as f:
            f.write(TEXT[: len(TEXT) // 2])
        wait_for(
            lambda: (
                health(client)["last_error"] is not None
                and "netwerk" not in health(client)["last_error"]["messages"][0]
            ),
            "the truncated file rejected",
        )
        assert health(client)["version"] == v0
        assert client.get("/api/nodes/radet").status_code == 200

        # 3. deleted
        path.unlink()
        wait_for(
            lambda: any(
                "filen finns inte" in m
                for m in (health(client)["last_error"] or {}).get("messages", [])
            ),
            "the deleted file reported",
        )
        assert health(client)["status"] == "degraded"
        assert client.get("/api/graph").status_code == 200

        # 4. a valid new file recovers, with a new version
        write_atomically(path, TEXT.replace("title: Testkarta för API:t", "title: Ny titel"))
        wait_for(lambda: health(client)["status"] == "ok", "the valid file taken")
        h = health(client)
        assert h["last_error"] is None and h["version"] != v0, watched.output()
        assert h["reloads"] == reloads0 + 1
        body = client.get("/api/map").json()
        assert body["title"] == "Ny titel" and body["version"] == h["version"]
        # let the background requests see the new version too before they stop
        wait_for(lambda: h["version"] in hammer.versions, "the new version served under load")
        # reloads are taken at once (inotify), so give the background requests their time
        wait_for(lambda: len(hammer.statuses) > 20, "enough background requests")
    assert set(hammer.statuses) == {200}, sorted(set(hammer.statuses))
    assert len(hammer.statuses) > 20
    assert hammer.versions == {v0, h["version"]}


def test_same_content_keeps_the_version(watched: Any, client: httpx.Client) -> None:
    path: Path = watched.data
    h0 = health(client)
    # rewrite the same bytes (new mtime): nothing changes
    path.write_text(TEXT, encoding="utf-8")
    time.sleep(0.6)
    h1 = health(client)
    assert (h1["version"], h1["reloads"], h1["status"]) == (h0["version"], h0["reloads"], "ok")
    # a comment is a change of content: a new version
    write_atomically(path, TEXT + "# en kommentar\n")
    wait_for(lambda: health(client)["version"] != h0["version"], "the new version")
    assert health(client)["reloads"] == h0["reloads"] + 1


def test_same_size_rewrite_within_a_second_is_seen(watched: Any, client: httpx.Client) -> None:
    """Same size, written right after: the content hash catches what mtime may not."""
    path: Path = watched.data
    v0 = health(client)["version"]
    changed = TEXT.replace("title: Testkarta för API:t", "title: Testkarta för API:T")
    assert len(changed) == len(TEXT) and changed != TEXT
    with path.open("r+", encoding="utf-8") as f:
        f.write(changed)
    wait_for(lambda: health(client)["version"] != v0, "the same-size change")
    assert client.get("/api/map").json()["title"] == "Testkarta för API:T"


def test_invalid_at_startup_then_valid(
    live_server_factory: Callable[..., Any], tmp_path: Path
) -> None:
    bad = tmp_path / "forums.yaml"
    bad.write_text(TEXT.replace("schema_version: 1", "schema_version: 9"), encoding="utf-8")
    server = live_server_factory(bad, copy=False, KARTAN_WATCH_INTERVAL="0.1")
    with server.client() as c:
        r = c.get("/healthz")
        assert r.status_code == 503
        h = r.json()
        assert h["status"] == "unavailable" and h["version"] is None
        assert "schema_version" in h["last_error"]["messages"][0]
        assert "ogiltig" in h["detail"]
        for path in ("/api/map", "/api/nodes", "/api/nodes/radet", "/api/graph", "/api/analysis"):
            r = c.get(path)
            assert r.status_code == 503, path
            assert "schema_version" in r.json()["detail"]
        assert c.get("/api/openapi.json").status_code == 200
        assert c.get("/").status_code == 503  # the pages say so too, as JSON, never a 500
        write_atomically(bad, TEXT)
        wait_for(lambda: c.get("/healthz").status_code == 200, "recovery")
        assert c.get("/api/nodes/radet").json()["name"] == "Rådet"
        assert c.get("/healthz").json()["status"] == "ok"
