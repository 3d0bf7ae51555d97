"""The entry-point guide: a question in plain Swedish gives ranked, explained entry points.

"Vi är en idrottsförening som vill jobba med klimatet – vart vänder vi oss?" is read
with the lexicon (``data/lexicon.yaml``, see :mod:`kartan.lexicon`) for

- the question's themes ("klimatet" -> Klimat och miljö),
- who is asking ("idrottsförening" -> the audience of sports clubs),
- what is needed (money, a decision, a meeting place, a network ...),

and every body on the map is scored on those themes, on its audiences, on its
``entry_point`` flag, on what it is for (its name, aliases and description matched with
:mod:`kartan.search`), on how close it lies to the asker's own organisation (``from_id``)
and on its kind (councils, forums, networks, administrations and assignments make
better first doors than events and methods).  Each answer says why in one Swedish
sentence and carries the chain of ids from it to a decision body.

Answers are deterministic (ties are broken by id) and no network is used.

Examples
--------
>>> from pathlib import Path
>>> from kartan.load import load_path
>>> m = load_path(Path(__file__).parents[1] / "tests" / "data" / "search_small.yaml").map
>>> top = guide(m, "Vi är en idrottsförening som vill jobba med klimatet – vart vänder vi oss?")
>>> top[0].id
'foreningsradets-klimatnatverk'
>>> top[0].path_to_decision  # a seat in a network is no chain of decision
[]
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypedDict, Unpack

import numpy as np

from kartan import facts as fact_module
from kartan.decisions import UNKNOWN_TEXT, contact_route, who_decides
from kartan.decisions import forget as forget_decisions
from kartan.facts import Fact
from kartan.graph import UP_BACKWARD, UP_FORWARD, decision_path, path_ids
from kartan.labels import DECISION_KINDS, kind_label, relation_label
from kartan.lexicon import (
    LEXICON_FILE,
    LEXICON_FILE_EN,
    Lexicon,
    LexiconError,
    default_lexicon_for,
    fallback_lexicon,
    load_lexicon,
    load_lexicon_cached,
    packaged_lexicon_path,
    packaged_lexicon_path_en,
)
from kartan.map import Map, recall, remembered
from kartan.search import (
    STOPWORDS,
    STOPWORDS_EN,
    BoolArray,
    FloatArray,
    IntArray,
    SearchIndex,
    TokenMatch,
    fold,
    forms,
    index_for,
    lemma,
    split_known,
    stem,
    stem_en,
)
from kartan.texts import text as _t

__all__ = [
    "Fact",
    "GuideAnswer",
    "GuideResult",
    "Lexicon",
    "LexiconError",
    "ask",
    "default_lexicon",
    "default_lexicon_for",
    "detect_lang",
    "guide",
    "load_lexicon",
]

log = logging.getLogger(__name__)

# How good a first door each kind of body is (1 = best).
KIND_WEIGHTS: dict[str, float] = {
    "council": 1.0,
    "forum": 1.0,
    "network": 1.0,
    "administration": 0.85,
    "assignment": 0.85,
    "project": 0.7,
    "unit": 0.7,
    "funding": 0.7,
    "working_group": 0.6,
    "function": 0.55,
    "organisation": 0.55,
    "public_body": 0.5,
    "program": 0.5,
    "agreement": 0.5,
    "decision_body": 0.5,
    "tool": 0.5,
    "method": 0.5,
    "event": 0.3,
    "company": 0.2,
    "party": 0.2,
}

# Weights of the parts of a score; the sum of the maxima normalises scores to 0..1.
W_THEME = 2.0
W_TEXT = 1.5
W_NAMED = 1.5
W_AUDIENCE = 0.8
W_ENTRY = 0.6
W_KIND = 1.0
W_NEED = 0.6
W_NEAR = 0.8
W_DECISION = 0.2
THEME_CAP = 1.5
MAX_RAW = (
    W_THEME * THEME_CAP
    + W_TEXT
    + W_NAMED
    + W_AUDIENCE
    + W_ENTRY
    + W_KIND
    + W_NEED
    + W_NEAR
    + W_DECISION
)
# A body's first theme is what it is about; later ones count a little less.
THEME_RANK_WEIGHTS = (1.0, 0.85, 0.7)
EXTERNAL_FACTOR = 0.4
ENDED_FACTOR = 0.5
NEAR_BY_DISTANCE = {1: 1.0, 2: 0.6, 3: 0.3}
ASKER_THEME_STRENGTH = 0.4
NEED_THEME_STRENGTH = 0.6
CHOSEN_THEME_STRENGTH = 1.5
MIN_COMPOUND = 5
MAX_QUESTION_CHARS = 2000
MAX_QUESTION_WORDS = 120
SHORT_ALIAS = 3
MIN_PART = 3
MAX_SENTENCES = 50_000

# Confidence: an answer is shown only when what it matched in the question (themes,
# words, names, the asker, what is needed) is worth at least MIN_EVIDENCE, and its score
# is at least MIN_SHARE of the best answer's.  Fewer, surer answers beat a padded list.
MIN_EVIDENCE = 1.0
MIN_SHARE = 0.8
MIN_SIGNALS = 2
TEXT_SIGNAL = 0.15
FACT_ITEMS_SHOWN = 3

# The need that each kind of question implies (keys of the lexicon's `needs`).
QUESTION_NEEDS = {
    "who_decides": "beslut",
    "contact": "kontakt",
    "money": "pengar",
    "meets": "motesplats",
    "take_part": "ansluta",
}
QUESTION_NEED_STRENGTH = 0.8
TYPED_NEED_FACTOR = 1.5

# Function words that tell English from Swedish (as written, lower case).
_EN_MARKERS = frozenset(
    [
        "the",
        "we",
        "our",
        "is",
        "are",
        "who",
        "what",
        "where",
        "how",
        "can",
        "to",
        "of",
        "and",
        "for",
        "with",
        "about",
        "do",
        "does",
        "want",
        "there",
        "any",
        "which",
        "when",
        "whom",
        "my",
        "you",
        "your",
        "have",
        "has",
        "an",
        "a",
        "it",
        "this",
        "that",
        "us",
        "should",
        "would",
        "could",
        "i'm",
        "we're",
        "don't",
    ]
)
_SV_MARKERS = frozenset(
    [
        "och",
        "vi",
        "är",
        "vem",
        "vad",
        "hur",
        "kan",
        "till",
        "för",
        "ett",
        "med",
        "om",
        "som",
        "det",
        "att",
        "vår",
        "våra",
        "vårt",
        "vart",
        "vilka",
        "vilken",
        "vilket",
        "finns",
        "inte",
        "jag",
        "ska",
        "på",
        "har",
        "av",
        "oss",
        "vill",
        "någon",
        "något",
        "när",
        "var",
        "en",
    ]
)

# Strength of a lexicon match by how the term was found.
S_EXACT = 1.0
S_PHRASE = 1.1
S_PREFIX = 0.9
S_COMPOUND = 0.8

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GuideAnswer:
    """One entry point: a body to turn to, why (in plain words, once), how to reach it,
    who decides, and its path to a decision body."""

    id: str
    name: str
    kind: str
    score: float
    why: str
    path_to_decision: list[str]
    contact: str = ""
    decides: str = ""


@dataclass(frozen=True)
class GuideResult:
    """The whole answer to a question: what was asked, a fact from the map when the
    question asks for one, the entry points, and a note when the list ends early."""

    answers: list[GuideAnswer]
    lang: str = "sv"
    question_type: str = "topic"
    fact: Fact | None = None
    more: bool = False
    note: str = ""


@dataclass(frozen=True)
class _Term:
    section: str  # "theme", "asker", "need", "question" or "fact"
    key: str
    text: str


@dataclass
class _Hit:
    """A lexicon entry found in the question: how strongly, and by which word."""

    strength: float
    word: str
    count: int = 1


class _Terms(Protocol):
    """A lexicon entry: its words."""

    @property
    def terms(self) -> list[str]: ...


@dataclass
class Reading:
    """What the guide read in a question."""

    themes: dict[str, _Hit] = field(default_factory=dict)
    askers: dict[str, _Hit] = field(default_factory=dict)
    needs: dict[str, _Hit] = field(default_factory=dict)
    questions: dict[str, _Hit] = field(default_factory=dict)
    facts: dict[str, _Hit] = field(default_factory=dict)
    content: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    named: dict[int, str] = field(default_factory=dict)


@dataclass
class GuideIndex:
    """What the guide precomputes for one map and one lexicon."""

    lexicon: Lexicon
    search: SearchIndex
    lang: str = "sv"
    exact: dict[str, list[_Term]] = field(default_factory=dict)
    compound: dict[str, list[_Term]] = field(default_factory=dict)
    starts: list[tuple[str, _Term]] = field(default_factory=list)
    phrases: dict[tuple[str, ...], list[_Term]] = field(default_factory=dict)
    max_phrase: int = 1
    ignore: frozenset[str] = frozenset()
    theme_nodes: dict[str, list[int]] = field(default_factory=dict)
    theme_ranks: dict[str, list[float]] = field(default_factory=dict)
    theme_arrays: dict[str, tuple[IntArray, FloatArray]] = field(default_factory=dict)
    sentences: dict[tuple[str, str, str], str] = field(default_factory=dict)
    audience_nodes: dict[str, list[int]] = field(default_factory=dict)
    base: FloatArray = field(default_factory=lambda: np.zeros(0))
    entry: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    theme_damping: FloatArray = field(default_factory=lambda: np.ones(0))
    factor: FloatArray = field(default_factory=lambda: np.ones(0))
    outside: FloatArray = field(default_factory=lambda: np.ones(0))
    kinds: list[str] = field(default_factory=list)
    kind_names: list[str] = field(default_factory=list)
    kind_codes: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    paths: dict[str, list[str]] = field(default_factory=dict)
    relation_sources: dict[str, list[int]] = field(default_factory=dict)
    # built once per map: which bodies have a chain of decision (the bonus needs only
    # that; the chain itself is looked up for the shown answers), the graph as CSR
    # arrays for the distance from the asker, the rank of each id (ties), and the
    # longest name that starts with a word (names in the question)
    decides: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    adj_ptr: IntArray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    adj_idx: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    id_rank: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    name_words: dict[str, int] = field(default_factory=dict)
    name_stems: dict[str, int] = field(default_factory=dict)

    def add_term(self, section: str, key: str, text: str) -> None:
        """Register one lexicon term (a word, a phrase, or a prefix ending in ``*``)."""
        star = text.endswith("*")
        tokens = fold(text.rstrip("*")).split()
        if not tokens:
            return
        term = _Term(section, key, text.rstrip("*"))
        if star and len(tokens) == 1:
            self.starts.append((tokens[0], term))
        elif len(tokens) == 1:
            for f in forms(tokens[0], self.lang):
                self.exact.setdefault(f, []).append(term)
            if len(tokens[0]) >= MIN_COMPOUND:
                self.compound.setdefault(tokens[0], []).append(term)
        else:
            self.phrases.setdefault(tuple(self.stem(t) for t in tokens), []).append(term)
            self.max_phrase = max(self.max_phrase, len(tokens))

    def stem(self, word: str) -> str:
        """The stem of a folded word in this index's language."""
        return stem_en(word) if self.lang == "en" else stem(word)

    def known_part(self, part: str) -> bool:
        """Whether a piece of a compound word is a word the lexicon or the map knows."""
        return (
            any(f in self.exact for f in forms(part, self.lang))
            or part in self.search.postings
            or self.search.stem_name_keys.get(part) is not None
        )


