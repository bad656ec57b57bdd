"""The review log is append-only on both backends, and one review round trip works on each."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from review_helpers import mention, snapshot

from cronica import review
from cronica.run.fusion import fuse_store
from cronica.store.db import Store


@pytest.fixture
def store(make_store: Callable[..., Store], db_url: str) -> Store:
    return make_store([mention("a", "juliaca", 9, 3), mention("b", "juliaca", 9, 4)], db_url)


def test_the_log_refuses_update_and_delete(store: Store) -> None:
    event_id = store.events()[0].event_id
    review.confirm(store, event_id, "ana", "looked at it")
    for statement in ("UPDATE review_log SET reason = 'changed'", "DELETE FROM review_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.begin() as conn:
            conn.execute(sa.text(statement))
    assert [a.reason for a in review.review_log(store)] == ["looked at it"]


def test_round_trip(store: Store) -> None:
    event_id = store.events()[0].event_id
    review.correct(store, event_id, {"fatalities": 4, "background": False}, "ana", "the later count")
    split = review.split(store, event_id, ["evt_b_0"], "bea", "two streets")
    review.undo(store, split.action_id, "ana", "one street")
    incremental = snapshot(store)
    fuse_store(store)
    assert snapshot(store) == incremental
    event = store.event(event_id)
    assert event is not None and (event.fatalities, event.review_status) == (4, "corrected")
    actions = review.history(store, event_id)
    assert [(a.action, a.user) for a in actions] == [("correct", "ana"), ("split", "bea"), ("undo", "ana")]
    assert actions[0].at.tzinfo is not None and actions[1].undone_by == actions[2].action_id
    assert [a.action for a in review.review_log(store, user="bea")] == ["split"]
    assert [a.action for a in review.review_log(store, after_id=actions[0].action_id, limit=1)] == ["split"]
