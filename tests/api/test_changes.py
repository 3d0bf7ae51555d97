"""``GET /api/changes`` and the page ``/andringar``.

Three situations: the data file copied to a folder without ``.git`` (the shared
in-process ``real_app``), a data file inside a git repository with a few commits
(history with diffs, pagination, uncommitted changes, a new commit; in-process, watching
the file), and a real server with no git on its ``PATH``.  None of them may answer 500.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kartan.fmt import format_map
from kartan.load import load_map, load_text
from tests.helpers import GIT_ENV, TEST_DATA, wait_for

SMALL = TEST_DATA / "valid_small.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, day: int = 1) -> None:
    stamp = f"2024-02-{day:02d}T10:00:00+01:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def canonical(text: str) -> str:
    result = load_text(text, stale_days=None)
    assert result.map is not None
    return format_map(result.map.data)


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with three commits of a small map: base, new node, name changed."""
    repo = tmp_path_factory.mktemp("changes-repo")
    (repo / "data").mkdir()
    data = repo / "data" / "forums.yaml"
    text = format_map(load_map(SMALL, stale_days=None).data)
    git(repo, "init", "-q", "-b", "main")
    data.write_text(text, encoding="utf-8")
    git(repo, "add", "data/forums.yaml")
    git(repo, "commit", "-q", "-m", "Första versionen", day=1)
    text = text.replace(
        "  - id: forvaltningen\n",
        "  - id: natverket\n    kind: network\n    name: Nätverket\n"
        '    sources: ["001 §5"]\n'
        '    relations:\n      - {type: collaborates_with, to: radet, sources: ["001 §5"]}\n'
        "\n  - id: forvaltningen\n",
    )
    data.write_text(canonical(text), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Nätverket läggs till", day=2)
    data.write_text(text.replace("name: AU", "name: Arbetsutskottet"), encoding="utf-8")
    data.write_text(canonical(data.read_text(encoding="utf-8")), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "AU heter Arbetsutskottet", day=3)
    return repo


@pytest.fixture(scope="module")
def history_server(app_factory: Callable[..., Any], history_repo: Path) -> Any:
    return app_factory(
        history_repo / "data" / "forums.yaml", copy=False, KARTAN_WATCH_INTERVAL="0.2"
    )


# --------------------------------------------------------------------------- without .git


def test_changes_without_git_directory(real_app: Any) -> None:
    assert not (real_app.data.parent / ".git").exists()
    r = real_app.get("/api/changes")
    assert r.status_code == 200, r.text
    body = r.json()
    version = real_app.get("/api/map").json()["version"]
    assert body["git"] is False
    assert body["total"] == 1
    assert body["version"] == version
    assert "git" in body["detail"]
    (item,) = body["items"]
    assert item["kind"] == "current"
    assert item["revision"] == version
    assert item["diff"] is None
    assert item["summary"] == "ingen historik tillgänglig"
    assert real_app.get("/api/changes?offset=1").json()["items"] == []


def test_changes_page_without_git(real_app: Any) -> None:
    r = real_app.get("/andringar")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Ändringar</h1>" in r.text
    assert "bara den aktuella versionen visas" in r.text
    # no history: no "1 ändring" count, and the card says "Aktuell version" once
    assert "1 ändring" not in r.text
    assert r.text.count("Aktuell version") == 1
    en = real_app.get("/andringar?lang=en")
    assert "only the current version is shown" in en.text


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=x", "offset=-1", "offset=abc", "limit=1e3"]
)
def test_changes_bad_parameters(real_app: Any, query: str) -> None:
    r = real_app.get(f"/api/changes?{query}")
    assert r.status_code == 422
    assert r.json()["detail"].startswith("Ogiltig parameter")


def test_changes_in_openapi(real_app: Any) -> None:
    spec = real_app.get("/api/openapi.json").json()
    assert "/api/changes" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/changes"]["get"]["parameters"]}
    assert {"limit", "offset"} <= params


# --------------------------------------------------------------------------- with git


def test_changes_with_history(history_server: Any) -> None:
    r = history_server.get("/api/changes")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["git"] is True and body["detail"] is None
    assert body["total"] == 3
    assert [i["message"] for i in body["items"]] == [
        "AU heter Arbetsutskottet",
        "Nätverket läggs till",
        "Första versionen",
    ]
    newest, middle, first = body["items"]
    assert newest["kind"] == "commit" and len(newest["revision"]) == 40
    assert newest["date"] == "2024-02-03T10:00:00+01:00"
    assert newest["summary"] == "1 nod ändrad"
    assert newest["diff"]["nodes"]["changed"] == [
        {
            "id": "au",
            "name": "Arbetsutskottet",
            "changes": [{"field": "name", "old": "AU", "new": "Arbetsutskottet"}],
        }
    ]
    assert middle["summary"] == "1 nod tillagd, 1 relation tillagd"
    assert middle["diff"]["relations"][0]["text"] == "Nätverket samverkar med Rådet"
    assert first["diff"]["file_added"] is True


def test_changes_pagination(history_server: Any) -> None:
    page = history_server.get("/api/changes?limit=1&offset=1").json()
    assert page["total"] == 3 and page["limit"] == 1 and page["offset"] == 1
    assert [i["message"] for i in page["items"]] == ["Nätverket läggs till"]
    assert history_server.get("/api/changes?limit=2&offset=3").json()["items"] == []