# -- building the index -----------------------------------------------------------------


def build_guide_index(m: Map, lexicon: Lexicon) -> GuideIndex:
    """Precompute term tables and per-node vectors for ``m`` and ``lexicon``."""
    gi = GuideIndex(lexicon=lexicon, search=index_for(m), lang=lexicon.lang)
    for key, entry in lexicon.themes.items():
        if key in m.themes:
            for t in entry.terms:
                gi.add_term("theme", key, t)
    for theme in m.data.themes:
        if theme.id not in lexicon.themes:
            for t in fallback_lexicon_terms(theme.name):
                gi.add_term("theme", theme.id, t)
    sections: tuple[tuple[str, Iterable[tuple[str, _Terms]]], ...] = (
        ("asker", lexicon.audiences.items()),
        ("need", lexicon.needs.items()),
        ("question", lexicon.questions.items()),
        ("fact", lexicon.facts.items()),
    )
    for kind, entries in sections:
        for key, cue in entries:
            for t in cue.terms:
                gi.add_term(kind, key, t)
    gi.ignore = frozenset(w for t in lexicon.ignore for w in fold(t).split())
    nodes = m.data.nodes
    n = len(nodes)
    gi.kinds = [node.kind.value for node in nodes]
    gi.kind_names = sorted(set(gi.kinds))
    codes = {k: c for c, k in enumerate(gi.kind_names)}
    gi.kind_codes = np.array([codes[k] for k in gi.kinds], dtype=np.int64)
    gi.base = np.array([KIND_WEIGHTS.get(k, 0.5) for k in gi.kinds], dtype=np.float64)
    gi.entry = np.array([node.entry_point for node in nodes], dtype=bool)
    gi.theme_damping = np.array(
        [1.0 + 0.1 * max(0, len(node.themes) - 2) for node in nodes], dtype=np.float64
    )
    today = m.as_of or dt.date.today()
    factor = np.ones(n)
    outside = np.ones(n)
    for i, node in enumerate(nodes):
        for rank, theme_id in enumerate(node.themes):
            gi.theme_nodes.setdefault(theme_id, []).append(i)
            gi.theme_ranks.setdefault(theme_id, []).append(THEME_RANK_WEIGHTS[min(rank, 2)])
        for audience_id in node.audiences:
            gi.audience_nodes.setdefault(audience_id, []).append(i)
        if node.external:
            factor[i] *= EXTERNAL_FACTOR
            outside[i] = EXTERNAL_FACTOR
        if node.valid_until is not None and node.valid_until < today:
            factor[i] *= ENDED_FACTOR
    gi.factor = factor
    gi.outside = outside
    gi.theme_arrays = {
        t: (np.array(pos, dtype=np.int64), np.array(gi.theme_ranks[t], dtype=np.float64))
        for t, pos in gi.theme_nodes.items()
    }
    sources: dict[str, set[int]] = {}
    for e in m.edges:
        pos = gi.search.position(e.source)
        if pos is not None and e.target in m.nodes:
            sources.setdefault(e.type, set()).add(pos)
    gi.relation_sources = {t: sorted(p) for t, p in sources.items()}
    gi.decides = _with_decision_chain(m, gi.search)
    gi.adj_ptr, gi.adj_idx = _adjacency(m, gi.search)
    gi.id_rank = np.argsort(np.argsort(np.array(gi.search.ids, dtype=object))).astype(np.int64)
    gi.name_words = _first_words(gi.search.name_keys, gi.search.alias_keys)
    gi.name_stems = _first_words(gi.search.stem_name_keys, gi.search.stem_alias_keys)
    return gi


