"""Aggregates for the API, counted by the database: by region, by actor types, on a map grid.

Each takes the filters of ``/api/events`` (:class:`EventFilter`) and answers
with ``GROUP BY`` rows, so no event record is read and the answer's size does
not grow with the number of events. The SQL is the same on SQLite and
PostgreSQL except where noted (the map grid's ``floor``), and so are the results.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import sqlalchemy as sa

from cronica.store import schema as t
from cronica.store.db import EventFilter, Store

MAX_ZOOM = 18


class GroupCount(NamedTuple):
    """Events of one group (a region, a pair of actor types) and the fatalities they report."""

    keys: tuple[str | None, ...]
    events: int
    fatalities: int


class MapCell(NamedTuple):
    """One grid cell of the map: its events' mean position, how many, and the lone event if one."""

    lat: float
    lon: float
    events: int
    fatalities: int
    event_id: str | None
    event_type: str | None


def _killed() -> Any:
    return sa.func.sum(sa.func.coalesce(t.events.c.fatalities, 0))


def _grouped(store: Store, flt: EventFilter, columns: list[Any]) -> list[GroupCount]:
    q = sa.select(*columns, sa.func.count(), _killed()).group_by(*columns)
    q = store._event_where(flt, q.select_from(t.events))
    n = len(columns)
    with store.begin() as conn:
        return [GroupCount(tuple(r[:n]), int(r[n]), int(r[n + 1] or 0)) for r in conn.execute(q)]


def admin1_counts(store: Store, flt: EventFilter) -> list[GroupCount]:
    """Events and fatalities per (country code, admin-1 region); None where either is unknown."""
    c = t.events.c
    return _grouped(store, flt, [c.country_code, c.admin1])


def actor_type_counts(store: Store, flt: EventFilter) -> list[GroupCount]:
    """Events and fatalities per (actor1 type, actor2 type); None where an event has no such actor."""
    c = t.events.c
    return _grouped(store, flt, [c.actor1_type, c.actor2_type])


def cell_size(zoom: int) -> float:
    """Degrees per grid cell at ``zoom``: eight cells across a 256-pixel tile, halving per level."""
    return 360.0 / 2 ** (zoom + 3)


def _cell_index(store: Store, column: Any, offset: float, size: float) -> Any:
    """``floor((column + offset) / size)``; the sum is never negative, so SQLite's cast floors it."""
    shifted = (column + sa.literal(offset, sa.Float)) / sa.literal(size, sa.Float)
    if store.dialect == "postgresql":
        return sa.cast(sa.func.floor(shifted), sa.BigInteger)
    return sa.cast(shifted, sa.Integer)


def map_cells(store: Store, flt: EventFilter, zoom: int) -> list[MapCell]:
    """The events that pass ``flt`` and have coordinates, gathered in the grid of ``zoom``."""
    c = t.events.c
    size = cell_size(zoom)
    gx, gy = _cell_index(store, c.lon, 180.0, size), _cell_index(store, c.lat, 90.0, size)
    q = (
        sa.select(
            sa.func.avg(c.lat),
            sa.func.avg(c.lon),
            sa.func.count(),
            _killed(),
            sa.func.min(c.event_id),
            sa.func.min(c.event_type),
        )
        .where(c.lat.is_not(None), c.lon.is_not(None))
        .group_by(gx, gy)
    )
    q = store._event_where(flt, q.select_from(t.events))
    with store.begin() as conn:
        rows = conn.execute(q).all()
    return [
        MapCell(
            float(r[0]),
            float(r[1]),
            int(r[2]),
            int(r[3] or 0),
            *((r[4], r[5]) if r[2] == 1 else (None, None)),
        )
        for r in rows
    ]
