"""An accepted suggestion becomes a commit on ``forslag/{id}`` (and a pull request).

:func:`commit_change` applies a structured change (:class:`kartan.proposal.Proposal`)
to the data file *as committed at HEAD* of the data file's git repository, validates
the whole map, writes it in canonical form (:func:`kartan.fmt.format_map`), and makes
one commit on a new branch ``forslag/{id}`` whose parent is HEAD.  The commit is built
with git's plumbing (a temporary index, ``commit-tree``, ``update-ref`` that refuses
to move an existing branch): the working tree, the index and the checked-out branch
are never touched.  The message cites the suggestion.

Where a forge is configured (:class:`Forge`), the branch is pushed to the remote and a
pull request is opened through the forge's REST API (GitHub, Gitea and Forgejo share
``POST {api}/pulls``).  A failed push or pull request leaves the commit in place and is
reported, never hidden.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kartan.errors import KartanError
from kartan.fmt import format_map
from kartan.history import MapDiff, diff_maps
from kartan.history.git import spawn_git
from kartan.load import load_text
from kartan.proposal import Proposal, ProposalError, apply_proposal

GIT_TIMEOUT = 60
IDENTITY = "Samverkanskartan"


class CommitError(KartanError):
    """The change cannot be committed (a readable Swedish and English sentence)."""


class InvalidChangeError(CommitError):
    """The change does not give a valid map; ``messages`` are the validator's lines."""

    def __init__(self, message: str, messages: list[str] | None = None) -> None:
        super().__init__(message)
        self.messages = messages or []


class BranchExistsError(CommitError):
    """The branch ``forslag/{id}`` already exists (the suggestion was accepted before)."""


@dataclass(frozen=True)
class Forge:
    """Where pull requests are opened: the repository's API URL, a token and the remote."""

    api_url: str
    token: str
    remote: str = "origin"
    base: str | None = None


@dataclass(frozen=True)
class Committed:
    """The commit made for a suggestion, and the pull request when one was opened."""

    branch: str
    commit: str
    parent: str
    summary: str
    diff: MapDiff
    pull_request: str | None = None
    pull_request_error: str | None = None


def branch_name(suggestion_id: str) -> str:
    """The branch of an accepted suggestion.

    >>> branch_name("0123456789abcdef")
    'forslag/0123456789abcdef'
    """
    return f"forslag/{suggestion_id}"


