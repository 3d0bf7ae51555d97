"""Needs: what the minutes say people need, and which bodies take each need up (issue 14).

The data are the ``needs`` section of the data file (:class:`kartan.model.Need`).  This
module holds the views the API, the pages, the guide, the analysis and the exports share:

* :func:`needs_at` -- the needs as they stood on a date (voiced by then; only the bodies
  that took them up by then and are on the map then);
* :func:`select_needs` -- filtering by theme, status, who raised it and date;
* :func:`need_status` -- ``taken_up`` or ``unmet`` (no body takes it up: no forum);
* :func:`needs_taken_up_by` / :func:`needs_raised_by` -- the needs on a body's page;
* :func:`unmet_by_theme` -- the analysis's "needs without a forum", counted per theme;
* :func:`match_needs` -- needs that share words with a free-text question (the guide's
  "Andra har lyft samma sak").

A need without ``taken_up_by`` is not necessarily unmet in the world: the minutes do not
say that any body takes it up.  The pages say so in those words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from kartan.map import Map, remembered
from kartan.model import Need
from kartan.search import STOPWORDS, WordSets, stem, words

NeedStatus = Literal["taken_up", "unmet"]
STATUSES: tuple[NeedStatus, ...] = ("taken_up", "unmet")


def need_status(need: Need) -> NeedStatus:
    """``taken_up`` when some body takes the need up, else ``unmet`` (no forum)."""
    return "taken_up" if need.taken_up_by else "unmet"


def needs_at(m: Map, day: dt.date | None) -> list[Need]:
    """The needs as they stood on ``day`` (all of them when ``day`` is None).

    A need counts once it was voiced (``date`` on or before ``day``; an undated need
    always counts).  Of its ``taken_up_by`` only those valid on ``day`` whose body is on
    the map are kept, so a need taken up later shows as without a forum before that.
    """
    out: list[Need] = []
    for need in m.data.needs:
        if day is not None and need.date is not None and need.date > day:
            continue
        kept = [t for t in need.taken_up_by if t.id in m.nodes and (day is None or t.valid_on(day))]
        if len(kept) != len(need.taken_up_by):
            need = need.model_copy(update={"taken_up_by": kept})
        out.append(need)
    return out


def select_needs(
    m: Map,
    *,
    theme: str | None = None,
    status: str | None = None,
    raised_by: str | None = None,
    kind: str | None = None,
    at: dt.date | None = None,
) -> list[Need]:
    """The needs that match every filter given, in file order."""
    return [
        n
        for n in needs_at(m, at)
        if (not theme or theme in n.themes)
        and (not status or need_status(n) == status)
        and (not raised_by or raised_by in n.raised_by)
        and (not kind or n.kind.value == kind)
    ]


def needs_taken_up_by(m: Map, node_id: str, at: dt.date | None = None) -> list[Need]:
    """The needs a body takes up ("Frågor som tas upp här")."""
    return [n for n in needs_at(m, at) if any(t.id == node_id for t in n.taken_up_by)]


def needs_raised_by(m: Map, actor_id: str, at: dt.date | None = None) -> list[Need]:
    """The needs a body, organisation or audience raised."""
    return [n for n in needs_at(m, at) if actor_id in n.raised_by]


def raisers(m: Map) -> list[str]:
    """Every id that raised some need (audiences and nodes), in order of first use."""
    seen: dict[str, None] = {}
    for need in m.data.needs:
        for who in need.raised_by:
            seen.setdefault(who, None)
    return list(seen)


@dataclass(frozen=True)
class ThemeCount:
    """Needs of one theme: how many, and how many have no body taking them up."""

    theme: str
    total: int
    unmet: int
    unmet_ids: tuple[str, ...]


def unmet_by_theme(m: Map, at: dt.date | None = None) -> list[ThemeCount]:
    """Per theme (themes with needs only): total needs and needs without a forum.

    Themes with the most needs without a forum come first.  A need with several themes
    counts under each; a need without themes counts under ``""``.
    """
    totals: dict[str, int] = {}
    unmet: dict[str, list[str]] = {}
    for need in needs_at(m, at):
        for theme in need.themes or [""]:
            totals[theme] = totals.get(theme, 0) + 1
            if need_status(need) == "unmet":
                unmet.setdefault(theme, []).append(need.id)
    rows = [
        ThemeCount(t, n, len(unmet.get(t, [])), tuple(unmet.get(t, []))) for t, n in totals.items()
    ]
    rows.sort(key=lambda r: (-r.unmet, -r.total, r.theme))
    return rows


# --------------------------------------------------------------------------- matching

# Words that every need and every question shares: they say nothing about which need.
_COMMON_TEXT = """
    behov behova behover behovs civilsamhallet civila samhallet samhalle foreningar forening
    foreningen organisation organisationer samverkan samverka kommun kommunen radet
    samverkansradet fraga fragan fragor hur vill vilka vilken var kan ska skulle mer fler
    need needs civil society association associations collaboration municipality council
    question how want more
    lokalt locally
"""
_COMMON = frozenset(_COMMON_TEXT.split())


def _common(m: Map) -> frozenset[str]:
    """The common words, with the name of the map's municipality (every need is there)."""
    return _COMMON | frozenset(words(m.data.map.municipality or ""))


def _stems(text: str, common: frozenset[str] = _COMMON) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and w not in common and len(w) > 2}


def _need_words(m: Map) -> WordSets:
    """The stems of every need (Swedish and English text), indexed once per map."""

    def make() -> WordSets:
        common = _common(m)
        return WordSets(
            [_stems(n.text, common) | _stems(n.text_en or "", common) for n in m.data.needs]
        )

    return remembered(m, ("need_words",), make)


def match_needs(m: Map, question: str, limit: int = 3) -> list[Need]:
    """Needs whose words meet a free-text question's content words, best first.

    Words are folded and stemmed ('lokaler' meets 'Lokalfrågor'); words every need
    shares (behov, civilsamhället, samverkan ...) do not count.  The score is the share
    of the question's words found in the need, so a short, exact need beats a long list;
    needs scoring under three quarters of the best are left out.
    """
    asked = _stems(question, _common(m))
    if not asked:
        return []
    index = _need_words(m)
    shared: dict[int, int] = {}  # need position -> how many of the asked words it has
    for a in asked:
        for i in index.having(a):
            shared[i] = shared.get(i, 0) + 1
    needs = m.data.needs
    scored: list[tuple[float, int, Need]] = [
        (n / len(asked) + 1 / (10 + len(index.sets[i])), i, needs[i]) for i, n in shared.items()
    ]
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = scored[0][0] if scored else 0.0
    return [t[2] for t in scored[:limit] if t[0] >= 0.75 * best]
