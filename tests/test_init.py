"""``kartan init DIR --municipality NAMN``: a map for any municipality (issue 16, point 5).

The new repository validates, serves (a real ``kartan serve``) and builds at once; the
pages say the municipality's name from the data file and never Örebro; the guide reads
the lexicon beside the data; a non-empty folder is refused with nothing written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.serving import answers, free_port, stop_process, wait_until_ready
from kartan.facts import format_date
from kartan.guide import default_lexicon
from kartan.lexicon import load_lexicon_cached, packaged_lexicon_path
from kartan.load import load_map
from kartan.map import Map
from tests.helpers import LOCAL_TLS, REAL_MAP, ROOT, AppServer, run_kartan

NAME = "Ängby"
# Örebro's own bodies (its council, forums, networks, projects and organisations, by name
# and alias, from the project's data file): none of them belongs on another map's pages.
OREBRO_KINDS = {"council", "forum", "network", "working_group", "project", "steering_body"}


def oerebro_names() -> set[str]:
    real = load_map(REAL_MAP)
    names = {"Örebro"}
    for node in real.data.nodes:
        if node.kind.value in OREBRO_KINDS:
            names.update(x for x in (node.name, *node.aliases) if len(x) >= 4 and x[0].isupper())
    return names


def kartan(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_kartan(*args, cwd=cwd)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "angby-karta"
    done = kartan("init", str(target), "--municipality", NAME)
    assert done.returncode == 0, done.stderr
    assert f"kartan serve --data {target / 'data' / 'forums.yaml'}" in done.stdout
    return target


def test_init_writes_a_data_repository(repo: Path) -> None:
    for name in (
        "data/forums.yaml",
        "data/lexicon.yaml",
        "data/lexicon.en.yaml",
        "data/README.md",
        "README.md",
        "CONTRIBUTING.md",
        ".github/workflows/data.yml",
        ".pre-commit-config.yaml",
        "schema/forums.schema.json",
    ):
        assert (repo / name).is_file(), name
    lexicon = packaged_lexicon_path()
    assert (repo / "data" / "lexicon.yaml").read_bytes() == lexicon.read_bytes()
    m = load_map(repo / "data" / "forums.yaml")
    assert m.title == f"Samverkanskartan – {NAME}"
    assert m.data.map.municipality == NAME
    assert [n.name for n in m.data.nodes] == [NAME]
    assert m.owner == m.data.nodes[0].id
    workflow = (repo / ".github" / "workflows" / "data.yml").read_text(encoding="utf-8")
    assert "kartan validate data/forums.yaml --format github" in workflow
    assert "kartan fmt --check data/forums.yaml" in workflow
    for name in ("data/forums.yaml", "data/README.md", "README.md", "CONTRIBUTING.md"):
        text = (repo / name).read_text(encoding="utf-8")
        assert NAME in text and "Örebro" not in text, name


def test_the_new_map_validates_and_is_canonical(repo: Path) -> None:
    data = repo / "data" / "forums.yaml"
    done = kartan("validate", str(data), "--errors-only")
    assert done.returncode == 0, done.stdout
    assert "0 fel" in done.stdout
    assert kartan("fmt", "--check", str(data)).returncode == 0


def test_the_pre_commit_hook_checks_the_data(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert subprocess.run([str(hook)], cwd=repo, capture_output=True).returncode == 0
    data = repo / "data" / "forums.yaml"
    good = data.read_text(encoding="utf-8")
    try:
        data.write_text(good.replace("owner: angby", "owner: finns-inte"), encoding="utf-8")
        failed = subprocess.run([str(hook)], cwd=repo, capture_output=True, text=True)
        assert failed.returncode == 1
        assert "finns-inte" in failed.stdout
    finally:
        data.write_text(good, encoding="utf-8")


def test_the_guide_reads_the_lexicon_beside_the_data(repo: Path, tmp_path: Path) -> None:
    m = load_map(repo / "data" / "forums.yaml")
    assert m.lexicon_dir == (repo / "data").resolve()
    assert default_lexicon(m) is load_lexicon_cached(repo / "data" / "lexicon.yaml")
    assert m.at(m.loaded_at.date()).lexicon_dir == m.lexicon_dir
    alone = tmp_path / "forums.yaml"  # no lexicon beside it: the project's
    alone.write_bytes((repo / "data" / "forums.yaml").read_bytes())
    other = load_map(alone)
    assert other.lexicon_dir is None
    assert default_lexicon(other) is load_lexicon_cached(packaged_lexicon_path())


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = kartan("init", str(tmp_path), "--municipality", NAME)
    assert done.returncode == 2
    assert "är inte tom" in done.stderr and "not empty" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    blank = kartan("init", str(tmp_path / "ny"), "--municipality", "  ")
    assert blank.returncode == 2 and "municipality's name" in blank.stderr
    assert not (tmp_path / "ny").exists()


def test_the_new_map_builds_a_static_site(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = kartan("build-site", str(out), "--data", str(repo / "data" / "forums.yaml"))
    assert done.returncode == 0, done.stderr
    start = (out / "index.html").read_text(encoding="utf-8")
    assert f" i {NAME}" in start  # the tagline and the lead, from map.municipality
    assert "Örebro" not in start


@pytest.fixture(scope="module")
def served(repo: Path) -> Iterator[str]:
    """``kartan serve --data DIR/data/forums.yaml``, run from another folder."""
    port = free_port()
    data = repo / "data" / "forums.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kartan_cli", "serve", "--data", str(data), "--port", str(port)],
        cwd=repo.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_ready(
                lambda: answers(f"{base}/healthz", timeout=2), proc, timeout=60, interval=0.3
            )
        except RuntimeError:
            pytest.fail("kartan serve did not answer")
        yield base
    finally:
        stop_process(proc, timeout=20)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_new_map_serves_with_its_own_name(served: str, lang: str) -> None:
    start = httpx.get(f"{served}/?lang={lang}", timeout=30, verify=LOCAL_TLS)
    assert start.status_code == 200
    assert "Örebro" not in start.text
    place = " i Ängby" if lang == "sv" else " in Ängby"
    assert place in start.text  # the tagline and the lead, from map.municipality
    body = httpx.get(f"{served}/noder/angby?lang={lang}", timeout=30, verify=LOCAL_TLS)
    assert body.status_code == 200 and NAME in body.text
    foreign = oerebro_names()
    pages = ("/", "/karta", "/noder", "/guide?q=idrottsf%C3%B6rening", "/analys", "/om")
    for path in (*pages, "/behov", "/arenden", "/andringar", "/tipsa"):
        page = httpx.get(
            f"{served}{path}&lang={lang}" if "?" in path else f"{served}{path}?lang={lang}",
            timeout=30,
            verify=LOCAL_TLS,
        )
        assert page.status_code == 200, path
        assert [x for x in foreign if x in page.text] == [], path
    guide = httpx.get(
        f"{served}/api/guide", params={"q": "vart vänder vi oss?"}, timeout=30, verify=LOCAL_TLS
    )
    assert guide.status_code == 200
    assert (
        httpx.get(f"{served}/api/map", timeout=30, verify=LOCAL_TLS).json()["title"]
        == f"Samverkanskartan – {NAME}"
    )


@pytest.mark.parametrize(
    ("lang", "none"),
    [
        ("sv", "Kartan har inga teman ännu. Ställ en fråga ovan eller sök i kartan."),
        ("en", "The map has no themes yet. Ask a question above or search the map."),
    ],
)
def test_the_start_page_says_the_new_map_has_no_themes(
    repo: Path, app_factory: Callable[..., AppServer], lang: str, none: str
) -> None:
    """The theme card of a map with no themes says so (it was an empty list under its
    heading), in the page's language."""
    app = app_factory(repo / "data" / "forums.yaml", copy=False, KARTAN_WATCH_INTERVAL="0")
    start = app.get("/", params={"lang": lang})
    assert start.status_code == 200
    card = re.search(
        r'<section class="card" aria-labelledby="themes-h">(.*?)</section>', start.text, re.S
    )
    assert card is not None
    assert f'<p class="muted">{none}</p>' in card.group(1)
    assert "<ul" not in card.group(1)


