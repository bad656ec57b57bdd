"""A stand-in for the server-side endpoints the dashboard reads at size, for its browser tests.

The dashboard asks ``/api/map`` for clusters, ``/api/events`` for keyset pages and
``/api/timeline`` for counts by day or week. Those endpoints are being written on the API side at
the same time; until they land, the browser tests answer them here, from a list of event records
shaped like ``/api/events`` records, by the contract both sides build against:

- ``/api/map?zoom=Z&bbox=w,s,e,n&<filters>`` → ``{zoom, total, cells: [{lat, lon, count,
  fatalities, event_id, event_type}]}``, a grid whose cells halve in size per zoom level;
- ``/api/events?limit=N&cursor=T&<filters>`` → ``{events, total, limit, next, cursor}``;
- ``/api/timeline?bucket=day|week&<filters>`` → the timeline body, by week when asked.

:func:`dashboard_app` serves the built dashboard with these answers over synthetic events
(:func:`synthetic_events`) and records every API request it answers, so a test can check what the
page asked for. This module is not a test module: the tests load it by path.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

CELL_DEGREES_AT_ZOOM_0 = 60.0  # the grid's cell at zoom 0; each zoom level halves it
TYPES = ("Protests", "Riots", "Violence against civilians", "Battles")
# (place, admin1, lon, lat): where the synthetic events happen, each with a little jitter
PLACES = (
    ("Puno", "Puno", -70.02, -15.84),
    ("Cusco", "Cusco", -71.97, -13.53),
    ("Arequipa", "Arequipa", -71.54, -16.41),
    ("El Alto", "La Paz", -68.19, -16.50),
    ("Quito", "Pichincha", -78.47, -0.18),
    ("Bogotá", "Bogotá D.C.", -74.08, 4.61),
)
SORT_KEYS = {
    "date": lambda e: (e["event_date"], e["event_id"]),
    "-date": lambda e: (_negated(e["event_date"]), e["event_id"]),
    "fatalities": lambda e: (-(e["fatalities"] or 0), e["event_date"], e["event_id"]),
}


def _negated(iso: str) -> int:
    return -dt.date.fromisoformat(iso).toordinal()


def synthetic_events(n: int, first: dt.date, days: int, seed: int = 16) -> list[dict[str, Any]]:
    """``n`` event records spread over ``days`` days from ``first`` and over :data:`PLACES`.

    The last one sits alone far from the others (Santiago de Chile), so that every zoom level
    has at least one single-event cell.
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lone = i == n - 1
        name, admin1, lon, lat = ("Santiago", "Santiago", -70.65, -33.45) if lone else rng.choice(PLACES)
        jitter = 0.0 if lone else 0.3
        out.append({
            "event_id": f"ev-{i:05d}",
            "event_date": (first + dt.timedelta(days=rng.randrange(days))).isoformat(),
            "event_type": TYPES[i % len(TYPES)],
            "sub_event_type": "Peaceful protest" if i % 4 == 0 else "Mob violence",
            "fatalities": rng.choice((0, 0, 0, 1, 2, 5)),
            "location": {
                "name": name, "admin1": admin1, "country_code": "PE",
                "lon": round(lon + rng.uniform(-jitter, jitter), 4),
                "lat": round(lat + rng.uniform(-jitter, jitter), 4),
            },
            "actor1": {"name": "Protesters", "type": "protesters"},
            "actor2": None,
            "evidence": [{"doc_id": f"doc-{i}"}],
            "background": False,
        })
    return out


def matching(events: Iterable[Mapping[str, Any]], params: Mapping[str, str]) -> list[Mapping[str, Any]]:
    """The events that pass the filters the fake understands: since, until and type."""
    since, until, kind = params.get("since"), params.get("until"), params.get("type")
    return [
        e for e in events
        if (not since or e["event_date"] >= since)
        and (not until or e["event_date"] <= until)
        and (not kind or e["event_type"] == kind)
    ]


