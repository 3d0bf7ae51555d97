"""kartan.guide and kartan.lexicon: reading questions, ranking, explaining, and the eval."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import yaml

import kartan.guide as guide_module
from benchmarks.synth import generate
from kartan.graph import decision_path, path_ids
from kartan.guide import GuideAnswer, ask, guide
from kartan.lexicon import (
    Lexicon,
    LexiconError,
    check_lexicon,
    default_lexicon_for,
    fallback_lexicon,
    load_lexicon,
    packaged_lexicon_path,
    parse_lexicon,
)
from kartan.load import load_map
from kartan.map import Map
from kartan.model import Door, MapFile
from tests.helpers import REAL_MAP, ROOT, TEST_DATA

SMALL = TEST_DATA / "search_small.yaml"
LEXICON = ROOT / "data" / "lexicon.yaml"
EVAL = ROOT / "tests" / "guide_eval.yaml"
CLIMATE_Q = "Vi är en idrottsförening som vill jobba med klimatet – vart vänder vi oss?"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon(LEXICON)


def ids(answers: list[GuideAnswer]) -> list[str]:
    return [a.id for a in answers]


# -- the lexicon ------------------------------------------------------------------------


def test_the_lexicon_file_is_valid_and_has_every_part(lex: Lexicon) -> None:
    assert len(lex.themes) >= 25
    assert {"kat-idrottsforeningar"} <= {
        a for asker in lex.audiences.values() for a in asker.audiences
    }
    for asker in ("forening", "idrottsforening", "studieforbund", "trossamfund", "kommunanstallda", "invanare"):  # fmt: skip
        assert asker in lex.audiences
    assert {"pengar", "beslut"} <= set(lex.needs)


def test_the_lexicon_starts_with_a_swedish_header_on_how_to_edit_it() -> None:
    head = LEXICON.read_text(encoding="utf-8").split("\nversion:")[0]
    assert head.startswith("# ")
    assert "Så här redigerar du" in head and "themes" in head


def test_the_lexicon_matches_the_real_map(real_map: Map, lex: Lexicon) -> None:
    assert check_lexicon(lex, real_map, "data/lexicon.yaml") == []


def test_unknown_keys_in_the_lexicon_are_errors() -> None:
    with pytest.raises(LexiconError) as err:
        parse_lexicon("themes:\n  klimat:\n    terms: [klimat]\n    vikt: 2\n", "lex.yaml")
    assert err.value.problems == [
        "lex.yaml: themes.klimat.vikt: okänd nyckel (tillåtna: weight, terms)"
    ]
    with pytest.raises(LexiconError, match="teman: okänd nyckel"):
        parse_lexicon("teman: {}\n", "lex.yaml")


def test_other_lexicon_defects_are_clear() -> None:
    with pytest.raises(
        LexiconError, match=r"^lex.yaml:3:1: ogiltig YAML: expected the node content"
    ):
        parse_lexicon("themes:\n  klimat: [\n", "lex.yaml")
    with pytest.raises(LexiconError, match=r"themes\.klimat\.terms: saknas"):
        parse_lexicon("themes:\n  klimat: {weight: 1}\n", "lex.yaml")
    with pytest.raises(
        LexiconError, match="okänd frågeställare 'foreningg' \\(menade du 'forening'\\?\\)"
    ):
        parse_lexicon(
            "audiences:\n  forening: {name: f, terms: [förening]}\n"
            "  ik: {name: i, terms: [ik], broader: [foreningg]}\n",
            "lex.yaml",
        )
    with pytest.raises(LexiconError, match="kinds"):
        parse_lexicon("needs:\n  x: {name: x, terms: [x], kinds: [klubb]}\n", "lex.yaml")
    with pytest.raises(LexiconError, match="kan inte läsa"):
        load_lexicon(TEST_DATA / "finns-inte.yaml")


def test_unknown_theme_and_audience_ids_are_reported_by_name(search_small: Map) -> None:
    lex = parse_lexicon(
        "themes:\n  klimatx: {terms: [klimat]}\n  idrott: {terms: [idrott]}\n"
        "audiences:\n  ik: {name: ik, terms: [ik], audiences: [kat-idrottsforening], themes: [idrot]}\n"
        "needs:\n  pengar: {name: p, terms: [bidrag], themes: [bidrag]}\n",
        "lex.yaml",
    )
    assert check_lexicon(lex, search_small, "lex.yaml") == [
        "lex.yaml: themes.klimatx: okänt tema 'klimatx' (finns inte under themes i kartan) (menade du 'klimat'?)",
        "lex.yaml: audiences.ik.themes: okänt tema 'idrot' (finns inte under themes i kartan) (menade du 'idrott'?)",
        "lex.yaml: audiences.ik.audiences: okänd målgrupp 'kat-idrottsforening' (finns inte under audiences i kartan) (menade du 'kat-idrottsforeningar'?)",
        "lex.yaml: needs.pengar.themes: okänt tema 'bidrag' (finns inte under themes i kartan)",
    ]


def test_lexicon_paths() -> None:
    assert default_lexicon_for(REAL_MAP) == LEXICON
    assert default_lexicon_for("x/y/karta.yaml").name == "lexicon.yaml"
    assert packaged_lexicon_path() == LEXICON


# -- answers ----------------------------------------------------------------------------


def test_a_sports_club_asking_about_climate_gets_the_climate_network(search_small: Map) -> None:
    answers = guide(search_small, CLIMATE_Q)
    first = answers[0]
    assert first.id == "foreningsradets-klimatnatverk"
    assert first.why.startswith("Ni nämner klimatet; Klimatnätverket arbetar med Klimat och miljö.")
    # a card says each thing once: why, how to reach, who decides
    assert "beslut" not in first.why.lower() and "beskrivningen svarar mot" not in first.why
    assert first.contact
    # a seat in a network carries no matter to a decision (issue 9): no path is claimed
    assert first.path_to_decision == []
    assert first.decides.startswith("Kartan vet inte vem som beslutar om detta.")


def test_answers_are_ranked_and_scored_between_0_and_1(search_small: Map) -> None:
    answers = guide(search_small, CLIMATE_Q)
    scores = [a.score for a in answers]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 and type(s) is float for s in scores)
    assert len(ids(answers)) == len(set(ids(answers)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        answers[0].score = 0  # type: ignore[misc]


def test_path_to_decision_is_the_graph_path(search_small: Map) -> None:
    answers = guide(search_small, "samverkan klimat idrott bidrag", limit=20)
    assert answers
    for a in answers:
        steps = decision_path(search_small, a.id)
        assert a.path_to_decision == ([] if steps is None else path_ids(steps, a.id))
        if a.path_to_decision:
            assert a.path_to_decision[0] == a.id
            assert search_small.nodes[a.path_to_decision[-1]].kind.value == "decision_body"
            assert "eslut" in a.decides
        else:
            assert a.decides.startswith("Kartan vet inte vem som beslutar om detta.")


def test_a_decision_body_is_its_own_path(search_small: Map) -> None:
    result = ask(search_small, "Vem beslutar om Kommunstyrelsen?")
    assert result.question_type == "who_decides"
    ks = next(a for a in result.answers[:2] if a.id == "kommunstyrelsen")
    assert ks.path_to_decision == ["kommunstyrelsen"]
    assert ks.decides.startswith("Kommunstyrelsen är ett beslutande organ")


def test_the_councils_own_steering_is_not_a_decision_body(search_small: Map) -> None:
    result = ask(
        search_small, "Samverkansrådet har diskuterat en fråga. Vart går frågan för beslut?"
    )
    answers = result.answers
    assert "samverkansradet" in ids(answers)[:2]
    council = next(a for a in answers if a.id == "samverkansradet")
    assert council.why.startswith("Ni nämner Samverkansrådet")
    assert result.fact is not None and result.fact.kind == "sends_to"
    assert result.fact.items == ("samverkansradet-au",)
    for a in answers:
        assert "samverkansradet-au" not in a.path_to_decision[-1:], a
        if a.id == "samverkansradet-au":
            assert "självt ett beslutande organ" not in a.decides


def test_grants_question(search_small: Map) -> None:
    answers = guide(search_small, "Var söker vår förening föreningsbidrag?")
    assert answers[0].id == "en-vag-in"
    assert answers[0].why.startswith("Ni nämner föreningsbidrag;")
    assert "Föreningsbidrag och finansiering" in answers[0].why


def test_abbreviations_in_questions_name_bodies_only_when_written_in_capitals(
    search_small: Map,
) -> None:
    assert (
        guide(search_small, "Hur kommer vi i kontakt med KFF?")[0].id
        == "kultur-och-fritidsforvaltningen"
    )
    assert "mucf" not in ids(guide(search_small, "vi vill ha ok bidrag", limit=20))
    assert guide(search_small, "Vad gör PSI?")[0].id == "partnerskap-for-sociala-innovationer"


def test_audience_parameter_and_audience_read_from_the_text(search_small: Map) -> None:
    given = guide(search_small, "Vart vänder vi oss?", audience="kat-idrottsforeningar")
    assert given[0].id == "rf-sisu"
    assert "ingång för idrottsföreningar" in given[0].why
    staff = guide(
        search_small, "Jag är kommunanställd och undrar vilka forum för samverkan som finns."
    )
    assert staff[0].id == "c-natet"
    assert "ingång för kommunanställda" in staff[0].why


def test_theme_parameter_alone(search_small: Map) -> None:
    answers = guide(search_small, None, theme="klimat")
    assert answers[0].id == "foreningsradets-klimatnatverk"
    assert all("klimat" in search_small.nodes[a.id].themes for a in answers)
    assert answers[0].why.startswith("Klimatnätverket arbetar med Klimat och miljö.")


def test_proximity_to_the_askers_own_organisation(search_small: Map) -> None:
    plain = {a.id: a for a in guide(search_small, "klimat", limit=20)}
    near = {a.id: a for a in guide(search_small, "klimat", from_id="orebro-foreningsrad", limit=20)}
    assert "orebro-foreningsrad" not in near  # not one's own organisation
    assert near["klimatneutrala-stader-2030"].score > plain["klimatneutrala-stader-2030"].score
    assert "direkt koppling till Örebro Föreningsråd" in near["klimatneutrala-stader-2030"].why


def test_councils_and_networks_rank_above_events_and_outside_examples(search_small: Map) -> None:
    order = ids(guide(search_small, "samverkan", limit=30))
    assert order[:2] == ["samverkansradet", "c-natet"]
    assert "helsingborg" not in order and "temakvall-sociala-foretag-2023" not in order


def test_an_unrecognised_question_gets_no_filler_but_where_to_ask(search_small: Map) -> None:
    """Nothing below the confidence threshold is shown (the old guide padded the list
    with 'Är en enhet'); the asker is sent to En väg in."""
    result = ask(search_small, "qwzx plorp")
    assert result.answers == []
    assert result.note == "Kartan har inget säkert svar — fråga En väg in."
    assert guide(search_small, None) == guide(search_small, "")


def test_unknown_ids_are_ignored_and_limits_respected(search_small: Map) -> None:
    base = guide(search_small, CLIMATE_Q)
    assert guide(search_small, CLIMATE_Q, theme="finns-inte", from_id="finns-inte") == base
    assert len(guide(search_small, "samverkan", limit=2)) == 2
    assert guide(search_small, CLIMATE_Q, limit=0) == []


def test_guide_is_deterministic(search_small: Map) -> None:
    again = load_map(SMALL)
    assert (
        guide(search_small, CLIMATE_Q) == guide(again, CLIMATE_Q) == guide(search_small, CLIMATE_Q)
    )


def test_very_long_question(search_small: Map) -> None:
    answers = guide(search_small, ("klimat förening bidrag " * 600)[:10_000])
    assert 0 < len(answers) <= 10
    assert guide(search_small, "ö" * 10_000) == guide(search_small, "qwzx")


def test_works_without_a_lexicon_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guide_module, "packaged_lexicon_path", lambda: ROOT / "finns-inte.yaml")
    fresh = load_map(SMALL)
    answers = guide(fresh, "Vi vill arbeta med klimat och miljö")
    assert answers[0].id in {"foreningsradets-klimatnatverk", "klimatneutrala-stader-2030"}
    assert "Klimat och miljö" in answers[0].why
    assert guide(fresh, "klimat", lexicon=fallback_lexicon(fresh))[0].id == answers[0].id


def test_a_given_lexicon_is_used(search_small: Map) -> None:
    own = parse_lexicon("themes:\n  sociala-innovationer: {terms: [påhitt]}\n")
    assert (
        guide(search_small, "Vi har ett påhitt", lexicon=own)[0].id
        == "partnerskap-for-sociala-innovationer"
    )
    assert guide(search_small, "Vi har ett påhitt") == []


def test_synthetic_map() -> None:
    m = Map(MapFile.model_validate(generate(400, seed=5)))
    answers = guide(m, "Vi är en förening som vill jobba med klimat och trygghet", from_id="n00010")
    assert 0 < len(answers) <= 10  # only the sure ones
    assert answers == guide(
        m, "Vi är en förening som vill jobba med klimat och trygghet", from_id="n00010"
    )
    assert all(
        "klimat" in m.nodes[a.id].themes or "trygghet" in m.nodes[a.id].themes for a in answers
    )


# -- the evaluation on the real map -----------------------------------------------------


def eval_questions() -> list[dict[str, Any]]:
    data = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    questions: list[dict[str, Any]] = data["questions"]
    return questions


def test_the_eval_has_at_least_30_questions_of_every_sort() -> None:
    questions = eval_questions()
    assert len(questions) >= 30
    for item in questions:
        assert set(item) <= {"q", "audience", "theme", "from", "expected", "source"}
        assert item["expected"] and item["source"]
        assert item.get("q") or item.get("theme")
    assert sum(1 for i in questions if "audience" in i) >= 3
    assert any("from" in i for i in questions) and any(i.get("q") is None for i in questions)


def run_eval(m: Map) -> tuple[list[int | None], list[str]]:
    """Rank of the first expected id per question (1-based, None when not in the top 10)."""
    ranks: list[int | None] = []
    lines: list[str] = []
    for item in eval_questions():
        answers = ids(
            guide(
                m,
                item.get("q"),
                theme=item.get("theme"),
                audience=item.get("audience"),
                from_id=item.get("from"),
            )
        )
        rank = next((n for n, a in enumerate(answers, 1) if a in item["expected"]), None)
        ranks.append(rank)
        if rank is None or rank > 3:
            lines.append(
                f"rank {rank}: {item.get('q')!r} expected {item['expected']} got {answers[:3]}"
            )
    return ranks, lines


def test_eval_hit_at_3_is_at_least_90_percent(real_map: Map) -> None:
    ranks, misses = run_eval(real_map)
    hit3 = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    assert hit3 >= 0.90, f"hit@3 = {hit3:.2f}\n" + "\n".join(misses)


def test_eval_expected_ids_exist_in_the_real_map(real_map: Map) -> None:
    missing = sorted(
        {i for item in eval_questions() for i in item["expected"] if i not in real_map.nodes}
    )
    every_question_answerable = all(
        any(i in real_map.nodes for i in item["expected"]) for item in eval_questions()
    )
    assert every_question_answerable, (
        f"questions with no expected id on the map; missing: {missing}"
    )


def test_why_quotes_the_askers_words_as_written_never_folded_parts(real_map: Map) -> None:
    """A compound word split for matching ("äldreomsorgen" -> aldre + omsorgen) is not
    quoted as the folded part 'aldre'; filler words such as 'bland' are not quoted."""
    questions = [
        "Vår pensionärsförening vill prata om äldreomsorgen",
        "Vi är en moské och vill arbeta mot psykisk ohälsa bland unga",
        "Vem beslutar om överenskommelsen mellan kommunen och civilsamhället?",
    ]
    whys = [a.why for q in questions for a in guide(real_map, q)]
    assert whys
    for bad in ("'aldre'", "'bland'", "'mellan'"):
        assert not [w for w in whys if bad in w], bad


def test_an_application_question_is_read_as_a_question_about_money(real_map: Map) -> None:
    """'ansökan' and 'Allmänna arvsfonden' say the asker wants money (it fell back to
    'Inget i frågan kändes igen')."""
    answers = guide(real_map, "Vem kan hjälpa oss med ansökan till Allmänna arvsfonden?")
    assert "Inget i frågan kändes igen" not in answers[0].why
    assert "en-vag-in" in ids(answers)[:3]


def test_why_quotes_the_askers_words_as_written(real_map: Map) -> None:
    why = guide(real_map, "Vem kan hjälpa oss med ansökan till Allmänna arvsfonden?")[0].why
    assert why.startswith("Ni nämner Allmänna arvsfonden")
    single = guide(real_map, "Vi vill jobba med klimatet")[0].why
    assert single.startswith("Ni nämner klimatet;")


def test_the_one_way_in_comes_from_the_data_not_from_a_name(search_small: Map) -> None:
    """``map.door`` names the municipality's one way in; a body called "En väg in" on a
    map without it is just a body, and any body can be the door."""
    data = search_small.data

    def with_door(body: str | None) -> Map:
        door = Door(id=body, sources=["001 §10"]) if body else None
        return Map(data.model_copy(update={"map": data.map.model_copy(update={"door": door})}))

    assert guide_module.door_id(search_small) == "en-vag-in"
    assert ask(search_small, "xyzzy qwerty").note == (
        "Kartan har inget säkert svar — fråga En väg in."
    )
    without = with_door(None)
    assert guide_module.door_id(without) is None
    assert ask(without, "xyzzy qwerty").note == "Kartan har inget säkert svar."
    board = with_door("kommunstyrelsen")  # its alias is the name people use: "KS"
    assert guide_module.door_id(board) == "kommunstyrelsen"
    assert ask(board, "xyzzy qwerty").note == "Kartan har inget säkert svar — fråga KS."
    council = with_door("samverkansradet")  # no alias: its name
    assert ask(council, "xyzzy qwerty").note.endswith("fråga Samverkansrådet.")


def test_english_calls_the_one_way_in_by_its_english_name(real_map: Map, search_small: Map) -> None:
    """The aliases are Swedish ("En väg in"): an English answer uses the English name the
    English pages give the body, and the alias only when the data has no English name."""
    door = real_map.nodes["en-vag-in"]
    assert door.name_en and door.aliases == ["En väg in"]
    assert ask(real_map, "xyzzy qwerty", lang="en").note == (
        f"The map has no sure answer — ask {door.name_en}."
    )
    assert ask(real_map, "xyzzy qwerty", lang="sv").note == (
        "Kartan har inget säkert svar — fråga En väg in."
    )
    assert search_small.nodes["en-vag-in"].name_en is None
    assert ask(search_small, "xyzzy qwerty", lang="en").note == (
        "The map has no sure answer — ask En väg in."
    )


def test_who_are_you_offers_the_same_askers_in_both_languages() -> None:
    """ "Who are you?" is the lexicon's askers: the English file has every Swedish key, with
    the same audiences and themes, so a choice survives a switch of language (eight were
    missing: social associations, housing cooperatives, tenants' associations …)."""
    sv = load_lexicon(ROOT / "data" / "lexicon.yaml").audiences
    en = load_lexicon(ROOT / "data" / "lexicon.en.yaml").audiences
    assert set(en) == set(sv)
    for key, asker in sv.items():
        assert en[key].audiences == asker.audiences, key
        assert en[key].themes == asker.themes, key