def _with_decision_chain(m: Map, idx: SearchIndex) -> BoolArray:
    """Which bodies :func:`kartan.graph.decision_path` finds a chain for (a decision body
    itself included), for all bodies at once: walk the decision relations backwards from
    the decision bodies (``UP_FORWARD`` edges against, ``UP_BACKWARD`` edges along)."""
    found = np.zeros(idx.size, dtype=bool)
    queue: list[str] = []
    for pos, node in enumerate(m.data.nodes):  # the index lists the nodes in file order
        if node.kind.value in DECISION_KINDS:
            found[pos] = True
            queue.append(node.id)
    while queue:
        current = queue.pop()
        before = [e.source for e in m.incoming.get(current, ()) if e.type in UP_FORWARD]
        before += [e.target for e in m.outgoing.get(current, ()) if e.type in UP_BACKWARD]
        for other in before:
            at = idx.position(other)
            if at is not None and not found[at]:
                found[at] = True
                queue.append(other)
    return found


def _adjacency(m: Map, idx: SearchIndex) -> tuple[IntArray, IntArray]:
    """The undirected graph by index position as CSR arrays (row pointers, neighbours)."""
    pairs: set[tuple[int, int]] = set()
    for e in m.edges:
        a, b = idx.position(e.source), idx.position(e.target)
        if a is not None and b is not None and a != b:
            pairs.add((a, b))
            pairs.add((b, a))
    ordered = sorted(pairs)
    rows = np.array([a for a, _ in ordered], dtype=np.int64)
    ptr = np.zeros(idx.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=idx.size), out=ptr[1:])
    return ptr, np.array([b for _, b in ordered], dtype=np.int64)


def _first_words(*tables: dict[str, list[int]]) -> dict[str, int]:
    """For each first word of the keys of ``tables``, the most words such a key has."""
    out: dict[str, int] = {}
    for table in tables:
        for key in table:
            words = key.split()
            if words and len(words) > out.get(words[0], 0):
                out[words[0]] = len(words)
    return out


def fallback_lexicon_terms(name: str) -> list[str]:
    """Terms for a theme the lexicon does not list: its name and its longer words."""
    words = [w for w in re.split(r"[\s,/]+", name) if len(w) >= 4 and fold(w) not in STOPWORDS]
    return list(dict.fromkeys([name, *words]))


def guide_index_for(m: Map, lexicon: Lexicon) -> GuideIndex:
    """The guide's index for ``m`` and ``lexicon``, built once per language and kept
    while ``m`` lives (built anew when the lexicon was read anew)."""
    return remembered(
        m,
        ("guide_index", lexicon.lang),
        lambda: build_guide_index(m, lexicon),
        current=lambda gi: gi.lexicon is lexicon,
    )


def forget_answers(m: Map) -> None:
    """Empty the per-map caches of word expansions, paths, card sentences and decision
    routes (benchmarks measure cold runs)."""
    for lang in ("sv", "en"):
        gi = recall(m, ("guide_index", lang))
        if isinstance(gi, GuideIndex):
            gi.paths.clear()
            gi.sentences.clear()
    index_for(m).clear_word_cache()
    lemma.cache_clear()
    forget_decisions(m)


def default_lexicon(m: Map, lang: str = "sv") -> Lexicon:
    """The map's own lexicon (``lexicon.yaml``, or ``lexicon.en.yaml`` for English,
    beside its data file: :attr:`Map.lexicon_dir`), else the project's (package data);
    the map's theme names only when it is missing or broken."""
    name = LEXICON_FILE_EN if lang == "en" else LEXICON_FILE
    if m.lexicon_dir is not None:
        path = m.lexicon_dir / name
    else:
        path = packaged_lexicon_path_en() if lang == "en" else packaged_lexicon_path()
    try:  # no file system call per question: the cache looks at the file once a second
        return load_lexicon_cached(path)
    except FileNotFoundError:
        pass
    except LexiconError as exc:
        log.warning("lexicon not used: %s", exc)
    if lang == "en":
        return default_lexicon(m, "sv")
    return _fallback_for(m)


def resolve_audience(m: Map, audience: str) -> str | None:
    """Who is asking, as the guide takes it: a map audience id, an asker key of the
    lexicon (``idrottsforening``), or a word for one in Swedish or English
    (``idrottsförening``, ``kommunanställd``); None when nothing fits.

    >>> from kartan.model import MapFile
    >>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "k"},
    ...        "sources": [{"id": "s", "title": "S"}],
    ...        "nodes": [{"id": "k", "name": "K", "kind": "decision_body", "sources": ["s"]}]}
    >>> m = Map(MapFile.model_validate(raw))
    >>> resolve_audience(m, "idrottsförening"), resolve_audience(m, "zzz")
    ('idrottsforening', None)
    """
    if audience in m.audiences:
        return audience
    lex = default_lexicon(m)
    if audience in lex.audiences:
        return audience
    word = fold(audience).strip()
    for lexicon in (lex, default_lexicon(m, "en")):
        for key, asker in lexicon.audiences.items():
            if fold(key) == word or word in {fold(t).rstrip("*") for t in asker.terms}:
                return str(key)
    return None


