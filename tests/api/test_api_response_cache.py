"""The short-lived cache of aggregates, map grids and counts (cronica/api/cache.py)."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.api.cache import ResponseCache
from cronica.model import Event


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_value_is_kept_for_the_ttl_then_computed_again() -> None:
    clock = Clock()
    cache = ResponseCache(5.0, clock=clock)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    clock.now += 4.9
    assert cache.get("k", compute) == 1
    clock.now += 0.2
    assert cache.get("k", compute) == 2
    assert cache.get("other", compute) == 3


def test_off_when_the_ttl_is_zero() -> None:
    cache = ResponseCache(0.0)
    values = iter(range(10))
    assert [cache.get("k", lambda: next(values)) for _ in range(3)] == [0, 1, 2]


def test_the_least_recently_used_goes_first() -> None:
    cache = ResponseCache(60.0, max_entries=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 99)  # a is used again: b is now the oldest
    cache.get("c", lambda: 3)
    assert cache.get("a", lambda: -1) == 1 and cache.get("b", lambda: -2) == -2


def test_requests_at_once_compute_a_key_once() -> None:
    cache = ResponseCache(60.0)
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "done"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["done"] * 8 and len(calls) == 1


def test_a_failure_is_not_kept() -> None:
    cache = ResponseCache(60.0)

    def boom() -> int:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get("k", boom)
    assert cache.get("k", lambda: 7) == 7


def test_the_app_answers_from_the_cache_until_it_expires(scale_any: tuple[str, list[Event]]) -> None:
    url = scale_any[0]
    app = create_app(url, cache_s=60.0)
    client = TestClient(app)
    before = client.get("/api/aggregates/admin1?type=Riots").json()
    first = client.get("/api/events?limit=1&type=Riots").json()["total"]
    store = app.state.store
    with store.begin() as conn:
        conn.exec_driver_sql("DELETE FROM events WHERE event_type = 'Riots'")
    assert client.get("/api/aggregates/admin1?type=Riots").json() == before  # kept
    assert client.get("/api/events?limit=1&type=Riots").json()["total"] == first  # the count too
    assert client.get("/api/events?limit=1&type=Riots").json()["events"] == []  # pages are never kept
    assert client.get("/api/aggregates/admin1?type=Riots&country=PE").json()["events"] == 0  # another key
    fresh = TestClient(create_app(url)).get("/api/aggregates/admin1?type=Riots").json()
    assert fresh["rows"] == [] and before["rows"]
