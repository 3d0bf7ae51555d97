"""Run the Examples in the docstrings of every module of kartan, kartan_cli and api as
doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import api
import kartan
import kartan_cli

# Every module, subpackages too (kartan.load, kartan.history, kartan.suggestions,
# api.routes); alembic's migration scripts run only inside alembic; kartan_cli's
# __main__ runs the command when imported.
MODULES = sorted(
    m.name
    for package in (kartan, kartan_cli, api)
    for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if ".migrations" not in m.name and m.name != "kartan_cli.__main__"
)


def test_every_package_is_walked() -> None:
    """The walk reaches the web layer and the subpackages, where doctests live too."""
    assert {"api.site", "api.routes.changes", "kartan.suggestions.store"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