def warm_lemmas() -> None:
    """Load the dictionaries of the lemmatiser (a few seconds, once per process)."""
    lemma("idrottshallarna", "sv")
    lemma("volunteers", "en")


def detect_lang(q: str | None, hint: str | None = None) -> str:
    """'en' when the question is written in English, else 'sv'; ``hint`` (the page's
    language) decides when the words do not tell.

    >>> detect_lang("Who decides about grants for associations?")
    'en'
    >>> detect_lang("Vem beslutar om föreningsbidragen?")
    'sv'
    >>> detect_lang("RF-SISU", "en")
    'en'
    """
    written = [w.lower() for w in _WORD.findall((q or "")[:MAX_QUESTION_CHARS])]
    en = sum(1 for w in written if w in _EN_MARKERS)
    sv = sum(1 for w in written if w in _SV_MARKERS)
    if en > sv:
        return "en"
    if sv > en:
        return "sv"
    return "en" if hint == "en" else "sv"


def _fallback_for(m: Map) -> Lexicon:
    return remembered(m, ("fallback_lexicon",), lambda: fallback_lexicon(m))


# -- reading the question ---------------------------------------------------------------


def _question_tokens(q: str) -> list[tuple[str, str]]:
    """(folded word, the word as written) for each word of the question."""
    out: list[tuple[str, str]] = []
    for raw in _WORD.findall(q[:MAX_QUESTION_CHARS]):
        for token in fold(raw).split():
            out.append((token, raw))
            if len(out) >= MAX_QUESTION_WORDS:
                return out
    return out


def _record(hits: dict[str, _Hit], key: str, strength: float, word: str) -> None:
    hit = hits.get(key)
    if hit is None:
        hits[key] = _Hit(strength, word)
    elif word.lower() != hit.word.lower():
        hit.count += 1
        if strength > hit.strength:
            hit.strength, hit.word = strength, word


def _views(gi: GuideIndex, token: str, raw: str) -> list[tuple[str, float]]:
    """The forms of a question word to look up, with how strongly each counts: the word,
    its stem, its dictionary form (simplemma) and the parts of a compound word."""
    out: dict[str, float] = {}
    for f in forms(token, gi.lang):
        out.setdefault(f, S_EXACT)
    base = lemma(raw, gi.lang) if len(token) > 2 else token
    for f in forms(base, gi.lang):
        out.setdefault(f, S_EXACT)
    if gi.lang == "sv" and len(base) >= 2 * MIN_PART and not gi.exact.get(base):
        parts = split_known(base, gi.known_part, min_part=MIN_PART)
        for part in parts or ():
            for f in forms(part, gi.lang):
                out.setdefault(f, S_COMPOUND)
    return list(out.items())


def _known_form(gi: GuideIndex, token: str, raw: str) -> str:
    """The word itself when the map's texts have it, else its dictionary form when they
    have that ("interreligiöst" -> "interreligiös")."""
    if any(f in gi.search.postings for f in forms(token, gi.lang)):
        return token
    base = lemma(raw, gi.lang)
    if base != token and any(f in gi.search.postings for f in forms(base, gi.lang)):
        return base
    return token


def read_question(gi: GuideIndex, q: str) -> Reading:
    """Themes, askers, needs, kinds of question, facts asked for, content words and named
    bodies found in a question."""
    reading = Reading()
    tokens = _question_tokens(q)
    folded = [t for t, _ in tokens]
    stems = [gi.stem(t) for t in folded]
    sections = {
        "theme": reading.themes,
        "asker": reading.askers,
        "need": reading.needs,
        "question": reading.questions,
        "fact": reading.facts,
    }

    def found(term: _Term, strength: float, word: str) -> None:
        _record(sections[term.section], term.key, strength, word)

    ignored = STOPWORDS | STOPWORDS_EN | gi.ignore
    compounds: dict[str, list[str]] = {}
    for i, (token, raw) in enumerate(tokens):
        for n in range(2, gi.max_phrase + 1):
            key = tuple(stems[i : i + n])
            if len(key) == n:
                for term in gi.phrases.get(key, ()):
                    words = " ".join(raw for _, raw in tokens[i : i + n])
                    found(term, S_PHRASE, words)
        if token in ignored:
            continue
        for view, strength in _views(gi, token, raw):
            for term in gi.exact.get(view, ()):
                found(term, strength, raw)
            if strength < S_EXACT:
                compounds.setdefault(raw, []).append(view)
        for prefix, term in gi.starts:
            if token.startswith(prefix):
                found(term, S_PREFIX, raw)
        for candidate in {token, stems[i]}:
            for k in range(MIN_COMPOUND, len(candidate) - 1):
                for term in gi.compound.get(candidate[:k], ()):
                    found(term, S_COMPOUND, raw)
                for term in gi.compound.get(candidate[-k:], ()):
                    found(term, S_COMPOUND, raw)
    asker_words = {
        w
        for section in (reading.askers, reading.facts)
        for h in section.values()
        for w in fold(h.word).split()
    }
    content = [
        t for t in dict.fromkeys(folded) if t not in ignored and len(t) > 1 and t not in asker_words
    ]
    originals = {t: raw for t, raw in reversed(tokens)}
    content = [_known_form(gi, t, originals.get(t, t)) for t in content[:24]]
    split = gi.search.split_unknown(list(dict.fromkeys(content)))
    for raw, parts in compounds.items():  # "idrottshallarna" -> idrott, hall
        whole = fold(raw)
        if whole in split and not gi.search.expand(whole)[0]:
            split.remove(whole)
            stems_seen = {gi.stem(w) for w in split}
            for part in parts:
                if part not in ignored and gi.stem(part) not in stems_seen:
                    stems_seen.add(gi.stem(part))
                    split.append(part)
    reading.content = split
    reading.originals = originals
    reading.named = _named_bodies(gi, tokens)
    return reading


def _named_bodies(gi: GuideIndex, tokens: list[tuple[str, str]]) -> dict[int, str]:
    """Bodies whose name or alias appears word for word in the question."""
    idx = gi.search
    named: dict[int, str] = {}
    folded = [t for t, _ in tokens]
    stems = [stem(t) for t in folded]
    longest = min(idx.max_phrase, 10)
    for i in range(len(tokens)):
        # a phrase of several words is a name only if some name starts with its first
        # word (or stem): look no further than the longest such name
        most = max(1, gi.name_words.get(folded[i], 1), gi.name_stems.get(stems[i], 1))
        for n in range(1, min(longest, most) + 1):
            if i + n > len(tokens):
                break
            phrase = " ".join(folded[i : i + n])
            written = " ".join(raw for _, raw in tokens[i : i + n])
            short = len(phrase.replace(" ", "")) <= SHORT_ALIAS
            if short and not written.isupper():
                continue
            stem_key = " ".join(stems[i : i + n])
            tables = [(idx.name_keys, phrase), (idx.alias_keys, phrase)]
            tables.append((idx.stem_name_keys, stem_key))
            if n > 1:  # one-word aliases ("Partnerskapet") only word for word
                tables.append((idx.stem_alias_keys, stem_key))
            for table, key in tables:
                for pos in table.get(key, ()):
                    named.setdefault(pos, written)
    return named


