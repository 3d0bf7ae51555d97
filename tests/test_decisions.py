"""Who decides, and how to reach them (issue 9): the decision model on the real map, the
data audit's items (research/data_audit.md §"What is wrong", 1–8) and the citations.

Each audit test fails on the data file as it stood before the fixes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from kartan import decisions as dm
from kartan.graph import decision_path
from kartan.labels import RELATION_FAMILY, relation_family
from kartan.map import Map
from tests.helpers import REAL_MAP, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():  # a worktree under /work/iN or the main checkout: both see /work/shared
    SEEDS = Path("/work/shared/seeds")

ADMINISTRATIONS = [
    "kommunledningsforvaltningen",
    "kultur-och-fritidsforvaltningen",
    "socialforvaltningen",
    "miljo-och-stadsbyggnadsforvaltningen",
    "vard-och-omsorgsforvaltningen",
    "forskole-och-grundskoleforvaltningen",
    "gymnasie-och-arbetsmarknadsforvaltningen",
    "teknik-och-serviceforvaltningen",
]


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data = yaml.safe_load(REAL_MAP.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(Settings(data=REAL_MAP, watch_interval=60))
    with TestClient(app) as c:
        yield c


def node_raw(raw: dict[str, Any], node_id: str) -> dict[str, Any]:
    found = next(n for n in raw["nodes"] if n["id"] == node_id)
    assert isinstance(found, dict)
    return found


# --- the decision model -----------------------------------------------------------------


def test_decision_bodies_decide_for_the_municipality_and_steering_is_apart(real_map: Map) -> None:
    deciders = {n.id for n in real_map.data.nodes if n.kind.value == "decision_body"}
    assert {"kommunfullmaktige", "kommunstyrelsen", "landsbygdsnamnden"} <= deciders
    steering = {n.id for n in real_map.data.nodes if n.kind.value == "steering_body"}
    assert {"samverkansradet-au", "kns2030-styrgrupp", "kns2030-projektrad"} <= steering
    assert not deciders & steering


def test_no_path_to_a_decision_contains_a_membership_or_participation(real_map: Map) -> None:
    for n in real_map.data.nodes:
        steps = decision_path(real_map, n.id) or []
        assert all(relation_family(s.type) == "decision" for s in steps), n.id
        assert all(s.type not in ("member_of", "participates_in", "party_to") for s in steps)


@pytest.mark.parametrize("node_id", ADMINISTRATIONS)
def test_an_administrations_path_never_runs_through_a_membership(
    real_map: Map, node_id: str
) -> None:
    steps = decision_path(real_map, node_id)
    assert steps is None or all(s.type != "member_of" for s in steps)
    answer = dm.who_decides(real_map, node_id)
    # the administration sits in C-nätet: a way to raise a matter, not a decider
    assert "c-natet" in {r.arena for r in dm.raise_routes(real_map, node_id)}
    assert answer.decider != "samverkansradet-au"
    assert "c-natet" not in {s.target for s in answer.path}


def test_no_path_ends_at_the_councils_own_steering(real_map: Map) -> None:
    for n in real_map.data.nodes:
        d = dm.who_decides(real_map, n.id)
        if d.status == "known":
            assert real_map.nodes[d.decider or ""].kind.value == "decision_body", n.id


def test_unknown_says_so_and_where_to_ask(real_map: Map) -> None:
    d = dm.who_decides(real_map, "foreningsbidrag")
    assert d.status == "unknown"
    assert d.text(real_map).startswith("Kartan vet inte vem som beslutar om detta.")
    assert d.ask is not None and d.ask.id == "en-vag-in"
    assert d.text(real_map, "en").startswith("The map does not know who decides on this.")


def test_the_work_list_counts_every_unknown(real_map: Map) -> None:
    unknown = dm.unknown_deciders(real_map)
    ids = {u.id for u in unknown}
    assert {"samverkansradet", "foreningsbidrag", "en-vag-in"} <= ids
    assert "overenskommelsen-om-samverkan-2024-2027" not in ids  # KF decides (inferred)
    assert sum(dm.unknown_counts(unknown).values()) == len(unknown)
    assert {u.kind for u in unknown} <= dm.WORK_LIST_KINDS


def test_relation_families_cover_the_decision_relations() -> None:
    decision = {t for t, f in RELATION_FAMILY.items() if f == "decision"}
    assert decision == {"sends_matters_to", "prepares", "decides_on", "responsible_for", "part_of"}
    assert relation_family("member_of") == "raise"


# --- how to reach a body --------------------------------------------------------------------


def test_no_contact_links_to_its_own_body(real_map: Map) -> None:
    for n in real_map.data.nodes:
        assert n.contact is None or n.contact.via != n.id, n.id
        route = dm.contact_route(real_map, n.id)
        if route is not None:
            assert route.via != n.id, n.id


def test_no_contact_on_a_body_page_links_to_the_page_itself(
    client: TestClient, real_map: Map
) -> None:
    for node_id in ["samverkansradet", "kns2030-ap5", *ADMINISTRATIONS]:
        html = client.get(f"/noder/{node_id}").text
        card = html.split('class="card contact-card"', 1)[1].split("</section>", 1)[0]
        assert f'href="/noder/{node_id}"' not in card, node_id


def test_a_body_without_contact_borrows_the_nearest_with_the_route(real_map: Map) -> None:
    route = dm.contact_route(real_map, "kns2030-ap5")
    assert route is not None and not route.own
    assert route.holder == "klimatneutrala-stader-2030"
    assert "AP5 Hållbar konsumtion är en del av Klimatneutrala städer 2030" in route.text(real_map)


def test_node_api_carries_the_decision_raise_and_contact_route(client: TestClient) -> None:
    body = client.get("/api/nodes/kultur-och-fritidsforvaltningen").json()
    assert body["path_to_decision"] is None  # the shape is kept: null when no path
    assert body["who_decides"]["status"] == "unknown"
    assert body["who_decides"]["ask"]["id"] == "c-natet"
    assert "c-natet" in [r["arena"] for r in body["ways_to_raise"]]
    ap5 = client.get("/api/nodes/kns2030-ap5").json()
    assert ap5["contact_route"]["holder"] == "klimatneutrala-stader-2030"
    assert ap5["contact_route"]["route"][0]["type"] == "part_of"


def test_analysis_lists_the_work_list_with_counts(client: TestClient) -> None:
    a = client.get("/api/analysis").json()
    assert a["totals"]["unknown_decider"] == len(a["unknown_decider"]) > 0
    assert sum(a["unknown_decider_counts"].values()) == a["totals"]["unknown_decider"]
    html = client.get("/analys").text
    assert 'id="s-unknown"' in html and "Per typ:" in html


# --- the audit: research/data_audit.md §"What is wrong" -------------------------------------


def test_audit_1_plans_are_written_as_plans(real_map: Map, raw: dict[str, Any]) -> None:
    ks = {(r.type.value, r.to): r for r in real_map.nodes["kommunstyrelsen"].relations}
    assert ks[("decides_on", "overenskommelsen-om-samverkan-2024-2027")].inferred
    assert ks[("sends_matters_to", "kommunfullmaktige")].inferred
    texts = {
        n["id"]: " ".join(str(n.get(k, "")) for k in ("description", "how_to_take_part"))
        for n in raw["nodes"]
    }
    assert "utvärderades 6 mars" not in texts["overenskommelsen-om-samverkan"]
    assert "togs upp på val- och informationskvällen" not in texts["aktivitetsplan-2024-2025"]
    assert "var temat" not in texts["val-och-informationskvall"]
    assert "hölls" not in texts["orebro-universitet"]
    assert "är värd för" not in str(node_raw(raw, "orebro-universitet"))
    assert "beslut veckan efter) innan ärendet gick vidare" not in texts["kommunstyrelsen"]


def test_audit_2_c_natet_is_not_one_representative_per_administration(real_map: Map) -> None:
    text = real_map.nodes["c-natet"].description or ""
    assert "en representant från varje" not in text
    cited = {mem.id: mem.sources for mem in real_map.nodes["c-natet"].members}
    assert len(cited["socialforvaltningen"]) == 2  # two representatives (001 L32, L44)
    assert len(cited["miljo-och-stadsbyggnadsforvaltningen"]) == 2


def test_audit_3_the_2021_groups_words_are_not_the_councils(real_map: Map) -> None:
    text = real_map.nodes["lansstyrelsen"].description or ""
    assert "rådet vill hitta bra samverkan" not in text
    assert "fördjupningsdagen 2021" in text


def test_audit_4_person_to_organisation_readings_are_inferred(
    real_map: Map, raw: dict[str, Any]
) -> None:
    rf = {(r.type.value, r.to): r for r in real_map.nodes["rf-sisu"].relations}
    assert rf[("organises", "kvall-bidragsremissen-2022")].inferred
    for node_id in ADMINISTRATIONS:  # the cited lines only name a person
        assert real_map.nodes[node_id].contact is None, node_id
    for node_id in ("kns2030-projektrad", "kns2030-styrgrupp", "kns2030-ap5-arbetsgrupp"):
        assert "tolkning" in (real_map.nodes[node_id].how_to_take_part or ""), node_id
    # one rule: a seat or contact whose note says the source names only a person is inferred
    for n in real_map.data.nodes:
        for mem in n.members:
            if mem.note and re.search(
                r"anger bara (ett )?förnamn|nämner (en|två) person", mem.note
            ):
                assert mem.inferred, (n.id, mem.id)
        for r in n.relations:
            if r.note and re.search(r"anger bara (ett )?förnamn|nämner (en|två) person", r.note):
                assert r.inferred, (n.id, r.to)


def test_audit_5_ownership_is_said_to_be_provisional(client: TestClient) -> None:
    for page in ("/", "/om"):
        html = client.get(page).text
        assert "Tills vidare hålls kartan aktuell av" in html
        assert "inte beslutat" in html
    assert "For the time being" in client.get("/om?lang=en").text


def test_audit_6_validity_dates(real_map: Map) -> None:
    day2021 = real_map.at(dt.date(2021, 6, 1))
    for later in (
        "overenskommelsen-om-samverkan-2024-2027",
        "aktivitetsplan-2024-2025",
        "fritidskortet",
        "klimatneutrala-stader-2030",
        "arbetsgrupp-aktivitetsplan-2024-2025",
    ):
        assert later not in day2021.nodes, later
    assert "fritidskortet" in real_map.at(dt.date(2024, 6, 1)).nodes
    agreement = real_map.nodes["overenskommelsen-om-samverkan-2024-2027"]
    assert agreement.valid_until == dt.date(2027, 12, 31) and agreement.dates_inferred
    # the 2022 -> 2023 change at the introduction evening for old and new members
    council = real_map.nodes["samverkansradet"]

    def seats(day: dt.date) -> set[str]:
        return {x.id for x in real_map.at(day).nodes["samverkansradet"].members}

    assert "kfum" in seats(dt.date(2023, 1, 10)) and "kfum" not in seats(dt.date(2023, 1, 20))
    assert "svenska-freds" in seats(dt.date(2023, 1, 20))
    # attestation-based dates are marked
    for mem in council.members:
        if mem.valid_from in (dt.date(2022, 4, 20), dt.date(2023, 2, 8)):
            assert mem.dates_inferred, mem.id
    # political seats counted once; C-nätet's seat ends; the secretary since 2022-04-20
    assert "ansvarigt-kommunalrad" not in {x.id for x in council.members}
    c_seat = next(x for x in council.members if x.id == "c-natet")
    assert c_seat.valid_until is not None and c_seat.valid_until < dt.date(2023, 11, 7)
    secretary = next(x for x in council.members if x.role.value == "secretary")
    assert secretary.valid_from == dt.date(2022, 4, 20)
    vice = next(x for x in council.members if x.role.value == "vice_chair")
    assert vice.dates_inferred


def test_audit_7_no_isolated_nodes(real_map: Map) -> None:
    connected = {e.source for e in real_map.edges} | {e.target for e in real_map.edges}
    assert [n.id for n in real_map.data.nodes if n.id not in connected] == []


def test_audit_8_vocabulary_is_used_or_answered(real_map: Map, raw: dict[str, Any]) -> None:
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    used_audiences = {a for n in real_map.data.nodes for a in n.audiences}
    # needs and matters (issues 14, 17) name audiences too: who raised a need
    named_elsewhere = set(_strings({k: v for k, v in raw.items() if k in ("needs", "matters")}))
    for aud in real_map.data.audiences:
        if aud.id in named_elsewhere:
            continue
        assert aud.id in used_audiences or f"`{aud.id}`" in readme, aud.id
    used_themes = {t for n in real_map.data.nodes for t in n.themes} | {
        t for need in raw.get("needs", []) or [] for t in need.get("themes", [])
    }
    for theme in real_map.data.themes:
        assert theme.id in used_themes, theme.id
    assert "kat-nysvenskars-foreningar" in used_audiences


# --- at= hides what did not exist -----------------------------------------------------------


def test_at_hides_bodies_outside_their_validity(client: TestClient) -> None:
    later = "overenskommelsen-om-samverkan-2024-2027"
    ids = {n["id"] for n in client.get("/api/nodes?at=2021-06-01&limit=500").json()["items"]}
    assert later not in ids and "samverkansradet" in ids
    assert client.get(f"/api/nodes/{later}?at=2021-06-01").status_code == 404
    assert client.get(f"/api/nodes/{later}").status_code == 200
    graph = {n["id"] for n in client.get("/api/graph?at=2021-06-01").json()["nodes"]}
    assert later not in graph
    assert later not in client.get("/noder?at=2021-06-01").text
    assert later in client.get("/noder").text
    page = client.get(f"/noder/{later}?at=2021-06-01&lang=sv")
    assert page.status_code == 404 and "fanns inte på kartan" in page.text


# --- every citation's § exists and its line lies inside it ----------------------------------

NAMED = {
    "003": {
        "Arbetsmarknad 1": "### Arbetsmarknad och inkludering grupp 1",
        "Arbetsmarknad 2": "### Arbetsmarknad och inkludering grupp 2",
        "Trygghet 1": "## **Brottsförebyggande/Trygghetsfrämjande grupp 1**",
        "Trygghet 2": "## **Brottsförebyggande/Trygghetsfrämjande grupp 2**",
        "Psykisk ohälsa": "## **Psykisk ohälsa/ofrivillig ensamhet**",
        "Klimat": "## Klimat",
    },
    "004": {"Vår roll": "Vår roll"},
}
REF = re.compile(
    r"^(?P<doc>\S+)(?: (?:§(?P<par>\d+)|«(?P<name>[^»]+)»))?(?: L(?P<a>\d+)(?:–(?P<b>\d+))?)?$"
)


def _numbered(lines: list[str]) -> dict[str, tuple[int, int]]:
    """The minutes' items '1. Title' (a blank line before and after, numbered in order)."""
    out: dict[str, tuple[int, int]] = {}
    current, start = 0, 0
    for i, line in enumerate(lines, 1):
        m = re.match(r"^(\d+)\.\s+\S", line)
        blank_before = i == 1 or not lines[i - 2].strip()
        blank_after = i < len(lines) and not lines[i].strip()
        if m and int(m.group(1)) == current + 1 and blank_before and blank_after:
            if current:
                out[f"§{current}"] = (start, i - 1)
            current, start = current + 1, i
    if current:
        out[f"§{current}"] = (start, len(lines))
    return out


