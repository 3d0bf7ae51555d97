"""Positions of the map's nodes: computed once per data version, the same picture every time.

The browser draws the map with physics off, so the server decides where every node goes
(see ``DESIGN.md``, "Drawing the map").  This module does that:

* **Deterministic.**  Nodes are taken in id order and edges as sorted, undirected pairs,
  and the random start comes from a fixed seed, so the same nodes and relations give the
  same picture, in any process and whatever the order of the data file.
* **Two algorithms by size.**  Up to ``SMALL_MAP`` nodes (the real map has about 150),
  :func:`networkx.spring_layout` (Fruchterman–Reingold, fixed seed).  Above that, the same
  forces computed on a grid: repulsion is the convolution of the node density with the
  Fruchterman–Reingold kernel (one FFT per step, :func:`scipy.signal.fftconvolve`),
  plus exact repulsion between nodes closer than a grid cell and attraction along edges.
  That is O(N + E + G² log G) per step instead of O(N²): about 0.5 s for 2,000 nodes and
  2–3 s for 10,000 on two cores (``benchmarks/bench_layout.py``).
* **Pixel-like coordinates** for vis-network, centred on (0, 0).  Small maps are scaled
  so that each node has about ``AREA_SPACING``² px² of the picture, then nodes whose
  symbol-and-label boxes overlap are pushed apart (:func:`label_box`: labels are drawn at
  14 px and wrapped at ``LABEL_MAX_PX``), so every name can be read once zoomed in.
  Large maps (labels are unreadable at overview zoom anyway) are scaled so that the
  median distance from a node to its nearest neighbour is ``SPACING`` px.
* **Regions by sector.**  Every node belongs to a sector (:mod:`kartan.sectors`): the
  politics, the municipality, civil society, region and state, business, and the shared
  forums.  Each sector is laid out on its own and placed in a fixed arrangement, the
  shared forums (the council and its networks) in the middle where the others meet:
  politics above, the municipality to the left, civil society to the right, region and
  state below left, business below right.  Inside a sector, a node linked to another
  sector is pulled towards that side (a fixed anchor per other sector).  Nodes without
  any link are set in a row at the foot of their region, which the map labels as such,
  so they are explained rather than scattered.  :func:`regions` gives the boxes.
* **Room for the first view.**  A small map is laid out again at the scale it first
  opens with (:func:`view_scale`: a 1366×768 desktop), until that scale settles: each
  region is wide enough for its title with room above its nodes (:func:`title_box`), and
  a region with decision bodies or councils, which the map always names there, is
  stretched until their names have room.  The browser then moves bodies a little within
  their regions so that no drawn name lies on another name, a symbol or a title
  (``frontend/static/js/map.js``, ``declutter``).
* **Compact.**  On small maps each connected component is laid out alone and the
  components are packed in rows, largest first, so lone nodes are not flung to the edge.
* **Cached.**  :func:`positions` remembers its answer per :class:`~kartan.map.Map` object
  (a weak reference) and per structure: a digest of the node ids, the edges and the label
  lengths, which is all the layout depends on.  So it is computed once per data version
  at most, and a new version that changes only texts or dates (or a reload of the same
  file) costs one digest (about 0.1 s for 10,000 nodes) instead of a layout.
* **Stable across dates.**  The map as it stood on a date (``m.at(day)``) should not
  jump about when the date changes.  :func:`positions_for` gives such a map the full
  map's positions for the nodes it has; it only lays out nodes the full map lacks
  (next to their neighbours).  Call ``positions_for(m.at(day), m)``; calling
  :func:`positions` on a dated map lays out that map on its own.

Examples
--------
>>> from kartan.map import Map
>>> from kartan.model import example_file
>>> nodes = ({"id": "a", "kind": "council", "name": "A", "sources": ["s"],
...           "relations": [{"type": "part_of", "to": "b", "sources": ["s"]}]},
...          {"id": "b", "kind": "decision_body", "name": "B", "sources": ["s"]})
>>> m = Map(example_file(*nodes))
>>> pos = positions(m)
>>> sorted(pos), pos == positions(Map(example_file(*nodes)))
(['a', 'b'], True)
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from kartan.labels import SECTOR_LABELS
from kartan.map import Map, forget, remembered
from kartan.sectors import SECTORS, sectors

Position = tuple[float, float]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SEED = 20231107
SPACING = 80.0  # large maps: median distance to the nearest neighbour, px
AREA_SPACING = 110.0  # small maps: sqrt(picture area / nodes), px, before labels are separated
SMALL_MAP = 300

# Label boxes on small maps (the map draws labels at 14 px, wrapped at LABEL_MAX_PX).
LABEL_CHAR_PX = 8.0
LABEL_MAX_PX = 170.0
LINE_PX = 18.0
SYMBOL_PX = 44.0
LABEL_GAP_PX = 10.0

_GRID_CELL = 0.5  # grid cell in units of the ideal edge length
_GRID_MAX = 256  # at most this many cells per side
_LARGE_ITERATIONS = 150
_CACHE_SIZE = 16

# Where each sector's region goes, drawn as the 3 x 3 arrangement it is ("" = empty cell).
SECTOR_GRID: tuple[tuple[str, str, str], ...] = (
    ("", "politics", ""),
    ("municipality", "forums", "civil"),
    ("state", "", "business"),
)
# Sector -> (column, row) of its cell in SECTOR_GRID.
SECTOR_CELL: dict[str, tuple[int, int]] = {
    sector: (col, row)
    for row, cells in enumerate(SECTOR_GRID)
    for col, sector in enumerate(cells)
    if sector
}
ANCHOR_WEIGHT = 0.12  # pull of a link to another sector, against 1 for a link inside
REGION_GAP_PX = 150.0  # between regions (small maps; large maps: 3 x SPACING)
REGION_PAD_PX = 46.0  # inside a region's box, around its nodes
REGION_HEAD_PX = 110.0  # above a region's nodes: room for its name

# The whole map as it first opens (small maps): the map's canvas on a 1366×768 desktop
# with the legend open (about 1,110 × 560 px), fitted with a 10 % margin.  The map draws
# each region's title there at TITLE_PX in bold, top left (``frontend/static/js/map.js``,
# regionTitle), and shrinks it only when the region is narrower than the title; the
# layout makes each region wide enough, with room above its nodes, at that scale.
VIEW_PX = (1110.0, 560.0)
TITLE_PX = 15.0
# The map always names its decision bodies and councils in that view (map.js: LABEL_RANK
# 0 and 1), at OVERVIEW_PX: a region with such bodies is stretched until it has room for
# their names (OVERVIEW_ROOM times their boxes), wider first.
ALWAYS_NAMED = frozenset({"decision_body", "council"})
OVERVIEW_PX = 12.0
OVERVIEW_CHAR_PX = 7.0  # a character of a 12 px name, generously
OVERVIEW_ROOM = 1.6
TITLE_CHAR_PX = 11.0  # a character of a 15 px bold title, generously
_VIEW_PASSES = 4

# A map with more nodes than this opens gathered by region: one symbol per sector with
# its name and count, opened on demand (``frontend/static/js/map.js``, which reads it from
# the page's config).  Up to here every node is drawn (a 2,000-node map in about 1 s on 2
# cores, see docs/benchmarks.md); above it drawing them all costs more than the overview
# is worth.  A municipality's map stays far below it; a region's or a country's does not.
CLUSTER_MIN_NODES = 3000


@dataclass(frozen=True)
class Region:
    """A sector's box on the map (px), the number of nodes in it, and the box of its row
    of nodes without any link (None when it has none)."""

    sector: str
    x0: float
    y0: float
    x1: float
    y1: float
    count: int
    lone: tuple[float, float, float, float] | None = None
    lone_count: int = 0


@dataclass(frozen=True)
class Layout:
    positions: dict[str, Position]
    regions: tuple[Region, ...]


_lock = threading.Lock()
_by_content: OrderedDict[str, Layout] = OrderedDict()


def positions(m: Map) -> dict[str, Position]:
    """Positions ``{id: (x, y)}`` in px of every node of ``m``: deterministic and cached.

    For the map as it stood on a date use :func:`positions_for` instead, so that the
    picture stays the same from date to date.
    """
    return dict(_layout(m).positions)


def regions(m: Map) -> list[Region]:
    """The labelled sector regions of ``m``'s layout (cached with the positions)."""
    return list(_layout(m).regions)


