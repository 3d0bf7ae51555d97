"""Settings of the web app, declared once (pydantic-settings).

Every setting is a field of :class:`Settings` with its default and its help; its
environment variable is ``KARTAN_`` and the field's name in capitals.  :data:`SETTINGS`
lists them (name, variable, default, help) for ``docs/api.md``, which documents each
(a test checks that every one is documented).  Nothing is read at import time, nor by
``Settings(...)``: :func:`api.app.create_app_from_env` calls :meth:`Settings.from_env`
when uvicorn builds the app, and tests build apps with :class:`Settings` directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from kartan.errors import KartanError
from kartan.staleness import STALE_DAYS
from kartan.suggestions.records import (
    ARGON2_LEAST_MEMORY_KIB,
    ARGON2_LEAST_TIME_COST,
    ARGON2_MEMORY_KIB,
    ARGON2_TIME_COST,
)

ENV_PREFIX = "KARTAN_"


class SettingsError(KartanError, ValueError):
    """A ``KARTAN_*`` variable holds a value that cannot be used."""


class Settings(BaseSettings):
    """Configuration passed to :func:`api.app.create_app`."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="forbid"
    )

    data: Path = Field(
        default=Path("data/forums.yaml"), description="The data file to serve (the map)."
    )
    watch_interval: float = Field(
        default=1.0,
        ge=0,
        description="Seconds between checks of the data file for changes; 0 turns watching off.",
    )
    stale_days: int = Field(
        default=STALE_DAYS,
        ge=0,
        description="A node whose `reviewed` date is older than this many days counts as stale.",
    )
    warm_lemmas: bool = Field(
        default=True,
        description="1 loads the guide's word dictionaries in the background when the app "
        "starts, so that the first question is answered at once; 0 loads them at the first "
        "question (about a second of CPU a process saves that is never asked).",
    )
    # hostile input (issue 12)
    access_log_query: bool = Field(
        default=False,
        description="1 writes query strings into the access log; by default they are left "
        "out (guide questions are people's own words).",
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses or networks (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) of "
        "reverse proxies whose X-Forwarded-For is believed for the proposal rate limit.",
    )
    allowed_origins: str = Field(
        default="",
        description="Origins (comma-separated, e.g. https://kartan.example.se) besides the "
        "request's own host that may post the proposal form (behind a proxy that rewrites "
        "Host).",
    )
    rate_limit_db: str = Field(
        default="",
        description="SQLite file the proposal rate limit is kept in, shared by all workers; "
        "empty: one per data file in the system's temporary directory; 'memory': per process.",
    )
    bench_routes: bool = Field(
        default=False,
        description="1 adds the hidden route /_bench/bare (precomputed bytes) used by "
        "benchmarks/bench_api.py and benchmarks/bench_guide_api.py.",
    )
    # suggestions inbox (issue 13)
    database_url: str = Field(
        default="",
        description="Database of suggestions, maintainers and sessions: empty for embedded "
        "SQLite in `suggestions.sqlite3` beside the data file, or e.g. "
        "`postgresql://user@host/db`.",
    )
    suggestion_limit: int = Field(
        default=5,
        ge=0,
        description="Suggestions one client address may send in 10 minutes (and six times "
        "that a day).",
    )
    argon2_time_cost: int = Field(
        default=ARGON2_TIME_COST,
        ge=ARGON2_LEAST_TIME_COST,
        description="Argon2id passes for the maintainers' password hashes (with the memory "
        "below: RFC 9106's low-memory profile). Lower only on a host short of memory or CPU.",
    )
    argon2_memory_kib: int = Field(
        default=ARGON2_MEMORY_KIB,
        ge=ARGON2_LEAST_MEMORY_KIB,
        description="Memory in KiB of each Argon2id password hash; a sign-in is checked with "
        "the cost its hash was made with, then stored again with this cost.",
    )
    forge_url: str = Field(
        default="",
        description="API URL of the data repository on a forge (e.g. "
        "`https://api.github.com/repos/o/r` or a Gitea/Forgejo `https://host/api/v1/repos/o/r`): "
        "accepted suggestions are pushed and opened as pull requests. Empty: commits on "
        "local branches only.",
    )
    forge_token: str = Field(
        default="",
        description="Token for the forge's API (pull requests); both URL and token are needed.",
    )
    git_remote: str = Field(
        default="origin",
        description="The git remote that branches of accepted suggestions are pushed to "
        "(with a forge).",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``Settings(...)`` is what it is given; only :meth:`from_env` reads variables."""
        return (init_settings,)

    def origins(self) -> frozenset[str]:
        """``allowed_origins`` as a set."""
        return frozenset(o.strip() for o in self.allowed_origins.split(",") if o.strip())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``KARTAN_*`` environment variables (defaults for missing ones)."""
        values = _MappingEnv(cls, os.environ if environ is None else environ)()
        try:
            return cls(**values)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            name = str(error["loc"][0]) if error["loc"] else ""
            env = ENV_PREFIX + name.upper()
            raw = values.get(name, "")
            help_ = cls.model_fields[name].description if name in cls.model_fields else ""
            raise SettingsError(f"{env}={raw!r}: {error['msg']}; {help_}") from exc


class _MappingEnv(EnvSettingsSource):
    """pydantic-settings' environment source, reading a given mapping (values stripped)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = {k: v.strip() for k, v in environ.items()}
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {k.lower(): v for k, v in self._environ.items() if v or not self.env_ignore_empty}


@dataclass(frozen=True)
class Setting:
    """One setting: its field on :class:`Settings`, environment variable, default and help."""

    name: str
    env: str
    default: str
    help: str


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name, ENV_PREFIX + name.upper(), _text(f.default), f.description or "")
    for name, f in Settings.model_fields.items()
)
