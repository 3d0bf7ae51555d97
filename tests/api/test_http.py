"""HTTP behaviour: security headers, ETag and 304, Cache-Control, CORS, one error shape."""

from __future__ import annotations

import httpx
import pytest

from api.middleware import CONTENT_SECURITY_POLICY

PATHS = [
    "/healthz",
    "/api/map",
    "/api/nodes",
    "/api/nodes/radet",
    "/api/nodes/nope",
    "/api/nodes?limit=9999",
    "/api/graph",
    "/api/export/csv",
    "/api/openapi.json",
    "/docs",
    "/no/such/page",
]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(api: httpx.Client, path: str) -> None:
    r = api.get(path)
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "'unsafe-inline'" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/graph", "/api/graph?at=2023-01-01", "/api/export/graphml"])
def test_etag_and_304(api: httpx.Client, path: str) -> None:
    r = api.get(path)
    assert r.status_code == 200
    etag = r.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "no-cache" in r.headers["cache-control"] or "max-age" in r.headers["cache-control"]
    again = api.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert api.get(path, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert api.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etag_depends_on_parameters(api: httpx.Client) -> None:
    tags = {
        api.get("/api/graph").headers["etag"],
        api.get("/api/graph", params={"at": "2022-06-01"}).headers["etag"],
        api.get("/api/graph", params={"at": "2023-06-01"}).headers["etag"],
        api.get("/api/export/json").headers["etag"],
        api.get("/api/export/json", params={"lang": "en"}).headers["etag"],
        api.get("/api/export/ics").headers["etag"],
        api.get("/api/export/ics", params={"node": "radet"}).headers["etag"],
    }
    assert len(tags) == 7


def test_cors_open_for_get(api: httpx.Client) -> None:
    r = api.get("/api/map", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "etag" in r.headers["access-control-expose-headers"].lower()
    pre = api.options(
        "/api/graph",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "GET" in pre.headers["access-control-allow-methods"]
    bad = api.options(
        "/api/graph",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/nodes/nope", 404),
        ("/api/nodes?limit=0", 422),
        ("/api/path?from=radet&to=nope", 404),
        ("/api/export/docx", 404),
        ("/api/nothing", 404),
        ("/api/graph?at=igår", 422),
    ],
)
def test_one_error_shape(api: httpx.Client, path: str, status: int) -> None:
    r = api.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert isinstance(body["detail"], str) and len(body["detail"]) > 10
    assert set(body) <= {"detail", "errors"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/nodes/%00",
        "/api/nodes/%ff%fe",
        "/api/nodes?q=%00%01",
        "/api/nodes?q=" + "å" * 300,
        "/api/path?from=%C3&to=%00",
        "/api/search?q=%E2%80%8B",
        "/api/guide?q=%00&theme=%ff",
        "/api/nodes?limit=1e3",
        "/api/nodes?offset=99999999999999999999999",
        "/api/nodes/radet/neighbours?depth=1.5",
        "/api/graph?at=9999-99-99",
        "/api/export/%2e%2e%2f",
        "/api/nodes?kind=" + "x" * 10000,
    ],
)
def test_odd_input_never_gives_500(api: httpx.Client, path: str) -> None:
    r = api.get(path)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert isinstance(r.json()["detail"], str)


def test_guard_turns_an_unexpected_error_into_json() -> None:
    """A handler bug is answered with the one error shape (and the security headers)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.middleware import GuardMiddleware, SecurityHeadersMiddleware

    app = FastAPI()

    @app.get("/boom")
    async def boom() -> None:
        raise ZeroDivisionError

    app.add_middleware(GuardMiddleware, unavailable=lambda: False, unavailable_detail=lambda: "x")
    app.add_middleware(SecurityHeadersMiddleware)
    r = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert r.status_code == 500
    assert r.json() == {"detail": "Internt fel (internal error); felet är loggat."}
    assert r.headers["x-content-type-options"] == "nosniff"


def test_graph_gzip_once_per_version(api: httpx.Client) -> None:
    import gzip

    plain = api.get("/api/graph", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["vary"]
    with api.stream("GET", "/api/graph", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        packed_etag = r.headers["etag"]
    assert gzip.decompress(raw) == plain.content
    assert len(raw) < len(plain.content)
    assert packed_etag != plain.headers["etag"]
    again = api.get("/api/graph", headers={"Accept-Encoding": "gzip", "If-None-Match": packed_etag})
    assert again.status_code == 304
    refused = api.get("/api/graph", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
