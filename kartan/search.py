"""Search the map by name, alias, word or near-miss: the search box of the UI and the API.

Matching is case- and diacritic-insensitive (``ö`` and ``o`` are the same letter here),
words are reduced to their Swedish stem (Snowball), aliases and abbreviations count
like names, parts of compound words are found, and typos are forgiven (rapidfuzz).
Hits are ranked in tiers: the exact id, name or alias; then a name or alias that starts
with the query; then a name one or two letters away from the query (a typo of a name puts
that body first); then words of names, descriptions and themes (near misses last); ties
by name and id.  The "Sök" box, ``/api/search``, ``/api/nodes?q=`` and the guide's
matching all use this one engine.

An index is built once per :class:`~kartan.map.Map` object and kept as long as the map
lives, so that one query costs a few dictionary look-ups.

Examples
--------
>>> from kartan.model import MapFile
>>> raw = {"schema_version": 1, "map": {"title": "T", "owner": "ks"},
...        "sources": [{"id": "s", "title": "S"}],
...        "nodes": [{"id": "ks", "kind": "decision_body", "name": "Kommunstyrelsen",
...                   "aliases": ["KS"], "sources": ["s"]}]}
>>> m = Map(MapFile.model_validate(raw))
>>> [(h.id, h.matched) for h in search(m, "KS")]
[('ks', 'alias')]
>>> [(h.id, h.matched) for h in search(m, "kommunstyrelse")]
[('ks', 'namn')]
>>> [(h.id, h.matched) for h in search(m, "komunstyrelsen")]
[('ks', 'ungefärlig träff')]
>>> did_you_mean(m, "Komunstyrelsn")
'Kommunstyrelsen'
"""

from __future__ import annotations

import bisect
import math
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kartan.labels import kind_label
from kartan.map import Map, remembered

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 24
MAX_PREFIX_SCAN = 400
MAX_CACHED_WORDS = 20_000
MIN_FUZZY = 5
MIN_PART = 3
SHORT_NAME_BONUS = 0.03
MIN_COMPOUND = 5
FUZZY_CUTOFF = 78.0
MIN_FUZZY_NAME = 4
NAME_TYPOS = 2
SUGGEST_CUTOFF = 72.0

# Field weights: a word in the name counts more than one in the description.
W_NAME = 1.0
W_ALIAS = 0.9
W_DESCRIPTION = 0.5
W_TAKE_PART = 0.4
W_THEME = 0.35
W_KIND = 0.3

# Match quality of a query word against a word of the index.
Q_EXACT = 1.0
Q_PREFIX = 0.8
Q_COMPOUND = 0.75
Q_FUZZY = 0.6

# Common Swedish words that say nothing about what is sought.
_STOPWORD_TEXT = """
    och i att det som en pa ar av for med till den har de inte om ett han men var jag sa
    fran vi kan man nar ska skall eller bara hur vad vart vem vilka vilken vilket dar da
    nagon nagot nagra alla mycket sig sin sitt sina min mitt mina din ditt dina er ert era
    oss vara vart vart hon dem deras dess hans hennes mig dig sig ni du nu ocksa efter
    under over mot utan genom hos ju bli blir blev varit ha hade finns fa far gar gor
    vill ville kunde skulle maste mer mest sadan sadana denna detta dessa sjalv sjalva
    inom kring vid samt annan andra annat hit dit in ut
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

# Common English words that say nothing about what is sought.
_STOPWORD_TEXT_EN = """
    the and of to a an in on for with is are was were be been being we our ours you your
    it its this that these those at by from as or can could do does did who what where
    when how which whom whose there any i my me us they them their have has had not no
    about into out up get want wants would should will just so if than then also some
    all more most other such only own same too very s t don let lets like need needs
    please hi hello
