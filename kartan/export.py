"""Exports of the map: node-link JSON, CSV, GraphML, GEXF, iCalendar, Popolo and a one-file map.

:func:`export` returns an :class:`Export` (bytes, media type, file name); the API serves
it and ``kartan export`` writes it.  Formats (``FORMATS``):

``json``
    networkx node-link JSON (``{"directed", "multigraph", "graph", "nodes", "edges"}``);
    read it back with ``networkx.node_link_graph(data, edges="edges")``.  Nodes carry
    name, kind, themes, entry point, description, contact by function, sources …;
    edges carry type, the Swedish phrase, nuance label, role and sources; ``graph.needs``
    lists the needs from the minutes, each with who raised it and who takes it up.
``csv``
    The nodes as one table (``nodes.csv``): one row per node.
``relations-csv``
    The relations as one table (``relations.csv``): one row per membership or relation.
``needs-csv``
    The needs from the minutes (issue 14) as one table (``needs.csv``): one row per need
    with its words, who raised it, when, its themes, whether a body takes it up (and
    which, with sources) and its sources.
    CSV has one table per file, so nodes and relations are two formats rather than a ZIP.
    Both are UTF-8 with a byte-order mark (so Excel reads å, ä, ö), ``;``-joined lists,
    CRLF line ends, and a leading ``'`` on any cell that starts with ``= + - @`` (so a
    spreadsheet never runs a cell as a formula).
``graphml`` / ``gexf``
    The same graph for Gephi, yEd, igraph …; lists are joined with ``;``, empty values
    left out.  GEXF reserves ``type`` and ``label`` on edges, so there the relation type
    is ``relation_type`` and the edge label is the Swedish phrase.
``ics``
    Every meeting with a date as an RFC 5545 calendar (see :mod:`kartan.ical`);
    ``node=`` gives one body's meetings.  Meetings known only roughly (``when``) are
    left out.
``matters-csv``
    The council's matters (``matters.csv``): one row per matter with its meeting, kind,
    outcome, carriers, destination, later appearances and state (``no_report_back``:
    sent elsewhere and never seen again in the minutes).  The ``json`` export carries
    the same matters as the graph attribute ``matters``.
``popolo``
    Popolo JSON: ``organizations`` (every node) and ``memberships`` (organisation to
    organisation).  Popolo has no record for a need, so the needs are not in it; they
    are in ``json`` (``graph.needs``) and ``needs-csv``.
``html``
    The standalone kartbild: one self-contained file that opens from disk with no
    network (see :mod:`kartan.standalone`).

Examples
--------
>>> from kartan.map import Map
>>> from kartan.model import example_file
>>> m = Map(example_file({"id": "a", "kind": "council", "name": "Rådet", "sources": ["s"]}))
>>> out = export(m, "csv")
>>> out.media_type, out.filename
('text/csv; charset=utf-8', 'samverkanskartan-nodes.csv')
>>> out.body.decode("utf-8-sig").splitlines()[1].split(",")[:4]
['a', 'Rådet', '', 'council']
>>> try:
...     export(m, "pdf")
... except UnknownFormatError as exc:
...     print(str(exc)[:39])
unknown export format 'pdf'; choose one
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kartan import decisions as dm
from kartan.decisions import contact_route_text, usable_contact
from kartan.errors import KartanError, UnknownNodeError
from kartan.formats import FORMATS as FORMATS
from kartan.graph import edge_phrase
from kartan.ical import calendar
from kartan.labels import FUNCTION_LABELS, NEED_KIND_LABELS, family_label, kind_label, role_label
from kartan.map import Edge, Map
from kartan.matters import MATTER_COLUMNS, matter_records, matter_rows
from kartan.model import Need, Node, iso_date
from kartan.needs import need_status, needs_at
from kartan.sources import source_text
from kartan.standalone import standalone_html

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "relations-csv": "text/csv; charset=utf-8",
    "needs-csv": "text/csv; charset=utf-8",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "ics": "text/calendar; charset=utf-8",
    "popolo": "application/json",
    "html": "text/html; charset=utf-8",
    "matters-csv": "text/csv; charset=utf-8",
}

_SUFFIX: dict[str, str] = {
    "json": ".json",
    "csv": "-nodes.csv",
    "relations-csv": "-relations.csv",
    "needs-csv": "-needs.csv",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "ics": ".ics",
    "popolo": "-popolo.json",
    "html": ".html",
    "matters-csv": "-matters.csv",
}

FILE_STEM = "samverkanskartan"


class ExportError(KartanError):
    """Base class of the errors :func:`export` raises for a bad request."""


class UnknownFormatError(ExportError, ValueError):
    """The format is not one of ``FORMATS``."""

    def __init__(self, fmt: str) -> None:
        self.format = fmt
        super().__init__(f"unknown export format '{fmt}'; choose one of: {', '.join(FORMATS)}")


@dataclass(frozen=True)
class _Options:
    node: str | None
    lang: str
    full: Map | None


@dataclass(frozen=True)
class Export:
    """One exported file: its bytes, media type and a suggested file name."""

    body: bytes
    media_type: str
    filename: str


def export(
    m: Map,
    fmt: str,
    *,
    node: str | None = None,
    lang: str = "sv",
    full: Map | None = None,
) -> Export:
    """Export the map ``m`` as ``fmt`` (one of ``FORMATS``).

    ``node`` limits the ``ics`` calendar to one body's meetings (other formats ignore
    it); ``lang`` ("sv" or "en") chooses the language of labels and of the html page;
    ``full``: when ``m`` is the map at a date (``full.at(day)``), the full map, so the
    html picture keeps the full map's positions.
    Raises :class:`UnknownFormatError` or :class:`UnknownNodeError`.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise UnknownFormatError(fmt)
    if node is not None and node not in m.nodes:
        raise UnknownNodeError(node)
    options = _Options(node=node, lang="en" if lang == "en" else "sv", full=full)
    body = writer(m, options)
    return Export(body=body, media_type=MEDIA_TYPES[fmt], filename=filename(m, fmt, node=node))


