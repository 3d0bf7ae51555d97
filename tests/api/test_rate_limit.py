"""The proposal rate limit under a proxy, IPv6 and several workers (security review 9).

Behind a proxy every client shared one bucket, an IPv6 client could change address at
will, and each worker process kept its own buckets (so N workers allowed N times the
limit).  Now ``X-Forwarded-For`` is believed only from ``KARTAN_TRUSTED_PROXIES``, IPv6
is bucketed by /64, and the buckets live in a SQLite file every worker shares.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from api.ratelimit import RATE_PER_MINUTE, SqliteTokenBucket, TokenBucket, rate_key
from tests.helpers import LOCAL_TLS, TEST_DATA, start_live_server, wait_for

SMALL = TEST_DATA / "valid_small.yaml"


@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "key"),
    [
        # X-Forwarded-For from anyone but a trusted proxy is ignored
        ("203.0.113.9", "198.51.100.1", "", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "10.0.0.0/8", "203.0.113.9"),
        # from a trusted proxy: the right-most address that is not a trusted proxy
        ("10.0.0.2", "198.51.100.1", "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", "10.0.0.0/8", "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1", "127.0.0.1", "198.51.100.1"),
        ("127.0.0.1", "not an address", "127.0.0.1", "127.0.0.1"),
        # IPv6 by /64; an IPv4-mapped address is the IPv4 address
        ("2001:db8:1:2:aaaa::1", None, "", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:fffe", None, "", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", None, "", "2001:db8:1:3::/64"),
        ("::ffff:192.0.2.7", None, "", "192.0.2.7"),
        ("10.0.0.2", "2001:db8:9:9::5", "10.0.0.0/8", "2001:db8:9:9::/64"),
    ],
)
def test_the_bucket_of_a_request(peer: str, xff: str | None, trusted: str, key: str) -> None:
    assert rate_key(peer, xff, trusted) == key


def test_a_shared_file_limits_across_processes(tmp_path: Path) -> None:
    """Two stores on one file, as two workers have: one limit, not two."""
    a = SqliteTokenBucket(tmp_path / "rate.sqlite")
    b = SqliteTokenBucket(tmp_path / "rate.sqlite")
    waits = [(a if i % 2 else b).take("198.51.100.1") for i in range(RATE_PER_MINUTE + 2)]
    assert waits[:RATE_PER_MINUTE] == [0.0] * RATE_PER_MINUTE
    assert all(w > 0 for w in waits[RATE_PER_MINUTE:])
    assert a.take("198.51.100.2") == 0.0  # another client has its own bucket
    memory = TokenBucket()
    assert [memory.take("x") for _ in range(RATE_PER_MINUTE)] == [0.0] * RATE_PER_MINUTE


def _post_from_new_connections(url: str, n: int, headers: dict[str, str]) -> list[int]:
    codes = []
    body = {"node": "radet", "description": "Ny text.", "sources": ["001 §1"]}
    for _ in range(n):
        with httpx.Client(base_url=url, timeout=30, verify=LOCAL_TLS) as c:  # a new connection
            codes.append(c.post("/api/proposals", json=body, headers=headers).status_code)
    return codes


@pytest.mark.slow  # two uvicorn workers start
def test_two_workers_share_one_limit_behind_a_trusted_proxy(tmp_path: Path) -> None:
    env = {
        "KARTAN_WATCH_INTERVAL": "0",
        "KARTAN_TRUSTED_PROXIES": "127.0.0.1",
        "KARTAN_RATE_LIMIT_DB": str(tmp_path / "rate.sqlite"),
    }
    server = start_live_server(SMALL, tmp_path, env=env, workers=2, log_level="info")
    url = server.url
    try:
        wait_for(  # both workers serve
            lambda: server.output().count("Application startup complete") >= 2,
            "both workers",
            timeout=180,
        )
        started = time.monotonic()
        alice = _post_from_new_connections(
            url, 2 * RATE_PER_MINUTE + 2, {"x-forwarded-for": "198.51.100.1"}
        )
        # the bucket refills RATE_PER_MINUTE tokens a minute: on a slow machine the
        # posts take long enough for a token or two to come back
        refilled = int((time.monotonic() - started) * RATE_PER_MINUTE / 60)
        assert RATE_PER_MINUTE <= alice.count(200) <= RATE_PER_MINUTE + refilled, alice
        assert alice.count(200) < 2 * RATE_PER_MINUTE  # one shared bucket, not one per worker
        assert 429 in alice
        # another client behind the same proxy has its own bucket
        bob = _post_from_new_connections(url, 1, {"x-forwarded-for": "198.51.100.2"})
        assert bob == [200]
    finally:
        server.stop(timeout=60)
