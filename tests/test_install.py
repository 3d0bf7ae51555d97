"""The wheel, installed in a fresh virtualenv, serves the whole site from anywhere.

Issue 16, point 4: ``pip install`` of the wheel must carry every module and asset (the
pages' templates and static files, the project's lexicons, the standalone template, the
database migrations) and declare every run-time dependency.  This test builds the wheel
from the working tree, installs it with its dependencies in a new virtualenv, and then,
from a folder outside the checkout and on the real data file passed by path:

* ``kartan validate`` passes;
* ``kartan serve`` answers 200 on every kind of page (found by following the links of
  the start page, in Swedish and English) and on every asset those pages load;
* the guide's answers to the evaluation questions (``tests/guide_personas.yaml``) are
  identical to the checkout's (a missing lexicon or a missing lemmatiser would change
  them);
* ``kartan build-site`` writes the static site.

Installing takes minutes when every package is fetched from the index, so the
dependencies are kept as wheels in ``<venv>/wheelhouse`` (``$KARTAN_WHEELHOUSE``): later
runs install from there without the index, and go back to the index only when the
wheelhouse lacks something (a new dependency).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import yaml

from api.app import create_app
from api.settings import Settings
from benchmarks.serving import answers, free_port, stop_process, wait_until_ready
from tests.helpers import PERSONAS, REAL_MAP, ROOT

pytestmark = pytest.mark.slow

LINK = re.compile(r'\s(?:href|src)="(/[^"/][^"]*|/)"')
IGNORED_DIRS = {".git", ".venv", "build", "dist", "site", "test-artifacts", "node_modules"}


def _source_files() -> list[Path]:
    """The working tree's files as git sees them (tracked and new, not ignored)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    files = [Path(p) for p in out.split("\0") if p]
    return [p for p in files if (ROOT / p).is_file() and not IGNORED_DIRS & set(p.parts)]


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=1800,
    )


