"""A browser that asks for a page that does not exist gets the HTML 404 page; the API JSON."""

from __future__ import annotations

from typing import Any


def test_unknown_page_is_an_html_404(real_app: Any) -> None:
    r = real_app.get("/finns-inte", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Sidan finns inte" in r.text
    assert '<html lang="sv"' in r.text


def test_unknown_api_path_stays_json(real_app: Any) -> None:
    r = real_app.get("/api/finns-inte", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


def test_unknown_path_without_html_accept_is_json(real_app: Any) -> None:
    r = real_app.get("/finns-inte", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["detail"]