def test_changes_page_with_history(history_server: Any) -> None:
    r = history_server.get("/andringar")
    assert r.status_code == 200
    text = r.text
    assert text.index("AU heter Arbetsutskottet") < text.index("Nätverket läggs till")
    assert "Ändrade noder (1)" in text
    assert "namn (name): &#34;AU&#34; → &#34;Arbetsutskottet&#34;" in text
    assert '<time datetime="2024-02-03T10:00:00+01:00">2024-02-03</time>' in text
    assert "Nätverket samverkar med Rådet" in text


def test_a_page_beyond_the_last_says_so_and_links_to_the_last(history_server: Any) -> None:
    """3 revisions are one page: page 99 says there is no such page, links back to page 1
    and no "page 99 of 1" with a "newer" link to another empty page."""
    r = history_server.get("/andringar?sida=99")
    assert r.status_code == 200
    assert "Det finns ingen sida 99: historiken har 1 sida." in r.text
    assert 'href="/andringar?sida=1">Till sista sidan</a>' in r.text
    assert 'class="change-list"' not in r.text and 'class="pagination"' not in r.text
    en = history_server.get("/andringar?sida=99&lang=en").text
    assert "There is no page 99: the history has 1 page." in en
    assert history_server.get("/andringar?sida=²").status_code == 200  # a digit int() refuses
    first = history_server.get("/andringar?sida=1").text
    assert "Det finns ingen sida" not in first and 'class="change-list"' in first


def test_changes_follow_the_working_tree_and_new_commits(
    history_server: Any, history_repo: Path
) -> None:
    data = history_repo / "data" / "forums.yaml"
    committed = data.read_text(encoding="utf-8")
    try:
        data.write_text(committed.replace("name: Rådet", "name: Rådet för samverkan"), "utf-8")
        wait_for(lambda: history_server.get("/api/changes").json()["total"] == 4)
        first = history_server.get("/api/changes").json()["items"][0]
        assert first["kind"] == "working_tree"
        assert first["summary"] == "1 nod ändrad"
        assert first["revision"] == history_server.get("/api/map").json()["version"]

        git(history_repo, "commit", "-q", "-am", "Rådet byter namn", day=4)
        wait_for(lambda: history_server.get("/api/changes").json()["items"][0]["kind"] == "commit")
        body = history_server.get("/api/changes").json()
        assert body["total"] == 4
        assert body["items"][0]["message"] == "Rådet byter namn"

        # An invalid file is rejected by the server; the history still answers.
        data.write_text(committed.replace("via: forvaltningen", "via: x"), "utf-8")
        wait_for(lambda: history_server.get("/healthz").json()["status"] == "degraded")
        r = history_server.get("/api/changes")
        assert r.status_code == 200
        assert r.json()["items"][0]["message"] == "Rådet byter namn"
    finally:
        data.write_text(committed, encoding="utf-8")
        git(history_repo, "commit", "-q", "-am", "Tillbaka", day=5)
        wait_for(lambda: history_server.get("/healthz").json()["status"] == "ok")


def test_changes_without_git_installed(
    app_factory: Callable[..., Any],
    history_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server whose PATH has no git answers with the current version only."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # the app runs git from the process's PATH
    server = app_factory(
        history_repo / "data" / "forums.yaml", copy=False, KARTAN_WATCH_INTERVAL="0"
    )
    r = server.get("/api/changes")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["git"] is False
    assert [i["kind"] for i in body["items"]] == ["current"]
    assert server.get("/andringar").status_code == 200


def test_changes_not_cached_by_clients_forever(history_server: Any) -> None:
    with history_server.client() as client:
        r = client.get("/api/changes")
    assert r.status_code == 200
    assert "immutable" not in r.headers.get("cache-control", "")


def test_changes_after_an_invalid_version(
    app_factory: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A version after an invalid one is compared with the last valid one, and says so."""
    repo = tmp_path_factory.mktemp("changes-invalid")
    (repo / "data").mkdir()
    data = repo / "data" / "forums.yaml"
    text = format_map(load_map(SMALL, stale_days=None).data)
    git(repo, "init", "-q", "-b", "main")
    for day, (message, version) in enumerate(
        [
            ("Första versionen", text),
            ("Trasig", text.replace("via: forvaltningen", "via: x y")),
            ("Lagad", text.replace("name: AU", "name: Arbetsutskottet")),
        ],
        start=1,
    ):
        data.write_text(version, encoding="utf-8")
        git(repo, "add", "data/forums.yaml")
        git(repo, "commit", "-q", "-m", message, day=day)
    first = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD~2"], capture_output=True, text=True, check=True
    ).stdout.strip()
    client = app_factory(data, copy=False)
    fixed, broken, _ = client.get("/api/changes").json()["items"]
    assert (fixed["parent_valid"], fixed["compared_with"]) == (False, first)
    assert fixed["summary"] == "1 nod ändrad" and not fixed["diff"]["file_added"]
    assert (broken["valid"], broken["parent_valid"], broken["compared_with"]) == (False, True, None)
    page = client.get("/andringar").text
    # Only the first version reads as the file's creation.
    assert page.count("datafilen skapades") == 1
    assert (
        f"Versionen före var ogiltig, så ändringarna visas mot version {first[:10]} från "
        "2024-02-01, den senaste giltiga versionen före den."
    ) in page
    english = client.get("/andringar?lang=en").text
    assert f"the changes are shown against revision {first[:10]} of 2024-02-01" in english
