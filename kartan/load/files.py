"""Reading the data file: a regular file of bounded size, never blocking."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from kartan.catalogue import table
from kartan.load.problems import Problem

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def content_version(data: bytes) -> str:
    """A short content hash used as the data's version when git is not available."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


_FILE_KINDS: dict[str, tuple[str, str]] = table("messages.file_kind")


def _file_kind(mode: int) -> str:
    for kind, test in (
        ("dir", stat.S_ISDIR),
        ("fifo", stat.S_ISFIFO),
        ("chr", stat.S_ISCHR),
        ("blk", stat.S_ISBLK),
        ("sock", stat.S_ISSOCK),
    ):
        if test(mode):
            return kind
    return "other"


def read_data_file(path: str | Path, name: str, max_bytes: int) -> bytes | Problem:
    """The bytes of a regular file of at most ``max_bytes``, or the problem why not.

    Never blocks and never reads without bound (security review finding 5): a FIFO, a
    directory, a device (a link to ``/dev/zero``) or a socket is refused from its type
    before it is opened; the file is opened non-blocking and its type checked again on
    the open descriptor (it may have been swapped in between); at most ``max_bytes + 1``
    bytes are read.
    """
    try:
        st = os.stat(path)
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    if not stat.S_ISREG(st.st_mode):
        return _not_a_file(name, st.st_mode)
    if st.st_size > max_bytes:
        return _too_large(name, st.st_size, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _not_a_file(name, st.st_mode)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return Problem(name, 1, 1, "error", "", "file_missing")
    finally:
        os.close(fd)
    if size > max_bytes:
        return _too_large(name, size, max_bytes)
    return b"".join(chunks)


def _not_a_file(name: str, mode: int) -> Problem:
    sv, en = _FILE_KINDS[_file_kind(mode)]
    return Problem(name, 1, 1, "error", "", "not_a_file", {"what": sv, "what_en": en})


def _too_large(name: str, size: int, limit: int) -> Problem:
    return Problem(name, 1, 1, "error", "", "file_too_large", {"size": size, "limit": limit})
