"""``kartan diff``: the semantic diff between two revisions of the data file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kartan.history.diff import diff_maps
from kartan.history.git import (
    GitUnavailableError,
    HistoryError,
    UnknownRevisionError,
    file_at_revision,
)
from kartan.history.render import render_json, render_markdown, render_text
from kartan.model import MapFile
from kartan_cli.usage import EXIT_ERRORS, EXIT_OK, EXIT_USAGE

WORKING_TREE = "arbetskopian"


def _load_revision(text: str | None, label: str) -> tuple[MapFile | None, list[str]]:
    """Validate one version's text; (model, problem lines). ``None`` text: no file."""
    from kartan.load import load_text

    if text is None:
        return None, []
    result = load_text(text, label, stale_days=None)
    if result.map is None:
        return None, [p.format() for p in result.errors] or [f"{label}: ogiltig datafil"]
    return result.map.data, []


def _working_tree(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"{path}: kan inte läsas: {exc}") from exc


def cli_diff(args: argparse.Namespace) -> int:
    """``kartan diff REV1 [REV2] [--format text|markdown|json] [--file PATH]``.

    Exit 0 whether or not anything changed, 1 when a version of the file is invalid
    (its problems are printed), 2 for an unknown revision or no git repository.
    """
    path = Path(args.file)
    repo_dir = Path(getattr(args, "repo", None) or ".")
    fmt = getattr(args, "format", "text")
    texts: list[tuple[str, str | None]] = []
    try:
        for rev in (args.rev1, args.rev2):
            if rev is None:
                texts.append((WORKING_TREE, _working_tree(repo_dir / path)))
            else:
                texts.append((rev, file_at_revision(repo_dir, rev, path)))
    except UnknownRevisionError as exc:
        print(
            f"kartan diff: okänd revision '{exc.rev}': ange en commit, gren eller tagg som "
            f"finns (git log --oneline) / unknown revision",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except GitUnavailableError as exc:
        print(f"kartan diff: {exc} (git is needed for diff)", file=sys.stderr)
        return EXIT_USAGE
    except HistoryError as exc:
        print(f"kartan diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    models: list[MapFile | None] = []
    failed = False
    for label, text in texts:
        model, problems = _load_revision(text, f"{label}:{path.as_posix()}")
        if problems:
            failed = True
            print(f"{label}: {path} har fel (has errors):", file=sys.stderr)
            for line in problems:
                print(line, file=sys.stderr)
        models.append(model)
    if failed:
        return EXIT_ERRORS
    (label1, _), (label2, _) = texts
    diff = diff_maps(models[0], models[1])
    title = f"Ändringar i {path.as_posix()}: {label1} → {label2}"
    if fmt == "json":
        print(render_json(diff, file=path.as_posix(), old=label1, new=label2))
    elif fmt == "markdown":
        print(render_markdown(diff, title=title), end="")
    else:
        print(render_text(diff, title=title))
    return EXIT_OK
