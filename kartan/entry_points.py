"""How useful a good entry point is as a first door: the order of "Bra ingångar" (issue 15).

The start page lists the bodies marked ``entry_point`` most useful first, not by alphabet.
A body is a more useful first door the more of these it has (the weights are points):

=============================  =========================================================
what                           points
=============================  =========================================================
a way to take part             4 (``how_to_take_part`` is filled in)
a way to reach it              3 for its own contact function, 1 for a contact route
                               through a nearby body (:func:`kartan.decisions.contact_route`)
needs it takes up              1 a need (at most 5): what people asked for is handled there
themes and audiences           ½ a theme and ½ an audience it serves (at most 4 of each)
bodies that reach it           1 for every 4 bodies linked to it, either way (at most 5):
                               a meeting place many bodies already use
a place to go                  2 for a council, forum or network, where one can come
=============================  =========================================================

A body that has ended (``valid_until`` before today) comes after every open one.  Ties
go by name, so the order is stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kartan.decisions import contact_route, usable_contact
from kartan.map import Map
from kartan.needs import needs_taken_up_by

PLACE_KINDS = frozenset({"council", "forum", "network"})
ENDED = -100.0


@dataclass(frozen=True)
class Usefulness:
    """The parts of one body's usefulness as a first door, and their sum (:attr:`score`)."""

    node_id: str
    take_part: float
    reach: float
    needs: float
    themes: float
    audiences: float
    linked: float
    place: float
    ended: bool

    @property
    def score(self) -> float:
        total = (
            self.take_part
            + self.reach
            + self.needs
            + self.themes
            + self.audiences
            + self.linked
            + self.place
        )
        return total + (ENDED if self.ended else 0.0)


def usefulness(m: Map, node_id: str, today: dt.date | None = None) -> Usefulness:
    """How useful ``node_id`` is as a first door (see the module's table)."""
    n = m.nodes[node_id]
    today = today or dt.date.today()
    if usable_contact(n) is not None:
        reach = 3.0
    elif contact_route(m, node_id) is not None:
        reach = 1.0
    else:
        reach = 0.0
    neighbours = {e.target for e in m.outgoing.get(node_id, ())}
    neighbours |= {e.source for e in m.incoming.get(node_id, ())}
    neighbours &= m.nodes.keys()
    neighbours.discard(node_id)
    return Usefulness(
        node_id=node_id,
        take_part=4.0 if n.how_to_take_part else 0.0,
        reach=reach,
        needs=float(min(len(needs_taken_up_by(m, node_id)), 5)),
        themes=min(len(n.themes), 4) / 2,
        audiences=min(len(n.audiences), 4) / 2,
        linked=min(len(neighbours) / 4, 5.0),
        place=2.0 if n.kind.value in PLACE_KINDS else 0.0,
        ended=n.valid_until is not None and n.valid_until < today,
    )


def by_usefulness(
    m: Map,
    node_ids: Iterable[str],
    name: Callable[[str], str] = lambda i: i,
    today: dt.date | None = None,
) -> list[str]:
    """``node_ids`` most useful first; equal scores by ``name`` (the page's sort key)."""
    scored = [(usefulness(m, i, today).score, name(i), i) for i in node_ids]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [i for _, _, i in scored]


def entry_points(m: Map, today: dt.date | None = None) -> list[str]:
    """The good entry points of the map, most useful first (ids; names break ties)."""
    ids = [n.id for n in m.data.nodes if n.entry_point]
    return by_usefulness(m, ids, lambda i: m.nodes[i].name.casefold(), today)
