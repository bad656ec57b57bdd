"""Keyset pagination: every sort order, followed by cursor, gives every event once, in a stable order."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.api import params as p
from cronica.model import Event
from cronica.store import open_store, paging
from cronica.store.db import EventFilter


def expected_order(events: list[Event], sort: str) -> list[str]:
    """The documented order, worked out from the records (background events left out)."""
    shown = [e for e in events if not e.background]
    if sort == "fatalities":
        counted = sorted(
            (e for e in shown if e.fatalities is not None), key=lambda e: (e.fatalities, e.event_id)
        )
        rest = sorted((e.event_id for e in shown if e.fatalities is None), reverse=True)
        return [e.event_id for e in reversed(counted)] + rest
    dated = sorted((e for e in shown if e.event_date), key=lambda e: (e.event_date, e.event_id))
    undated = sorted(e.event_id for e in shown if e.event_date is None)
    if sort == "-date":
        return [e.event_id for e in reversed(dated)] + undated[::-1]
    return [e.event_id for e in dated] + undated


def follow(client: TestClient, url: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Every event id along the ``next`` links from ``url``, and each page's body."""
    ids: list[str] = []
    bodies = []
    next_url: str | None = url
    while next_url:
        r = client.get(next_url)
        assert r.status_code == 200, r.text
        body = r.json()
        bodies.append(body)
        ids += [e["event_id"] for e in body["events"]]
        next_url = body["next"]
    return ids, bodies


@pytest.mark.parametrize("sort", p.SORTS)
def test_following_next_gives_every_event_once_in_the_documented_order(
    scale_any: tuple[str, list[Event]], sort: str
) -> None:
    url, events = scale_any
    client = TestClient(create_app(url))
    ids, bodies = follow(client, f"/api/events?limit=7&sort={sort}")
    assert ids == expected_order(events, sort)
    assert len(bodies) == -(-len(ids) // 7)
    assert bodies[0]["total"] == len(ids) and all(b["total"] is None for b in bodies[1:])
    assert bodies[-1]["cursor"] is None and all(b["cursor"] for b in bodies[:-1])
    whole = client.get(f"/api/events?limit=5000&sort={sort}").json()
    assert [e["event_id"] for e in whole["events"]] == ids and whole["next"] is None
    unpaged = open_store(url).events(EventFilter(order=sort))
    assert [e.event_id for e in unpaged] == ids


@pytest.mark.parametrize("sort", p.SORTS)
def test_offset_pages_are_the_same_pages(scale_any: tuple[str, list[Event]], sort: str) -> None:
    url, events = scale_any
    client = TestClient(create_app(url))
    order = expected_order(events, sort)
    for offset in (0, 5, len(order) - 3, len(order)):
        body = client.get(f"/api/events?limit=10&sort={sort}&offset={offset}").json()
        assert [e["event_id"] for e in body["events"]] == order[offset : offset + 10]
        assert (body["next"] is None) == (offset + 10 >= len(order))
        if body["next"]:  # the next link of an offset page carries a cursor, not an offset
            assert "cursor=" in body["next"] and "offset=" not in body["next"]
            after = client.get(body["next"]).json()
            assert [e["event_id"] for e in after["events"]] == order[offset + 10 : offset + 20]


def test_filters_and_pages_combine(scale_any: tuple[str, list[Event]]) -> None:
    url, events = scale_any
    client = TestClient(create_app(url))
    query = "country=pe&admin1=PUNO&min_confidence=0.3&sort=-date"
    ids, bodies = follow(client, f"/api/events?limit=4&{query}")
    picked = [
        e
        for e in events
        if e.location
        and e.location.admin1
        and e.location.admin1.lower() == "puno"
        and (e.confidence or 0) >= 0.3
    ]
    assert ids == expected_order(picked, "-date") and ids
    assert bodies[0]["total"] == len(ids)
    counted = client.get(bodies[0]["next"] + "&count=true").json()
    assert counted["total"] == len(ids)
    assert client.get(f"/api/events?{query}&count=false").json()["total"] is None


def test_geojson_pages_follow_the_cursor(scale_any: tuple[str, list[Event]]) -> None:
    url, events = scale_any
    client = TestClient(create_app(url))
    seen: list[str] = []
    next_url: str | None = "/api/events.geojson?limit=9"
    while next_url:
        r = client.get(next_url)
        body = r.json()
        assert ("link" in r.headers) == (body["next"] is not None)
        seen += [f["properties"]["event_id"] for f in body["features"]]
        next_url = body["next"]
    located = {e.event_id for e in events if not e.background and e.location and e.location.lat is not None}
    assert set(seen) == located and len(seen) == len(located)


def _cursor(*items: Any) -> str:
    raw = json.dumps(list(items)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSORS = [
    ("not-base64!!", "base64url"),
    (base64.urlsafe_b64encode(b"\xff\xfe").decode(), "base64url"),
    (_cursor({"a": 1}), "wrong shape"),
    (_cursor("date", 0), "wrong shape"),
    (_cursor("newest", 0, "2023-01-01", "evt"), "unknown sort"),
    (_cursor("-date", 0, "2023-01-01", "evt"), "sort=-date, not sort=date"),
    (_cursor("date", 2, "evt"), "bad phase"),
    (_cursor("date", True, "2023-01-01", "evt"), "bad phase"),
    (_cursor("date", 0, "evt"), "wrong number"),
    (_cursor("date", 0, "2023-02-30", "evt"), "bad event_date"),
    (_cursor("date", 0, "2023-01-01", 5), "bad event_id"),
    (_cursor("date", 1, ""), "bad event_id"),
    ("A" * 401, "at most"),
]


@pytest.mark.parametrize(("cursor", "reason"), BAD_CURSORS)
def test_a_bad_cursor_is_a_422_with_a_one_line_reason(
    scale_any: tuple[str, list[Event]], cursor: str, reason: str
) -> None:
    client = TestClient(create_app(scale_any[0]), raise_server_exceptions=False)
    for path in ("/api/events", "/api/events.geojson", "/api/export?format=csv&"):
        sep = "" if path.endswith("&") else "?"
        r = client.get(f"{path}{sep}cursor={cursor}")
        assert r.status_code == 422, r.text
        detail = r.json()["detail"][0]
        assert detail["loc"] == ["query", "cursor"] and reason in detail["msg"] and "\n" not in detail["msg"]


def test_cursor_and_offset_together_are_refused(scale_any: tuple[str, list[Event]]) -> None:
    client = TestClient(create_app(scale_any[0]))
    token = client.get("/api/events?limit=3").json()["cursor"]
    r = client.get(f"/api/events?limit=3&offset=3&cursor={token}")
    assert r.status_code == 422 and "not both" in r.text


def test_cursor_round_trip() -> None:
    import datetime as dt

    for c in (
        paging.Cursor("date", 0, (dt.date(2023, 5, 1), "evt_1")),
        paging.Cursor("-date", 1, ("evt_9",)),
        paging.Cursor("fatalities", 0, (12, "evt_é")),
    ):
        text = paging.encode(c)
        assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert paging.decode(text, c.sort) == c