@pytest.mark.parametrize(
    ("lang", "kept"), [("sv", "Kartan hålls aktuell av"), ("en", "The map is kept current by")]
)
def test_the_new_map_names_its_owner_without_the_real_maps_open_question(
    repo: Path, app_factory: Callable[..., AppServer], real_map: Map, lang: str, kept: str
) -> None:
    """Whether ownership is open comes from the data (``map.ownership_open``): the real
    map's sentence about its AU is not on a new map's footer or about page."""
    real = real_map.data.map
    app = app_factory(repo / "data" / "forums.yaml", copy=False, KARTAN_WATCH_INTERVAL="0")
    for path in ("/", "/om"):
        page = app.get(path, params={"lang": lang}).text
        assert f'{kept} <a href="/noder/angby"' in page, path
        for sentence in (real.ownership_open, real.ownership_open_en):
            assert sentence and sentence not in page, path
        assert "Tills vidare" not in page and "For the time being" not in page, path


@pytest.mark.parametrize(
    ("lang", "line", "item"),
    [
        ("sv", "1 organ eller organisation, 0 kopplingar, 0 möten", "1</strong> källdokument"),
        ("en", "1 body or organisation, 0 links, 0 meetings", "1</strong> source document<"),
    ],
)
def test_the_new_maps_counts_read_in_the_singular_for_one(
    repo: Path, app_factory: Callable[..., AppServer], lang: str, line: str, item: str
) -> None:
    """A new map has one body and one source: "1 body", not "1 bodies"."""
    app = app_factory(repo / "data" / "forums.yaml", copy=False, KARTAN_WATCH_INTERVAL="0")
    assert f'<p class="muted">{line}</p>' in app.get("/", params={"lang": lang}).text
    assert item in app.get("/om", params={"lang": lang}).text


def test_no_catalogue_text_cites_a_meeting_of_the_minutes(real_map: Map) -> None:
    """A UI text that names a meeting of the real map's sources is a fact of one map,
    which belongs in its data file (as ``map.ownership_open`` now holds the AU question)."""
    real = real_map
    catalogue = (ROOT / "kartan" / "catalogue.yaml").read_text(encoding="utf-8")
    dates = {s.date for s in real.data.sources if s.date is not None}
    assert dates
    cited = [
        written
        for d in sorted(dates)
        for written in (format_date(d, "sv"), format_date(d, "en"))
        if written in catalogue
    ]
    assert cited == []


def test_no_code_or_template_names_oerebro() -> None:
    """Title, owner, municipality and texts come from the data file (issue 16, point 5)."""
    named = []
    for package in ("kartan", "api", "kartan_cli", "frontend"):
        for path in sorted((ROOT / package).rglob("*")):
            if not path.is_file() or "vendor" in path.parts or path.suffix in (".png", ".pyc"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace").casefold()
            if "örebro" in text or "orebro" in text:
                named.append(str(path.relative_to(ROOT)))
    assert named == []
