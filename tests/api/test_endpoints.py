"""Every endpoint of the contract over real HTTP, on the small API map (values by hand)."""

from __future__ import annotations

import importlib.util

import httpx
import pytest

needs_search = pytest.mark.skipif(
    importlib.util.find_spec("kartan.search") is None, reason="kartan.search not written yet"
)
needs_guide = pytest.mark.skipif(
    importlib.util.find_spec("kartan.guide") is None, reason="kartan.guide not written yet"
)


def detail(r: httpx.Response) -> str:
    body = r.json()
    assert set(body) <= {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    return str(body["detail"])


# --- /api/map ----------------------------------------------------------------------------


def test_map(api: httpx.Client) -> None:
    r = api.get("/api/map")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["title"] == "Testkarta för API:t"
    assert body["owner"] == "radet" and body["owner_name"] == "Rådet"
    assert body["version"].startswith("sha256:")
    assert body["as_of"] is None
    assert body["counts"]["nodes"] == 10
    assert body["counts"]["members"] == 5
    assert body["counts"]["meetings"] == 2


def test_map_at_a_date_leaves_out_what_did_not_hold(api: httpx.Client) -> None:
    then = api.get("/api/map", params={"at": "2022-01-01"}).json()
    later = api.get("/api/map", params={"at": "2023-06-01"}).json()
    assert then["as_of"] == "2022-01-01"
    # Gamla forumet held until 2022-12-31; Föreningen's seat in Rådet from 2022-04-20.
    assert then["counts"]["nodes"] == 10 and later["counts"]["nodes"] == 9
    assert then["counts"]["members"] == 4 and later["counts"]["members"] == 5


@pytest.mark.parametrize("bad", ["2023-02-30", "2023-13-01", "0000-01-01"])
def test_impossible_date_is_422(api: httpx.Client, bad: str) -> None:
    r = api.get("/api/nodes", params={"at": bad})
    assert r.status_code == 422
    assert "ÅÅÅÅ-MM-DD" in detail(r)


@pytest.mark.parametrize("bad", ["yesterday", "2023-1-1", "20230101", "2023-01-01T00:00"])
def test_malformed_date_is_422_with_readable_detail(api: httpx.Client, bad: str) -> None:
    r = api.get("/api/graph", params={"at": bad})
    assert r.status_code == 422
    text = detail(r)
    assert "at" in text and "Ogiltig parameter" in text
    assert r.json()["errors"][0]["loc"] == ["query", "at"]


# --- /api/nodes --------------------------------------------------------------------------


def test_nodes_sorted_by_name_with_total(api: httpx.Client) -> None:
    body = api.get("/api/nodes").json()
    assert body["total"] == 10 and body["limit"] == 50 and body["offset"] == 0
    names = [n["name"] for n in body["items"]]
    assert names[0] == "Arbetsutskottet" and names[-1] == "Trygghetsföreningen"
    first = body["items"][0]
    assert first == {
        "id": "au",
        "name": "Arbetsutskottet",
        "name_en": None,
        "kind": "working_group",
        "kind_label": "arbetsgrupp",
        "kind_label_en": "working group",
        "aliases": ["AU"],
        "themes": ["klimat"],
        "audiences": [],
        "entry_point": False,
        "external": False,
        "description": None,
        "reviewed": "2026-01-01",
        "valid_from": None,
        "valid_until": None,
        "dates_inferred": False,
    }


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"kind": "organisation"}, ["foreningen", "idrottsklubben", "trygghetsforeningen"]),
        ({"theme": "trygghet"}, ["trygghetsforeningen"]),
        ({"entry_point": "true"}, ["klimatnatverket", "radet"]),
        # ö matches o; one search engine: names first, then words of descriptions
        ({"q": "forening"}, ["foreningen", "radet", "trygghetsforeningen"]),
        ({"q": "KS"}, ["kommunstyrelsen"]),  # an alias
        ({"q": "the council"}, ["radet"]),  # the English name
        ({"kind": "network", "theme": "klimat"}, ["klimatnatverket"]),
        ({"kind": "forum", "at": "2023-06-01"}, []),
        ({"kind": "forum", "at": "2022-06-01"}, ["gamla-forumet"]),
    ],
)
def test_nodes_filters(api: httpx.Client, params: dict[str, str], ids: list[str]) -> None:
    body = api.get("/api/nodes", params=params).json()
    assert sorted(n["id"] for n in body["items"]) == ids
    assert body["total"] == len(ids)


