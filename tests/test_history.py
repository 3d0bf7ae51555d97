"""History: the semantic diff, ``kartan diff`` on a temporary git repository, staleness,
and the map as it stood on a date on the real data.

The repository is built once per module with five commits of a small map:
add a node, change a description, add one membership and end another, remove a relation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kartan.fmt import format_map
from kartan.history import (
    GitUnavailableError,
    UnknownRevisionError,
    change_log,
    diff_maps,
    file_at_revision,
    parent_text,
    render_json,
    render_markdown,
    render_text,
    revisions,
)
from kartan.load import load_map, load_path, load_text
from kartan.map import Map
from kartan.model import MapFile, Meeting, Member, Node, Relation
from kartan.staleness import is_stale
from tests.helpers import GIT_ENV, TEST_DATA, run_kartan

SMALL = TEST_DATA / "valid_small.yaml"
DATA = "data/forums.yaml"
# What `kartan diff` prints for the repository below, as a reader sees it.
DIFF_EXPECTED = TEST_DATA / "diff"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(n: int) -> dict[str, str]:
    stamp = f"2024-01-0{n}T12:00:00+01:00"
    return {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }


def git(repo: Path, *args: str, n: int = 1) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=_env(n), check=True
    )
    return proc.stdout


def base() -> MapFile:
    return load_map(SMALL, stale_days=None).data


def _node(data: MapFile, node_id: str) -> Node:
    return next(n for n in data.nodes if n.id == node_id)


def step_add_node(data: MapFile) -> None:
    data.nodes.append(
        Node.model_validate(
            {
                "id": "natverket",
                "kind": "network",
                "name": "Nätverket",
                "description": "Ett nätverk för klimatfrågor.",
                "themes": ["klimat"],
                "sources": ["001 §5"],
                "relations": [{"type": "collaborates_with", "to": "radet", "sources": ["001 §5"]}],
            }
        )
    )


def step_describe(data: MapFile) -> None:
    _node(data, "radet").description = "Råd där civilsamhället och kommunen möts."


def step_memberships(data: MapFile) -> None:
    radet = _node(data, "radet")
    radet.members[0].valid_until = dt.date(2023, 6, 30)
    radet.members.append(
        Member.model_validate(
            {"id": "natverket", "role": "member", "from": "2023-07-01", "sources": ["001 §6"]}
        )
    )


def step_remove_relation(data: MapFile) -> None:
    radet = _node(data, "radet")
    radet.relations = [r for r in radet.relations if r.to != "au"]


STEPS: list[tuple[str, Callable[[MapFile], None] | None]] = [
    ("Första versionen av kartan", None),
    ("Lägg till Nätverket", step_add_node),
    ("Ny beskrivning av Rådet", step_describe),
    ("Föreningen lämnar Rådet, Nätverket går in", step_memberships),
    ("Rådet skickar inte längre frågor till AU", step_remove_relation),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose data file went through the five steps (one commit each)."""
    path = tmp_path_factory.mktemp("repo")
    git(path, "init", "-q", "-b", "main")
    (path / "data").mkdir()
    data = base()
    for n, (message, step) in enumerate(STEPS, start=1):
        if step is not None:
            step(data)
            data = MapFile.model_validate(data.model_dump(by_alias=True))
        (path / DATA).write_text(format_map(data), encoding="utf-8")
        assert load_path(path / DATA, stale_days=None).ok
        git(path, "add", DATA, n=n)
        git(path, "commit", "-q", "-m", message, n=n)
    return path