def _layout(m: Map) -> Layout:
    return remembered(m, ("layout",), lambda: _layout_by_content(m))


def _layout_by_content(m: Map) -> Layout:
    """The layout computed lately for a map of the same structure (nodes, links, label
    lengths, sectors), else a new one."""
    ids, pairs, label_lengths = _structure(m)
    found = sectors(m)
    sector_of = [SECTORS.index(found[node_id].sector) for node_id in ids]
    named = [str(m.nodes[node_id].kind) in ALWAYS_NAMED for node_id in ids]
    key = _digest(ids, pairs, label_lengths, sector_of, named)
    with _lock:
        known = _by_content.get(key)
        if known is None:
            known = _compute(ids, pairs, label_lengths, sector_of, named)
            _by_content[key] = known
            while len(_by_content) > _CACHE_SIZE:
                _by_content.popitem(last=False)
        else:
            _by_content.move_to_end(key)
    return known


def positions_for(m: Map, full: Map) -> dict[str, Position]:
    """Positions for ``m`` (e.g. ``full.at(day)``) taken from the full map's layout.

    Nodes of ``m`` that ``full`` lacks are placed beside the mean of their placed
    neighbours, or on a ring outside the picture when they have none; deterministically.
    """
    base = positions(full)
    out = {node_id: base[node_id] for node_id in m.nodes if node_id in base}
    missing = sorted(node_id for node_id in m.nodes if node_id not in base)
    if missing:
        out.update(_place_missing(m, out, missing))
    return out


