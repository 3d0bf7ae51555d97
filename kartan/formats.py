"""The names of the export formats, in one light module.

:mod:`kartan.export` writes them; ``kartan export --format`` offers them without
importing the writers (so the command line starts fast).

>>> "json" in FORMATS and "matters-csv" in FORMATS
True
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = (
    "json",
    "csv",
    "relations-csv",
    "needs-csv",
    "graphml",
    "gexf",
    "ics",
    "popolo",
    "html",
    "matters-csv",
)
