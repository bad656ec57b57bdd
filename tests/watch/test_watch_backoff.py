"""A failing source backs off (exponentially, capped, recorded in the database) while the others
keep being polled; it is polled again when its wait is over, and a success clears the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cronica.config import Settings
from cronica.run.manifest import new_run_id
from cronica.store import open_store
from cronica.store.watch_state import load_sources
from cronica.watch.backoff import backoff_seconds, is_due
from cronica.watch.cycle import Pace, run_cycle

PACE = Pace(every_s=60, max_backoff_s=300)
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("failures", "wait"), [(0, 0), (1, 120), (2, 240), (3, 300), (40, 300), (10_000, 300)]
)
def test_backoff_doubles_up_to_the_cap(failures: int, wait: float) -> None:
    assert backoff_seconds(failures, PACE.every_s, PACE.max_backoff_s) == wait


def test_a_wait_is_never_shorter_than_one_interval() -> None:
    assert backoff_seconds(1, every_s=600, cap_s=60) == 600


def test_due_reads_naive_times_as_utc() -> None:
    assert is_due(None, T0)
    assert not is_due((T0 + dt.timedelta(seconds=1)).replace(tzinfo=None), T0)
    assert is_due(T0.replace(tzinfo=None), T0)


def _at(minutes: float) -> Any:
    return lambda: T0 + dt.timedelta(minutes=minutes)


def test_a_failing_source_backs_off_while_another_is_polled(
    feed: Any, reports: list[dict[str, Any]], db_url: str
) -> None:
    feed.publish(reports[:2])
    broken = feed.url.replace("/feed.xml", "/broken.xml")
    specs = [broken, feed.url]
    settings = Settings(db=db_url, fetch_allow_hosts="127.0.0.1")
    store = open_store(db_url)

    first = run_cycle(store, specs, settings, PACE, new_run_id(), 1, clock=_at(0))
    assert (first.polled, first.failed, first.with_new) == (2, 1, 1)
    assert "HTTP 500" in first.errors[0].reason and first.errors[0].wait_s == 120

    second = run_cycle(store, specs, settings, PACE, new_run_id(), 2, clock=_at(1))
    assert (second.polled, second.waiting, second.unchanged) == (1, 1, 1)
    assert feed.requests["/broken.xml"] == 1 and feed.requests["/feed.xml"] == 2

    # a new process reads the back-off from the database: still waiting at 1.5 min, polled at 2
    state = load_sources(open_store(db_url), specs)[broken]
    assert state.failures == 1 and "HTTP 500" in (state.last_error or "")
    assert run_cycle(open_store(db_url), specs, settings, PACE, new_run_id(), clock=_at(1.5)).waiting == 1
    third = run_cycle(open_store(db_url), specs, settings, PACE, new_run_id(), 3, clock=_at(2))
    assert third.failed == 1 and third.errors[0].failures == 2 and third.errors[0].wait_s == 240
    assert feed.requests["/broken.xml"] == 2 and feed.requests["/feed.xml"] == 4


def test_a_source_that_recovers_is_polled_every_cycle_again(
    feed: Any, reports: list[dict[str, Any]], sqlite_url: str
) -> None:
    settings = Settings(db=sqlite_url, fetch_allow_hosts="127.0.0.1")
    store = open_store(sqlite_url)
    down = run_cycle(store, [feed.url], settings, PACE, new_run_id(), clock=_at(0))  # no entries yet
    assert down.failed == 1 and "no entries" in down.errors[0].reason
    feed.publish(reports[:1])
    up = run_cycle(store, [feed.url], settings, PACE, new_run_id(), clock=_at(2))
    assert up.documents == 1
    state = load_sources(store, [feed.url])[feed.url]
    assert (state.failures, state.last_error, state.next_poll_at) == (0, None, None)
