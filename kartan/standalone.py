"""The standalone kartbild: one HTML file that opens from disk with no network at all.

Built with pyvis as ``DESIGN.md`` asks, but made safe and offline:

* a :class:`pyvis.network.Network` holds the vis-network nodes and edges; they are
  appended to ``net.nodes``/``net.edges`` directly (pyvis's ``add_edge`` is O(E²));
* ``net.templateEnv`` is our own Jinja environment with ``autoescape=True`` and a
  ``ChoiceLoader`` of our template directory (``kartan/templates/``) and pyvis's, so our
  template can ``{% include %}`` the vis-network 9.1.2 script and CSS that ship inside
  the installed pyvis package (nothing third-party is committed here);
* our template (``standalone.html``) links nothing: no Bootstrap, no CDN, no external
  URL; pyvis's stock template is never used.  ``Network.generate_html`` passes a fixed
  set of variables, so we render our template ourselves with pyvis's network data
  (``net.get_network_data()``) plus the legend, the details and the UI strings;
* every datum enters the page as JSON via ``|tojson`` inside
  ``<script type="application/json">`` (which escapes ``< > & '``), is read with
  ``JSON.parse`` and reaches the page only through ``textContent`` and DOM nodes;
  tooltips are DOM elements, never HTML strings, and no node has a string ``title``
  (pyvis switches every tooltip to ``innerHTML`` when a title contains "href");
* positions come from :mod:`kartan.layout` and physics is off, so the file draws at once
  and shows the same picture as the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader

from kartan import decisions as dm
from kartan.decisions import contact_route_text
from kartan.graph import decision_path, edge_phrase
from kartan.labels import KIND_PLURALS, kind_label
from kartan.layout import LABEL_MAX_PX, positions, positions_for
from kartan.map import Map
from kartan.model import Node
from kartan.present import node_texts
from kartan.sources import source_text
from kartan.style import (
    EDGE_COLOUR,
    ENTRY_POINT_BORDER,
    ENTRY_POINT_BORDER_WIDTH,
    HIGHLIGHT_COLOUR,
    KIND_ORDER,
    MEMBERSHIP_EDGE_COLOUR,
    kind_style,
)
from kartan.texts import TEXTS, text
from kartan.wording import search_placeholder

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "standalone.html"
VIS_VERSION = "9.1.2"


def ui_strings(lang: str) -> dict[str, str]:
    """The page's interface texts in ``lang``, from :mod:`kartan.texts` (keys ``sa_*``)."""
    out = {k[3:]: text(k, lang) for k in TEXTS if k.startswith("sa_")}
    out["lang"] = "en" if lang == "en" else "sv"
    return out


UI: dict[str, dict[str, str]] = {lang: ui_strings(lang) for lang in ("sv", "en")}

VIS_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 1},
    "interaction": {
        "hover": True,
        "tooltipDelay": 150,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "multiselect": False,
        "navigationButtons": False,
    },
    "nodes": {
        "font": {
            "size": 14,
            "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "color": "#1a1a1a",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1,
        "borderWidthSelected": 3,
        "widthConstraint": {"maximum": LABEL_MAX_PX},
    },
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"inherit": False},
        "selectionWidth": 2,
        "hoverWidth": 0.5,
    },
}


def pyvis_templates() -> Path:
    """The template directory inside the installed pyvis package (vis-network lives there)."""
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates"


def environment() -> Environment:
    """Our Jinja environment: autoescape on, our templates first, then pyvis's files."""
    loader = ChoiceLoader(
        [FileSystemLoader(str(TEMPLATE_DIR)), FileSystemLoader(str(pyvis_templates()))]
    )
    return Environment(loader=loader, autoescape=True, keep_trailing_newline=True)


def _vis_node(node: Node, pos: tuple[float, float], lang: str = "sv") -> dict[str, Any]:
    style = kind_style(node.kind.value)
    border = ENTRY_POINT_BORDER if node.entry_point else style.colour
    return {
        "id": node.id,
        "label": (node.name_en or node.name) if lang == "en" else node.name,
        "x": pos[0],
        "y": pos[1],
        "shape": style.shape,
        "size": style.size,
        "borderWidth": ENTRY_POINT_BORDER_WIDTH if node.entry_point else 1,
        "color": {
            "background": style.colour,
            "border": border,
            "highlight": {"background": HIGHLIGHT_COLOUR, "border": "#000000"},
            "hover": {"background": style.colour, "border": "#000000"},
        },
    }


def _vis_edges(m: Map) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in m.edges:
        if e.source not in m.nodes or e.target not in m.nodes:
            continue
        member = e.is_membership
        out.append(
            {
                "id": e.key,
                "from": e.source,
                "to": e.target,
                "color": {
                    "color": MEMBERSHIP_EDGE_COLOUR if member else EDGE_COLOUR,
                    "highlight": "#000000",
                    "hover": "#000000",
                },
                "width": 1 if member else 1.5,
                "dashes": bool(e.inferred),
            }
        )
    return out


