"""How the map draws each kind of node: one palette for the standalone file and the app.

``KIND_STYLE`` maps every :class:`~kartan.model.Kind` to a :class:`KindStyle`: a colour,
a vis-network shape and a size.  Colour and shape together tell kinds apart, so the map
still reads in greyscale print and for colour-blind readers:

========================  =============  ==============================================
shape                     size           kinds
========================  =============  ==============================================
``star``                  largest        decision bodies (where the municipality decides)
``star``                  medium         steering bodies (a council's or project's own steering)
``dot``                   large          arenas: councils, forums, networks, working groups
``diamond``               medium         the municipality's organisation: administrations,
                                         units, functions
``square``                medium         projects, assignments, agreements, programmes,
                                         funding
``triangle``              small          events, tools and channels, methods
``hexagon``               small          organisations, public bodies, companies, parties
========================  =============  ==============================================

Every colour has a contrast of at least 4:1 against the white map background (WCAG 2.1
asks 3:1 for graphical objects; a test checks it).  All shapes put the label below the
symbol, so labels are always dark text on white.

Examples
--------
>>> KIND_STYLE["decision_body"].shape
'star'
>>> contrast_ratio(KIND_STYLE["council"].colour, "#ffffff") > 4
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node is drawn: fill colour (hex), vis-network shape, size in px."""

    colour: str
    shape: str
    size: int


_DECISION = ("star", 22)
_STEERING = ("star", 15)
_ARENA = ("dot", 16)
_MUNICIPAL = ("diamond", 14)
_INITIATIVE = ("square", 12)
_OCCASION = ("triangle", 12)
_ORGANISATION = ("hexagon", 12)

KIND_STYLE: dict[str, KindStyle] = {
    "decision_body": KindStyle("#b2182b", *_DECISION),
    "steering_body": KindStyle("#7f3b08", *_STEERING),
    "council": KindStyle("#1f4e9a", *_ARENA),
    "forum": KindStyle("#00766c", *_ARENA),
    "network": KindStyle("#6a3d9a", *_ARENA),
    "working_group": KindStyle("#3a7abf", *_ARENA),
    "administration": KindStyle("#4a4a4a", *_MUNICIPAL),
    "unit": KindStyle("#6e6e6e", *_MUNICIPAL),
    "function": KindStyle("#7a5c45", *_MUNICIPAL),
    "project": KindStyle("#b35806", *_INITIATIVE),
    "assignment": KindStyle("#8a6a00", *_INITIATIVE),
    "agreement": KindStyle("#a6336b", *_INITIATIVE),
    "program": KindStyle("#4d7a12", *_INITIATIVE),
    "funding": KindStyle("#1a7837", *_INITIATIVE),
    "event": KindStyle("#c2185b", *_OCCASION),
    "tool": KindStyle("#00838f", *_OCCASION),
    "method": KindStyle("#827717", *_OCCASION),
    "organisation": KindStyle("#d35400", *_ORGANISATION),
    "public_body": KindStyle("#1c6f9c", *_ORGANISATION),
    "company": KindStyle("#8c4a2f", *_ORGANISATION),
    "party": KindStyle("#5b4fa8", *_ORGANISATION),
}

# Order of kinds in legends and filters: decision first, then arenas, then the rest.
KIND_ORDER: tuple[str, ...] = tuple(KIND_STYLE)

# Edges: memberships light and thin, the rest darker; both readable on white.
EDGE_COLOUR = "#6b6b6b"
MEMBERSHIP_EDGE_COLOUR = "#9a9a9a"
HIGHLIGHT_COLOUR = "#ffbf00"
BACKGROUND = "#ffffff"

# Border drawn round entry points (good first doors), in the legend as "Ingång".
ENTRY_POINT_BORDER = "#000000"
ENTRY_POINT_BORDER_WIDTH = 3


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast_ratio("#000000", "#ffffff"))
    21
    """
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def kind_style(kind: str) -> KindStyle:
    """The style of a kind (a neutral grey dot for an unknown kind)."""
    return KIND_STYLE.get(kind, KindStyle("#6e6e6e", "dot", 12))
