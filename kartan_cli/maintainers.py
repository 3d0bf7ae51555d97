"""``kartan maintainers add|remove|list``: who may sign in to the suggestions inbox.

The password of ``add`` is read from standard input (the first line; asked for twice
when standard input is a terminal) and stored only as an Argon2 hash.  The database is
``--database-url``, else ``KARTAN_DATABASE_URL``, else ``suggestions.sqlite3`` beside
the data file (as the web app uses); the hash's cost is ``KARTAN_ARGON2_TIME_COST`` and
``KARTAN_ARGON2_MEMORY_KIB`` when set, as for the web app.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from argon2 import PasswordHasher

from kartan.suggestions.records import (
    ARGON2_LEAST_MEMORY_KIB,
    ARGON2_LEAST_TIME_COST,
    ARGON2_MEMORY_KIB,
    ARGON2_TIME_COST,
    SuggestionError,
    default_database_url,
    password_hasher,
)
from kartan.suggestions.store import SuggestionStore
from kartan_cli.usage import EXIT_ERRORS, EXIT_OK, EXIT_USAGE


def database_url(args: argparse.Namespace) -> str:
    """The database the command works on (the same rule as the web app)."""
    return (
        args.database_url
        or os.environ.get("KARTAN_DATABASE_URL", "").strip()
        or default_database_url(Path(args.data))
    )


def hasher_from_env() -> PasswordHasher:
    """The Argon2 cost the web app is given (``KARTAN_ARGON2_*``), else the default."""
    cost = []
    for name, default, least in (
        ("KARTAN_ARGON2_TIME_COST", ARGON2_TIME_COST, ARGON2_LEAST_TIME_COST),
        ("KARTAN_ARGON2_MEMORY_KIB", ARGON2_MEMORY_KIB, ARGON2_LEAST_MEMORY_KIB),
    ):
        raw = os.environ.get(name, "").strip()
        if raw and not (raw.isdigit() and int(raw) >= least):
            raise SuggestionError(f"{name}={raw!r}: ett heltal minst {least} (a whole number)")
        cost.append(int(raw) if raw else default)
    return password_hasher(*cost)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Lösenord (password): ")
        again = getpass.getpass("Lösenordet igen (again): ")
        if first != again:
            raise SuggestionError("Lösenorden är olika (the passwords differ).")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cli_maintainers(args: argparse.Namespace) -> int:
    """Run ``kartan maintainers``; see the module docstring."""
    if args.action in ("add", "remove") and not args.name:
        print(f"kartan maintainers {args.action}: ange ett namn (give a name)", file=sys.stderr)
        return EXIT_USAGE
    try:
        hasher = hasher_from_env()
    except SuggestionError as exc:
        print(f"kartan maintainers: {exc}", file=sys.stderr)
        return EXIT_USAGE
    store = SuggestionStore(database_url(args), hasher=hasher)
    try:
        store.upgrade()
        if args.action == "list":
            for m in store.maintainers():
                print(f"{m.name}\t{m.created_at.date().isoformat()}")
            return EXIT_OK
        if args.action == "remove":
            if not store.remove_maintainer(args.name):
                print(f"Ingen förvaltare heter {args.name} (no such maintainer)", file=sys.stderr)
                return EXIT_ERRORS
            print(f"Tog bort {args.name} och avslutade dess inloggningar (removed).")
            return EXIT_OK
        store.add_maintainer(args.name, _read_password())
        print(f"Förvaltaren {args.name} kan logga in (the maintainer can sign in).")
        return EXIT_OK
    except SuggestionError as exc:
        print(f"kartan maintainers: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        store.close()
