"""One error hierarchy: every error class of ours derives from ``kartan.errors.KartanError``,
and the web layer maps them to HTTP in one table (``api.errors.DOMAIN_STATUS``)."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import DOMAIN_STATUS
from api.settings import Settings
from kartan import export, proposal
from kartan.errors import KartanError, UnavailableError, UnknownNodeError
from kartan.history import UnknownRevisionError
from kartan.suggestions.records import LockedOutError
from tests.helpers import ROOT, TEST_DATA

SMALL = TEST_DATA / "api_small.yaml"


def error_classes() -> Iterator[tuple[str, str]]:
    """(module, class) of every class named ``…Error`` in kartan, api and kartan_cli."""
    for package in ("kartan", "api", "kartan_cli"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                    yield ".".join(parts), node.name


def test_every_error_of_ours_is_a_kartan_error() -> None:
    found = list(error_classes())
    assert len(found) >= 20
    outside = [
        f"{module}.{name}"
        for module, name in found
        if not issubclass(getattr(importlib.import_module(module), name), KartanError)
    ]
    assert outside == []


def test_one_unknown_node_error() -> None:
    """The export's and the proposal's unknown body are the map's one UnknownNodeError."""
    # kartan.export raises kartan.errors' class under that name (it does not re-export it)
    assert vars(export)["UnknownNodeError"] is UnknownNodeError
    assert issubclass(proposal.UnknownNodeError, UnknownNodeError)
    assert issubclass(proposal.UnknownNodeError, proposal.ProposalError)
    every = [
        getattr(importlib.import_module(m), n)
        for m, n in error_classes()
        if n == "UnknownNodeError"
    ]
    assert all(issubclass(cls, UnknownNodeError) for cls in every)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    app = create_app(Settings(data=SMALL, watch_interval=0))
    raised: dict[str, KartanError] = {
        "node": UnknownNodeError("finns-inte"),
        "proposal-node": proposal.UnknownNodeError("proposal_unknown_node", id="finns-inte"),
        "proposal": proposal.ProposalError("proposal_nothing"),
        "revision": UnknownRevisionError("abc123"),
        "locked": LockedOutError(30),
        "unavailable": UnavailableError("git saknas (git is missing)"),
        "plain": KartanError("kan inte (cannot)"),
    }

    @app.get("/api/_raise/{what}")
    def boom(what: str) -> None:
        raise raised[what]

    return app


@pytest.mark.parametrize(
    ("what", "status"),
    [
        ("node", 404),
        ("proposal-node", 404),
        ("proposal", 422),
        ("revision", 404),
        ("locked", 429),
        ("unavailable", 503),
        ("plain", 422),
    ],
)
def test_a_domain_error_a_route_lets_through_gets_its_status(
    app: FastAPI, what: str, status: int
) -> None:
    with TestClient(app) as client:
        response = client.get(f"/api/_raise/{what}")
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail"} and body["detail"]
    if what == "locked":
        assert response.headers["Retry-After"] == "30"
    if what == "proposal":
        assert "(" in body["detail"]  # Swedish with the English in brackets


def test_the_table_names_library_errors_only() -> None:
    assert all(issubclass(cls, KartanError) for cls in DOMAIN_STATUS)
    assert set(DOMAIN_STATUS.values()) <= {401, 404, 409, 422, 429, 503}
