"""Property tests: the events are a function of the reports and the review log, whatever the order.

Store A receives some reports, then review actions, then the other reports in
batches (each fused as it comes, as ``cronica process`` does); after every step
its events equal a full re-fusion. Store B receives every report at once, in
another order, and A's log; one full fusion must give A's events exactly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_helpers import add_reports, mention, snapshot

from cronica import review
from cronica.model import Event
from cronica.review import InvalidReviewError
from cronica.run.fusion import fuse_store
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.db import EventFilter, Store

REPORT = st.tuples(st.sampled_from(["juliaca", "lima", "bogota"]), st.sampled_from([9, 10]),
                   st.one_of(st.none(), st.integers(0, 6)))  # fmt: skip
ACTION = st.tuples(
    st.sampled_from(["confirm", "correct", "merge", "split", "reject", "undo"]),
    st.integers(0, 20),
    st.integers(0, 20),
    st.integers(0, 40),
)


def _reports(specs: list[tuple[str, int, int | None]]) -> list[Event]:
    return [mention(f"d{i}", place, day, killed) for i, (place, day, killed) in enumerate(specs)]


def _holding(store: Store, mention_id: str) -> str | None:
    with store.begin() as conn:
        row = conn.execute(
            sa.select(t.event_mentions.c.event_id).where(t.event_mentions.c.mention_id == mention_id)
        ).first()
    return row[0] if row else None


def _act(store: Store, ids: list[str], step: tuple[str, int, int, int]) -> None:
    """One review action on the events holding the mentions the step picks; refused ones are skipped."""
    kind, i, j, value = step
    first, second = _holding(store, ids[i % len(ids)]), _holding(store, ids[j % len(ids)])
    assert first is not None and second is not None
    try:
        if kind == "confirm":
            review.confirm(store, first, "ana")
        elif kind == "correct":
            review.correct(store, first, {"fatalities": value, "tags": [f"t{value % 3}"]}, "ana", "counted")
        elif kind == "merge":
            review.merge(store, [first, second], "bea", "one incident")
        elif kind == "split":
            review.split(store, first, [ids[j % len(ids)]], "bea", "two incidents")
        elif kind == "reject":
            review.reject(store, first, "duplicate", "ana", "told twice")
        else:
            log = review.review_log(store)
            if log:
                review.undo(store, log[value % len(log)].action_id, "ana", "changed my mind")
    except InvalidReviewError:
        pass


def _matches_full_refusion(store: Store) -> list[Any]:
    now = snapshot(store)
    fuse_store(store)
    assert snapshot(store) == now
    return now


def _copy_log(src: Store, dst: Store) -> None:
    with src.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.review_log).order_by("action_id"))]
    with dst.begin() as conn:
        if rows:
            conn.execute(t.review_log.insert(), rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=st.lists(REPORT, min_size=2, max_size=7),
    n_first=st.integers(1, 7),
    steps=st.lists(ACTION, max_size=6),
    batches=st.lists(st.integers(1, 3), min_size=1, max_size=4),
    order=st.randoms(use_true_random=False),
)
def test_events_depend_only_on_reports_and_log(
    specs: list[tuple[str, int, int | None]],
    n_first: int,
    steps: list[tuple[str, int, int, int]],
    batches: list[int],
    order: Any,
) -> None:
    reports = _reports(specs)
    first, late = reports[:n_first], reports[n_first:]
    with tempfile.TemporaryDirectory() as tmp:
        a = open_store(f"sqlite:///{Path(tmp) / 'a.db'}")
        add_reports(a, first)
        for step in steps:
            _act(a, [m.event_id for m in first], step)
            _matches_full_refusion(a)
        order.shuffle(late)
        pos = 0
        for size in batches * 3:
            if pos < len(late):
                add_reports(a, late[pos : pos + size])
                pos += size
                _matches_full_refusion(a)
        add_reports(a, late[pos:])
        b = open_store(f"sqlite:///{Path(tmp) / 'b.db'}")
        shuffled = list(reports)
        order.shuffle(shuffled)
        add_reports(b, shuffled)
        _copy_log(a, b)
        fuse_store(b)
        assert snapshot(b) == _matches_full_refusion(a)
        _every_decision_kept(a)


def _every_decision_kept(store: Store) -> None:
    """Each reviewed event still holds what people put in it, and shows their corrections."""
    from cronica.review.storage import load_state

    with store.begin() as conn:
        state = load_state(conn)
    stored = {e.event_id: e for e in store.events(EventFilter(include_background=True))}
    stored |= {e.event_id: e for e in store.events(EventFilter(review_status="rejected"))}
    for gid, group in state.groups.items():
        if not group.mentions:
            continue
        event = stored[gid]
        assert event.review_status == group.status
        for name, override in group.overrides.items():
            assert event.to_dict()[name] == override["human"]
        holding = {m: _holding(store, m) for m in group.mentions}
        assert set(holding.values()) == {gid}
