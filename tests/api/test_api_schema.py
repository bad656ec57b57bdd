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


@pytest.fixture(scope="module")
def write_schema(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str, dict[str, str]]:
    """The schema of an app over its own sample, a reviewer's token, and the sample's event ids."""
    from cronica.store import open_store
    from cronica.users import add_user

    root: Path = tmp_path_factory.mktemp("writes")
    sample = build_sample(f"sqlite:///{root / 'writes.db'}")
    token = add_user(open_store(sample.url), "fuzz", "reviewer")
    app = create_app(sample.url, web_dir=root / "no-dist")
    return schemathesis.openapi.from_asgi("/openapi.json", app), token, sample.events


@pytest.mark.parametrize("path", WRITES)
def test_write_endpoint_with_a_token_never_fails_with_a_5xx(
    write_schema: tuple[Any, str, dict[str, str]], path: str
) -> None:
    schema, token, events = write_schema
    operation = schema[path]["POST"]
    ids = sorted(events.values())

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Any) -> None:
        if case.path_parameters and len(case.path_parameters.get("event_id", "")) % 2:
            # half the cases act on a real event, so that the library's checks run, not only the 404
            case.path_parameters["event_id"] = ids[len(case.path_parameters["event_id"]) % len(ids)]
        r = case.call(headers={"Authorization": f"Bearer {token}"})
        assert r.status_code < 500, (case.path_parameters, case.body, r.text)

    check()