def test_nodes_paging(api: httpx.Client) -> None:
    all_ids = [n["id"] for n in api.get("/api/nodes").json()["items"]]
    page = api.get("/api/nodes", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 10
    assert [n["id"] for n in page["items"]] == all_ids[3:6]
    past = api.get("/api/nodes", params={"offset": 100}).json()
    assert past["total"] == 10 and past["items"] == []


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"limit": "501"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"kind": "club"}, "kind"),
        ({"entry_point": "kanske"}, "entry_point"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_nodes_bad_parameters_are_422(api: httpx.Client, params: dict[str, str], word: str) -> None:
    r = api.get("/api/nodes", params=params)
    assert r.status_code == 422
    assert word in detail(r)


def test_nodes_limit_500_is_allowed(api: httpx.Client) -> None:
    assert api.get("/api/nodes", params={"limit": 500}).status_code == 200


def test_unknown_theme_is_422(api: httpx.Client) -> None:
    r = api.get("/api/nodes", params={"theme": "fiske"})
    assert r.status_code == 422
    assert "fiske" in detail(r) and "klimat" in detail(r)


# --- /api/nodes/{id} ---------------------------------------------------------------------


def test_node_detail(api: httpx.Client) -> None:
    r = api.get("/api/nodes/radet")
    assert r.status_code == 200
    n = r.json()
    assert n["name"] == "Rådet" and n["kind_label"] == "råd" and n["entry_point"] is True
    assert n["themes"] == [
        {"id": "klimat", "name": "Klimat och miljö", "name_en": "Climate and environment"},
        {"id": "idrott", "name": "Idrott", "name_en": "Sport"},
    ]
    assert n["audiences"][0]["name"] == "Idrottsföreningar"
    assert n["meets"] == {
        "place": {"id": "foreningshuset", "name": "Föreningshuset", "address": None},
        "time": "16–18",
        "frequency": None,
    }
    c = n["contact"]
    assert (c["function"], c["function_label"], c["via"], c["via_name"]) == (
        "secretary",
        "sekreterare",
        "kommunledningsforvaltningen",
        "Kommunledningsförvaltningen",
    )
    assert c["text"] == "sekreterare via Kommunledningsförvaltningen"
    assert c["url"] is None
    assert n["sources"][0] == {
        "ref": "001 §2",
        "id": "001",
        "item": "§2",
        "title": "Minnesanteckningar Rådet 8 februari 2023",
        "date": "2023-02-08",
    }
    chair = n["members"][0]
    assert (chair["id"], chair["name"], chair["role"], chair["role_label"]) == (
        "foreningen",
        "Föreningen",
        "chair",
        "ordförande",
    )
    assert chair["valid_from"] == "2022-04-20"
    assert [m["id"] for m in n["members"]] == [
        "foreningen",
        "idrottsklubben",
        "kommunledningsforvaltningen",
    ]


def test_node_relations_read_in_plain_swedish(api: httpx.Client) -> None:
    n = api.get("/api/nodes/radet").json()
    out = {(r["other"], r["relation"]) for r in n["outgoing"]}
    assert out == {("au", "skickar frågor till")}
    incoming = {(r["other"], r["type"], r["relation"]) for r in n["incoming"]}
    assert incoming == {
        ("au", "part_of", "har som del"),
        ("klimatnatverket", "sends_matters_to", "får frågor från"),
        ("gamla-forumet", "handed_over_to", "har fått ansvar från"),
    }
    texts = {r["text"] for r in n["incoming"]}
    assert "Rådet får frågor från Klimatnätverket" in texts
    assert all(r["direction"] == "incoming" for r in n["incoming"])
    # memberships are in members / member_of, not in the relation lists
    assert not any(r["type"] == "member_of" for r in n["outgoing"] + n["incoming"])


def test_node_member_of_and_nuance_label(api: httpx.Client) -> None:
    n = api.get("/api/nodes/foreningen").json()
    assert {(m["id"], m["role_label"]) for m in n["member_of"]} == {
        ("radet", "ordförande"),
        ("klimatnatverket", "ledamot"),
    }
    au = api.get("/api/nodes/au").json()
    ks = next(r for r in au["outgoing"] if r["other"] == "kommunstyrelsen")
    assert ks["relation"] == "lyfter frågor till" and ks["label"] == "lyfter frågor till"
    assert ks["relation_en"] == "sends matters to"


def test_node_meetings(api: httpx.Client) -> None:
    meetings = api.get("/api/nodes/radet").json()["meetings"]
    assert [m["id"] for m in meetings] == ["radet-2023-11-07", "radet-var-2024"]
    held, planned = meetings
    assert held["date"] == "2023-11-07" and held["status_label"] == "genomfört"
    assert held["place"]["name"] == "Föreningshuset"
    assert planned["date"] is None and planned["when"] == "våren 2024"
    assert planned["sources"][0]["item"] == "§9"


def test_node_path_to_decision(api: httpx.Client) -> None:
    n = api.get("/api/nodes/radet").json()
    steps = n["path_to_decision"]
    assert [(s["from"], s["to"]) for s in steps] == [("radet", "au"), ("au", "kommunstyrelsen")]
    assert steps[0]["text"] == "Rådet skickar frågor till Arbetsutskottet"
    assert n["path_to_decision_text"].endswith(
        "Arbetsutskottet lyfter frågor till Kommunstyrelsen."
    )
    # a seat in the council is a way to raise a matter, never a step of the path
    club = api.get("/api/nodes/idrottsklubben").json()
    assert club["path_to_decision"] is None
    ks = api.get("/api/nodes/kommunstyrelsen").json()
    assert ks["path_to_decision"] == []
    assert ks["path_to_decision_text"] == "Kommunstyrelsen är själv ett beslutande organ."
    orphan = api.get("/api/nodes/projektet").json()
    assert orphan["path_to_decision"] is None
    assert "ingen känd väg" in orphan["path_to_decision_text"]


@pytest.mark.parametrize("node_id", ["nope", "RADET", "radet ", "../radet", "å", "x" * 200])
def test_unknown_node_is_404_with_readable_detail(api: httpx.Client, node_id: str) -> None:
    r = api.get(f"/api/nodes/{node_id}")
    assert r.status_code == 404
    text = detail(r)
    assert "ingen nod" in text or "Hittades inte" in text


def test_node_not_on_the_map_on_that_date_is_404(api: httpx.Client) -> None:
    assert api.get("/api/nodes/gamla-forumet", params={"at": "2022-06-01"}).status_code == 200
    r = api.get("/api/nodes/gamla-forumet", params={"at": "2023-06-01"})
    assert r.status_code == 404 and "gamla-forumet" in detail(r)


def test_too_long_id_is_422(api: httpx.Client) -> None:
    assert api.get("/api/nodes/" + "x" * 201).status_code == 422


# --- neighbours --------------------------------------------------------------------------


def test_neighbours(api: httpx.Client) -> None:
    one = api.get("/api/nodes/klimatnatverket/neighbours").json()
    assert one["center"] == "klimatnatverket" and one["depth"] == 1
    assert {n["id"] for n in one["nodes"]} == {
        "klimatnatverket",
        "foreningen",
        "idrottsklubben",
        "radet",
        "projektet",
    }
    assert one["nodes"][0]["id"] == "klimatnatverket"
    for e in one["edges"]:
        assert {e["from"], e["to"]} <= {n["id"] for n in one["nodes"]}
    two = api.get("/api/nodes/klimatnatverket/neighbours", params={"depth": 2}).json()
    assert {"au", "kommunledningsforvaltningen", "gamla-forumet"} <= {n["id"] for n in two["nodes"]}
    assert "trygghetsforeningen" not in {n["id"] for n in two["nodes"]}


@pytest.mark.parametrize("depth", ["0", "4", "-1", "x"])
def test_neighbours_depth_is_1_to_3(api: httpx.Client, depth: str) -> None:
    r = api.get("/api/nodes/radet/neighbours", params={"depth": depth})
    assert r.status_code == 422 and "depth" in detail(r)


def test_neighbours_unknown_is_404(api: httpx.Client) -> None:
    assert api.get("/api/nodes/nope/neighbours").status_code == 404


# --- /api/path ---------------------------------------------------------------------------


def test_path(api: httpx.Client) -> None:
    r = api.get("/api/path", params={"from": "projektet", "to": "kommunstyrelsen"})
    assert r.status_code == 200
    body = r.json()
    assert body["from"] == "projektet" and body["to"] == "kommunstyrelsen"
    assert body["ids"][0] == "projektet" and body["ids"][-1] == "kommunstyrelsen"
    assert body["length"] == len(body["steps"]) == len(body["ids"]) - 1
    first = body["steps"][0]
    assert first["relation"] == "samverkar med"
    assert first["text"] == "Klimatprojektet samverkar med Klimatnätverket"
    assert body["text"].startswith("Klimatprojektet samverkar med Klimatnätverket.")


def test_path_backward_step_reads_inverse(api: httpx.Client) -> None:
    body = api.get("/api/path", params={"from": "radet", "to": "gamla-forumet"}).json()
    assert body["steps"] == [
        {
            "from": "radet",
            "to": "gamla-forumet",
            "from_name": "Rådet",
            "to_name": "Gamla forumet",
            "type": "handed_over_to",
            "direction": "backward",
            "role": None,
            "relation": "har fått ansvar från",
            "text": "Rådet har fått ansvar från Gamla forumet",
            "sources": ["001 §7"],
        }
    ]


def test_path_to_itself_is_empty(api: httpx.Client) -> None:
    body = api.get("/api/path", params={"from": "radet", "to": "radet"}).json()
    assert body["steps"] == [] and body["ids"] == ["radet"] and body["length"] == 0


def test_no_path_is_404_with_clear_detail(api: httpx.Client) -> None:
    r = api.get("/api/path", params={"from": "trygghetsforeningen", "to": "radet"})
    assert r.status_code == 404
    assert "Ingen väg" in detail(r) and "Trygghetsföreningen" in detail(r)


def test_path_unknown_id_is_404(api: httpx.Client) -> None:
    r = api.get("/api/path", params={"from": "radet", "to": "nope"})
    assert r.status_code == 404 and "nope" in detail(r)


def test_path_needs_both_ends(api: httpx.Client) -> None:
    r = api.get("/api/path", params={"from": "radet"})
    assert r.status_code == 422 and "to" in detail(r)


# --- /api/graph --------------------------------------------------------------------------


def test_graph_shape(api: httpx.Client) -> None:
    g = api.get("/api/graph").json()
    assert set(g) == {"version", "as_of", "nodes", "edges", "regions"}
    sectors = {n["id"]: n["sector"] for n in g["nodes"]}
    assert sectors["radet"] == "forums"
    assert {r["sector"] for r in g["regions"]} == set(sectors.values())
    for n in g["nodes"]:
        (box,) = [r for r in g["regions"] if r["sector"] == n["sector"]]
        assert box["x0"] <= n["x"] <= box["x1"] and box["y0"] <= n["y"] <= box["y1"]
    assert len(g["nodes"]) == 10 and len(g["edges"]) == 5 + 8
    node = next(n for n in g["nodes"] if n["id"] == "radet")
    assert node["kind_label"] == "råd" and node["entry_point"] is True
    assert node["themes"] == ["klimat", "idrott"]
    assert isinstance(node["x"], float) and isinstance(node["y"], float)
    edge = next(e for e in g["edges"] if e["id"] == "radet/members/0")
    assert edge == {
        "id": "radet/members/0",
        "from": "foreningen",
        "to": "radet",
        "type": "member_of",
        "label": "är medlem i",
        "label_en": "is a member of",
        "role": "chair",
        "role_label": "ordförande",
        "inferred": False,
        "valid_from": "2022-04-20",
        "valid_until": None,
        # a seat is a way to raise a matter, never a chain of decision
        "family": "raise",
        "family_label": "väg att lyfta en fråga",
        "family_label_en": "way to raise a matter",
        "dates_inferred": False,
    }
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in g["edges"])
    assert len({e["id"] for e in g["edges"]}) == len(g["edges"])


