"""Navigation to a drawn, still map: our map page against pyvis's default page.

    python -m benchmarks.bench_render [--sizes 500 2000] [--rounds 5] [--cap 120] [--write]

For the real map (``data/forums.yaml``), synthetic maps of each size and a large
synthetic map drawn gathered by region (``--clustered``, above
``kartan.layout.CLUSTER_MIN_NODES``; all from ``benchmarks/synth.py``), in the same run:

* **ours**: the app (``uvicorn api.app:create_app_from_env``, as ``kartan serve`` runs
  it) on a free port; a fresh browser context per round (nothing cached); the time from
  navigation start to the first picture of the map (``performance.mark("kartan-drawn")``
  set by ``map.js`` after vis-network's first ``afterDrawing``).  Physics is off, so the
  first picture is the still map.
* **pyvis default**: ``pyvis.network.Network(cdn_resources="in_line")`` with the same
  nodes and edges and pyvis's default options (physics on, no positions), served from a
  local HTTP server; external requests (its Bootstrap links) are aborted.  Measured from
  navigation start to vis-network's ``stabilized`` event (a still map), with
  ``stabilizationIterationsDone`` (when pyvis hides its progress bar) for reference.
  Capped at ``--cap`` seconds: "> cap" when it has not settled by then.

* **opening a region** (the clustered map only): from the click on the largest region's
  button to the first picture with its bodies drawn (``performance.mark
  ("kartan-region-open")`` after vis-network's next ``afterDrawing``), in the same pages.

The ratio ours / pyvis must be <= 1.0.  Headless Chromium (Debian's), 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import serving
from benchmarks.report import REAL_MAP, ROOT, bench_arguments, machine, write_section
from benchmarks.synth import write
from kartan.layout import CLUSTER_MIN_NODES
from kartan.load import load_map
from kartan.map import Map

# Catches pyvis's global `network` as it is assigned, and marks its events.
PYVIS_HOOK = """
(() => {
  let value;
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      if (v && v.once) {
        v.once("stabilizationIterationsDone", () => performance.mark("iter-done"));
        v.once("stabilized", () => performance.mark("stabilized"));
      }
    },
  });
})();
"""


@contextlib.contextmanager
def app_server(data: Path, app: str) -> Iterator[str]:
    """The app serving ``data`` in a subprocess, as ``kartan serve`` runs it."""
    port = serving.free_port()
    env = {**os.environ, "KARTAN_DATA": str(data.resolve())}
    proc = subprocess.Popen(serving.uvicorn_command(port, app=app, host=None), cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"

    def graph_served() -> bool:
        with urllib.request.urlopen(url + "/api/graph", timeout=60) as r:
            r.read()
        return True

    try:
        # a 10,000-node map's layout on a busy machine
        serving.wait_until_ready(graph_served, proc, timeout=900, interval=0.2, what="the app")
        yield url
    finally:
        serving.stop_process(proc, timeout=20)


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """A plain HTTP server for one directory, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def pyvis_page(m: Map, path: Path) -> None:
    """pyvis's default page for the map: same nodes and edges, default options."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for node in m.data.nodes:
        net.add_node(node.id, label=node.name, title=node.name)
    # Appending directly: add_edge is O(E) per call (see research/map_rendering.md).
    for e in m.edges:
        if e.source in m.nodes and e.target in m.nodes:
            net.edges.append({"from": e.source, "to": e.target, "arrows": "to"})
    path.write_text(net.generate_html(), encoding="utf-8")


@dataclass
class Browser:
    pw: Any
    browser: Any

    def page(self, origin: str) -> tuple[Any, Any]:
        ctx = self.browser.new_context(viewport={"width": 1280, "height": 860})
        ctx.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(origin) else route.abort()
            ),
        )
        return ctx, ctx.new_page()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        raise SystemExit("Debian's chromium is missing (apt-get install chromium)")
    with sync_playwright() as pw:
        b = serving.launch_chromium(pw)
        try:
            yield Browser(pw, b)
        finally:
            b.close()


# Opens the largest gathered region with its button; the click's time is marked first.
OPEN_LARGEST = """() => {
  const buttons = [...document.querySelectorAll('#map-clusters button[data-sector]')];
  const count = b => Number(b.getAttribute('data-count'));
  const largest = buttons.sort((a, b) => count(b) - count(a))[0];
  performance.mark('region-click');
  largest.click();
  return largest.getAttribute('data-sector');
}"""


def time_ours(b: Browser, url: str, open_region: bool = False) -> tuple[float, int, float | None]:
    """Seconds from navigation start to the drawn map, the number of nodes drawn, and
    (``open_region``) seconds from the click on the largest region to its bodies drawn."""
    ctx, page = b.page(url)
    try:
        page.goto(url + "/karta", wait_until="commit")
        page.wait_for_function("() => window.kartanReady === true", timeout=120_000, polling=20)
        ms = page.evaluate("performance.getEntriesByName('kartan-drawn')[0].startTime")
        drawn = page.evaluate("window.kartanNetwork.body.nodeIndices.length")
        opened = None
        if open_region:
            page.evaluate(OPEN_LARGEST)
            page.wait_for_function(
                "() => performance.getEntriesByName('kartan-region-open').length > 0",
                timeout=120_000,
                polling=20,
            )
            opened = (
                page.evaluate(
                    "performance.getEntriesByName('kartan-region-open')[0].startTime"
                    " - performance.getEntriesByName('region-click')[0].startTime"
                )
                / 1000
            )
        return ms / 1000, int(drawn), opened
    finally:
        ctx.close()


def time_pyvis(b: Browser, url: str, cap: float) -> tuple[float | None, float | None]:
    """Seconds to ``stabilized`` and to ``stabilizationIterationsDone`` (None past cap)."""
    ctx, page = b.page(url)
    page.add_init_script(PYVIS_HOOK)
    try:
        page.goto(url + "/pyvis.html", wait_until="commit")
        deadline = time.monotonic() + cap
        stabilized = iter_done = None
        while time.monotonic() < deadline:
            marks = page.evaluate(
                "Object.fromEntries(performance.getEntriesByType('mark')"
                ".map(m => [m.name, m.startTime]))"
            )
            iter_done = marks.get("iter-done")
            stabilized = marks.get("stabilized")
            if stabilized is not None:
                break
            time.sleep(0.25)

        def secs(ms: float | None) -> float | None:
            return None if ms is None or ms / 1000 > cap else ms / 1000

        return secs(stabilized), secs(iter_done)
    finally:
        ctx.close()


@dataclass
class Row:
    label: str
    nodes: int
    edges: int
    ours: list[float]
    drawn: int
    pyvis: float | None
    pyvis_iter: float | None
    opened: list[float] | None = None


def median_or_none(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def measure(b: Browser, label: str, data: Path, args: argparse.Namespace) -> Row:
    m = load_map(data)
    gathered = len(m.nodes) > CLUSTER_MIN_NODES
    with tempfile.TemporaryDirectory() as tmp:
        pyvis_page(m, Path(tmp) / "pyvis.html")
        with app_server(data, args.app) as url:
            time_ours(b, url)  # warm-up: server caches, Chromium's code cache
            ours: list[float] = []
            opened: list[float] = []
            drawn = 0
            for _ in range(args.rounds):
                seconds, drawn, open_s = time_ours(b, url, open_region=gathered)
                ours.append(seconds)
                if open_s is not None:
                    opened.append(open_s)
        with static_server(Path(tmp)) as url:
            stabilized, iter_done = time_pyvis(b, url, args.cap)
    row = Row(label, len(m.nodes), len(m.edges), ours, drawn, stabilized, iter_done, opened or None)
    extra = ""
    if opened:
        extra = f"; largest region opened in median {statistics.median(opened):.2f} s"
    print(
        f"{label}: {row.nodes} nodes, {row.edges} edges; ours median "
        f"{statistics.median(ours):.2f} s (min {min(ours):.2f}, max {max(ours):.2f}), "
        f"{drawn} drawn{extra}; pyvis stabilized {fmt(stabilized, args.cap)}, "
        f"iterations done {fmt(iter_done, args.cap)}",
        flush=True,
    )
    return row


def fmt(value: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if value is None else f"{value:.2f} s"


def ratio(row: Row, cap: float) -> str:
    ours = statistics.median(row.ours)
    if row.pyvis is None:
        return f"< {ours / cap:.3f}"
    return f"{ours / row.pyvis:.3f}"


def markdown(rows: list[Row], args: argparse.Namespace) -> str:
    lines = [
        "## Drawing the map (`benchmarks/bench_render.py`)",
        "",
        f"Navigation start to a drawn, still map in headless Chromium (Debian's), "
        f"{machine()}. Ours: `/karta` served by the app, fresh browser context per round, "
        f"median of {args.rounds} rounds after a warm-up, positions from `/api/graph`, "
        f'physics off. pyvis: `Network(cdn_resources="in_line")` with default options '
        f"for the same graph, one round, to vis-network's `stabilized` event (capped at "
        f"{args.cap:.0f} s); external requests blocked.",
        "",
        "| map | nodes | edges | ours (median, min–max) | pyvis `stabilized` | "
        "pyvis iterations done | ratio ours / pyvis |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        label = r.label + (f" (gathered: {r.drawn} regions)" if r.opened else "")
        lines.append(
            f"| {label} | {r.nodes} | {r.edges} | **{statistics.median(r.ours):.2f} s** "
            f"({min(r.ours):.2f}–{max(r.ours):.2f}) | {fmt(r.pyvis, args.cap)} | "
            f"{fmt(r.pyvis_iter, args.cap)} | **{ratio(r, args.cap)}** |"
        )
    for r in rows:
        if r.opened:
            lines += [
                "",
                f"{r.label}: opening its largest region (a click on its button to the first "
                f"picture with its bodies drawn), median of {len(r.opened)}: "
                f"**{statistics.median(r.opened):.2f} s** "
                f"({min(r.opened):.2f}–{max(r.opened):.2f}).",
            ]
    lines += [
        "",
        "Targets (issue 15 and DESIGN): the real map ≤ 0.6 s, 2,000 nodes ≤ 1.5 s, a "
        f"10,000-node map gathered by region ≤ 3 s (maps above {CLUSTER_MIN_NODES:,} nodes "
        "open gathered); ratio ≤ 1.0.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = bench_arguments(__doc__, rounds=5)
    p.add_argument("--sizes", type=int, nargs="*", default=[2000])
    p.add_argument(
        "--clustered",
        type=int,
        nargs="*",
        default=[10000],
        help=f"sizes above {CLUSTER_MIN_NODES} (drawn gathered by region)",
    )
    p.add_argument("--cap", type=float, default=120.0)
    p.add_argument("--app", default="api.app:create_app_from_env")
    p.add_argument("--real", type=Path, default=REAL_MAP)
    args = p.parse_args(argv)
    rows: list[Row] = []
    with chromium() as b, tempfile.TemporaryDirectory() as tmp:
        if args.real.exists():
            rows.append(measure(b, f"real map (`{args.real.name}`)", args.real, args))
        for n in [*args.sizes, *args.clustered]:
            path = Path(tmp) / f"synth-{n}.yaml"
            write(path, n)
            rows.append(measure(b, f"synthetic {n}", path, args))
    text = markdown(rows, args)
    print(text)
    if args.write:
        write_section("render", text)
    worst = max(
        statistics.median(r.ours) / (r.pyvis if r.pyvis is not None else args.cap) for r in rows
    )
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
