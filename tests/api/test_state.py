"""The map store and its caches, in-process (the live reload tests are in test_reload.py)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from api.state import LRU, MapStore, Snapshot
from tests.helpers import API_SMALL


def test_lru_bounded_in_entries_and_bytes() -> None:
    lru = LRU(3, max_bytes=10_000)
    for i in range(5):

        def make(i: int = i) -> bytes:
            return bytes(100 * i)

        assert lru.get_or_make(i, make) == bytes(100 * i)
    assert len(lru) == 3 and lru.peek(0) is None and lru.peek(4) == bytes(400)
    lru.get_or_make("big", lambda: bytes(9_000))
    assert lru.bytes <= 10_000 and lru.peek("big") is not None and lru.peek(2) is None
    calls: list[int] = []

    def make_counted() -> bytes:
        calls.append(1)
        return b""

    lru.get_or_make("big", make_counted)
    assert calls == []  # a hit does not compute


def test_store_keeps_the_last_good_map(tmp_path: Path) -> None:
    path = tmp_path / "forums.yaml"
    text = API_SMALL.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    warmed: list[str] = []
    store = MapStore(path, watch_interval=0, warm=lambda snap: warmed.append(snap.version))
    store.start()
    first = store.snapshot
    assert first is not None and store.health()["status"] == "ok"
    assert warmed == [first.version]
    path.write_text(text.replace("kind: council", "kind: kommitte"), encoding="utf-8")
    assert store.check() is False
    assert store.snapshot is first and store.health()["status"] == "degraded"
    assert "kommitte" in store.health()["last_error"]["messages"][0]
    path.write_text(text + "# ändrad\n", encoding="utf-8")
    assert store.check() is True
    assert store.snapshot is not first and store.health()["status"] == "ok"
    assert store.health()["reloads"] == 2 and len(warmed) == 2
    store.stop()


def test_store_without_a_valid_file(tmp_path: Path) -> None:
    store = MapStore(tmp_path / "missing.yaml", watch_interval=0)
    store.start()
    h = store.health()
    assert store.snapshot is None and h["status"] == "unavailable"
    assert "filen finns inte" in h["last_error"]["messages"][0]
    assert "filen finns inte" in store.unavailable_detail()


def _tracked(obj: object) -> bool:
    """Whether the collector still walks ``obj`` (a frozen object is in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_a_replaced_map_is_freed_and_the_new_one_frozen(tmp_path: Path) -> None:
    """The store moves each map out of the collector's sight (gc.freeze) and, when a new
    version replaces it, unfreezes first so that the earlier map can still be freed."""
    path = tmp_path / "forums.yaml"
    text = API_SMALL.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")

    def cycle(snap: Snapshot) -> None:  # a reference cycle, which only the collector frees
        snap.map.test_cycle = [snap.map]  # type: ignore[attr-defined]

    store = MapStore(path, watch_interval=0, warm=cycle)
    try:
        before = gc.get_freeze_count()  # other apps of this process may have frozen theirs
        store.start()
        assert store.snapshot is not None
        first = weakref.ref(store.snapshot.map)
        assert gc.get_freeze_count() > before
        assert not _tracked(store.snapshot.map)  # the first map is frozen
        path.write_text(text + "# ändrad\n", encoding="utf-8")
        assert store.check() is True
        assert first() is None  # unfrozen and collected with the swap
        assert not _tracked(store.snapshot.map)  # the new one is frozen in its place
    finally:
        store.stop()
