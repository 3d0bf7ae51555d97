"""The minutes behind the map: citations resolved to lines, and coverage (``kartan sources``).

Every fact in the data file cites its source as ``"<source id> [§n | «Section»] [Lline[–line]]"``
(see ``data/README.md``).  This module reads the source documents themselves (the files
named in the data file's ``sources``, kept outside the repository in ``shared/seeds/``),
splits each into its sections, and answers two questions for the maintainers:

* does every citation point to a line that exists and lies inside the cited section?
  (:func:`check_citations`)
* which of a document's content lines does no fact cite? (:func:`coverage`) -- the check
  to run when new minutes come, so that what people said is not silently lost.

Citations are collected from *every* section of the data file generically (every list
under a key ``sources`` or ``*_sources``), so new sections count without changes here.

A document's sections are the ``items`` its entry in the data file lists (``§5`` or
``«Klimat»`` with first and last line).  For a document without ``items`` they are found
in its text: a numbered agenda item (``3. Uppföljning`` followed by a blank line,
numbered in order) starts ``§3``; the workshop notes (003) and the unnumbered part of
004 have named sections, listed in :data:`NAMED_SECTIONS`.

Examples
--------
>>> doc = SourceDocument.from_text("x", "Rubrik\\n\\n1. Första\\n\\nText\\n2. Andra\\n\\nMer\\n")
>>> [(s.name, s.start, s.end) for s in doc.sections]
[('§1', 3, 5), ('§2', 6, 8)]
>>> parse_ref("001 §5 L208–210")
Citation(source='001', section='§5', lines=((208, 210),))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kartan.model import source_id
from kartan.texts import text as _t

if TYPE_CHECKING:
    from kartan.map import Map

# Sections that are not numbered agenda items, by document (first and last line).
# 003 (the 2021 workshop day) has one section per group; 004 ends with "Vår roll".
NAMED_SECTIONS: dict[str, dict[str, tuple[int, int]]] = {
    "003": {
        "Arbetsmarknad 1": (7, 28),
        "Arbetsmarknad 2": (30, 70),
        "Trygghet 1": (74, 127),
        "Trygghet 2": (129, 203),
        "Psykisk ohälsa": (207, 309),
        "Klimat": (313, 378),
    },
    "004": {"Vår roll": (42, 48)},
}

_AGENDA = re.compile(r"^(\d{1,2})\.\s+\S")
_LINES = re.compile(r"L(\d+)(?:\s*[–-]\s*L?(\d+))?")
_SECTION = re.compile(r"(§\d+|«[^»]+»)")
_MARKUP_ONLY = re.compile(r"^[\s\-–*#>_|]*$")
_EMAIL = re.compile(r"\S+@\S+")
# Two or more capitalised words in a row (a person's name, or an organisation's): masked
# in printed excerpts so that the tool never prints a person's name.
_NAME_RUN = re.compile(r"\b[A-ZÅÄÖÉ][\w-]*(?:[ -][A-ZÅÄÖÉ][\w-]*)+")


def source_text(m: Map, ref: str) -> str:
    """A source reference in words: 'Minnesanteckningar … (2023-02-08), §3 L108'; the
    reference itself when the map has no such source."""
    sid = source_id(ref)
    item = ref[len(sid) :].strip()
    src = m.sources.get(sid)
    if src is None:
        return ref
    text = src.title
    if src.date is not None:
        text += f" ({src.date.isoformat()})"
    return f"{text}, {item}" if item else text


@dataclass(frozen=True)
class Section:
    """A part of a document: ``§3`` or ``«Klimat»``, first and last line (1-based)."""

    name: str
    start: int
    end: int

    def contains(self, line: int) -> bool:
        return self.start <= line <= self.end


@dataclass(frozen=True)
class Citation:
    """A parsed source reference."""

    source: str
    section: str | None
    lines: tuple[tuple[int, int], ...]

    def line_numbers(self) -> Iterator[int]:
        for first, last in self.lines:
            yield from range(first, last + 1)


def parse_ref(ref: str) -> Citation:
    """Parse ``"001 §5 L208"``, ``"003 «Klimat» L374"``, ``"001 L30–49"`` or ``"003"``."""
    source, _, rest = ref.partition(" ")
    match = _SECTION.search(rest)
    section = match.group(1) if match else None
    lines = tuple(
        (int(a), int(b) if b else int(a)) for a, b in _LINES.findall(rest.replace("§", " "))
    )
    return Citation(source, section, lines)


@dataclass
class SourceDocument:
    """A source document's lines and sections."""

    id: str
    lines: list[str]
    sections: list[Section] = field(default_factory=list)

    @classmethod
    def from_text(cls, source_id: str, text: str, items: Iterable[Any] = ()) -> SourceDocument:
        """The document; its sections are the data file's ``items`` when it lists them."""
        lines = text.splitlines()
        declared = [Section(i.ref, i.first, i.last) for i in items]
        return cls(source_id, lines, declared or _find_sections(source_id, lines))

    def section(self, name: str) -> Section | None:
        wanted = name.strip("«»")
        for s in self.sections:
            if s.name == name or s.name.strip("«»") == wanted:
                return s
        return None

    def is_content(self, line: int) -> bool:
        """A content line holds text (not blank, not only list or table markup)."""
        if not 1 <= line <= len(self.lines):
            return False
        return not _MARKUP_ONLY.match(self.lines[line - 1])

    def content_lines(self) -> list[int]:
        return [n for n in range(1, len(self.lines) + 1) if self.is_content(n)]


