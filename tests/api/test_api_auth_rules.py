"""The pure rules behind write access: origins, bearer headers, the failed-attempt brake, the cache reset."""

from __future__ import annotations

import pytest

from cronica.api.auth import bearer_token, is_foreign, origin_key
from cronica.api.cache import ResponseCache
from cronica.api.ratelimit import FailureLimiter

OWN = "http://127.0.0.1:8000/"


@pytest.mark.parametrize(
    ("origin", "fetch_site", "foreign"),
    [
        ("http://127.0.0.1:8000", None, False),
        ("HTTP://127.0.0.1:8000", "same-origin", False),
        ("http://127.0.0.1:8001", None, True),
        ("https://127.0.0.1:8000", None, True),
        ("http://evil.example", "same-origin", True),  # Origin decides when present
        ("null", None, True),
        ("", None, True),
        (None, "cross-site", True),
        (None, "same-site", True),
        (None, "same-origin", False),
        (None, "none", False),
        (None, None, False),  # not from a browser page: the token decides
    ],
)
def test_foreign_requests(origin: str | None, fetch_site: str | None, foreign: bool) -> None:
    assert is_foreign(origin, fetch_site, OWN) is foreign


def test_default_ports_are_filled_in() -> None:
    assert origin_key("https://Example.org") == origin_key("https://example.org:443/x")
    assert origin_key("http://example.org") != origin_key("https://example.org")
    assert origin_key("http://[::1") is None and origin_key("example.org") is None


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer crn_abc", "crn_abc"),
        ("bearer   crn_abc ", "crn_abc"),
        ("Basic crn_abc", None),
        ("Bearer", None),
        ("Bearer ", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_more_than_the_limit_of_failures_blocks_the_address_until_they_age_out() -> None:
    clock = Clock()
    limiter = FailureLimiter(limit=10, window_s=300, clock=clock)
    for _ in range(10):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.fail("10.0.0.1")
        clock.now += 1
    assert limiter.retry_after("10.0.0.1") == 290  # the first failure leaves the window at 1300
    assert limiter.retry_after("10.0.0.2") is None  # another address is not blocked
    clock.now = 1300.0
    assert limiter.retry_after("10.0.0.1") is None  # nine failures left in the window


def test_the_limiter_forgets_the_stalest_addresses_beyond_its_size() -> None:
    clock = Clock()
    limiter = FailureLimiter(limit=1, window_s=300, clock=clock, max_addresses=3)
    for i in range(4):
        limiter.fail(f"a{i}")
        clock.now += 1
    assert limiter.retry_after("a0") is None
    assert all(limiter.retry_after(f"a{i}") is not None for i in (1, 2, 3))


def test_clearing_the_cache_makes_the_next_get_compute_again() -> None:
    cache = ResponseCache(ttl_s=60)
    calls: list[int] = []
    assert cache.get("k", lambda: calls.append(1) or 1) == 1
    assert cache.get("k", lambda: calls.append(2) or 2) == 1
    cache.clear()
    assert cache.get("k", lambda: calls.append(3) or 3) == 3
    assert calls == [1, 3]


def test_a_value_computed_across_a_clear_is_not_kept() -> None:
    cache = ResponseCache(ttl_s=60)

    def stale() -> str:
        cache.clear()  # a write lands while this answer is computed
        return "old"

    assert cache.get("k", stale) == "old"
    assert cache.get("k", lambda: "new") == "new"