def clear_cache() -> None:
    """Forget every cached layout (for tests and benchmarks)."""
    with _lock:
        _by_content.clear()
    forget("layout")


def layout_arrays(n: int, pairs: IntArray, *, seed: int = SEED) -> FloatArray:
    """Raw layout (ideal edge length about 1) of ``n`` nodes joined by ``pairs`` (E×2)."""
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    if n <= SMALL_MAP:
        return _packed_components(n, pairs, seed)
    return _grid_spring(n, pairs, seed)


def _structure(m: Map) -> tuple[list[str], IntArray, list[int]]:
    """Sorted node ids, the sorted unique undirected edges as index pairs, label lengths."""
    ids = sorted(m.nodes)
    index = {node_id: i for i, node_id in enumerate(ids)}
    seen: set[tuple[int, int]] = set()
    for e in m.edges:
        a, b = index.get(e.source), index.get(e.target)
        if a is None or b is None or a == b:
            continue
        seen.add((a, b) if a < b else (b, a))
    pairs = np.array(sorted(seen), dtype=np.int64).reshape(-1, 2)
    label_lengths = [len(m.nodes[node_id].name) for node_id in ids]
    return ids, pairs, label_lengths


def _digest(
    ids: list[str],
    pairs: IntArray,
    label_lengths: list[int],
    sector_of: list[int],
    named: list[bool],
) -> str:
    h = hashlib.sha256()
    h.update("\n".join(ids).encode("utf-8"))
    h.update(pairs.tobytes())
    h.update(np.array(label_lengths, dtype=np.int64).tobytes())
    h.update(np.array(sector_of, dtype=np.int64).tobytes())
    h.update(np.array(named, dtype=np.int64).tobytes())
    return h.hexdigest()


def _compute(
    ids: list[str],
    pairs: IntArray,
    label_lengths: list[int],
    sector_of: list[int],
    named: list[bool] | None = None,
) -> Layout:
    """Lay out the map; a small map again at the scale of its first view (until that
    scale settles), so that its regions' titles and its always-named bodies (``named``)
    have room there."""
    flags = np.array(named if named is not None else [False] * len(ids), dtype=bool)
    found = _compute_at(ids, pairs, label_lengths, sector_of, flags, None)
    if len(ids) > SMALL_MAP or not len(ids):
        return found
    scale = view_scale(found.regions)
    for _ in range(_VIEW_PASSES):
        # room for a view up to 3 % smaller than the last one: the new layout's own
        found = _compute_at(ids, pairs, label_lengths, sector_of, flags, scale * 0.97)
        now = view_scale(found.regions)
        if now >= scale * 0.97:
            break
        scale = now
    return found


