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


# --- a page's address with values its parameters refuse --------------------------------

HTML = {"Accept": "text/html"}


def test_an_over_long_value_in_a_page_address_is_a_page_that_says_which(real_app: Any) -> None:
    """A hand-made or cut address (`/noder?q=` with 600 characters) is answered as a page
    in the page's language that names the value and its limit, not as raw JSON."""
    long = "a" * 600
    r = real_app.get(f"/noder?q={long}", headers=HTML)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Adressen går inte att använda</h1>" in r.text
    assert "Sidan kan inte använda det här i adressen: q (högst 200 tecken)." in r.text
    assert long not in r.text  # nor in the language link, which leaves q out
    assert 'class="lang-toggle" href="/noder?lang=en"' in r.text
    en = real_app.get(f"/arenden?lang=en&kind={long}&theme={long}", headers=HTML)
    assert en.status_code == 422 and '<html lang="en"' in en.text
    assert (
        "This page cannot use this in the address: kind (at most 40 characters), theme" in en.text
    )


def test_the_same_address_without_html_accept_and_the_api_stay_json(real_app: Any) -> None:
    long = "a" * 600
    plain = real_app.get(f"/noder?q={long}", headers={"Accept": "application/json"})
    assert plain.status_code == 422 and plain.json()["detail"].startswith("Ogiltig parameter")
    api = real_app.get(f"/api/nodes?q={long}", headers=HTML)
    assert api.status_code == 422 and api.headers["content-type"].startswith("application/json")
