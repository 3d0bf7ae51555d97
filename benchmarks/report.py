"""Write a benchmark's figures into its own section of docs/benchmarks.md."""

from __future__ import annotations

import argparse
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The checkout the benchmarks run in."""
REAL_MAP = ROOT / "data" / "forums.yaml"
"""The real map, the data every benchmark measures (beside a synthetic one)."""
DOC = ROOT / "docs" / "benchmarks.md"


def machine() -> str:
    """A one-line description of the machine the figures come from."""
    import os

    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes ("?" where unknown)."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # pragma: no cover - not Linux
        return "?"


def against_bare(rounds: int, connections: int, measured: str, whose: str) -> str:
    """How ``bench_api`` and ``bench_guide_api`` measure, in the words their reports share:
    the app as ``kartan serve`` runs it, the load generator, the bare endpoint as the
    baseline of the same run, the rounds and the ratio.  ``measured`` names what is set
    against the bare endpoint, ``whose`` whose answers' median length its bytes have.

    >>> text = against_bare(3, 50, "the guide", "the guide's")
    >>> "; the guide against `/_bench/bare/{size}`" in text, "of the guide's answers" in text
    (True, True)
    """
    return (
        f"One uvicorn worker as `kartan serve` runs it; {connections} keep-alive connections "
        f"from an asyncio HTTP/1.1 client on loopback; {measured} against "
        "`/_bench/bare/{size}` of the same app (precomputed bytes of the median length of "
        f"{whose} answers, same middleware, no work) in the same run; {rounds} interleaved "
        "rounds, ratios taken per round (both runs back to back) and the median reported; "
        f"{machine()}"
    )


def write_section(name: str, markdown: str, doc: Path = DOC) -> None:
    """Replace (or append) the section between ``<!-- bench:name -->`` markers."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else (text.rstrip() + "\n\n" + block + "\n")
    )
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def bench_arguments(
    doc: str | None, *, nodes: int | None = None, rounds: int | None = None
) -> argparse.ArgumentParser:
    """The options every benchmark shares, written once.

    ``--write`` puts the figures into ``docs/benchmarks.md`` (without it a run only prints
    them; ``make bench`` writes all sections but those of ``bench_history`` and
    ``bench_render``, measured by hand on a quiet machine); ``--nodes`` and ``--rounds``
    are added with their defaults where the benchmark has them.

    >>> args = bench_arguments("demo", rounds=5).parse_args(["--write"])
    >>> (args.write, args.rounds)
    (True, 5)
    """
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0] if doc else None)
    parser.add_argument(
        "--write", action="store_true", help="write the figures into docs/benchmarks.md"
    )
    if nodes is not None:
        parser.add_argument(
            "--nodes", type=int, default=nodes, help=f"synthetic map size ({nodes})"
        )
    if rounds is not None:
        parser.add_argument("--rounds", type=int, default=rounds, help=f"rounds ({rounds})")
    return parser
