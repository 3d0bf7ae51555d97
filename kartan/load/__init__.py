"""Load and validate the data file: YAML -> :class:`~kartan.map.Map`, with every problem.

Validation runs in three stages and collects every problem before it reports:

1. the YAML itself (syntax with the parser's position, one document, no anchors or
   aliases, no merge keys, no duplicate keys, a size limit);
2. each record against the pydantic schema (:mod:`kartan.model`);
3. checks across records (duplicate ids, dangling references, unknown sources,
   themes, audiences and places, ``until`` before ``from``, relations to oneself)
   and warnings (no contact, stale ``reviewed`` date, a node with no relations).

Every problem carries the file, line and column (1-based) it is about.

Examples
--------
>>> result = load_text("schema_version: 2\\n", "x.yaml")
>>> print(result.problems[0].format())
x.yaml:1:17: error: schema_version: okänd schema_version 2; den här versionen av kartan läser 1
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kartan.errors import KartanError
from kartan.lexicon import own_lexicon_dir
from kartan.load.checks import Checker, check_warnings
from kartan.load.events import EventBuilder, Tree, lines_in
from kartan.load.files import DEFAULT_MAX_BYTES, content_version, read_data_file
from kartan.load.problems import (
    MAX_PROBLEMS,
    LoadResult,
    Loc,
    MapInvalidError,
    Problem,
    Severity,
    path_str,
    slugify,
)
from kartan.load.schema import schema_problem, validate_schema
from kartan.map import Map
from kartan.messages import TYPE_NAMES
from kartan.model import SCHEMA_VERSION
from kartan.staleness import STALE_DAYS

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_PROBLEMS",
    "KartanError",
    "LoadResult",
    "Loc",
    "MapInvalidError",
    "Problem",
    "Severity",
    "content_version",
    "load_bytes",
    "load_map",
    "load_path",
    "load_text",
    "path_str",
    "read_data_file",
    "slugify",
]


def _error(
    filename: str, line: int, col: int, code: str, params: dict[str, Any], path: str = ""
) -> Problem:
    return Problem(filename, line, col, "error", path, code, params)


def load_text(
    text: str,
    filename: str = "<text>",
    *,
    stale_days: int | None = STALE_DAYS,
    today: dt.date | None = None,
    version: str | None = None,
    warnings: bool = True,
) -> LoadResult:
    """Validate YAML text and build the map; never raises for bad input.

    ``warnings=False`` leaves warnings out (none are looked for, nor their lines): for a
    caller that needs only the map or its errors, such as the change log.
    """
    today = today or dt.date.today()
    builder = EventBuilder(filename)
    raw = builder.run(text)
    problems = list(builder.problems)
    builder.problems = []
    if builder.stopped_at is not None:
        line, col = builder.stopped_at
        params: dict[str, Any] = {"shown": MAX_PROBLEMS, "line": line, "lines": lines_in(text)}
        problems.append(_error(filename, line, col, "stopped", params))
        return LoadResult(None, problems)
    if builder.fatal or any(p.code in ("anchor", "alias") for p in problems):
        return LoadResult(None, problems)
    if builder.documents == 0 or raw is None:
        return LoadResult(None, [Problem(filename, 1, 1, "error", "", "empty_file")])
    tree = Tree(text)
    if not isinstance(raw, dict):
        line, col = tree.position(())
        got_sv, got_en = TYPE_NAMES.get(type(raw).__name__, ("?", "?"))
        expected_sv, expected_en = TYPE_NAMES["dict"]
        params = {"expected": expected_sv, "expected_en": expected_en}
        params |= {"got": got_sv, "got_en": got_en}
        problems.append(_error(filename, line, col, "bad_type", params))
        return LoadResult(None, tree.fill(problems))
    version_value = raw.get("schema_version")
    if version_value is not None and version_value != SCHEMA_VERSION:
        line, col = tree.position(("schema_version",))
        params = {"value": version_value, "expected": SCHEMA_VERSION}
        problems.append(_error(filename, line, col, "schema_version", params, "schema_version"))
        return LoadResult(None, tree.fill(problems))
    model, errors, total = validate_schema(raw)
    for error in errors:
        p = schema_problem(error, tree, filename)
        if p is not None:
            problems.append(p)
    more = total - len(errors)
    checker = Checker(raw, tree, filename)
    problems.extend(checker.run())
    checker.problems = []
    if warnings:
        problems.extend(check_warnings(raw, checker, stale_days=stale_days, today=today))
    else:
        problems = [p for p in problems if p.severity == "error"]
    more += checker.more
    more_warnings = checker.more_warnings if warnings else 0
    if len(problems) > MAX_PROBLEMS:
        # errors first, then warnings, missing translations last (the most numerous)
        errors_first = sorted(
            problems, key=lambda p: (p.severity != "error", p.code == "no_english")
        )
        dropped = errors_first[MAX_PROBLEMS:]
        n_dropped_errors = sum(1 for p in dropped if p.severity == "error")
        more += n_dropped_errors
        more_warnings += len(dropped) - n_dropped_errors
        problems = errors_first[:MAX_PROBLEMS]
    problems = tree.fill(problems)
    problems.sort(key=lambda p: (p.line, p.column, p.severity != "error"))
    if more or more_warnings:
        # Only uncollected errors make the file fail: a valid map with many warnings
        # (texts without English, a large map reviewed long ago) still loads.
        problems.append(
            Problem(
                filename,
                1,
                1,
                "error" if more else "warning",
                "",
                "more_problems",
                {"count": more + more_warnings, "shown": len(problems)},
            )
        )
    has_errors = any(p.severity == "error" for p in problems)
    if model is None or has_errors:
        return LoadResult(None, problems, more, more_warnings)
    version = version or content_version(text.encode("utf-8"))
    return LoadResult(Map(model, version=version), problems, more, more_warnings)


def load_bytes(
    data: bytes,
    name: str,
    *,
    stale_days: int | None = STALE_DAYS,
    today: dt.date | None = None,
) -> LoadResult:
    """Decode (UTF-8) and validate the bytes of a data file; never raises for bad input."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LoadResult(
            None, [Problem(name, 1, 1, "error", "", "not_utf8", {"reason": exc.reason})]
        )
    return load_text(text, name, stale_days=stale_days, today=today, version=content_version(data))


def load_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stale_days: int | None = STALE_DAYS,
    today: dt.date | None = None,
    display_name: str | None = None,
) -> LoadResult:
    """Read and validate a data file; never raises (nor blocks) for a bad or missing file."""
    name = display_name or str(path)
    data = read_data_file(path, name, max_bytes)
    if isinstance(data, Problem):
        return LoadResult(None, [data])
    result = load_bytes(data, name, stale_days=stale_days, today=today)
    if result.map is not None:
        result.map.lexicon_dir = own_lexicon_dir(path)
    return result


def load_map(path: str | Path, **kwargs: Any) -> Map:
    """Load a valid map or raise :class:`MapInvalidError` with every problem."""
    result = load_path(path, **kwargs)
    if result.map is None:
        raise MapInvalidError(result.problems)
    return result.map
