"""API throughput and latency against a bare endpoint, on the real map and a 10,000-node map.

    python -m benchmarks.bench_api [--quick] [--write]

For each map the app runs in a uvicorn subprocess exactly as ``kartan serve`` runs it
(one worker, ``api.app:create_app_from_env``), with ``KARTAN_BENCH_ROUTES=1``, which adds
``/_bench/bare/{size}``: precomputed bytes of the same length as the endpoint's answer,
through the same middleware.  A small asyncio HTTP/1.1 client (loopback only, keep-alive,
50 connections) sends a fixed number of requests, bounded in time too, to each endpoint
and to its bare twin, interleaved over several rounds; the figures are medians over rounds
and the targets are ratios to the bare endpoint in the same run:

* requests/s ≥ 0.7 × bare, p99 ≤ 1.5 × bare, at 50 concurrent connections, for node
  detail, search, guide and graph;
* search and guide p95 ≤ 10 ms one request at a time on the 10,000-node map, each query
  asked once (so every answer is computed, not taken from the response cache).

Under load the endpoints cycle through a fixed set of node ids and questions (answers are
computed once per data version and then served from the cache, as in production).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks import synth
from benchmarks.report import REAL_MAP, ROOT, against_bare, bench_arguments, write_section
from benchmarks.serving import free_port, stop_process, uvicorn_command, wait_until_ready

CONNECTIONS = 50
HOST = "127.0.0.1"

SEARCH_WORDS = [
    "KS", "kommunstyrelse", "Kommunstyrelsen", "klimat", "idrott", "förening", "forening",
    "samverkan", "nätverk", "råd", "trygghet", "hälsa", "kultur", "unga", "integration",
    "folkbildning", "studieförbund", "fritid", "miljö", "arbetsmarknad",
]  # fmt: skip
QUESTIONS = [
    "Vi är en idrottsförening som vill jobba med klimatet – vart vänder vi oss?",
    "Var tas beslut om bidrag till föreningar?",
    "Vi vill starta ett nätverk för unga",
    "Vem arbetar med trygghet i bostadsområdena?",
    "Hur når vi kommunen med en fråga om hälsa?",
    "Vi är ett studieförbund och vill samverka om integration",
    "Vart vänder jag mig med en idé om kultur för barn?",
    "Finns det ett forum för arbetsmarknadsfrågor?",
]


# --- the load generator ----------------------------------------------------------------


@dataclass
class Run:
    """Latencies (s) and wall time of one load run."""

    latencies: list[float]
    seconds: float
    errors: int

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    def one_at_a_time(self) -> str:
        """p50 and p95 in ms and the number of requests, as the progress lines print them."""
        return (
            f"p50 {self.pct(0.5) * 1000:.2f} ms p95 {self.pct(0.95) * 1000:.2f} ms "
            f"({len(self.latencies)} requests)"
        )


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str
) -> tuple[int, int]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status, length


async def _load(
    port: int, paths: list[str], total: int, concurrency: int, time_limit: float
) -> Run:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    deadline = time.perf_counter() + time_limit

    async def worker(offset: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for i in counter:
                if time.perf_counter() > deadline:
                    break
                path = paths[(i + offset) % len(paths)]
                t0 = time.perf_counter()
                try:
                    status, _ = await _request(reader, writer, path)
                except (asyncio.IncompleteReadError, ConnectionError):
                    # the server closed an idle keep-alive connection: reconnect, retry
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
                    t0 = time.perf_counter()
                    status, _ = await _request(reader, writer, path)
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    return Run(latencies, time.perf_counter() - started, errors)


def load(port: int, paths: list[str], total: int, concurrency: int, limit: float = 60) -> Run:
    return asyncio.run(_load(port, paths, total, concurrency, limit))


def body_size(port: int, path: str) -> int:
    async def one() -> int:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            status, size = await _request(reader, writer, path)
        finally:
            writer.close()
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        return size

    return asyncio.run(one())


# --- the server ------------------------------------------------------------------------


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "KARTAN_DATA": str(data.resolve()),
        "KARTAN_WATCH_INTERVAL": "0",
        "KARTAN_BENCH_ROUTES": "1",
    }
    proc = subprocess.Popen(uvicorn_command(port, host=HOST), cwd=ROOT, env=env)

    def up() -> bool:
        try:
            return body_size(port, "/healthz") > 0
        except (RuntimeError, asyncio.IncompleteReadError):
            return False

    try:
        wait_until_ready(up, proc, timeout=300, interval=0.2)
    except RuntimeError:
        proc.kill()
        raise
    return proc, port


# --- scenarios -------------------------------------------------------------------------


@dataclass
class Result:
    """One endpoint against its bare twin: runs of both, paired round by round."""

    map_name: str
    endpoint: str
    size: int
    api_runs: list[Run]
    bare_runs: list[Run]

    def _median(self, values: list[float]) -> float:
        return float(statistics.median(values))

    @property
    def api_rps(self) -> float:
        return self._median([r.rps for r in self.api_runs])

    @property
    def bare_rps(self) -> float:
        return self._median([r.rps for r in self.bare_runs])

    @property
    def api_p99(self) -> float:
        return self._median([r.pct(0.99) for r in self.api_runs])

    @property
    def bare_p99(self) -> float:
        return self._median([r.pct(0.99) for r in self.bare_runs])

    @property
    def rps_ratio(self) -> float:
        """Median over rounds of API req/s ÷ bare req/s of the same round."""
        pairs = zip(self.api_runs, self.bare_runs, strict=True)
        return self._median([a.rps / b.rps for a, b in pairs])

    @property
    def p99_ratio(self) -> float:
        """Median over rounds of API p99 ÷ bare p99 of the same round."""
        pairs = zip(self.api_runs, self.bare_runs, strict=True)
        return self._median([a.pct(0.99) / b.pct(0.99) for a, b in pairs])


def compare(
    port: int, map_name: str, endpoint: str, paths: list[str], total: int, rounds: int
) -> Result:
    size = int(statistics.median(body_size(port, p) for p in paths[:20]))
    bare = [f"/_bench/bare/{size}"]
    load(port, paths, min(total, 2 * len(paths) + 200), CONNECTIONS)  # warm up caches
    load(port, bare, 200, CONNECTIONS)
    api_runs: list[Run] = []
    bare_runs: list[Run] = []
    for k in range(rounds):
        if k % 2 == 0:
            bare_runs.append(load(port, bare, total, CONNECTIONS))
            api_runs.append(load(port, paths, total, CONNECTIONS))
        else:
            api_runs.append(load(port, paths, total, CONNECTIONS))
            bare_runs.append(load(port, bare, total, CONNECTIONS))
    result = Result(map_name, endpoint, size, api_runs, bare_runs)
    errors = sum(r.errors for r in api_runs + bare_runs)
    if errors:
        raise RuntimeError(f"{endpoint}: {errors} requests did not answer 200")
    print(
        f"{map_name:>12} {endpoint:<12} {size:>9} B  api {result.api_rps:7.0f} req/s "
        f"p99 {result.api_p99 * 1000:6.1f} ms | bare {result.bare_rps:7.0f} req/s "
        f"p99 {result.bare_p99 * 1000:6.1f} ms | ratio {result.rps_ratio:.2f} "
        f"p99× {result.p99_ratio:.2f}",
        flush=True,
    )
    return result


def sequential(port: int, paths: list[str]) -> Run:
    """Each path once, one request at a time (every answer computed)."""
    return load(port, paths, len(paths), 1, limit=300)


def q(path: str, **params: object) -> str:
    return path + "?" + urllib.parse.urlencode(params)


def node_ids(data: Path, n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """Some node ids and names of the map (read with the kartan loader)."""
    from kartan.load import load_map

    m = load_map(data)
    rng = random.Random(seed)
    ids = sorted(m.nodes)
    picked = rng.sample(ids, min(n, len(ids)))
    return picked, [m.nodes[i].name for i in picked]


def distinct_queries(names: list[str], n: int, seed: int = 2) -> list[str]:
    """``n`` different search strings: names, words of names, prefixes and typos."""
    rng = random.Random(seed)
    out: set[str] = set()
    words = [w for name in names for w in name.split() if len(w) > 3]
    while len(out) < n:
        choice = rng.random()
        w = rng.choice(words)
        if choice < 0.3:
            out.add(rng.choice(names))
        elif choice < 0.5:
            out.add(w[: rng.randint(3, len(w))])
        elif choice < 0.7 and len(w) > 4:
            i = rng.randrange(1, len(w) - 1)
            out.add(w[:i] + w[i + 1 :])
        else:
            out.add(f"{w} {rng.choice(SEARCH_WORDS)}")
    return sorted(out)


def bench_map(data: Path, map_name: str, quick: bool) -> tuple[list[Result], dict[str, Run]]:
    proc, port = start_server(data)
    try:
        ids, names = node_ids(data, 200)
        total = 1000 if quick else 3000
        rounds = 3 if quick else 7
        results = [
            compare(port, map_name, "node detail", [f"/api/nodes/{i}" for i in ids], total, rounds),
            compare(
                port,
                map_name,
                "search",
                [q("/api/search", q=w) for w in SEARCH_WORDS + names[:30]],
                total,
                rounds,
            ),
            compare(
                port, map_name, "guide", [q("/api/guide", q=x) for x in QUESTIONS], total, rounds
            ),
        ]
        big = len(names) > 1000 or body_size(port, "/api/graph") > 1_000_000
        graph_total = (60 if quick else 200) if big else total
        results.append(compare(port, map_name, "graph", ["/api/graph"], graph_total, rounds))
        seq: dict[str, Run] = {}
        queries = distinct_queries(names, 60 if quick else 200)
        seq["search"] = sequential(port, [q("/api/search", q=x) for x in queries])
        questions = [f"{x} {w}" for x in QUESTIONS for w in SEARCH_WORDS]
        seq["guide"] = sequential(
            port, [q("/api/guide", q=x) for x in questions[: 60 if quick else 160]]
        )
        for name, run in seq.items():
            print(
                f"{map_name:>12} {name:<12} one at a time, uncached: {run.one_at_a_time()}",
                flush=True,
            )
        return results, seq
    finally:
        stop_process(proc, timeout=30)


def report(all_results: list[Result], seqs: dict[str, dict[str, Run]]) -> str:
    rounds = len(all_results[0].api_runs) if all_results else 0
    lines = [
        "## REST API (`benchmarks/bench_api.py`)",
        "",
        against_bare(rounds, CONNECTIONS, "each endpoint", "its") + ".",
        "",
        "| map | endpoint | body | API req/s | bare req/s | ratio (≥ 0.7) | "
        "API p99 | bare p99 | p99 ratio (≤ 1.5) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in all_results:
        lines.append(
            f"| {r.map_name} | {r.endpoint} | {r.size:,} B | {r.api_rps:,.0f} | "
            f"{r.bare_rps:,.0f} | **{r.rps_ratio:.2f}** | {r.api_p99 * 1000:.1f} ms | "
            f"{r.bare_p99 * 1000:.1f} ms | **{r.p99_ratio:.2f}** |"
        )
    lines += [
        "",
        "One request at a time, each query asked once (computed, not cached):",
        "",
        "| map | endpoint | requests | p50 | p95 (≤ 10 ms on 10k) |",
        "|---|---|---|---|---|",
    ]
    for map_name, seq in seqs.items():
        for name, run in seq.items():
            lines.append(
                f"| {map_name} | {name} | {len(run.latencies)} | {run.pct(0.5) * 1000:.2f} ms | "
                f"**{run.pct(0.95) * 1000:.2f} ms** |"
            )
    return "\n".join(lines)


def targets_met(results: list[Result], seqs: dict[str, dict[str, Run]]) -> list[str]:
    missed = [
        f"{r.map_name} {r.endpoint}: ratio {r.rps_ratio:.2f}, p99× {r.p99_ratio:.2f}"
        for r in results
        if r.rps_ratio < 0.7 or r.p99_ratio > 1.5
    ]
    for map_name, seq in seqs.items():
        if "10" in map_name:
            missed += [
                f"{map_name} {name} p95 {run.pct(0.95) * 1000:.1f} ms"
                for name, run in seq.items()
                if run.pct(0.95) > 0.010
            ]
    return missed


def iter_maps(quick: bool, tmp: Path) -> Iterator[tuple[Path, str]]:
    if REAL_MAP.exists():
        yield REAL_MAP, "real map"
    n = 10_000
    path = synth.write(tmp / f"synth-{n}.yaml", n)
    yield path, f"synthetic {n // 1000}k"


def main() -> None:
    parser = bench_arguments(__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests and rounds")
    args = parser.parse_args()
    results: list[Result] = []
    seqs: dict[str, dict[str, Run]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for data, name in iter_maps(args.quick, Path(tmp)):
            found, seq = bench_map(data, name, args.quick)
            results += found
            seqs[name] = seq
    text = report(results, seqs)
    missed = targets_met(results, seqs)
    text += "\n\n" + (
        "Targets met." if not missed else "Targets missed: " + "; ".join(missed) + "."
    )
    print(text)
    if args.write:
        write_section("api", text)


if __name__ == "__main__":
    main()
