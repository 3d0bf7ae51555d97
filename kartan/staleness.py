"""The staleness rule: when an entry of the map needs a review.

One rule for the validator's warning (``kartan validate``), the analysis, the node page
and the API: a node that is not an external example is stale when it was never reviewed
or its ``reviewed`` date is more than ``days`` days old.  The number of days is the
``KARTAN_STALE_DAYS`` setting (``kartan validate --stale-after``), :data:`STALE_DAYS`
by default.
"""

from __future__ import annotations

import datetime as dt

from kartan.model import Node

STALE_DAYS = 365
"""Days after which a review is out of date, unless the settings say otherwise."""


def review_age(reviewed: dt.date | None, today: dt.date) -> int | None:
    """Days since ``reviewed`` (``None`` when there was no review).

    >>> review_age(dt.date(2024, 1, 1), dt.date(2024, 3, 1))
    60
    """
    return None if reviewed is None else (today - reviewed).days


def overdue(reviewed: dt.date | None, today: dt.date, days: int = STALE_DAYS) -> bool:
    """True when there was no review or it is more than ``days`` days old.

    >>> overdue(dt.date(2023, 1, 1), dt.date(2024, 1, 1)), overdue(None, dt.date(2024, 1, 1))
    (False, True)
    """
    age = review_age(reviewed, today)
    return age is None or age > days


def is_stale(node: Node, today: dt.date, days: int = STALE_DAYS) -> bool:
    """True when ``node`` needs a review: not external, and never or long ago reviewed.

    External examples are left out: nobody keeps them current.

    >>> from kartan.model import Node
    >>> n = Node(id="a", kind="forum", name="A", reviewed=dt.date(2023, 1, 1), sources=["s"])
    >>> is_stale(n, dt.date(2024, 1, 1)), is_stale(n, dt.date(2024, 1, 2))
    (False, True)
    """
    return not node.external and overdue(node.reviewed, today, days)