def grid_cells(events: Iterable[Mapping[str, Any]], zoom: int, bbox: Sequence[float]) -> dict[str, Any]:
    """The ``/api/map`` body: the events inside ``bbox`` gathered into the grid of ``zoom``.

    A cell stands at the mean position of its events; it names its event only when it holds one.
    """
    west, south, east, north = bbox
    size = CELL_DEGREES_AT_ZOOM_0 / 2**zoom
    cells: dict[tuple[int, int], list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        loc = e.get("location") or {}
        lon, lat = loc.get("lon"), loc.get("lat")
        if lon is None or lat is None or not (west <= lon <= east and south <= lat <= north):
            continue
        cells[(math.floor(lon / size), math.floor(lat / size))].append(e)
    out = []
    for key in sorted(cells):
        members = cells[key]
        one = members[0] if len(members) == 1 else None
        out.append({
            "lat": sum(m["location"]["lat"] for m in members) / len(members),
            "lon": sum(m["location"]["lon"] for m in members) / len(members),
            "count": len(members),
            "fatalities": sum(m["fatalities"] or 0 for m in members),
            "event_id": one["event_id"] if one else None,
            "event_type": one["event_type"] if one else None,
        })
    return {"zoom": zoom, "total": sum(c["count"] for c in out), "cells": out}


def parse_map_query(params: Mapping[str, str]) -> tuple[int, list[float]]:
    """zoom and bbox of a ``/api/map`` request (ValueError when either is malformed)."""
    zoom = int(params["zoom"])
    bbox = [float(v) for v in params["bbox"].split(",")]
    if len(bbox) != 4 or not (-180 <= bbox[0] <= bbox[2] <= 180 and -90 <= bbox[1] <= bbox[3] <= 90):
        raise ValueError(f"bad bbox {params['bbox']}")
    return zoom, bbox


def events_page(events: Sequence[Mapping[str, Any]], params: Mapping[str, str]) -> dict[str, Any]:
    """The ``/api/events`` body: one page in the asked order, and the cursor of the next."""
    limit = int(params.get("limit", "100"))
    order = params.get("sort") or "date"
    found = sorted(matching(events, params), key=SORT_KEYS[order])
    start = int(params["cursor"].removeprefix("after-")) if params.get("cursor") else 0
    page = found[start : start + limit]
    more = start + limit < len(found)
    cursor = f"after-{start + limit}" if more else None
    return {
        "events": page, "total": len(found), "limit": limit, "cursor": cursor,
        "next": f"/api/events?limit={limit}&cursor={cursor}" if cursor else None,
    }


def timeline_body(events: Iterable[Mapping[str, Any]], bucket: str) -> dict[str, Any]:
    """The ``/api/timeline`` body with one entry per day, or per week (starting on Mondays)."""
    days: dict[str, dict[str, Any]] = {}
    types: set[str] = set()
    for e in events:
        day = dt.date.fromisoformat(e["event_date"])
        if bucket == "week":
            day -= dt.timedelta(days=day.weekday())
        entry = days.setdefault(day.isoformat(), {"events": 0, "fatalities": 0, "by_type": {}})
        killed = e["fatalities"] or 0
        entry["events"] += 1
        entry["fatalities"] += killed
        by_type = entry["by_type"].setdefault(e["event_type"], {"events": 0, "fatalities": 0})
        by_type["events"] += 1
        by_type["fatalities"] += killed
        types.add(e["event_type"])
    out = [{"date": d, **days[d]} for d in sorted(days)]
    return {
        "days": out, "types": sorted(types),
        "total_events": sum(d["events"] for d in out),
        "total_fatalities": sum(d["fatalities"] for d in out), "undated": 0,
    }


def facets_body(events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Enough of ``/api/facets`` for the filters and the timeline's choice of bucket."""
    count: dict[str, int] = defaultdict(int)
    for e in events:
        count[e["event_type"]] += 1
    dates = [e["event_date"] for e in events]
    return {
        "event_type": [{"value": k, "count": v} for k, v in sorted(count.items())],
        "sub_event_type": [], "country": [], "admin1": [],
        "first_date": min(dates) if dates else None, "last_date": max(dates) if dates else None,
        "events": len(events),
    }


HOLD_SECONDS = 30.0


async def _hold(request: Any) -> bool:
    """Keep a request waiting until its client goes away (True) or HOLD_SECONDS pass (False)."""
    deadline = asyncio.get_running_loop().time() + HOLD_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        if await request.is_disconnected():
            return True
        await asyncio.sleep(0.05)
    return False


def dashboard_app(
    events: Sequence[Mapping[str, Any]],
    dist: Path,
    hold_zoom: int | None = None,
    fail_zoom: int | None = None,
) -> Any:
    """A Starlette app: the built dashboard and the contract's answers over ``events``.

    ``app.state.requests`` lists ``(path, query)`` of every API request. A map request at
    ``hold_zoom`` is held until the page gives up on it, which ``app.state.cancelled`` then
    lists (or answered after HOLD_SECONDS): the page must cancel a request that a move made stale.
    A map request at ``fail_zoom`` gets a 500, as from a server in trouble.
    """
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    by_id = {e["event_id"]: e for e in events}

    async def answer(request: Request) -> JSONResponse:
        params = dict(request.query_params)
        request.app.state.requests.append((request.url.path, params))
        path = request.url.path
        if path == "/api/map":
            zoom, bbox = parse_map_query(params)
            if zoom == fail_zoom:
                return JSONResponse({"detail": "the grid could not be counted"}, status_code=500)
            if zoom == hold_zoom and await _hold(request):
                request.app.state.cancelled.append(params)
            return JSONResponse(grid_cells(matching(events, params), zoom, bbox))
        if path == "/api/events":
            return JSONResponse(events_page(events, params))
        if path == "/api/timeline":
            return JSONResponse(timeline_body(matching(events, params), params.get("bucket", "day")))
        if path == "/api/facets":
            return JSONResponse(facets_body(events))
        if path == "/api/config":
            return JSONResponse({"version": "test", "tile_url": None, "export_formats": ["csv"]})
        found = by_id.get(request.path_params.get("event_id", ""))
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return JSONResponse({**found, "reports": [], "figure_sources": [], "figures_by_kind": []})

    paths = ("/api/map", "/api/events", "/api/timeline", "/api/facets", "/api/config")
    app = Starlette(routes=[
        *(Route(p, answer) for p in paths),
        Route("/api/events/{event_id}", answer),
        Mount("/", StaticFiles(directory=dist, html=True)),
    ])
    app.state.requests = []
    app.state.cancelled = []
    return app
