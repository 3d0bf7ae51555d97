"""Bounded work under hostile input: an alias flood, and 1,000 distinct ``at=`` dates.

    python -m benchmarks.bench_hostile [--aliases 6700000] [--dates 1000] [--write]

1. A 20 MB file of 6.7 million aliases (``b: [*a,*a,…]``) is validated in a child
   process; its time and peak RSS are compared with validating the real map
   (``data/forums.yaml``) in the same run.  Targets: <= 5 s, <= 300 MB.
2. A real server (uvicorn) on the real map is asked ``/api/graph?at=…`` and
   ``/api/map?at=…`` for ``--dates`` distinct dates; its RSS growth is compared with the
   stated bound of the dated caches (``DATED_ANSWER_BYTES`` + ``DATED_MAPS`` dated maps).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.state import DATED_ANSWER_BYTES, DATED_ANSWERS, DATED_MAPS
from benchmarks.report import REAL_MAP, ROOT, bench_arguments, machine, write_section
from benchmarks.serving import answers, rss_mb, uvicorn_command, wait_until_ready

CHILD = """
import sys, time
from kartan.load import load_path
start = time.perf_counter()
r = load_path(sys.argv[1])
elapsed = time.perf_counter() - start
with open("/proc/self/status", encoding="ascii") as fh:
    peak = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
print(elapsed, int(peak) / 1024, len(r.problems))
"""


def validate_in_child(path: Path) -> tuple[float, float, int]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    elapsed, peak, problems = out.stdout.split()
    return float(elapsed), float(peak), int(problems)


def dates_growth(dates: int) -> tuple[float, float, float]:
    """RSS of the server before and after ``dates`` distinct dates, and the seconds taken."""
    port = 8129
    env = {**os.environ, "KARTAN_DATA": str(REAL_MAP), "KARTAN_WATCH_INTERVAL": "0"}
    proc = subprocess.Popen(uvicorn_command(port), cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(lambda: answers(url + "/healthz", timeout=2), timeout=180, interval=0.5)
        with httpx.Client(base_url=url, timeout=60) as c:
            c.get("/api/graph")
            c.get("/api/map")
            before = rss_mb(proc.pid)
            start = time.perf_counter()
            day = dt.date(2020, 1, 1)
            for i in range(dates):
                at = (day + dt.timedelta(days=i)).isoformat()
                c.get("/api/graph", params={"at": at})
                c.get("/api/map", params={"at": at})
            took = time.perf_counter() - start
            after = rss_mb(proc.pid)
        return before, after, took
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    parser = bench_arguments(__doc__)
    parser.add_argument("--aliases", type=int, default=6_700_000)
    parser.add_argument("--dates", type=int, default=1000)
    args = parser.parse_args()
    flood = Path(tempfile.gettempdir()) / "kartan-alias-flood.yaml"
    flood.write_text("a: &a x\nb: [" + ",".join(["*a"] * args.aliases) + "]\n", encoding="utf-8")
    size_mb = flood.stat().st_size / 1e6
    base_t, base_rss, _ = validate_in_child(REAL_MAP)
    flood_t, flood_rss, flood_problems = validate_in_child(flood)
    flood.unlink()
    verdict1 = "met" if flood_t <= 5 and flood_rss <= 300 else "MISSED"
    table1 = (
        "| file | validate time | peak RSS | problems kept |\n|---|---|---|---|\n"
        f"| real map (`data/forums.yaml`, baseline) | {base_t:.2f} s | {base_rss:.0f} MB | – |\n"
        f"| {args.aliases:,} aliases, {size_mb:.1f} MB | **{flood_t:.2f} s** "
        f"({flood_t / base_t:.2f}× the real map) | **{flood_rss:.0f} MB** | {flood_problems} |"
    )
    print(table1)
    before, after, took = dates_growth(args.dates)
    bound = DATED_ANSWER_BYTES / 1024 / 1024
    verdict2 = "met" if after - before <= bound + 50 else "MISSED"
    table2 = (
        "| dates asked | requests | RSS before | RSS after | growth | stated bound |\n"
        "|---|---|---|---|---|---|\n"
        f"| {args.dates} distinct `at=` | {2 * args.dates} (`/api/graph`, `/api/map`) "
        f"in {took:.0f} s | {before:.0f} MB | {after:.0f} MB | **{after - before:.0f} MB** "
        f"| {bound:.0f} MB of answers ({DATED_ANSWERS} at most) + {DATED_MAPS} dated maps |"
    )
    print(table2)
    print(f"targets: alias flood {verdict1}; dates {verdict2}")
    if args.write:
        write_section(
            "hostile",
            "## Hostile input (`benchmarks/bench_hostile.py`)\n\n"
            f"{machine()}; each validation in its own child process.\n\n"
            f"{table1}\n\nTarget: the alias flood rejected in ≤ 5 s and ≤ 300 MB — "
            f"{verdict1}.  (Before the fix: minutes and 2.6 GB in the server.)\n\n"
            f"{table2}\n\nTarget: growth within the stated bound of the dated caches "
            f"(plus 50 MB for the allocator) — {verdict2}.\n",
        )


if __name__ == "__main__":
    main()
