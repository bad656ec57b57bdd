"""API limits: integer ranges, literal LIKE filters, capped and paged results, headers on every response."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import parse_qs

import pytest
from api_sample import JULIACA, Sample
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.api import params as p
from cronica.model import Actor, Event, Evidence
from cronica.store import open_store

HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
HUGE = "9223372036854775808"


def _link(url: str | None) -> tuple[str, dict[str, list[str]]]:
    """A link's path and its query, parsed (the order of parameters does not matter)."""
    assert url is not None
    path, _, query = url.partition("?")
    return path, parse_qs(query)


def _add_event(url: str, event_id: str, admin1: str, actor: str) -> None:
    """One more event, placed in a region and done by an actor whose names hold LIKE wildcards."""
    sentence = f"Members of {actor} marched in {admin1} on Monday."
    place = dataclasses.replace(JULIACA, admin1=admin1, name="Plaza")
    event = Event(
        event_id=event_id,
        event_date=dt.date(2023, 1, 30),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        plover=None,
        actor1=Actor(actor, "protesters"),
        actor2=None,
        location=place,
        confidence=0.9,
        evidence=[Evidence("r-lima", 0, len(sentence), sentence)],
    )
    store = open_store(url)
    with store.begin() as conn:
        store.insert_events(conn, [(event, ())])
    store.engine.dispose()


def _ids(client: TestClient, query: str) -> set[str]:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 200, r.text
    return {e["event_id"] for e in r.json()["events"]}


def test_like_wildcards_in_text_filters_match_only_themselves(sample_any: Sample) -> None:
    _add_event(sample_any.url, "evt_wild", "%Zona", "union_of_50%")
    c = TestClient(create_app(sample_any.url))
    assert _ids(c, "admin1=%25zona") == {"evt_wild"}  # the whole region, in any case
    assert _ids(c, "admin1=%25") == set()  # before: every event
    assert _ids(c, "admin1=_") == set()  # before: every event with a region
    assert _ids(c, "admin1=P_no") == set()  # before: Puno
    assert _ids(c, "admin1=Puno") == {sample_any.events["juliaca"]}
    assert _ids(c, "actor=%25") == {"evt_wild"}
    assert _ids(c, "actor=unio_") == set()  # before: the union
    assert _ids(c, "actor=n_of_50") == {"evt_wild"}


def test_search_words_with_wildcards_match_literally(sample_any: Sample) -> None:
    c = TestClient(create_app(sample_any.url))
    assert _ids(c, "q=%25") == set()
    assert _ids(c, "q=p_lice") == set()  # a wildcard would find "police"
    assert _ids(c, "q=juliaca") == {sample_any.events["juliaca"]}


INTEGER_CASES = [
    f"/api/events?limit={HUGE}",
    "/api/events?limit=-1",
    "/api/events?limit=0",
    f"/api/events?limit={p.MAX_LIMIT + 1}",
    f"/api/events?offset={HUGE}",
    f"/api/events?offset=-{HUGE}",
    f"/api/events?offset={p.MAX_OFFSET + 1}",
    "/api/events?limit=1.5",
    f"/api/events.geojson?limit={HUGE}",
    f"/api/events.geojson?limit={p.MAX_LIMIT + 1}",
    "/api/events.geojson?limit=0",
    f"/api/events.geojson?offset={HUGE}",
    "/api/events.geojson?offset=-1",
    f"/api/export?format=csv&limit={p.MAX_EXPORT + 1}",
    "/api/export?format=csv&limit=0",
    f"/api/export?format=csv&offset={HUGE}",
    "/api/events?min_confidence=nan",
    "/api/events?min_confidence=2",
    "/api/events?since=99999-01-01",
]


@pytest.mark.parametrize("url", INTEGER_CASES)
def test_every_number_out_of_range_is_a_422_with_the_headers(sample: Sample, url: str) -> None:
    r = TestClient(create_app(sample.url), raise_server_exceptions=False).get(url)
    assert r.status_code == 422, r.text
    for name, value in HEADERS.items():
        assert value in r.headers[name]


def _follow(c: TestClient, first: str, key: str) -> list[str]:
    seen: list[str] = []
    url: str | None = first
    while url:
        body = c.get(url).json()
        seen += [
            item["event_id"] if key == "events" else item["properties"]["event_id"] for item in body[key]
        ]
        url = body["next"]
    return seen


