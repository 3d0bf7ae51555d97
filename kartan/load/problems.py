"""Problems and results of loading: what every stage of :mod:`kartan.load` reports."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kartan.errors import KartanError
from kartan.map import Map
from kartan.messages import render

# Validation stops collecting after this many problems and reports how many more there
# are ("… och 6 712 431 till"), so that a file with millions of problems costs bounded
# memory and time (security review finding 3).
MAX_PROBLEMS = 100

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


class MapInvalidError(KartanError):
    """The data file has errors; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else "invalid map"
        super().__init__(f"{len(errors)} error(s) in the map; first: {first}")


@dataclass(frozen=True)
class Problem:
    """One validation problem at a position in a file."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "sv") -> str:
        """The message without position, in ``lang``."""
        return render(self.code, lang, self.params)

    def format(self, lang: str = "sv") -> str:
        """Compiler style: ``file:line:col: severity: path: message``."""
        where = f"{self.path}: " if self.path else ""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message(lang)}"
        )

    def format_github(self, lang: str = "sv") -> str:
        """A GitHub Actions workflow command (annotation)."""
        where = f"{self.path}: " if self.path else ""
        text = f"{where}{self.message(lang)}".replace("%", "%25").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{text}"

    def as_dict(self, lang: str = "sv") -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "code": self.code,
            "message": self.message(lang),
        }


@dataclass
class LoadResult:
    """The outcome of loading: the map when there are no errors, and every problem."""

    map: Map | None
    problems: list[Problem]
    more: int = 0  # errors found but not collected (beyond MAX_PROBLEMS)
    more_warnings: int = 0  # warnings found but not collected

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.errors


def path_str(loc: Loc) -> str:
    """Render a location tuple as ``nodes[12].members[3].id``.

    >>> path_str(("nodes", 12, "members", 3, "id"))
    'nodes[12].members[3].id'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def slugify(text: str) -> str:
    """Make an id from a name the way the inventory does.

    >>> slugify("Ängby Föreningsråd")
    'angby-foreningsrad'
    """
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    s = text.lower().translate(table)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "id"


def suggest(value: str, choices: Iterable[str]) -> str:
    """The closest choice to a misspelt value, or '' (rendered as 'did you mean')."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return match[0] if match else ""