def view_scale(found: tuple[Region, ...] | list[Region]) -> float:
    """The scale (screen px per layout px) of the whole map fitted into ``VIEW_PX``."""
    if not found:
        return 1.0
    width = max(r.x1 for r in found) - min(r.x0 for r in found)
    height = max(r.y1 for r in found) - min(r.y0 for r in found)
    return min(1.0, VIEW_PX[0] / (width * 1.1 or 1.0), VIEW_PX[1] / (height * 1.1 or 1.0))


def title_box(sector: str, scale: float) -> tuple[float, float]:
    """Width and height (layout px) a region needs above and across its nodes for its
    title, in either language, at ``scale``."""
    chars = max(len(text) for text in SECTOR_LABELS.get(sector, (sector,)))
    return (TITLE_CHAR_PX * chars + 30) / scale, (8 + TITLE_PX * 1.2 + 10) / scale


def _compute_at(
    ids: list[str],
    pairs: IntArray,
    label_lengths: list[int],
    sector_of: list[int],
    named: npt.NDArray[np.bool_],
    scale: float | None,
) -> Layout:
    """Lay out each sector alone, then place the sectors' blocks in their cells
    (``scale``: the first view's, to keep room for the regions' titles; None: none)."""
    n = len(ids)
    small = n <= SMALL_MAP
    sector_arr = np.array(sector_of, dtype=np.int64)
    lengths = np.array(label_lengths, dtype=np.float64)
    degree = np.bincount(pairs.ravel(), minlength=n) if len(pairs) else np.zeros(n, np.int64)
    out = np.zeros((n, 2))
    blocks: list[tuple[str, IntArray, FloatArray, IntArray, FloatArray | None]] = []
    for code, sector in enumerate(SECTORS):
        members = np.flatnonzero(sector_arr == code)
        if not len(members):
            continue
        lone = members[degree[members] == 0] if small else members[:0]
        linked = members[degree[members] > 0] if small else members
        local = _sector_block(linked, pairs, sector_arr, code, lengths, small)
        if small and scale:
            local = _room_for_names(local, lengths[linked][named[linked]], scale)
        lone_xy = _lone_row(lone, lengths, local) if len(lone) else None
        blocks.append((sector, linked, local, lone, lone_xy))
    gap = REGION_GAP_PX if small else 3 * SPACING
    pad = REGION_PAD_PX if small else SPACING
    boxes: dict[str, tuple[FloatArray, FloatArray]] = {}
    for sector, _linked, local, _lone, lone_xy in blocks:
        parts = [p for p in (local, lone_xy) if p is not None and len(p)]
        xy = np.vstack(parts) if parts else np.zeros((1, 2))
        head = np.array([0.0, REGION_HEAD_PX if small else 2 * SPACING])
        low, high = xy.min(axis=0) - pad - head, xy.max(axis=0) + pad
        if small and scale:
            # room for the title: across, and above the first nodes
            need_w, need_h = title_box(sector, scale)
            widen = max(0.0, need_w - float(high[0] - low[0])) / 2
            # (the first nodes' symbols reach about 20 px above their centres)
            low = low - np.array([widen, max(0.0, need_h + 20 - pad - float(head[1]))])
            high = high + np.array([widen, 0.0])
        boxes[sector] = (low, high)
    offsets = _place_cells(boxes, gap)
    found: list[Region] = []
    for sector, linked, local, lone, lone_xy in blocks:
        shift = offsets[sector]
        out[linked] = local + shift
        lone_box = None
        if lone_xy is not None:
            out[lone] = lone_xy + shift
            low, high = lone_xy.min(axis=0) + shift, lone_xy.max(axis=0) + shift
            lone_box = (
                round(float(low[0]) - 30, 1),
                round(float(low[1]) - 40, 1),
                round(float(high[0]) + 30, 1),
                round(float(high[1]) + 40, 1),
            )
        low, high = boxes[sector][0] + shift, boxes[sector][1] + shift
        found.append(
            Region(
                sector,
                round(float(low[0]), 1),
                round(float(low[1]), 1),
                round(float(high[0]), 1),
                round(float(high[1]), 1),
                len(linked) + len(lone),
                lone_box,
                len(lone),
            )
        )
    if n:  # centre the nodes on (0, 0), regions with them
        mid = (out.min(axis=0) + out.max(axis=0)) / 2
        out -= mid
        dx, dy = float(mid[0]), float(mid[1])
        found = [_shifted(r, dx, dy) for r in found]
    return Layout(
        {
            node_id: (round(float(x), 1), round(float(y), 1))
            for node_id, (x, y) in zip(ids, out, strict=True)
        },
        tuple(found),
    )


