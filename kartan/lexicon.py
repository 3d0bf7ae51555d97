"""The guide's Swedish lexicon: words per theme, per kind of asker and per need.

The lexicon is data beside the map (``data/lexicon.yaml``), edited like the map.  It is
validated with pydantic (unknown keys are errors) and checked against a map: a theme or
audience id that the map does not have is reported by name, with a suggestion.

Examples
--------
>>> lex = parse_lexicon("themes:\\n  klimat: {terms: [klimat, miljö]}\\n", "lexikon.yaml")
>>> lex.themes["klimat"].terms
['klimat', 'miljö']
>>> parse_lexicon("themes:\\n  klimat: {terms: [klimat], termer: [x]}\\n", "lex.yaml")
Traceback (most recent call last):
...
kartan.lexicon.LexiconError: lex.yaml: themes.klimat.termer: okänd nyckel (tillåtna: weight, terms)
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import Field, StringConstraints, ValidationError, model_validator

from kartan.errors import KartanError
from kartan.map import Map
from kartan.model import ID_PATTERN, Kind, RelationType, Strict

LEXICON_FILE = "lexicon.yaml"
LEXICON_FILE_EN = "lexicon.en.yaml"

Key = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Term = Annotated[str, StringConstraints(min_length=1, max_length=120)]


class LexiconError(KartanError):
    """The lexicon file cannot be read or does not follow the lexicon's schema."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ThemeTerms(Strict):
    """Words that show a question is about a theme."""

    weight: float = Field(default=1.0, ge=0.0, le=2.0)
    terms: list[Term] = Field(min_length=1)


class Named(Strict):
    """A lexicon entry with a name, recognised in a question by its terms."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    terms: list[Term] = Field(min_length=1)


class Asker(Named):
    """A kind of asker (a sports club, a faith community ...) and how to recognise it."""

    audiences: list[Key] = Field(default_factory=list)
    broader: list[Key] = Field(default_factory=list)
    themes: list[Key] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)


class Need(Named):
    """What a question asks for (money, a decision, a meeting place ...)."""

    themes: list[Key] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)
    relations: list[RelationType] = Field(default_factory=list)


QuestionType = Literal["who_decides", "contact", "take_part", "money", "meets"]
FactKind = Literal[
    "chair",
    "vice_chair",
    "secretary",
    "members",
    "sends_to",
    "responsible",
    "administers",
    "funds",
    "decides_on",
    "meets",
]


class QuestionCue(Strict):
    """Words that show what kind of question is asked (who decides, whom to contact ...)."""

    terms: list[Term] = Field(min_length=1)


class FactCue(Strict):
    """Words that ask for a fact about the map, and the kinds of body the fact lists
    (``kinds``: "vilka partier" asks for members that are parties)."""

    fact: FactKind | None = None
    terms: list[Term] = Field(min_length=1)
    kinds: list[Kind] = Field(default_factory=list)


class Lexicon(Strict):
    """The whole lexicon file."""

    version: Literal[1] = 1
    lang: Literal["sv", "en"] = "sv"
    themes: dict[Key, ThemeTerms] = Field(default_factory=dict)
    audiences: dict[Key, Asker] = Field(default_factory=dict)
    needs: dict[Key, Need] = Field(default_factory=dict)
    questions: dict[QuestionType, QuestionCue] = Field(default_factory=dict)
    facts: dict[Key, FactCue] = Field(default_factory=dict)
    ignore: list[Term] = Field(default_factory=list)

    @model_validator(mode="after")
    def _broader_known(self) -> Self:
        for key, asker in self.audiences.items():
            for other in asker.broader:
                if other not in self.audiences:
                    raise ValueError(
                        f"audiences.{key}.broader: okänd frågeställare '{other}'"
                        f"{_hint(other, self.audiences)}"
                    )
        return self

    def askers_with(self, audience_id: str) -> list[str]:
        """Keys of the askers that belong to a map audience id."""
        return [k for k, a in self.audiences.items() if audience_id in a.audiences]

    def broader_closure(self, key: str) -> list[str]:
        """The asker and every broader asker, nearest first."""
        out: list[str] = []
        todo = [key]
        while todo:
            current = todo.pop(0)
            if current in out or current not in self.audiences:
                continue
            out.append(current)
            todo.extend(self.audiences[current].broader)
        return out


def _hint(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (menade du '{close[0]}'?)" if close else ""


def _message(error: Any) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_at(error["loc"])
        extra = f" (tillåtna: {', '.join(allowed)})" if allowed else ""
        return f"{loc}: okänd nyckel{extra}"
    if kind == "missing":
        return f"{loc}: saknas"
    if kind == "string_pattern_mismatch":
        return f"{loc}: ogiltigt id; använd små bokstäver a–z, siffror och bindestreck"
    return f"{loc}: {error['msg']}"


def _allowed_at(loc: tuple[Any, ...]) -> list[str]:
    if len(loc) == 1:
        return list(Lexicon.model_fields)
    section = loc[0]
    models: dict[str, type[Strict]] = {
        "themes": ThemeTerms,
        "audiences": Asker,
        "needs": Need,
        "questions": QuestionCue,
        "facts": FactCue,
    }
    model = models.get(str(section))
    return list(model.model_fields) if model else []


def parse_lexicon(text: str, filename: str = LEXICON_FILE) -> Lexicon:
    """Parse and validate lexicon text; raise :class:`LexiconError` with every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LexiconError([f"{filename}{where}: ogiltig YAML: {problem}"]) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise LexiconError([f"{filename}: lexikonet ska vara en mappning med themes, audiences"])
    try:
        return Lexicon.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{filename}: {_message(e)}" for e in exc.errors()]
        raise LexiconError(problems) from None


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate a lexicon file; raise :class:`LexiconError` when it is unusable."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError([f"{p}: kan inte läsa lexikonet: {exc}"]) from None
    return parse_lexicon(text, str(p))


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Lexicon:
    return load_lexicon(path)