def filename(m: Map, fmt: str, *, node: str | None = None) -> str:
    """A file name such as ``samverkanskartan-2023-11-07.ics`` or ``…-nodes.csv``."""
    parts = [FILE_STEM]
    if node is not None and fmt == "ics":
        parts.append(node)
    if m.as_of is not None:
        parts.append(m.as_of.isoformat())
    return "-".join(parts) + _SUFFIX[fmt]


# --- shared helpers -------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop characters XML 1.0 (and CSV readers) cannot carry."""
    return _XML_BAD.sub("", text)


def names(m: Map) -> dict[str, str]:
    """Node id -> name."""
    return {n.id: n.name for n in m.data.nodes}


def contact_text(m: Map, node: Node, lang: str = "sv") -> str | None:
    """'sekreterare via Kommunledningsförvaltningen', or None when the map has no contact.

    A contact "via" the node itself leads nowhere and counts as none."""
    c = usable_contact(node)
    if c is None:
        return None
    sv, en = FUNCTION_LABELS[c.function.value]
    via = m.nodes[c.via].name if c.via in m.nodes else c.via
    return f"{en if lang == 'en' else sv} via {via}"


def decision_attrs(m: Map, n: Node, lang: str) -> dict[str, Any]:
    """Who decides and how to reach the node, as flat values (issue 9)."""
    d = dm.who_decides(m, n.id)
    role = {"decision_body": "decides_for_municipality", "steering_body": "own_steering"}
    return {
        "decision_role": role.get(n.kind.value),
        "decision_status": d.status,
        "decided_by": d.decider if d.status == "known" else None,
        "own_steering": d.steering,
        "who_decides": d.text(m, lang),
        "ask": d.ask.id if d.ask else None,
        "contact_route": contact_route_text(m, n, lang),
        "dates_inferred": n.dates_inferred,
    }


