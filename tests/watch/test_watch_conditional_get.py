"""The conditional GET under `cronica watch`: validators are sent back and a 304 reads no body."""

from __future__ import annotations

from typing import Any

from cronica.sources.fetch import FetchLimits, Validators, fetch_if_changed, fetch_url

LOOPBACK = FetchLimits(timeout_s=10, allow_hosts=frozenset({"127.0.0.1"}))


def test_validators_come_back_and_make_a_304(feed: Any, reports: list[dict[str, Any]]) -> None:
    feed.publish(reports[:1])
    first = fetch_if_changed(feed.url, Validators(), LOOPBACK)
    assert not first.unchanged and first.body.startswith(b"<?xml") and first.name.endswith(".xml")
    assert first.validators == Validators(feed.headers()["ETag"], feed.headers()["Last-Modified"])
    again = fetch_if_changed(feed.url, first.validators, LOOPBACK)
    assert again.unchanged and again.body == b"" and again.validators == first.validators
    feed.publish(reports[1:2])
    changed = fetch_if_changed(feed.url, first.validators, LOOPBACK)
    assert not changed.unchanged and changed.validators.etag != first.validators.etag


def test_a_plain_fetch_sends_no_condition(feed: Any, reports: list[dict[str, Any]]) -> None:
    feed.publish(reports[:1])
    body, _ = fetch_url(feed.url, LOOPBACK)
    body_again, _ = fetch_url(feed.url, LOOPBACK)
    assert body == body_again and feed.not_modified["/feed.xml"] == 0


def test_a_validator_that_could_split_a_header_is_dropped() -> None:
    from cronica.sources.fetch import _header

    assert _header(' "abc" ') == '"abc"'
    assert _header('"a"\r\nX-Evil: 1') is None and _header("") is None and _header("x" * 501) is None
