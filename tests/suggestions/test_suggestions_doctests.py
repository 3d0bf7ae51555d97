"""The Examples in the docstrings of the kartan.suggestions modules (the top-level
doctest run only walks kartan's own modules)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "kartan.suggestions.store",
    "kartan.suggestions.commit",
    "kartan.suggestions.cli",
    "kartan.suggestions.tables",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
