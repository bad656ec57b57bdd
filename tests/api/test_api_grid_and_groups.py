"""Admin-1, actor-type, weekly-timeline and map-grid aggregates: SQL equals the records, on both backends."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.api import params as p
from cronica.api.views import timeline, timeline_of_counts
from cronica.model import Event
from cronica.store import open_store
from cronica.store.aggregates import cell_size
from cronica.store.db import EventFilter

FILTERS = [
    ("", EventFilter()),
    ("country=PE", EventFilter(country="PE")),
    ("admin1=apurimac&min_confidence=0.4", EventFilter(admin1="apurimac", min_confidence=0.4)),
    ("since=2023-01-10&until=2023-01-25&background=true", None),
    ("type=Protests&bbox=-75,-20,-60,0", None),
]


def _kept(events: list[Event], query: str) -> list[Event]:
    """The events a query's filters keep, worked out from the records."""
    args = dict(part.split("=") for part in query.split("&") if part)
    out = []
    for e in events:
        loc = e.location
        if e.background and args.get("background") != "true":
            continue
        if "country" in args and (not loc or loc.country_code != args["country"]):
            continue
        if "admin1" in args and (not loc or not loc.admin1 or _plain(loc.admin1) != args["admin1"]):
            continue
        if "min_confidence" in args and (e.confidence or 0) < float(args["min_confidence"]):
            continue
        if "since" in args and (not e.event_date or e.event_date < dt.date.fromisoformat(args["since"])):
            continue
        if "until" in args and (not e.event_date or e.event_date > dt.date.fromisoformat(args["until"])):
            continue
        if "type" in args and e.event_type != args["type"]:
            continue
        if "bbox" in args:
            w, s, east, n = (float(x) for x in args["bbox"].split(","))
            if (
                not loc
                or loc.lat is None
                or loc.lon is None
                or not (w <= loc.lon <= east and s <= loc.lat <= n)
            ):
                continue
        out.append(e)
    return out


