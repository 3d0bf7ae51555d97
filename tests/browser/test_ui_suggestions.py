"""The whole loop in Chromium: a visitor tells the map it is wrong; a maintainer signs
in, shapes the change, checks it and accepts it; the data repository (a temporary copy,
never the project's own) then holds one commit on ``forslag/{id}`` whose semantic diff is
exactly that change, and ``kartan validate`` passes on it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_util import Server, shoot

from kartan.history import diff_maps
from kartan.load import load_text
from kartan.proposal import Proposal, apply_proposal
from tests.helpers import REAL_MAP, ROOT

pytestmark = pytest.mark.browser

PASSWORD = "ett-langt-losenord-1"
CONTACT = "styrelsen@forening-a.example"


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "", "PATH": "/usr/bin:/bin", "HOME": str(repo)}  # fmt: skip
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, env=env, text=True
    ).stdout.strip()


def _map_at(repo: Path, rev: str) -> Any:
    result = load_text(git(repo, "show", f"{rev}:data/forums.yaml") + "\n", "f", stale_days=None)
    assert result.map is not None
    return result.map.data


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("suggestions-loop")
    data = folder / "data" / "forums.yaml"
    data.parent.mkdir()
    shutil.copyfile(REAL_MAP, data)
    (folder / ".gitignore").write_text("suggestions.sqlite3*\n")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Kartan")
    proc = subprocess.run(
        [sys.executable, "-m", "kartan_cli", "maintainers", "add", "forvaltare-a",
         "--data", str(data)],
        input=PASSWORD + "\n", cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return folder


def test_visitor_suggests_maintainer_accepts_branch_holds_the_change(
    repo: Path,
    serve: Callable[[Path], Server],
    make_page: Callable[..., tuple[Any, Any]],
) -> None:
    server = serve(repo / "data" / "forums.yaml")
    head = git(repo, "rev-parse", "HEAD")

    # a visitor, on the body's page, in their own words
    page, _ = make_page(server)
    page.goto(server.url + "/noder/samverkansradet")
    page.get_by_role("link", name="Föreslå ändring").first.click()
    form = page.locator("#tipsa form")
    form.get_by_label("Vad är fel eller saknas?").fill(
        "Samverkansrådet samverkar också med Örebro Föreningsråd, det sades på mötet."
    )
    form.get_by_label("Var fick du veta det?").fill("Minnesanteckningarna från mötet")
    form.get_by_label("Hur når vi dig").fill(CONTACT)
    form.get_by_label("Ni får spara min kontaktuppgift").check()
    form.get_by_role("button", name="Skicka tipset").click()
    page.wait_for_url(re.compile(r"/tipsa/[0-9a-f]{16}\?tack=1$"))
    assert "Tack! Tipset har kommit fram." in page.content()
    assert CONTACT not in page.content()
    sent = re.search(r"/tipsa/([0-9a-f]{16})", page.url)
    assert sent is not None, page.url
    sid = sent.group(1)
    shoot(page, "suggestion-sent")

    # a maintainer signs in and opens the tip (1), checks the change (2), accepts (3)
    mpage, _ = make_page(server)
    mpage.goto(server.url + "/forvaltning")
    assert "/forvaltning/logga-in" in mpage.url
    mpage.get_by_label("Användarnamn").fill("forvaltare-a")
    mpage.get_by_label("Lösenord").fill(PASSWORD)
    mpage.get_by_role("button", name="Logga in").click()
    mpage.wait_for_url(server.url + "/forvaltning")
    shoot(mpage, "suggestion-inbox")
    mpage.get_by_role("link", name=re.compile("samverkar också med")).click()
    mpage.wait_for_url(server.url + f"/forvaltning/forslag/{sid}")
    assert CONTACT in mpage.content()
    assert mpage.locator("#f-node").input_value() == "samverkansradet"
    mpage.select_option("#f-relation-type", "collaborates_with")
    mpage.fill("#f-relation-to", "orebro-foreningsrad")
    mpage.fill("#f-sources", "001 §5")
    mpage.get_by_role("button", name="Kontrollera ändringen").click()
    valid = mpage.locator(".proposal-valid")
    valid.wait_for()
    assert "Förslaget är giltigt." in valid.inner_text()
    assert "Örebro Föreningsråd" in valid.inner_text()
    shoot(mpage, "suggestion-checked")
    mpage.get_by_role("button", name=f"Godkänn: skapa en commit på grenen forslag/{sid}").click()
    mpage.wait_for_url(server.url + f"/forvaltning/forslag/{sid}")
    done = mpage.locator(".proposal-valid").inner_text()
    assert f"forslag/{sid}" in done and "forvaltare-a" in done
    shoot(mpage, "suggestion-accepted")

    # the repository: one commit on the branch, exactly that change, and it validates
    branch = f"forslag/{sid}"
    commits = git(repo, "rev-list", f"{head}..{branch}").split()
    assert len(commits) == 1 and git(repo, "rev-parse", f"{branch}^") == head
    assert git(repo, "status", "--porcelain") == "" and git(repo, "rev-parse", "HEAD") == head
    expected = apply_proposal(
        _map_at(repo, head),
        Proposal(
            node="samverkansradet",
            relation_type="collaborates_with",
            relation_to="orebro-foreningsrad",
            sources=["001 §5"],
        ),
    )
    actual = diff_maps(_map_at(repo, head), _map_at(repo, branch))
    assert expected.diff is not None
    assert actual.as_dict() == expected.diff.as_dict()
    (relation,) = actual.as_dict()["relations"]
    assert (relation["source"], relation["target"], relation["type"]) == (
        "samverkansradet",
        "orebro-foreningsrad",
        "collaborates_with",
    )
    checked = repo / "branch.yaml"
    checked.write_text(git(repo, "show", f"{branch}:data/forums.yaml") + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kartan_cli", "validate", str(checked), "--errors-only"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # the visitor's page shows the decision, never the contact
    page.goto(server.url + f"/tipsa/{sid}")
    assert "Godkänt" in page.content() and CONTACT not in page.content()


def _axe_problems(page: Any) -> list[Any]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_suggestion_pages_are_accessible(
    repo: Path,
    serve: Callable[[Path], Server],
    make_page: Callable[..., tuple[Any, Any]],
    lang: str,
) -> None:
    server = serve(repo / "data" / "forums.yaml")
    page, _ = make_page(server)
    for path in ("/tipsa", "/noder/samverkansradet", "/forvaltning/logga-in"):
        page.goto(f"{server.url}{path}?lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("h1").count() == 1
        assert _axe_problems(page) == [], path
    page.goto(f"{server.url}/tipsa?lang={lang}")
    page.locator("#tip-text").fill("Nätverket har bytt namn.")
    page.select_option("#tip-node", "samverkansradet")
    page.locator("form.tip-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tipsa/[0-9a-f]{16}\?tack=1$"))
    assert _axe_problems(page) == []
    sent = re.search(r"/tipsa/([0-9a-f]{16})", page.url)
    assert sent is not None, page.url
    sid = sent.group(1)
    page.goto(f"{server.url}/forvaltning/logga-in?lang={lang}")
    page.locator("#signin-name").fill("forvaltare-a")
    page.locator("#signin-password").fill(PASSWORD)
    page.locator("form.signin-form button").click()
    page.wait_for_url(server.url + "/forvaltning")
    assert _axe_problems(page) == []
    page.goto(f"{server.url}/forvaltning/forslag/{sid}")
    assert _axe_problems(page) == []
    shoot(page, f"suggestion-review-{lang}")


LIGHTHOUSE = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")


def _score(url: str, out: Path, cookie: str | None = None) -> dict[str, Any]:
    assert LIGHTHOUSE is not None
    cmd = [
        LIGHTHOUSE, url, "--preset=desktop", "--only-categories=best-practices,accessibility",
        "--output=json", f"--output-path={out}", "--quiet",
        "--chrome-flags=--headless --no-sandbox --disable-background-networking",
    ]  # fmt: skip
    if cookie:
        cmd.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or ""}
    subprocess.run(cmd, check=True, capture_output=True, timeout=300, env=env)
    report = json.loads(out.read_text())
    failed = [
        a
        for a, v in report["audits"].items()
        if v.get("scoreDisplayMode") == "binary" and v.get("score") == 0
    ]
    return {k: v["score"] for k, v in report["categories"].items()} | {"failed": failed}


@pytest.mark.skipif(LIGHTHOUSE is None, reason="npm's lighthouse is not installed")
def test_best_practices_stay_1(repo: Path, serve: Callable[[Path], Server], tmp_path: Path) -> None:
    """Lighthouse (npm, ``--preset=desktop``, Debian's Chromium) where it is installed:
    on the PATH or named by ``LIGHTHOUSE``; skipped otherwise."""
    server = serve(repo / "data" / "forums.yaml")
    with httpx.Client(base_url=server.url, follow_redirects=False) as c:
        r = c.post("/api/suggestions", json={"text": "Lighthouse-test."})
        sid = r.json()["id"]
        r = c.post("/api/login", json={"name": "forvaltare-a", "password": "ett-langt-losenord-1"})
        cookie = "kartan_session=" + c.cookies["kartan_session"]
    pages = ["/tipsa", "/noder/samverkansradet", "/forvaltning/logga-in", f"/tipsa/{sid}"]
    for path in [*pages, "/forvaltning", f"/forvaltning/forslag/{sid}"]:
        signed = (
            cookie if path.startswith("/forvaltning/forslag") or path == "/forvaltning" else None
        )
        name = re.sub(r"\W", "_", path)
        scores = _score(server.url + path, tmp_path / f"{name}.json", signed)
        assert scores["best-practices"] == 1, (path, scores)
        assert scores["accessibility"] == 1, (path, scores)