def _details(m: Map, node: Node, lang: str, nm: dict[str, str]) -> dict[str, Any]:
    steps = decision_path(m, node.id)
    path = None
    if steps is not None:
        path = [{"id": s.target, "text": s.text(nm, lang)} for s in steps]
    relations = [
        {"id": e.target, "text": f"{edge_phrase(e, lang)} {nm.get(e.target, e.target)}"}
        for e in m.outgoing.get(node.id, ())
        if e.target in m.nodes
    ] + [
        {
            "id": e.source,
            "text": f"{edge_phrase(e, lang, inverse=True)} {nm.get(e.source, e.source)}",
        }
        for e in m.incoming.get(node.id, ())
        if e.source in m.nodes
    ]
    meets = None
    if node.meets is not None:
        place = m.places.get(node.meets.place) if node.meets.place else None
        parts = [
            place.name if place else None,
            place.address if place else None,
            node.meets.time,
            node.meets.frequency,
        ]
        meets = ", ".join(p for p in parts if p) or None
    en = lang == "en"
    texts = node_texts(m, node, lang)
    description, how_to = texts.description, texts.how_to_take_part
    return {
        "name": texts.name,
        "kind": node.kind.value,
        "kind_label": texts.kind_label,
        "entry_point": node.entry_point,
        "aliases": list(node.aliases),
        "description": description.text if description else None,
        "how_to_take_part": how_to.text if how_to else None,
        "original": {
            "description": description.original if description else None,
            "how_to_take_part": how_to.original if how_to else None,
        },
        "swedish": {
            "name": texts.name_swedish,
            "description": description.swedish if description else en,
            "how_to_take_part": how_to.swedish if how_to else en,
        },
        "contact": contact_route_text(m, node, lang),
        "contact_url": node.contact.url if node.contact else None,
        "who_decides": dm.who_decides(m, node.id).text(m, lang),
        "raise": [r.text(m, lang) for r in dm.raise_routes(m, node.id)],
        "url": node.url,
        "meets": meets,
        "themes": [name for _, name in texts.themes],
        "audiences": texts.audiences,
        "path": path,
        "relations": relations,
        "sources": [source_text(m, ref) for ref in node.sources],
    }


def _legend(m: Map, lang: str) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for n in m.data.nodes:
        counts[n.kind.value] = counts.get(n.kind.value, 0) + 1
    out = []
    for kind in KIND_ORDER:
        if kind not in counts:
            continue
        style = kind_style(kind)
        sv, en = KIND_PLURALS[kind]
        out.append(
            {
                "kind": kind,
                "label": en if lang == "en" else sv,
                "count": counts[kind],
                "colour": style.colour,
                "shape": style.shape,
            }
        )
    return out


def network(m: Map, pos: dict[str, tuple[float, float]], lang: str = "sv") -> Any:
    """A pyvis Network of the map with preset positions (nodes and edges appended directly)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.templateEnv = environment()
    net.path = TEMPLATE
    for node in m.data.nodes:
        net.nodes.append(_vis_node(node, pos.get(node.id, (0.0, 0.0)), lang))
        net.node_ids.append(node.id)
        net.node_map[node.id] = net.nodes[-1]
    net.edges.extend(_vis_edges(m))
    net.options = VIS_OPTIONS
    return net


def standalone_html(m: Map, *, lang: str = "sv", full: Map | None = None) -> str:
    """The whole one-file map as HTML text.

    ``full``: for a map at a date (``full.at(day)``), the full map, so that every node
    keeps the position it has on the full map (see :func:`kartan.layout.positions_for`).
    """
    lang = "en" if lang == "en" else "sv"
    pos = positions_for(m, full) if full is not None else positions(m)
    net = network(m, pos, lang)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    for n in nodes:  # never a string title: vis would show it, pyvis would innerHTML it
        n.pop("title", None)
    ui = {**UI[lang], "search_placeholder": search_placeholder(m, lang)}
    names = {n.id: n.name for n in m.data.nodes}
    details = {n.id: _details(m, n, lang, names) for n in m.data.nodes}
    kinds = {k: kind_label(k, lang) for k in KIND_ORDER}
    listing = sorted(
        (
            {
                "id": n.id,
                "name": details[n.id]["name"],
                "kind": kinds[n.kind.value],
                "swedish": lang == "en" and not n.name_en,
            }
            for n in m.data.nodes
        ),
        key=lambda item: (item["name"].casefold(), item["id"]),
    )
    template = net.templateEnv.get_template(TEMPLATE)
    html: str = template.render(
        lang=lang,
        ui=ui,
        title=(m.data.map.title_en or m.title) if lang == "en" else m.title,
        version=m.version,
        as_of=m.as_of.isoformat() if m.as_of else None,
        vis_version=VIS_VERSION,
        legend=_legend(m, lang),
        entry_border=ENTRY_POINT_BORDER,
        listing=listing,
        nodes=nodes,
        edges=edges,
        options=VIS_OPTIONS,
        page={"ui": ui, "details": details, "node_count": len(nodes)},
    )
    return html
