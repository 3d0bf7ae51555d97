"""Run the Examples in the docstrings of every kartan module as doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kartan

# Every module, subpackages too (kartan.load, kartan.history); alembic's migration
# scripts run only inside alembic.
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(kartan.__path__, "kartan.") if ".migrations" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
