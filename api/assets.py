"""Where the pages' templates and static files are.

An installed wheel carries ``frontend/`` inside the package, as ``api/frontend/``
(package data, see ``setup.py``); in a checkout (and an editable install) it is the
repository's ``frontend/`` folder beside ``api/``.  Nothing else in ``api/`` looks
for these files: use :data:`TEMPLATES` and :data:`STATIC`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def frontend_dir() -> Path:
    """The folder holding ``templates/`` and ``static/``: the installed copy inside the
    package when there is one, else the checkout's ``frontend/``.

    >>> (frontend_dir() / "templates" / "base.html").is_file()
    True
    """
    installed = PACKAGE / "frontend"
    if (installed / "templates").is_dir():
        return installed
    return PACKAGE.parent / "frontend"


FRONTEND = frontend_dir()
TEMPLATES = FRONTEND / "templates"
STATIC = FRONTEND / "static"