# -- scoring ----------------------------------------------------------------------------


def _distances(gi: GuideIndex, start: int, depth: int = 3) -> IntArray:
    """Undirected distance (in steps) from position ``start`` to every node within
    ``depth``; -1 further away.  One vectorised breadth-first step per level."""
    dist = np.full(gi.search.size, -1, dtype=np.int64)
    dist[start] = 0
    frontier = np.array([start], dtype=np.int64)
    for d in range(1, depth + 1):
        begin, end = gi.adj_ptr[frontier], gi.adj_ptr[frontier + 1]
        counts = end - begin
        total = int(counts.sum())
        if total == 0:
            break
        # the neighbour slots of every frontier node, concatenated
        slots = np.repeat(begin - np.cumsum(counts) + counts, counts) + np.arange(total)
        reached = gi.adj_idx[slots]
        frontier = np.unique(reached[dist[reached] < 0])
        if frontier.size == 0:
            break
        dist[frontier] = d
    return dist


NEAR_BY_STEPS = np.array([0.0] + [NEAR_BY_DISTANCE.get(d, 0.0) for d in (1, 2, 3)])


def _decision_ids(m: Map, gi: GuideIndex, node_id: str) -> list[str]:
    cached = gi.paths.get(node_id)
    if cached is None:
        steps = decision_path(m, node_id)
        cached = [] if steps is None else path_ids(steps, node_id)
        gi.paths[node_id] = cached
    return cached


@dataclass
class _Asked:
    """The asker as given or read: lexicon keys and map audience ids."""

    askers: list[str]
    audiences: set[str]
    label: str | None


def _asker(m: Map, lex: Lexicon, audience: str | None, reading: Reading) -> _Asked:
    keys: list[str] = []
    label: str | None = None
    audiences: set[str] = set()
    if audience:
        keys = lex.askers_with(audience) or ([audience] if audience in lex.audiences else [])
        if audience in m.audiences:
            audiences.add(audience)
            a = m.audiences[audience]
            label = (a.name_en or a.name) if lex.lang == "en" else a.name
    elif reading.askers:
        best = max(
            reading.askers.items(),
            key=lambda kv: (kv[1].strength, len(lex.broader_closure(kv[0])), kv[0]),
        )
        keys = [best[0]]
    closure: list[str] = []
    for key in keys:
        closure.extend(k for k in lex.broader_closure(key) if k not in closure)
    for key in closure:
        audiences.update(lex.audiences[key].audiences)
    if label is None and closure:
        label = lex.audiences[closure[0]].name
    return _Asked(closure, audiences, label)


def _theme_name(m: Map, theme_id: str, lang: str) -> str:
    t = m.themes[theme_id]
    return (t.name_en or t.name) if lang == "en" else t.name


def _theme_strengths(
    m: Map, lex: Lexicon, reading: Reading, theme: str | None, asked: _Asked
) -> dict[str, tuple[float, str]]:
    """Each theme's strength and the asker's word that brought it (for the sentence)."""
    out: dict[str, tuple[float, str]] = {}

    def offer(theme_id: str, strength: float, how: str) -> None:
        if theme_id in m.themes and strength > out.get(theme_id, (0.0, ""))[0]:
            out[theme_id] = (strength, how)

    for theme_id, hit in reading.themes.items():
        weight = lex.themes[theme_id].weight if theme_id in lex.themes else 1.0
        strength = weight * min(hit.strength + 0.2 * (hit.count - 1), THEME_CAP)
        offer(theme_id, strength, hit.word)
    for need_id, hit in reading.needs.items():
        for theme_id in lex.needs[need_id].themes:
            offer(theme_id, NEED_THEME_STRENGTH * hit.strength, hit.word)
    for key in asked.askers:
        for theme_id in lex.audiences[key].themes:
            offer(theme_id, ASKER_THEME_STRENGTH, "")
    if theme:
        offer(theme, CHOSEN_THEME_STRENGTH, "")
    return out


FACT_PRIORITY = (
    "vice_chair",
    "chair",
    "secretary",
    "funds",
    "administers",
    "responsible",
    "sends_to",
    "members",
)


def _question_type(lex: Lexicon, reading: Reading) -> tuple[str, str | None, set[str]]:
    """The kind of question, the fact it asks for (if any) and the kinds of body a
    "which …" question lists."""
    asked_facts = {lex.facts[k].fact for k in reading.facts if lex.facts[k].fact}
    kinds = {kind.value for k in reading.facts for kind in lex.facts[k].kinds}
    if kinds:
        asked_facts.add("members")
    if not reading.named:  # "vilka sitter i …" is asked about a body the question names
        asked_facts.discard("members")
    if "vice_chair" in asked_facts:
        asked_facts.discard("chair")
    if "who_decides" in reading.questions:
        return "who_decides", ("funds" if "funds" in asked_facts else "decides_on"), kinds
    for fact in FACT_PRIORITY:
        if fact in asked_facts:
            return "fact", fact, kinds
    if "meets" in reading.questions:
        return "meets", "meets", kinds
    return _plain_type(reading), None, kinds


def _plain_type(reading: Reading) -> str:
    """The kind of a question that asks for no fact: money, taking part, a contact."""
    for qtype in ("money", "take_part", "contact"):
        if qtype in reading.questions:
            return qtype
    return "topic"


class AskOptions(TypedDict, total=False):
    """The optional arguments of :func:`ask` and :func:`guide` (see :func:`ask`)."""

    theme: str | None
    audience: str | None
    from_id: str | None
    limit: int
    lexicon: Lexicon | None
    lang: str | None


def guide(m: Map, q: str | None, **options: Unpack[AskOptions]) -> list[GuideAnswer]:
    """Ranked entry points for a question in Swedish or English, each with why, how to
    reach it, who decides and a path to decision (the answers of :func:`ask`).

    ``theme`` (a theme id), ``audience`` (an audience id, or an asker key of the
    lexicon) and ``from_id`` (the asker's own organisation) are optional; ids the map
    does not have are ignored.  Without a lexicon the packaged ``data/lexicon.yaml`` (or
    ``data/lexicon.en.yaml`` for a question in English) is used, or the map's theme
    names when there is none.  ``lang`` is the page's language, used when the words of
    the question do not tell.
    """
    return ask(m, q, **options).answers