def test_events_are_paged_with_a_next_link(sample: Sample) -> None:
    c = TestClient(create_app(sample.url))
    everything = [e["event_id"] for e in c.get("/api/events").json()["events"]]
    first = c.get("/api/events?limit=2&sort=-date").json()
    path, query = _link(first["next"])
    assert (path, query) == ("/api/events", {"limit": ["2"], "sort": ["-date"], "cursor": [first["cursor"]]})
    assert _follow(c, "/api/events?limit=2", "events") == everything
    assert _follow(c, "/api/events?limit=2&offset=1", "events") == everything[1:]
    assert c.get("/api/events?limit=100").json()["next"] is None


def test_geojson_is_capped_and_says_what_is_left(sample: Sample) -> None:
    c = TestClient(create_app(sample.url))
    whole = c.get("/api/events.geojson").json()
    assert whole["limit"] == p.MAX_LIMIT and whole["total"] == 5 and whole["next"] is None
    r = c.get("/api/events.geojson?limit=2")
    body = r.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 2
    assert _link(body["next"]) == ("/api/events.geojson", {"limit": ["2"], "cursor": [body["cursor"]]})
    assert r.headers["x-total-count"] == "5"
    assert r.headers["link"] == f'<{body["next"]}>; rel="next"'
    ids = _follow(c, "/api/events.geojson?limit=2", "features")
    assert ids == [f["properties"]["event_id"] for f in whole["features"]]
    assert "link" not in c.get("/api/events.geojson?limit=2&offset=4").headers


def test_export_is_capped_and_paged(sample: Sample) -> None:
    c = TestClient(create_app(sample.url))
    r = c.get("/api/export?format=jsonl&limit=3")
    assert len(r.text.splitlines()) == 3
    assert r.headers["x-total-count"] == "5"
    following = r.headers["link"].removeprefix("<").removesuffix('>; rel="next"')
    path, query = _link(following)
    assert path == "/api/export" and query.keys() == {"format", "limit", "cursor"}
    rest = c.get(following)
    assert len(rest.text.splitlines()) == 2 and "link" not in rest.headers
    assert "x-total-count" not in rest.headers  # not counted again on a cursor's page
    assert c.get(following + "&count=true").headers["x-total-count"] == "5"
    assert c.get("/api/export?format=jsonl&limit=3&offset=3").text == rest.text


def _boom(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("secret detail from /srv/cronica/internal.py")


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/events/evt_nope", 404),
        ("GET", "/api/no-such-endpoint", 404),
        ("POST", "/api/events", 405),
        ("DELETE", "/api/timeline", 405),
        ("GET", "/api/events?limit=abc", 422),
        ("GET", "/api/events", 500),
        ("GET", "/api/timeline", 500),
        ("GET", "/api/tallies", 500),
    ],
)
def test_every_response_carries_the_security_headers(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, method: str, url: str, status: int
) -> None:
    app = create_app(sample.url)
    store = app.state.store
    for name in ("events", "count_events", "timeline_counts", "tallies"):
        if status == 500:
            monkeypatch.setattr(store, name, _boom)
    r = TestClient(app, raise_server_exceptions=False).request(method, url)
    assert r.status_code == status
    for name, value in HEADERS.items():
        assert value in r.headers[name], (name, r.headers)
    assert "secret" not in r.text and "Traceback" not in r.text and "internal.py" not in r.text
    if status == 500:
        assert r.json() == {"detail": "internal server error"}


@pytest.mark.parametrize("event_id", ["evt%00x", "evt%0a", "x" * 5000, "%F0%9F%92%A5", "%ED%A0%80"])
def test_strange_event_ids_are_404_on_both_backends(sample_any: Sample, event_id: str) -> None:
    r = TestClient(create_app(sample_any.url), raise_server_exceptions=False).get(f"/api/events/{event_id}")
    assert r.status_code == 404, r.text


@pytest.mark.parametrize("query", ["admin1=%5C", "actor=%5C%25", "q=%5C", "q=zz%5C_qq", "admin1=%27%3B--"])
def test_escape_characters_in_filters_are_just_text(sample_any: Sample, query: str) -> None:
    r = TestClient(create_app(sample_any.url), raise_server_exceptions=False).get(f"/api/events?{query}")
    assert r.status_code == 200 and r.json()["total"] == 0, r.text
