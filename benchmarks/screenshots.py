"""The screenshots of issue 15's "Done when", into ``docs/screenshots/``.

    python -m benchmarks.screenshots --url http://127.0.0.1:8000 [--out docs/screenshots]

Against a running service on the real map (``kartan serve``), in Debian's headless
Chromium:

* ``map-whole.png``: the whole map at 1440×900, as it opens;
* ``map-focus.png``: a click on Samverkansrådet's dot (focus on it and its neighbours);
* ``map-filtered.png``: the map filtered to one theme (Klimat);
* ``map-phone-details.png``: a phone (390×844) after a tap on Samverkansrådet: the
  details as a bottom sheet;
* ``body-top.png``: the top of Samverkansrådet's page (1366×900), the summary first;
* ``body-notes.png``: the same page after following a source note [n] (the notes list
  opened at the note).

Each PNG is kept under 400 KB (saved as a palette PNG when Pillow is there and the
file is larger).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks.serving import launch_chromium

BODY = "samverkansradet"
THEME = "klimat"
LIMIT = 400_000

CLICK_POINT = """(id) => { const n = window.kartanNetwork;
  const d = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.getElementById('map-canvas').getBoundingClientRect();
  return {x: r.left + d.x, y: r.top + d.y}; }"""


def _ready(page: Any) -> None:
    page.wait_for_function("() => window.kartanReady === true", timeout=120_000)
    page.wait_for_timeout(400)


def _small(path: Path) -> None:
    """Keep a PNG under :data:`LIMIT`: a 256-colour palette is plenty for these pictures."""
    if path.stat().st_size <= LIMIT:
        return
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as img:
        img.convert("RGB").quantize(colors=256).save(path, optimize=True)


def _click_body(page: Any, node: str, *, tap: bool = False) -> None:
    page.evaluate(f"window.kartanNetwork.focus({json.dumps(node)}, {{scale: 1.2}})")
    page.wait_for_timeout(300)
    point = page.evaluate(CLICK_POINT, node)
    if tap:
        page.touchscreen.tap(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])
        # off every dot and line, inside the canvas: vis-network closes its tooltip
        box = page.locator("#map-canvas").bounding_box()
        page.mouse.move(box["x"] + 4, box["y"] + box["height"] - 4, steps=4)
    page.wait_for_selector("#map-panel:not([hidden])")
    page.wait_for_timeout(900)


def take(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(page: Any, name: str) -> None:
        path = out / name
        page.screenshot(path=str(path))
        _small(path)
        shots.append(path)

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        desk = browser.new_context(viewport={"width": 1440, "height": 900})
        page = desk.new_page()
        page.set_default_timeout(120_000)
        page.goto(url + "/karta")
        _ready(page)
        shot(page, "map-whole.png")
        _click_body(page, BODY)
        shot(page, "map-focus.png")
        page.goto(url + "/karta")
        _ready(page)
        page.select_option("#map-theme", THEME)
        page.wait_for_timeout(1200)
        shot(page, "map-filtered.png")
        desk.close()

        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
        )
        page = phone.new_page()
        page.set_default_timeout(120_000)
        page.goto(url + "/karta")
        _ready(page)
        _click_body(page, BODY, tap=True)
        shot(page, "map-phone-details.png")
        phone.close()

        body = browser.new_context(viewport={"width": 1366, "height": 900})
        page = body.new_page()
        page.goto(url + f"/noder/{BODY}")
        shot(page, "body-top.png")
        page.locator("#h-about ~ p a.note-ref").first.click()
        page.wait_for_function("() => document.querySelector('details.notes-fold').open")
        page.wait_for_timeout(300)
        shot(page, "body-notes.png")
        body.close()
        browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = ap.parse_args(argv)
    for path in take(args.url.rstrip("/"), args.out):
        print(f"{path}  {path.stat().st_size // 1000} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