def _plain(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _sums(events: list[Event], key: Any) -> dict[Any, tuple[int, int]]:
    out: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for e in events:
        cell = out[key(e)]
        cell[0] += 1
        cell[1] += e.fatalities or 0
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.mark.parametrize("query", [q for q, _ in FILTERS])
def test_admin1_and_actor_types_equal_the_records(scale_any: tuple[str, list[Event]], query: str) -> None:
    url, events = scale_any
    client = TestClient(create_app(url))
    kept = _kept(events, query)
    body = client.get(f"/api/aggregates/admin1?{query}").json()
    got = {(r["country"], r["admin1"]): (r["events"], r["fatalities"]) for r in body["rows"]}
    assert got == _sums(kept, lambda e: (e.location.country_code, e.location.admin1))
    assert body["events"] == len(kept) and [r["events"] for r in body["rows"]] == sorted(
        (r["events"] for r in body["rows"]), reverse=True
    )
    body = client.get(f"/api/aggregates/actor-type?{query}").json()
    pairs = {(r["actor1_type"], r["actor2_type"]): (r["events"], r["fatalities"]) for r in body["pairs"]}
    assert pairs == _sums(kept, lambda e: (e.actor1.type, e.actor2.type if e.actor2 else None))
    second = {r["actor2_type"]: (r["events"], r["fatalities"]) for r in body["actor2"]}
    assert second == _sums(kept, lambda e: e.actor2.type if e.actor2 else None)
    assert body["fatalities"] == sum(e.fatalities or 0 for e in kept)


@pytest.mark.parametrize("flt", [f for _, f in FILTERS if f is not None])
def test_weekly_timeline_in_sql_equals_the_records(
    scale_any: tuple[str, list[Event]], flt: EventFilter
) -> None:
    store = open_store(scale_any[0])
    by_sql = timeline_of_counts(*store.timeline_counts(flt, "week"), bucket="week")
    assert by_sql == timeline(store.events(flt), bucket="week")
    assert by_sql["bucket"] == "week" and by_sql["days"]
    for day in by_sql["days"]:
        assert dt.date.fromisoformat(day["date"]).weekday() == 0  # a Monday


def test_week_starts_on_monday_over_a_year_end(db_url: str) -> None:
    import random

    from scale_sample import scale_event

    rng = random.Random(3)
    days = [dt.date(2020, 12, 27), dt.date(2020, 12, 28), dt.date(2021, 1, 3), dt.date(2021, 1, 4)]
    events = []
    for i, day in enumerate(days):
        e = scale_event(i, rng)
        events.append(Event.from_dict({**e.to_dict(), "event_date": day.isoformat(), "background": False}))
    store = open_store(db_url)
    with store.begin() as conn:
        store.insert_events(conn, [(e, ()) for e in events])
    got = TestClient(create_app(db_url)).get("/api/timeline?bucket=week").json()
    assert [(d["date"], d["events"]) for d in got["days"]] == [
        ("2020-12-21", 1),
        ("2020-12-28", 2),
        ("2021-01-04", 1),
    ]


def _grid(events: list[Event], zoom: int) -> dict[tuple[int, int], list[Event]]:
    size = cell_size(zoom)
    cells: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in events:
        loc = e.location
        if loc and loc.lat is not None and loc.lon is not None:
            cells[(math.floor((loc.lon + 180) / size), math.floor((loc.lat + 90) / size))].append(e)
    return cells


@pytest.mark.parametrize(("zoom", "view"), [(0, ""), (3, ""), (7, "-80,-20,-60,0"), (12, "-72,-17,-69,-14")])
@pytest.mark.parametrize("query", ["", "country=PE", "type=Riots"])
def test_map_cells_equal_the_grid_of_the_records(
    scale_any: tuple[str, list[Event]], zoom: int, view: str, query: str
) -> None:
    url, events = scale_any
    query = "&".join(x for x in (query, f"bbox={view}" if view else "") if x)
    r = TestClient(create_app(url)).get(f"/api/map?zoom={zoom}&{query}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"zoom", "total", "cells"} and body["zoom"] == zoom
    cells = _grid(_kept(events, query), zoom)
    assert body["total"] == sum(len(v) for v in cells.values()) == sum(c["count"] for c in body["cells"])
    assert len(body["cells"]) == len(cells)
    expected = sorted(
        (
            len(v),
            sum(e.fatalities or 0 for e in v),
            sum(e.location.lat for e in v) / len(v),
            sum(e.location.lon for e in v) / len(v),
            v[0].event_id if len(v) == 1 else None,
            v[0].event_type if len(v) == 1 else None,
        )
        for v in cells.values()
    )
    got = sorted(
        (c["count"], c["fatalities"], c["lat"], c["lon"], c["event_id"], c["event_type"])
        for c in body["cells"]
    )
    for mine, theirs in zip(got, expected, strict=True):
        assert mine[:2] == theirs[:2] and mine[4:] == theirs[4:]
        assert mine[2:4] == pytest.approx(theirs[2:4], abs=1e-6)
    for c in body["cells"]:
        assert set(c) == {"lat", "lon", "count", "fatalities", "event_id", "event_type"}
        assert isinstance(c["lat"], float) and isinstance(c["lon"], float)


def _pg_database(base: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://") + "/postgres")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("CREATE DATABASE map_both")
    engine.dispose()
    return f"{base}/map_both"


@pytest.mark.postgres
def test_map_and_aggregates_are_the_same_on_both_backends(tmp_path: Any, pg_server: str) -> None:
    from scale_sample import build_scale_sample

    answers = []
    for url in (f"sqlite:///{tmp_path / 'a.db'}", _pg_database(pg_server)):
        build_scale_sample(url)
        client = TestClient(create_app(url))
        paths = [f"/api/map?zoom={z}&bbox=-90,-30,-60,5" for z in (1, 5, 9)]
        paths += ["/api/aggregates/admin1", "/api/aggregates/actor-type", "/api/timeline?bucket=week"]
        answers.append([client.get(path).json() for path in paths])
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("zoom=-1", "zoom"),
        ("zoom=19", "zoom"),
        ("zoom=abc", "zoom"),
        ("", "zoom"),
        ("zoom=10", "bbox"),  # the whole world at zoom 10: 33 million cells
        ("zoom=14&bbox=-80,-20,-60,0", "bbox"),
    ],
)
def test_map_zoom_and_view_are_checked(scale_any: tuple[str, list[Event]], query: str, param: str) -> None:
    r = TestClient(create_app(scale_any[0])).get(f"/api/map?{query}")
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["query", param]


def test_map_grid_limit_lets_a_screen_through() -> None:
    p.check_map_grid(18, (-70.03, -15.52, -70.0, -15.5))  # a few streets at the deepest zoom
    p.check_map_grid(2, None)  # the world at zoom 2
    with pytest.raises(Exception, match="narrow it"):
        p.check_map_grid(9, None)


def test_bad_bucket_is_a_422(scale_any: tuple[str, list[Event]]) -> None:
    r = TestClient(create_app(scale_any[0])).get("/api/timeline?bucket=month")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "bucket"]
