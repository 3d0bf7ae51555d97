"""How the map draws nodes and lines: one palette for the standalone file and the app.

**Nodes.**  Every kind belongs to one of eight *colour families* (:data:`FAMILY_COLOUR`):
political decision bodies, the municipality's organisation, collaboration bodies,
civil society and business, other public bodies, projects and plans, events, tools and
methods.  Inside a family the *shape* tells the kinds apart (:data:`KIND_SHAPE`), and a
star always means "decides or steers".  So a newcomer sees the families first and the
kinds on a second look, and the map still reads in greyscale print.

**Lines.**  Every relation type belongs to one of five *line families*
(:data:`LINE_STYLE`): decision (dark red, solid, arrow), membership and ways to raise a
matter (blue, long dashes, arrow), collaboration (green, solid, no arrow: it goes both
ways), funding (ochre, dotted, arrow) and other links (grey, thin, short dashes).  Colour,
dash pattern and width each tell them apart, and arrows are drawn only where direction
means something.

**Colour-vision deficiencies.**  The eight node colours were chosen by a max–min search
over colours with at least 3:1 contrast against the white map (WCAG 2.1, 1.4.11), in
hue windows that keep their meaning (decision red, collaboration blue, civil society
green ...), maximising the smallest pairwise distance (CAM02-UCS ΔE′) with normal vision
and with simulated deuteranopia, protanopia and tritanopia (Machado et al. 2009, full
severity).  The smallest distances are 23.5 (normal), 18.3 (deuteranopia), 18.0
(protanopia) and 17.8 (tritanopia); ``tests/test_style.py`` recomputes them with the
independent ``colorspacious`` library and requires at least 15 (a distance of 1 is
about a just-noticeable difference).  Line colours have at least 4.5:1 against white and
differ by dash pattern as well.  All labels are dark text (#1b2a3a, 14.6:1) on a white
halo, below the symbol.

Examples
--------
>>> KIND_STYLE["decision_body"].shape, KIND_STYLE["decision_body"].family
('star', 'decision')
>>> contrast_ratio(KIND_STYLE["council"].colour, "#ffffff") >= 3
True
>>> line_family("member_of"), line_family("collaborates_with"), line_family("monitors")
('raise', 'collaboration', 'other')
"""

from __future__ import annotations

from dataclasses import dataclass

from kartan.labels import relation_family
from kartan.model import Kind, RelationType


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node is drawn: fill colour (hex), vis-network shape, size in px,
    and its colour family."""

    colour: str
    shape: str
    size: int
    family: str = "other"


@dataclass(frozen=True)
class LineStyle:
    """How one family of lines is drawn: colour, width (px), dash pattern, arrow."""

    colour: str
    width: float
    dashes: tuple[int, ...]
    arrow: bool


# --- node families -----------------------------------------------------------------------

# Family -> colour (see the module docstring for how they were chosen and checked).
FAMILY_COLOUR: dict[str, str] = {
    "decision": "#c31e00",  # political decision bodies
    "collaboration": "#0f96ff",  # steering bodies, councils, forums, networks, working groups
    "municipal": "#879696",  # the municipality's administrations, units and functions
    "civil": "#1e3c2d",  # civil-society organisations and companies
    "public": "#4b1e5a",  # other public bodies (region, state)
    "initiative": "#e1780f",  # projects, assignments, agreements, plans, funding
    "event": "#a53c96",  # events
    "tool": "#00785a",  # tools, channels and methods
}
FAMILY_ORDER: tuple[str, ...] = tuple(FAMILY_COLOUR)

# Kind -> (family, shape, size).  A star means "decides or steers"; a larger symbol
# means a body that matters more for finding one's way.  Kinds not listed (new ones)
# are drawn as grey dots in the "other" family until they are given a place here.
_KIND_LOOK: dict[str, tuple[str, str, int]] = {
    "decision_body": ("decision", "star", 22),
    "party": ("decision", "triangleDown", 12),
    "steering_body": ("collaboration", "star", 16),
    "council": ("collaboration", "hexagon", 20),
    "forum": ("collaboration", "diamond", 15),
    "network": ("collaboration", "dot", 14),
    "working_group": ("collaboration", "triangle", 12),
    "administration": ("municipal", "square", 14),
    "unit": ("municipal", "diamond", 11),
    "function": ("municipal", "triangle", 11),
    "organisation": ("civil", "dot", 11),
    "company": ("civil", "square", 11),
    "public_body": ("public", "hexagon", 12),
    "project": ("initiative", "square", 11),
    "assignment": ("initiative", "diamond", 11),
    "agreement": ("initiative", "triangle", 11),
    "program": ("initiative", "triangleDown", 11),
    "funding": ("initiative", "hexagon", 11),
    "event": ("event", "triangle", 11),
    "tool": ("tool", "square", 10),
    "method": ("tool", "diamond", 10),
}
SHAPES: frozenset[str] = frozenset(
    {"dot", "star", "diamond", "square", "triangle", "triangleDown", "hexagon"}
)
OTHER_COLOUR = "#6e6e6e"


def _kind_style(kind: str) -> KindStyle:
    look = _KIND_LOOK.get(kind)
    if look is None:
        return KindStyle(OTHER_COLOUR, "dot", 12, "other")
    family, shape, size = look
    return KindStyle(FAMILY_COLOUR[family], shape, size, family)


KIND_STYLE: dict[str, KindStyle] = {k.value: _kind_style(k.value) for k in Kind}

# Order of kinds in legends and filters: by family, then as listed above.
KIND_ORDER: tuple[str, ...] = tuple(
    sorted(
        KIND_STYLE,
        key=lambda k: (
            FAMILY_ORDER.index(KIND_STYLE[k].family)
            if KIND_STYLE[k].family in FAMILY_ORDER
            else len(FAMILY_ORDER),
            list(_KIND_LOOK).index(k) if k in _KIND_LOOK else 99,
        ),
    )
)

# --- line families -----------------------------------------------------------------------

# Relation type -> line family: the decision model's families (kartan.labels.
# relation_family: decision, raise, funding, collaboration; DESIGN.md "Who decides"), with
# its catch-all "collaboration" split into collaboration proper and other links.
COLLABORATION_TYPES: frozenset[str] = frozenset({"collaborates_with", "proposed_collaboration"})
LINE_FAMILY: dict[str, str] = {
    t.value: (
        relation_family(t.value)
        if relation_family(t.value) != "collaboration" or t.value in COLLABORATION_TYPES
        else "other"
    )
    for t in RelationType
}

LINE_STYLE: dict[str, LineStyle] = {
    "decision": LineStyle("#a01e14", 2.2, (), True),
    "raise": LineStyle("#1f5aa6", 1.4, (9, 5), True),
    "collaboration": LineStyle("#2e7d32", 1.8, (), False),
    "funding": LineStyle("#8a5a00", 1.8, (2, 4), True),
    "other": LineStyle("#6b6b6b", 1.0, (4, 4), False),
}
LINE_ORDER: tuple[str, ...] = tuple(LINE_STYLE)


def line_family(rel_type: str) -> str:
    """The line family of a relation type (``member_of`` included): one of LINE_ORDER."""
    return LINE_FAMILY.get(rel_type, "other")


# Edges of the standalone export (kept for it): memberships light, the rest darker.
EDGE_COLOUR = "#6b6b6b"
MEMBERSHIP_EDGE_COLOUR = "#9a9a9a"
HIGHLIGHT_COLOUR = "#ffbf00"
BACKGROUND = "#ffffff"
LABEL_COLOUR = "#1b2a3a"

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
    return KIND_STYLE.get(kind) or _kind_style(kind)
