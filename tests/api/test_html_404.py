"""A browser that asks for a page that does not exist gets the HTML 404 page; the API JSON."""

from __future__ import annotations

from typing import Any


def test_unknown_page_is_an_html_404(real_app: Any) -> None:
    r = real_app.get("/finns-inte", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Sidan finns inte" in r.text
    assert '<html lang="sv"' in r.text
    # the lead says which address, and no sentence says the same as the heading again
    assert '<p class="lead">Det finns ingen sida på adressen /finns-inte.</p>' in r.text
    assert "Sidan finns inte." not in r.text and "Adressen finns inte" not in r.text


def test_an_unknown_tip_says_so_in_words(real_app: Any) -> None:
    for lang, says in (
        ("sv", "Inget tips har numret abc."),
        ("en", "No tip has the number abc."),
    ):
        r = real_app.get(f"/tipsa/abc?lang={lang}", headers={"Accept": "text/html"})
        assert r.status_code == 404
        assert says in r.text and ": 404" not in r.text


def test_unknown_api_path_stays_json(real_app: Any) -> None:
    r = real_app.get("/api/finns-inte", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


def test_unknown_path_without_html_accept_is_json(real_app: Any) -> None:
    r = real_app.get("/finns-inte", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["detail"]
