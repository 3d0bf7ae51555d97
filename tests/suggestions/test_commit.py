"""An accepted change becomes one validated, formatted commit on ``forslag/{id}``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from gitrepo import git, make_repo

from kartan.history import diff_maps
from kartan.load import load_text
from kartan.proposal import Proposal, apply_proposal
from kartan.suggestions.commit import (
    BranchExistsError,
    CommitError,
    Forge,
    InvalidChangeError,
    commit_change,
)
from tests.helpers import REAL_MAP, ROOT, run_kartan

SID = "0123456789abcdef"
CREATED = dt.datetime(2026, 11, 30, 9, 0)


def _map_at(repo: Path, rev: str) -> Any:
    result = load_text(git(repo, "show", f"{rev}:data/forums.yaml") + "\n", "f", stale_days=None)
    assert result.map is not None
    return result.map.data


def _change() -> Proposal:
    return Proposal(
        node="samverkansradet",
        relation_type="collaborates_with",
        relation_to="orebro-foreningsrad",
        relation_label="samråder med",
        sources=["001 §5"],
    )


def test_one_commit_whose_semantic_diff_is_exactly_the_change(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    before_tree = data.read_bytes()
    expected = apply_proposal(_map_at(tmp_path, "HEAD"), _change())
    assert expected.valid, expected.messages()

    done = commit_change(data, _change(), SID, created=CREATED)

    assert done.branch == f"forslag/{SID}"
    assert git(tmp_path, "rev-parse", f"refs/heads/forslag/{SID}") == done.commit
    assert git(tmp_path, "rev-list", f"main..forslag/{SID}").split() == [done.commit]
    assert git(tmp_path, "rev-parse", f"{done.commit}^") == head == done.parent
    assert git(tmp_path, "diff", "--name-only", head, done.commit) == "data/forums.yaml"
    semantic = diff_maps(_map_at(tmp_path, head), _map_at(tmp_path, done.commit))
    assert expected.diff is not None
    assert semantic.as_dict() == expected.diff.as_dict() == done.diff.as_dict()
    (relation,) = semantic.as_dict()["relations"]  # exactly the one new relation
    assert (relation["change"], relation["source"], relation["target"]) == (
        "added",
        "samverkansradet",
        "orebro-foreningsrad",
    )
    assert sum(semantic.as_dict()["counts"].values()) == 1
    message = git(tmp_path, "log", "-1", "--format=%B", done.commit)
    assert message.startswith(f"Förslag {SID}: ") and f"Suggestion: {SID}" in message
    assert git(tmp_path, "log", "-1", "--format=%an", done.commit) == "Samverkanskartan"
    # the working tree, the index and the checked-out branch are untouched
    assert data.read_bytes() == before_tree
    assert git(tmp_path, "status", "--porcelain") == ""
    assert git(tmp_path, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(tmp_path, "rev-parse", "HEAD") == head
    # `kartan validate` and `kartan fmt --check` pass on the branch's file
    out = tmp_path / "branch.yaml"
    out.write_text(git(tmp_path, "show", f"{done.commit}:data/forums.yaml") + "\n")
    for cmd in (["validate", str(out), "--errors-only"], ["fmt", "--check", str(out)]):
        proc = run_kartan(*cmd, cwd=ROOT)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_branch_is_made_once(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    first = commit_change(data, _change(), SID, created=CREATED)
    with pytest.raises(BranchExistsError):
        commit_change(data, _change(), SID, created=CREATED)
    assert git(tmp_path, "rev-parse", f"forslag/{SID}") == first.commit


def test_an_invalid_change_commits_nothing(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    bad = Proposal(
        node="samverkansradet",
        relation_type="collaborates_with",
        relation_to="finns-inte",
        sources=["001 §5"],
    )
    with pytest.raises(InvalidChangeError) as caught:
        commit_change(data, bad, SID, created=CREATED)
    assert any("finns-inte" in m for m in caught.value.messages)
    with pytest.raises(InvalidChangeError, match="källa"):
        commit_change(
            data, Proposal(node="samverkansradet", description="Ny"), SID, created=CREATED
        )
    assert git(tmp_path, "branch", "--list", "forslag/*") == ""


def test_the_change_applies_to_head_not_to_uncommitted_edits(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    data.write_text(data.read_text().replace("Samverkansrådet", "Samverkansrådet X", 1))
    done = commit_change(data, _change(), SID, created=CREATED)
    assert "Samverkansrådet X" not in git(tmp_path, "show", f"{done.commit}:data/forums.yaml")


def test_outside_a_git_repository(tmp_path: Path) -> None:
    data = tmp_path / "forums.yaml"
    data.write_text(REAL_MAP.read_text())
    with pytest.raises(CommitError, match="git"):
        commit_change(data, _change(), SID, created=CREATED)


class _Forge(BaseHTTPRequestHandler):
    calls: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Forge.calls.append(
            {"path": self.path, "auth": self.headers["Authorization"], "body": body}
        )
        answer = json.dumps({"html_url": "http://forge.invalid/o/r/pulls/7"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


def test_with_a_forge_the_branch_is_pushed_and_a_pull_request_opened(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    data = make_repo(repo)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    server = HTTPServer(("127.0.0.1", 0), _Forge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Forge.calls.clear()
    try:
        forge = Forge(f"http://127.0.0.1:{server.server_port}/api/v1/repos/o/r", "hemligt")
        done = commit_change(data, _change(), SID, created=CREATED, forge=forge)
    finally:
        server.shutdown()
    assert done.pull_request == "http://forge.invalid/o/r/pulls/7"
    assert done.pull_request_error is None
    assert git(remote, "rev-parse", f"refs/heads/forslag/{SID}") == done.commit
    (call,) = _Forge.calls
    assert call["path"] == "/api/v1/repos/o/r/pulls"
    assert call["auth"] == "token hemligt"
    assert call["body"]["head"] == f"forslag/{SID}" and call["body"]["base"] == "main"
    assert SID in call["body"]["title"]


def test_a_failed_pull_request_keeps_the_commit_and_says_why(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    forge = Forge("http://127.0.0.1:9/none", "hemligt", remote="finns-inte")
    done = commit_change(data, _change(), SID, created=CREATED, forge=forge)
    assert done.pull_request is None and "push" in (done.pull_request_error or "")
    assert git(tmp_path, "rev-parse", f"forslag/{SID}") == done.commit
