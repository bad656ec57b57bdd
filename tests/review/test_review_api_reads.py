"""What the read-only API shows of review: the filters, the review columns, an event's mentions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from review_helpers import add_reports, mention

from cronica import review
from cronica.api import create_app
from cronica.api.views import event_detail
from cronica.store.db import Store


def test_filters_columns_and_mentions(make_store: Callable[..., Store], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    store = make_store(
        [mention("a", "juliaca", 9, 3), mention("b", "juliaca", 9, 4), mention("c", "lima", 9)], url
    )
    juliaca, lima = (
        next(e.event_id for e in store.events() if e.location and e.location.name == name)
        for name in ("Juliaca", "Lima")
    )
    review.confirm(store, juliaca, "ana")
    add_reports(store, [mention("f", "juliaca", 9, 5, start=40)])
    review.reject(store, lima, "not_an_event", "ana", "a concert")
    client = TestClient(create_app(url))
    listed = client.get("/api/events").json()["events"]
    assert [e["event_id"] for e in listed] == [juliaca]
    assert client.get("/api/events", params={"reviewed_only": "true"}).json()["total"] == 1
    rejected = client.get("/api/events", params={"review_status": "rejected"}).json()["events"]
    assert [(e["event_id"], e["review_status"]) for e in rejected] == [(lima, "rejected")]
    assert client.get("/api/events", params={"review_status": "maybe"}).status_code == 422
    detail = client.get(f"/api/events/{juliaca}").json()
    assert (detail["review_status"], detail["reviewed_by"], detail["new_since_review"]) == (
        "confirmed",
        "ana",
        True,
    )
    assert [
        (m["mention_id"], m["doc_id"], m["start"], m["new_since_review"]) for m in detail["mentions"]
    ] == [
        ("evt_a_0", "a", 0, False),
        ("evt_b_0", "b", 0, False),
        ("evt_f_40", "f", 40, True),
    ]
    assert client.get(f"/api/events/{lima}").json()["review_status"] == "rejected"  # the page can offer undo


def test_a_machine_event_shows_machine_status() -> None:
    event = mention("a", "lima", 9)
    body = event_detail(event, {}, {"evt_a_0": event})
    assert (body["review_status"], body["reviewed_by"], body["new_since_review"]) == ("machine", None, False)
    assert body["mentions"][0]["text"] == "report a of lima"