def _find_sections(source_id: str, lines: list[str]) -> list[Section]:
    """Numbered agenda items (in order, each followed by a blank line) and named sections."""
    starts: list[tuple[str, int]] = []
    expected = 1
    for i, text in enumerate(lines):
        match = _AGENDA.match(text)
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        if match and int(match.group(1)) == expected and next_blank:
            starts.append((f"§{expected}", i + 1))
            expected += 1
    named = NAMED_SECTIONS.get(source_id, {})
    out: list[Section] = []
    for k, (name, start) in enumerate(starts):
        end = starts[k + 1][1] - 1 if k + 1 < len(starts) else len(lines)
        for first, _last in named.values():  # a named section after the last § ends it
            if start < first <= end:
                end = first - 1
        out.append(Section(name, start, end))
    out.extend(Section(f"«{name}»", first, last) for name, (first, last) in named.items())
    return out


def seeds_dir(data_path: str | Path | None = None, explicit: str | Path | None = None) -> Path:
    """Where the source documents are: ``explicit``, or ``seeds`` / ``shared/seeds``.

    The latter is looked up beside the repository that holds the data file (and beside the
    current directory), else ``../shared/seeds``.  (``kartan sources`` passes ``--seeds``
    or ``$KARTAN_SEEDS`` as ``explicit``; the library reads no environment.)
    """
    if explicit:
        return Path(explicit)
    bases: list[Path] = []
    if data_path is not None:
        bases.extend(Path(data_path).resolve().parents)
    bases.extend([Path.cwd(), *Path.cwd().resolve().parents])
    for base in bases:
        for candidate in (base / "seeds", base / "shared" / "seeds"):
            if candidate.is_dir():
                return candidate
    return Path("../shared/seeds")


def load_documents(
    sources: Iterable[Any], directory: Path
) -> tuple[dict[str, SourceDocument], list[str]]:
    """Read every source with a ``file``; return the documents and the ids not found."""
    docs: dict[str, SourceDocument] = {}
    missing: list[str] = []
    for src in sources:
        if not getattr(src, "file", None):
            continue
        path = directory / src.file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            missing.append(src.id)
            continue
        docs[src.id] = SourceDocument.from_text(src.id, text, getattr(src, "items", ()) or ())
    return docs, missing


def citations(data: Mapping[str, Any] | list[Any], path: str = "") -> Iterator[tuple[str, str]]:
    """Every ``(where, reference)`` in a dumped data file, from every section.

    >>> list(citations({"nodes": [{"id": "a", "sources": ["001 L3"]}], "x_sources": ["002"]}))
    [('nodes[0].sources[0]', '001 L3'), ('x_sources[0]', '002')]
    """
    if isinstance(data, Mapping):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if (key == "sources" or str(key).endswith("_sources")) and isinstance(value, list):
                for i, ref in enumerate(value):
                    if isinstance(ref, str):
                        yield f"{where}[{i}]", ref
            elif isinstance(value, Mapping | list):
                yield from citations(value, where)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, Mapping | list):
                yield from citations(item, f"{path}[{i}]")


@dataclass(frozen=True)
class CitationProblem:
    """A citation that does not resolve: unknown line, or a line outside its section."""

    where: str
    ref: str
    message_sv: str
    message_en: str

    def format(self, lang: str = "sv") -> str:
        msg = self.message_en if lang == "en" else self.message_sv
        return f"{self.where}: '{self.ref}': {msg}"