def _git(
    repo: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    try:
        proc = spawn_git(repo, *args, data=data, env=env, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CommitError(f"git kan inte köras (git cannot run): {exc}") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise CommitError(f"git {args[0]}: {message}")
    return proc.stdout.decode("utf-8", "replace").strip()


def repository_of(data: Path) -> tuple[Path, str]:
    """The git repository holding the data file, and the file's path inside it."""
    folder = data.resolve().parent
    try:
        root = Path(_git(folder, "rev-parse", "--show-toplevel"))
    except CommitError as exc:
        raise CommitError(
            f"Datafilen ligger inte i ett git-arkiv (the data file is not in a git "
            f"repository): {exc}"
        ) from exc
    return root, data.resolve().relative_to(root.resolve()).as_posix()


def message_for(suggestion_id: str, created: dt.datetime, summary: str, applied: list[str]) -> str:
    """The commit message: what changes, and the suggestion it comes from.

    >>> print(message_for("0123456789abcdef", dt.datetime(2026, 11, 30, 9, 5),
    ...                   "1 nod ändrad", ["ny beskrivning"]))
    Förslag 0123456789abcdef: 1 nod ändrad
    <BLANKLINE>
    - ny beskrivning
    <BLANKLINE>
    Från förslaget 0123456789abcdef i förvaltarnas inkorg, inkommet 2026-11-30,
    granskat och godkänt av en förvaltare (from suggestion 0123456789abcdef).
    <BLANKLINE>
    Suggestion: 0123456789abcdef
    """
    lines = [f"Förslag {suggestion_id}: {summary}", ""]
    lines += [f"- {item}" for item in applied]
    lines += [
        "",
        f"Från förslaget {suggestion_id} i förvaltarnas inkorg, inkommet "
        f"{created.date().isoformat()},",
        f"granskat och godkänt av en förvaltare (from suggestion {suggestion_id}).",
        "",
        f"Suggestion: {suggestion_id}",
    ]
    return "\n".join(lines)


def commit_change(
    data: Path,
    proposal: Proposal,
    suggestion_id: str,
    *,
    created: dt.datetime,
    forge: Forge | None = None,
) -> Committed:
    """Commit ``proposal`` on ``forslag/{suggestion_id}``; see the module docstring."""
    repo, rel = repository_of(data)
    parent = _git(repo, "rev-parse", "--verify", "HEAD^{commit}")
    branch = branch_name(suggestion_id)
    ref = f"refs/heads/{branch}"
    if _exists(repo, ref):
        raise BranchExistsError(
            f"Grenen {branch} finns redan (the branch {branch} already exists)."
        )
    try:
        before_text = _git(repo, "show", f"{parent}:{rel}")
    except CommitError as exc:
        raise CommitError(
            f"{rel} finns inte i den senaste versionen (HEAD) i git (not in HEAD): {exc}"
        ) from exc
    before = load_text(before_text + "\n", rel, stale_days=None)
    if before.map is None:
        raise CommitError(
            f"{rel} i HEAD är ogiltig; rätta den först (the committed file is invalid)."
        )
    try:
        result = apply_proposal(before.map.data, proposal, filename=rel)
    except ProposalError as exc:
        raise InvalidChangeError(str(exc)) from exc
    if not result.valid:
        raise InvalidChangeError(
            "Ändringen ger en ogiltig karta (the change gives an invalid map).",
            result.messages(),
        )
    after = load_text(result.text, rel, stale_days=None)
    if after.map is None or after.errors or format_map(after.map.data) != result.text:
        raise InvalidChangeError("Ändringen kunde inte skrivas i kanonisk form (not canonical).")
    diff = diff_maps(before.map.data, after.map.data)
    summary = diff.summary() or result.summary
    commit = _write_commit(
        repo,
        rel,
        parent,
        result.text,
        message_for(suggestion_id, created, summary, result.applied),
    )
    _git(repo, "update-ref", ref, commit, "0" * 40)
    committed = Committed(branch, commit, parent, summary, diff)
    if forge is not None:
        committed = _pull_request(repo, forge, committed, suggestion_id)
    return committed


def _exists(repo: Path, ref: str) -> bool:
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", ref)
    except CommitError:
        return False
    return True


def _write_commit(repo: Path, rel: str, parent: str, text: str, message: str) -> str:
    blob = _git(repo, "hash-object", "-w", "--stdin", data=text.encode("utf-8"))
    mode = _git(repo, "ls-tree", parent, "--", rel).split(" ", 1)[0] or "100644"
    with tempfile.TemporaryDirectory(prefix="kartan-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, "read-tree", parent, env=env)
        _git(repo, "update-index", "--cacheinfo", f"{mode},{blob},{rel}", env=env)
        tree = _git(repo, "write-tree", env=env)
    identity = {
        "GIT_AUTHOR_NAME": IDENTITY,
        "GIT_AUTHOR_EMAIL": "",
        "GIT_COMMITTER_NAME": IDENTITY,
        "GIT_COMMITTER_EMAIL": "",
    }
    return _git(
        repo, "commit-tree", tree, "-p", parent, "-F", "-", data=message.encode(), env=identity
    )


def _base_branch(repo: Path, forge: Forge) -> str:
    if forge.base:
        return forge.base
    try:
        return _git(repo, "symbolic-ref", "--short", "HEAD")
    except CommitError:
        return "main"


def _pull_request(repo: Path, forge: Forge, done: Committed, suggestion_id: str) -> Committed:
    from dataclasses import replace

    try:
        _git(repo, "push", forge.remote, f"refs/heads/{done.branch}:refs/heads/{done.branch}")
    except CommitError as exc:
        return replace(done, pull_request_error=f"push: {exc}")
    payload = {
        "title": f"Förslag {suggestion_id}: {done.summary}",
        "head": done.branch,
        "base": _base_branch(repo, forge),
        "body": (
            f"Från förslaget {suggestion_id} i förvaltarnas inkorg; ändringen är "
            f"validerad och formaterad (from suggestion {suggestion_id}; validated).\n\n"
            f"{done.summary}"
        ),
    }
    request = urllib.request.Request(
        forge.api_url.rstrip("/") + "/pulls",
        data=json.dumps(payload).encode("utf-8"),
        headers={
            "Authorization": f"token {forge.token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": "kartan",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return replace(done, pull_request_error=f"pull request: {exc}")
    url = answer.get("html_url") or answer.get("url")
    return replace(done, pull_request=str(url) if url else None)
