"""Schemathesis: generated requests against /openapi.json; responses must conform and never be 500.

Driven through schemathesis' Python API with Hypothesis (its pytest plugin's
lazy fixture loader does not run under pytest 9).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from api_sample import build_sample  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from cronica.api import create_app  # noqa: E402

ENDPOINTS = [
    "/api/events",
    "/api/events/{event_id}",
    "/api/events.geojson",
    "/api/timeline",
    "/api/aggregates/admin1",
    "/api/aggregates/actor-type",
    "/api/map",
    "/api/facets",
    "/api/tallies",
    "/api/export",
    "/api/config",
    "/api/events/{event_id}/history",
    "/api/review/queue",
    "/api/review/log",
    "/api/places",
]
# the review writes (POST, token needed): listed in the schema, not generated against here
WRITES = [
    "/api/auth/check",
    "/api/events/{event_id}/confirm",
    "/api/events/{event_id}/correct",
    "/api/events/merge",
    "/api/events/{event_id}/split",
    "/api/events/{event_id}/reject",
    "/api/review/undo",
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("schema")
    sample = build_sample(f"sqlite:///{root / 'schema.db'}")
    app = create_app(sample.url, web_dir=root / "no-dist")
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_schema_lists_every_endpoint(api_schema: Any) -> None:
    paths = {r.ok().path for r in api_schema.get_all_operations()}
    assert paths == set(ENDPOINTS) | set(WRITES)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_endpoint_conforms_to_its_schema(api_schema: Any, path: str) -> None:
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Any) -> None:
        # Rules JSON Schema cannot state (since <= until, bbox min <= max and within range, no
        # control characters) make some schema-valid requests a 422: the positive-data check is
        # left out; every other check (no 5xx, status codes, content types, bodies, and
        # schema-invalid requests rejected) runs.
        case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])

    check()