def check_citation(ref: str, docs: Mapping[str, SourceDocument]) -> tuple[str, str] | None:
    """``None`` when ``ref`` resolves; else the problem in Swedish and English."""
    cit = parse_ref(ref)
    doc = docs.get(cit.source)
    if doc is None:
        return None  # unknown sources are the validator's concern; unread ones are reported
    section = doc.section(cit.section) if cit.section else None
    if cit.section and section is None:
        return (
            f"avsnittet {cit.section} finns inte i {cit.source}",
            f"section {cit.section} is not in {cit.source}",
        )
    ends = {n for span in cit.lines for n in span}  # a range may span blank lines
    for line in cit.line_numbers():
        if not 1 <= line <= len(doc.lines):
            return (
                f"rad {line} finns inte ({cit.source} har {len(doc.lines)} rader)",
                f"line {line} does not exist ({cit.source} has {len(doc.lines)} lines)",
            )
        if line in ends and not doc.is_content(line):
            return (f"rad {line} är tom", f"line {line} is empty")
        if section is not None and not section.contains(line):
            return (
                f"rad {line} ligger utanför {cit.section} (rad {section.start}–{section.end})",
                f"line {line} lies outside {cit.section} (lines {section.start}–{section.end})",
            )
    return None


def check_citations(
    data: Mapping[str, Any], docs: Mapping[str, SourceDocument]
) -> list[CitationProblem]:
    """Every citation in ``data`` that does not resolve to lines inside its section."""
    out: list[CitationProblem] = []
    for where, ref in citations(data):
        problem = check_citation(ref, docs)
        if problem is not None:
            out.append(CitationProblem(where, ref, *problem))
    return out


@dataclass
class DocumentCoverage:
    """How much of one document the data cites."""

    id: str
    content: list[int]
    cited: set[int]

    @property
    def uncited(self) -> list[int]:
        return [n for n in self.content if n not in self.cited]

    @property
    def share(self) -> float:
        if not self.content:
            return 1.0
        return sum(1 for n in self.content if n in self.cited) / len(self.content)


def coverage(
    data: Mapping[str, Any], docs: Mapping[str, SourceDocument]
) -> dict[str, DocumentCoverage]:
    """Per document: its content lines and the ones cited by any fact (line references only)."""
    cited: dict[str, set[int]] = {d: set() for d in docs}
    for _where, ref in citations(data):
        cit = parse_ref(ref)
        if cit.source in cited:
            cited[cit.source].update(cit.line_numbers())
    return {
        d: DocumentCoverage(d, doc.content_lines(), cited[d] & set(doc.content_lines()))
        for d, doc in docs.items()
    }


def total_share(report: Mapping[str, DocumentCoverage]) -> float:
    """The share of all documents' content lines that are cited."""
    content = sum(len(c.content) for c in report.values())
    cited = sum(len(c.content) - len(c.uncited) for c in report.values())
    return cited / content if content else 1.0


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs: ``[1, 2, 3, 7]`` -> ``[(1, 3), (7, 7)]``.

    >>> runs([1, 2, 3, 7, 9, 10])
    [(1, 3), (7, 7), (9, 10)]
    """
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def excerpt(text: str, width: int = 72) -> str:
    """A line shortened for printing, with e-mail addresses and name-like runs masked.

    >>> excerpt("Deltagare: Förnamn Efternamn, Exempelföreningen, mejl " + "x" + "@y.se")
    'Deltagare: …, Exempelföreningen, mejl …'
    """
    text = _NAME_RUN.sub("…", _EMAIL.sub("…", text.strip()))
    return text if len(text) <= width else text[: width - 1] + "…"


def coverage_report(
    report: Mapping[str, DocumentCoverage],
    docs: Mapping[str, SourceDocument],
    *,
    lang: str = "sv",
    list_lines: bool = True,
) -> str:
    """The text ``kartan sources --coverage`` prints."""
    out: list[str] = []
    for d in sorted(report):
        cov = report[d]
        n_cited = len(cov.content) - len(cov.uncited)
        head = _t(
            "sources_coverage",
            lang,
            doc=d,
            share=cov.share,
            n=len(cov.content),
            cited=n_cited,
            uncited=len(cov.uncited),
        )
        out.append(head.replace("%", " %"))
        if list_lines:
            doc = docs[d]
            for first, last in runs(cov.uncited):
                span = f"L{first}" if first == last else f"L{first}–{last}"
                out.append(f"  {span}: {excerpt(doc.lines[first - 1])}")
    share = total_share(report)
    total = _t("sources_coverage_all", lang, share=share)
    out.append(total.replace("%", " %"))
    return "\n".join(out)
