"""Git through its command line: revisions of the data file and its text at each."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kartan.errors import KartanError, UnavailableError

GIT_TIMEOUT = 30.0

# --------------------------------------------------------------------------- errors


class HistoryError(KartanError):
    """Base class of the errors of this module."""


class GitUnavailableError(HistoryError, UnavailableError):
    """git is not installed, or the folder is not inside a git repository."""


class UnknownRevisionError(HistoryError):
    """The revision does not name a commit of the repository."""

    def __init__(self, rev: str) -> None:
        self.rev = rev
        super().__init__(f"okänd revision '{rev}' (unknown revision)")


# --------------------------------------------------------------------------- git


@dataclass(frozen=True)
class Revision:
    """One commit that changed the data file: id, date, subject and the file's path then."""

    rev: str
    date: dt.datetime
    message: str
    path: str

    @property
    def short(self) -> str:
        return self.rev[:10]

    def as_dict(self) -> dict[str, Any]:
        return {
            "revision": self.rev,
            "short": self.short,
            "date": self.date.isoformat(),
            "message": self.message,
            "path": self.path,
        }


def spawn_git(
    repo_dir: str | Path,
    *args: str,
    data: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = GIT_TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C repo_dir ARGS`` in the C locale with no prompts and no pager, its
    output captured; ``env`` adds variables.  An OSError or SubprocessError (no git,
    a timeout) is the caller's to turn into its own error."""
    return subprocess.run(
        ["git", "-C", str(repo_dir), *args],
        input=data,
        capture_output=True,
        timeout=timeout,
        check=False,
        env={**_git_env(), **(env or {})},
    )


def run_git(
    repo_dir: str | Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo_dir``; raise :class:`GitUnavailableError` when git cannot run."""
    try:
        proc = spawn_git(repo_dir, *args)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitUnavailableError(f"git kan inte köras: {exc}") from exc
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message.lower():
            raise GitUnavailableError(f"inget git-arkiv: {repo_dir}")
        raise HistoryError(message or f"git {args[0]} misslyckades")
    return proc


def _git_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update({"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"})
    return env


def repo_root(repo_dir: str | Path) -> Path:
    """The top folder of the git repository holding ``repo_dir``."""
    proc = run_git(repo_dir, "rev-parse", "--show-toplevel")
    return Path(proc.stdout.decode("utf-8").strip())


def resolve(repo_dir: str | Path, rev: str) -> str:
    """The full commit id of ``rev``; :class:`UnknownRevisionError` when there is none."""
    if rev.startswith("-"):
        raise UnknownRevisionError(rev)
    proc = run_git(
        repo_dir,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if proc.returncode != 0:
        run_git(repo_dir, "rev-parse", "--git-dir")  # not a repository -> GitUnavailableError
        raise UnknownRevisionError(rev)
    return proc.stdout.decode("ascii").strip()


def show_file(repo_dir: str | Path, spec: str) -> str | None:
    proc = run_git(repo_dir, "cat-file", "blob", spec, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace")


def file_at_revision(repo_dir: str | Path, rev: str, path: str | Path) -> str | None:
    """The text of ``path`` (relative to ``repo_dir``) at ``rev``; ``None`` if absent there.

    Raises :class:`UnknownRevisionError` for a revision that names no commit.
    """
    commit = resolve(repo_dir, rev)
    rel = Path(path).as_posix()
    return show_file(
        repo_dir, f"{commit}:./{rel}" if not rel.startswith("/") else f"{commit}:{rel}"
    )


def revisions(
    repo_dir: str | Path, path: str | Path, *, limit: int | None = None, skip: int = 0
) -> list[Revision]:
    """The commits that changed ``path``, newest first (``git log --follow``).

    Each revision's ``path`` is the file's path from the repository's top at that commit
    (it may differ after a rename).
    """
    args = ["log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only", "-z"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    if skip:
        args.append(f"--skip={skip}")
    proc = run_git(repo_dir, *args, "--", str(path))
    out: list[Revision] = []
    for record in proc.stdout.decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, rest = record.partition("\x00")
        parts = head.split("\x1f")
        if len(parts) != 3:
            continue
        names = [n.strip("\n") for n in rest.split("\x00") if n.strip("\n")]
        when = dt.datetime.fromisoformat(parts[1])
        out.append(Revision(parts[0], when, parts[2], names[-1] if names else str(path)))
    return out


def parent_text(repo_dir: str | Path, revision: Revision, older: Revision | None) -> str | None:
    """The data file as it was just before ``revision`` (its first parent), if any."""
    proc = run_git(repo_dir, "rev-parse", "--verify", "--quiet", f"{revision.rev}^1", check=False)
    if proc.returncode != 0:
        return None  # a root commit
    parent = proc.stdout.decode("ascii").strip()
    text = show_file(repo_dir, f"{parent}:{revision.path}")
    if text is None and older is not None and older.path != revision.path:
        text = show_file(repo_dir, f"{parent}:{older.path}")
    return text