def ask(
    m: Map,
    q: str | None,
    *,
    theme: str | None = None,
    audience: str | None = None,
    from_id: str | None = None,
    limit: int = 10,
    lexicon: Lexicon | None = None,
    lang: str | None = None,
) -> GuideResult:
    """The guide's whole answer: the kind of question, a fact from the map when one is
    asked for (with its date and source), the sure entry points, best first, and a note
    when the list ends before ``limit`` ("Inga fler säkra förslag — fråga En väg in").
    """
    qlang = lexicon.lang if lexicon is not None else detect_lang(q, lang)
    if limit <= 0 or not m.data.nodes:
        return GuideResult([], lang=qlang)
    lex = lexicon if lexicon is not None else default_lexicon(m, qlang)
    qlang = lex.lang
    gi = guide_index_for(m, lex)
    reading = read_question(gi, q or "")
    qtype, fact_kind, fact_kinds = _question_type(lex, reading)
    need_key = QUESTION_NEEDS.get(qtype)
    if need_key and need_key in lex.needs and need_key not in reading.needs:
        reading.needs[need_key] = _Hit(QUESTION_NEED_STRENGTH, reading.questions[qtype].word)
    asked = _asker(m, lex, audience, reading)
    themes = _theme_strengths(m, lex, reading, theme, asked)
    n = gi.search.size

    theme_vec = np.zeros(n)
    for theme_id, (strength, _) in themes.items():
        if theme_id in gi.theme_arrays:
            where, ranks = gi.theme_arrays[theme_id]
            theme_vec[where] += strength * ranks
    theme_vec = np.minimum(theme_vec / gi.theme_damping, THEME_CAP)

    matches = [gi.search.match_token(t) for t in reading.content]
    total_idf = sum(mt.idf for mt in matches) or 1.0
    text_vec = np.zeros(n)
    for mt in matches:
        text_vec += mt.idf * mt.values
    text_vec /= total_idf

    named_vec = np.zeros(n)
    named_vec[list(reading.named)] = 1.0

    audience_vec = np.zeros(n)
    for audience_id in asked.audiences:
        audience_vec[gi.audience_nodes.get(audience_id, [])] = 1.0

    need_kinds: dict[str, float] = {}
    for need_id, hit in reading.needs.items():
        for kind in lex.needs[need_id].kinds:
            need_kinds[kind.value] = max(need_kinds.get(kind.value, 0.0), min(hit.strength, 1.0))
    for key in asked.askers[:1]:
        for kind in lex.audiences[key].kinds:
            need_kinds[kind.value] = max(need_kinds.get(kind.value, 0.0), 0.5)
    need_vec = np.zeros(n)
    if need_kinds:
        lookup = np.array([need_kinds.get(k, 0.0) for k in gi.kind_names])
        need_vec = lookup[gi.kind_codes]
    relation_vec = np.zeros(n)
    for need_id, hit in reading.needs.items():
        for rel in lex.needs[need_id].relations:
            sources = gi.relation_sources.get(rel.value, [])
            relation_vec[sources] = np.maximum(relation_vec[sources], min(hit.strength, 1.0))
    need_vec = np.maximum(need_vec, relation_vec)
    if qtype != "topic":  # the kind of question says what kind of body fits
        need_vec = need_vec * TYPED_NEED_FACTOR
        relation_vec = relation_vec * TYPED_NEED_FACTOR

    near_vec = np.zeros(n)
    distances = np.full(0, -1, dtype=np.int64)
    own = gi.search.position(from_id) if from_id else None
    if own is not None:
        distances = _distances(gi, own)
        near_vec = np.where(distances > 0, NEAR_BY_STEPS[np.maximum(distances, 0)], 0.0)

    topical = (theme_vec > 0) | (text_vec > 0) | (named_vec > 0)
    relevant = topical.copy()
    min_evidence = MIN_EVIDENCE
    if not relevant.any():
        relevant = (audience_vec > 0) | (near_vec > 0)
        min_evidence = 0.5 * MIN_EVIDENCE
    if own is not None:
        relevant[own] = False

    evidence = (
        W_THEME * theme_vec
        + W_TEXT * np.minimum(1.0, 2.0 * text_vec)  # every word in a description counts
        + W_NAMED * named_vec
        + W_AUDIENCE * audience_vec
        + W_NEED * np.maximum(relation_vec, 0.5 * need_vec)
        + W_NEAR * near_vec
    )
    raw = (
        W_THEME * theme_vec
        + W_TEXT * text_vec
        + W_NAMED * named_vec
        + W_AUDIENCE * audience_vec
        + W_ENTRY * gi.entry
        + W_KIND * gi.base
        + W_NEED * need_vec
        + W_NEAR * near_vec
    ) * gi.factor
    raw[~relevant] = -1.0
    # how sure a match is does not depend on whether the body has ended (that only ranks
    # it lower); an outside example (another municipality) counts less
    raw[evidence * gi.outside < min_evidence] = -1.0
    signals = (
        (theme_vec > 0).astype(np.int64)
        + (text_vec > TEXT_SIGNAL)
        + (named_vec > 0)
        + (audience_vec > 0)
        + (need_vec > 0)
        + (near_vec > 0)
        + gi.entry
    )

    scored = _with_paths(gi, raw, limit)
    more = len(scored) > 0 and len(scored) < limit
    if scored:
        best = scored[0][0]
        sure = [
            s
            for k, s in enumerate(scored)
            if s[0] >= MIN_SHARE * best and signals[s[2]] >= min(k, 1) * MIN_SIGNALS + (k >= 2)
        ]
        more = more or len(sure) < len(scored)
        scored = sure

    subjects = sorted(reading.named, key=lambda p: (-len(reading.named[p]), p))
    subject_ids = [gi.search.ids[p] for p in subjects]
    fact: Fact | None = None
    candidates: list[str] = []
    if fact_kind == "members":  # "vilka sitter i …" is asked about a body the question names
        candidates = subject_ids
    elif fact_kind is not None:  # the bodies the question names, or the best answer
        candidates = subject_ids + [s[1] for s in scored[: 3 if fact_kind in _ROLE_OR_MEETS else 1]]
    if fact_kind is not None and candidates:
        fact = fact_module.find_fact(
            m, fact_kind, candidates, kinds=fact_kinds, exclude=subject_ids, lang=qlang
        )
    if fact is None and qtype == "fact":
        qtype = _plain_type(reading)

    context = _Context(m, lex, reading, asked, themes, matches, distances, from_id, qlang, fact)
    order = list(scored)
    if fact is not None:
        order = _with_fact_first(gi, order, fact, _asker_fit(m, lex, asked, fact.items))
    answers: list[GuideAnswer] = []
    for value, node_id, i in order[:limit]:
        node = m.nodes[node_id]
        answers.append(
            GuideAnswer(
                id=node_id,
                name=fact_module.name_of(m, node_id, qlang),
                kind=node.kind.value,
                score=round(min(1.0, max(0.0, value / MAX_RAW)), 4),
                why=_why(context, i),
                path_to_decision=list(_decision_ids(m, gi, node_id)),
                contact=_cached(m, gi, "contact", node_id, qlang, contact_sentence),
                decides=_cached(m, gi, "decides", node_id, qlang, _decides),
            )
        )
    note = _note(m, qlang, answers, more, qtype, fact)
    return GuideResult(answers, qlang, qtype, fact, more or not answers, note)


