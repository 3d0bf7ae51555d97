"""The suggestions API and pages, the app in-process on a temporary git repository
holding a copy of the map: anyone suggests, maintainers sign in and decide.

Security: every maintainer route without a session, another maintainer's stale session,
cross-site posts without the token, session fixation, brute force, and one suggestion's
id used to read another's contact.  Durability: a suggestion answered 201 survives
``kill -9`` of a real server (uvicorn).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2_cost import ARGON2_ENV
from gitrepo import git, make_repo

from kartan.suggestions.records import default_database_url
from kartan.suggestions.store import SuggestionStore
from tests.helpers import API_SMALL, run_kartan

PASSWORD = "ett-langt-losenord-1"
CONTACT_A = "styrelsen@forening-a.example"
CONTACT_B = "kansliet@forening-b.example"


def _kartan(args: list[str], stdin: str = "") -> None:
    """``kartan ARGS`` in this process (the command's own function, stdin as given)."""
    done = run_kartan(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr


def add_maintainer(data: Path, name: str, password: str = PASSWORD) -> None:
    _kartan(["maintainers", "add", name, "--data", str(data)], stdin=password + "\n")


def remove_maintainer(data: Path, name: str) -> None:
    _kartan(["maintainers", "remove", name, "--data", str(data)])


@dataclass
class Inbox:
    server: Any
    repo: Path
    data: Path

    def client(self) -> httpx.Client:
        client: httpx.Client = self.server.client(follow_redirects=False)
        return client


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, app_factory: Callable[..., Any]) -> Inbox:
    repo = tmp_path_factory.mktemp("inbox-repo")
    data = make_repo(repo)
    for name in ("forvaltare-a", "forvaltare-b", "forvaltare-c"):
        add_maintainer(data, name)
    server = app_factory(
        data,
        copy=False,
        KARTAN_WATCH_INTERVAL="0",
        KARTAN_SUGGESTION_LIMIT="1000",
        **ARGON2_ENV,
    )
    return Inbox(server, repo, data)


@pytest.fixture
def client(inbox: Inbox) -> Iterator[httpx.Client]:
    with inbox.client() as c:
        yield c


def suggest(c: httpx.Client, **fields: Any) -> dict[str, Any]:
    r = c.post("/api/suggestions", json={"text": "Rådet möts numera på onsdagar.", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def login(c: httpx.Client, name: str = "forvaltare-a") -> str:
    r = c.post("/api/login", json={"name": name, "password": PASSWORD})
    assert r.status_code == 204, r.text
    return r.headers["x-csrf-token"]


def plant(c: httpx.Client, token: str) -> None:
    """Put a session cookie into the client's jar as the server's own would be."""
    c.cookies.set("kartan_session", token, domain="127.0.0.1", path="/")


def page_token(c: httpx.Client, path: str) -> str:
    r = c.get(path)
    assert r.status_code == 200, r.text
    found = re.search(r'name="csrf" value="([^"]+)"', r.text)
    assert found, "no CSRF field on " + path
    return found.group(1)


def page_login(c: httpx.Client, name: str = "forvaltare-a") -> None:
    token = page_token(c, "/forvaltning/logga-in")
    r = c.post(
        "/forvaltning/logga-in",
        data={"name": name, "password": PASSWORD, "csrf": token, "next": "/forvaltning"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/forvaltning", r.text


# --- anyone -------------------------------------------------------------------------------


def test_consent_is_a_json_boolean_never_a_number_or_word(client: httpx.Client) -> None:
    """schemathesis (--checks all): `"consent": 0` was read as false and `"yes"`/`1` as
    consent; only a JSON boolean is consent (the form route reads its checkbox itself)."""
    for value in (1, "yes", "on", 0, "false"):
        r = client.post(
            "/api/suggestions",
            json={"text": "Rådet möts numera på onsdagar.", "contact": CONTACT_A, "consent": value},
        )
        assert r.status_code == 422, (value, r.text)
        assert "consent" in r.text


def test_post_suggestion_answers_201_with_id_and_status(client: httpx.Client) -> None:
    r = client.post(
        "/api/suggestions",
        json={
            "text": "Rådet möts numera på onsdagar.",
            "node": "Samverkansrådet",
            "learned_from": "Kallelsen till mötet i oktober",
            "contact": CONTACT_A,
            "consent": True,
        },
    )
    assert r.status_code == 201
    body = r.json()
    assert set(body) == {"id", "status"} and body["status"] == "received"
    assert re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert r.headers["location"] == f"/tipsa/{body['id']}"
    status = client.get(f"/api/suggestions/{body['id']}/status").json()
    assert status["status"] == "received" and status["node"] == "samverkansradet"
    assert CONTACT_A not in client.get(f"/api/suggestions/{body['id']}/status").text
    page = client.get(f"/tipsa/{body['id']}")
    assert page.status_code == 200 and "Samverkansrådet" in page.text
    assert CONTACT_A not in page.text and "Mottaget" in page.text


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"text": ""}, 422, ""),
        ({"text": "   "}, 422, "Skriv vad"),
        ({"text": "Ring 070-123 45 67"}, 422, "telefonnummer"),
        ({"text": "ok", "learned_from": "från kansliet@forening.example"}, 422, "e-postadress"),
        ({"text": "ok", "contact": CONTACT_A}, 422, "Kryssa i rutan"),
        ({"text": "ok", "node": "Finns inte-rådet"}, 422, "inget organ"),
        ({"text": "ok", "extra": 1}, 422, ""),
        ({"text": "x" * 4001}, 422, ""),
    ],
)
def test_bad_suggestions_get_a_readable_4xx(
    client: httpx.Client, payload: dict[str, Any], status: int, words: str
) -> None:
    r = client.post("/api/suggestions", json=payload)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]