"""
STOPWORDS_EN: frozenset[str] = frozenset(_STOPWORD_TEXT_EN.split())

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"})


@lru_cache(maxsize=50_000)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    chars = [c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)]
    return " ".join("".join(chars).split())


def fold(text: str) -> str:
    """Lower-case ``text``, drop diacritics and punctuation, and collapse spaces.

    >>> fold("  Ängby Föreningsråd – RF-SISU ")
    'angby foreningsrad rf sisu'
    """
    return _fold_cached(text) if len(text) <= 200 else _fold(text)


def words(text: str) -> list[str]:
    """The folded words of ``text``.

    >>> words("Vi är en idrottsförening!")
    ['vi', 'ar', 'en', 'idrottsforening']
    """
    return fold(text).split()


_local = threading.local()


def _snowball(word: str, language: str) -> str:
    """Stem ``word`` with this thread's Snowball stemmer for ``language`` (one a thread:
    a stemmer is not safe to share)."""
    stemmers: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(language)
    result: str = stemmer.stemWord(word)
    return result


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Swedish Snowball stem of a folded word.

    >>> stem("kommunstyrelsen"), stem("kommunstyrelse")
    ('kommunstyr', 'kommunstyr')
    """
    return _snowball(word, "swedish")


@lru_cache(maxsize=50_000)
def stem_en(word: str) -> str:
    """The English Snowball stem of a folded word.

    >>> stem_en("volunteers"), stem_en("grants")
    ('volunt', 'grant')
    """
    return _snowball(word, "english")


def forms(word: str, lang: str = "sv") -> tuple[str, ...]:
    """A folded word and its stem (once when they are the same); English stems for "en"."""
    s = stem_en(word) if lang == "en" else stem(word)
    return (word,) if s == word else (word, s)


@lru_cache(maxsize=50_000)
def lemma(word: str, lang: str = "sv") -> str:
    """The dictionary form of a word as written (simplemma), folded.

    >>> lemma("idrottshallarna"), lemma("församlingar"), lemma("churches", "en")
    ('idrottshall', 'forsamling', 'church')
    """
    try:
        import simplemma
    except ModuleNotFoundError:  # pragma: no cover - optional at run time
        return fold(word)
    try:
        return fold(simplemma.lemmatize(word.lower(), lang=lang))
    except (ValueError, KeyError):  # pragma: no cover - unknown language data
        return fold(word)


def split_known(
    word: str, known: Callable[[str], bool], *, min_part: int = MIN_PART, depth: int = 2
) -> list[str] | None:
    """A compound word split into known parts, left to right, with the Swedish linking
    letters ``s`` and ``e`` dropped: 'idrottshall' -> ['idrott', 'hall'].

    The split with the fewest and most even parts wins; None when there is none.

    >>> split_known("idrottshall", {"idrott", "hall"}.__contains__)
    ['idrott', 'hall']
    >>> split_known("sommarungdomsprojekt", {"sommar", "ungdom", "projekt"}.__contains__)
    ['sommar', 'ungdom', 'projekt']
    """
    best: tuple[int, int, list[str]] | None = None
    for k in range(min_part, len(word) - min_part + 1):
        right = word[k:]
        left = word[:k]
        for part in (left, left[:-1] if left[-1:] in ("s", "e") else ""):
            if len(part) < min_part or not known(part):
                continue
            if known(right):
                rest: list[str] | None = [right]
            elif depth > 1:
                rest = split_known(right, known, min_part=min_part, depth=depth - 1)
            else:
                rest = None
            if rest:
                parts = [part, *rest]
                key = (len(parts), -min(len(p) for p in parts))
                if best is None or key < best[:2]:
                    best = (key[0], key[1], parts)
    return best[2] if best else None


MIN_SAME_WORD = 4


