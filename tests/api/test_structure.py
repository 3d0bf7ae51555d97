"""Structure rules: kartan never imports the web stack; settings are declared and documented."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import api.app
import kartan
from api.settings import SETTINGS, Settings, SettingsError
from tests.helpers import API_SMALL, ROOT


def kartan_modules() -> list[str]:
    return sorted(f"kartan.{m.name}" for m in pkgutil.iter_modules(kartan.__path__))


def test_kartan_never_imports_fastapi_or_starlette() -> None:
    modules = kartan_modules()
    assert "kartan.graph" in modules and "kartan.analysis" in modules
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'starlette', 'uvicorn', 'api'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"kartan imported: {out.stdout.strip()}"


def test_importing_the_app_reads_no_environment_nor_the_database_layer() -> None:
    """Nothing is read at import time: a broken KARTAN_* value fails only in from_env().

    Nor is the suggestions' database layer imported (SQLAlchemy, Alembic): it is
    imported when the store first opens, so a process that only serves the map starts
    without it, and serves its pages (the maintainers' sign-in form too) without it.
    """
    code = (
        "import sys\n"
        "import api.app, api.settings, api.state, api.deps\n"
        "layer = ('sqlalchemy', 'alembic', 'kartan.suggestions.store')\n"
        "print(sorted(m for m in layer if m in sys.modules))\n"
        "from fastapi.testclient import TestClient\n"
        f"settings = api.settings.Settings(data={str(API_SMALL)!r}, watch_interval=0, "
        "warm_lemmas=False)\n"
        "with TestClient(api.app.create_app(settings)) as client:\n"
        "    for path in ('/', '/om', '/api/map', '/forvaltning/logga-in', '/tipsa'):\n"
        "        assert client.get(path).status_code == 200, path\n"
        "print(sorted(m for m in layer if m in sys.modules))\n"
    )
    env = {"KARTAN_WATCH_INTERVAL": "not-a-number", "KARTAN_DATA": "/nonexistent.yaml"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**_base_env(), **env},
        check=True,
    )
    assert out.stdout.split() == ["[]", "[]"]


def test_the_guide_dictionaries_load_at_start_unless_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``warm_lemmas`` (default on) starts the dictionaries' loading with the app."""
    loaded: list[str] = []
    monkeypatch.setattr(api.app, "warm_lemmas", lambda: loaded.append("loaded"))

    def join_warm_up() -> None:
        for thread in threading.enumerate():
            if thread.name == "warm-lemmas":
                thread.join(10)

    api.app.create_app(Settings(data=API_SMALL))
    join_warm_up()
    assert loaded == ["loaded"]
    api.app.create_app(Settings(data=API_SMALL, warm_lemmas=False))
    join_warm_up()
    assert loaded == ["loaded"]
    assert Settings.from_env({"KARTAN_WARM_LEMMAS": "0"}).warm_lemmas is False
    assert Settings().warm_lemmas is True


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("KARTAN_")}


def test_settings_from_env() -> None:
    s = Settings.from_env(
        {
            "KARTAN_DATA": "/tmp/x.yaml",
            "KARTAN_WATCH_INTERVAL": "0.5",
            "KARTAN_STALE_DAYS": "30",
            "KARTAN_BENCH_ROUTES": "yes",
        }
    )
    assert s == Settings(
        data=Path("/tmp/x.yaml"), watch_interval=0.5, stale_days=30, bench_routes=True
    )
    assert Settings.from_env({}) == Settings()
    assert Settings().data == Path("data/forums.yaml") and Settings().watch_interval == 1.0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KARTAN_WATCH_INTERVAL", "often"),
        ("KARTAN_WATCH_INTERVAL", "-1"),
        ("KARTAN_STALE_DAYS", "1.5"),
        ("KARTAN_BENCH_ROUTES", "perhaps"),
    ],
)
def test_bad_settings_say_which(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_every_setting_is_a_field_and_documented() -> None:
    fields = set(Settings.model_fields)
    assert {s.name for s in SETTINGS} == fields
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.env}`" in doc, f"{s.env} is not documented in docs/api.md"