def _shifted(r: Region, dx: float, dy: float) -> Region:
    lone = None
    if r.lone is not None:
        a, b, c, d = r.lone
        lone = (round(a - dx, 1), round(b - dy, 1), round(c - dx, 1), round(d - dy, 1))
    return Region(
        r.sector,
        round(r.x0 - dx, 1),
        round(r.y0 - dy, 1),
        round(r.x1 - dx, 1),
        round(r.y1 - dy, 1),
        r.count,
        lone,
        r.lone_count,
    )


def _sector_block(
    members: IntArray,
    pairs: IntArray,
    sector_arr: IntArray,
    code: int,
    lengths: FloatArray,
    small: bool,
) -> FloatArray:
    """Positions (px, centred on 0, 0) of one sector's linked nodes."""
    if not len(members):
        return np.zeros((0, 2))
    local_of = np.full(len(sector_arr), -1, dtype=np.int64)
    local_of[members] = np.arange(len(members))
    sub: IntArray = np.zeros((0, 2), np.int64)
    if len(pairs):
        inside = (local_of[pairs[:, 0]] >= 0) & (local_of[pairs[:, 1]] >= 0)
        sub = local_of[pairs[inside]]
    if not small:
        return _to_pixels(layout_arrays(len(members), sub))
    anchors = _anchor_pairs(members, pairs, sector_arr, code, local_of)
    raw = _anchored_spring(len(members), sub, anchors, code)
    return _separate_labels(_to_area(raw), lengths[members])


def _room_for_names(block: FloatArray, named_lengths: FloatArray, scale: float) -> FloatArray:
    """Stretch a sector's block (about its centre) until its area holds OVERVIEW_ROOM
    times the boxes of its always-named bodies' names at ``scale``: across first (up to
    3 times), then down.  Stretching only moves nodes apart, so no boxes come to overlap."""
    if len(block) < 2 or not len(named_lengths):
        return block
    need = (
        OVERVIEW_ROOM
        * sum((OVERVIEW_CHAR_PX * float(k) + 10) * (OVERVIEW_PX + 20) for k in named_lengths)
        / scale**2
    )
    size = block.max(axis=0) - block.min(axis=0) + 2 * REGION_PAD_PX
    factor = need / float(size[0] * size[1])
    if factor <= 1:
        return block
    across = min(factor, 3.0)
    centre = (block.min(axis=0) + block.max(axis=0)) / 2
    stretched: FloatArray = (block - centre) * np.array([across, factor / across]) + centre
    return stretched


def _direction(a: str, b: str) -> FloatArray:
    (ax, ay), (bx, by) = SECTOR_CELL[a], SECTOR_CELL[b]
    d = np.array([bx - ax, by - ay], dtype=np.float64)
    length = float(np.hypot(*d))
    return d / length if length else d


def _anchor_pairs(
    members: IntArray, pairs: IntArray, sector_arr: IntArray, code: int, local_of: IntArray
) -> list[tuple[int, int]]:
    """(local node, other sector code) for every link from this sector to another."""
    out: list[tuple[int, int]] = []
    for a, b in pairs:
        sa, sb = int(sector_arr[a]), int(sector_arr[b])
        if sa == code and sb != code:
            out.append((int(local_of[a]), sb))
        elif sb == code and sa != code:
            out.append((int(local_of[b]), sa))
    return sorted(set(out))


def _anchored_spring(
    n: int, sub: IntArray, anchors: list[tuple[int, int]], code: int
) -> FloatArray:
    """Fruchterman–Reingold of one sector with the other sectors as fixed anchors."""
    if n == 1:
        return np.zeros((1, 2))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((int(a), int(b)) for a, b in sub)
    rng = np.random.default_rng(SEED)
    pos: dict[int, tuple[float, float]] = {
        i: (float(x), float(y)) for i, (x, y) in enumerate(rng.uniform(-1, 1, size=(n, 2)))
    }
    fixed: list[int] = []
    here = SECTORS[code]
    for other in sorted({o for _, o in anchors}):
        key = n + other
        d = _direction(here, SECTORS[other]) * 1.6
        pos[key] = (float(d[0]), float(d[1]))
        g.add_node(key)
        fixed.append(key)
    for local, other in anchors:
        g.add_edge(local, n + other, weight=ANCHOR_WEIGHT)
    k = 1.6 / math.sqrt(n)
    laid = nx.spring_layout(
        g, pos=pos, fixed=fixed or None, k=k, iterations=120, seed=SEED, weight="weight"
    )
    arr = np.array([laid[i] for i in range(n)], dtype=np.float64)
    typical = _typical_spacing(arr)
    return arr / typical if typical > 0 else arr


