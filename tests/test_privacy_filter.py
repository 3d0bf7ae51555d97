"""The privacy filter (:mod:`kartan.privacy`) in the validator and in proposals.

Security review finding 6: ``kartan validate`` and reload accepted an e-mail address and a
phone number in a description, and the proposal filter let through ``(at)``, `` @ ``,
fullwidth ``＠``, ``name@orebro``, ``+46 (0)70-…``, ``070 - 123 45 67``, ``070/123…``,
``0046 …``, non-breaking hyphens and a personnummer.  Every address and number below is
made up (``exempel.se``, all-zero subscriber numbers, Skatteverket's test personnummer).
"""

from __future__ import annotations

import pytest

from kartan.load import load_map, load_text
from kartan.proposal import Proposal, ProposalError, apply_proposal
from tests.helpers import TEST_DATA

SMALL = TEST_DATA / "valid_small.yaml"

AT = "@"  # kept apart so that no whole address is written in this file

PERSONAL = [
    ("email", f"skriv till info{AT}exempel.se"),
    ("email", "skriv till info(at)exempel.se"),
    ("email", "skriv till info (at) exempel.se"),
    ("email", "skriv till info [at] exempel [dot] se"),
    ("email", f"skriv till info {AT} exempel.se"),
    ("email", "skriv till info＠exempel.se"),
    ("email", f"skriv till namn{AT}orebro"),
    ("email", "skriv till namn at exempel dot se"),
    ("email", "skriv till namn (snabel-a) exempel punkt se"),
    ("phone", "ring +46 (0)70-000 00 00"),
    ("phone", "ring 070 - 000 00 00"),
    ("phone", "ring 070/000 00 00"),
    ("phone", "ring 0046 70 000 00 00"),
    ("phone", "ring 070\u2011000\u201100\u201100"),  # non-breaking hyphens
    ("phone", "ring 019-00 00 00"),
    ("phone", "ring ０７０ ０００ ００ ００"),  # fullwidth digits
    ("phone", "ring +44 20 0000 0000"),
    ("phone", "ring 070\u200b-000 00 00"),  # a zero-width space inside
    ("phone", "ring 08.000.00.00"),
    ("personnummer", "personnummer 19121212-1212"),
    ("personnummer", "personnummer 121212-1212"),
    ("personnummer", "personnummer 191212121212"),
]

HARMLESS = [
    "Möte 2023-02-08 kl. 16:00-18:00",
    "Perioden 2020-01-01 - 2021-12-31",
    "kl. 09.00-12.00 och 13.00-16.00",
    "Källor: 001 §5 L208, 003 L304",
    "001 002 003",
    "Budget 25 000 000 kr för 2024 och 2025",
    "Barn 0-6 år och 7-12 år",
    "Organisationsnummer 212000-1876",
    "Läs protokollet på orebro.se",
    "Se https://www.orebro.se/kontakt",
]


@pytest.mark.parametrize(("kind", "text"), PERSONAL)
def test_the_filter_finds_personal_data(kind: str, text: str) -> None:
    from kartan.privacy import find_personal_data

    assert [f.kind for f in find_personal_data(text)] == [kind], text


@pytest.mark.parametrize("text", HARMLESS)
def test_the_filter_leaves_dates_times_sources_and_sums(text: str) -> None:
    from kartan.privacy import find_personal_data

    assert find_personal_data(text) == []


def test_the_filter_is_linear_on_long_hostile_text() -> None:
    """Long runs that could make a regular expression backtrack are read in one pass."""
    import time

    from kartan.privacy import find_personal_data

    texts = ["a" * 20_000, "a@" * 10_000, "0 " * 10_000, "(0" * 10_000, "1." * 10_000]
    start = time.process_time()
    for text in texts:
        find_personal_data(text)
    # generous: the five texts take about 0.3 s together on the shared test machine
    assert time.process_time() - start < 10


@pytest.mark.parametrize(("kind", "text"), PERSONAL)
def test_a_proposal_with_personal_data_is_refused(kind: str, text: str) -> None:
    data = load_map(SMALL, stale_days=None).data
    with pytest.raises(ProposalError, match="telefonnummer eller personnummer"):
        apply_proposal(data, Proposal(node="radet", description=text, sources=["001 §1"]))
    with pytest.raises(ProposalError, match="e-postadresser"):
        apply_proposal(
            data,
            Proposal(
                node="radet",
                relation_type="funds",
                relation_to="au",
                relation_label=text,
                sources=["001 §1"],
            ),
        )


@pytest.mark.parametrize("text", HARMLESS)
def test_a_proposal_with_dates_and_sums_is_accepted(text: str) -> None:
    data = load_map(SMALL, stale_days=None).data
    result = apply_proposal(data, Proposal(node="radet", description=text, sources=["001 §1"]))
    assert result.valid, result.messages()


@pytest.mark.parametrize(("kind", "text"), PERSONAL)
def test_the_validator_refuses_personal_data_in_any_text(kind: str, text: str) -> None:
    original = SMALL.read_text(encoding="utf-8")
    assert "    name: Rådet\n" in original
    broken = original.replace("    name: Rådet\n", f"    name: Rådet\n    note: '{text}'\n")
    result = load_text(broken, "forums.yaml", stale_days=None)
    assert result.map is None
    codes = [(p.code, p.path) for p in result.errors]
    assert codes == [("personal_data", "nodes[0].note")], codes
    names = {"email": "e-postadress", "phone": "telefonnummer", "personnummer": "personnummer"}
    assert names[kind] in result.errors[0].message()


def test_the_validator_finds_personal_data_in_keys_lists_and_deep_nesting() -> None:
    original = SMALL.read_text(encoding="utf-8")
    broken = original.replace(
        "    name: Rådet\n", "    name: Rådet\n    aliases: [Rådet, 'info(at)exempel.se']\n"
    )
    result = load_text(broken, "forums.yaml", stale_days=None)
    assert [(p.code, p.path) for p in result.errors] == [("personal_data", "nodes[0].aliases[1]")]
