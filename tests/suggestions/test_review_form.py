"""The maintainer's change form: choosing another body never carries the first body's
description over to it (the description field starts filled in with the text of the
body the form was made for)."""

from __future__ import annotations

from api.routes.proposals.form import proposal_from_form
from api.routes.suggestions.pages import align_prefill
from kartan.load import load_path
from kartan.proposal import ProposalError, apply_proposal
from tests.helpers import REAL_MAP


def test_switching_the_body_keeps_the_new_bodys_own_description() -> None:
    m = load_path(REAL_MAP, stale_days=None).map
    assert m is not None
    first = m.nodes["samverkansradet"]
    form = {
        "node": "orebro-foreningsrad",
        "prefilled_for": "samverkansradet",
        "description": first.description or "",
        "relation_type": "collaborates_with",
        "relation_to": "samverkansradet",
        "sources": "001 §5",
    }
    values = align_prefill(m, form)
    assert values["prefilled_for"] == "orebro-foreningsrad"
    assert values["description"] == (m.nodes["orebro-foreningsrad"].description or "")
    result = apply_proposal(m.data, proposal_from_form(values["node"], values))
    assert result.valid, result.messages()
    assert result.applied == ["ny relation: collaborates_with → samverkansradet"]
    # without the alignment the first body's text would have been written to the second
    try:
        unaligned = apply_proposal(m.data, proposal_from_form(form["node"], form))
    except ProposalError:
        return
    assert "ny beskrivning" in unaligned.applied


def test_the_same_body_keeps_what_the_maintainer_wrote() -> None:
    m = load_path(REAL_MAP, stale_days=None).map
    assert m is not None
    form = {"node": "samverkansradet", "prefilled_for": "samverkansradet", "description": "Ny."}
    assert align_prefill(m, form) == form