_CHECKED: dict[str, tuple[float, Lexicon]] = {}
RECHECK_SECONDS = 1.0


def load_lexicon_cached(path: str | Path) -> Lexicon:
    """Like :func:`load_lexicon`, but read again only when the file has changed (looked
    at no more than once a second, so that a question costs no file system call)."""
    key = str(path)
    now = time.monotonic()
    seen = _CHECKED.get(key)
    if seen is not None and now - seen[0] < RECHECK_SECONDS:
        return seen[1]
    p = Path(path)
    st = p.stat()
    lex = _load_cached(str(p), st.st_mtime_ns, st.st_size)
    _CHECKED[key] = (now, lex)
    return lex


def default_lexicon_for(data_path: str | Path) -> Path:
    """The lexicon that belongs to a data file: ``lexicon.yaml`` in the same folder."""
    return Path(data_path).resolve().parent / LEXICON_FILE


def own_lexicon_dir(data_path: str | Path) -> Path | None:
    """The folder of a data file when its own lexicon (``lexicon.yaml``) lies beside it,
    else None (the map then uses the project's lexicon)."""
    folder = Path(data_path).resolve().parent
    return folder if (folder / LEXICON_FILE).is_file() else None


@lru_cache(maxsize=1)
def packaged_lexicon_path() -> Path:
    """The project's own lexicon: ``kartan/default_data/lexicon.yaml`` in an installed
    wheel (package data, see ``setup.py``), else the checkout's ``data/lexicon.yaml``."""
    here = Path(__file__).resolve().parent
    installed = here / "default_data" / LEXICON_FILE
    return installed if installed.is_file() else here.parent / "data" / LEXICON_FILE


def packaged_lexicon_path_en() -> Path:
    """The English lexicon beside the Swedish one: ``data/lexicon.en.yaml``."""
    return packaged_lexicon_path().with_name(LEXICON_FILE_EN)


def fallback_lexicon(m: Map) -> Lexicon:
    """A lexicon made of the map's theme names only (when no lexicon file is at hand)."""
    themes = {t.id: ThemeTerms(terms=_name_terms(t.name)) for t in m.data.themes}
    return Lexicon(themes=themes)


def _name_terms(name: str) -> list[str]:
    parts = [w for w in name.replace(",", " ").split() if len(w) >= 4]
    return list(dict.fromkeys([name, *parts]))


def check_lexicon(lex: Lexicon, m: Map, filename: str = LEXICON_FILE) -> list[str]:
    """Problems of the lexicon against a map: unknown theme and audience ids, by name."""
    themes, audiences = set(m.themes), set(m.audiences)
    problems: list[str] = []

    def theme(loc: str, value: str) -> None:
        if value not in themes:
            problems.append(
                f"{filename}: {loc}: okänt tema '{value}' (finns inte under themes i kartan)"
                f"{_hint(value, themes)}"
            )

    for key in lex.themes:
        theme(f"themes.{key}", key)
    for key, asker in lex.audiences.items():
        for value in asker.themes:
            theme(f"audiences.{key}.themes", value)
        for value in asker.audiences:
            if value not in audiences:
                problems.append(
                    f"{filename}: audiences.{key}.audiences: okänd målgrupp '{value}' "
                    f"(finns inte under audiences i kartan){_hint(value, audiences)}"
                )
    for key, need in lex.needs.items():
        for value in need.themes:
            theme(f"needs.{key}.themes", value)
    return problems
