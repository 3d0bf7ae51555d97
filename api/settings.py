"""Settings of the web app, declared once.

Every setting is listed in :data:`SETTINGS` (name, environment variable, default, help);
:meth:`Settings.from_env` reads them from ``KARTAN_*`` variables and ``docs/api.md``
documents them (a test checks that every one is documented).  Nothing is read at import
time: :func:`api.app.create_app_from_env` calls :meth:`Settings.from_env` when uvicorn
builds the app, and tests build apps with :class:`Settings` directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kartan.errors import KartanError


@dataclass(frozen=True)
class Setting:
    """One setting: its field on :class:`Settings`, environment variable, default and help."""

    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data", "KARTAN_DATA", "data/forums.yaml", "The data file to serve (the map)."),
    Setting(
        "watch_interval",
        "KARTAN_WATCH_INTERVAL",
        "1.0",
        "Seconds between checks of the data file for changes; 0 turns watching off.",
    ),
    Setting(
        "stale_days",
        "KARTAN_STALE_DAYS",
        "365",
        "A node whose `reviewed` date is older than this many days counts as stale.",
    ),
    # hostile input (issue 12)
    Setting(
        "access_log_query",
        "KARTAN_ACCESS_LOG_QUERY",
        "0",
        "1 writes query strings into the access log; by default they are left out "
        "(guide questions are people's own words).",
    ),
    Setting(
        "trusted_proxies",
        "KARTAN_TRUSTED_PROXIES",
        "",
        "Addresses or networks (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) of reverse "
        "proxies whose X-Forwarded-For is believed for the proposal rate limit.",
    ),
    Setting(
        "allowed_origins",
        "KARTAN_ALLOWED_ORIGINS",
        "",
        "Origins (comma-separated, e.g. https://kartan.example.se) besides the request's "
        "own host that may post the proposal form (behind a proxy that rewrites Host).",
    ),
    Setting(
        "rate_limit_db",
        "KARTAN_RATE_LIMIT_DB",
        "",
        "SQLite file the proposal rate limit is kept in, shared by all workers; empty: "
        "one per data file in the system's temporary directory; 'memory': per process.",
    ),
    Setting(
        "bench_routes",
        "KARTAN_BENCH_ROUTES",
        "0",
        "1 adds the hidden route /_bench/bare (precomputed bytes) used by benchmarks/bench_api.py.",
    ),
    # suggestions inbox (issue 13)
    Setting(
        "database_url",
        "KARTAN_DATABASE_URL",
        "",
        "Database of suggestions, maintainers and sessions: empty for embedded SQLite in "
        "`suggestions.sqlite3` beside the data file, or e.g. `postgresql://user@host/db`.",
    ),
    Setting(
        "suggestion_limit",
        "KARTAN_SUGGESTION_LIMIT",
        "5",
        "Suggestions one client address may send in 10 minutes (and six times that a day).",
    ),
    Setting(
        "forge_url",
        "KARTAN_FORGE_URL",
        "",
        "API URL of the data repository on a forge (e.g. `https://api.github.com/repos/o/r` "
        "or a Gitea/Forgejo `https://host/api/v1/repos/o/r`): accepted suggestions are "
        "pushed and opened as pull requests. Empty: commits on local branches only.",
    ),
    Setting(
        "forge_token",
        "KARTAN_FORGE_TOKEN",
        "",
        "Token for the forge's API (pull requests); both URL and token are needed.",
    ),
    Setting(
        "git_remote",
        "KARTAN_GIT_REMOTE",
        "origin",
        "The git remote that branches of accepted suggestions are pushed to (with a forge).",
    ),
)


class SettingsError(KartanError, ValueError):
    """A ``KARTAN_*`` variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Configuration passed to :func:`api.app.create_app`."""

    data: Path = Path("data/forums.yaml")
    watch_interval: float = 1.0
    stale_days: int = 365
    access_log_query: bool = False
    trusted_proxies: str = ""
    allowed_origins: str = ""
    rate_limit_db: str = ""
    bench_routes: bool = False
    database_url: str = ""
    suggestion_limit: int = 5
    forge_url: str = ""
    forge_token: str = ""
    git_remote: str = "origin"

    def origins(self) -> frozenset[str]:
        """``allowed_origins`` as a set."""
        return frozenset(o.strip() for o in self.allowed_origins.split(",") if o.strip())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``KARTAN_*`` environment variables (defaults for missing ones)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(s.env)
            if raw is None or raw.strip() == "":
                continue
            values[s.name] = _parse(s, raw.strip())
        return replace(cls(), **values)


def _parse(s: Setting, raw: str) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = str(kinds[s.name])
    try:
        if kind == "Path":
            return Path(raw)
        if kind == "float":
            value = float(raw)
            if value < 0:
                raise ValueError("negative")
            return value
        if kind == "int":
            number = int(raw)
            if number < 0:
                raise ValueError("negative")
            return number
        if kind == "bool":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError("not a boolean")
    except ValueError as exc:
        raise SettingsError(f"{s.env}={raw!r}: {exc}; {s.help}") from exc
    return raw
