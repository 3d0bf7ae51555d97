"""Property-based tests of every GET operation in ``/api/openapi.json`` with schemathesis.

Against the app on the small API map, in-process (schemathesis runs its lifespan): generated valid requests must give a
documented status, content type and a body that matches the documented schema;
generated invalid requests must never give a server error.  Deterministic
(``derandomize``, the routine Hypothesis profile of ``tests/conftest.py``) and bounded: ``POSITIVE`` + ``NEGATIVE`` examples per operation,
at least ``MIN_CASES`` requests in all.

``POST /api/proposals`` is left out: it is rate limited per address (429 after ten a
minute) and writes proposals; the maintainers' workflow tests cover it.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.helpers import examples

# per operation in the routine run (HYPOTHESIS_PROFILE=thorough: ten times as many)
POSITIVE = examples(30)
NEGATIVE = examples(12)
MIN_CASES = 300

# positive_data_acceptance: a request the description allows is not refused (the guide's
# "one of q, theme, audience, from", the real `at` pattern and the theme ids are stated
# in it, api/openapi.py); negative_data_rejection: one it forbids is refused.
POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]
NEGATIVE_CHECKS = [not_a_server_error, content_type_conformance, negative_data_rejection]


def _run(operation: Any, mode: GenerationMode, max_examples: int, checks: list[Any]) -> int:
    count = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=max_examples, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        nonlocal count
        count += 1
        case.call_and_validate(checks=checks)

    check()
    return count


def test_every_get_operation(api_server: Any) -> None:
    app = create_app(api_server.app.state.settings)  # its own app: schemathesis starts it
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app).include(method="GET")
    counts: dict[str, int] = {}
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the schema of an operation is invalid: fail with its error
        operation = result.ok()
        label = operation.label
        counts[label] = _run(operation, GenerationMode.POSITIVE, POSITIVE, POSITIVE_CHECKS)
        if operation.query or operation.path_parameters:
            counts[label] += _run(operation, GenerationMode.NEGATIVE, NEGATIVE, NEGATIVE_CHECKS)
    assert "GET /api/nodes/{node_id}" in counts and "GET /api/graph" in counts
    total = sum(counts.values())
    print(f"schemathesis: {total} cases over {len(counts)} operations: {counts}")
    assert total >= MIN_CASES, counts
