"""Layout and export timings, each against a baseline measured in the same run.

* Layout (``kartan.layout.positions``, cache cleared before each round) against
  networkx's ``spring_layout`` (defaults, fixed seed; up to 2,000 nodes, it takes minutes
  beyond) and igraph's C Fruchterman–Reingold (``layout_fruchterman_reingold``) on the
  same undirected graph.  Targets (issue 3/4): real map ≤ 1 s, 2,000 nodes ≤ 5 s,
  10,000 nodes ≤ 30 s.
* Exports (``kartan.export.export``) of the 10,000-node map against a bare
  ``json.dumps`` of the whole data model (the least any export must do).

python -m benchmarks.bench_layout [--quick] [--write]
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import networkx as nx

from benchmarks import synth
from benchmarks.report import REAL_MAP, ROOT, bench_arguments, machine, write_section
from kartan import layout
from kartan.export import FORMATS, export
from kartan.load import load_map
from kartan.map import Map

FALLBACK = ROOT / "tests" / "data" / "export_small.yaml"
TARGETS = {"real": 1.0, "2000": 5.0, "10000": 30.0}


def _median_time(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _simple_graph(m: Map) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(sorted(m.nodes))
    g.add_edges_from((e.source, e.target) for e in m.edges if e.source != e.target)
    return g


def _ours(m: Map) -> Callable[[], object]:
    def run() -> object:
        layout.clear_cache()
        return layout.positions(m)

    return run


def _networkx(m: Map) -> Callable[[], object]:
    g = _simple_graph(m)
    return lambda: nx.spring_layout(g, seed=1)


def _igraph(m: Map) -> Callable[[], object] | None:
    try:
        import igraph
    except ImportError:  # a test dependency; the benchmark runs without it
        return None
    g = _simple_graph(m)
    index = {n: i for i, n in enumerate(g.nodes)}
    ig = igraph.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in g.edges])
    return lambda: ig.layout_fruchterman_reingold()


@dataclass
class LayoutRow:
    map: str
    nodes: int
    edges: int
    ours: float
    networkx: float | None
    igraph: float | None
    target: float | None


def bench_layouts(maps: list[tuple[str, Map]], rounds: int) -> list[LayoutRow]:
    rows: list[LayoutRow] = []
    for label, m in maps:
        n = len(m.nodes)
        ours = _median_time(_ours(m), rounds)
        nx_time = _median_time(_networkx(m), rounds) if n <= 2000 else None
        ig_fn = _igraph(m)
        ig_time = _median_time(ig_fn, rounds) if ig_fn else None
        target = TARGETS.get("real" if label.startswith("real") else str(n))
        rows.append(LayoutRow(label, n, len(m.edges), ours, nx_time, ig_time, target))
        print(
            f"layout {label}: ours {ours:.3f} s"
            + (f", networkx {nx_time:.3f} s (x{ours / nx_time:.2f})" if nx_time else "")
            + (f", igraph {ig_time:.3f} s (x{ours / ig_time:.2f})" if ig_time else "")
            + (f", target <= {target} s" if target else "")
        )
    return rows


def bench_exports(m: Map, rounds: int) -> tuple[float, dict[str, tuple[float, int]]]:
    layout.positions(m)  # html: the layout is computed once per data version, then cached
    baseline = _median_time(
        lambda: json.dumps(m.data.model_dump(mode="json", by_alias=True)), rounds
    )
    out: dict[str, tuple[float, int]] = {}
    for fmt in FORMATS:
        size = len(export(m, fmt).body)
        t = _median_time(partial(export, m, fmt), rounds)
        out[fmt] = (t, size)
        print(f"export {fmt}: {t:.3f} s, {size / 1e6:.1f} MB (x{t / baseline:.2f} the bare dump)")
    print(f"bare json.dumps of the data model: {baseline:.3f} s")
    return baseline, out


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _ratio(ours: float, other: float | None) -> str:
    return "–" if not other else f"{ours / other:.2f}×"


def markdown(
    layouts: list[LayoutRow],
    baseline: float,
    exports: dict[str, tuple[float, int]],
    export_nodes: int,
    real_ics: tuple[str, int, float],
) -> str:
    lines = [
        "## Layout and exports (`benchmarks/bench_layout.py`)",
        "",
        f"Median of the rounds, cache cleared each time; {machine()} (shared with other "
        "work while measured: compare the ratios, not the absolute times).  On maps up to "
        f"{layout.SMALL_MAP} nodes `kartan.layout` does more than a spring layout: each "
        "component alone, packed, then label boxes pushed apart until none overlap.",
        "",
        "| map | nodes | edges | kartan.layout | networkx spring_layout | ratio | "
        "igraph FR (C) | ratio | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in layouts:
        lines.append(
            f"| {r.map} | {r.nodes} | {r.edges} | **{r.ours:.2f} s** | {_fmt(r.networkx)} | "
            f"{_ratio(r.ours, r.networkx)} | {_fmt(r.igraph)} | {_ratio(r.ours, r.igraph)} | "
            + (f"≤ {r.target:g} s |" if r.target else "– |")
        )
    lines += [
        "",
        f"Exports of the synthetic {export_nodes}-node map (html with the layout cached, "
        "as the app serves it), against a bare `json.dumps` of the data model "
        f"({baseline:.2f} s) in the same run:",
        "",
        "| format | time | ratio to bare dump | size |",
        "|---|---|---|---|",
    ]
    for fmt, (t, size) in exports.items():
        lines.append(f"| {fmt} | {t:.2f} s | {t / baseline:.2f}× | {size / 1e6:.1f} MB |")
    label, events, seconds = real_ics
    lines += [
        "",
        f"The synthetic maps have no meetings, so `ics` there is only the header; on the "
        f"{label} map ({events} events) it takes {seconds * 1000:.1f} ms.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = bench_arguments(__doc__)
    parser.add_argument("--quick", action="store_true", help="1 round, no 10,000-node map")
    args = parser.parse_args()
    rounds = 1 if args.quick else 3
    tmp = Path(tempfile.gettempdir())
    real = (f"real ({REAL_MAP.name})", load_map(REAL_MAP)) if REAL_MAP.exists() else None
    maps: list[tuple[str, Map]] = [real] if real else [("fixture", load_map(FALLBACK))]
    sizes = [2000] if args.quick else [2000, 10000]
    for n in sizes:
        path = synth.write(tmp / f"kartan-synth-{n}.yaml", n)
        maps.append((f"synthetic {n}", load_map(path)))
    layouts = bench_layouts(maps, rounds)
    _, big = maps[-1]
    baseline, exports = bench_exports(big, rounds)
    first_label, first = maps[0]
    events = sum(1 for _, meeting in first.meetings() if meeting.date is not None)
    ics_time = _median_time(partial(export, first, "ics"), max(rounds, 5))
    print(f"export ics of {first_label}: {ics_time * 1000:.1f} ms, {events} events")
    real_ics = (first_label.split(" ")[0], events, ics_time)
    if args.write:
        md = markdown(layouts, baseline, exports, len(big.nodes), real_ics)
        write_section("layout", md)


if __name__ == "__main__":
    main()