def test_graph_positions_are_spread_and_stable(api: httpx.Client) -> None:
    a = api.get("/api/graph").json()
    b = api.get("/api/graph").json()
    assert a == b
    points = {(n["x"], n["y"]) for n in a["nodes"]}
    assert len(points) == len(a["nodes"])  # no two nodes on the same spot


def test_graph_at_a_date_keeps_positions(api: httpx.Client) -> None:
    full = {n["id"]: (n["x"], n["y"]) for n in api.get("/api/graph").json()["nodes"]}
    then = api.get("/api/graph", params={"at": "2023-06-01"}).json()
    assert then["as_of"] == "2023-06-01"
    assert "gamla-forumet" not in {n["id"] for n in then["nodes"]}
    for n in then["nodes"]:
        assert (n["x"], n["y"]) == full[n["id"]]


# --- /api/analysis -----------------------------------------------------------------------


def test_analysis(api: httpx.Client) -> None:
    a = api.get("/api/analysis").json()
    assert [n["id"] for n in a["without_path_to_decision"]] == ["projektet"]
    assert "project" in a["without_path_kinds"] and "organisation" not in a["without_path_kinds"]
    assert [t["id"] for t in a["themes_without_forum"]] == ["trygghet"]
    assert a["themes_without_forum"][0]["nodes"] == 1
    assert [s["id"] for s in a["stale_nodes"]] == ["trygghetsforeningen"]
    assert a["stale_nodes"][0]["reviewed"] is None
    pairs = [(p["a"], p["b"], p["shared"]) for p in a["shared_members"]]
    assert pairs == [("klimatnatverket", "radet", ["foreningen", "idrottsklubben"])]
    cut = {c["id"]: c["cut_off"] for c in a["articulation_points"]}
    assert cut["klimatnatverket"] == 1  # Klimatprojektet hangs on Klimatnätverket
    assert "Samverkan hänger på Klimatnätverket" in next(
        c["text"] for c in a["articulation_points"] if c["id"] == "klimatnatverket"
    )
    assert [(b["from"], b["to"]) for b in a["bridges"]] == [("projektet", "klimatnatverket")]
    assert a["totals"]["bridges"] == 1


