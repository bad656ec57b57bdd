"""The pure helpers behind the API: links, context windows, timelines, details without reports."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.api.views import context_window, event_detail, safe_url, timeline
from cronica.model import Actor, Event, Evidence, Figure, Span


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x?y=1", "https://a.example/x?y=1"),
        ("HTTP://a.example", "HTTP://a.example"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//a.example/x", None),
        ("http:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_allows_only_absolute_http(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_context_window_cuts_at_words_and_says_so() -> None:
    text = " ".join(f"word{i}" for i in range(400))
    start = text.index("word200")
    end = start + len("word200")
    ctx = context_window(text, start, end, chars=50)
    assert ctx["match"] == "word200"
    assert ctx["truncated_before"] and ctx["truncated_after"]
    assert ctx["before"].startswith("word") and ctx["after"].rstrip().split(" ")[-1].startswith("word")
    assert text.index(ctx["before"]) + len(ctx["before"]) == start
    assert 40 <= len(ctx["before"]) <= 100


def test_context_window_clamps_offsets_outside_the_text() -> None:
    ctx = context_window("short text", 5, 500)
    assert (ctx["before"], ctx["match"], ctx["after"]) == ("short", " text", "")
    assert not ctx["truncated_before"] and not ctx["truncated_after"]


def _event(day: dt.date | None, etype: str, killed: int | None) -> Event:
    return Event(
        f"e{day}{etype}", day, None, "day", etype, "Attack", None, Actor("x", "civilians"), None, None, killed
    )


def test_timeline_counts_undated_apart_and_fills_gaps() -> None:
    d = dt.date(2023, 3, 1)
    body = timeline(
        [_event(d, "Riots", 2), _event(d + dt.timedelta(days=2), "Protests", None), _event(None, "Riots", 5)]
    )
    assert [x["date"] for x in body["days"]] == ["2023-03-01", "2023-03-02", "2023-03-03"]
    assert body["undated"] == 1 and body["total_fatalities"] == 2
    empty = {"bucket": "day", "days": [], "types": [], "total_events": 0, "total_fatalities": 0, "undated": 0}
    assert timeline([]) == empty
    sparse = timeline([_event(d, "Riots", 1), _event(d.replace(year=2040), "Riots", 1)])
    assert len(sparse["days"]) == 2  # decades apart: no filling


def test_event_detail_without_the_report_shows_the_stored_sentence() -> None:
    ev = Evidence("gone", 10, 30, "The stored sentence.", "javascript:x", "Outlet", dt.date(2023, 1, 2))
    event = _event(dt.date(2023, 1, 1), "Riots", 3)
    event.evidence = [ev]
    event.figures = [Figure("killed", 3, 3, None, "exact", Span("gone", 10, 20))]
    body = event_detail(event, {})
    (report,) = body["reports"]
    assert report["context"]["match"] == "The stored sentence." and report["context"]["before"] == ""
    assert report["url"] is None and report["source"] == "Outlet" and report["title"] is None
    assert body["figure_sources"][0]["source"] == "Outlet" and body["figure_sources"][0]["quote"] == ""
