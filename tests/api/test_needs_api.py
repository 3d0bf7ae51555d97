"""Needs over HTTP on the real map (issue 14): /api/needs, the analysis counts, the guide,
the pages and the exports (read back with independent libraries)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import httpx
import networkx as nx
import pytest

from kartan.needs import need_status, needs_at
from tests.helpers import needs_real_map

pytestmark = needs_real_map


def test_all_needs_are_listed_with_sources_and_status(real: httpx.Client, real_map: Any) -> None:
    body = real.get("/api/needs").json()
    assert set(body) == {"total", "items"}
    assert body["total"] == len(real_map.data.needs) == len(body["items"])
    by_id = {n["id"]: n for n in body["items"]}
    for need in real_map.data.needs:
        item = by_id[need.id]
        assert item["status"] == need_status(need)
        assert [s["ref"] for s in item["sources"]] == need.sources
        assert [t["id"] for t in item["taken_up_by"]] == [t.id for t in need.taken_up_by]
    klimat = by_id["starta-natverk-klimat"]
    assert klimat["raised_by"][0]["type"] == "audience"
    assert klimat["taken_up_by"][0]["id"] == "foreningsradets-klimatnatverk"
    assert klimat["taken_up_by"][0]["sources"][0]["title"].startswith("Minnesanteckningar")


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"theme": "klimat"}, lambda n: "klimat" in n.themes),
        ({"status": "unmet"}, lambda n: not n.taken_up_by),
        ({"status": "taken_up"}, lambda n: bool(n.taken_up_by)),
        ({"audience": "civilsamhallet"}, lambda n: "civilsamhallet" in n.raised_by),
        ({"audience": "samverkansradet"}, lambda n: "samverkansradet" in n.raised_by),
        ({"kind": "obstacle"}, lambda n: n.kind.value == "obstacle"),
    ],
)
def test_filters(real: httpx.Client, real_map: Any, params: dict[str, str], check: Any) -> None:
    body = real.get("/api/needs", params=params).json()
    expected = [n.id for n in real_map.data.needs if check(n)]
    assert expected, params
    assert [n["id"] for n in body["items"]] == expected
    assert body["total"] == len(expected)


def test_at_shows_needs_voiced_by_then_and_their_forums_then(
    real: httpx.Client, real_map: Any
) -> None:
    body = real.get("/api/needs", params={"at": "2022-06-01"}).json()
    ids = {n["id"]: n for n in body["items"]}
    assert "na-ut-till-flyktingar-oversattning" in ids  # voiced 2022-04-20
    assert "lokalfragor" not in ids  # voiced 2023-11-07
    # the climate network was started in 2023: on 2022-06-01 the proposal had no forum yet
    assert ids["starta-natverk-klimat"]["status"] == "unmet"
    later = real.get("/api/needs", params={"at": "2023-06-01"}).json()["items"]
    assert {n["id"]: n for n in later}["starta-natverk-klimat"]["status"] == "taken_up"


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "nope"},
        {"status": "open"},
        {"audience": "en-person"},
        {"kind": "wish"},
        {"at": "2023-13-01"},
        {"theme": "x" * 81},
    ],
)
def test_bad_filters_are_422_with_a_readable_detail(
    real: httpx.Client, params: dict[str, str]
) -> None:
    response = real.get("/api/needs", params=params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_analysis_counts_match_the_data(real: httpx.Client, real_map: Any) -> None:
    gap = real.get("/api/analysis").json()["needs_without_forum"]
    needs = real_map.data.needs
    assert gap["total"] == len(needs)
    assert gap["unmet"] == sum(1 for n in needs if not n.taken_up_by)
    for row in gap["by_theme"]:
        with_theme = [n for n in needs if row["theme"] in n.themes]
        assert row["total"] == len(with_theme)
        assert row["unmet_ids"] == [n.id for n in with_theme if not n.taken_up_by]
        assert row["unmet"] == len(row["unmet_ids"])
    unmet = [r["unmet"] for r in gap["by_theme"]]
    assert unmet == sorted(unmet, reverse=True)
    html = real.get("/analys").text
    assert "Behov utan forum" in html
    klimat = next(r for r in gap["by_theme"] if r["theme"] == "klimat")
    assert f"<td>{klimat['unmet']}</td><td>{klimat['total']}</td>" in html


def test_the_guide_names_needs_others_have_raised(real: httpx.Client) -> None:
    q = "Vi behöver anpassade lokaler för vår förening"
    related = real.get("/api/guide", params={"q": q}).json()["related_needs"]
    assert "lokalfragor" in [n["id"] for n in related]
    page = real.get("/guide", params={"q": q}).text
    assert "Andra har lyft samma sak" in page
    assert 'href="/behov#lokalfragor"' in page


def test_body_page_lists_the_questions_taken_up_there(real: httpx.Client, real_map: Any) -> None:
    html = real.get("/noder/foreningsradets-klimatnatverk").text
    assert "Frågor som tas upp här" in html
    assert 'href="/behov#starta-natverk-klimat"' in html
    # a body that takes up nothing has no such section
    assert "Frågor som tas upp här" not in real.get("/noder/kommunfullmaktige").text


def test_needs_page_filters_by_theme_and_who(real: httpx.Client, real_map: Any) -> None:
    html = real.get(
        "/behov", params={"tema": "klimat", "vem": "deltagare-fordjupningsdagen-2021"}
    ).text
    expected = [
        n.id
        for n in real_map.data.needs
        if "klimat" in n.themes and "deltagare-fordjupningsdagen-2021" in n.raised_by
    ]
    for need_id in expected:
        assert f'id="{need_id}"' in html
    assert html.count('class="card need ') == len(expected)
    en = real.get("/behov", params={"lang": "en"}).text
    assert "Taken up by" in en and "No forum." in en


def test_exports_carry_the_needs(real: httpx.Client, real_map: Any) -> None:
    response = real.get("/api/export/needs-csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [n.id for n in real_map.data.needs]
    first = rows[0]
    assert first["status"] in ("taken_up", "unmet") and first["sources"]
    graph = nx.node_link_graph(json.loads(real.get("/api/export/json").content), edges="edges")
    assert [n["id"] for n in graph.graph["needs"]] == [n.id for n in real_map.data.needs]
    dated = list(
        csv.DictReader(
            io.StringIO(
                real.get("/api/export/needs-csv", params={"at": "2022-01-01"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    day = dt.date(2022, 1, 1)
    assert [r["id"] for r in dated] == [n.id for n in needs_at(real_map.at(day), day)]
    assert len(dated) < len(rows)
