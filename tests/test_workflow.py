"""The editing workflow: the GitHub workflow's steps and the pre-commit hooks, run here.

The workflow's shell steps (everything but checkout, setup and install) run in a
temporary git repository with a base branch, as GitHub would run them on a pull request;
the pre-commit hooks run in a temporary repository against a broken and a good data file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kartan.fmt import format_map
from kartan.load import load_map
from kartan.model import Member
from tests.helpers import GIT_ENV, ROOT, TEST_DATA

WORKFLOW = ROOT / ".github" / "workflows" / "data.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
SMALL = TEST_DATA / "valid_small.yaml"
DATA = "data/forums.yaml"
BIN = Path(sys.prefix) / "bin"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        **GIT_ENV,
        **extra,
    }


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=_env(), capture_output=True)


def _good_text() -> str:
    return format_map(load_map(SMALL, stale_days=None).data)


def _changed_text() -> str:
    data = load_map(SMALL, stale_days=None).data
    radet = next(n for n in data.nodes if n.id == "radet")
    radet.members.append(Member.model_validate({"id": "au", "sources": ["001 §3"]}))
    return format_map(data)


@pytest.fixture
def pr_repo(tmp_path: Path) -> Path:
    """A repository on a pull-request branch with ``origin/main`` as the base."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / DATA).write_text(_good_text(), encoding="utf-8")
    git(repo, "add", DATA)
    git(repo, "commit", "-q", "-m", "Grund")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "forslag")
    (repo / DATA).write_text(_changed_text(), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "AU blir ledamot i Rådet")
    return repo


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["data"]["steps"]
    return steps


def _run_step(step: dict[str, Any], repo: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    env = _env(GITHUB_STEP_SUMMARY=str(summary))
    for key, value in step.get("env", {}).items():
        assert value == "${{ github.base_ref }}", "only the base ref is templated"
        env[key] = "main"
    assert "${{" not in step["run"], "expressions go through env, never into the script"
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflow_runs_the_three_checks() -> None:
    runs = " ".join(s.get("run", "") for s in _steps())
    assert "kartan validate data/forums.yaml --format github" in runs
    assert "kartan fmt --check data/forums.yaml" in runs
    assert 'kartan diff "origin/$BASE_REF" --format markdown' in runs
    assert "GITHUB_STEP_SUMMARY" in runs
    checkout = next(s for s in _steps() if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_workflow_steps_on_a_pull_request(pr_repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    shell_steps = [s for s in _steps() if "run" in s and "pip install" not in s["run"]]
    assert [s["name"] for s in shell_steps] == [
        "Validera data/forums.yaml",
        "Kanonisk form",
        "Ändringar på kartan",
    ]
    for step in shell_steps:
        proc = _run_step(step, pr_repo, summary)
        assert proc.returncode == 0, (step["name"], proc.stdout, proc.stderr)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Ändringar på kartan\n\n### Ändringar i data/forums.yaml: ")
    assert "**Sammanfattning:** 1 medlemskap tillagt" in text
    assert "- ➕ AU är medlem i Rådet (ledamot)" in text


def test_workflow_steps_fail_on_a_broken_file(pr_repo: Path, tmp_path: Path) -> None:
    broken = _changed_text().replace("via: forvaltningen", "via: forvaltning")
    (pr_repo / DATA).write_text(broken, encoding="utf-8")
    summary = tmp_path / "summary.md"
    validate, fmt_check, diff = [s for s in _steps() if "run" in s][1:]
    proc = _run_step(validate, pr_repo, summary)
    assert proc.returncode == 1
    assert "::error file=data/forums.yaml,line=" in proc.stdout
    assert "okänd nod 'forvaltning'" in proc.stdout
    assert _run_step(fmt_check, pr_repo, summary).returncode == 1
    proc = _run_step(diff, pr_repo, summary)
    assert proc.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert "kunde inte tas fram (slutkod 1)" in text
    assert "okänd nod 'forvaltning'" in text


def test_workflow_fmt_check_catches_non_canonical(pr_repo: Path, tmp_path: Path) -> None:
    text = (pr_repo / DATA).read_text(encoding="utf-8")
    (pr_repo / DATA).write_text(text.replace("  - id: au\n", "  - id:   au\n"), encoding="utf-8")
    fmt_check = next(s for s in _steps() if s.get("name") == "Kanonisk form")
    summary = tmp_path / "summary.md"
    proc = _run_step(fmt_check, pr_repo, summary)
    assert proc.returncode == 1
    assert "inte i kanonisk form" in proc.stdout
    # the summary shows the lines to change, for someone who cannot run kartan fmt
    shown = summary.read_text(encoding="utf-8")
    assert shown.startswith("## Kanonisk form\n")
    assert "```diff\n--- a/data/forums.yaml\n+++ b/data/forums.yaml\n" in shown
    assert "\n-  - id:   au\n+  - id: au\n" in shown
    assert shown.rstrip().endswith("```")
    assert (pr_repo / DATA).read_text(encoding="utf-8").count("id:   au") == 1  # not rewritten


def test_pull_request_template_asks_for_the_source() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Källa" in text
    assert "sources:" in text


@pytest.mark.skipif(not (BIN / "pre-commit").exists(), reason="pre-commit is not installed")
def test_pre_commit_validates_data(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    shutil.copy(PRE_COMMIT, repo / ".pre-commit-config.yaml")
    broken = _good_text().replace("via: forvaltningen", "via: forvaltning")
    (repo / DATA).write_text(broken, encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml", DATA)
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "cache"))

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "pre-commit"), "run", name, "--files", DATA],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    proc = hook("kartan-validate")
    assert proc.returncode == 1, proc.stdout
    assert "okänd nod 'forvaltning'" in proc.stdout
    (repo / DATA).write_text(_good_text(), encoding="utf-8")
    git(repo, "add", DATA)
    for name in ("kartan-validate", "kartan-fmt"):
        proc = hook(name)
        assert proc.returncode == 0, proc.stdout
        assert "Passed" in proc.stdout


def test_contributing_quotes_the_validators_real_messages() -> None:
    """Every message CONTRIBUTING.md explains is one the validator can really print."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text.split("## Så rättar du varje sorts meddelande", 1)[1].split("\n### ", 1)[0]
    files = [
        ROOT / "kartan" / "catalogue.yaml",  # the messages' texts (section messages)
        ROOT / "kartan" / "messages.py",
        *sorted((ROOT / "kartan" / "load").glob("*.py")),
    ]
    source = "".join(path.read_text(encoding="utf-8") for path in files)
    cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    assert len(cells) >= 20
    missing = []
    for cell in cells:
        for quoted in re.findall(r"`([^`]+)`", cell):
            fragments = [f.strip(" '") for f in quoted.split("…")]
            missing += [f for f in fragments if f and f not in source]
    assert missing == []


def test_contributing_quotes_the_format_check() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    quoted = "inte i kanonisk form; kör 'kartan fmt data/forums.yaml'"
    assert quoted in text
    cli = (ROOT / "kartan_cli" / "main.py").read_text(encoding="utf-8")
    assert "inte i kanonisk form; kör 'kartan fmt {path}'" in cli
