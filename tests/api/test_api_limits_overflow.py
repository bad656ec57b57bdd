"""A page size or offset past what a database integer holds is refused with 422, never a 500."""

from __future__ import annotations

import pytest
from api_sample import Sample
from fastapi.testclient import TestClient

from cronica.api import create_app


@pytest.mark.parametrize(
    "url",
    [
        "/api/events.geojson?limit=9223372036854775808",
        "/api/events?limit=9223372036854775808",
        "/api/events?offset=9223372036854775808",
    ],
)
def test_huge_integers_are_refused(sample: Sample, url: str) -> None:
    response = TestClient(create_app(sample.url)).get(url)
    assert response.status_code == 422