def _lone_row(lone: IntArray, lengths: FloatArray, block: FloatArray) -> FloatArray:
    """Nodes without links in rows under their sector's block, as wide as the block."""
    widths = np.array([label_box(int(lengths[i]))[0] + LABEL_GAP_PX for i in lone])
    height = label_box(20)[1] + LABEL_GAP_PX
    if len(block):
        left, right = float(block[:, 0].min()), float(block[:, 0].max())
        top = float(block[:, 1].max()) + 80.0 + height / 2
    else:
        left, right, top = 0.0, 0.0, 0.0
    row_width = max(right - left, float(widths.max()), 3 * float(np.median(widths)))
    xy = np.zeros((len(lone), 2))
    x, y = 0.0, top
    row_start = 0
    for i, w in enumerate(widths):
        if x > 0 and x + w > row_width:
            xy[row_start:i, 0] += (left + right) / 2 - x / 2
            x, y, row_start = 0.0, y + height, i
        xy[i] = (x + w / 2, y)
        x += float(w)
    xy[row_start:, 0] += (left + right) / 2 - x / 2
    return xy


def _place_cells(
    boxes: dict[str, tuple[FloatArray, FloatArray]], gap: float
) -> dict[str, FloatArray]:
    """Offsets that put each sector's box in its cell of the 3 x 3 arrangement."""
    widths = [0.0, 0.0, 0.0]
    heights = [0.0, 0.0, 0.0]
    for sector, (low, high) in boxes.items():
        col, row = SECTOR_CELL[sector]
        widths[col] = max(widths[col], float(high[0] - low[0]))
        heights[row] = max(heights[row], float(high[1] - low[1]))
    col_x = np.cumsum([0.0] + [w + gap if w else 0.0 for w in widths[:-1]])
    row_y = np.cumsum([0.0] + [h + gap if h else 0.0 for h in heights[:-1]])
    total = np.array([col_x[-1] + widths[-1], row_y[-1] + heights[-1]])
    out: dict[str, FloatArray] = {}
    for sector, (low, high) in boxes.items():
        col, row = SECTOR_CELL[sector]
        size = high - low
        # each box leans towards the middle of the arrangement (where the sectors meet)
        x = col_x[col] + (widths[col] - size[0]) * (1.0, 0.5, 0.0)[col]
        y = row_y[row] + (heights[row] - size[1]) * (1.0, 0.5, 0.0)[row]
        out[sector] = np.array([x, y]) - total / 2 - low
    return out


def _to_pixels(pos: FloatArray) -> FloatArray:
    """Centre on (0, 0) and scale so the median nearest-neighbour distance is SPACING."""
    if len(pos) == 0:
        return pos
    pos = pos - (pos.min(axis=0) + pos.max(axis=0)) / 2
    typical = _typical_spacing(pos)
    if typical <= 0:
        return pos
    scaled: FloatArray = pos * (SPACING / typical)
    return scaled


def _to_area(pos: FloatArray) -> FloatArray:
    """Centre on (0, 0) and scale so each node has about AREA_SPACING² px² of the picture."""
    if len(pos) < 2:
        return pos - pos.mean(axis=0) if len(pos) else pos
    pos = pos - (pos.min(axis=0) + pos.max(axis=0)) / 2
    extent = pos.max(axis=0) - pos.min(axis=0)
    floor = max(float(extent.max()) * 0.25, 1e-9)  # a thin or collinear block is no area
    area = float(max(extent[0], floor) * max(extent[1], floor))
    scaled: FloatArray = pos * (AREA_SPACING * math.sqrt(len(pos) / area))
    return scaled