def _sections(doc: str, lines: list[str]) -> dict[str, tuple[int, int]]:
    out = _numbered(lines)
    heads = NAMED.get(doc, {})
    starts = sorted((lines.index(h) + 1, name) for name, h in heads.items())
    for k, (first, name) in enumerate(starts):
        last = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(lines)
        out[f"«{name}»"] = (first, last)
    return out


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("sources", "owner_sources") and isinstance(item, list):
                yield from (x for x in item if isinstance(x, str))
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the minutes are not on this machine")
def test_every_citations_item_exists_and_its_line_lies_inside_it(raw: dict[str, Any]) -> None:
    files = {s["id"]: s.get("file") for s in raw["sources"]}
    texts: dict[str, list[str]] = {}
    items: dict[str, dict[str, tuple[int, int]]] = {}
    for sid, name in files.items():
        if name and (SEEDS / name).is_file():
            texts[sid] = (SEEDS / name).read_text(encoding="utf-8").splitlines()
            items[sid] = _sections(sid, texts[sid])
    bad: list[str] = []
    refs = list(_refs(raw))
    assert len(refs) > 1000
    for ref in refs:
        m = REF.match(ref)
        if m is None:
            bad.append(f"{ref}: unreadable")
            continue
        doc = m["doc"]
        if doc not in texts:
            continue  # a source without a file (none today)
        n_lines = len(texts[doc])
        first, last = 1, n_lines
        item = f"§{m['par']}" if m["par"] else (f"«{m['name']}»" if m["name"] else None)
        if item is not None:
            if item not in items[doc]:
                bad.append(f"{ref}: {doc} has no {item}")
                continue
            first, last = items[doc][item]
        if m["a"]:
            a, b = int(m["a"]), int(m["b"] or m["a"])
            if not (first <= a <= b <= last):
                bad.append(f"{ref}: lines {a}–{b} outside {item or doc} ({first}–{last})")
    assert bad == []


