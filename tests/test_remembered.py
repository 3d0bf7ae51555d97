"""kartan.map.remembered: what depends only on a map is made once per map object,
thread-safe, and freed with the map."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

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
