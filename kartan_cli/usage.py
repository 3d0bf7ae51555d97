"""Exit status and the usage error of the ``kartan`` command."""

from __future__ import annotations

from kartan.errors import KartanError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(KartanError):
    """The command line cannot be used as given."""