def _typical_spacing(pos: FloatArray) -> float:
    """Median distance from a node to its nearest neighbour (0 when undefined)."""
    if len(pos) < 2:
        return 0.0
    dist, _ = cKDTree(pos).query(pos, k=2)
    nearest = dist[:, 1]
    nearest = nearest[nearest > 1e-9]
    return float(np.median(nearest)) if len(nearest) else 0.0


def _spring(n: int, pairs: IntArray, seed: int) -> FloatArray:
    """networkx's Fruchterman–Reingold with a fixed seed, normalised to spacing 1."""
    if n == 1:
        return np.zeros((1, 2))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((int(a), int(b)) for a, b in pairs)
    pos = nx.spring_layout(g, seed=seed, iterations=100, method="force")
    arr = np.array([pos[i] for i in range(n)], dtype=np.float64)
    typical = _typical_spacing(arr)
    return arr / typical if typical > 0 else arr


def _packed_components(n: int, pairs: IntArray, seed: int) -> FloatArray:
    """Lay out each connected component alone, then pack them in rows, largest first.

    A force layout of the whole graph flings small components and lone nodes to the far
    edges; packing keeps the picture compact.
    """
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
    count, labels = connected_components(graph, directed=False)
    members = [np.flatnonzero(labels == c) for c in range(count)]
    members.sort(key=lambda idx: (-len(idx), int(idx[0])))
    local_of = np.empty(n, dtype=np.int64)
    boxes: list[FloatArray] = []
    for idx in members:
        local_of[idx] = np.arange(len(idx))
        mask = np.isin(pairs[:, 0], idx)
        sub = local_of[pairs[mask]]
        part = _spring(len(idx), sub, seed)
        boxes.append(part - part.min(axis=0))
    out = np.zeros((n, 2))
    for idx, box, offset in zip(members, boxes, _shelf_pack(boxes), strict=True):
        out[idx] = box + offset
    return out


def _shelf_pack(boxes: list[FloatArray], gap: float = 1.5) -> list[FloatArray]:
    """Offsets that place the boxes (each starting at 0, 0) in rows of a wide rectangle."""
    sizes = [b.max(axis=0) + gap for b in boxes]
    area = sum(float(w * h) for w, h in sizes)
    row_width = max(max(float(w) for w, _ in sizes), math.sqrt(area * 1.6))
    offsets: list[FloatArray] = []
    x = y = row_height = 0.0
    for w, h in sizes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        offsets.append(np.array([x, y]))
        x += float(w)
        row_height = max(row_height, float(h))
    return offsets


def label_box(label_length: int) -> tuple[float, float]:
    """Width and height (px) of a node drawn with its label below, wrapped at LABEL_MAX_PX."""
    text = LABEL_CHAR_PX * label_length
    lines = max(1, math.ceil(text / LABEL_MAX_PX))
    return max(min(text, LABEL_MAX_PX), SYMBOL_PX), SYMBOL_PX + LINE_PX * lines


def _separate_labels(
    pos: FloatArray, label_lengths: FloatArray, iterations: int = 400
) -> FloatArray:
    """Push apart nodes whose symbol-and-label boxes overlap (px; small maps only).

    Each node is a box (:func:`label_box`): as wide as its label (about 8 px a character
    at the map's 14 px font, wrapped at ``LABEL_MAX_PX``) and as tall as the largest
    symbol plus the label's lines.  Overlapping pairs move apart along the axis where they
    overlap least, half each, until nothing overlaps or the iterations run out.
    """
    pos = pos.copy()
    n = len(pos)
    if n < 2:
        return pos
    boxes = np.array([label_box(int(k)) for k in label_lengths], dtype=np.float64)
    half_w = boxes[:, 0] / 2 + LABEL_GAP_PX / 2
    half_h = boxes[:, 1] / 2 + LABEL_GAP_PX / 2
    need_x = half_w[:, None] + half_w[None, :]
    need_y = half_h[:, None] + half_h[None, :]
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    for _ in range(iterations):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        hit = (over_x > 0) & (over_y > 0) & upper
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        along_x = over_x[i, j] / need_x[i, j] < over_y[i, j] / need_y[i, j]
        move = np.zeros((len(i), 2))
        sx = np.where(dx[i, j] >= 0, 1.0, -1.0)
        sy = np.where(dy[i, j] >= 0, 1.0, -1.0)
        move[along_x, 0] = sx[along_x] * (over_x[i, j][along_x] + 1) / 2
        move[~along_x, 1] = sy[~along_x] * (over_y[i, j][~along_x] + 1) / 2
        step = np.zeros_like(pos)
        np.add.at(step, i, move)
        np.add.at(step, j, -move)
        pos += 0.5 * step
    return pos


