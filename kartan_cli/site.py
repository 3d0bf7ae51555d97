"""``kartan build-site OUT/``: the whole site as static files (see :mod:`api.site`).

This module only checks the data, calls the web app's crawler in :mod:`api.site` and
reports; it imports the web layer when the command runs, so the other commands start
without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kartan.load import load_path

MAX_PAGES = 20_000


def cli_build_site(args: argparse.Namespace) -> int:
    """Validate the data, render every page and API answer into ``args.out``.

    Exit 0 when the site was written, 1 when the data file has errors, 2 when the
    output folder cannot be used.
    """
    data = Path(args.data)
    out = Path(args.out)
    result = load_path(data, stale_days=None)
    if result.map is None:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print("build-site: rätta felen först (fix the errors first)", file=sys.stderr)
        return 2 if any(p.code == "file_missing" for p in result.problems) else 1
    from api import site

    try:
        pages = getattr(args, "max_pages", None) or MAX_PAGES
        report = site.build_site(data.resolve(), out, max_pages=pages)
    except site.SiteError as exc:
        print(f"build-site: {exc}", file=sys.stderr)
        return 2
    print(f"build-site: {report.summary()}")
    for skipped in report.skipped:
        print(f"build-site: hoppade över (skipped) {skipped}", file=sys.stderr)
    return 0
