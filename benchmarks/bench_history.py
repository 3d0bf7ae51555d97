"""The maintainers' workflow: semantic diff, proposal check and the static site, each
against a baseline measured in the same run.

    python -m benchmarks.bench_history [--nodes 1000 10000] [--rounds 5] [--write]

* ``diff_maps`` of two versions of a synthetic map (100 nodes changed, memberships
  added and ended) against loading and validating the new version once (``load_text``):
  ``kartan diff`` does two loads and one diff, so a ratio well under 1 keeps the diff
  a small part of the command.
* A "Föreslå ändring" check (``apply_proposal``: apply, write canonically, validate the
  whole map, patch, diff) against the same single load: it cannot be cheaper than one
  load, and should stay within a small multiple of it.
* ``kartan build-site`` of a map against requesting the same URLs from the app without
  writing anything: the cost of rewriting links and writing files.

Rounds are interleaved (baseline, subject, baseline, ...) and ratios taken round by round.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import REAL_MAP, ROOT, bench_arguments, machine, write_section
from benchmarks.synth import write
from kartan.fmt import format_map
from kartan.history import diff_maps
from kartan.load import load_text
from kartan.model import MapFile, Member
from kartan.proposal import Proposal, apply_proposal


def changed_version(data: MapFile) -> MapFile:
    """A copy with 100 nodes (every n/100th) described anew, memberships ended and added."""
    new = data.model_copy(deep=True)
    step = max(1, len(new.nodes) // 100)
    ids = [n.id for n in new.nodes]
    for i, node in enumerate(new.nodes[::step]):
        node.description = f"Ny beskrivning {i}."
        if node.members:
            node.members[0].valid_until = dt.date(2024, 12, 31)
        node.members.append(
            Member.model_validate({"id": ids[(i * 7 + 3) % len(ids)], "sources": ["s1 §5"]})
        )
    return MapFile.model_validate(new.model_dump(by_alias=True))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleave(
    base: Callable[[], object], subject: Callable[[], object], rounds: int
) -> tuple[float, float, list[float]]:
    base(), subject()  # warm-up
    bs, ss, ratios = [], [], []
    for _ in range(rounds):
        b, s = timed(base), timed(subject)
        bs.append(b)
        ss.append(s)
        ratios.append(s / b)
    return statistics.median(bs), statistics.median(ss), ratios


def bench_map(nodes: int, rounds: int) -> list[str]:
    path = write(Path(tempfile.gettempdir()) / f"kartan-synth-{nodes}.yaml", nodes)
    old_text = path.read_text(encoding="utf-8")
    old = load_text(old_text, stale_days=None)
    assert old.map is not None
    new = changed_version(old.map.data)
    new_text = format_map(new)
    load = lambda: load_text(new_text, stale_days=None)  # noqa: E731
    diff = diff_maps(old.map.data, new)
    b, s, r = interleave(load, lambda: diff_maps(old.map.data, new), rounds)  # type: ignore[union-attr]
    rows = [
        f"| {nodes} nodes | `diff_maps` ({diff.summary()}) | {b * 1000:.0f} ms | "
        f"{s * 1000:.0f} ms | **{statistics.median(r):.2f}×** ({min(r):.2f}–{max(r):.2f}) |"
    ]
    body = old.map.data.nodes[len(old.map.data.nodes) // 2]
    proposal = Proposal(node=body.id, description="Föreslagen text.", sources=["s1 §5"])
    check = apply_proposal(old.map.data, proposal)
    assert check.valid, check.messages()[:3]
    b, s, r = interleave(load, lambda: apply_proposal(old.map.data, proposal), rounds)  # type: ignore[union-attr]
    rows.append(
        f"| {nodes} nodes | `apply_proposal` (new description) | {b * 1000:.0f} ms | "
        f"{s * 1000:.0f} ms | **{statistics.median(r):.2f}×** ({min(r):.2f}–{max(r):.2f}) |"
    )
    return rows


def bench_site(data: Path, rounds: int) -> str:
    """build_site against GETting the same URLs from the app (no rewriting, no writing)."""
    from api import site

    out = Path(tempfile.mkdtemp()) / "site"
    report = site.build_site(data, out)
    urls: list[str] = []

    def render_only() -> None:
        from fastapi.testclient import TestClient

        from api.app import create_app
        from api.settings import Settings

        app = create_app(Settings(data=data, watch_interval=0))
        with TestClient(app) as client:
            crawler = site.Crawler(lambda u: client.get(u, follow_redirects=False))
            for u in site.SEED_PAGES:
                crawler.add(u)
            m = app.state.store.snapshot.map
            for node_id in m.nodes:
                crawler.add(f"/noder/{node_id}")
            for u in site._api_urls(m) + site.guide_urls(m):
                crawler.add(u)
            crawler.run()
            urls[:] = list(crawler.fetched)

    b, s, r = interleave(render_only, lambda: site.build_site(data, out), rounds)
    return (
        f"| `{data.relative_to(ROOT)}`: {report.pages} pages, {report.json} JSON answers, "
        f"{report.bytes / 1e6:.1f} MB | {b:.2f} s | {s:.2f} s | "
        f"**{statistics.median(r):.2f}×** ({min(r):.2f}–{max(r):.2f}) |"
    )


def main() -> None:
    parser = bench_arguments(__doc__, rounds=5)
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--site-rounds", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows: list[str] = []
    for n in args.nodes:
        rows += bench_map(n, args.rounds)
    table = (
        "| map | subject | baseline: load + validate (median) | subject (median) "
        "| ratio (median, min–max) |\n|---|---|---|---|---|\n" + "\n".join(rows)
    )
    print(table)
    real = REAL_MAP
    data = real if real.exists() else ROOT / "tests" / "data" / "api_small.yaml"
    site_row = bench_site(data, args.site_rounds)
    site_table = (
        "| site | baseline: the same GETs, nothing written (median) | `build_site` (median) "
        "| ratio (median, min–max) |\n|---|---|---|---|\n" + site_row
    )
    print(site_table)
    if args.write:
        write_section(
            "history",
            "## History, proposals and the static site (`benchmarks/bench_history.py`)\n\n"
            f"Synthetic maps from `benchmarks/synth.py`; the new version changes 100 "
            f"nodes (description, one membership ended, one added). {args.rounds} interleaved "
            f"rounds after a warm-up; {machine()}.\n\n"
            f"{table}\n\n"
            "`kartan diff` costs two loads and one `diff_maps`; the diff is a small part of it. "
            "A proposal check is one canonical write and one full validation of the map, "
            "plus the patch and the diff, so it costs a small multiple of one load.\n\n"
            f"{site_table}\n\n"
            "Building the site is dominated by rendering the pages and answers in the app; "
            "rewriting links and writing the files is the rest.",
        )


if __name__ == "__main__":
    main()
