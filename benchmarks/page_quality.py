"""Page quality of the site's pages: axe-core, the W3C Nu checker and Lighthouse.

    python -m benchmarks.page_quality --url http://127.0.0.1:8000 \
        [--vnu PATH/vnu.jar] [--lighthouse PATH/node_modules/.bin/lighthouse] [--out DIR]

Against a running service (``kartan serve``), for every page in :data:`PAGES`:

* **axe**: axe-core (``axe-playwright-python``) in Debian's headless Chromium, on the page
  as it loads and again with every ``<details>`` fold open; counts of serious and
  critical violations.
* **Nu** (``--vnu``): the page's HTML as served, saved to ``DIR`` and checked with
  ``java -jar vnu.jar --errors-only`` (npm's ``vnu-jar``); the number of errors.
* **Lighthouse** (``--lighthouse``): ``--preset=desktop``, the four categories
  (performance, accessibility, best practices, SEO), with ``CHROME_PATH`` set to Debian's
  chromium.

Prints a Markdown table (the one in ``docs/quality.md``).  Needs the network only to
reach the service on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.serving import launch_chromium

PAGES: dict[str, str] = {
    "start": "/",
    "map": "/karta",
    "body (sv)": "/noder/samverkansradet",
    "body (en)": "/noder/samverkansradet?lang=en",
    "directory": "/noder",
    "guide, answered": "/guide?q=Vi+%C3%A4r+en+idrottsf%C3%B6rening+som+vill+jobba+med+klimatet",
    "needs": "/behov",
    "matters": "/arenden",
    "changes": "/andringar",
    "analysis": "/analys",
    "docs": "/docs",
    "tip form": "/tipsa",
    "404": "/noder/finns-inte",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
OPEN_FOLDS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking"


@dataclass
class Result:
    name: str
    path: str
    axe: int = -1  # serious + critical violations, page as loaded and with folds open
    axe_ids: list[str] = field(default_factory=list)
    nu: int | None = None
    lighthouse: dict[str, float | None] = field(default_factory=dict)


def axe_counts(url: str, results: list[Result]) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(180_000)
        for r in results:
            page.goto(url + r.path)
            bad: list[str] = []
            for opened in (False, True):
                if opened:
                    page.evaluate(OPEN_FOLDS)
                found = Axe().run(page).response["violations"]
                bad += [v["id"] for v in found if v["impact"] in ("serious", "critical")]
            r.axe, r.axe_ids = len(bad), sorted(set(bad))
        browser.close()


def nu_errors(url: str, vnu: Path, out: Path, results: list[Result]) -> None:
    files = []
    for i, r in enumerate(results):
        target = out / f"page-{i:02d}.html"
        try:
            with urllib.request.urlopen(url + r.path, timeout=300) as resp:
                body = resp.read()
        except urllib.error.HTTPError as err:  # the 404 page is a page too
            body = err.read()
        target.write_bytes(body)
        files.append(target)
    for r, f in zip(results, files, strict=True):
        run = subprocess.run(
            ["java", "-jar", str(vnu), "--errors-only", "--format", "json", str(f)],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
        r.nu = sum(1 for m in messages if m.get("type") == "error")


def lighthouse_scores(url: str, lighthouse: Path, out: Path, results: list[Result]) -> None:
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "chromium"}
    for i, r in enumerate(results):
        report = out / f"lighthouse-{i:02d}.json"
        subprocess.run(
            [
                str(lighthouse),
                url + r.path,
                "--preset=desktop",
                "--ignore-status-code",  # the 404 page is audited too (a warning, not a stop)
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--only-categories=" + ",".join(CATEGORIES),
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env=env,
            capture_output=True,
            check=False,
        )
        if report.exists():
            cats: dict[str, Any] = json.loads(report.read_text())["categories"]
            r.lighthouse = {c: cats[c]["score"] for c in CATEGORIES if c in cats}


def table(results: list[Result]) -> str:
    head = "| page | path | axe serious | Nu errors | " + " | ".join(CATEGORIES) + " |"
    lines = [head, "|" + " --- |" * (4 + len(CATEGORIES))]
    for r in results:
        lh = ["–" if r.lighthouse.get(c) is None else f"{r.lighthouse[c]:.2f}" for c in CATEGORIES]
        nu = "–" if r.nu is None else str(r.nu)
        axe = str(r.axe) + (f" ({', '.join(r.axe_ids)})" if r.axe_ids else "")
        lines.append(f"| {r.name} | `{r.path}` | {axe} | {nu} | " + " | ".join(lh) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--vnu", type=Path, help="vnu.jar (npm's vnu-jar: build/dist/vnu.jar)")
    ap.add_argument("--lighthouse", type=Path, help="the lighthouse command (npm)")
    ap.add_argument("--out", type=Path, help="where to keep the pages and reports")
    args = ap.parse_args(argv)
    url = args.url.rstrip("/")
    results = [Result(name, path) for name, path in PAGES.items()]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        axe_counts(url, results)
        if args.vnu:
            nu_errors(url, args.vnu, out, results)
        if args.lighthouse:
            lighthouse_scores(url, args.lighthouse, out, results)
    print(table(results))
    bad = any(
        r.axe or r.nu or any(s is not None and s < 1 for s in r.lighthouse.values())
        for r in results
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
