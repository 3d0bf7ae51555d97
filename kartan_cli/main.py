"""The ``kartan`` command: serve, validate, fmt, schema, diff, export, build-site, stats,
sources, maintainers, init.

Exit status: 0 clean, 1 errors in the data (or a failed check), 2 unusable invocation.
Each command imports what it needs when it runs, so ``kartan validate`` does not load
the web framework.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kartan.errors import UnknownNodeError
from kartan.formats import FORMATS
from kartan.load import DEFAULT_MAX_BYTES, LoadResult, load_path
from kartan.staleness import STALE_DAYS
from kartan.texts import text as _t
from kartan_cli.usage import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError

DEFAULT_DATA = "data/forums.yaml"


def parse_age(text: str) -> int:
    """Parse an age such as ``365d``, ``52w``, ``12m`` or ``1y`` into days.

    >>> parse_age("365d"), parse_age("2w"), parse_age("1y"), parse_age("90")
    (365, 14, 365, 90)
    """
    match = re.fullmatch(r"\s*(\d+)\s*([dwmy]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not an age; write e.g. 365d, 26w, 12m, 1y")
    number, unit = int(match.group(1)), match.group(2) or "d"
    return number * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]


def _print_problems(result: LoadResult, fmt: str, lang: str, *, warnings: bool) -> None:
    shown = [p for p in result.problems if warnings or p.severity == "error"]
    if fmt == "json":
        print(json.dumps([p.as_dict(lang) for p in shown], ensure_ascii=False, indent=2))
        return
    for p in shown:
        print(p.format_github(lang) if fmt == "github" else p.format(lang))


def _summary(result: LoadResult, lang: str) -> str:
    """``N fel, M varningar``; with the problems that were counted but not listed, and
    ``minst`` (at least) when the check stopped before the end of the file."""
    listed = [p for p in result.errors if p.code not in ("more_problems", "stopped")]
    warned = [p for p in result.warnings if p.code != "more_problems"]
    n_err, n_warn = len(listed) + result.more, len(warned) + result.more_warnings
    stopped = any(p.code == "stopped" for p in result.errors)
    count = f"{n_err:,}" if lang == "en" else f"{n_err:,}".replace(",", " ")
    head = _t("cli_at_least", lang) if stopped else ""
    return head + _t("cli_summary", lang, count=count, warnings=n_warn)


def cmd_validate(args: argparse.Namespace) -> int:
    path = args.file or DEFAULT_DATA
    result = load_path(path, max_bytes=args.max_bytes, stale_days=args.stale_after)
    _print_problems(result, args.format, args.lang, warnings=not args.errors_only)
    if any(p.code in ("file_missing", "not_a_file") for p in result.problems):
        return EXIT_USAGE
    if args.format != "json":
        print(_summary(result, args.lang), file=sys.stderr if args.format == "github" else None)
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from kartan.fmt import format_map

    path = Path(args.file or DEFAULT_DATA)
    result = load_path(path, stale_days=None)
    if result.map is None:
        _print_problems(result, "text", args.lang, warnings=False)
        print("fmt: rätta felen först / fix the errors first", file=sys.stderr)
        return EXIT_ERRORS
    text = format_map(result.map.data)
    current = path.read_text(encoding="utf-8")
    if args.check:
        if current != text:
            print(
                f"{path}: inte i kanonisk form; kör 'kartan fmt {path}' "
                f"(not canonical; run 'kartan fmt')"
            )
            return EXIT_ERRORS
        print(f"{path}: kanonisk form (canonical)")
        return EXIT_OK
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"{path}: omformaterad (reformatted)")
    else:
        print(f"{path}: oförändrad (unchanged)")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from kartan.reference import REFERENCE_PATH, reference_text, write_reference
    from kartan.schema import SCHEMA_PATH, schema_text, write_schema

    target = Path(args.output) if args.output else SCHEMA_PATH
    if args.check:
        stale = [
            str(path)
            for path, text in ((target, schema_text()), (REFERENCE_PATH, reference_text()))
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"inaktuellt: {', '.join(stale)}; kör 'kartan schema' (stale; run it)")
            return EXIT_ERRORS
        print(f"{target}, {REFERENCE_PATH}: aktuella (up to date)")
        return EXIT_OK
    write_schema(target)
    write_reference()
    print(f"skrev {target} och {REFERENCE_PATH}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    result = load_path(args.file or DEFAULT_DATA, stale_days=None)
    if result.map is None:
        _print_problems(result, "text", "sv", warnings=False)
        return EXIT_ERRORS
    m = result.map
    print(f"{m.title} (version {m.version})")
    for key, value in m.counts().items():
        print(f"  {key:10} {value}")
    kinds: dict[str, int] = {}
    for node in m.data.nodes:
        kinds[node.kind.value] = kinds.get(node.kind.value, 0) + 1
    print("  per kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(english_coverage(m.data.model_dump(by_alias=True, exclude_none=True, mode="json")))
    return EXIT_OK


def english_coverage(raw: dict[str, Any]) -> str:
    """The English coverage table of ``kartan stats``: translated of Swedish, per field.

    >>> print(english_coverage({"nodes": [{"name": "A", "description": "B"}]}))
    English translations (translated / Swedish texts):
      nodes.description            0 / 1      0 %
      nodes.name (optional)        0 / 1      0 %
      all required                 0 / 1      0 %
    """
    from kartan.bilingual import OPTIONAL, coverage

    optional = {f"{s}.{f}" for s, fields in OPTIONAL.items() for f in fields}
    lines = ["English translations (translated / Swedish texts):"]
    done_all = total_all = 0
    for key, (done, total) in coverage(raw).items():
        if not total:
            continue
        if key not in optional:
            done_all, total_all = done_all + done, total_all + total
        label = key + (" (optional)" if key in optional else "")
        lines.append(f"  {label:26} {done:>3} / {total:<4} {100 * done // total:>3} %")
    if total_all:
        pct = 100 * done_all // total_all
        lines.append(f"  {'all required':26} {done_all:>3} / {total_all:<4} {pct:>3} %")
    return "\n".join(lines)


def cmd_sources(args: argparse.Namespace) -> int:
    """``kartan sources``: resolve every citation to the minutes; ``--coverage`` per document."""
    from kartan import sources

    path = args.file or DEFAULT_DATA
    result = load_path(path, stale_days=None)
    if result.map is None:
        _print_problems(result, "text", args.lang, warnings=False)
        return EXIT_ERRORS
    directory = sources.seeds_dir(path, args.seeds or os.environ.get("KARTAN_SEEDS"))
    docs, missing = sources.load_documents(result.map.data.sources, directory)
    if not docs:
        raise UsageError(
            f"hittar inga källdokument i {directory}; ange --seeds KATALOG "
            f"(no source documents found; give --seeds DIR)"
        )
    for source_id in missing:
        print(f"{source_id}: filen saknas i {directory} (file missing)", file=sys.stderr)
    data = result.map.data.model_dump(by_alias=True, mode="json")
    problems = sources.check_citations(data, docs)
    for problem in problems:
        print(f"{path}: {problem.format(args.lang)}")
    if args.coverage:
        report = sources.coverage(data, docs)
        print(sources.coverage_report(report, docs, lang=args.lang, list_lines=not args.summary))
        if args.min is not None and sources.total_share(report) * 100 < args.min:
            print(
                f"täckningen är under {args.min:g} % (coverage below {args.min:g} %)",
                file=sys.stderr,
            )
            return EXIT_ERRORS
    elif not problems:
        n = sum(1 for _ in sources.citations(data))
        print(f"{n} källhänvisningar pekar på rader inom sitt avsnitt ({n} citations resolve)")
    return EXIT_ERRORS if problems or missing else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    data = Path(args.data)
    if not data.exists():
        raise UsageError(f"datafilen finns inte: {data} (data file not found)")
    # Settings travel to the app (in every worker) through KARTAN_* variables; only
    # api/ reads them.
    os.environ["KARTAN_DATA"] = str(data.resolve())
    if args.watch_interval is not None:
        os.environ["KARTAN_WATCH_INTERVAL"] = str(args.watch_interval)
    print(f"Samverkanskartan: http://{args.host}:{args.port}/ (data: {data})", flush=True)
    uvicorn.run(
        "api.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        proxy_headers=False,
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kartan import export

    result = load_path(args.data, stale_days=None)
    if result.map is None:
        _print_problems(result, "text", "sv", warnings=False)
        return EXIT_ERRORS
    m = result.map if args.at is None else result.map.at(args.at)
    full = result.map if args.at is not None else None
    try:
        payload = export.export(m, args.format, node=args.node, lang=args.lang, full=full)
    except (export.ExportError, UnknownNodeError) as exc:
        print(f"kartan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output and args.output != "-":
        Path(args.output).write_bytes(payload.body)
        print(f"skrev {args.output} ({len(payload.body)} byte)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload.body)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from kartan_cli.diff import cli_diff

    return cli_diff(args)


def cmd_build_site(args: argparse.Namespace) -> int:
    from kartan_cli.site import cli_build_site

    return cli_build_site(args)


def cmd_init(args: argparse.Namespace) -> int:
    from kartan_cli.init import cli_init

    return cli_init(args)


def cmd_maintainers(args: argparse.Namespace) -> int:
    from kartan_cli.maintainers import cli_maintainers

    return cli_maintainers(args)


def _date(text: str) -> object:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kartan", description="Samverkanskartan: a municipality's collaboration map."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the web app and API")
    p.add_argument("--data", default=DEFAULT_DATA, help="data file (default data/forums.yaml)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument(
        "--watch-interval",
        type=float,
        default=None,
        help="seconds between checks of the data file (default 1)",
    )
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("validate", help="check the data file; list every problem")
    p.add_argument("file", nargs="?", help="data file (default data/forums.yaml)")
    p.add_argument("--format", choices=["text", "github", "json"], default="text")
    p.add_argument(
        "--stale-after",
        type=parse_age,
        default=STALE_DAYS,
        metavar="AGE",
        help="warn when 'reviewed' is older than AGE (e.g. 365d)",
    )
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.add_argument("--errors-only", action="store_true", help="do not print warnings")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fmt", help="write the data file in canonical form")
    p.add_argument("file", nargs="?")
    p.add_argument("--check", action="store_true", help="only check; exit 1 if not canonical")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("schema", help="write schema/forums.schema.json")
    p.add_argument("--output", "-o")
    p.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "sources", help="check every citation against the minutes; --coverage: cited share"
    )
    p.add_argument("file", nargs="?", help="data file (default data/forums.yaml)")
    p.add_argument(
        "--seeds",
        default=None,
        metavar="DIR",
        help="folder with the source documents (default $KARTAN_SEEDS or ../shared/seeds)",
    )
    p.add_argument(
        "--coverage", action="store_true", help="per document: share of content lines cited"
    )
    p.add_argument("--summary", action="store_true", help="with --coverage: no line lists")
    p.add_argument(
        "--min", type=float, default=None, metavar="PERCENT", help="exit 1 below this coverage"
    )
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("stats", help="counts of the map")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="export the map")
    p.add_argument(
        "--format",
        "-f",
        required=True,
        choices=FORMATS,
    )
    p.add_argument("--node", default=None, help="ics: only this body's meetings (a node id)")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--at", type=_date, default=None, help="the map as it stood on a date")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("diff", help="semantic diff of the data between git revisions")
    p.add_argument("rev1")
    p.add_argument("rev2", nargs="?", default=None, help="default: the working tree")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--file", default=DEFAULT_DATA, help="data file path inside the repository")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("build-site", help="write the whole site as static files")
    p.add_argument("out")
    p.add_argument("--data", default=DEFAULT_DATA)
    p.set_defaults(func=cmd_build_site)

    p = sub.add_parser(
        "init", help="start a data repository for a municipality: a blank map that serves"
    )
    p.add_argument("dir", help="the new repository's folder (new or empty)")
    p.add_argument("--municipality", required=True, metavar="NAMN", help="the municipality's name")
    p.add_argument("--no-git", action="store_true", help="do not make a git repository")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("maintainers", help="add or remove maintainers of the suggestions inbox")
    p.add_argument("action", choices=["add", "remove", "list"])
    p.add_argument("name", nargs="?", help="the maintainer's user name")
    p.add_argument("--data", default=DEFAULT_DATA, help="data file (the database lies beside it)")
    p.add_argument("--database-url", default=None, help="default: KARTAN_DATABASE_URL")
    p.set_defaults(func=cmd_maintainers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kartan`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except UsageError as exc:
        print(f"kartan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