def same_word(a: str, b: str) -> bool:
    """Two stems name the same word when one begins the other and the shorter has four
    letters or more (how needs and matters meet a question).

    >>> same_word("lokal", "lokalfrag"), same_word("ung", "ungdom"), same_word("kart", "kartan")
    (True, False, True)
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_SAME_WORD and long.startswith(short)


class WordSets:
    """Sets of stems (one per text: a need, a matter's title) indexed for
    :func:`same_word`: which texts have a word that is the same word as a given stem,
    found by look-ups instead of comparing the stem with every word of every text.

    >>> ws = WordSets([{"lokalfrag", "idrott"}, {"lok"}, {"kartan"}])
    >>> ws.having("lokal"), ws.having("lok"), ws.having("kartbild"), ws.having("kart")
    ([0], [], [], [2])
    """

    def __init__(self, sets: list[set[str]]) -> None:
        self.sets = sets
        self.owners: dict[str, list[int]] = {}
        for i, words_of in enumerate(sets):
            for w in words_of:
                self.owners.setdefault(w, []).append(i)
        self.vocab = sorted(self.owners)

    def having(self, word: str) -> list[int]:
        """The texts (positions, ascending) with a word that is the same word as ``word``."""
        if len(word) < MIN_SAME_WORD:
            return []
        found: set[int] = set()
        # a word of the text that begins ``word`` (four letters or more) ...
        for k in range(MIN_SAME_WORD, len(word) + 1):
            found.update(self.owners.get(word[:k], ()))
        # ... or a word of the text that ``word`` begins
        start = bisect.bisect_left(self.vocab, word)
        for w in self.vocab[start:]:
            if not w.startswith(word):
                break
            found.update(self.owners[w])
        return sorted(found)


@dataclass(frozen=True)
class SearchHit:
    """One hit: the node, a score from 0 to 1 and what matched (in Swedish)."""

    id: str
    name: str
    kind: str
    score: float
    matched: str


@dataclass
class TokenMatch:
    """How well one query word matches each node (a vector over the index's nodes)."""

    token: str
    values: FloatArray
    fuzzy: BoolArray
    idf: float

    def nodes(self) -> dict[int, float]:
        """The matched node positions and their match values."""
        hit = np.flatnonzero(self.values)
        return dict(zip(hit.tolist(), self.values[hit].tolist(), strict=True))


@dataclass
class SearchIndex:
    """Look-up tables for one map, built by :func:`index_for`."""

    ids: list[str]
    names: list[str]
    kinds: list[str]
    sort_names: list[str] = field(default_factory=list)
    shortness: FloatArray = field(default_factory=lambda: np.zeros(0))
    name_keys: dict[str, list[int]] = field(default_factory=dict)
    alias_keys: dict[str, list[int]] = field(default_factory=dict)
    stem_name_keys: dict[str, list[int]] = field(default_factory=dict)
    stem_alias_keys: dict[str, list[int]] = field(default_factory=dict)
    prefix_keys: list[tuple[str, int, int]] = field(default_factory=list)
    postings: dict[str, tuple[IntArray, FloatArray]] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    vocab_by_len: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    heads: dict[str, list[str]] = field(default_factory=dict)
    max_phrase: int = 1
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_owner: list[tuple[int, int]] = field(default_factory=list)
    fuzzy_buckets: dict[tuple[int, str, int], list[int]] = field(default_factory=dict)
    _raw: dict[str, dict[int, float]] = field(default_factory=dict, repr=False)
    _expansions: dict[str, tuple[dict[str, float], frozenset[str]]] = field(
        default_factory=dict, repr=False
    )

    @property
    def size(self) -> int:
        return len(self.ids)

    def position(self, node_id: str) -> int | None:
        """The position of a node id in this index (None when unknown)."""
        positions: dict[str, int] | None = self.__dict__.get("_positions")
        if positions is None:
            positions = {node_id: i for i, node_id in enumerate(self.ids)}
            self.__dict__["_positions"] = positions
        return positions.get(node_id)

    # -- building ---------------------------------------------------------------------

    def _add_key(self, table: dict[str, list[int]], key: str, i: int) -> None:
        if key:
            bucket = table.setdefault(key, [])
            if not bucket or bucket[-1] != i:
                bucket.append(i)

    def _add_words(self, i: int, text: str | None, weight: float, lang: str = "sv") -> None:
        if not text:
            return
        for w in words(text):
            for f in forms(w, lang):
                posting = self._raw.setdefault(f, {})
                if posting.get(i, 0.0) < weight:
                    posting[i] = weight

    def _add_name(self, i: int, text: str, *, alias: bool, prefix: bool = True) -> None:
        key = fold(text)
        if not key:
            return
        tokens = key.split()
        self.max_phrase = max(self.max_phrase, len(tokens))
        keys = self.alias_keys if alias else self.name_keys
        stems = self.stem_alias_keys if alias else self.stem_name_keys
        self._add_key(keys, key, i)
        compact = key.replace(" ", "")
        if compact != key:
            self._add_key(keys, compact, i)
        self._add_key(stems, " ".join(stem(t) for t in tokens), i)
        if prefix:
            self.prefix_keys.append((key, int(alias), i))

    def _finish(self) -> None:
        self.sort_names = [fold(n) for n in self.names]
        self.shortness = np.array([1.0 / max(1, len(n.split())) for n in self.sort_names])
        self.prefix_keys.sort()
        for w, posting in self._raw.items():
            self.postings[w] = (
                np.fromiter(posting.keys(), dtype=np.int64, count=len(posting)),
                np.fromiter(posting.values(), dtype=np.float64, count=len(posting)),
            )
        self._raw = {}
        vocab = sorted(w for w in self.postings if len(w) >= 3 and not w.isdigit())
        self.vocab = vocab
        for w in vocab:
            self.vocab_by_len.setdefault((w[0], len(w)), []).append(w)
            for k in range(MIN_COMPOUND, len(w) - 1):
                self.heads.setdefault(w[-k:], []).append(w)
        self._build_fuzzy()

    # -- querying ---------------------------------------------------------------------

    def expand(self, token: str) -> tuple[dict[str, float], frozenset[str]]:
        """Index words that the folded word ``token`` matches, with their match quality,
        and which of them are near misses (cached per index)."""
        cached = self._expansions.get(token)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        for f in forms(token):
            if f in self.postings:
                found[f] = Q_EXACT
        if len(token) >= 3 and not token.isdigit():
            base = stem(token)
            starts = [token] if len(base) < MIN_COMPOUND or base == token else [token, base]
            for start_word in starts:
                start = bisect.bisect_left(self.vocab, start_word)
                for w in self.vocab[start : start + 60]:
                    if not w.startswith(start_word):
                        break
                    found.setdefault(w, Q_PREFIX)
        if len(token) >= MIN_COMPOUND:
            for f in forms(token):
                for w in self.heads.get(f, ()):
                    found.setdefault(w, Q_COMPOUND)
        fuzzy_words: set[str] = set()
        if not found and len(token) >= MIN_FUZZY and not token.isdigit():
            for w, sim in self._near(token):
                found[w] = Q_FUZZY * sim / 100.0
                fuzzy_words.add(w)
        result = (found, frozenset(fuzzy_words))
        if len(self._expansions) >= MAX_CACHED_WORDS:
            self._expansions.clear()
        self._expansions[token] = result
        return result

    def clear_word_cache(self) -> None:
        """Forget how words were expanded (stems, compounds, near misses)."""
        self._expansions.clear()

    def _known(self, word: str) -> bool:
        return any(f in self.postings for f in forms(word))

    def split_compound(self, token: str) -> list[str] | None:
        """Two known words that make up an unknown compound: 'klimatforum' -> klimat, forum.

        A linking ``s`` is dropped ('idrottsnätverk' -> idrott, natverk); the most even
        split wins.
        """
        if len(token) < 2 * MIN_PART or token.isdigit():
            return None
        best: tuple[int, list[str]] | None = None
        for k in range(MIN_PART, len(token) - MIN_PART + 1):
            right = token[k:]
            if not self._known(right):
                continue
            left = token[:k]
            for part in (left, left[:-1] if left.endswith("s") else ""):
                if len(part) >= MIN_PART and self._known(part):
                    even = min(len(part), len(right))
                    if best is None or even > best[0]:
                        best = (even, [part, right])
        return best[1] if best else None

    def split_unknown(self, tokens: Iterable[str]) -> list[str]:
        """The words, with each word the index does not know split into known parts."""
        out: list[str] = []
        for t in tokens:
            found, fuzzy = self.expand(t)
            parts = None if found and len(fuzzy) < len(found) else self.split_compound(t)
            out.extend(parts or [t])
        return list(dict.fromkeys(out))

    def match_token(self, token: str) -> TokenMatch:
        """How well the folded word ``token`` matches each node: exactly, in part or nearly."""
        found, fuzzy_words = self.expand(token)
        values = np.zeros(self.size)
        fuzzy = np.zeros(self.size, dtype=bool)
        for w, quality in found.items():
            where, weights = self.postings[w]
            better = weights * quality > values[where]
            values[where[better]] = weights[better] * quality
            fuzzy[where[better]] = w in fuzzy_words
        matched = int(np.count_nonzero(values))
        idf = math.log(1.0 + self.size / (1.0 + matched))
        return TokenMatch(token, values, fuzzy, idf)

    def _near(self, token: str) -> list[tuple[str, float]]:
        n = len(token)
        pool: list[str] = []
        for length in range(max(3, n - 2), n + 3):
            pool.extend(self.vocab_by_len.get((token[0], length), ()))
        if not pool:
            return []
        got = process.extract(token, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
        return [(w, float(sim)) for w, sim, _ in got]

    def word_scores(self, tokens: Iterable[str]) -> tuple[FloatArray, BoolArray]:
        """Coverage of the query words per node (0..1, idf-weighted) and whether mostly fuzzy."""
        matches = [self.match_token(t) for t in tokens]
        total_idf = sum(m.idf for m in matches) or 1.0
        score = np.zeros(self.size)
        fuzzy_part = np.zeros(self.size)
        for m in matches:
            score += m.idf * m.values
            fuzzy_part += np.where(m.fuzzy, m.idf * m.values, 0.0)
        return score / total_idf, fuzzy_part * 2 > score

    def search(self, q: str, limit: int = 20) -> list[SearchHit]:
        """Ranked hits for the query ``q`` (see :func:`search`)."""
        if limit <= 0:
            return []
        key = fold(q[:MAX_QUERY_CHARS])
        if not key:
            return []
        best: dict[int, tuple[float, str]] = {}

        def offer(i: int, score: float, label: str) -> None:
            if score > best.get(i, (-1.0, ""))[0]:
                best[i] = (score, label)

        compact = key.replace(" ", "")
        for k in {key, compact}:
            for i in self.name_keys.get(k, ()):
                offer(i, 1.0, "namn")
            for i in self.alias_keys.get(k, ()):
                offer(i, 0.95, "alias")
        tokens = key.split()
        stem_key = " ".join(stem(t) for t in tokens)
        for i in self.stem_name_keys.get(stem_key, ()):
            offer(i, 0.9, "namn")
        for i in self.stem_alias_keys.get(stem_key, ()):
            offer(i, 0.88, "alias")
        start = bisect.bisect_left(self.prefix_keys, (key, -1, -1))
        for k, is_alias, i in self.prefix_keys[start : start + MAX_PREFIX_SCAN]:
            if not k.startswith(key):
                break
            offer(i, 0.7 + 0.1 * len(key) / len(k) - 0.02 * is_alias, "prefix")
        for i, distance, is_alias in self.near_names(key):
            offer(i, 0.66 - 0.03 * distance - 0.01 * is_alias, "ungefärlig träff")
        scores, mostly_fuzzy = self.word_scores(self.split_unknown(_content_tokens(tokens)))
        band = np.where(mostly_fuzzy, 0.1 + 0.2 * scores, 0.25 + 0.33 * scores)
        band += SHORT_NAME_BONUS * self.shortness  # the same words in a shorter name: a bit better
        band[scores <= 0] = 0.0
        for i in self._top(band, limit):
            offer(i, float(band[i]), "ungefärlig träff" if mostly_fuzzy[i] else "ord")
        ranked = sorted(
            best.items(), key=lambda kv: (-kv[1][0], self.sort_names[kv[0]], self.ids[kv[0]])
        )
        return [
            SearchHit(
                id=self.ids[i],
                name=self.names[i],
                kind=self.kinds[i],
                score=round(min(1.0, max(0.0, s)), 4),
                matched=label,
            )
            for i, (s, label) in ranked[:limit]
        ]

    def near_names(self, key: str) -> list[tuple[int, int, int]]:
        """Nodes whose name or alias is one or two letters away from the folded query
        ``key`` (one letter for names under eight letters): (position, distance, alias)."""
        if len(key) < MIN_FUZZY_NAME:
            return []
        allowed = 1 if len(key) < 8 else NAME_TYPOS
        if not self.fuzzy_keys:
            self._build_fuzzy()
        # a name within ``allowed`` letters has a length within ``allowed`` and, unless the
        # typo hit both, the same first or second letter: look only there
        pool: set[int] = set()
        for length in range(len(key) - allowed, len(key) + allowed + 1):
            pool.update(self.fuzzy_buckets.get((0, key[0], length), ()))
            pool.update(self.fuzzy_buckets.get((1, key[1], length), ()))
        if not pool:
            return []
        where = sorted(pool)
        got = process.extract(
            key,
            [self.fuzzy_keys[w] for w in where],
            scorer=Levenshtein.distance,
            score_cutoff=allowed,
            limit=20,
        )
        out: list[tuple[int, int, int]] = []
        for _, distance, k in got:
            if distance == 0:
                continue
            i, is_alias = self.fuzzy_owner[where[k]]
            out.append((i, int(distance), is_alias))
        return out

    def _build_fuzzy(self) -> None:
        keys: list[str] = []
        owners: list[tuple[int, int]] = []
        for k, is_alias, i in self.prefix_keys:
            if len(k) >= MIN_FUZZY_NAME:
                keys.append(k)
                owners.append((i, is_alias))
        buckets: dict[tuple[int, str, int], list[int]] = {}
        for n, k in enumerate(keys):
            buckets.setdefault((0, k[0], len(k)), []).append(n)
            buckets.setdefault((1, k[1], len(k)), []).append(n)
        self.fuzzy_keys, self.fuzzy_owner, self.fuzzy_buckets = keys, owners, buckets

    def suggest(self, q: str) -> str | None:
        """The name closest to ``q`` when it is close enough to be a misspelling of it."""
        key = fold(q[:MAX_QUERY_CHARS])
        if len(key) < MIN_FUZZY_NAME:
            return None
        near = self.near_names(key)
        if near:
            return self.names[min(near, key=lambda t: (t[1], t[2], t[0]))[0]]
        pool = sorted(
            {
                n
                for length in range(max(1, len(key) - 3), len(key) + 4)
                for n in self.fuzzy_buckets.get((0, key[0], length), ())
            }
        )
        got = process.extractOne(
            key, [self.fuzzy_keys[n] for n in pool], scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF
        )
        if got is None:
            return None
        return self.names[self.fuzzy_owner[pool[got[2]]][0]]

    def _top(self, values: FloatArray, k: int) -> list[int]:
        """Positions of the ``k`` largest positive values, ties at the cut included."""
        positive = int(np.count_nonzero(values > 0))
        if positive == 0:
            return []
        if positive <= k:
            return np.flatnonzero(values > 0).tolist()
        cut = np.partition(values, -k)[-k]
        return np.flatnonzero(values >= cut).tolist()


def _content_tokens(tokens: list[str]) -> list[str]:
    """Unique query words without stop words (kept when there is nothing else)."""
    unique = list(dict.fromkeys(tokens))[:MAX_QUERY_TOKENS]
    content = [t for t in unique if t not in STOPWORDS and t not in STOPWORDS_EN]
    return content or unique


def build_index(m: Map) -> SearchIndex:
    """Build the search index of a map (use :func:`index_for` to get the cached one)."""
    nodes = m.data.nodes
    idx = SearchIndex(
        ids=[n.id for n in nodes],
        names=[n.name for n in nodes],
        kinds=[n.kind.value for n in nodes],
    )
    theme_names = {t.id: t.name for t in m.data.themes}
    theme_names_en = {t.id: t.name_en or "" for t in m.data.themes}
    for i, n in enumerate(nodes):
        idx._add_name(i, n.name, alias=False)
        idx._add_words(i, n.name, W_NAME)
        if n.name_en:
            idx._add_name(i, n.name_en, alias=True)
            idx._add_words(i, n.name_en, W_ALIAS, "en")
        idx._add_words(i, getattr(n, "description_en", None), W_DESCRIPTION, "en")
        idx._add_words(i, getattr(n, "how_to_take_part_en", None), W_TAKE_PART, "en")
        for alias in n.aliases:
            idx._add_name(i, alias, alias=True)
            idx._add_words(i, alias, W_ALIAS)
        idx._add_name(i, n.id, alias=True, prefix=False)
        idx._add_words(i, n.description, W_DESCRIPTION)
        idx._add_words(i, n.how_to_take_part, W_TAKE_PART)
        idx._add_words(i, " ".join(theme_names.get(t, t) for t in n.themes), W_THEME)
        idx._add_words(i, " ".join(theme_names_en.get(t, "") for t in n.themes), W_THEME, "en")
        idx._add_words(i, kind_label(n.kind.value), W_KIND)
    idx._finish()
    return idx


def index_for(m: Map) -> SearchIndex:
    """The search index of ``m``, built on first use and kept while ``m`` lives."""
    return remembered(m, ("search_index",), lambda: build_index(m))


def search(m: Map, q: str, *, limit: int = 20) -> list[SearchHit]:
    """Find nodes by name, alias, word or near-miss, best first.

    An empty or blank query gives no hits; a very long one is cut to its first
    ``MAX_QUERY_CHARS`` characters.
    """
    if not q or not q.strip():
        return []
    return index_for(m).search(q, limit)


def did_you_mean(m: Map, q: str) -> str | None:
    """A name on the map that ``q`` looks like a misspelling of ("menade du …"), or None."""
    if not q or not q.strip():
        return None
    return index_for(m).suggest(q)
