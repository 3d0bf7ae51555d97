"""The validator: one broken file per defect, each with its exact message pinned.

Every file under ``tests/data/invalid/`` has one defect (its first line says which);
the test pins the whole list of errors, with line and column, as ``kartan validate``
prints them.  Files under ``tests/data/warnings/`` are valid but give one warning.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kartan.load import load_path, load_text
from kartan.model import Node
from tests.helpers import ROOT, TEST_DATA, run_kartan

INVALID = Path("tests/data/invalid")
WARNINGS = Path("tests/data/warnings")

# The message lists a node's keys in the model's order; taken from the model so that a new
# node field (e.g. issue 15's `sector`) does not break the pinned message.
NODE_KEYS = ", ".join(f.alias or name for name, f in Node.model_fields.items())
assert NODE_KEYS.startswith("from, until, id, kind, name, name_en, aliases, description")

EXPECTED_ERRORS: dict[str, list[str]] = {
    "alias": [
        "tests/data/invalid/alias.yaml:10:23: error: alias ('*namn') är inte tillåtna; skriv ut värdet där det behövs",
    ],
    "anchor": [
        "tests/data/invalid/anchor.yaml:13:11: error: ankare ('&namn') är inte tillåtna; skriv ut värdet där det behövs",
    ],
    "anchor_and_alias": [
        "tests/data/invalid/anchor_and_alias.yaml:4:10: error: ankare ('&t') är inte tillåtna; skriv ut värdet där det behövs",
        "tests/data/invalid/anchor_and_alias.yaml:24:11: error: alias ('*t') är inte tillåtna; skriv ut värdet där det behövs",
    ],
    "bad_date": [
        "tests/data/invalid/bad_date.yaml:26:15: error: nodes[1].reviewed: '2026-13-01' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2023-11-07",
    ],
    "bad_id": [
        "tests/data/invalid/bad_id.yaml:21:38: error: nodes[0].relations[0].to: ogiltigt id 'Samverkansrådets AU': använd gemena a–z, siffror och bindestreck, t.ex. 'samverkansradets-au'",
        "tests/data/invalid/bad_id.yaml:22:9: error: nodes[1].id: ogiltigt id 'Samverkansrådets AU': använd gemena a–z, siffror och bindestreck, t.ex. 'samverkansradets-au'",
    ],
    "bad_source_ref": [
        "tests/data/invalid/bad_source_ref.yaml:33:15: error: nodes[2].sources[0]: ogiltig källhänvisning 'Minnesanteckningar 001': skriv källans id och punkt, t.ex. '001 §5'",
    ],
    "dangling_contact": [
        "tests/data/invalid/dangling_contact.yaml:15:41: error: nodes[0].contact.via: okänd nod 'forvaltning' (menade du 'forvaltningen'?)",
    ],
    "dangling_member": [
        "tests/data/invalid/dangling_member.yaml:19:14: error: nodes[0].members[0].id: okänd nod 'foreningn' (menade du 'foreningen'?)",
    ],
    "dangling_owner": [
        "tests/data/invalid/dangling_owner.yaml:5:10: error: map.owner: okänd nod 'samverkansradet'",
    ],
    "dangling_relation": [
        "tests/data/invalid/dangling_relation.yaml:21:38: error: nodes[0].relations[0].to: okänd nod 'lerum'",
    ],
    "duplicate_id": [
        "tests/data/invalid/duplicate_id.yaml:36:9: error: nodes[3].id: id 'radet' finns redan (nodes[0].id); välj ett unikt id",
    ],
    "duplicate_key": [
        "tests/data/invalid/duplicate_key.yaml:14:5: error: nodes[0].name: nyckeln 'name' förekommer redan på rad 13; ta bort eller slå ihop den ena",
    ],
    "empty": [
        "tests/data/invalid/empty.yaml:1:1: error: filen är tom; den ska börja med 'schema_version: 1'",
    ],
    "empty_sources": [
        "tests/data/invalid/empty_sources.yaml:33:14: error: nodes[2].sources: får inte vara tom; ange minst 1 värde(n)",
    ],
    "merge_key": [
        "tests/data/invalid/merge_key.yaml:25:5: error: nodes[1]: sammanslagningsnyckeln '<<' är inte tillåten; skriv ut nycklarna",
    ],
    "missing_key": [
        "tests/data/invalid/missing_key.yaml:36:5: error: nodes[3].name: nyckeln 'name' saknas; lägg till den",
    ],
    "multiple_documents": [
        "tests/data/invalid/multiple_documents.yaml:41:1: error: filen innehåller flera YAML-dokument ('---'); ta bort alla utom ett",
    ],
    "not_utf8": [
        "tests/data/invalid/not_utf8.yaml:1:1: error: filen är inte UTF-8 (invalid start byte); spara den som UTF-8",
    ],
    "personal_data": [
        "tests/data/invalid/personal_data.yaml:14:18: error: nodes[0].description: texten innehåller en e-postadress; kartan anger kontakt som en funktion hos en organisation, aldrig som en person: ta bort uppgiften",
        "tests/data/invalid/personal_data.yaml:26:18: error: nodes[1].description: texten innehåller ett telefonnummer; kartan anger kontakt som en funktion hos en organisation, aldrig som en person: ta bort uppgiften",
        "tests/data/invalid/personal_data.yaml:41:11: error: nodes[3].note: texten innehåller ett personnummer; kartan anger kontakt som en funktion hos en organisation, aldrig som en person: ta bort uppgiften",
    ],
    "schema_version": [
        "tests/data/invalid/schema_version.yaml:2:17: error: schema_version: okänd schema_version 2; den här versionen av kartan läser 1",
    ],
    "self_relation": [
        "tests/data/invalid/self_relation.yaml:35:37: error: nodes[2].relations[0].to: 'forvaltningen' pekar på sig själv; en relation måste gå till en annan nod",
    ],
    "unknown_function": [
        "tests/data/invalid/unknown_function.yaml:15:25: error: nodes[0].contact.function: okänt värde för kontaktfunktion 'sekreterare' (menade du 'secretary'?); tillåtna: secretary, chair, vice_chair, coordinator, process_leader, representative, organiser, administrator, office",
    ],
    "unknown_key": [
        "tests/data/invalid/unknown_key.yaml:31:5: error: nodes[2].nmae: okänd nyckel 'nmae' (menade du 'name'?); tillåtna: "
        + NODE_KEYS,
    ],
    "unknown_kind": [
        "tests/data/invalid/unknown_kind.yaml:37:11: error: nodes[3].kind: okänt värde för typ (kind) 'organisationn' (menade du 'organisation'?); tillåtna: decision_body, steering_body, council, forum, network, working_group, project, assignment, agreement, program, funding, administration, unit, function, organisation, public_body, company, party, event, tool, method",
    ],
    "unknown_relation": [
        "tests/data/invalid/unknown_relation.yaml:21:16: error: nodes[0].relations[0].type: okänt värde för relationstyp 'sends_matter_to' (menade du 'sends_matters_to'?); tillåtna: part_of, member_of, sends_matters_to, decides_on, prepares, responsible_for, party_to, funds, administers, collaborates_with, handed_over_to, organises, participates_in, succeeds, based_on, related_to, monitors, proposed_collaboration, channel_for, entry_point_to, example_for",
    ],
    "unknown_role": [
        "tests/data/invalid/unknown_role.yaml:19:32: error: nodes[0].members[0].role: okänt värde för roll 'ledamot' (menade du 'member'?); tillåtna: chair, vice_chair, secretary, member, political_member, representative, participant",
    ],
    "unknown_source": [
        "tests/data/invalid/unknown_source.yaml:21:52: error: nodes[0].relations[0].sources[0]: okänd källa '002' (menade du '001'?)",
    ],
    "unknown_theme": [
        "tests/data/invalid/unknown_theme.yaml:14:14: error: nodes[0].themes[0]: okänt tema 'klimatet' (menade du 'klimat'?)",
    ],
    "until_before_from": [
        "tests/data/invalid/until_before_from.yaml:19:65: error: nodes[0].members[0].until: 'until' (2021-12-31) är före 'from' (2022-04-20); byt plats på datumen eller rätta dem",
    ],
    "wrong_type": [
        "tests/data/invalid/wrong_type.yaml:14:13: error: nodes[0].themes: fel typ: en lista väntades, fick text",
    ],
    "wrong_type_bool": [
        "tests/data/invalid/wrong_type_bool.yaml:25:18: error: nodes[1].entry_point: fel typ: true eller false väntades, fick text",
    ],
    "yaml_syntax": [
        "tests/data/invalid/yaml_syntax.yaml:25:4: error: YAML-syntaxfel: while parsing a block collection (did not find expected '-' indicator); kontrollera indrag, kolon och citattecken",
    ],
}

EXPECTED_WARNINGS: dict[str, str] = {
    "no_contact": "tests/data/warnings/no_contact.yaml:22:9: warning: nodes[1].id: ingen kontaktväg; "
    "lägg till contact: {function: ..., via: <organisation>} när den är känd",
    "stale": "tests/data/warnings/stale.yaml:26:15: warning: nodes[1].reviewed: senast granskad "
    "2023-11-07, för mer än 365 dagar sedan; granska och uppdatera 'reviewed'",
    "isolated": "tests/data/warnings/isolated.yaml:41:9: warning: nodes[4].id: noden har inga "
    "relationer alls; lägg till minst en relation eller ett medlemskap",
    "contact_via_self": "tests/data/warnings/contact_via_self.yaml:31:38: warning: "
    "nodes[2].contact.via: kontakten går via noden själv ('forvaltningen') och leder ingenstans; "
    "ange den organisation eller förvaltning som har funktionen, eller ta bort kontakten",
    "steering_without_body": "tests/data/warnings/steering_without_body.yaml:23:11: warning: "
    "nodes[1].kind: en styrgrupp eller ett arbetsutskott styr något: lägg till part_of eller "
    "responsible_for till rådet eller projektet den styr",
    "decision_body_in_body": "tests/data/warnings/decision_body_in_body.yaml:29:29: warning: "
    "nodes[1].relations[0].to: ett beslutande organ beslutar för kommunen, men 'au' är en del av "
    "radet (council); är det rådets eller projektets egen styrning, använd kind: steering_body",
    "ownership_open_unsourced": "tests/data/warnings/ownership_open_unsourced.yaml:6:19: "
    "warning: map.ownership_open: att ägandet är öppet är en uppgift och behöver en källa; "
    "lägg till owner_sources",
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kartan(*args, cwd=ROOT)


def test_every_invalid_file_is_pinned() -> None:
    files = {p.stem for p in (ROOT / INVALID).glob("*.yaml")}
    assert files == set(EXPECTED_ERRORS)


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_invalid_file_gives_its_message(name: str) -> None:
    result = load_path(
        ROOT / INVALID / f"{name}.yaml", stale_days=None, display_name=str(INVALID / f"{name}.yaml")
    )
    assert [p.format() for p in result.errors] == EXPECTED_ERRORS[name]
    assert result.map is None


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_warning_file_gives_its_warning_and_no_error(name: str) -> None:
    result = load_path(
        ROOT / WARNINGS / f"{name}.yaml",
        stale_days=365,
        today=dt.date(2026, 11, 23),
        display_name=str(WARNINGS / f"{name}.yaml"),
    )
    assert result.errors == []
    assert [p.format() for p in result.warnings] == [EXPECTED_WARNINGS[name]]
    assert result.map is not None


# load_text takes text: a file that is not UTF-8 never reaches it
@pytest.mark.parametrize("name", sorted(set(EXPECTED_ERRORS) - {"not_utf8"}))
def test_without_warnings_every_error_is_the_same_and_no_warning_is_given(name: str) -> None:
    """``load_text(..., warnings=False)`` (the change log's parse) gives the same errors,
    at the same lines, and no warnings."""
    text = (ROOT / INVALID / f"{name}.yaml").read_text(encoding="utf-8")
    full = load_text(text, name, stale_days=None)
    bare = load_text(text, name, stale_days=None, warnings=False)
    assert [p.format() for p in bare.errors] == [p.format() for p in full.errors]
    assert bare.warnings == [] and bare.more_warnings == 0 and bare.map is None


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_without_warnings_a_map_with_warnings_loads_the_same(name: str) -> None:
    text = (ROOT / WARNINGS / f"{name}.yaml").read_text(encoding="utf-8")
    day = dt.date(2026, 11, 23)
    full = load_text(text, name, stale_days=365, today=day)
    bare = load_text(text, name, stale_days=365, today=day, warnings=False)
    assert full.warnings and bare.problems == []
    assert bare.map is not None and full.map is not None
    assert bare.map.data == full.map.data and bare.map.version == full.map.version


def test_valid_small_file_is_clean() -> None:
    result = load_path(TEST_DATA / "valid_small.yaml", today=dt.date(2026, 11, 23))
    assert result.problems == []
    assert result.map is not None and len(result.map.nodes) == 4


def test_file_over_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("schema_version: 1\n" + "# fyllnad\n" * 200, encoding="utf-8")
    result = load_path(big, max_bytes=1000, display_name="big.yaml")
    assert [p.format() for p in result.errors] == [
        "big.yaml:1:1: error: filen är 2018 byte, gränsen är 1000 byte; dela upp eller korta filen"
    ]


def test_missing_file_is_a_clear_error() -> None:
    result = load_path("/nonexistent/forums.yaml", display_name="forums.yaml")
    assert [p.format() for p in result.errors] == [
        "forums.yaml:1:1: error: filen finns inte; ange sökvägen till kartans YAML-fil"
    ]


def test_billion_laughs_is_rejected_quickly() -> None:
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    result = load_text(lol, "lol.yaml")
    assert result.map is None
    assert result.errors[0].code == "anchor"


def test_english_messages_follow_the_compiler_style() -> None:
    result = load_path(
        ROOT / INVALID / "dangling_member.yaml", stale_days=None, display_name="data/forums.yaml"
    )
    assert result.errors[0].format("en") == (
        "data/forums.yaml:19:14: error: nodes[0].members[0].id: unknown node 'foreningn' "
        "(did you mean 'foreningen'?)"
    )


def test_cli_exit_codes_and_summary() -> None:
    clean = _run("validate", "tests/data/valid_small.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().endswith("0 fel, 0 varningar")
    broken = _run("validate", str(INVALID / "dangling_relation.yaml"))
    assert broken.returncode == 1
    assert EXPECTED_ERRORS["dangling_relation"][0] in broken.stdout
    assert "1 fel, 1 varningar" in broken.stdout
    warned = _run("validate", str(WARNINGS / "no_contact.yaml"))
    assert warned.returncode == 0
    usage = _run("validate", "--format", "xml")
    assert usage.returncode == 2
    missing = _run("validate", "does/not/exist.yaml")
    assert missing.returncode == 2


def test_cli_github_annotations() -> None:
    out = _run("validate", str(INVALID / "unknown_theme.yaml"), "--format", "github")
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == (
        "::error file=tests/data/invalid/unknown_theme.yaml,line=14,col=14::"
        "nodes[0].themes[0]: okänt tema 'klimatet' (menade du 'klimat'?)"
    )


def test_cli_stale_after_option() -> None:
    recent = _run("validate", str(WARNINGS / "stale.yaml"), "--stale-after", "100000d")
    assert "senast granskad" not in recent.stdout
    old = _run("validate", str(WARNINGS / "stale.yaml"), "--stale-after", "30d")
    assert "senast granskad 2023-11-07, för mer än 30 dagar sedan" in old.stdout
    bad = _run("validate", str(WARNINGS / "stale.yaml"), "--stale-after", "ett år")
    assert bad.returncode == 2


def test_the_door_must_be_a_body_on_the_map() -> None:
    text = (TEST_DATA / "valid_small.yaml").read_text(encoding="utf-8")

    def with_door(door: str) -> str:
        return text.replace("  owner: radet\n", f"  owner: radet\n  door: {door}\n", 1)

    good = load_text(with_door('{id: radet, sources: ["001 §1"]}'))
    assert good.map is not None and good.map.data.map.door is not None
    assert good.map.data.map.door.id == "radet"
    bad = load_text(with_door('{id: finns-inte, sources: ["001 §1"]}'))
    assert bad.map is None
    assert [p.path for p in bad.errors] == ["map.door.id"]
    unsourced = load_text(with_door("{id: radet}"))
    assert unsourced.map is None
    assert [p.path for p in unsourced.errors] == ["map.door.sources"]
