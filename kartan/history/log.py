"""The change log of the data file: one entry a commit, with the diff against its parent."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kartan.history.diff import MapDiff, diff_maps
from kartan.history.git import (
    GitUnavailableError,
    HistoryError,
    Revision,
    parent_text,
    repo_root,
    revisions,
    run_git,
    show_file,
)
from kartan.model import MapFile
from kartan.texts import text as _t

EntryKind = Literal["commit", "working_tree", "current"]


@dataclass(frozen=True)
class ChangeEntry:
    """One entry of the change log: a commit of the data file and its diff to its parent.

    ``kind`` is ``commit``; ``working_tree`` for changes served but not yet committed;
    ``current`` when there is no git history (the version being served, without a diff).
    ``problems`` holds the validator's messages when that version of the file is invalid.
    When the version just before does not validate (under today's model), ``parent_invalid``
    is True and ``diff`` compares with ``base``, the newest earlier version that validates;
    with no such version ``base`` and ``diff`` are None (the change cannot be shown).
    """

    kind: EntryKind
    revision: Revision | None
    diff: MapDiff | None
    problems: tuple[str, ...] = ()
    message: str = ""
    parent_invalid: bool = False
    base: Revision | None = None

    def as_dict(self) -> dict[str, Any]:
        rev = self.revision
        return {
            "kind": self.kind,
            "revision": rev.rev if rev else None,
            "short": rev.short if rev else None,
            "date": rev.date.isoformat() if rev else None,
            "message": rev.message if rev else self.message,
            "summary": self.summary,
            "valid": not self.problems,
            "problems": list(self.problems),
            "parent_valid": not self.parent_invalid,
            "compared_with": self.base.rev if self.base else None,
            "diff": self.diff.as_dict() if self.diff is not None else None,
        }

    @property
    def summary(self) -> str:
        """The change in one Swedish line."""
        return self.summary_in("sv")

    def summary_in(self, lang: str) -> str:
        """The change in one line in ``lang``."""
        if self.problems:
            return _t("sum_invalid", lang)
        if self.parent_invalid and self.diff is None:
            return _t("sum_parent_invalid", lang)
        if self.diff is None:
            return _t("sum_no_history", lang)
        return self.diff.summary(lang)


@dataclass(frozen=True)
class ChangeLog:
    """A page of the change log, newest first, and whether git history was available."""

    total: int
    entries: tuple[ChangeEntry, ...]
    git: bool
    detail: str | None = None


CURRENT_ONLY = (
    "Ingen git-historik finns för datafilen här; bara den aktuella versionen visas "
    "(no git history here; only the current version is shown)."
)


@functools.lru_cache(maxsize=64)
def _parse(text: str, label: str = "data") -> tuple[MapFile | None, tuple[str, ...]]:
    """A version of the file as a model, or its errors (cached by content and label)."""
    from kartan.load import load_text

    result = load_text(text, label, stale_days=None, warnings=False)
    if result.map is None:
        return None, tuple(p.format() for p in result.errors[:10]) or ("ogiltig datafil",)
    return result.map.data, ()


def _label(revision: Revision) -> str:
    """The name a version of the file is parsed (and cached) under."""
    return f"{revision.short}:{revision.path}"


@functools.lru_cache(maxsize=64)
def _valid_at(root: str, revision: Revision) -> MapFile | None:
    """The map as ``revision`` holds it, or None when it is missing or does not validate
    (cached: a commit never changes, and the walk back over invalid versions runs again
    whenever the log is worked out anew)."""
    text = show_file(root, f"{revision.rev}:{revision.path}")
    return _parse(text, _label(revision))[0] if text is not None else None


@functools.lru_cache(maxsize=2048)
def _commit_entry(root: str, revision: Revision, older: Revision | None) -> ChangeEntry:
    """The entry of one commit (a commit never changes, so this is cached for good).

    When the parent does not validate, the entry has ``parent_invalid`` and no diff yet
    (:func:`_against_valid` finds what to compare with).
    """
    new_text = show_file(root, f"{revision.rev}:{revision.path}")
    old_text = parent_text(root, revision, older)
    new, problems = _parse(new_text, _label(revision)) if new_text is not None else (None, ())
    # The parent's text is usually the older entry's own: parsed under that entry's label
    # it is read once, not twice (the parse is cached by text and label).
    older_label = _label(older) if older is not None else "data"
    old, _ = _parse(old_text, older_label) if old_text is not None else (None, ())
    if problems:
        return ChangeEntry("commit", revision, None, problems)
    if old_text is not None and old is None:
        return ChangeEntry("commit", revision, None, parent_invalid=True)
    return ChangeEntry("commit", revision, diff_maps(old, new))


def _against_valid(root: str, entry: ChangeEntry, earlier: Sequence[Revision]) -> ChangeEntry:
    """``entry`` (whose parent does not validate) compared with the newest of ``earlier``
    that validates, rather than with nothing, which would report the whole file as created.
    Unchanged when none of them validates."""
    assert entry.revision is not None
    for base in earlier:
        base_map = _valid_at(root, base)
        if base_map is not None:
            diff = diff_maps(base_map, _valid_at(root, entry.revision))
            return ChangeEntry("commit", entry.revision, diff, parent_invalid=True, base=base)
    return entry


def head_commit(repo_dir: str | Path) -> str | None:
    """The commit checked out in ``repo_dir`` (None without git or commits)."""
    try:
        proc = run_git(repo_dir, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    except GitUnavailableError:
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("ascii").strip() or None


def change_log(
    data_path: str | Path,
    current: MapFile | None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> ChangeLog:
    """The history of the data file, newest first: each commit with its semantic diff.

    ``current`` is the map being served: when it differs from the last commit, the first
    entry is ``working_tree`` with that difference.  Without git, or outside a repository,
    the log holds one ``current`` entry and ``git`` is False.  Never raises for git
    failures.
    """
    path = Path(data_path)
    try:
        root = str(repo_root(path.parent))
        revs = revisions(path.parent, path.name)
    except HistoryError:
        entry = ChangeEntry("current", None, None, message="Aktuell version")
        return ChangeLog(1, (entry,) if offset == 0 else (), False, CURRENT_ONLY)
    entries: list[ChangeEntry] = []
    pending: list[ChangeEntry] = []
    if current is not None and revs:
        committed, _ = _parse(show_file(root, f"{revs[0].rev}:{revs[0].path}") or "")
        if committed is None or committed != current:
            diff = diff_maps(committed, current)
            if not diff.empty:
                message = "Ändringar som ännu inte är incheckade (not yet committed)"
                pending.append(ChangeEntry("working_tree", None, diff, message=message))
    if not revs:
        entry = ChangeEntry("current", None, None, message="Aktuell version (inte incheckad)")
        return ChangeLog(1, (entry,) if offset == 0 else (), True, CURRENT_ONLY)
    total = len(pending) + len(revs)
    window = range(offset, min(total, offset + limit))
    for i in window:
        if i < len(pending):
            entries.append(pending[i])
            continue
        j = i - len(pending)
        older = revs[j + 1] if j + 1 < len(revs) else None
        entry = _commit_entry(root, revs[j], older)
        if entry.parent_invalid:
            entry = _against_valid(root, entry, revs[j + 2 :])
        entries.append(entry)
    return ChangeLog(total, tuple(entries), True)
