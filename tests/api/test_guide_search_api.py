"""The guide and search over HTTP on the real map (issue 10): one search engine for Sök,
/api/search and /api/nodes?q=; facts with date and source; English questions in English;
"Vem är ni?" with the askers the minutes name; no "planerat" for a meeting in the past."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kartan.facts import meeting_status
from kartan.model import Meeting


@pytest.fixture(scope="module")
def client(real_app: Any) -> Iterator[TestClient]:
    with real_app.client(follow_redirects=True) as c:
        yield c
        c.cookies.clear()


def test_a_typo_of_a_name_comes_first_in_every_search(client: TestClient) -> None:
    items = client.get("/api/search", params={"q": "Samverkansrådt"}).json()["items"]
    assert items[0]["id"] == "samverkansradet"
    nodes = client.get("/api/nodes", params={"q": "Samverkansrådt"}).json()["items"]
    assert nodes[0]["id"] == "samverkansradet"
    page = client.get("/noder", params={"q": "Samverkansrådt", "lang": "sv"}).text
    first = page.split("<tbody>", 1)[1]
    assert first.index("Samverkansrådet") < first.index("Samverkansrådets AU")


def test_search_items_carry_the_english_name(client: TestClient) -> None:
    items = client.get("/api/search", params={"q": "Samverkansrådet"}).json()["items"]
    graph = {n["id"]: n for n in client.get("/api/graph").json()["nodes"]}
    assert items and all(i["name_en"] == graph[i["id"]]["name_en"] for i in items)
    assert items[0]["name_en"] == "The Collaboration Council"


def test_search_says_did_you_mean_only_when_the_name_is_not_already_first(
    client: TestClient,
) -> None:
    exact = client.get("/api/search", params={"q": "Kommunstyrelsen"}).json()
    assert exact["did_you_mean"] is None
    typo = client.get("/api/search", params={"q": "Samvrkansrådte"}).json()
    assert typo["items"][0]["id"] == "samverkansradet" and typo["did_you_mean"] is None


@pytest.mark.parametrize("q", ["språkcafé", "pensionär", "volunteer"])
def test_sok_never_ends_at_no_hits_without_a_way_on(client: TestClient, q: str) -> None:
    page = client.get("/noder", params={"q": q, "lang": "sv"}).text
    if "Inga träffar" in page:
        assert "/guide?q=" in page and "Fråga guiden" in page


def test_a_fact_question_is_answered_before_the_list_with_date_and_source(
    client: TestClient,
) -> None:
    body = client.get("/api/guide", params={"q": "Vilka förvaltningar sitter i C-nätet?"}).json()
    assert body["question_type"] == "fact"
    fact = body["fact"]
    assert fact["kind"] == "members" and fact["subject"] == "c-natet"
    assert "Kultur- och fritidsförvaltningen" in fact["text"]
    assert fact["date"] == "2023-02-08" and all(s.startswith("001") for s in fact["sources"])
    page = client.get("/guide", params={"q": "Vilka förvaltningar sitter i C-nätet?"}).text
    assert page.index("guide-fact") < page.index('class="answers"')
    assert "Källa: 001" in page


def test_who_decides_uses_the_decision_model(client: TestClient) -> None:
    body = client.get(
        "/api/guide", params={"q": "Vem beslutar om överenskommelsen om samverkan 2024–2027?"}
    ).json()
    assert body["question_type"] == "who_decides"
    assert body["fact"]["kind"] == "decides_on"
    assert {"kommunfullmaktige", "kommunstyrelsen"} & {i["id"] for i in body["items"][:3]}
    halls = client.get("/api/guide", params={"q": "Vem bestämmer över idrottshallarna?"}).json()
    assert halls["items"][0]["id"] == "kultur-och-fritidsforvaltningen"
    card = halls["items"][0]
    assert card["why"].startswith("Ni nämner idrottshallarna;")
    assert card["decides"].startswith("Kartan vet inte vem som beslutar om detta.")


def test_english_questions_are_answered_in_english(client: TestClient) -> None:
    body = client.get("/api/guide", params={"q": "Who decides about grants for associations?"})
    data = body.json()
    assert data["lang"] == "en" and data["question_type"] == "who_decides"
    assert data["items"] and all(i["why"].startswith("You mention") for i in data["items"])
    assert "volunteer" not in data["note"]
    lonely = client.get(
        "/api/guide", params={"q": "We are a group of volunteers who want to help lonely people."}
    ).json()
    assert lonely["items"], "volunteer is understood"


def test_no_filler_and_where_to_ask(client: TestClient) -> None:
    body = client.get("/api/guide", params={"q": "qwzx plorp"}).json()
    assert body["items"] == []
    assert body["note"] == "Kartan har inget säkert svar — fråga En väg in."
    short = client.get("/api/guide", params={"q": "Vi vill ha en fritidsgård i vårt område."})
    data = short.json()
    assert 0 < data["total"] < 10
    assert data["note"] == "Inga fler säkra förslag — fråga En väg in."
    assert not [i for i in data["items"] if i["why"].startswith(("Är en", "är en"))]


def test_vem_ar_ni_offers_the_askers_the_minutes_name(client: TestClient) -> None:
    page = client.get("/guide", params={"lang": "sv"}).text
    select = page.split('id="ask-audience"', 1)[1].split("</select>", 1)[0]
    for value in ("pensionarsforening", "trossamfund", "ungdomsforening", "nyanlanda-forening",
                  "natverk-utan-orgnr"):  # fmt: skip
        assert f'value="{value}"' in select
    asked = client.get("/guide", params={"q": "Vart vänder vi oss?", "audience": "trossamfund"})
    assert asked.status_code == 200
    api = client.get("/api/guide", params={"q": "ensamhet", "audience": "pensionärsförening"})
    assert api.status_code == 200


def test_a_past_meeting_is_never_planerat() -> None:
    mt = Meeting.model_validate(
        {"id": "m", "title": "Info", "date": "2023-11-16", "status": "planned", "sources": ["002"]}
    )
    assert "planerat" not in meeting_status(mt, dt.date(2026, 1, 1))
    assert meeting_status(mt, dt.date(2023, 11, 1)) == "planerat"


def test_a_theme_in_the_guide_leads_to_all_its_bodies(client: TestClient) -> None:
    """The start page's theme chip counts every body of the theme, and the guide shows only
    the sure ones: the guide says where all of them are, and the directory lists as many."""
    start = client.get("/?lang=sv").text
    chips = dict(re.findall(r'href="/guide\?theme=([\w-]+)">[^<]*<span class="count">(\d+)', start))
    assert "klimat" in chips
    for theme, n in list(chips.items())[:4]:
        guide = client.get("/guide", params={"theme": theme, "lang": "sv"}).text
        link = re.search(
            r'<p class="guide-theme-all"><a href="/noder\?theme=([\w-]+)">([^<]*)</a>', guide
        )
        assert link is not None and link[1] == theme, theme
        assert link[2].startswith("Förteckningen visar alla organ med temat ")
        assert link[2].endswith(f"({n})"), (theme, link[2])
        directory = client.get("/noder", params={"theme": theme, "lang": "sv"}).text
        count = re.search(r'class="result-count"[^>]*>(\d+) ', directory)
        assert count is not None and count[1] == n, (theme, n, count and count[1])
