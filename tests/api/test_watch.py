"""The data file's watcher (``api.watch``): a store that stops wakes its watcher instead of
waiting out the wait for inotify events (up to a second, at every app's shutdown)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from api.watch import open_watcher


def test_a_wait_for_changes_ends_when_woken(tmp_path: Path) -> None:
    watcher = open_watcher(tmp_path / "forums.yaml")
    if watcher is None:
        pytest.skip("no inotify here")
    answers: list[bool] = []
    waiting = threading.Thread(target=lambda: answers.append(watcher.changed(600)))
    waiting.start()
    watcher.wake()
    waiting.join(timeout=30)  # without the wake it would wait ten minutes
    try:
        assert not waiting.is_alive() and answers == [False]
        # a wake left over is drained: the next wait sees the file's own events again
        (tmp_path / "forums.yaml").write_text("x", encoding="utf-8")
        assert watcher.changed(30) is True
    finally:
        watcher.close()
    watcher.wake()  # after close: nothing to write to, no error
