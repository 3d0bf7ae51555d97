"""A throwaway PostgreSQL cluster for the store's tests (Debian's ``postgresql``).

:func:`start` runs ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` (or the
PATH) in a temporary folder, on a free local port, with trust authentication for
``127.0.0.1`` only.  PostgreSQL refuses to run as root, so as root the commands run as
the ``postgres`` user (``runuser``).  :func:`why_not` says why no cluster can be started
(the tests then skip with that reason).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    """A running cluster: its folder, port and the commands' prefix."""

    folder: Path
    port: int
    bindir: Path
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "stop"],
            capture_output=True, check=False, timeout=60,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def _prefix() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else None


def why_not() -> str | None:
    """None when a cluster can be started here, else the reason."""
    if _bindir() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql; make test does)"
    if _prefix() is None:
        return "running as root without a 'postgres' user or runuser"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> Cluster:
    """Start a new cluster (see the module docstring); raises RuntimeError on failure."""
    bindir, prefix = _bindir(), _prefix()
    if bindir is None or prefix is None:
        raise RuntimeError(why_not() or "no PostgreSQL")
    folder = Path(tempfile.mkdtemp(prefix="kartan-pg-"))
    folder.chmod(0o755)
    data, sockets = folder / "data", folder / "sock"
    data.mkdir()
    sockets.mkdir()
    if prefix:
        user = pwd.getpwnam("postgres")
        for path in (data, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    init = subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"],
        capture_output=True, check=False, timeout=180,
    )  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.decode(errors='replace')}")
    for _ in range(5):
        port = _free_port()
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=40"
        )
        started = subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(sockets / "log"), "-w", "-t", "120", "start"],
            capture_output=True, check=False, timeout=180,
        )  # fmt: skip
        if started.returncode == 0:
            return Cluster(folder, port, bindir, prefix)
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"pg_ctl start failed: {started.stderr.decode(errors='replace')}")
