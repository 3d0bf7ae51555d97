"""Exports read back with independent parsers: igraph (GraphML), networkx and lxml (GEXF),
the csv module, icalendar, json (Popolo, node-link); plus the standalone file's safety
properties that can be checked without a browser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo
from pathlib import Path

import igraph
import networkx as nx
import pytest
from icalendar import Calendar
from lxml import etree, html

from kartan import export as ex
from kartan.errors import UnknownNodeError
from kartan.ical import fold_line, parse_time
from kartan.load import load_map
from kartan.map import Map
from kartan.model import example_file
from kartan_cli.main import main
from tests.helpers import REAL_MAP, TEST_DATA

SMALL = TEST_DATA / "export_small.yaml"
XSS = TEST_DATA / "xss.yaml"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PAYLOADS = ("<img src=x onerror=alert(1)>", '"><script>alert(1)</script>')


@pytest.fixture(scope="module")
def xss() -> Map:
    return load_map(XSS)


@pytest.fixture(scope="module")
def exports(export_small: Map) -> dict[str, ex.Export]:
    return {fmt: ex.export(export_small, fmt) for fmt in ex.FORMATS}


def _dated_meetings(m: Map) -> int:
    return sum(1 for _, meeting in m.meetings() if meeting.date is not None)


# --- the dispatcher ---------------------------------------------------------------


def test_every_format_has_a_body_media_type_and_file_name(
    exports: dict[str, ex.Export],
) -> None:
    assert set(ex.FORMATS) >= {"json", "csv", "graphml", "gexf", "ics", "popolo", "html"}
    for fmt, out in exports.items():
        assert out.body, fmt
        assert out.media_type == ex.MEDIA_TYPES[fmt]
        assert out.filename.startswith("samverkanskartan")
    assert exports["csv"].filename == "samverkanskartan-nodes.csv"
    assert exports["relations-csv"].filename == "samverkanskartan-relations.csv"


def test_exports_are_byte_for_byte_deterministic(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    again = load_map(SMALL)
    for fmt in ex.FORMATS:
        assert ex.export(again, fmt).body == exports[fmt].body, fmt


def test_unknown_format_is_a_value_error_with_the_choices(export_small: Map) -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'; choose one of: json"):
        ex.export(export_small, "pdf")
    with pytest.raises(ex.UnknownFormatError):
        ex.export(export_small, "")


def test_unknown_node_is_a_key_error_with_a_plain_message(export_small: Map) -> None:
    with pytest.raises(KeyError) as info:
        ex.export(export_small, "ics", node="finns-inte")
    assert isinstance(info.value, UnknownNodeError)
    assert str(info.value) == "unknown node 'finns-inte'"


def test_file_names_name_the_date_and_node(export_small: Map) -> None:
    at = export_small.at(dt.date(2023, 1, 1))
    assert ex.export(at, "json").filename == "samverkanskartan-2023-01-01.json"
    one = ex.export(export_small, "ics", node="kommunstyrelsen")
    assert one.filename == "samverkanskartan-kommunstyrelsen.ics"


# --- node-link JSON -----------------------------------------------------------------


def test_json_is_node_link_that_networkx_reads_back(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    data = json.loads(exports["json"].body)
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert g.number_of_nodes() == len(export_small.nodes)
    assert g.number_of_edges() == len(export_small.edges)
    node = g.nodes["samverkansradet"]
    assert node["name"] == "Samverkansrådet"
    assert node["kind"] == "council"
    assert node["themes"] == ["samverkan"]
    assert node["entry_point"] is True
    assert node["contact"]["function"] == "secretary"
    edge = g.edges["samverkansradet", "samverkansradet-au", "samverkansradet/relations/0"]
    assert edge["type"] == "sends_matters_to"
    assert edge["relation"] == "skickar frågor till"
    assert edge["sources"] == ["001 §5 L208"]
    member = g.edges["almby-ik", "samverkansradet", "samverkansradet/members/1"]
    assert (member["type"], member["role"]) == ("member_of", "vice_chair")


# --- GraphML and GEXF -------------------------------------------------------------


def test_graphml_reads_back_in_igraph(
    export_small: Map, exports: dict[str, ex.Export], tmp_path: Path
) -> None:
    path = tmp_path / "map.graphml"
    path.write_bytes(exports["graphml"].body)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.vcount() == len(export_small.nodes)
    assert g.ecount() == len(export_small.edges)
    assert g.is_directed()
    by_id = {v["id"]: v for v in g.vs}
    assert by_id["orebro-foreningsrad"]["name"] == "Örebro Föreningsråd"
    assert by_id["klimatneutrala-stader-2030"]["aliases"] == "Klimatneutrala Örebro 2030"
    assert by_id["samverkansradet"]["themes"] == "samverkan"
    types = sorted(e["type"] for e in g.es)
    assert types.count("member_of") == sum(len(n.members) for n in export_small.data.nodes)


def test_gexf_reads_back_in_networkx_and_lxml(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    g = nx.read_gexf(io.BytesIO(exports["gexf"].body))
    assert g.number_of_nodes() == len(export_small.nodes)
    assert g.number_of_edges() == len(export_small.edges)
    assert g.nodes["orebro-foreningsrad"]["label"] == "Örebro Föreningsråd"
    tree = etree.fromstring(exports["gexf"].body)
    ns = {"g": tree.nsmap[None]}
    edges = tree.findall(".//g:edges/g:edge", ns)
    assert len(edges) == len(export_small.edges)
    titles = {
        a.get("title") for a in tree.findall(".//g:attributes[@class='edge']/g:attribute", ns)
    }
    assert "relation_type" in titles
    assert {e.get("type") for e in edges} <= {"directed", None}


def test_graph_formats_carry_the_payloads_as_escaped_text(xss: Map, tmp_path: Path) -> None:
    path = tmp_path / "xss.graphml"
    path.write_bytes(ex.export(xss, "graphml").body)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.vcount() == len(xss.nodes)
    names = {v["id"]: v["name"] for v in g.vs}
    assert names["rad"].startswith(PAYLOADS[0])
    gexf = nx.read_gexf(io.BytesIO(ex.export(xss, "gexf").body))
    assert gexf.number_of_edges() == len(xss.edges)


# --- CSV ------------------------------------------------------------------------------


def _rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads å, ä, ö"
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_nodes_csv_has_a_header_and_one_row_per_node(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    rows = _rows(exports["csv"].body)
    assert list(rows[0]) == ex.NODE_COLUMNS
    assert [r["id"] for r in rows] == [n.id for n in export_small.data.nodes]
    row = {r["id"]: r for r in rows}["samverkansradet"]
    assert row["name"] == "Samverkansrådet"
    assert row["kind_label"] == "råd"
    assert row["contact"] == "sekreterare via Kommunledningsförvaltningen"
    assert row["meets_place"] == "Föreningarnas Hus, Slottsgatan 13A"
    assert row["entry_point"] == "true"
    assert row["sources"] == "001; 002"
    assert {r["id"]: r for r in rows}["orebro-foreningsrad"]["name"] == "Örebro Föreningsråd"


def test_relations_csv_has_one_row_per_edge(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    rows = _rows(exports["relations-csv"].body)
    assert list(rows[0]) == ex.RELATION_COLUMNS
    assert len(rows) == len(export_small.edges)
    almby = next(r for r in rows if r["source"] == "almby-ik")
    assert almby["relation"] == "är vice ordförande i"
    assert almby["target_name"] == "Samverkansrådet"
    assert almby["valid_from"] == "2023-02-08"


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    formulas = example_file(
        {"id": "a", "kind": "council", "name": "=HYPERLINK(\"x\")", "sources": ["s"],
         "description": "+1 och -2 @3", "aliases": ["-x"]},
    )  # fmt: skip
    row = _rows(ex.export(Map(formulas), "csv").body)[0]
    assert row["name"] == '\'=HYPERLINK("x")'
    assert row["description"] == "'+1 och -2 @3"
    assert row["aliases"] == "'-x"


# --- iCalendar -------------------------------------------------------------------------


def test_ics_reads_back_in_icalendar(export_small: Map, exports: dict[str, ex.Export]) -> None:
    cal = Calendar.from_ical(exports["ics"].body)
    events = cal.walk("VEVENT")
    assert len(events) == _dated_meetings(export_small) == 7
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@samverkanskartan") for uid in uids)
    assert "m-2023-11-ks-beslut@samverkanskartan" not in uids  # only `when`: left out
    by_uid = {str(e["UID"]): e for e in events}
    sr = by_uid["m-2023-11-07-samverkansradet@samverkanskartan"]
    start, end = sr.decoded("DTSTART"), sr.decoded("DTEND")
    assert start == dt.datetime(2023, 11, 7, 16, 0, tzinfo=STOCKHOLM)
    assert start.astimezone(dt.UTC) == dt.datetime(2023, 11, 7, 15, 0, tzinfo=dt.UTC)
    assert end.astimezone(dt.UTC) == dt.datetime(2023, 11, 7, 17, 0, tzinfo=dt.UTC)
    assert str(sr["SUMMARY"]) == "Samverkansrådet"
    assert str(sr["LOCATION"]) == "Föreningarnas Hus, Slottsgatan 13A"
    desc = str(sr["DESCRIPTION"])
    assert "Arrangör: Samverkansrådet" in desc and "Status: genomfört" in desc
    assert "Minnesanteckningar Samverkansrådet 7 november 2023" in desc
    winter = by_uid["m-2023-03-06-utvardering@samverkanskartan"].decoded("DTSTART")
    assert winter.astimezone(dt.UTC).hour == 17  # 18:00 CET
    summer = by_uid["m-2023-06-14-samverkansradet@samverkanskartan"].decoded("DTSTART")
    assert summer.astimezone(dt.UTC).hour == 14  # 16:00 CEST
    allday = by_uid["m-2023-11-07-ks-beredning@samverkanskartan"]
    assert allday.decoded("DTSTART") == dt.date(2023, 11, 7)
    multi = by_uid["m-2023-11-29-mucf-dagarna@samverkanskartan"]
    assert multi.decoded("DTEND") == dt.date(2023, 12, 1)  # exclusive end
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"


def test_ics_lines_are_crlf_and_folded_at_75_octets(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    body = exports["ics"].body
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the fixture needs a folded line"
    for line in lines:
        line.decode("utf-8")  # never split inside a character


def test_ics_for_one_body(export_small: Map) -> None:
    cal = Calendar.from_ical(ex.export(export_small, "ics", node="kommunstyrelsen").body)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [
        "m-2023-11-07-ks-beredning@samverkanskartan"
    ]
    assert "Kommunstyrelsen" in str(cal["X-WR-CALNAME"])


def test_ics_escapes_and_folds_hostile_text(xss: Map) -> None:
    body = ex.export(xss, "ics").body
    cal = Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    assert len(events) == _dated_meetings(xss)
    assert str(events[0]["SUMMARY"]) == xss.nodes["rad"].meetings[0].title
    assert max(len(line) for line in body.split(b"\r\n")) <= 75


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16:00-18:00", ((16, 0), (18, 0))),
        ("16–18", ((16, 0), (18, 0))),
        ("Kl. 18–20", ((18, 0), (20, 0))),
        ("kl 9.30 till 11", ((9, 30), (11, 0))),
        ("18.30", ((18, 30), None)),
        ("kl. 16", ((16, 0), None)),
        ("22-01", ((22, 0), (1, 0))),
        ("på eftermiddagen", None),
        ("2023-11-07", None),
        ("25:00", None),
        ("", None),
    ],
)
def test_parse_time(
    text: str, expected: tuple[tuple[int, int], tuple[int, int] | None] | None
) -> None:
    got = parse_time(text)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        start, end = expected
        assert (got[0].hour, got[0].minute) == start
        assert (None if got[1] is None else (got[1].hour, got[1].minute)) == end


def test_fold_keeps_characters_whole() -> None:
    line = "DESCRIPTION:" + "åäö€" * 60
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


# --- Popolo ----------------------------------------------------------------------------


def test_popolo_organizations_and_memberships(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    data = json.loads(exports["popolo"].body)
    orgs = {o["id"]: o for o in data["organizations"]}
    assert set(orgs) == set(export_small.nodes)
    assert len(data["memberships"]) == sum(len(n.members) for n in export_small.data.nodes)
    for ms in data["memberships"]:
        assert ms["organization_id"] in orgs
        assert ms["member"]["@type"] == "Organization"
        assert ms["member"]["id"] in orgs
        assert ms["sources"] and all("note" in s for s in ms["sources"])
    sr = orgs["samverkansradet"]
    assert sr["classification"] == "council"
    assert sr["other_names"] == [{"name": "SR"}]
    assert sr["parent_id"] == "overenskommelsen-om-samverkan"
    almby = next(ms for ms in data["memberships"] if ms["member"]["id"] == "almby-ik")
    assert (almby["role"], almby["start_date"]) == ("vice ordförande", "2023-02-08")


# --- standalone HTML (what a parser can check; the browser test does the rest) ----------


def test_standalone_html_links_nothing_outside_the_file(exports: dict[str, ex.Export]) -> None:
    doc = html.fromstring(exports["html"].body)
    assert doc.get("lang") == "sv"
    assert not doc.xpath("//link | //iframe | //img | //object | //embed")
    assert not doc.xpath("//*[@src]")
    for el in doc.xpath("//*[@href]"):
        assert el.get("href").startswith("#"), el.get("href")
    scripts = doc.xpath("//script")
    assert len(scripts) == 6
    assert sum(1 for s in scripts if s.get("type") == "application/json") == 4
    text = exports["html"].body.decode("utf-8")
    assert "bootstrap" not in text.lower()
    assert "cdnjs" not in text and "jsdelivr" not in text
    assert "vis.Network" in text  # vis-network is inlined


def test_standalone_html_escapes_every_payload(xss: Map) -> None:
    text = ex.export(xss, "html").body.decode("utf-8")
    for payload in (*PAYLOADS, "</script><script>alert(2)", '<a href="javascript'):
        assert payload not in text
    doc = html.fromstring(text.encode("utf-8"))
    assert len(doc.xpath("//script")) == 6  # no injected script element
    assert not doc.xpath("//img")
    data = json.loads(doc.xpath("//script[@id='kartan-page']")[0].text)
    assert data["details"]["rad"]["name"].startswith(PAYLOADS[0])
    nodes = json.loads(doc.xpath("//script[@id='kartan-nodes']")[0].text)
    assert all("title" not in n for n in nodes)  # tooltips are DOM nodes built in JS
    assert "{{7*7}}" in data["details"]["forvaltning"]["name"]  # template syntax inert


def test_standalone_html_has_positions_and_no_physics(
    export_small: Map, exports: dict[str, ex.Export]
) -> None:
    doc = html.fromstring(exports["html"].body)
    nodes = json.loads(doc.xpath("//script[@id='kartan-nodes']")[0].text)
    options = json.loads(doc.xpath("//script[@id='kartan-options']")[0].text)
    assert options["physics"]["enabled"] is False
    from kartan.layout import positions

    pos = positions(export_small)
    assert {n["id"]: (n["x"], n["y"]) for n in nodes} == pos


def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "relations-csv", "ics", "html"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--format", fmt, "--data", str(SMALL), "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    assert main(["export", "-f", "ics", "--data", str(SMALL), "--node", "nej"]) == 2
    assert "unknown node 'nej'" in capsys.readouterr().err


def test_english_labels_and_page(export_small: Map) -> None:
    page = html.fromstring(ex.export(export_small, "html", lang="en").body)
    assert page.get("lang") == "en"
    assert page.xpath("//label[@for='search']")[0].text == "Search bodies"
    data = json.loads(page.xpath("//script[@id='kartan-page']")[0].text)
    assert data["details"]["samverkansradet"]["themes"] == ["Collaboration"]
    assert data["details"]["samverkansradet"]["kind_label"] == "council"
    row = _rows(ex.export(export_small, "csv", lang="en").body)[0]
    assert row["kind_label"] == "council"


def test_real_map_calendar_has_the_council_meeting_of_7_november_2023() -> None:
    real = REAL_MAP
    if not real.exists():
        pytest.skip("data/forums.yaml is not there yet")
    m = load_map(real)
    meeting = next(
        mt
        for node, mt in m.meetings()
        if node.id == "samverkansradet" and mt.date == dt.date(2023, 11, 7)
    )
    cal = Calendar.from_ical(ex.export(m, "ics").body)
    events = cal.walk("VEVENT")
    assert len(events) == _dated_meetings(m)
    event = next(e for e in events if str(e["UID"]) == f"{meeting.id}@samverkanskartan")
    assert event.decoded("DTSTART") == dt.datetime(2023, 11, 7, 16, 0, tzinfo=STOCKHOLM)
    assert "Föreningarnas Hus" in str(event["LOCATION"])
