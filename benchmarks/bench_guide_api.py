"""Throughput of ``/api/guide`` against a bare endpoint of the same app, and the latency of
questions it has never seen, on the real map and a 10,000-node map.

    python -m benchmarks.bench_guide_api [--quick] [--write]

The app runs in a uvicorn subprocess exactly as ``kartan serve`` runs it (one worker,
``api.app:create_app_from_env``, see :func:`benchmarks.bench_api.start_server`), with
``KARTAN_BENCH_ROUTES=1``.  The bare endpoint is ``/_bench/bare/{size}``: precomputed
bytes of the median length of the guide's answers, through the same middleware, so the
ratio measures what answering a question costs beyond serving a response of that size
(``/healthz`` would be no fairer: it does a little work of its own and answers less).
A small asyncio HTTP/1.1 client (loopback, keep-alive, 50 connections) sends the
requests; guide and bare runs are interleaved, the ratio is taken per round and the
median over rounds is reported.

Two mixes of questions are measured:

* **asked before** — the 139 different questions of ``tests/guide_eval.yaml`` and
  ``tests/guide_personas.yaml`` in turn (after one pass, answered from the per-version
  answer cache, as a service answers the questions people keep asking);
* **never asked** — every request a question the server has not seen (a persona or eval
  question with one more word), so every answer is computed.

And one request at a time, each question never asked before: p50 and p95.
Targets (issue 10): guide throughput ≥ 0.9 × bare; guide p95 ≤ 10 ms on 10,000 nodes.
The synthetic map is written to this run's own temporary directory.
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks import synth
from benchmarks.bench_api import CONNECTIONS, Run, body_size, load, q, start_server
from benchmarks.report import (
    REAL_MAP,
    ROOT,
    against_bare,
    bench_arguments,
    load_average,
    write_section,
)
from benchmarks.serving import stop_process

QUESTION_FILES = [ROOT / "tests" / "guide_eval.yaml", ROOT / "tests" / "guide_personas.yaml"]
# words added to a question to make one never asked before (Swedish and English)
EXTRA = [
    "idrott", "kultur", "unga", "äldre", "klimat", "trygghet", "integration", "hälsa",
    "bidrag", "lokal", "skola", "fritid", "nätverk", "förening", "arbetsmarknad", "kris",
    "volontär", "barn", "funding", "youth", "elderly", "sport", "premises", "church",
    "miljö", "studieförbund", "landsbygd", "bibliotek", "boende", "mötesplats",
]  # fmt: skip


def base_questions() -> list[str]:
    """The different questions of the two evaluation files."""
    out: list[str] = []
    for path in QUESTION_FILES:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            text = item.get("q")
            if text and text not in out:
                out.append(text)
    return out


def new_questions(base: list[str]) -> list[str]:
    """Questions no one asked: each base question with one more word, word by word."""
    return [f"{text} {word}" for word in EXTRA for text in base]


@dataclass
class Pair:
    """Guide and bare runs of one mix, round by round."""

    map_name: str
    mix: str
    size: int
    guide: list[Run]
    bare: list[Run]

    @property
    def guide_rps(self) -> float:
        return float(statistics.median(r.rps for r in self.guide))

    @property
    def bare_rps(self) -> float:
        return float(statistics.median(r.rps for r in self.bare))

    @property
    def ratio(self) -> float:
        return float(
            statistics.median(g.rps / b.rps for g, b in zip(self.guide, self.bare, strict=True))
        )


def measure(
    port: int, map_name: str, mix: str, rounds_of_paths: list[list[str]], size: int
) -> Pair:
    bare = [f"/_bench/bare/{size}"]
    guide_runs: list[Run] = []
    bare_runs: list[Run] = []
    for k, paths in enumerate(rounds_of_paths):
        n = len(paths)
        if k % 2 == 0:
            bare_runs.append(load(port, bare, n, CONNECTIONS))
            guide_runs.append(load(port, paths, n, CONNECTIONS, limit=300))
        else:
            guide_runs.append(load(port, paths, n, CONNECTIONS, limit=300))
            bare_runs.append(load(port, bare, n, CONNECTIONS))
    errors = sum(r.errors for r in guide_runs + bare_runs)
    if errors:
        raise RuntimeError(f"{map_name} {mix}: {errors} requests did not answer 200")
    pair = Pair(map_name, mix, size, guide_runs, bare_runs)
    print(
        f"{map_name:>14} {mix:<13} guide {pair.guide_rps:7.0f} req/s | bare "
        f"{pair.bare_rps:7.0f} req/s | ratio {pair.ratio:.2f}",
        flush=True,
    )
    return pair


def bench_map(data: Path, map_name: str, quick: bool) -> tuple[list[Pair], Run]:
    proc, port = start_server(data)
    try:
        base = base_questions()
        fresh = iter(new_questions(base))
        asked = [q("/api/guide", q=t) for t in base]
        size = int(statistics.median(body_size(port, p) for p in asked))  # also fills the cache
        rounds = 3 if quick else 5
        per_round = 1000 if quick else 3000
        repeated = [(asked * (per_round // len(asked) + 1))[:per_round] for _ in range(rounds)]
        load(port, [f"/_bench/bare/{size}"], 200, CONNECTIONS)  # warm up
        pairs = [measure(port, map_name, "asked before", repeated, size)]
        count = 150 if quick else 400
        unseen = [[q("/api/guide", q=next(fresh)) for _ in range(count)] for _ in range(rounds)]
        pairs.append(measure(port, map_name, "never asked", unseen, size))
        one_by_one = [q("/api/guide", q=next(fresh)) for _ in range(100 if quick else 300)]
        seq = load(port, one_by_one, len(one_by_one), 1, limit=300)
        print(f"{map_name:>14} one at a time, never asked: {seq.one_at_a_time()}", flush=True)
        return pairs, seq
    finally:
        stop_process(proc, timeout=30)


def report(pairs: list[Pair], seqs: dict[str, Run], loads: tuple[str, str]) -> str:
    rounds = len(pairs[0].guide) if pairs else 0
    lines = [
        "## Guide throughput against a bare endpoint (`benchmarks/bench_guide_api.py`)",
        "",
        against_bare(rounds, CONNECTIONS, "the guide", "the guide's")
        + f"; load average {loads[0]} at the start, {loads[1]} at the end.",
        "",
        "| map | questions | guide req/s | bare req/s | ratio (≥ 0.9) |",
        "|---|---|---|---|---|",
    ]
    for p in pairs:
        lines.append(
            f"| {p.map_name} | {p.mix} | {p.guide_rps:,.0f} | {p.bare_rps:,.0f} | "
            f"**{p.ratio:.2f}** |"
        )
    lines += [
        "",
        "One request at a time, each question never asked before (answer computed):",
        "",
        "| map | requests | p50 | p95 (≤ 10 ms on 10k) |",
        "|---|---|---|---|",
    ]
    for name, run in seqs.items():
        lines.append(
            f"| {name} | {len(run.latencies)} | {run.pct(0.5) * 1000:.2f} ms | "
            f"**{run.pct(0.95) * 1000:.2f} ms** |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = bench_arguments(__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests and rounds")
    args = parser.parse_args()
    start_load = load_average()
    pairs: list[Pair] = []
    seqs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="kartan-bench-guide-api-") as tmp:
        maps: list[tuple[Path, str]] = []
        if REAL_MAP.exists():
            maps.append((REAL_MAP, "real map"))
        maps.append((synth.write(Path(tmp) / "synth-10000.yaml", 10_000), "synthetic 10k"))
        for data, name in maps:
            found, seq = bench_map(data, name, args.quick)
            pairs += found
            seqs[name] = seq
    text = report(pairs, seqs, (start_load, load_average()))
    print(text)
    if args.write:
        write_section("guide-api", text)


if __name__ == "__main__":
    main()