# --- the exports carry the distinctions (read back by independent parsers) -----------------


def test_exports_carry_decision_roles_families_and_contact_routes(real_map: Map) -> None:
    import csv
    import io
    import json

    from lxml import etree

    from kartan import export as ex

    def rows(fmt: str) -> list[dict[str, str]]:
        text = ex.export(real_map, fmt).body.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    nodes = {r["id"]: r for r in rows("csv")}
    assert nodes["kommunstyrelsen"]["decision_role"] == "decides_for_municipality"
    assert nodes["samverkansradet-au"]["decision_role"] == "own_steering"
    assert nodes["samverkansradet"]["own_steering"] == "samverkansradet-au"
    assert nodes["foreningsbidrag"]["who_decides"].startswith("Kartan vet inte")
    assert "för Klimatneutrala städer 2030" in nodes["kns2030-ap5"]["contact_route"]
    assert nodes["kultur-och-fritidsforvaltningen"]["contact_via"] == ""  # never via itself
    relations = rows("relations-csv")
    assert {r["family"] for r in relations if r["type"] == "member_of"} == {"raise"}
    assert {r["family"] for r in relations if r["type"] == "decides_on"} == {"decision"}

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graphml = etree.fromstring(ex.export(real_map, "graphml").body)
    keys = {k.get("id"): k.get("attr.name") for k in graphml.findall("g:key", ns)}
    family_key = next(k for k, name in keys.items() if name == "family")
    families = {d.text for d in graphml.iterfind(f".//g:edge/g:data[@key='{family_key}']", ns)}
    assert {"decision", "raise"} <= families
    role_key = next(k for k, name in keys.items() if name == "decision_role")
    roles = {d.text for d in graphml.iterfind(f".//g:node/g:data[@key='{role_key}']", ns)}
    assert roles == {"decides_for_municipality", "own_steering"}

    gexf = etree.fromstring(ex.export(real_map, "gexf").body)
    titles = {a.get("title") for a in gexf.iter("{*}attribute")}
    assert {"family", "decision_role", "contact_route"} <= titles

    popolo = json.loads(ex.export(real_map, "popolo").body)
    orgs = {o["id"]: o for o in popolo["organizations"]}
    assert orgs["samverkansradet-au"]["decision_role"] == "own_steering"
    assert orgs["kns2030-ap5"]["contact_details"][0]["type"] == "function"
    assert {ms["family"] for ms in popolo["memberships"]} == {"raise"}

    page = ex.export(real_map, "html").body.decode("utf-8")
    assert "Kartan vet inte vem som beslutar om detta" in page