def _node_attrs(m: Map, n: Node, lang: str) -> dict[str, Any]:
    """Every attribute of a node, nested values kept (for JSON)."""
    contact: dict[str, Any] | None = None
    if usable_contact(n) is not None and n.contact is not None:
        c = n.contact
        contact = {
            "function": c.function.value,
            "function_label": FUNCTION_LABELS[c.function.value][1 if lang == "en" else 0],
            "via": c.via,
            "via_name": m.nodes[c.via].name if c.via in m.nodes else None,
            "url": c.url,
            "note": c.note,
            "sources": list(c.sources),
        }
    meets: dict[str, Any] | None = None
    if n.meets is not None:
        place = m.places.get(n.meets.place) if n.meets.place else None
        meets = {
            "place": n.meets.place,
            "place_name": place.name if place else None,
            "address": place.address if place else None,
            "time": n.meets.time,
            "frequency": n.meets.frequency,
        }
    return {
        "name": n.name,
        "name_en": n.name_en,
        "kind": n.kind.value,
        "kind_label": kind_label(n.kind.value, lang),
        "aliases": list(n.aliases),
        "description": n.description,
        "description_en": n.description_en,
        "themes": list(n.themes),
        "audiences": list(n.audiences),
        "entry_point": n.entry_point,
        "how_to_take_part": n.how_to_take_part,
        "contact": contact,
        "meets": meets,
        "url": n.url,
        "external": n.external,
        "inferred": n.inferred,
        "reviewed": iso_date(n.reviewed),
        "valid_from": iso_date(n.valid_from),
        "valid_until": iso_date(n.valid_until),
        "note": n.note,
        "sources": list(n.sources),
        **decision_attrs(m, n, lang),
    }


def _edge_attrs(e: Edge, lang: str) -> dict[str, Any]:
    return {
        "type": e.type,
        "family": e.family,
        "family_label": family_label(e.family, lang),
        "dates_inferred": e.dates_inferred,
        "relation": edge_phrase(e, lang),
        "label": e.label,
        "role": e.role,
        "role_label": role_label(e.role, lang) if e.role else None,
        "inferred": e.inferred,
        "valid_from": iso_date(e.valid_from),
        "valid_until": iso_date(e.valid_until),
        "sources": list(e.sources),
    }


def _graph_attrs(m: Map) -> dict[str, Any]:
    return {
        "title": m.title,
        "owner": m.owner,
        "version": m.version,
        "as_of": iso_date(m.as_of),
    }


def to_graph(m: Map, lang: str = "sv") -> nx.MultiDiGraph:
    """The map as a MultiDiGraph with every attribute (nested values kept)."""
    g = nx.MultiDiGraph(**_graph_attrs(m))
    for n in m.data.nodes:
        g.add_node(n.id, **_node_attrs(m, n, lang))
    for e in m.edges:
        if e.source in m.nodes and e.target in m.nodes:
            g.add_edge(e.source, e.target, key=e.key, **_edge_attrs(e, lang))
    return g


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    """Scalar attributes for GraphML/GEXF: lists joined with ';', dicts flattened, no None."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if isinstance(value, dict):
            for sub, v in _flat(value).items():
                out[f"{key}_{sub}"] = v
        elif isinstance(value, list):
            if value:
                out[key] = _clean(";".join(str(v) for v in value))
        elif isinstance(value, str):
            out[key] = _clean(value)
        elif value is not None:
            out[key] = value
    return out


def _flat_graph(m: Map, lang: str, *, gexf: bool = False) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(**_flat(_graph_attrs(m)))
    for n in m.data.nodes:
        attrs = _flat(_node_attrs(m, n, lang))
        if gexf:
            attrs["label"] = attrs["name"]
        g.add_node(n.id, **attrs)
    for e in m.edges:
        if e.source not in m.nodes or e.target not in m.nodes:
            continue
        attrs = _flat(_edge_attrs(e, lang))
        if gexf:  # GEXF reserves `type` (directed/undirected) and `label` on edges
            attrs["relation_type"] = attrs.pop("type")
            if "label" in attrs:
                attrs["nuance"] = attrs.pop("label")
            attrs["label"] = attrs["relation"]
        g.add_edge(e.source, e.target, key=e.key, **attrs)
    return g


# --- writers ------------------------------------------------------------------------


def _json(m: Map, o: _Options) -> bytes:
    data = nx.node_link_data(to_graph(m, o.lang), edges="edges")
    data["graph"]["needs"] = [_need_record(m, n) for n in needs_at(m, m.as_of)]
    # matters (issue 17): kept as a graph attribute, so node_link_graph keeps them too
    data["graph"]["matters"] = matter_records(o.full or m, m.as_of)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _need_record(m: Map, need: Need) -> dict[str, Any]:
    """A need for the JSON export: the data's fields, with ``status`` (issue 14)."""
    record = need.model_dump(by_alias=True, exclude_defaults=False, mode="json")
    record["status"] = need_status(need)
    return record


