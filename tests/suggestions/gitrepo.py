"""A temporary git repository holding a copy of a data file (tests never commit to the
project's own repository)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.helpers import REAL_MAP


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "HOME": str(repo),
    }
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True, env=env)
    return proc.stdout.decode("utf-8").strip()


def make_repo(folder: Path, source: Path = REAL_MAP) -> Path:
    """A new repository in ``folder`` with ``data/forums.yaml`` committed on ``main``;
    returns the data file's path."""
    data = folder / "data" / "forums.yaml"
    data.parent.mkdir(parents=True)
    shutil.copyfile(source, data)
    (folder / ".gitignore").write_text("suggestions.sqlite3*\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Kartan")
    return data