def test_analysis_limit(api: httpx.Client) -> None:
    a = api.get("/api/analysis", params={"limit": 1}).json()
    assert len(a["stale_nodes"]) <= 1 and a["totals"]["stale_nodes"] == 1
    assert api.get("/api/analysis", params={"limit": 0}).status_code == 422


# --- /api/changes, /api/export -----------------------------------------------------------


def test_changes(api: httpx.Client) -> None:
    version = api.get("/api/map").json()["version"]
    body = api.get("/api/changes").json()
    assert body.get("items")
    assert isinstance(body["items"][0]["summary"], str)
    if body["items"][0]["revision"].startswith("sha256:"):
        assert body["items"][0]["revision"] == version


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/json"),
        ("csv", "text/csv; charset=utf-8"),
        ("relations-csv", "text/csv; charset=utf-8"),
        ("graphml", "application/graphml+xml"),
        ("gexf", "application/gexf+xml"),
        ("ics", "text/calendar; charset=utf-8"),
        ("popolo", "application/json"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_export_formats(api: httpx.Client, fmt: str, media: str) -> None:
    r = api.get(f"/api/export/{fmt}")
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    assert r.headers["content-disposition"].startswith('attachment; filename="samverkanskartan')
    assert r.headers["etag"] and "cache-control" in r.headers
    assert len(r.content) > 50


def test_export_ics_for_one_node(api: httpx.Client) -> None:
    r = api.get("/api/export/ics", params={"node": "radet"})
    assert r.status_code == 200
    assert "Rådets möte" in r.text and "BEGIN:VCALENDAR" in r.text
    assert 'filename="samverkanskartan-radet' in r.headers["content-disposition"]


def test_export_unknown_format_and_node(api: httpx.Client) -> None:
    r = api.get("/api/export/pdf")
    assert r.status_code == 404 and "graphml" in detail(r)
    r = api.get("/api/export/ics", params={"node": "nope"})
    assert r.status_code == 404 and "nope" in detail(r)


# --- search and guide --------------------------------------------------------------------


@needs_search
@pytest.mark.parametrize("q", ["KS", "kommunstyrelsen", "Kommunstyrelsen", "kommunstyrelse"])
def test_search_finds_kommunstyrelsen(api: httpx.Client, q: str) -> None:
    body = api.get("/api/search", params={"q": q}).json()
    assert body["items"][0]["id"] == "kommunstyrelsen"
    assert body["total"] == len(body["items"])
    top = body["items"][0]
    assert set(top) == {"id", "name", "name_en", "kind", "kind_label", "score", "matched"}
    assert 0 <= top["score"] <= 1


@needs_search
def test_search_limit_and_empty(api: httpx.Client) -> None:
    assert len(api.get("/api/search", params={"q": "r", "limit": 2}).json()["items"]) <= 2
    for params in ({"q": ""}, {"q": "   "}, {}, {"q": "x", "limit": "101"}):
        r = api.get("/api/search", params=params)
        assert r.status_code == 422, params
        detail(r)


@needs_guide
def test_guide(api: httpx.Client) -> None:
    r = api.get("/api/guide", params={"q": "Vi vill jobba med klimatet – vart vänder vi oss?"})
    assert r.status_code == 200
    items = r.json()["items"]
    assert items, "the guide found nothing for a climate question"
    for item in items:
        assert item["why"] and isinstance(item["path_to_decision"], list)
    assert items[0]["id"] in {"klimatnatverket", "radet", "au", "projektet"}


@needs_guide
@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"q": "klimat", "theme": "fiske"}, "tema"),
        ({"q": "klimat", "audience": "kat-okand"}, "målgrupp"),
        ({"q": "klimat", "from": "nope"}, "nope"),
        ({}, "fråga"),
    ],
)
def test_guide_bad_ids_are_422(api: httpx.Client, params: dict[str, str], word: str) -> None:
    r = api.get("/api/guide", params=params)
    assert r.status_code == 422
    assert word in detail(r)


