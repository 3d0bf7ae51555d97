"""Matters (issue 17) over real HTTP against uvicorn on the real map: ``/api/matters`` and
its filters, matters on meetings, the analysis' report-back, the guide, and the exports
read back by independent libraries (csv, networkx, icalendar)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import httpx
import networkx as nx
import pytest
from icalendar import Calendar

from tests.helpers import needs_real_map

pytestmark = needs_real_map


def test_list_has_total_and_items(real: httpx.Client, real_map: Any) -> None:
    body = real.get("/api/matters").json()
    assert set(body) == {"total", "items"}
    assert body["total"] == len(body["items"]) == len(real_map.data.matters)
    karta = next(x for x in body["items"] if x["id"] == "arende-001-5-karta")
    assert karta["kind"] == "sent_elsewhere" and karta["kind_label"] == "skickas vidare"
    assert karta["went_to"]["id"] == "samverkansradet-au"
    assert karta["meeting"] == {
        "id": "m-2023-02-08-samverkansradet",
        "title": "Samverkansrådets möte",
        "title_en": "Meeting of the Collaboration Council",
        "date": "2023-02-08",
        "when": None,
        "when_en": None,
        "organiser": "samverkansradet",
    }
    assert karta["item_title"] == "Karta över samverkan"
    assert [a["meeting"]["date"] for a in karta["later"]] == ["2023-11-07"] * 3
    assert karta["sources"][0]["ref"] == "001 §5 L204"


def test_status_filter_and_report_back_wording(real: httpx.Client) -> None:
    body = real.get("/api/matters", params={"status": "no_report_back"}).json()
    assert body["total"] >= 3
    for x in body["items"]:
        assert x["kind"] == "sent_elsewhere" and x["later"] == []
        assert x["state_label"] == "ingen återrapportering i anteckningarna"
        assert x["state_label_en"] == "no report-back in the minutes"


def test_body_theme_kind_filters(real: httpx.Client) -> None:
    au = real.get("/api/matters", params={"body": "samverkansradet-au"}).json()
    assert {x["id"] for x in au["items"]} >= {"arende-001-5-karta", "arende-000-3-temakvallar"}
    for x in au["items"]:
        ids = {c["id"] for c in x["carried_by"]} | {(x["went_to"] or {}).get("id")}
        assert "samverkansradet-au" in ids
    klimat = real.get("/api/matters", params={"theme": "klimat"}).json()
    assert klimat["total"] > 0 and all("klimat" in x["themes"] for x in klimat["items"])
    tabled = real.get("/api/matters", params={"kind": "tabled"}).json()
    assert tabled["total"] > 0 and all(x["kind"] == "tabled" for x in tabled["items"])


def test_at_shows_the_state_on_that_date(real: httpx.Client) -> None:
    body = real.get("/api/matters", params={"at": "2023-06-01"}).json()
    dates = [x["meeting"]["date"] for x in body["items"]]
    assert dates and max(dates) <= "2023-06-01"
    karta = next(x for x in body["items"] if x["id"] == "arende-001-5-karta")
    assert karta["state"] == "no_report_back" and karta["later"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "glomd"},
        {"kind": "beslut"},
        {"body": "finns-inte"},
        {"theme": "finns-inte"},
        {"at": "2023-02-30"},
        {"status": "x" * 41},
    ],
)
def test_bad_parameters_are_422_with_a_detail(real: httpx.Client, params: dict[str, str]) -> None:
    r = real.get("/api/matters", params=params)
    assert r.status_code == 422
    assert r.json()["detail"]


def test_meetings_carry_their_matters(real: httpx.Client) -> None:
    node = real.get("/api/nodes/samverkansradet").json()
    meeting = next(m for m in node["meetings"] if m["id"] == "m-2023-02-08-samverkansradet")
    assert "arende-001-5-karta" in meeting["matters"]
    assert len(meeting["matters"]) == 13


def test_analysis_counts_report_back_by_receiving_body(real: httpx.Client) -> None:
    analysis = real.get("/api/analysis").json()
    silent = real.get("/api/matters", params={"status": "no_report_back"}).json()
    by_body: dict[str, list[str]] = {}
    for x in silent["items"]:
        by_body.setdefault(x["went_to"]["id"], []).append(x["id"])
    got = {r["body"]: r["without_report_back"] for r in analysis["matters_without_report_back"]}
    assert got == by_body
    assert analysis["totals"]["matters_without_report_back"] == silent["total"]


def test_report_back_gaps_read_in_both_languages(real: httpx.Client, real_map: Any) -> None:
    gaps = real.get("/api/analysis").json()["matters_without_report_back"]
    assert gaps
    for gap in gaps:
        n, sent = len(gap["without_report_back"]), gap["sent"]
        one = sent == 1
        assert gap["text"].startswith(
            "Det enda ärendet som skickats hit"
            if one
            else f"{n} av {sent} ärenden som skickats hit"
        )
        assert gap["text_en"].startswith(
            "No report-back in the minutes for the one matter sent here"
            if one
            else f"No report-back in the minutes for {n} of the {sent} matters sent here"
        )
        for matter_id in gap["without_report_back"]:
            matter = real_map.matters[matter_id]
            assert (matter.title_en or matter.title) in gap["text_en"]


def test_guide_names_the_matter_the_council_handled(real: httpx.Client) -> None:
    body = real.get("/api/guide", params={"q": "Vem äger kartan?"}).json()
    first = body["matters"][0]
    assert first["id"] == "arende-001-5-karta"
    assert first["text"].startswith("Rådet har behandlat frågan: Karta över samverkan")
    assert first["text_en"].startswith("The council has handled the question: Map of")


def test_matters_csv_reads_back(real: httpx.Client, real_map: Any) -> None:
    r = real.get("/api/export/matters-csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "samverkanskartan-matters.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == len(real_map.data.matters)
    karta = next(row for row in rows if row["id"] == "arende-001-5-karta")
    assert karta["state"] == "followed_up" and karta["went_to_name"] == "Samverkansrådets AU"
    assert karta["later_dates"] == "2023-11-07; 2023-11-07; 2023-11-07"
    ks = next(row for row in rows if row["id"] == "arende-002-3-overenskommelsen-2024-2027")
    assert ks["state_label"] == "ingen återrapportering i anteckningarna"


def test_json_export_keeps_the_matters_as_a_graph_attribute(real: httpx.Client) -> None:
    data = real.get("/api/export/json").json()
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    matters = g.graph["matters"]
    assert len(matters) == real.get("/api/matters").json()["total"]
    karta = next(x for x in matters if x["id"] == "arende-001-5-karta")
    assert karta["state"] == "followed_up" and karta["meeting_date"] == "2023-02-08"


def test_each_matter_is_on_its_meeting_in_the_calendar(real: httpx.Client) -> None:
    cal = Calendar.from_ical(real.get("/api/export/ics").content)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    text = str(events["m-2023-02-08-samverkansradet"]["DESCRIPTION"])
    assert "Ärenden (13):" in text
    assert (
        "- Karta över samverkan (001 §5; skickas vidare; återkommer i senare anteckningar)" in text
    )
    en = Calendar.from_ical(real.get("/api/export/ics", params={"lang": "en"}).content)
    text_en = next(
        str(e["DESCRIPTION"])
        for e in en.walk("VEVENT")
        if str(e["UID"]).startswith("m-2023-11-07-samverkansradet")
    )
    assert "no report-back in the minutes" in text_en


def test_the_analysis_page_reads_report_back_gaps_in_english(real: httpx.Client) -> None:
    html = real.get("/analys", params={"lang": "en"}).text
    found = re.findall(r"sent to ([^;<]+); no report-back in the minutes for ([^<]+)", html)
    assert found
    for body, rest in found:
        assert not body.startswith("The "), body  # "sent to the Municipal Executive Board"
        assert re.fullmatch(r"the one matter sent there|\d+ of the \d+ matters sent there", rest)