def test_not_json_and_too_large(client: httpx.Client) -> None:
    form = client.post("/api/suggestions", data={"text": "hej"})  # a cross-site form could
    assert form.status_code == 415
    plain = client.post(
        "/api/suggestions", content=b'{"text": "hej"}', headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 415
    big = client.post(
        "/api/suggestions",
        content=b'{"text": "' + b"a" * 30_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413


def test_the_form_for_anyone_stores_and_shows_the_status(
    client: httpx.Client, inbox: Inbox
) -> None:
    token = page_token(client, "/tipsa")
    assert "kartan_csrf" in client.cookies
    r = client.post(
        "/tipsa",
        data={
            "csrf": token,
            "text": "Klimatnätverket har bytt namn.",
            "node": "foreningsradets-klimatnatverk",
            "learned_from": "Nätverkets webbsida",
            "contact": CONTACT_B,
            "consent": "yes",
            "homepage": "",
        },
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert re.fullmatch(r"/tipsa/[0-9a-f]{16}\?tack=1", location)
    page = client.get(location)
    assert "Tack!" in page.text and CONTACT_B not in page.text
    sid = location.split("/")[2].split("?")[0]
    store = SuggestionStore(default_database_url(inbox.data))
    got = store.get(sid)
    assert got is not None
    assert got.contact == CONTACT_B
    store.close()


def test_the_form_keeps_the_text_when_it_is_refused(client: httpx.Client) -> None:
    token = page_token(client, "/noder/samverkansradet")
    r = client.post(
        "/tipsa",
        data={"csrf": token, "text": "Ny adress, ring 070-123 45 67", "node": "samverkansradet"},
    )
    assert r.status_code == 422
    assert "Ny adress, ring 070-123 45 67" in r.text and "telefonnummer" in r.text


def test_honeypot_stores_nothing(client: httpx.Client, inbox: Inbox) -> None:
    store = SuggestionStore(default_database_url(inbox.data))
    before = sum(store.counts().values())
    token = page_token(client, "/tipsa")
    r = client.post("/tipsa", data={"csrf": token, "text": "köp billigt", "homepage": "http://x"})
    assert r.status_code == 200 and "Tack!" in r.text
    assert sum(store.counts().values()) == before
    store.close()


def test_every_body_page_has_the_form_with_the_body_by_name(client: httpx.Client) -> None:
    html = client.get("/noder/samverkansradet").text
    assert 'action="/tipsa"' in html and 'name="text"' in html and 'name="consent"' in html
    general = client.get("/tipsa").text
    assert '<option value="samverkansradet">Samverkansrådet</option>' in general
    english = client.get("/tipsa?lang=en").text
    assert "What is wrong or missing?" in english and "Send the tip" in english


def test_rate_limit(app_factory: Callable[..., Any], tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    server = app_factory(data, copy=False, KARTAN_SUGGESTION_LIMIT="2")
    with server.client() as c:
        suggest(c)
        suggest(c)
        r = c.post("/api/suggestions", json={"text": "en till"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert "försök igen" in r.json()["detail"]
    server.stop()


def test_a_database_out_of_reach_is_a_503_not_a_500(
    app_factory: Callable[..., Any], tmp_path: Path
) -> None:
    """The store opens (and SQLAlchemy is imported) at the first use; a database that
    cannot be reached then is a 503 with Retry-After, and nothing is lost silently."""
    data = make_repo(tmp_path)
    # port 1 on loopback: nothing listens there, the connection is refused at once
    server = app_factory(
        data, copy=False, KARTAN_DATABASE_URL="postgresql://kartan@127.0.0.1:1/kartan"
    )
    with server.client() as c:
        r = c.post("/api/suggestions", json={"text": "Rådet möts numera på onsdagar."})
        assert r.status_code == 503, r.text
        assert int(r.headers["retry-after"]) > 0
        assert r.json()["detail"]
        status = c.get("/api/suggestions/0123456789abcdef/status")
        assert status.status_code == 503, status.text
    server.stop()


# --- maintainers --------------------------------------------------------------------------

SID = "0123456789abcdef"
API_ROUTES = [
    ("GET", "/api/suggestions"),
    ("GET", f"/api/suggestions/{SID}"),
    ("POST", f"/api/suggestions/{SID}/accept"),
    ("POST", f"/api/suggestions/{SID}/reject"),
]
PAGE_ROUTES = [
    ("GET", "/forvaltning"),
    ("GET", f"/forvaltning/forslag/{SID}"),
    ("POST", f"/forvaltning/forslag/{SID}/kontrollera"),
    ("POST", f"/forvaltning/forslag/{SID}/godkann"),
    ("POST", f"/forvaltning/forslag/{SID}/avboj"),
    ("POST", "/forvaltning/logga-ut"),
]
ACCEPT_BODY = {
    "node": "samverkansradet",
    "relation": {"type": "collaborates_with", "to": "orebro-foreningsrad"},
    "sources": ["001 §5"],
}


def _call(c: httpx.Client, method: str, path: str, **kw: Any) -> httpx.Response:
    if method == "GET":
        return c.get(path)
    if path.startswith("/api/"):
        body = ACCEPT_BODY if path.endswith("/accept") else {"reason": "Finns redan."}
        return c.post(path, json=body, **kw)
    return c.post(path, data={"reason": "Finns redan.", "node": "samverkansradet"}, **kw)


def _refused(r: httpx.Response, api: bool) -> bool:
    if api:
        return r.status_code == 401
    return r.status_code == 303 and r.headers["location"].startswith("/forvaltning/logga-in")


@pytest.mark.parametrize(("method", "path"), API_ROUTES + PAGE_ROUTES)
def test_every_maintainer_route_without_a_session(
    client: httpx.Client, method: str, path: str
) -> None:
    r = _call(client, method, path)
    assert _refused(r, path.startswith("/api/")), (r.status_code, r.text[:200])


def test_a_stale_session_of_another_maintainer_opens_nothing(inbox: Inbox) -> None:
    with inbox.client() as b:
        token_b = login(b, "forvaltare-b")
        assert b.get("/api/suggestions").status_code == 200
        stolen = b.cookies["kartan_session"]
        remove_maintainer(inbox.data, "forvaltare-b")
        try:
            with inbox.client() as c:
                plant(c, stolen)
                for method, path in API_ROUTES + PAGE_ROUTES:
                    r = _call(c, method, path, headers={"x-csrf-token": token_b})
                    assert _refused(r, path.startswith("/api/")), (path, r.status_code)
        finally:
            add_maintainer(inbox.data, "forvaltare-b")
    # a session that signed out is as dead
    with inbox.client() as a:
        login(a, "forvaltare-a")
        ended = a.cookies["kartan_session"]
        assert a.post("/api/logout").status_code == 204
        plant(a, ended)
        assert a.get("/api/suggestions").status_code == 401


def test_cross_site_posts_without_the_token_are_refused(inbox: Inbox) -> None:
    store = SuggestionStore(default_database_url(inbox.data))
    with inbox.client() as c:
        sid = suggest(c)["id"]
        before = sum(store.counts().values())
        # the visitor's form: no token, a wrong token, or a foreign Origin
        token = page_token(c, "/tipsa")
        for data, headers in (
            ({"text": "csrf"}, {}),
            ({"text": "csrf", "csrf": "x" * 43}, {}),
            ({"text": "csrf", "csrf": token}, {"origin": "https://evil.example"}),
            ({"text": "csrf", "csrf": token}, {"sec-fetch-site": "cross-site"}),
        ):
            assert c.post("/tipsa", data=data, headers=headers).status_code == 403
        assert sum(store.counts().values()) == before
        # the sign-in form
        r = c.post("/forvaltning/logga-in", data={"name": "forvaltare-a", "password": PASSWORD})
        assert r.status_code == 403 and "kartan_session" not in r.cookies
        # a signed-in maintainer's forms and API, with the session cookie but no token
        csrf = login(c)
        for path in (
            f"/forvaltning/forslag/{sid}/godkann",
            f"/forvaltning/forslag/{sid}/avboj",
            f"/forvaltning/forslag/{sid}/kontrollera",
            "/forvaltning/logga-ut",
        ):
            r = c.post(path, data={"reason": "nej", **ACCEPT_BODY_FORM})
            assert r.status_code == 403, path
            r = c.post(
                path,
                data={"reason": "nej", "csrf": csrf, **ACCEPT_BODY_FORM},
                headers={"origin": "https://evil.example"},
            )
            assert r.status_code == 403, path
        assert c.post(f"/api/suggestions/{sid}/reject", json={"reason": "nej"}).status_code == 403
        r = c.post(
            f"/api/suggestions/{sid}/accept", json=ACCEPT_BODY, headers={"x-csrf-token": "fel"}
        )
        assert r.status_code == 403
        assert c.post(f"/api/suggestions/{sid}/reject", data={"reason": "nej"}).status_code == 415
        got = store.get(sid)
        assert got is not None
        assert got.status == "received"
        assert c.get("/api/suggestions").status_code == 200  # still signed in
    store.close()


ACCEPT_BODY_FORM = {
    "node": "samverkansradet",
    "relation_type": "collaborates_with",
    "relation_to": "orebro-foreningsrad",
    "sources": "001 §5",
}


def test_session_fixation(inbox: Inbox) -> None:
    with inbox.client() as attacker:
        login(attacker, "forvaltare-c")
        planted = attacker.cookies["kartan_session"]
    with inbox.client() as victim:
        plant(victim, "vald-av-angriparen-0123456789")
        login(victim, "forvaltare-a")
        fresh = victim.cookies["kartan_session"]
        assert fresh != "vald-av-angriparen-0123456789"
        with inbox.client() as other:
            plant(other, "vald-av-angriparen-0123456789")
            assert other.get("/api/suggestions").status_code == 401
    with inbox.client() as victim:
        # a real session planted in the browser is ended by the next sign-in there
        plant(victim, planted)
        page_login(victim, "forvaltare-a")
        assert victim.cookies["kartan_session"] not in (planted, fresh)
    with inbox.client() as attacker:
        plant(attacker, planted)
        assert attacker.get("/api/suggestions").status_code == 401


def test_brute_force_locks_the_name(inbox: Inbox) -> None:
    add_maintainer(inbox.data, "forvaltare-d")
    with inbox.client() as c:
        for i in range(5):
            r = c.post("/api/login", json={"name": "forvaltare-d", "password": f"gissning-{i}"})
            assert r.status_code == 401
            assert r.json()["detail"] == "Fel namn eller lösenord (wrong name or password)."
        r = c.post("/api/login", json={"name": "forvaltare-d", "password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 800
        token = page_token(c, "/forvaltning/logga-in")
        r = c.post(
            "/forvaltning/logga-in",
            data={"name": "forvaltare-d", "password": PASSWORD, "csrf": token},
        )
        assert r.status_code == 429 and "För många misslyckade försök" in r.text
        assert "kartan_session" not in c.cookies
        login(c, "forvaltare-a")  # other names are not locked


def test_one_suggestions_id_does_not_read_anothers_contact(inbox: Inbox) -> None:
    with inbox.client() as c:
        a = suggest(c, contact=CONTACT_A, consent=True)["id"]
        b = suggest(c, contact=CONTACT_B, consent=True)["id"]
        assert a != b and int(a, 16) != int(b, 16) - 1
        for path in (
            f"/tipsa/{a}",
            f"/tipsa/{a}?id={b}",
            f"/api/suggestions/{a}/status",
            f"/api/suggestions/{a}/status?id={b}",
            f"/tipsa/{a}?lang=en",
        ):
            r = c.get(path)
            assert r.status_code == 200
            assert CONTACT_A not in r.text and CONTACT_B not in r.text, path
        assert c.get(f"/api/suggestions/{a}").status_code == 401
        assert c.get(f"/api/suggestions/{b}").status_code == 401
        login(c)
        assert c.get(f"/api/suggestions/{a}").json()["contact"] == CONTACT_A
        assert CONTACT_B not in c.get(f"/api/suggestions/{a}").text


def test_cookie_flags(inbox: Inbox) -> None:
    with inbox.client() as c:
        r = c.post("/api/login", json={"name": "forvaltare-a", "password": PASSWORD})
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
        r = c.post(
            "/api/login",
            json={"name": "forvaltare-a", "password": PASSWORD},
            headers={"x-forwarded-proto": "https"},
        )
        assert "; secure" in r.headers["set-cookie"].lower()


def test_accept_commits_on_the_suggestions_branch(inbox: Inbox) -> None:
    with inbox.client() as c:
        sid = suggest(c, node="samverkansradet")["id"]
        csrf = login(c)
        listed = c.get("/api/suggestions?status=received").json()
        assert sid in [i["id"] for i in listed["items"]]
        bad = dict(ACCEPT_BODY, relation={"type": "collaborates_with", "to": "finns-inte"})
        r = c.post(f"/api/suggestions/{sid}/accept", json=bad, headers={"x-csrf-token": csrf})
        assert r.status_code == 422 and "finns-inte" in r.text
        r = c.post(
            f"/api/suggestions/{sid}/accept", json=ACCEPT_BODY, headers={"x-csrf-token": csrf}
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["branch"] == f"forslag/{sid}"
        assert git(inbox.repo, "rev-parse", body["branch"]) == body["commit"]
        assert git(inbox.repo, "status", "--porcelain") == ""
        again = c.post(
            f"/api/suggestions/{sid}/accept", json=ACCEPT_BODY, headers={"x-csrf-token": csrf}
        )
        assert again.status_code == 409
        r = c.post(
            f"/api/suggestions/{sid}/reject", json={"reason": "nej"}, headers={"x-csrf-token": csrf}
        )
        assert r.status_code == 409
        status = c.get(f"/api/suggestions/{sid}/status").json()
        assert (status["status"], status["branch"]) == ("accepted", f"forslag/{sid}")


def test_the_review_form_without_a_body_says_choose_one(inbox: Inbox) -> None:
    """No body chosen (or one not on the map): a readable 422 on the page, never a 500."""
    with inbox.client() as c:
        sid = suggest(c)["id"]
        csrf = login(c)
        for action, node in (("kontrollera", ""), ("kontrollera", "finns-inte"), ("godkann", "")):
            r = c.post(
                f"/forvaltning/forslag/{sid}/{action}",
                data={"csrf": csrf, "node": node, "sources": "001 §5"},
            )
            assert r.status_code == 422, (action, node, r.status_code)
            assert "Välj vilket organ ändringen gäller." in r.text
        assert c.get(f"/api/suggestions/{sid}/status").json()["status"] == "received"


def test_accept_checks_the_body_is_on_the_map_as_check_does(inbox: Inbox) -> None:
    """Accept refuses a body that is not on the map with the same 422 as check, and
    commits nothing (it used to pass any non-empty id on to the commit)."""
    with inbox.client() as c:
        sid = suggest(c)["id"]
        csrf = login(c)
        r = c.post(
            f"/forvaltning/forslag/{sid}/godkann",
            data={**ACCEPT_BODY_FORM, "csrf": csrf, "node": "finns-inte"},
        )
        assert r.status_code == 422, r.status_code
        assert "Välj vilket organ ändringen gäller." in r.text
        assert c.get(f"/api/suggestions/{sid}/status").json()["status"] == "received"
    assert git(inbox.repo, "branch", "--list", f"forslag/{sid}") == ""


def test_reject_with_a_reason_the_sender_reads(inbox: Inbox) -> None:
    with inbox.client() as c:
        sid = suggest(c, contact=CONTACT_A, consent=True)["id"]
        csrf = login(c)
        r = c.post(
            f"/api/suggestions/{sid}/reject",
            json={"reason": "Uppgiften finns redan på kartan."},
            headers={"x-csrf-token": csrf},
        )
        assert r.status_code == 200 and r.json()["status"] == "rejected"
        assert r.json()["contact_deleted_on"]
        page = c.get(f"/tipsa/{sid}").text
        assert "Uppgiften finns redan på kartan." in page and "Inte infört" in page
        assert CONTACT_A not in page
    assert git(inbox.repo, "branch", "--list", f"forslag/{sid}") == ""


def test_openapi_documents_the_suggestions(client: httpx.Client) -> None:
    spec = client.get("/api/openapi.json").json()
    post = spec["paths"]["/api/suggestions"]["post"]
    assert "201" in post["responses"]
    schema = spec["components"]["schemas"]["SuggestionIn"]["properties"]
    assert {"text", "node", "learned_from", "contact", "consent"} <= set(schema)
    assert "/api/suggestions/{suggestion_id}/accept" in spec["paths"]
    assert "/api/login" in spec["paths"]


@pytest.mark.slow  # a real server starts and is killed
def test_a_suggestion_answered_201_survives_kill_9(
    tmp_path: Path,
    live_server_factory: Callable[..., Any],
    app_factory: Callable[..., Any],
) -> None:
    """The suggestion is in the database after ``kill -9`` of the real server that
    answered 201, and the app started again on that database lists it."""
    (tmp_path / "repo").mkdir()
    data = make_repo(tmp_path / "repo", source=API_SMALL)
    server = live_server_factory(data, copy=False)
    try:
        with server.client() as c:
            sid = suggest(c, text="Överlever kill -9.", contact=CONTACT_A, consent=True)["id"]
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
    finally:
        server.stop()
    store = SuggestionStore(default_database_url(data))
    found = store.get(sid)
    store.close()
    assert found is not None and found.text == "Överlever kill -9."
    assert found.contact == CONTACT_A
    add_maintainer(data, "forvaltare-a")
    again = app_factory(data, copy=False, KARTAN_WATCH_INTERVAL="0", **ARGON2_ENV)
    try:
        with again.client() as c:
            login(c)
            assert sid in [i["id"] for i in c.get("/api/suggestions").json()["items"]]
    finally:
        again.stop()


def test_the_pages_keep_the_strict_csp_and_nothing_inline(client: httpx.Client) -> None:
    from api.middleware import CONTENT_SECURITY_POLICY

    sid = suggest(client)["id"]
    login(client)
    for path in (
        "/tipsa",
        f"/tipsa/{sid}",
        "/noder/samverkansradet",
        "/forvaltning/logga-in",
        "/forvaltning",
        f"/forvaltning/forslag/{sid}",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
        assert re.search(r"<script(?![^>]*\bsrc=)", r.text) is None, path
        assert " style=" not in r.text and "<style" not in r.text, path
        assert re.search(r"\son[a-z]+=", r.text) is None, path