_ROLE_OR_MEETS = frozenset({"chair", "vice_chair", "secretary", "meets", "decides_on", "funds"})
_BODY_KINDS = frozenset(
    {"council", "forum", "network", "working_group", "project", "decision_body"}
)


def _asker_fit(m: Map, lex: Lexicon, asked: _Asked, ids: tuple[str, ...]) -> set[str]:
    """The bodies among ``ids`` that are of the asker's kind ("vilka kyrkor …": a body
    whose name is a word for a church; "vilka idrottsföreningar …": a body about sport)."""
    if not asked.askers:
        return set()
    key = asked.askers[0]
    entry = lex.audiences[key]
    terms = [fold(t.rstrip("*")).replace(" ", "") for t in entry.terms]
    terms = [t for t in terms if len(t) >= 4]
    fit: set[str] = set()
    for node_id in ids:
        node = m.nodes[node_id]
        name = fold(node.name).replace(" ", "")
        if (
            set(node.themes) & set(entry.themes)
            or any(t in name for t in terms)
            or set(node.audiences) & set(entry.audiences)
        ):
            fit.add(node_id)
    return fit


def _with_fact_first(
    gi: GuideIndex,
    order: list[tuple[float, str, int]],
    fact: Fact,
    fit: set[str],
) -> list[tuple[float, str, int]]:
    """The bodies the fact names come first: the subject, then the items that fit the
    question best (of the asker's kind, found by the ranking too, then in the fact's
    order); when some fit the asker's kind, only those."""
    by_id = {o[1]: o for o in order}
    pool = [i for i in fact.items if i in fit] or list(fact.items)
    items = sorted(
        pool, key=lambda i: (-(by_id[i][0] if i in by_id else -1.0), fact.items.index(i))
    )[:FACT_ITEMS_SHOWN]
    first = [fact.subject, *items]
    if fact.kind in ("decides_on", "funds", "responsible", "administers", "sends_to"):
        first = [*items, fact.subject]
    top = order[0][0] if order else MAX_RAW * 0.5
    out: list[tuple[float, str, int]] = []
    for node_id in dict.fromkeys(first):
        pos = gi.search.position(node_id)
        if pos is None:
            continue
        if node_id in by_id:
            out.append(by_id[node_id])
        else:
            out.append((top, node_id, pos))
    chosen = {o[1] for o in out}
    return out + [o for o in order if o[1] not in chosen]


def _with_paths(gi: GuideIndex, raw: FloatArray, limit: int) -> list[tuple[float, str, int]]:
    """The best ``limit`` candidates with the bonus for a chain to a decision body.

    Whether a body has such a chain is known for every body from the index; the chain
    itself is looked up only for the answers shown (:func:`_decision_ids`).
    """
    short = np.array(_shortlist(raw, max(3 * limit, 30)), dtype=np.int64)
    if short.size == 0:
        return []
    bonus = np.where(gi.decides[short], W_DECISION * gi.factor[short], 0.0)
    values = raw[short] + bonus
    if short.size > limit:  # only those that can reach the top ``limit`` (rounding aside)
        kth = np.partition(values, -limit)[-limit]
        keep = values >= kth - 1e-6
        short, values = short[keep], values[keep]
    ids = gi.search.ids
    scored = [
        (float(v), ids[i], int(i)) for v, i in zip(values.tolist(), short.tolist(), strict=True)
    ]
    scored.sort(key=lambda s: (-round(s[0], 9), s[1]))
    return scored[:limit]


def _shortlist(raw: FloatArray, k: int) -> list[int]:
    """Positions of the ``k`` best relevant scores (ties at the cut included)."""
    valid = np.flatnonzero(raw >= 0)
    if len(valid) <= k:
        return valid.tolist()
    cut = np.partition(raw[valid], -k)[-k]
    out: list[int] = valid[raw[valid] >= cut].tolist()
    return out


# -- explaining -------------------------------------------------------------------------


@dataclass
class _Context:
    m: Map
    lex: Lexicon
    reading: Reading
    asked: _Asked
    themes: dict[str, tuple[float, str]]
    matches: list[TokenMatch]
    distances: IntArray  # steps from the asker's body by position, -1 when far or none
    from_id: str | None
    lang: str
    fact: Fact | None


def _join(parts: list[str], lang: str = "sv") -> str:
    return fact_module.join(parts, lang)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _as_written(originals: dict[str, str], token: str) -> str:
    """The question's word as the asker wrote it; a part of a split compound word
    ("aldre" from "äldreomsorgen") is shown as the whole word, with its diacritics."""
    if token in originals:
        return originals[token]
    whole = [raw for folded, raw in originals.items() if token in folded]
    return min(whole, key=len) if whole else token


# Relations that say what a body does, best first, for the "why" sentence.
_DOES = ("responsible_for", "administers", "decides_on", "funds", "organises", "prepares")


def _words_for(c: _Context, i: int) -> list[str]:
    """The asker's words that this body answers to, as written."""
    node = c.m.data.nodes[i]
    words: list[str] = []
    for t in node.themes:
        if t in c.themes and c.themes[t][1]:
            words.append(c.themes[t][1])
    for mt in c.matches:
        if mt.values[i] > 0.3:
            words.append(_as_written(c.reading.originals, mt.token))
    seen: set[str] = set()
    out: list[str] = []
    named = {fold(w) for w in c.reading.named.values()}
    words = [w for w in words if not any(fold(w) in n.split() for n in named)]
    if i in c.reading.named:
        words.insert(0, fact_module.name_of(c.m, node.id, c.lang))
    for w in words:
        key = fold(w)
        if key and key not in seen and not any(key in s or s in key for s in seen):
            seen.add(key)
            out.append(w)
    return out[:3]


