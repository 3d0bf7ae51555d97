""" "Föreslå ändring": the form, ``POST /api/proposals``, limits (the app in-process).

The app serves a copy of ``tests/data/valid_small.yaml``.  Every test talks from its
own client address (127.0.0.x), so each has its own rate-limit bucket; the rate-limit
test uses two addresses to show that the limit is per client.  A valid proposal's patch
is applied with ``git apply`` to the canonical file, and the result must validate.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.routes.proposals.form import FORM_FIELDS
from kartan.fmt import format_map
from kartan.load import load_map, load_path
from tests.helpers import TEST_DATA

SMALL = TEST_DATA / "valid_small.yaml"

_addresses = itertools.count(20)


@pytest.fixture(scope="module")
def server(app_factory: Callable[..., Any]) -> Any:
    return app_factory(SMALL, KARTAN_WATCH_INTERVAL="0")


@pytest.fixture
def client(server: Any) -> Iterator[httpx.Client]:
    """A client on its own loopback address (its own rate-limit bucket)."""
    with server.client(address=f"127.0.0.{next(_addresses)}") as c:
        yield c


def patch_of(html: str) -> str:
    match = re.search(r'<textarea id="patch"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "no patch on the page"
    return unescape(match.group(1))


def apply_patch(patch: str, tmp_path: Path, base: Path = SMALL) -> Path:
    """Apply ``patch`` with git to ``base``'s canonical file in a fresh repository."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    target = repo / "data" / "forums.yaml"
    target.write_text(format_map(load_map(base, stale_days=None).data), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (tmp_path / "p.patch").write_text(patch, encoding="utf-8")
    subprocess.run(
        ["git", "apply", "--check", str(tmp_path / "p.patch")],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    subprocess.run(["git", "apply", str(tmp_path / "p.patch")], cwd=repo, check=True)
    return target


def propose(client: httpx.Client, payload: Any, status: int = 200) -> Any:
    """``POST /api/proposals`` with ``payload``: checks the status, returns the JSON."""
    r = client.post("/api/proposals", json=payload)
    assert r.status_code == status, r.text
    return r.json()


# --------------------------------------------------------------------------- the form


def test_form_page(client: httpx.Client) -> None:
    r = client.get("/noder/radet/foresla")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Föreslå ändring: Rådet</h1>" in html
    assert 'action="/noder/radet/foresla"' in html and 'method="post"' in html
    for name in FORM_FIELDS:  # every field the form reads
        assert f'name="{name}"' in html, name
    # Filled in with what the map says now; the current membership is listed.
    assert '<option value="secretary" selected>' in html
    assert 'value="forvaltningen"' in html
    assert "Föreningen <code>foreningen</code> (ledamot)" in html
    assert "<script>" not in html  # the page needs no script of its own


def test_form_page_english(client: httpx.Client) -> None:
    r = client.get("/noder/radet/foresla?lang=en")
    assert r.status_code == 200
    assert "Suggest a change: Rådet" in r.text
    done = client.post(
        "/noder/radet/foresla?lang=en", data={"description": "Ny text.", "sources": "001 §1"}
    )
    assert done.status_code == 200
    assert "How to hand the proposal in:" in done.text
    assert "Så lämnar du förslaget" not in done.text


def test_form_unknown_node(client: httpx.Client) -> None:
    r = client.get("/noder/finns-inte/foresla")
    assert r.status_code == 404
    assert "finns-inte" in r.text
    r = client.post("/noder/finns-inte/foresla", data={"description": "x", "sources": "001 §1"})
    assert r.status_code == 404


def test_form_valid_proposal_gives_a_patch_that_applies(
    client: httpx.Client, server: Any, tmp_path: Path
) -> None:
    before = server.data.read_bytes()
    r = client.post(
        "/noder/radet/foresla",
        data={
            "description": "Råd där föreningar och kommunen möts.",
            "member_action": "end",
            "member_id": "foreningen",
            "member_date": "2023-06-30",
            "sources": "001 §2",
        },
    )
    assert r.status_code == 200, r.text
    html = r.text
    assert "Förslaget är giltigt." in html
    assert "1 nod ändrad, 1 medlemskap avslutat" in html
    assert "Avslutade medlemskap (1)" in html
    assert "Så lämnar du förslaget:" in html
    patch = patch_of(html)
    assert patch.startswith("--- a/data/forums.yaml\n+++ b/data/forums.yaml\n")
    assert "+    description: Råd där föreningar och kommunen möts.\n" in patch
    assert "until: 2023-06-30" in patch
    patched = apply_patch(patch, tmp_path)
    result = load_path(patched, stale_days=None)
    assert result.ok, [p.format() for p in result.errors]
    radet = result.map.nodes["radet"] if result.map else None
    assert radet is not None and radet.members[0].valid_until is not None
    assert server.data.read_bytes() == before, "nothing is written to disk"
    assert r.headers["cache-control"] == "no-store"


def test_form_invalid_proposal_shows_the_validators_messages(client: httpx.Client) -> None:
    r = client.post(
        "/noder/radet/foresla",
        data={"member_action": "add", "member_id": "foreningn", "sources": "001 §2"},
    )
    assert r.status_code == 200
    html = unescape(r.text)
    assert "Kontrollen hittade fel i kartan med ditt förslag:" in html
    assert "okänd nod 'foreningn' (menade du 'foreningen'?)" in html
    assert 'id="patch"' not in html
    # What was typed is kept in the form.
    assert 'value="foreningn"' in html


def test_form_incomplete_proposal(client: httpx.Client) -> None:
    r = client.post("/noder/radet/foresla", data={"description": "Ny text."})
    assert r.status_code == 422
    assert "Ange minst en källa" in unescape(r.text)
    r = client.post("/noder/radet/foresla", data={"sources": "001 §1"})
    assert r.status_code == 422
    assert "Förslaget ändrar ingenting" in unescape(r.text)


def test_form_needs_a_form_body(client: httpx.Client) -> None:
    r = client.post("/noder/radet/foresla", json={"description": "x"})
    assert r.status_code == 415


def test_form_with_markup_is_escaped(client: httpx.Client) -> None:
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    r = client.post("/noder/radet/foresla", data={"description": payload, "sources": "001 §1"})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text
    assert "<img src=x" not in r.text


# --------------------------------------------------------------------------- the JSON API


def test_api_valid_proposal(client: httpx.Client, tmp_path: Path) -> None:
    body = propose(
        client,
        {
            "node": "au",
            "relation": {"type": "decides_on", "to": "radet"},
            "contact": {"function": "secretary", "via": "forvaltningen"},
            "sources": ["001 §3"],
        },
    )
    assert body["valid"] is True and body["node"] == "au"
    assert body["messages"] == []
    assert body["summary"] == "1 nod ändrad, 1 relation tillagd"
    assert body["applied"] == ["ny kontaktväg", "ny relation: decides_on → radet"]
    assert body["diff"]["relations"][0]["text"] == "AU beslutar om Rådet"
    assert body["how_to"][0] == "Så lämnar du förslaget:"
    patched = apply_patch(body["patch"], tmp_path)
    assert load_path(patched, stale_days=None).ok


def test_api_invalid_proposal(client: httpx.Client) -> None:
    body = propose(
        client,
        {
            "node": "radet",
            "membership": {"action": "add", "id": "au", "date": "2023-02-30"},
            "sources": ["999 §1"],
        },
    )
    assert body["valid"] is False and body["patch"] is None and body["diff"] is None
    messages = {m["code"]: m for m in body["messages"]}
    assert set(messages) == {"bad_date", "unknown_ref"}
    assert messages["bad_date"]["path"] == "nodes[0].members[1].from"
    assert "okänd källa '999'" in messages["unknown_ref"]["message"]
    assert all(m["severity"] == "error" and m["line"] >= 1 for m in body["messages"])


def test_api_new_source(client: httpx.Client) -> None:
    body = propose(
        client,
        {
            "node": "radet",
            "description": "Rådet möts fyra gånger om året.",
            "sources": ["003 §2"],
            "new_source": {"id": "003", "title": "Minnesanteckningar", "date": "2024-03-01"},
        },
    )
    assert body["valid"] is True
    assert body["diff"]["catalogues"]["sources"]["added"] == ["003"]
    assert '+  - {id: "003", title: Minnesanteckningar, date: 2024-03-01}' in body["patch"]


def test_api_end_a_membership_naming_its_role(client: httpx.Client, tmp_path: Path) -> None:
    """Choosing the role "ledamot" (the default role, left out of the file) still finds it."""
    body = propose(
        client,
        {
            "node": "radet",
            "membership": {
                "action": "end",
                "id": "foreningen",
                "role": "member",
                "date": "2024-06-30",
            },
            "sources": ["001 §2"],
        },
    )
    assert body["valid"] is True
    assert body["summary"] == "1 medlemskap avslutat"
    target = apply_patch(body["patch"], tmp_path)
    assert load_map(target, stale_days=None).nodes["radet"].members[0].valid_until is not None


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"node": "finns-inte", "description": "x", "sources": ["001 §1"]}, 404, "finns-inte"),
        ({"node": "radet", "description": "Ny text."}, 422, "Ange minst en källa"),
        ({"node": "radet", "sources": ["001 §1"]}, 422, "ändrar ingenting"),
        (
            {"node": "radet", "relation": {"type": "bor_i", "to": "au"}, "sources": ["001 §1"]},
            422,
            "relation.type",
        ),
        ({"node": "radet", "okand": 1}, 422, "okand"),
        (
            {"node": "radet", "contact": {"function": "chair"}, "sources": ["001 §1"]},
            422,
            "contact.via",
        ),
        ([], 422, "Ogiltig parameter"),
        (
            {
                "node": "radet",
                "membership": {"action": "add", "id": "foreningen"},
                "sources": ["001 §2"],
            },
            422,
            "redan ett pågående medlemskap",
        ),
        (
            {
                "node": "radet",
                "relation": {"type": "sends_matters_to", "to": "au"},
                "sources": ["001 §3"],
            },
            422,
            "finns redan",
        ),
        (
            {"node": "radet", "description": "Ny\u0000text.", "sources": ["001 §1"]},
            422,
            "styrtecken",
        ),
        (
            {
                "node": "radet",
                "description": "Mejla info" + "@" + "exempel.se.",
                "sources": ["001 §1"],
            },
            422,
            "e-postadresser",
        ),
        (
            {
                "node": "radet",
                "relation": {"type": "funds", "to": "au", "label": "ring 070-" + "000 00 00"},
                "sources": ["001 §1"],
            },
            422,
            "telefonnummer",
        ),
        (  # ending a membership that does not exist
            {
                "node": "radet",
                "membership": {"action": "end", "id": "au", "date": "2023-01-01"},
                "sources": ["001 §2"],
            },
            422,
            "inget pågående medlemskap",
        ),
    ],
)
def test_api_bad_proposals(client: httpx.Client, payload: Any, status: int, fragment: str) -> None:
    assert fragment in propose(client, payload, status)["detail"]


