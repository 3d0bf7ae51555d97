"""HTTP as clients expect, over real HTTP (security review findings 6, 8 and 10).

* HEAD answers wherever GET does, with the GET's status and headers and no body;
* a body that is not JSON (not even UTF-8) is 422 ``{"detail"}``, not 400;
* ``/api/openapi.json`` states the guide's "one of q, theme, audience, from" rule, the
  real ``at`` date pattern and the map's theme ids (unknown themes are 422);
* a cross-site form post to the proposal form is refused and no proposal answer carries
  ``Access-Control-Allow-Origin``, while reading stays open to every site;
* the access log leaves query strings out by default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import API_SMALL, LOCAL_TLS, start_live_server, wait_for


def _get_paths(spec: dict[str, Any]) -> list[str]:
    ids = {"node_id": "radet", "format": "json"}
    out = []
    for path, item in spec["paths"].items():
        if "get" in item:
            out.append(re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path))
    return out


def test_head_wherever_get_is(api: httpx.Client) -> None:
    spec = api.get("/api/openapi.json").json()
    paths = [*_get_paths(spec), "/healthz", "/", "/noder/radet", "/docs", "/static/style.css"]
    paths = [p for p in paths if "{" not in p]
    assert "/api/map" in paths and "/api/nodes/radet" in paths
    for path in paths:
        params = {"q": "klimat", "from": "radet", "to": "au"}
        got = api.get(path, params=params)
        head = api.head(path, params=params)
        assert head.status_code == got.status_code, (path, head.status_code, got.status_code)
        assert head.content == b"", path
        for name in ("content-type", "content-length", "etag", "content-security-policy"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"node": "radet", "description": "x"', b"\xff\xfe\x00garbage"]
)
def test_malformed_json_is_422_with_a_detail(api_server: Any, body: bytes) -> None:
    with api_server.client(address="127.0.0.200") as c:
        r = c.post("/api/proposals", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith("Förfrågans innehåll är inte giltig JSON")


def test_openapi_states_what_the_handlers_refuse(api: httpx.Client) -> None:
    spec = api.get("/api/openapi.json").json()
    guide = spec["paths"]["/api/guide"]["get"]["parameters"]
    question = next(p for p in guide if p["name"] == "question")
    assert question["style"] == "form" and question["explode"] is True
    assert question["schema"]["additionalProperties"] is False
    assert [b["required"] for b in question["schema"]["anyOf"]] == [
        ["q"],
        ["theme"],
        ["audience"],
        ["from"],
    ]
    assert not {"q", "theme", "audience", "from"} & {p["name"] for p in guide}

    themes = sorted(_all_theme_ids())
    nodes = spec["paths"]["/api/nodes"]["get"]["parameters"]
    theme = next(p for p in nodes if p["name"] == "theme")
    assert theme["schema"]["enum"] == ["", *themes]

    at = next(p for p in nodes if p["name"] == "at")
    pattern = re.compile(at["schema"]["pattern"])
    for good in ("2023-11-07", "2024-02-29", "2000-02-29", "0001-01-01"):
        assert pattern.search(good), good
    for bad in ("0000-00-00", "2023-02-29", "1900-02-29", "2023-04-31", "5347-51-05"):
        assert not pattern.search(bad), bad
        assert api.get("/api/map", params={"at": bad}).status_code == 422


def _all_theme_ids() -> list[str]:
    from kartan.load import load_map

    return [t.id for t in load_map(API_SMALL, stale_days=None).data.themes]


def test_a_cross_site_form_post_is_refused(api_server: Any, api: httpx.Client) -> None:
    form = {"description": "Ny text.", "sources": "001 §1"}
    with api_server.client(address="127.0.0.201") as c:
        evil = c.post(
            "/noder/radet/foresla",
            data=form,
            headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
        )
        assert evil.status_code == 403
        assert "annan webbplats" in evil.json()["detail"]
        assert "access-control-allow-origin" not in evil.headers
        api_evil = c.post(
            "/api/proposals",
            json={"node": "radet", "description": "Ny text.", "sources": ["001 §1"]},
            headers={"origin": "https://evil.example"},
        )
        assert api_evil.status_code == 403
        host = httpx.URL(str(api.base_url)).netloc.decode()
        own = c.post(
            "/noder/radet/foresla",
            data=form,
            headers={"origin": f"http://{host}", "sec-fetch-site": "same-origin"},
        )
        assert own.status_code == 200
        assert "access-control-allow-origin" not in own.headers
        plain = c.post(
            "/api/proposals",
            json={"node": "radet", "description": "Ny text.", "sources": ["001 §1"]},
        )
        assert plain.status_code == 200  # programs (no Origin) keep working
        assert "access-control-allow-origin" not in plain.headers
    read = api.get("/api/map", headers={"origin": "https://other.example"})
    assert read.headers["access-control-allow-origin"] == "*"


def test_the_access_log_leaves_query_strings_out(tmp_path: Path) -> None:
    server = start_live_server(
        API_SMALL, tmp_path, env={"KARTAN_WATCH_INTERVAL": "0"}, log_level="info", timeout=120
    )
    try:
        url = server.url
        question = "Jag heter Testa Exempelsson och bor på Exempelgatan 3"
        assert (
            httpx.get(
                url + "/api/guide", params={"q": question}, timeout=30, verify=LOCAL_TLS
            ).status_code
            == 200
        )
        httpx.get(url + "/api/search", params={"q": "Exempelgatan"}, timeout=30, verify=LOCAL_TLS)
        wait_for(lambda: "/api/search" in server.output(), "the access log", timeout=60)
    finally:
        server.stop(timeout=60)
    text = server.output()
    assert '"GET /api/guide?… HTTP/1.1" 200' in text, text
    assert "Exempel" not in text and "heter" not in text