def kartan(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kartan("diff", *args, cwd=repo)


# --------------------------------------------------------------------------- diff_maps


def test_identical_maps_have_an_empty_diff() -> None:
    diff = diff_maps(base(), base())
    assert diff.empty
    assert render_text(diff) == "Inga ändringar i kartans innehåll."
    assert diff.summary() == "inga ändringar i kartans innehåll"


def test_added_node_and_its_relation() -> None:
    new = base()
    step_add_node(new)
    diff = diff_maps(base(), new)
    assert [n.id for n in diff.nodes_added] == ["natverket"]
    assert [(e.change, e.source, e.target, e.type) for e in diff.relations] == [
        ("added", "natverket", "radet", "collaborates_with")
    ]
    assert diff.summary() == "1 nod tillagd, 1 relation tillagd"
    assert render_text(diff) == (
        "Tillagda noder (1):\n"
        "  + Nätverket (natverket, nätverk)\n"
        "Tillagda relationer (1):\n"
        "  + Nätverket samverkar med Rådet"
    )


def test_added_edges_show_their_own_wording() -> None:
    """A relation's or membership's label is what the map shows; the diff says it too."""
    new = base()
    radet = _node(new, "radet")
    radet.relations.append(
        Relation.model_validate(
            {
                "type": "collaborates_with",
                "to": "forvaltningen",
                "label": "planerar med",
                "sources": ["001 §5"],
            }
        )
    )
    radet.members.append(
        Member.model_validate(
            {
                "id": "au",
                "role": "vice_chair",
                "label": "vice ordförande 2024",
                "sources": ["001 §5"],
            }
        )
    )
    diff = diff_maps(base(), new)
    texts = render_text(diff)
    assert '  + Rådet samverkar med Förvaltningen ("planerar med")' in texts
    assert '  + AU är medlem i Rådet (vice ordförande) ("vice ordförande 2024")' in texts
    assert [e.as_dict({})["label"] for e in diff.relations] == ["planerar med"]


def test_changed_fields_are_listed_one_by_one() -> None:
    new = base()
    radet = _node(new, "radet")
    radet.description = "Ny text."
    radet.themes = []
    radet.reviewed = dt.date(2026, 2, 1)
    diff = diff_maps(base(), new)
    assert len(diff.nodes_changed) == 1
    assert [(c.field, c.old, c.new) for c in diff.nodes_changed[0].changes] == [
        ("description", None, "Ny text."),
        ("themes", ["klimat"], None),
        ("reviewed", "2026-01-01", "2026-02-01"),
    ]
    assert render_text(diff).splitlines() == [
        "Ändrade noder (1):",
        "  ~ Rådet (radet)",
        '      beskrivning (description): (tomt) → "Ny text."',
        "      teman (themes): klimat → (tomt)",
        "      senast granskad (reviewed): 2026-01-01 → 2026-02-01",
    ]


def test_ending_a_membership_is_ended_not_removed_and_added() -> None:
    new = base()
    step_memberships(new)
    diff = diff_maps(base(), new)
    kinds = [(e.change, e.source, e.valid_until) for e in diff.members]
    assert kinds == [
        ("ended", "foreningen", dt.date(2023, 6, 30)),
        ("added", "natverket", None),
    ]
    ended = diff.members[0]
    assert [(c.field, c.old, c.new) for c in ended.changes] == [("until", None, "2023-06-30")]


def test_changed_relation_type_reads_as_removed_and_added() -> None:
    new = base()
    _node(new, "radet").relations[0] = Relation.model_validate(
        {"type": "collaborates_with", "to": "au", "sources": ["001 §3"]}
    )
    diff = diff_maps(base(), new)
    assert [(e.change, e.type) for e in diff.relations] == [
        ("removed", "sends_matters_to"),
        ("added", "collaborates_with"),
    ]


def test_relation_sources_changed() -> None:
    new = base()
    _node(new, "radet").relations[0].sources = ["001 §3", "001 §4"]
    diff = diff_maps(base(), new)
    assert [(e.change, [c.field for c in e.changes]) for e in diff.relations] == [
        ("changed", ["sources"])
    ]
    assert "Ändrade relationer (1):" in render_text(diff)


def test_removed_node_takes_its_edges_and_meetings_along() -> None:
    old = base()
    _node(old, "au").meetings.append(
        Meeting.model_validate(
            {"id": "au-mote", "title": "AU-möte", "date": "2023-03-01", "sources": ["001 §3"]}
        )
    )
    new = base()
    new.nodes = [n for n in new.nodes if n.id != "au"]
    _node(new, "radet").relations = []
    new.map.owner = "forvaltningen"
    diff = diff_maps(old, new)
    assert [n.id for n in diff.nodes_removed] == ["au"]
    assert [(m.change, m.id) for m in diff.meetings] == [("removed", "au-mote")]
    assert [(e.change, e.target) for e in diff.relations] == [("removed", "au")]
    assert diff.summary() == (
        "1 nod borttagen, 1 relation borttagen, 1 möte borttaget, 1 ändring i förteckningar"
    )
    assert render_text(diff) == (
        "Borttagna noder (1):\n"
        "  - AU (au, beslutande organ)\n"
        "Borttagna relationer (1):\n"
        "  - Rådet skickar frågor till AU\n"
        "Borttagna möten (1):\n"
        "  - AU-möte (2023-03-01), AU\n"
        "Kartans rubrik (1):\n"
        "  ~ ägare (owner): radet → forvaltningen"
    )


def test_catalogues_and_header() -> None:
    new = base()
    new.themes.append(new.themes[0].model_copy(update={"id": "idrott", "name": "Idrott"}))
    new.map.title = "Ny titel"
    diff = diff_maps(base(), new)
    assert diff.catalogues["themes"].added == ("idrott",)
    assert diff.summary() == "2 ändringar i förteckningar"
    assert 'titel (title): "Testkarta" → "Ny titel"' in render_text(diff)


def test_no_file_before() -> None:
    diff = diff_maps(None, base())
    assert diff.file_added
    assert len(diff.nodes_added) == 4
    assert render_text(diff).startswith("Datafilen skapades\nTillagda noder (4):")


# --------------------------------------------------------------------------- git


def test_revisions_newest_first(repo: Path) -> None:
    revs = revisions(repo, DATA)
    assert [r.message for r in revs] == [m for m, _ in reversed(STEPS)]
    assert revs[0].date == dt.datetime(2024, 1, 5, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert all(r.path == DATA for r in revs)
    assert [r.message for r in revisions(repo, DATA, limit=2, skip=1)] == [
        STEPS[3][0],
        STEPS[2][0],
    ]


def test_revisions_follow_a_rename(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, env=_env(6))
    git(clone, "mv", DATA, "data/karta.yaml", n=6)
    git(clone, "commit", "-q", "-m", "Byt namn på datafilen", n=6)
    revs = revisions(clone, "data/karta.yaml")
    assert len(revs) == 6
    assert revs[0].path == "data/karta.yaml"
    assert revs[1].path == DATA
    assert parent_text(clone, revs[0], revs[1]) == (repo / DATA).read_text(encoding="utf-8")


def test_file_at_revision(repo: Path) -> None:
    first = file_at_revision(repo, "HEAD~4", DATA)
    assert first is not None and "natverket" not in first
    assert file_at_revision(repo, "HEAD", "data/saknas.yaml") is None
    with pytest.raises(UnknownRevisionError):
        file_at_revision(repo, "no-such-branch", DATA)
    with pytest.raises(UnknownRevisionError):
        file_at_revision(repo, "--output=/tmp/x", DATA)


def test_no_repository(tmp_path: Path) -> None:
    with pytest.raises(GitUnavailableError):
        revisions(tmp_path, "forums.yaml")


def test_diff_commit_by_commit(repo: Path) -> None:
    """Each commit's diff against its parent says exactly what the step did."""
    expected = {
        "HEAD~3": "1 nod tillagd, 1 relation tillagd",
        "HEAD~2": "1 nod ändrad",
        "HEAD~1": "1 medlemskap tillagt, 1 medlemskap avslutat",
        "HEAD": "1 relation borttagen",
    }
    for rev, summary in expected.items():
        old = load_text(file_at_revision(repo, f"{rev}~1", DATA) or "", stale_days=None)
        new = load_text(file_at_revision(repo, rev, DATA) or "", stale_days=None)
        assert old.map and new.map
        assert diff_maps(old.map.data, new.map.data).summary() == summary, rev


def test_cli_text(repo: Path) -> None:
    proc = kartan(repo, "HEAD~4", "HEAD")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (DIFF_EXPECTED / "text.txt").read_text(encoding="utf-8")


def test_cli_markdown(repo: Path) -> None:
    proc = kartan(repo, "HEAD~2", "HEAD~1", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (DIFF_EXPECTED / "markdown.md").read_text(encoding="utf-8")


def test_cli_json(repo: Path) -> None:
    proc = kartan(repo, "HEAD~1", "HEAD", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["old"] == "HEAD~1" and body["new"] == "HEAD"
    assert body["summary"] == "1 relation borttagen"
    assert body["counts"]["relations_removed"] == 1
    assert body["relations"] == [
        {
            "change": "removed",
            "source": "radet",
            "target": "au",
            "type": "sends_matters_to",
            "role": None,
            "valid_from": None,
            "valid_until": None,
            "label": None,
            "text": "Rådet skickar frågor till AU",
            "changes": [],
        }
    ]


def test_cli_working_tree_default(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, env=_env(6))
    proc = kartan(clone, "HEAD")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("HEAD → arbetskopian\nInga ändringar i kartans innehåll.\n")
    text = (clone / DATA).read_text(encoding="utf-8").replace("name: AU", "name: Arbetsutskottet")
    (clone / DATA).write_text(text, encoding="utf-8")
    proc = kartan(clone, "HEAD")
    assert proc.returncode == 0, proc.stderr
    assert '  ~ Arbetsutskottet (au)\n      namn (name): "AU" → "Arbetsutskottet"\n' in proc.stdout


def test_cli_invalid_revision_file(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, env=_env(6))
    text = (
        (clone / DATA).read_text(encoding="utf-8").replace("via: forvaltningen", "via: forvaltning")
    )
    (clone / DATA).write_text(text, encoding="utf-8")
    git(clone, "commit", "-q", "-am", "Trasig", n=7)
    (clone / DATA).write_text(
        text.replace("via: forvaltning", "via: forvaltningen"), encoding="utf-8"
    )
    proc = kartan(clone, "HEAD")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "HEAD: data/forums.yaml har fel (has errors):" in proc.stderr
    assert "HEAD:data/forums.yaml:" in proc.stderr and "okänd nod 'forvaltning'" in proc.stderr


def test_cli_unknown_revision(repo: Path) -> None:
    proc = kartan(repo, "v9.9")
    assert proc.returncode == 2
    assert "okänd revision 'v9.9'" in proc.stderr
    assert proc.stdout == ""


def test_cli_outside_a_repository(tmp_path: Path) -> None:
    proc = kartan(tmp_path, "HEAD")
    assert proc.returncode == 2
    assert "git" in proc.stderr


def test_cli_file_missing_at_first_revision(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, env=_env(6))
    git(clone, "mv", DATA, "data/karta.yaml", n=6)
    git(clone, "commit", "-q", "-m", "Byt namn", n=6)
    proc = kartan(clone, "HEAD~1", "--file", "data/karta.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "Datafilen skapades\nTillagda noder (5):" in proc.stdout


def test_render_markdown_escapes() -> None:
    new = base()
    _node(new, "au").name = "AU <b>*fet*</b>"
    md = render_markdown(diff_maps(base(), new))
    assert "\\<b\\>\\*fet\\*\\</b\\>" in md
    assert "<b>" not in md


def test_render_json_is_valid_json() -> None:
    new = base()
    step_memberships(new)
    body = json.loads(render_json(diff_maps(base(), new)))
    assert body["members"][0]["change"] == "ended"
    assert body["members"][0]["text"] == "Föreningen är medlem i Rådet (ledamot)"
    assert body["members"][0]["valid_until"] == "2023-06-30"


# --------------------------------------------------------------------------- change log


def test_change_log_newest_first_with_diffs(repo: Path) -> None:
    current = load_map(repo / DATA, stale_days=None).data
    log = change_log(repo / DATA, current, limit=10)
    assert log.git and log.total == 5 and log.detail is None
    assert [e.kind for e in log.entries] == ["commit"] * 5
    assert [e.summary for e in log.entries] == [
        "1 relation borttagen",
        "1 medlemskap tillagt, 1 medlemskap avslutat",
        "1 nod ändrad",
        "1 nod tillagd, 1 relation tillagd",
        "datafilen skapades: 4 noder tillagda, 1 medlemskap tillagt, 2 relationer tillagda, "
        "2 ändringar i förteckningar",
    ]
    first = log.entries[0].as_dict()
    assert first["message"] == STEPS[-1][0]
    assert first["date"] == "2024-01-05T12:00:00+01:00"
    assert first["diff"]["relations"][0]["text"] == "Rådet skickar frågor till AU"
    page = change_log(repo / DATA, current, limit=2, offset=1)
    assert page.total == 5
    assert [e.revision.message for e in page.entries if e.revision] == [STEPS[3][0], STEPS[2][0]]
    assert change_log(repo / DATA, current, limit=5, offset=5).entries == ()


def test_change_log_shows_uncommitted_changes(repo: Path) -> None:
    current = load_map(repo / DATA, stale_days=None).data
    served = current.model_copy(deep=True)
    _node(served, "au").name = "Arbetsutskottet"
    log = change_log(repo / DATA, served, limit=2)
    assert log.total == 6
    assert [e.kind for e in log.entries] == ["working_tree", "commit"]
    assert log.entries[0].summary == "1 nod ändrad"
    assert log.entries[0].as_dict()["revision"] is None


def test_change_log_marks_an_invalid_version(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, env=_env(6))
    good = (clone / DATA).read_text(encoding="utf-8")
    (clone / DATA).write_text(good.replace("via: forvaltningen", "via: x y"), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "Trasig", n=7)
    (clone / DATA).write_text(good.replace("name: AU", "name: AU2"), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "Lagad", n=8)
    log = change_log(clone / DATA, load_map(clone / DATA, stale_days=None).data, limit=3)
    fixed, broken, before = log.entries
    assert broken.summary == "datafilen var ogiltig i den här versionen"
    assert broken.problems and "via" in broken.problems[0]
    assert broken.as_dict()["valid"] is False and broken.as_dict()["diff"] is None
    # The version after an invalid one is compared with the newest valid one before it,
    # not with nothing (which read as "the data file was created" with every node new).
    assert fixed.parent_invalid and fixed.base == before.revision
    assert fixed.diff is not None and not fixed.diff.file_added
    assert fixed.summary == "1 nod ändrad"
    assert [c.field for c in fixed.diff.nodes_changed[0].changes] == ["name"]
    body = fixed.as_dict()
    assert (
        body["parent_valid"] is False
        and body["compared_with"] == git(clone, "rev-parse", "HEAD~2").strip()
    )
    assert before.summary == "1 relation borttagen"
    assert before.as_dict()["parent_valid"] is True and before.as_dict()["compared_with"] is None


def test_change_log_with_no_valid_version_before(tmp_path: Path) -> None:
    """A valid version whose every predecessor is invalid: its change cannot be shown."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "data").mkdir()
    good = SMALL.read_text(encoding="utf-8")
    for n, (message, text) in enumerate(
        [
            ("Trasig 1", good.replace("via: forvaltningen", "via: x y")),
            ("Trasig 2", "nodes: [\n"),
            ("Lagad", good),
        ],
        start=1,
    ):
        (tmp_path / DATA).write_text(text, encoding="utf-8")
        git(tmp_path, "add", DATA, n=n)
        git(tmp_path, "commit", "-q", "-m", message, n=n)
    log = change_log(tmp_path / DATA, load_map(tmp_path / DATA, stale_days=None).data)
    fixed, broken, first = log.entries
    assert broken.problems and first.problems
    assert fixed.parent_invalid and fixed.base is None and fixed.diff is None
    assert fixed.summary == (
        "versionen före var ogiltig och ingen tidigare version är giltig, "
        "så ändringen kan inte visas"
    )
    assert fixed.summary_in("en").startswith("the version before was invalid")
    assert fixed.as_dict()["parent_valid"] is False
    assert fixed.as_dict()["compared_with"] is None and fixed.as_dict()["diff"] is None


def test_change_log_without_git(tmp_path: Path) -> None:
    shutil.copy(SMALL, tmp_path / "forums.yaml")
    current = load_map(tmp_path / "forums.yaml", stale_days=None).data
    log = change_log(tmp_path / "forums.yaml", current)
    assert not log.git
    assert log.total == 1
    assert [e.kind for e in log.entries] == ["current"]
    assert log.entries[0].as_dict()["diff"] is None
    assert log.detail and "git" in log.detail


# --------------------------------------------------------------------------- staleness


def test_is_stale() -> None:
    node = _node(base(), "radet")
    assert node.reviewed == dt.date(2026, 1, 1)
    assert not is_stale(node, dt.date(2026, 12, 31), 364)
    assert is_stale(node, dt.date(2027, 1, 1), 364)
    assert is_stale(node.model_copy(update={"reviewed": None}), dt.date(2026, 1, 2))


def test_validate_stale_after(tmp_path: Path) -> None:
    """``kartan validate --stale-after`` warns once a node's review is older than the age."""
    today = dt.date.today()
    old, recent = today - dt.timedelta(days=400), today - dt.timedelta(days=10)
    text = SMALL.read_text(encoding="utf-8").replace("reviewed: 2026-01-01", f"reviewed: {recent}")
    text = text.replace(f"reviewed: {recent}", f"reviewed: {old}", 1)  # the first node: radet
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")

    def validate(age: str) -> subprocess.CompletedProcess[str]:
        return run_kartan("validate", str(path), "--stale-after", age)

    year = validate("365d")
    assert year.returncode == 0, year.stdout
    warnings = [line for line in year.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1
    assert "nodes[0].reviewed" in warnings[0] and str(old) in warnings[0]
    assert validate("401d").stdout.count(": warning: ") == 0
    assert validate("1w").stdout.count(": warning: ") == 4
    assert validate("ett år").returncode == 2
    radet = load_map(path, stale_days=None).nodes["radet"]
    assert is_stale(radet, today, 365) and not is_stale(radet, today, 400)


# --------------------------------------------------------------------------- the real map


def test_council_membership_changes_between_2022_and_2023(real_map: Map) -> None:
    """The minutes list KFUM, Verdandi, RFSL and C in 2022 only, Svenska Freds from 2023."""

    def members(day: dt.date) -> set[str]:
        return {e.source for e in real_map.at(day).incoming["samverkansradet"] if e.is_membership}

    in_2022 = members(dt.date(2022, 5, 1))
    in_2023 = members(dt.date(2023, 6, 1))
    assert {"kfum", "verdandi", "rfsl", "parti-c"} <= in_2022 - in_2023
    assert {"svenska-freds", "stiftelsen-activa", "tegelbruket"} <= in_2023 - in_2022
    assert {"orebro-foreningsrad", "almby-ik", "rf-sisu"} <= in_2022 & in_2023
