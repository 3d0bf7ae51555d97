"""Watch the data file's directory with inotify: reload only a file its writer has closed.

Polling the file's size and time (what :class:`~api.state.MapStore` did before) sees a
file while it is being written: a file written in two parts with a pause between them
was served half (security review finding 4).  Linux tells us when a writer *closes* a
file (``IN_CLOSE_WRITE``) and when a finished file is renamed into place
(``IN_MOVED_TO``, what editors, ``git`` and ``cp --atomic`` do), so the store reloads on
those only.  A new entry that is not a regular file (a FIFO, a directory, a link to a
device) has no writer to wait for and is checked at once, as is a deletion.

``watchfiles`` does not report close-write events (and is not a dependency), so this talks
to inotify directly through ``ctypes``.  Where inotify is missing (not Linux),
:func:`open_watcher` returns None and the store polls as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import stat
import struct
import threading
from pathlib import Path

IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000

_MASK = (
    IN_CLOSE_WRITE
    | IN_MOVED_TO
    | IN_MOVED_FROM
    | IN_CREATE
    | IN_DELETE
    | IN_ATTRIB
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
_EVENT = struct.Struct("iIII")


class DirWatcher:
    """inotify on one directory; :meth:`changed` says whether ``name`` needs a check."""

    def __init__(self, path: Path, libc: ctypes.CDLL) -> None:
        self.path = path
        self.name = os.fsencode(path.name)
        self._libc = libc
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        wd = libc.inotify_add_watch(self.fd, os.fsencode(path.parent), _MASK)
        if wd < 0:
            os.close(self.fd)
            raise OSError(ctypes.get_errno(), f"inotify_add_watch failed on {path.parent.name}")
        # :meth:`wake` writes here, so that a waiting :meth:`changed` returns at once
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._closing = threading.Lock()  # a wake never writes to a closed (reused) fd

    def close(self) -> None:
        with self._closing:
            fds, (self.fd, self._wake_r, self._wake_w) = (
                (self.fd, self._wake_r, self._wake_w),
                (-1, -1, -1),
            )
            for fd in fds:
                if fd >= 0:
                    os.close(fd)

    def wake(self) -> None:
        """End a wait of :meth:`changed` now (it returns False): the store is stopping."""
        with self._closing:
            if self._wake_w < 0:
                return
            # a full pipe holds a wake already
            with contextlib.suppress(BlockingIOError):
                os.write(self._wake_w, b"!")

    def changed(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s; True when the data file was finished, replaced,
        deleted, or became something that is not a regular file."""
        ready, _, _ = select.select([self.fd, self._wake_r], [], [], timeout)
        if self._wake_r in ready:
            while True:  # drain the wake-ups
                try:
                    if not os.read(self._wake_r, 512):
                        break
                except BlockingIOError:
                    break
            return False
        if not ready:
            return False
        try:
            buf = os.read(self.fd, 64 * 1024)
        except BlockingIOError:
            return False
        hit = False
        offset = 0
        while offset + _EVENT.size <= len(buf):
            _wd, mask, _cookie, length = _EVENT.unpack_from(buf, offset)
            name = buf[offset + _EVENT.size : offset + _EVENT.size + length].rstrip(b"\0")
            offset += _EVENT.size + length
            if mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED):
                hit = True  # events were lost or the directory went: look at the file
            elif name != self.name:
                continue
            elif mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE):
                hit = True
            elif mask & (IN_CREATE | IN_ATTRIB) and not self._regular():
                hit = True  # a FIFO, directory or link to a device: nothing to wait for
        return hit

    def _regular(self) -> bool:
        try:
            return stat.S_ISREG(os.stat(self.path).st_mode)
        except OSError:
            return False


def open_watcher(path: Path) -> DirWatcher | None:
    """A watcher on ``path``'s directory, or None where inotify is not available."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6", use_errno=True)
        if not hasattr(libc, "inotify_init1"):
            return None
        return DirWatcher(path, libc)
    except OSError:
        return None
