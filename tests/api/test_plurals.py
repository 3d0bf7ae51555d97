"""Counts on the pages read in the singular for one, in Swedish and English; the directory
says which values of its address it cannot use.

The catalogue writes a count's word as ``{n:one|many}`` (:func:`api.i18n.plural_slots`);
these are the reviewer's cases on the real map ("1 results", "Social innovation – 1 needs").
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.i18n import plural_slots, translator


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [("sv", "1 träff", "2 träffar"), ("en", "1 result", "2 results")],
)
def test_the_count_word_follows_the_number(lang: str, one: str, many: str) -> None:
    t = translator(lang)
    assert t("results_count", n=1) == one
    assert t("results_count", n=2) == many
    assert t("results_count", n=0) == many.replace("2", "0")


def test_a_slot_without_its_number_takes_the_plural() -> None:
    assert plural_slots("{n:one|many}", {}) == "many"
    assert plural_slots("{x:>3} and {n}", {"n": 1}) == "{x:>3} and {n}"


def test_no_ui_string_writes_a_number_with_a_plural_the_catalogue_can_pick() -> None:
    """Every form slot names a field the same string fills: ``{n:…}`` comes with ``{n}``."""
    from api.i18n import STRINGS

    for key, pair in STRINGS.items():
        for s in pair:
            for name in re.findall(r"\{(\w+):[^{}|]*\|[^{}|]*\}", s):
                assert "{" + name + "}" in s, (key, s)


def test_one_result_in_the_directory(real_app: Any) -> None:
    sv = real_app.get("/noder?kind=council").text
    en = real_app.get("/noder?kind=council&lang=en").text
    count = re.compile(r'class="result-count"[^>]*>([^<]*)<')
    found = count.search(sv), count.search(en)
    assert found[0] is not None and found[1] is not None
    n = int(found[0][1].split()[0])
    assert found[0][1] == (f"{n} träff" if n == 1 else f"{n} träffar")
    assert found[1][1] == (f"{n} result" if n == 1 else f"{n} results")


def test_the_needs_chips_in_english(real_app: Any) -> None:
    page = real_app.get("/behov?lang=en").text
    counts = re.findall(r'<span class="count">– (\d+) (needs?)</span>', page)
    assert counts, "no theme chips found"
    assert all((word == "need") == (n == "1") for n, word in counts), counts
    assert ("1", "need") in counts  # the real map has a theme with one need


def test_the_directory_says_which_address_values_it_cannot_use(real_app: Any) -> None:
    """An unknown kind or theme, or a date that is no date, was dropped without a word."""
    notice = re.compile(r'<p class="hint filter-ignored">([^<]*)</p>')
    sv = notice.search(real_app.get("/noder?kind=xyz&lang=sv").text)
    assert sv is not None and "kind=xyz" in sv[1] and sv[1].startswith("Adressen har värden")
    en = notice.search(real_app.get("/noder?theme=nope&at=2020-13-01&lang=en").text)
    assert en is not None and en[1].startswith("The address has values")
    assert "theme=nope" in en[1] and "at=2020-13-01" in en[1]
    for fine in ("/noder?kind=council", "/noder?kind=&theme=", "/noder?at=2023-01-01"):
        assert notice.search(real_app.get(fine).text) is None, fine