def test_guide_checks_ids_even_before_guide_exists(api: httpx.Client) -> None:
    r = api.get("/api/guide", params={"theme": "fiske"})
    assert r.status_code == 422 and "fiske" in detail(r)


# --- health, errors ----------------------------------------------------------------------


def test_healthz(api: httpx.Client) -> None:
    r = api.get("/healthz")
    assert r.status_code == 200
    h = r.json()
    assert h["status"] == "ok" and h["last_error"] is None and h["detail"] is None
    assert h["version"] == api.get("/api/map").json()["version"]
    assert h["data_file"] == "api_small.yaml"
    # no reviewed date, no relations (Trygghetsföreningen); no contact (the administration);
    # 5 records without English
    assert h["warnings"] == 8


def test_unknown_path_and_method_are_json(api: httpx.Client) -> None:
    r = api.get("/api/nothing")
    assert r.status_code == 404 and detail(r) == "Hittades inte (not found)"
    r = api.post("/api/map")
    assert r.status_code == 405 and "not allowed" in detail(r)
    r = api.delete("/api/nodes/radet")
    assert r.status_code == 405


def test_openapi_and_docs(api: httpx.Client) -> None:
    spec = api.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in [
        "/api/map",
        "/api/nodes",
        "/api/nodes/{node_id}",
        "/api/nodes/{node_id}/neighbours",
        "/api/path",
        "/api/search",
        "/api/guide",
        "/api/graph",
        "/api/analysis",
        "/api/changes",
        "/api/export/{format}",
        "/healthz",
    ]:
        assert path in paths, path
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert op.get("description"), f"{path} has no docstring"
    r = api.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/api/nodes/{node_id}" in r.text and "<script" not in r.text
    # `code` in the docstrings is shown as code, not as raw backticks
    assert "<code>at=YYYY-MM-DD</code>" in r.text
    assert "`" not in r.text.split("<h1>", 1)[1]
