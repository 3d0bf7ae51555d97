"""``GET /api/analysis``: where collaboration is fragile or incomplete (:mod:`kartan.analysis`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, ViewDep
from api.errors import ERROR_RESPONSES
from api.responses import json_response
from api.routes.needs import needs_gap
from api.schemas import (
    AnalysisOut,
    BridgeOut,
    CutPointOut,
    NodeBrief,
    ReportBackOut,
    SharedMembersOut,
    StaleOut,
    ThemeGapOut,
    UnknownDeciderOut,
)
from api.views import to_json
from kartan import analysis as an
from kartan import decisions as dm
from kartan.labels import kind_label
from kartan.map import Map

router = APIRouter(prefix="/api", tags=["analysis"], responses=ERROR_RESPONSES)


def build(m: Map, today: dt.date, stale_days: int, limit: int) -> AnalysisOut:
    """Every analysis of ``m``, each list cut to ``limit`` items (``totals`` has the counts)."""
    cuts = an.articulation_points(m)
    brs = an.bridges(m)
    orphans = an.without_path_to_decision(m)
    gaps = an.themes_without_forum(m)
    stale = an.stale_nodes(m, today, stale_days)
    shared = an.shared_members(m)
    silent = an.matters_without_report_back(m)  # issue 17
    unknown = dm.unknown_deciders(m)  # issue 9
    name = {n.id: n.name for n in m.data.nodes}
    return AnalysisOut(
        version=m.version,
        as_of=m.as_of,
        today=today,
        stale_days=stale_days,
        totals={
            "articulation_points": len(cuts),
            "bridges": len(brs),
            "without_path_to_decision": len(orphans),
            "themes_without_forum": len(gaps),
            "stale_nodes": len(stale),
            "shared_members": len(shared),
            "matters_without_report_back": sum(len(r.without) for r in silent),
            "unknown_decider": len(unknown),
        },
        articulation_points=[CutPointOut.of(c, cut_off_examples=c.examples) for c in cuts[:limit]],
        bridges=[
            BridgeOut.of(
                b,
                from_=b.source,
                to=b.target,
                from_name=b.source_name,
                to_name=b.target_name,
            )
            for b in brs[:limit]
        ],
        without_path_to_decision=[
            NodeBrief(id=n.id, name=n.name, kind=n.kind, kind_label=kind_label(n.kind))
            for n in orphans[:limit]
        ],
        without_path_kinds=sorted(an.PATH_KINDS),
        themes_without_forum=[ThemeGapOut.of(g) for g in gaps[:limit]],
        stale_nodes=[StaleOut.of(x) for x in stale[:limit]],
        shared_members=[
            SharedMembersOut.of(
                p,
                a_name=name[p.a],
                b_name=name[p.b],
                shared_names=[name.get(i, i) for i in p.shared],
            )
            for p in shared[:limit]
        ],
        needs_without_forum=needs_gap(m, m.as_of),
        matters_without_report_back=[
            ReportBackOut.of(r, without_report_back=r.without) for r in silent[:limit]
        ],
        unknown_decider=[
            UnknownDeciderOut.of(u, kind_label=kind_label(u.kind)) for u in unknown[:limit]
        ],
        unknown_decider_counts=dm.unknown_counts(unknown),
        unknown_decider_kinds=sorted(dm.WORK_LIST_KINDS),
    )


@router.get("/analysis", response_model=AnalysisOut)
async def analysis(
    view: ViewDep,
    store: StoreDep,
    limit: Annotated[
        int, Query(ge=1, le=10_000, description="At most this many items in each list.")
    ] = 200,
) -> Response:
    """Where collaboration is fragile or incomplete, for the council:
    `articulation_points` (bodies whose loss would cut others off – where collaboration
    hangs on one body), `bridges` (single links doing the same), `without_path_to_decision`
    (bodies of the kinds in `without_path_kinds` with no path to a decision body),
    `themes_without_forum` (themes no council, forum, network or working group works
    on), `stale_nodes` (not reviewed within `stale_days`, or never) and
    `shared_members` (arenas sharing member organisations) and
    `matters_without_report_back` (matters the council sent elsewhere that never appear
    again in the minutes, by receiving body) and `unknown_decider` (the maintainers'
    work list: every body, funding, assignment and agreement whose deciding body the map
    does not know, counted per kind in `unknown_decider_counts`).  Each item has its
    explanation in Swedish where one helps; `totals` counts each list before `limit`.
    With `at=` the map as it stood on that date, reviewed as of that date."""
    today = view.day or dt.date.today()
    stale_days = store.stale_days

    def make() -> bytes:
        return to_json(build(view.map, today, stale_days, limit))

    return json_response(await view.compute("analysis", today, limit, make=make))
