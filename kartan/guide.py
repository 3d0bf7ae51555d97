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
import heapq
import logging
import re
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np

from kartan.graph import decision_path, path_ids
from kartan.labels import DECISION_KINDS, kind_label, relation_label
from kartan.lexicon import (
    Lexicon,
    LexiconError,
    default_lexicon_for,
    fallback_lexicon,
    load_lexicon,
    load_lexicon_cached,
    packaged_lexicon_path,
)
from kartan.map import Map
from kartan.search import (
    STOPWORDS,
    BoolArray,
    FloatArray,
    IntArray,
    SearchIndex,
    TokenMatch,
    fold,
    forms,
    index_for,
    stem,
)

__all__ = [
    "GuideAnswer",
    "Lexicon",
    "LexiconError",
    "default_lexicon",
    "default_lexicon_for",
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
    "tool": 0.35,
    "method": 0.35,
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

# Strength of a lexicon match by how the term was found.
S_EXACT = 1.0
S_PHRASE = 1.1
S_PREFIX = 0.9
S_COMPOUND = 0.8

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GuideAnswer:
    """One entry point: a body to turn to, why, and its path to a decision body."""

    id: str
    name: str
    kind: str
    score: float
    why: str
    path_to_decision: list[str]


@dataclass(frozen=True)
class _Term:
    section: str  # "theme", "asker" or "need"
    key: str
    text: str


@dataclass
class _Hit:
    """A lexicon entry found in the question: how strongly, and by which word."""

    strength: float
    word: str
    count: int = 1


@dataclass
class Reading:
    """What the guide read in a question."""

    themes: dict[str, _Hit] = field(default_factory=dict)
    askers: dict[str, _Hit] = field(default_factory=dict)
    needs: dict[str, _Hit] = field(default_factory=dict)
    content: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    named: dict[int, str] = field(default_factory=dict)


@dataclass
class GuideIndex:
    """What the guide precomputes for one map and one lexicon."""

    lexicon: Lexicon
    search: SearchIndex
    exact: dict[str, list[_Term]] = field(default_factory=dict)
    compound: dict[str, list[_Term]] = field(default_factory=dict)
    starts: list[tuple[str, _Term]] = field(default_factory=list)
    phrases: dict[tuple[str, ...], list[_Term]] = field(default_factory=dict)
    max_phrase: int = 1
    ignore: frozenset[str] = frozenset()
    theme_nodes: dict[str, list[int]] = field(default_factory=dict)
    audience_nodes: dict[str, list[int]] = field(default_factory=dict)
    base: FloatArray = field(default_factory=lambda: np.zeros(0))
    entry: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    theme_damping: FloatArray = field(default_factory=lambda: np.ones(0))
    factor: FloatArray = field(default_factory=lambda: np.ones(0))
    kinds: list[str] = field(default_factory=list)
    kind_names: list[str] = field(default_factory=list)
    kind_codes: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    paths: dict[str, list[str]] = field(default_factory=dict)
    neighbours: list[list[int]] | None = None
    relation_sources: dict[str, list[int]] = field(default_factory=dict)

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
            for f in forms(tokens[0]):
                self.exact.setdefault(f, []).append(term)
            if len(tokens[0]) >= MIN_COMPOUND:
                self.compound.setdefault(tokens[0], []).append(term)
        else:
            self.phrases.setdefault(tuple(stem(t) for t in tokens), []).append(term)
            self.max_phrase = max(self.max_phrase, len(tokens))


# -- building the index -----------------------------------------------------------------


def build_guide_index(m: Map, lexicon: Lexicon) -> GuideIndex:
    """Precompute term tables and per-node vectors for ``m`` and ``lexicon``."""
    gi = GuideIndex(lexicon=lexicon, search=index_for(m))
    for key, entry in lexicon.themes.items():
        if key in m.themes:
            for t in entry.terms:
                gi.add_term("theme", key, t)
    for theme in m.data.themes:
        if theme.id not in lexicon.themes:
            for t in fallback_lexicon_terms(theme.name):
                gi.add_term("theme", theme.id, t)
    for key, asker in lexicon.audiences.items():
        for t in asker.terms:
            gi.add_term("asker", key, t)
    for key, need in lexicon.needs.items():
        for t in need.terms:
            gi.add_term("need", key, t)
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
    for i, node in enumerate(nodes):
        for theme_id in node.themes:
            gi.theme_nodes.setdefault(theme_id, []).append(i)
        for audience_id in node.audiences:
            gi.audience_nodes.setdefault(audience_id, []).append(i)
        if node.external:
            factor[i] *= EXTERNAL_FACTOR
        if node.valid_until is not None and node.valid_until < today:
            factor[i] *= ENDED_FACTOR
    gi.factor = factor
    sources: dict[str, set[int]] = {}
    for e in m.edges:
        pos = gi.search.position(e.source)
        if pos is not None and e.target in m.nodes:
            sources.setdefault(e.type, set()).add(pos)
    gi.relation_sources = {t: sorted(p) for t, p in sources.items()}
    return gi


def fallback_lexicon_terms(name: str) -> list[str]:
    """Terms for a theme the lexicon does not list: its name and its longer words."""
    words = [w for w in re.split(r"[\s,/]+", name) if len(w) >= 4 and fold(w) not in STOPWORDS]
    return list(dict.fromkeys([name, *words]))


_INDEXES: weakref.WeakKeyDictionary[Map, GuideIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def guide_index_for(m: Map, lexicon: Lexicon) -> GuideIndex:
    """The guide's index for ``m`` and ``lexicon``, built once and kept while ``m`` lives."""
    gi = _INDEXES.get(m)
    if gi is None or gi.lexicon is not lexicon:
        with _LOCK:
            gi = _INDEXES.get(m)
            if gi is None or gi.lexicon is not lexicon:
                gi = build_guide_index(m, lexicon)
                _INDEXES[m] = gi
    return gi


def forget_answers(m: Map) -> None:
    """Empty the per-map caches of word expansions and paths (benchmarks measure cold runs)."""
    gi = _INDEXES.get(m)
    if gi is not None:
        gi.paths.clear()
    index_for(m).clear_word_cache()


def default_lexicon(m: Map) -> Lexicon:
    """The packaged lexicon (``data/lexicon.yaml``), or the map's theme names only."""
    path = packaged_lexicon_path()
    if path.exists():
        try:
            return load_lexicon_cached(path)
        except LexiconError as exc:
            log.warning("lexicon not used: %s", exc)
    return _fallback_for(m)


_FALLBACKS: weakref.WeakKeyDictionary[Map, Lexicon] = weakref.WeakKeyDictionary()


def _fallback_for(m: Map) -> Lexicon:
    lex = _FALLBACKS.get(m)
    if lex is None:
        lex = fallback_lexicon(m)
        _FALLBACKS[m] = lex
    return lex


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


def read_question(gi: GuideIndex, q: str) -> Reading:
    """Themes, askers, needs, content words and named bodies found in a question."""
    reading = Reading()
    tokens = _question_tokens(q)
    folded = [t for t, _ in tokens]
    stems = [stem(t) for t in folded]
    sections = {"theme": reading.themes, "asker": reading.askers, "need": reading.needs}

    def found(term: _Term, strength: float, word: str) -> None:
        _record(sections[term.section], term.key, strength, word)

    ignored = STOPWORDS | gi.ignore
    for i, (token, raw) in enumerate(tokens):
        for n in range(2, gi.max_phrase + 1):
            key = tuple(stems[i : i + n])
            if len(key) == n:
                for term in gi.phrases.get(key, ()):
                    words = " ".join(raw for _, raw in tokens[i : i + n])
                    found(term, S_PHRASE, words)
        if token in ignored:
            continue
        for f in forms(token):
            for term in gi.exact.get(f, ()):
                found(term, S_EXACT, raw)
        for prefix, term in gi.starts:
            if token.startswith(prefix):
                found(term, S_PREFIX, raw)
        for candidate in {token, stems[i]}:
            for k in range(MIN_COMPOUND, len(candidate) - 1):
                for term in gi.compound.get(candidate[:k], ()):
                    found(term, S_COMPOUND, raw)
                for term in gi.compound.get(candidate[-k:], ()):
                    found(term, S_COMPOUND, raw)
    content = [t for t in dict.fromkeys(folded) if t not in ignored and len(t) > 1]
    reading.content = gi.search.split_unknown(content[:24])
    reading.originals = {t: raw for t, raw in reversed(tokens)}
    reading.named = _named_bodies(gi.search, tokens)
    return reading


def _named_bodies(idx: SearchIndex, tokens: list[tuple[str, str]]) -> dict[int, str]:
    """Bodies whose name or alias appears word for word in the question."""
    named: dict[int, str] = {}
    folded = [t for t, _ in tokens]
    stems = [stem(t) for t in folded]
    longest = min(idx.max_phrase, 10)
    for i in range(len(tokens)):
        for n in range(1, longest + 1):
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


def _neighbours(m: Map, gi: GuideIndex) -> list[list[int]]:
    """Undirected adjacency by index position, built on first use."""
    if gi.neighbours is None:
        adjacency: list[set[int]] = [set() for _ in gi.search.ids]
        for e in m.edges:
            a, b = gi.search.position(e.source), gi.search.position(e.target)
            if a is not None and b is not None and a != b:
                adjacency[a].add(b)
                adjacency[b].add(a)
        gi.neighbours = [sorted(s) for s in adjacency]
    return gi.neighbours


def _distances(m: Map, gi: GuideIndex, start: int, depth: int = 3) -> dict[int, int]:
    """Undirected distance (in steps) from position ``start`` to every node within ``depth``."""
    adjacency = _neighbours(m, gi)
    dist = {start: 0}
    frontier = [start]
    for d in range(1, depth + 1):
        nxt: list[int] = []
        for current in frontier:
            for other in adjacency[current]:
                if other not in dist:
                    dist[other] = d
                    nxt.append(other)
        frontier = nxt
    return dist


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
        audiences.add(audience)
        if audience in m.audiences:
            label = m.audiences[audience].name
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


def _theme_strengths(
    m: Map, lex: Lexicon, reading: Reading, theme: str | None, asked: _Asked
) -> dict[str, tuple[float, str]]:
    """Each theme's strength and how it was found (for the sentence)."""
    out: dict[str, tuple[float, str]] = {}

    def offer(theme_id: str, strength: float, how: str) -> None:
        if theme_id in m.themes and strength > out.get(theme_id, (0.0, ""))[0]:
            out[theme_id] = (strength, how)

    for theme_id, hit in reading.themes.items():
        weight = lex.themes[theme_id].weight if theme_id in lex.themes else 1.0
        strength = weight * min(hit.strength + 0.2 * (hit.count - 1), THEME_CAP)
        offer(theme_id, strength, _the_words(hit.word))
    for need_id, hit in reading.needs.items():
        for theme_id in lex.needs[need_id].themes:
            offer(theme_id, NEED_THEME_STRENGTH * hit.strength, _the_words(hit.word))
    for key in asked.askers:
        for theme_id in lex.audiences[key].themes:
            offer(theme_id, ASKER_THEME_STRENGTH, f"som hör till {lex.audiences[key].name}")
    if theme:
        offer(theme, CHOSEN_THEME_STRENGTH, "det valda temat")
    return out


def guide(
    m: Map,
    q: str | None,
    *,
    theme: str | None = None,
    audience: str | None = None,
    from_id: str | None = None,
    limit: int = 10,
    lexicon: Lexicon | None = None,
) -> list[GuideAnswer]:
    """Ranked entry points for a question in Swedish, each with why and a path to decision.

    ``theme`` (a theme id), ``audience`` (an audience id, or an asker key of the
    lexicon) and ``from_id`` (the asker's own organisation) are optional; ids the map
    does not have are ignored.  Without a lexicon the packaged ``data/lexicon.yaml`` is
    used, or the map's theme names when there is none.
    """
    if limit <= 0 or not m.data.nodes:
        return []
    lex = lexicon if lexicon is not None else default_lexicon(m)
    gi = guide_index_for(m, lex)
    reading = read_question(gi, q or "")
    asked = _asker(m, lex, audience, reading)
    themes = _theme_strengths(m, lex, reading, theme, asked)
    n = gi.search.size

    theme_vec = np.zeros(n)
    for theme_id, (strength, _) in themes.items():
        theme_vec[gi.theme_nodes.get(theme_id, [])] += strength
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
    for need_id, hit in reading.needs.items():
        for rel in lex.needs[need_id].relations:
            where = gi.relation_sources.get(rel.value, [])
            need_vec[where] = np.maximum(need_vec[where], min(hit.strength, 1.0))

    near_vec = np.zeros(n)
    distances: dict[int, int] = {}
    own = gi.search.position(from_id) if from_id else None
    if own is not None:
        distances = _distances(m, gi, own)
        for p, d in distances.items():
            near_vec[p] = NEAR_BY_DISTANCE.get(d, 0.0)

    relevant = (theme_vec > 0) | (text_vec > 0) | (named_vec > 0)
    if not relevant.any():
        relevant = (audience_vec > 0) | (near_vec > 0)
    fallback = not relevant.any()
    if fallback:
        relevant = gi.entry.copy()
        if not relevant.any():
            relevant = np.ones(n, dtype=bool)
    if own is not None:
        relevant[own] = False

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

    scored = _with_paths(m, gi, raw, limit)

    context = _Context(m, lex, reading, asked, themes, matches, distances, from_id, fallback)
    answers: list[GuideAnswer] = []
    for value, node_id, i, path in scored[:limit]:
        node = m.nodes[node_id]
        answers.append(
            GuideAnswer(
                id=node_id,
                name=node.name,
                kind=node.kind.value,
                score=round(min(1.0, max(0.0, float(value) / MAX_RAW)), 4),
                why=_why(context, i, path, float(need_vec[i])),
                path_to_decision=list(path),
            )
        )
    return answers


def _with_paths(
    m: Map, gi: GuideIndex, raw: FloatArray, limit: int
) -> list[tuple[float, str, int, list[str]]]:
    """The best ``limit`` candidates with the bonus for a path to a decision body.

    Paths are looked up best candidate first and only while the bonus could still lift a
    candidate into the top ``limit``.
    """
    order = sorted(_shortlist(raw, max(3 * limit, 30)), key=lambda i: (-raw[i], gi.search.ids[i]))
    scored: list[tuple[float, str, int, list[str]]] = []
    for i in order:
        if len(scored) >= limit:
            kth = heapq.nlargest(limit, (round(s[0], 9) for s in scored))[-1]
            if float(raw[i]) + W_DECISION < kth:
                break
        node_id = gi.search.ids[i]
        path = _decision_ids(m, gi, node_id)
        value = float(raw[i]) + (W_DECISION * float(gi.factor[i]) if path else 0.0)
        scored.append((value, node_id, i, path))
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
    distances: dict[int, int]
    from_id: str | None
    fallback: bool


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _the_words(word: str) -> str:
    """The words quoted: ordet 'klimatet', or orden 'Allmänna arvsfonden' for a phrase."""
    return f"orden '{word}'" if " " in word.strip() else f"ordet '{word}'"


def _as_written(originals: dict[str, str], token: str) -> str:
    """The question's word as the asker wrote it; a part of a split compound word
    ("aldre" from "äldreomsorgen") is shown as the whole word, with its diacritics."""
    if token in originals:
        return originals[token]
    whole = [raw for folded, raw in originals.items() if token in folded]
    return min(whole, key=len) if whole else token


def _why(c: _Context, i: int, path: list[str], need: float) -> str:
    """One Swedish sentence: what matched, for whom, and where decisions are taken."""
    m = c.m
    node = m.data.nodes[i]
    if c.fallback:
        sentence = (
            f"Inget i frågan kändes igen, men {node.name} är markerad som en bra första ingång"
        )
        return f"{sentence}; {_decision_clause(m, node.id, path)}."
    parts: list[str] = []
    if i in c.reading.named:
        parts.append(f"frågan nämner {node.name}")
    matched = [t for t in node.themes if t in c.themes]
    if matched:
        described = [f"{m.themes[t].name} ({c.themes[t][1]})" for t in matched[:3]]
        word = "temat" if len(described) == 1 else "temana"
        parts.append(f"matchar {word} {_join(described)}")
    theme_words = {fold(h.word) for h in c.reading.themes.values()}
    words = [
        _as_written(c.reading.originals, mt.token)
        for mt in c.matches
        if mt.values[i] > 0.3 and mt.token not in theme_words
    ]
    words = [w for w in words if fold(w) not in theme_words]
    if words and i not in c.reading.named:
        quoted = _join([f"'{w}'" for w in dict.fromkeys(words)][:3])
        parts.append(f"beskrivningen svarar mot {quoted}")
    shared = sorted(set(node.audiences) & c.asked.audiences)
    if shared:
        names = [_lower_first(m.audiences[a].name) for a in shared if a in m.audiences]
        parts.append(f"är en ingång för {_join(names[:2] or [c.asked.label or 'er'])}")
    elif node.entry_point:
        parts.append("är markerad som en bra första ingång")
    if need > 0:
        parts.extend(_need_parts(c, node.id, node.kind.value))
    if c.from_id and i in c.distances and c.from_id in m.nodes:
        d = c.distances[i]
        origin = m.nodes[c.from_id].name
        parts.append(
            f"har en direkt koppling till {origin}" if d == 1 else f"ligger {d} steg från {origin}"
        )
    if not parts:
        parts.append(f"är {_article(node.kind.value)} {kind_label(node.kind.value)}")
    sentence = _join(parts)
    sentence = sentence[:1].upper() + sentence[1:]
    return f"{sentence}; {_decision_clause(m, node.id, path)}."


def _need_parts(c: _Context, node_id: str, kind: str) -> list[str]:
    """'passar frågor om pengar och bidrag' and what the body does that fits the need."""
    parts: list[str] = []
    names: list[str] = []
    for key in c.reading.needs:
        need = c.lex.needs[key]
        types = {r.value for r in need.relations}
        edge = next((e for e in c.m.outgoing.get(node_id, ()) if e.type in types), None)
        if edge is not None and edge.target in c.m.nodes:
            target = c.m.nodes[edge.target].name
            parts.append(f"{edge.label or relation_label(edge.type)} {target}")
        if kind in {k.value for k in need.kinds} or edge is not None:
            names.append(need.name)
    if names:
        parts.insert(0, f"passar frågor om {_join(names[:2])}")
    return parts[:2]


_NEUTER = frozenset(
    {"council", "forum", "network", "project", "assignment", "event", "program", "tool"}
    | {"company", "party", "decision_body"}
)


def _article(kind: str) -> str:
    """The Swedish indefinite article of a kind's label ("ett nätverk", "en förvaltning")."""
    return "ett" if kind in _NEUTER else "en"


def _decision_clause(m: Map, node_id: str, path: list[str]) -> str:
    names = [m.nodes[p].name for p in path if p in m.nodes]
    if not path:
        return "kartan visar ingen väg härifrån till ett beslutande organ"
    if len(path) == 1 and m.nodes[node_id].kind.value in DECISION_KINDS:
        return "det är självt ett beslutande organ"
    if len(names) == 2:
        return f"beslut fattas i {names[-1]}"
    return f"vägen till beslut går via {_join(names[1:-1])} till {names[-1]}"
