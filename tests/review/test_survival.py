"""Decisions survive the machine: new reports, re-processing and re-fusion keep what people decided."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from review_helpers import add_reports, mention, snapshot

from cronica import review
from cronica.model import Event
from cronica.run.fusion import fuse_store
from cronica.store.db import EventFilter, Store


def only(store: Store, **flt: object) -> Event:
    (event,) = store.events(EventFilter(**flt))  # type: ignore[arg-type]
    return event


def test_a_new_report_joins_a_reviewed_event_as_new_evidence(make_store: Callable[..., Store]) -> None:
    store = make_store([mention("a", "juliaca", 9, 3), mention("b", "juliaca", 9, 4)])
    event_id = only(store).event_id
    review.correct(store, event_id, {"fatalities": 5}, "ana", "the regional count")
    add_reports(store, [mention("f", "juliaca", 9, 9)])
    event = only(store)
    assert event.event_id == event_id and event.fatalities == 5  # the correction stands
    assert event.review is not None and event.review.new_mentions == ["evt_f_0"]
    assert event.to_dict()["new_since_review"] is True
    assert event.review.overrides["fatalities"]["machine"] == 3
    assert {ev.doc_id for ev in event.evidence} == {"a", "b", "f"}
    (item,) = review.review_queue(store)
    assert "new evidence since review" in item.reasons and item.event["event_id"] == event_id
    review.confirm(store, event_id, "ana")  # a person saw the new report: no longer new
    assert only(store).review.new_mentions == []  # type: ignore[union-attr]
    assert review.review_queue(store) == []


def test_a_rejected_event_does_not_come_back(make_store: Callable[..., Store]) -> None:
    store = make_store([mention("a", "lima", 9)])
    event_id = only(store).event_id
    review.reject(store, event_id, "not_an_event", "ana", "a football match")
    add_reports(store, [mention("g", "lima", 9)])
    fuse_store(store)
    assert store.events() == []
    rejected = only(store, review_status="rejected")
    assert rejected.event_id == event_id and rejected.review.new_mentions == ["evt_g_0"]  # type: ignore[union-attr]


def test_a_reprocessed_report_is_re_anchored(make_store: Callable[..., Store]) -> None:
    store = make_store([mention("a", "juliaca", 9, 3), mention("b", "lima", 9, 1)])
    juliaca = only(store, country="PE", admin1="Puno")
    lima = only(store, country="PE", admin1="Lima")
    review.merge(store, [juliaca.event_id, lima.event_id], "ana", "one march told twice")
    # the report is processed again and its mention gets another id (another span, another sub-type)
    again = dataclasses.replace(mention("a", "juliaca", 9, 3, start=4), sub_event_type="Peaceful protest")
    again.event_id = "evt_a_again"
    with store.begin() as conn:
        store.save_results("a", [again], [], conn)
    fuse_store(store, {"PE"})
    event = only(store)
    assert event.event_id == juliaca.event_id and {ev.doc_id for ev in event.evidence} == {"a", "b"}
    assert event.review is not None and event.review.new_mentions == []
    incremental = snapshot(store)
    fuse_store(store)
    assert snapshot(store) == incremental
