"""kartan.map.remembered: what depends only on a map is made once per map object,
thread-safe, and freed with the map."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

import kartan.map
from kartan.map import Map, forget, recall, remembered
from kartan.model import example_file


def _map() -> Map:
    return Map(example_file({"id": "a", "kind": "council", "name": "A", "sources": ["s"]}))


def test_made_once_per_map_and_key_even_from_many_threads() -> None:
    m, other = _map(), _map()
    made: list[int] = []

    def make() -> list[str]:
        made.append(1)
        time.sleep(0.05)  # long enough for every thread to miss at once
        return sorted(m.nodes)

    found: list[object] = []
    threads = [
        threading.Thread(target=lambda: found.append(remembered(m, ("ids",), make)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(x is found[0] for x in found)
    assert remembered(other, ("ids",), lambda: ["other"]) == ["other"]
    assert remembered(m, ("ids", "en"), lambda: ["en"]) == ["en"]


def test_freed_with_the_map() -> None:
    m = _map()
    value = remembered(m, ("words",), lambda: {"held": "by the map"})
    gone = weakref.ref(m)
    del m
    gc.collect()
    assert gone() is None
    assert value == {"held": "by the map"}  # the caller's reference still works


def test_made_again_when_not_current_and_after_forget() -> None:
    m = _map()
    first = remembered(m, ("index", "sv"), lambda: ["old"])
    assert remembered(m, ("index", "sv"), lambda: ["new"], current=lambda v: v is first) is first
    assert remembered(m, ("index", "sv"), lambda: ["new"], current=lambda v: False) == ["new"]
    remembered(m, ("other",), lambda: 1)
    forget("index", m=m)
    assert recall(m, ("index", "sv")) is None
    assert recall(m, ("other",)) == 1
    forget()  # every name, every map
    assert recall(m, ("other",)) is None


def test_a_failed_make_leaves_nothing_behind() -> None:
    m = _map()

    def fail() -> int:
        raise KeyError("nope")

    with pytest.raises(KeyError):
        remembered(m, ("x",), fail)
    assert recall(m, ("x",)) is None
    assert remembered(m, ("x",), lambda: 2) == 2


def test_a_slow_make_holds_up_only_values_of_its_own_name() -> None:
    """A cold index being built does not hold up another kind of value of the same map."""
    m = _map()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "index"

    builder = threading.Thread(target=lambda: remembered(m, ("slow_index",), slow))
    builder.start()
    try:
        assert started.wait(10)
        other: list[str] = []
        quick = threading.Thread(target=lambda: other.append(remembered(m, ("who", "a"), str)))
        quick.start()
        quick.join(2)
        assert other == [""]  # answered while the index was still being built
    finally:
        release.set()
        builder.join(10)
    assert remembered(m, ("slow_index",), str) == "index"


def test_at_the_bound_only_values_of_the_same_name_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kartan.map, "MAX_REMEMBERED", 5)
    m = _map()
    remembered(m, ("index",), lambda: "kept")
    for i in range(10):  # many per-body answers

        def per_body(i: int = i) -> int:
            return i

        remembered(m, ("who", i), per_body)
    assert recall(m, ("index",)) == "kept"
    assert recall(m, ("who", 9)) == 9