def test_api_not_json(client: httpx.Client) -> None:
    r = client.post(
        "/api/proposals", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert "detail" in r.json()


# --------------------------------------------------------------------------- limits


def test_body_over_20_kb_is_refused(client: httpx.Client) -> None:
    big = "å" * 11_000  # 22 KB in UTF-8
    r = client.post(
        "/api/proposals", json={"node": "radet", "description": big, "sources": ["001 §1"]}
    )
    assert r.status_code == 413
    assert "högst 20 KB" in r.json()["detail"]
    r = client.post("/noder/radet/foresla", data={"description": big, "sources": "001 §1"})
    assert r.status_code == 413
    assert "högst 20 KB" in unescape(r.text)


def test_body_over_20_kb_without_length_is_refused(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"node": "radet", "description": "'
        for _ in range(30):
            yield b"x" * 1024
        yield b'", "sources": ["001 \\u00a71"]}'

    r = client.post(
        "/api/proposals", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_just_under_the_limit_is_accepted(client: httpx.Client) -> None:
    body = {"node": "radet", "description": "", "sources": ["001 §1"]}
    room = 20 * 1024 - len(json.dumps(body).encode()) - 10
    body["description"] = "x" * min(room, 3990)
    propose(client, body)


def test_rate_limit_per_address(server: Any) -> None:
    payload = {"node": "radet", "description": "Ny text.", "sources": ["001 §1"]}
    with server.client(address="127.0.0.250") as c:
        codes = [c.post("/api/proposals", json=payload).status_code for _ in range(10)]
        assert codes == [200] * 10
        r = c.post("/api/proposals", json=payload)
        assert r.status_code == 429
        assert "högst 10 i minuten" in r.json()["detail"]
        assert 1 <= int(r.headers["retry-after"]) <= 6
        form = c.post("/noder/radet/foresla", data={"description": "x", "sources": "001 §1"})
        assert form.status_code == 429
        assert "högst 10 i minuten" in unescape(form.text)
        assert c.get("/noder/radet/foresla").status_code == 200  # the form itself is not limited
    with server.client(address="127.0.0.251") as c:
        assert c.post("/api/proposals", json=payload).status_code == 200


def test_rate_limit_message_counts_seconds_in_swedish() -> None:
    from api.routes.proposals.guard import too_many

    assert "Försök igen om 1 sekund (" in too_many(0.4)
    assert "try again in 1 second)" in too_many(0.4)
    assert "Försök igen om 5 sekunder (" in too_many(4.2)


def test_proposals_in_openapi(server: Any) -> None:
    spec = server.get("/api/openapi.json").json()
    post = spec["paths"]["/api/proposals"]["post"]
    assert {"200", "404", "413", "422", "429"} <= set(post["responses"])
    assert "requestBody" in post
    assert "/noder/{node_id}/foresla" not in spec["paths"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_real_map_proposal(real_app: Any, tmp_path: Path) -> None:
    """On the map the shared app serves: ending a current membership gives a patch."""
    m = load_map(real_app.data, stale_days=None)
    body_node, member = next(
        (n, mb) for n in m.data.nodes for mb in n.members if mb.valid_until is None
    )
    with real_app.client(address="127.0.0.240") as c:
        body = propose(
            c,
            {
                "node": body_node.id,
                "membership": {"action": "end", "id": member.id, "date": "2099-12-31"},
                "sources": member.sources[:1],
            },
        )
    assert body["valid"] is True, body["messages"]
    assert body["diff"]["counts"]["members_ended"] == 1
    patched = apply_patch(body["patch"], tmp_path, base=real_app.data)
    assert load_path(patched, stale_days=None).ok
