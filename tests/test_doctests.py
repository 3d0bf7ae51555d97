"""Run the Examples in the docstrings of every kartan and kartan_cli module as doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kartan
import kartan_cli

# Every module, subpackages too (kartan.load, kartan.history); alembic's migration
# scripts run only inside alembic.  The command line (kartan_cli) too, but not its
# __main__, which runs the command when imported.
MODULES = sorted(
    [
        m.name
        for m in pkgutil.walk_packages(kartan.__path__, "kartan.")
        if ".migrations" not in m.name
    ]
    + [
        m.name
        for m in pkgutil.walk_packages(kartan_cli.__path__, "kartan_cli.")
        if m.name != "kartan_cli.__main__"
    ]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