@dataclass
class Installed:
    wheel: Path
    bin: Path
    elsewhere: Path
    data: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from the working tree and installed in a fresh virtualenv."""
    if not REAL_MAP.exists():
        pytest.skip("data/forums.yaml does not exist")
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    for rel in _source_files():
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    dist = base / "dist"
    built = _pip(Path(sys.executable), "wheel", "--no-deps", "-q", "-w", str(dist), str(src))
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("kartan-*.whl")

    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    house = Path(os.environ.get("KARTAN_WHEELHOUSE") or Path(sys.prefix) / "wheelhouse")
    house.mkdir(parents=True, exist_ok=True)
    offline = ("install", "-q", "--no-compile", "--no-index", "--find-links", str(house))
    done = _pip(python, *offline, str(wheel))
    if done.returncode != 0:  # first run, or a dependency the wheelhouse lacks
        fetched = _pip(python, "download", "-q", "-d", str(house), str(wheel))
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
        for own in house.glob("kartan-*.whl"):
            own.unlink()
        again = _pip(python, *offline, str(wheel))
        assert again.returncode == 0, again.stdout + again.stderr

    elsewhere = base / "elsewhere"
    (elsewhere / "kartan-data").mkdir(parents=True)
    data = elsewhere / "kartan-data" / "forums.yaml"  # no lexicon beside it: the packaged one
    shutil.copyfile(REAL_MAP, data)
    return Installed(wheel, env_dir / "bin", elsewhere, data)


def _run(inst: Installed, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{inst.bin}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(inst.bin / "kartan"), *args],
        cwd=inst.elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_wheel_carries_every_module_and_asset(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    wanted = set()
    for rel in _source_files():
        top, rest = rel.parts[0], "/".join(rel.parts[1:])
        if top in ("kartan", "api") and rel.suffix != ".pyc":
            wanted.add(rel.as_posix())
        elif top == "frontend":
            wanted.add(f"api/frontend/{rest}")
        elif top == "data" and re.fullmatch(r"lexicon(\.\w+)?\.yaml", rest):
            wanted.add(f"kartan/default_data/{rest}")
    missing = sorted(wanted - names)
    assert not missing, f"the wheel lacks {missing}"
    assert "kartan/default_data/lexicon.yaml" in names
    assert not [n for n in names if n.endswith("forums.yaml")], "the map is data, not code"


def test_the_installed_package_is_used(installed: Installed) -> None:
    """The virtualenv imports the installed copy, not the checkout."""
    code = (
        "import api.assets, kartan.lexicon;"
        "print(api.assets.FRONTEND); print(kartan.lexicon.packaged_lexicon_path())"
    )
    out = subprocess.run(
        [str(installed.bin / "python"), "-c", code],
        cwd=installed.elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(ROOT) not in line for line in out), out
    assert out[0].endswith("api/frontend") and out[1].endswith("default_data/lexicon.yaml")


def test_validate_from_anywhere(installed: Installed) -> None:
    done = _run(installed, "validate", str(installed.data), "--errors-only")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def served(installed: Installed) -> Iterator[str]:
    """``kartan serve`` of the installed package, started outside the checkout."""
    port = free_port()
    log = installed.elsewhere / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARTAN_")}
    env.pop("PYTHONPATH", None)
    cmd = [
        str(installed.bin / "kartan"), "serve", "--data", str(installed.data),
        "--port", str(port), "--watch-interval", "0", "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=installed.elsewhere,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_ready(lambda: answers(url + "/healthz"), proc, timeout=120, interval=0.2)
        except RuntimeError as exc:
            raise AssertionError(f"{exc}\n{log.read_text(errors='replace')}") from None
        yield url
    finally:
        stop_process(proc)


def _page_kind(path: str) -> str:
    """One page of each kind: ``/noder/x`` and ``/noder/y`` are the same kind."""
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join(parts[:1] + ["*" for _ in parts[1:]])


def test_every_kind_of_page_and_asset_answers(served: str) -> None:
    with httpx.Client(base_url=served, timeout=60, follow_redirects=True) as client:
        pages: dict[str, str] = {}
        assets: set[str] = set()
        queue = ["/", "/?lang=en", "/guide?q=idrott", "/guide?q=sports&lang=en"]
        seen: set[tuple[str, str]] = set()
        while queue:
            url = queue.pop(0)
            parts = urlsplit(url)
            lang = "en" if "lang=en" in parts.query else "sv"
            key = (_page_kind(parts.path), lang)
            if key in seen:
                continue
            seen.add(key)
            r = client.get(url)
            assert r.status_code == 200, f"{url}: {r.status_code}"
            assert r.headers["content-type"].startswith("text/html"), url
            pages[url] = r.text
            for link in LINK.findall(r.text):
                link = html.unescape(link).split("#", 1)[0]
                path = urlsplit(link).path
                if path.startswith(("/static/", "/vendor/")):
                    assets.add(link)
                elif not path.startswith("/api") and path not in ("/healthz",):
                    queue.append(link if lang == "sv" or "lang=" in link else _en(link))
        kinds = {k for k, _ in seen}
        for kind in ("/", "/karta", "/noder", "/noder/*", "/guide", "/analys", "/om"):
            assert kind in kinds, f"no {kind} page reached from the start page: {sorted(kinds)}"
        assert {"/static/css/kartan.css", "/static/js/map.js"} <= {
            urlsplit(a).path for a in assets
        }, assets
        for asset in sorted(assets):
            r = client.get(asset)
            assert r.status_code == 200 and r.content, f"{asset}: {r.status_code}"


def _en(link: str) -> str:
    return link + ("&" if "?" in link else "?") + "lang=en"


def _questions() -> list[dict[str, str]]:
    raw = yaml.safe_load(PERSONAS.read_text(encoding="utf-8"))
    out = []
    for q in raw["questions"]:
        params = {"q": q["q"], "lang": q.get("lang", "sv")}
        if q.get("from"):
            params["from"] = q["from"]
        if q.get("audience"):
            params["audience"] = q["audience"]
        out.append(params)
    return out


def test_the_guide_answers_as_the_checkout_does(installed: Installed, served: str) -> None:
    """Same data, same questions: the installed guide and the checkout's agree exactly."""
    from fastapi.testclient import TestClient

    questions = _questions()
    assert len(questions) >= 20
    app = create_app(Settings(data=installed.data, watch_interval=0))
    with TestClient(app) as checkout, httpx.Client(base_url=served, timeout=60) as live:
        for params in questions:
            url = "/api/guide?" + urlencode(params)
            here, there = checkout.get(url), live.get(url)
            assert here.status_code == there.status_code, url
            assert here.json() == there.json(), f"answers differ for {params['q']!r}"
        # a non-empty answer at least once: the comparison is not of empty lists
        assert any(
            checkout.get("/api/guide?" + urlencode(p)).json().get("items") for p in questions
        )


def test_build_site_from_anywhere(installed: Installed) -> None:
    out = installed.elsewhere / "webbplats"
    done = _run(installed, "build-site", str(out), "--data", str(installed.data))
    assert done.returncode == 0, done.stdout + done.stderr
    nodes = yaml.safe_load(installed.data.read_text(encoding="utf-8"))["nodes"]
    assert (out / "index.html").is_file()
    assert (out / "static" / "css" / "kartan.css").is_file()
    assert (out / "api" / "graph.json").is_file()
    written = [n["id"] for n in nodes if (out / "noder" / n["id"] / "index.html").is_file()]
    assert len(written) == len(nodes)
    graph = json.loads((out / "api" / "graph.json").read_text(encoding="utf-8"))
    assert len(graph["nodes"]) == len(nodes)