def _does(c: _Context, i: int) -> str:
    """What the body does, in plain words: a fact line, a relation, its themes, or the
    first sentence of its description."""
    m, lang = c.m, c.lang
    node = m.data.nodes[i]
    name = fact_module.name_of(m, node.id, lang)
    if c.fact is not None:
        for item, line in c.fact.lines:
            if item == node.id:
                return line
    edges = [e for e in m.outgoing.get(node.id, ()) if e.type in _DOES and e.target in m.nodes]
    matched = [t for t in node.themes if t in c.themes]
    if matched:  # only what it does about the asker's themes
        edges = [e for e in edges if set(m.nodes[e.target].themes) & set(matched)]
    if edges:
        edges.sort(key=lambda e: _DOES.index(e.type))
        targets = [e for e in edges if e.type == edges[0].type][:2]
        phrase = (
            edges[0].label
            if lang == "sv" and edges[0].label and len(targets) == 1
            else relation_label(edges[0].type, lang)
        )
        names = [fact_module.name_of(m, e.target, lang) for e in targets]
        return f"{name} {phrase} {_join(names, lang)}"
    if matched:
        themes = _join([_theme_name(m, t, lang) for t in matched[:2]], lang)
        return _t("guide_works_on", lang, name=name, themes=themes)
    text = (node.description_en if lang == "en" else None) or (
        node.description if lang == "sv" else None
    )
    if text:
        first = re.split(r"(?<=[.!?])\s", text.strip())[0].rstrip(".")
        if len(first) > 160:
            first = first[:157].rsplit(" ", 1)[0] + " …"
        return f"{name}: {first}"
    kind = node.kind.value
    article = _article_en(kind) if lang == "en" else _article(kind)
    return _t("guide_is_a", lang, name=name, article=article, kind=kind_label(kind, lang))


def _why(c: _Context, i: int) -> str:
    """Why this body, said once and plainly: the asker's words, what the body does, and
    whom it is an entry point for ("Ni nämner idrottshallarna; Kultur- och
    fritidsförvaltningen ansvarar för En väg in.")."""
    m, lang = c.m, c.lang
    node = m.data.nodes[i]
    words = _words_for(c, i)
    does = _does(c, i)
    if c.fact is not None and node.id in c.fact.items:
        words = []  # the fact says why
    if words:
        said = _join(words, lang)
        sentence = _t("guide_you_mention", lang, said=said, does=_lower_first_name(does, node.name))
    else:
        sentence = does + "."
    extra: list[str] = []
    shared = sorted(set(node.audiences) & c.asked.audiences)
    if shared:
        names = [
            _lower_first(
                (m.audiences[a].name_en or m.audiences[a].name)
                if lang == "en"
                else m.audiences[a].name
            )
            for a in shared
            if a in m.audiences
        ]
        label = _join(names[:2], lang) or (c.asked.label or "")
        extra.append(_t("guide_entry_for", lang, label=label))
    elif node.entry_point:
        extra.append(_t("guide_marked_entry", lang))
    if c.from_id and i < len(c.distances) and c.distances[i] >= 0 and c.from_id in m.nodes:
        d = int(c.distances[i])
        origin = fact_module.name_of(m, c.from_id, lang)
        if d == 1:
            extra.append(_t("guide_linked", lang, origin=origin))
        else:
            extra.append(_t("guide_steps_from", lang, origin=origin, n=d))
    return " ".join([sentence, *extra])


def _lower_first_name(text: str, name: str) -> str:
    """Keep a sentence that starts with a body's name as it is (names keep their capital)."""
    return text


_NEUTER = frozenset(
    {"council", "forum", "network", "project", "assignment", "event", "program", "tool"}
    | {"company", "party", "decision_body"}
)


def _article(kind: str) -> str:
    """The Swedish indefinite article of a kind's label ("ett nätverk", "en förvaltning")."""
    return "ett" if kind in _NEUTER else "en"


def _article_en(kind: str) -> str:
    return "an" if kind_label(kind, "en")[:1] in "aeiou" else "a"


def door_id(m: Map) -> str | None:
    """The municipality's one way in for civil society (``map.door``), when the map has one."""
    door = m.data.map.door
    return door.id if door is not None and door.id in m.nodes else None


def _door_name(m: Map, lang: str) -> str:
    """What to call the one way in inside a sentence.  In Swedish its shortest alias (the
    name people use, e.g. 'En väg in'), else its name; in English its English name when
    the data has one (the name the English pages give it), since the aliases are Swedish."""
    door = door_id(m)
    if door is None:
        return ""
    node = m.nodes[door]
    if lang == "en" and node.name_en:
        return node.name_en
    aliases = sorted(node.aliases, key=len)
    return aliases[0] if aliases else fact_module.name_of(m, door, lang)


def _cached(
    m: Map,
    gi: GuideIndex,
    what: str,
    node_id: str,
    lang: str,
    make: Callable[[Map, str, str], str],
) -> str:
    """A card's sentence, worked out once per map, node and language."""
    key = (what, node_id, lang)
    text = gi.sentences.get(key)
    if text is None:
        text = make(m, node_id, lang)
        if len(gi.sentences) > MAX_SENTENCES:
            gi.sentences.clear()
        gi.sentences[key] = text
    return text


def _decides(m: Map, node_id: str, lang: str) -> str:
    return decision_sentence(m, node_id, [], lang)


def contact_sentence(m: Map, node_id: str, lang: str = "sv") -> str:
    """How to reach a body, said once (the contact route of :mod:`kartan.decisions`: its own
    contact function, or the nearest body's with the route), or where to ask when the map
    has none."""
    route = contact_route(m, node_id)
    if route is not None:
        route_text = route.text(m, "en" if lang == "en" else "sv")
        return _t("guide_contact", lang, route=route_text)
    where = _door_name(m, lang) if door_id(m) != node_id else ""
    if where:
        return _t("guide_no_contact_ask", lang, where=where)
    return _t("guide_no_contact", lang)


def decision_sentence(m: Map, node_id: str, path: list[str], lang: str = "sv") -> str:
    """Who decides, said once: the decision model's answer (:func:`kartan.decisions.
    who_decides`): the decision body over decision relations only, or that the map does
    not know and where to ask."""
    return who_decides(m, node_id).text(m, "en" if lang == "en" else "sv")


def _note(
    m: Map,
    lang: str,
    answers: list[GuideAnswer],
    more: bool,
    qtype: str,
    fact: Fact | None,
) -> str:
    """'Inga fler säkra förslag — fråga En väg in' when the list is short or empty, and
    'Kartan vet inte vem som beslutar om detta' for a who-decides question without an
    answer on the map."""
    where = _door_name(m, lang)
    parts: list[str] = []
    decided = any(not a.decides.startswith(UNKNOWN_TEXT) for a in answers)
    if qtype == "who_decides" and fact is None and not decided:
        parts.append(_t("decide_unknown", lang))
    if not answers:
        parts.append(
            _t("guide_no_answer_ask", lang, where=where) if where else _t("guide_no_answer", lang)
        )
    elif more:
        parts.append(
            _t("guide_no_more_ask", lang, where=where) if where else _t("guide_no_more", lang)
        )
    return " ".join(parts)
