"""Reload under a careless or hostile editor, on a real server (security review 3, 4, 5, 7).

* A file written in place in two parts with a pause between them is never served half:
  the server reloads when the writer has closed the file (inotify close-write), so the
  half (valid: the cut is at a node boundary) is never swapped in.
* A FIFO, a directory or a link to ``/dev/zero`` in place of the data file gives a clear
  message in ``/healthz`` within seconds; the watcher goes on and a later good file is
  taken.
* ``/healthz`` and a 503 body name the data file, never its absolute path.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kartan.load import content_version
from tests.helpers import API_SMALL, write_atomically
from tests.helpers import wait_for as shared_wait_for

TEXT = API_SMALL.read_text(encoding="utf-8")
ORIGINAL = content_version(TEXT.encode("utf-8"))
CUT = TEXT.rindex("  - id: trygghetsforeningen")  # a node boundary: the half is valid


def wait_for(check: Callable[[], bool], what: str, timeout: float = 10.0) -> float:
    """:func:`tests.helpers.wait_for`, ten seconds unless told."""
    return shared_wait_for(check, what, timeout)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


@pytest.fixture
def client(watched: Any) -> Iterator[httpx.Client]:
    remove(watched.data)
    write_atomically(watched.data, TEXT)
    with watched.client() as c:
        wait_for(lambda: c.get("/healthz").json()["version"] == ORIGINAL, "the original file")
        wait_for(lambda: c.get("/healthz").json()["status"] == "ok", "status ok")
        yield c
    remove(watched.data)
    write_atomically(watched.data, TEXT)


def health(c: httpx.Client) -> dict[str, Any]:
    body: dict[str, Any] = c.get("/healthz").json()
    return body


def test_a_file_written_in_two_parts_is_never_served_half(
    watched: Any, client: httpx.Client
) -> None:
    path: Path = watched.data
    full = TEXT + "# version två\n"
    nodes_before = len(client.get("/api/nodes").json()["items"])
    seen: set[int] = set()
    with path.open("w", encoding="utf-8") as f:
        f.write(full[:CUT])
        f.flush()
        os.fsync(f.fileno())
        deadline = time.monotonic() + 2.5  # the pause: the half sits on disk
        while time.monotonic() < deadline:
            seen.add(len(client.get("/api/nodes").json()["items"]))
            assert health(client)["version"] == ORIGINAL
            time.sleep(0.1)
        f.write(full[CUT:])
    wait_for(lambda: health(client)["version"] == content_version(full.encode()), "the file")
    assert seen == {nodes_before}
    assert len(client.get("/api/nodes").json()["items"]) == nodes_before
    assert health(client)["status"] == "ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_reported_and_the_watcher_goes_on(watched: Any, client: httpx.Client) -> None:
    path: Path = watched.data
    path.unlink()
    os.mkfifo(path)
    took = wait_for(
        lambda: "FIFO" in " ".join((health(client)["last_error"] or {}).get("messages", [])),
        "the FIFO reported",
    )
    assert took < 5
    h = health(client)
    assert h["status"] == "degraded" and h["watching"] is True and h["version"] == ORIGINAL
    assert client.get("/api/map").status_code == 200
    path.unlink()
    changed = TEXT + "# efter fifo\n"
    write_atomically(path, changed)
    wait_for(lambda: health(client)["version"] == content_version(changed.encode()), "recovery")
    assert health(client)["status"] == "ok"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_reported_without_reading(watched: Any, client: httpx.Client) -> None:
    path: Path = watched.data
    path.unlink()
    path.symlink_to("/dev/zero")
    took = wait_for(
        lambda: "teckenenhet" in " ".join((health(client)["last_error"] or {}).get("messages", [])),
        "the device reported",
    )
    assert took < 5
    assert health(client)["watching"] is True
    path.unlink()
    changed = TEXT + "# efter dev/zero\n"
    write_atomically(path, changed)
    wait_for(lambda: health(client)["version"] == content_version(changed.encode()), "recovery")


def test_a_directory_is_reported_as_a_directory(watched: Any, client: httpx.Client) -> None:
    path: Path = watched.data
    path.unlink()
    path.mkdir()
    wait_for(
        lambda: "katalog" in " ".join((health(client)["last_error"] or {}).get("messages", [])),
        "the directory reported",
    )
    assert "filen finns inte" not in health(client)["last_error"]["messages"][0]
    path.rmdir()
    changed = TEXT + "# efter katalog\n"
    write_atomically(path, changed)
    wait_for(lambda: health(client)["version"] == content_version(changed.encode()), "recovery")


def test_no_absolute_path_in_healthz_or_a_503(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    """(In-process: nothing is reloaded here.)"""
    bad = tmp_path / "forums.yaml"
    bad.write_text(TEXT.replace("kind: network", "kind: netwerk"), encoding="utf-8")
    server = app_factory(bad, KARTAN_WATCH_INTERVAL="0")
    folder = str(server.data.parent)
    with server.client() as c:
        h = c.get("/healthz")
        assert h.status_code == 503
        assert "forums.yaml:" in h.text and folder not in h.text, h.text
        r = c.get("/api/map")
        assert r.status_code == 503
        assert "forums.yaml" in r.json()["detail"] and folder not in r.text, r.text
    server.stop()