def _grid_spring(
    n: int, pairs: IntArray, seed: int, iterations: int = _LARGE_ITERATIONS
) -> FloatArray:
    """Fruchterman–Reingold with repulsion from a density grid (large maps).

    Units: ideal edge length k = 1, so n nodes fill an area of about n.
    """
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    src, dst = pairs[:, 0], pairs[:, 1]
    start_temp = side / 8
    for step in range(iterations):
        temp = start_temp * (1 - step / iterations) ** 1.5 + 0.02
        disp, cell = _grid_repulsion(pos)
        disp += _near_repulsion(pos, cell)
        if len(pairs):
            d = pos[src] - pos[dst]
            dist = np.sqrt((d * d).sum(axis=1)) + 1e-9
            pull = dist[:, None] * d  # |d|² / k along d
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= 0.05 * (pos - pos.mean(axis=0))  # weak gravity keeps components together
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
    return pos


def _grid_repulsion(pos: FloatArray) -> tuple[FloatArray, float]:
    """Repulsion k²/r from every other node, by convolution of the density grid."""
    # imported here: scipy.signal takes over a second to import, and only large maps
    # (above SMALL_MAP nodes) come here; every server and command on a small map is spared it
    from scipy.signal import fftconvolve

    low = pos.min(axis=0) - 1e-6
    extent = float((pos.max(axis=0) - low).max()) + 1e-6
    size = int(min(_GRID_MAX, max(8, math.ceil(extent / _GRID_CELL))))
    cell = extent / size
    ij = np.minimum(((pos - low) / cell).astype(np.int64), size - 1)
    density = np.bincount(ij[:, 0] * size + ij[:, 1], minlength=size * size)
    grid = density.reshape(size, size).astype(np.float64)
    offsets = np.arange(-size + 1, size) * cell
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[size - 1, size - 1] = 1.0
    kernel = (dx + 1j * dy) / r2
    kernel[size - 1, size - 1] = 0
    field = fftconvolve(grid, kernel, mode="valid")
    force = field[ij[:, 0], ij[:, 1]]
    return np.stack([force.real, force.imag], axis=1), cell


def _near_repulsion(pos: FloatArray, radius: float) -> FloatArray:
    """Exact repulsion between nodes closer than ``radius`` (the grid cannot see them)."""
    out = np.zeros_like(pos)
    pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
    if len(pairs):
        d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        d2 = np.maximum((d * d).sum(axis=1), 1e-4)
        push = d / d2[:, None]
        np.add.at(out, pairs[:, 0], push)
        np.add.at(out, pairs[:, 1], -push)
    return out


def _place_missing(m: Map, placed: dict[str, Position], missing: list[str]) -> dict[str, Position]:
    """Place nodes the full layout lacks: beside their neighbours, else on an outer ring."""
    out: dict[str, Position] = {}
    if placed:
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        radius = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 2 * SPACING
    else:
        cx = cy = 0.0
        radius = SPACING * max(1.0, math.sqrt(len(missing)))
    lonely: list[str] = []
    for i, node_id in enumerate(missing):
        near = [
            placed[other]
            for e in (*m.outgoing.get(node_id, ()), *m.incoming.get(node_id, ()))
            for other in (e.target if e.source == node_id else e.source,)
            if other in placed
        ]
        if not near:
            lonely.append(node_id)
            continue
        angle = 2.399963 * (i + 1)  # golden angle: neighbours of one node do not stack
        x = sum(p[0] for p in near) / len(near) + SPACING * math.cos(angle)
        y = sum(p[1] for p in near) / len(near) + SPACING * math.sin(angle)
        out[node_id] = (round(x, 1), round(y, 1))
    for i, node_id in enumerate(lonely):
        angle = 2 * math.pi * i / len(lonely)
        out[node_id] = (
            round(cx + radius * math.cos(angle), 1),
            round(cy + radius * math.sin(angle), 1),
        )
    return out
