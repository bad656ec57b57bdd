"""The event filters of the API take ACLED's types from the taxonomy, in the schema and when checked."""

from __future__ import annotations

import pytest
from api_sample import Sample
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.api.params import event_filter
from cronica.taxonomy import event_type_names, sub_event_type_names


def test_openapi_lists_the_types_and_sub_types(sample: Sample) -> None:
    spec = TestClient(create_app(sample.url)).get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params["type"]["enum"] == list(event_type_names())
    assert params["sub_type"]["enum"] == list(sub_event_type_names())
    assert len(params["sub_type"]["enum"]) == 25


def test_event_filter_accepts_acled_spelling_only() -> None:
    accepted = event_filter(
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED"
    )
    assert accepted.event_type == "Explosions/Remote violence"
    with pytest.raises(RequestValidationError) as bad_type:
        event_filter(event_type="Explosions")
    assert "Battles" in bad_type.value.errors()[0]["msg"]
    with pytest.raises(RequestValidationError):
        event_filter(sub_event_type="Peaceful Protest")
