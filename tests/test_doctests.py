"""Run the Examples in the docstrings of every kartan module as doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kartan

MODULES = sorted(m.name for m in pkgutil.iter_modules(kartan.__path__, "kartan."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
