"""The API on the real map (data/forums.yaml), over HTTP: every node answers, search finds
Kommunstyrelsen by every name, the graph matches the map.  Skipped until the map exists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kartan.graph import decision_path
from tests.helpers import needs_real_map

pytestmark = needs_real_map


def test_map_counts_match(real: httpx.Client, real_map: Any) -> None:
    body = real.get("/api/map").json()
    assert body["counts"] == real_map.counts()
    assert body["version"] == real_map.version
    assert body["owner"] == real_map.owner


@pytest.mark.parametrize("q", ["KS", "kommunstyrelsen", "Kommunstyrelsen", "kommunstyrelse"])
def test_search_finds_kommunstyrelsen(real: httpx.Client, q: str) -> None:
    items = real.get("/api/search", params={"q": q}).json()["items"]
    assert items[0]["id"] == "kommunstyrelsen"


@pytest.mark.parametrize("q", ["KS", "ks", "kommunstyrelsen", "Kommunstyrelsen"])
def test_directory_text_filter_lists_the_exact_match_first(real: httpx.Client, q: str) -> None:
    """`/api/nodes?q=KS` also matches 'Daglig verKSamhet'; Kommunstyrelsen comes first."""
    body = real.get("/api/nodes", params={"q": q}).json()
    assert body["items"][0]["id"] == "kommunstyrelsen"


def test_every_node_answers_with_its_path_to_decision(real: httpx.Client, real_map: Any) -> None:
    for node_id in real_map.nodes:
        r = real.get(f"/api/nodes/{node_id}")
        assert r.status_code == 200, node_id
        body = r.json()
        expected = decision_path(real_map, node_id)
        if expected is None:
            assert body["path_to_decision"] is None, node_id
        else:
            assert [s["to"] for s in body["path_to_decision"]] == [s.target for s in expected]
        for rel in body["outgoing"] + body["incoming"]:
            assert rel["relation"] and rel["text"].startswith(body["name"])
        assert body["contact"] is None or body["contact"]["via_name"]


def test_samverkansradet_has_no_known_decider_and_says_so(real: httpx.Client) -> None:
    # The minutes give the council no chain to KS, KF or a nämnd; its AU is its own
    # steering, not where the municipality decides (issue 9).
    body = real.get("/api/nodes/samverkansradet").json()
    assert body["kind"] == "council"
    assert body["path_to_decision"] is None
    assert "ingen känd väg" in body["path_to_decision_text"]


def test_graph_matches_the_map(real: httpx.Client, real_map: Any) -> None:
    g = real.get("/api/graph").json()
    assert {n["id"] for n in g["nodes"]} == set(real_map.nodes)
    assert len(g["edges"]) == real_map.counts()["edges"]
    assert len({(n["x"], n["y"]) for n in g["nodes"]}) == len(g["nodes"])


def test_neighbours_and_paths(real: httpx.Client) -> None:
    hood = real.get("/api/nodes/samverkansradet/neighbours", params={"depth": 2}).json()
    assert len(hood["nodes"]) > 3
    r = real.get("/api/path", params={"from": "almby-ik", "to": "kommunstyrelsen"})
    assert r.status_code == 200
    steps = r.json()["steps"]
    assert steps[0]["from"] == "almby-ik" and steps[-1]["to"] == "kommunstyrelsen"


def test_analysis_on_the_real_map(real: httpx.Client) -> None:
    a = real.get("/api/analysis").json()
    assert a["totals"]["articulation_points"] >= 1
    for c in a["articulation_points"]:
        assert c["text"].startswith("Samverkan hänger på")


def test_guide_on_the_real_map(real: httpx.Client) -> None:
    q = "Vi är en idrottsförening som vill jobba med klimatet – vart vänder vi oss?"
    items = real.get("/api/guide", params={"q": q}).json()["items"]
    assert items and all(i["why"] for i in items)


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("idrottsförening", "rf-sisu"),
        ("idrottsforening", "rf-sisu"),
        ("kat-idrottsforeningar", "rf-sisu"),
        ("studieförbund", None),
        ("trossamfund", None),
        ("kommunanställd", None),
        ("invånare", None),
    ],
)
def test_guide_audience_takes_the_askers_kind_in_swedish(
    real: httpx.Client, audience: str, expected: str | None
) -> None:
    """The issue's audiences (idrottsförening, studieförbund, kommunanställd, invånare)
    are accepted as written, not only as map ids; a sports club asking about premises
    gets RF-SISU in the top three."""
    r = real.get("/api/guide", params={"q": "Vi behöver en lokal", "audience": audience})
    assert r.status_code == 200, r.text
    if expected:
        assert expected in [i["id"] for i in r.json()["items"][:3]]


def test_guide_unknown_audience_is_still_422(real: httpx.Client) -> None:
    r = real.get("/api/guide", params={"q": "klimat", "audience": "marsmänniskor"})
    assert r.status_code == 422
    assert "Okänd målgrupp" in r.json()["detail"]