def _graphml(m: Map, o: _Options) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(_flat_graph(m, o.lang), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _gexf(m: Map, o: _Options) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(_flat_graph(m, o.lang, gexf=True), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """One CSV cell: text as is (but never a spreadsheet formula), lists ';'-joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = _clean(str(value))
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


NODE_COLUMNS = [
    "id",
    "name",
    "name_en",
    "kind",
    "kind_label",
    "aliases",
    "themes",
    "audiences",
    "entry_point",
    "description",
    "how_to_take_part",
    "contact",
    "contact_function",
    "contact_via",
    "contact_url",
    "meets_place",
    "meets_time",
    "meets_frequency",
    "url",
    "valid_from",
    "valid_until",
    "reviewed",
    "external",
    "inferred",
    "sources",
    # who decides, and how to reach them (issue 9)
    "decision_role",
    "decision_status",
    "decided_by",
    "own_steering",
    "who_decides",
    "ask",
    "contact_route",
    "dates_inferred",
]


def _nodes_csv(m: Map, o: _Options) -> bytes:
    lang = o.lang

    def row(n: Node) -> list[Any]:
        own = usable_contact(n)
        place = m.places.get(n.meets.place) if n.meets and n.meets.place else None
        place_text = ", ".join(x for x in (place.name, place.address) if x) if place else None
        return [
            n.id,
            n.name,
            n.name_en,
            n.kind.value,
            kind_label(n.kind.value, lang),
            n.aliases,
            [m.themes[t].name if t in m.themes else t for t in n.themes],
            [m.audiences[a].name if a in m.audiences else a for a in n.audiences],
            n.entry_point,
            n.description,
            n.how_to_take_part,
            contact_text(m, n, lang),
            own.function.value if own else None,
            own.via if own else None,
            own.url if own else None,
            place_text,
            n.meets.time if n.meets else None,
            n.meets.frequency if n.meets else None,
            n.url,
            iso_date(n.valid_from),
            iso_date(n.valid_until),
            iso_date(n.reviewed),
            n.external,
            n.inferred,
            n.sources,
            *decision_attrs(m, n, lang).values(),
        ]

    return _csv(NODE_COLUMNS, (row(n) for n in m.data.nodes))


RELATION_COLUMNS = [
    "source",
    "source_name",
    "type",
    "relation",
    "target",
    "target_name",
    "role",
    "label",
    "valid_from",
    "valid_until",
    "inferred",
    "sources",
    "key",
    "family",
    "dates_inferred",
]


def _relations_csv(m: Map, o: _Options) -> bytes:
    lang = o.lang
    nm = names(m)
    rows = (
        [
            e.source,
            nm.get(e.source),
            e.type,
            edge_phrase(e, lang),
            e.target,
            nm.get(e.target),
            role_label(e.role, lang) if e.role else None,
            e.label,
            iso_date(e.valid_from),
            iso_date(e.valid_until),
            e.inferred,
            list(e.sources),
            e.key,
            e.family,
            e.dates_inferred,
        ]
        for e in m.edges
        if e.source in m.nodes and e.target in m.nodes
    )
    return _csv(RELATION_COLUMNS, rows)


NEED_COLUMNS = [
    "id",
    "kind",
    "kind_label",
    "text",
    "text_en",
    "group",
    "raised_by",
    "raised_by_names",
    "raised_in",
    "date",
    "themes",
    "theme_names",
    "status",
    "taken_up_by",
    "taken_up_by_names",
    "taken_up_how",
    "taken_up_sources",
    "inferred",
    "note",
    "sources",
]


def _needs_csv(m: Map, o: _Options) -> bytes:
    """The needs from the minutes (issue 14), one row each; as of ``at=`` when given."""
    en = o.lang == "en"
    nm = names(m)

    def who(actor: str) -> str:
        aud = m.audiences.get(actor)
        if aud is not None:
            return (aud.name_en or aud.name) if en else aud.name
        return nm.get(actor, actor)

    def row(n: Need) -> list[Any]:
        return [
            n.id,
            n.kind.value,
            NEED_KIND_LABELS[n.kind.value][1 if en else 0],
            n.text,
            n.text_en,
            n.group,
            n.raised_by,
            [who(a) for a in n.raised_by],
            n.raised_in,
            iso_date(n.date),
            n.themes,
            [m.themes[t].name if t in m.themes else t for t in n.themes],
            need_status(n),
            [t.id for t in n.taken_up_by],
            [nm.get(t.id, t.id) for t in n.taken_up_by],
            [t.label or "" for t in n.taken_up_by],
            [ref for t in n.taken_up_by for ref in t.sources],
            n.inferred,
            n.note,
            n.sources,
        ]

    return _csv(NEED_COLUMNS, (row(n) for n in needs_at(m, m.as_of)))


def _matters_csv(m: Map, o: _Options) -> bytes:
    """The matters (issue 17) as one table; the state is the state on ``at=``."""
    return _csv(MATTER_COLUMNS, matter_rows(o.full or m, o.lang, m.as_of))


def _ics(m: Map, o: _Options) -> bytes:

    return calendar(m, node=o.node, lang=o.lang)


def popolo(m: Map, lang: str = "sv") -> dict[str, Any]:
    """The map in Popolo terms: organizations and organisation-to-organisation memberships."""
    organizations: list[dict[str, Any]] = []
    for n in m.data.nodes:
        org: dict[str, Any] = {
            "id": n.id,
            "name": n.name,
            "classification": n.kind.value,
        }
        decision = decision_attrs(m, n, lang)
        if decision["decision_role"]:
            org["decision_role"] = decision["decision_role"]
        if decision["decided_by"]:
            org["decided_by"] = decision["decided_by"]
        if decision["own_steering"]:
            org["own_steering"] = decision["own_steering"]
        route = dm.contact_route(m, n.id)
        if route is not None:  # a function of an organisation, never a person
            org["contact_details"] = [
                {
                    "type": "function",
                    "label": route.function_label(lang),
                    "value": route.text(m, lang),
                    "note": f"via {route.via}" + ("" if route.own else f", for {route.holder}"),
                }
            ]
        if n.aliases:
            org["other_names"] = [{"name": a} for a in n.aliases]
        parent = next(
            (r.to for r in n.relations if r.type.value == "part_of" and r.to in m.nodes), None
        )
        if parent is not None:
            org["parent_id"] = parent
        if n.description:
            org["description"] = n.description
        if n.valid_from:
            org["founding_date"] = n.valid_from.isoformat()
        if n.valid_until:
            org["dissolution_date"] = n.valid_until.isoformat()
        if n.url:
            org["links"] = [{"url": n.url}]
        org["sources"] = [_popolo_source(m, ref) for ref in n.sources]
        organizations.append(org)
    memberships: list[dict[str, Any]] = []
    for n in m.data.nodes:
        for i, member in enumerate(n.members):
            if member.id not in m.nodes:
                continue
            ms: dict[str, Any] = {
                "id": f"{n.id}/members/{i}",
                "organization_id": n.id,
                "member": {"@type": "Organization", "id": member.id},
                "role": role_label(member.role.value, lang),
                # a seat is a way to raise a matter, never a chain of decision (issue 9)
                "family": "raise",
            }
            if member.label:
                ms["label"] = member.label
            if member.valid_from:
                ms["start_date"] = member.valid_from.isoformat()
            if member.valid_until:
                ms["end_date"] = member.valid_until.isoformat()
            ms["sources"] = [_popolo_source(m, ref) for ref in member.sources]
            memberships.append(ms)
    return {"organizations": organizations, "memberships": memberships}


def _popolo_source(m: Map, ref: str) -> dict[str, str]:
    """A Popolo source: the minutes are not on the web, so a note instead of a url."""
    return {"note": source_text(m, ref)}


def _popolo(m: Map, o: _Options) -> bytes:
    return json.dumps(popolo(m, o.lang), ensure_ascii=False, indent=1).encode("utf-8")


def _html(m: Map, o: _Options) -> bytes:

    return standalone_html(m, lang=o.lang, full=o.full).encode("utf-8")


_WRITERS: dict[str, Callable[[Map, _Options], bytes]] = {
    "json": _json,
    "csv": _nodes_csv,
    "relations-csv": _relations_csv,
    "needs-csv": _needs_csv,
    "graphml": _graphml,
    "gexf": _gexf,
    "ics": _ics,
    "popolo": _popolo,
    "html": _html,
    "matters-csv": _matters_csv,
}
