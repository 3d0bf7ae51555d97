"""History of the data file: git revisions, the semantic diff between two maps.

The semantic diff compares two versions of the map as data, not as lines: nodes added,
removed and changed field by field; memberships and relations added, removed, changed
or ended (an ``until`` set); meetings added, removed or changed; and entries added to or
removed from the catalogues (sources, themes, audiences, places).  It renders in Swedish
as plain text (for a terminal), Markdown (for a pull request) and JSON.

Git is used through its command line (``git show``, ``git log --follow``); every git
failure is one of the exceptions below, so callers can answer without git.

Examples
--------
>>> from kartan.model import MapFile
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "a"},
...        "sources": [{"id": "s", "title": "S"}],
...        "nodes": [{"id": "a", "kind": "council", "name": "Rådet", "sources": ["s"]}]}
>>> old = MapFile.model_validate(raw)
>>> raw["nodes"][0]["description"] = "Ett råd."
>>> print(render_text(diff_maps(old, MapFile.model_validate(raw))))
Ändrade noder (1):
  ~ Rådet (a)
      beskrivning (description): (tomt) → "Ett råd."
"""

from __future__ import annotations

from kartan.history.diff import (
    CatalogueDiff,
    EdgeChange,
    FieldChange,
    MapDiff,
    MeetingChange,
    NodeChange,
    NodeRef,
    diff_maps,
    field_changes,
)
from kartan.history.git import (
    GitUnavailableError,
    HistoryError,
    Revision,
    UnknownRevisionError,
    file_at_revision,
    parent_text,
    repo_root,
    resolve,
    revisions,
)
from kartan.history.log import ChangeEntry, ChangeLog, change_log, head_commit
from kartan.history.render import (
    DiffRow,
    DiffSection,
    diff_sections,
    field_label,
    render_json,
    render_markdown,
    render_text,
)

__all__ = [
    "CatalogueDiff",
    "ChangeEntry",
    "ChangeLog",
    "DiffRow",
    "DiffSection",
    "EdgeChange",
    "FieldChange",
    "GitUnavailableError",
    "HistoryError",
    "MapDiff",
    "MeetingChange",
    "NodeChange",
    "NodeRef",
    "Revision",
    "UnknownRevisionError",
    "change_log",
    "diff_maps",
    "diff_sections",
    "field_changes",
    "field_label",
    "file_at_revision",
    "head_commit",
    "parent_text",
    "render_json",
    "render_markdown",
    "render_text",
    "repo_root",
    "resolve",
    "revisions",
]
