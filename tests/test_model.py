"""The records of DESIGN.md section 4: field names pinned, JSON round-trips exactly."""

from __future__ import annotations

import datetime as dt
import json

from cronica.model import (
    Actor,
    Document,
    Event,
    Evidence,
    Figure,
    Place,
    Quote,
    Span,
    Tally,
    content_hash,
    record_from_dict,
)

EVENT_KEYS = [
    "record", "event_id", "event_date", "date_end", "date_precision", "event_type", "sub_event_type",
    "plover", "actor1", "actor2", "location", "fatalities", "injuries", "arrests", "crowd_size", "figures",
    "tags", "background", "confidence", "evidence", "disputed",
]  # fmt: skip
LOCATION_KEYS = [
    "name",
    "country",
    "country_code",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "geonames_id",
    "geo_precision",
]
FIGURE_KEYS = ["kind", "value", "low", "high", "qualifier", "evidence"]
EVIDENCE_KEYS = ["doc_id", "url", "source", "published", "start", "end", "text"]
TALLY_KEYS = ["record", "kind", "value", "qualifier", "subject", "as_of", "country_code", "evidence"]


def sample_event() -> Event:
    return Event(
        event_id="evt_1",
        event_date=dt.date(2023, 1, 9),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover="PROTEST",
        actor1=Actor("demonstrators", "protesters"),
        actor2=Actor("National Police of Peru", "state_forces"),
        location=Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1),
        fatalities=18,
        figures=[Figure("killed", 18, 18, None, "at_least", Span("d1", 812, 968))],
        tags=["roadblock", "live_ammunition"],
        confidence=0.86,
        evidence=[
            Evidence(
                "d1", 812, 968, "On January 9 ...", "https://example.org/a", "Outlet", dt.date(2023, 1, 16)
            )
        ],
    )


def test_event_keys_are_the_contract() -> None:
    d = sample_event().to_dict()
    assert list(d) == EVENT_KEYS
    assert list(d["location"]) == LOCATION_KEYS
    assert list(d["figures"][0]) == FIGURE_KEYS
    assert list(d["figures"][0]["evidence"]) == ["doc_id", "start", "end"]
    assert list(d["evidence"][0]) == EVIDENCE_KEYS
    assert list(d["actor1"]) == ["name", "type"]


def test_event_json_round_trip_is_exact() -> None:
    d = sample_event().to_dict()
    text = json.dumps(d, ensure_ascii=False)
    again = record_from_dict(json.loads(text)).to_dict()
    assert again == d
    assert json.dumps(again, ensure_ascii=False) == text


def test_tally_keys_and_round_trip() -> None:
    t = Tally(
        "killed",
        49,
        "exact",
        "deaths in the protests",
        dt.date(2023, 1, 10),
        "PE",
        Quote("d1", 1020, 1115, "bringing the total to 49"),
    )
    d = t.to_dict()
    assert list(d) == TALLY_KEYS
    assert list(d["evidence"]) == ["doc_id", "start", "end", "text"]
    assert record_from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_document_round_trip_and_hash() -> None:
    doc = Document(
        "d1", "Police  fired\r\non protesters.", title="t", published=dt.date(2023, 1, 9), lang="en"
    )
    assert Document.from_dict(doc.to_dict()) == doc
    assert doc.content_hash == content_hash("Police fired on protesters.")
