"""Keyset pagination of events: one stable order per sort, and an opaque cursor.

Each sort order is a list of *phases*: the events whose sort column is set,
ordered by that column and then ``event_id`` (so no two events tie), and then
those whose sort column is empty, by ``event_id``. A page continues where the
last one stopped with ``WHERE (sort column, event_id) > (last values)`` inside
its phase, which an index on ``(column, event_id)`` answers without reading
the rows before: page 10,000 costs what page 1 does. The same order, written as
one ``ORDER BY ... NULLS LAST``, serves ``offset`` pages and unpaged reads.

A cursor is the URL-safe base64 of a small JSON array ``[sort, phase, key...]``.
Clients must treat it as opaque; a malformed one raises :class:`InvalidCursor`
with a one-line reason.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from cronica.errors import InvalidCursor
from cronica.store import schema as t

MAX_CURSOR_CHARS = 400  # far above any cursor this module writes


@dataclass(frozen=True)
class Phase:
    """A run of the order: events whose ``column`` is set (or empty), by ``keys``, one direction."""

    column: str
    present: bool
    keys: tuple[str, ...]
    descending: bool

    def condition(self) -> Any:
        """Which events belong to this phase."""
        col = t.events.c[self.column]
        return col.is_not(None) if self.present else col.is_(None)

    def order_by(self) -> list[Any]:
        """The ``ORDER BY`` terms of this phase."""
        cols = [t.events.c[k] for k in self.keys]
        return [c.desc() for c in cols] if self.descending else cols

    def after(self, values: tuple[Any, ...]) -> Any:
        """The events of this phase that come after the one whose keys are ``values``."""
        cols = [t.events.c[k] for k in self.keys]
        literals = [sa.literal(v, c.type) for c, v in zip(cols, values, strict=True)]
        left, right = (cols[0], literals[0]) if len(cols) == 1 else (sa.tuple_(*cols), sa.tuple_(*literals))
        return left < right if self.descending else left > right


ORDERS: dict[str, tuple[Phase, ...]] = {
    "date": (
        Phase("event_date", True, ("event_date", "event_id"), False),
        Phase("event_date", False, ("event_id",), False),
    ),
    "-date": (
        Phase("event_date", True, ("event_date", "event_id"), True),
        Phase("event_date", False, ("event_id",), True),
    ),
    "fatalities": (
        Phase("fatalities", True, ("fatalities", "event_id"), True),
        Phase("fatalities", False, ("event_id",), True),
    ),
}


def order_by(sort: str) -> list[Any]:
    """The whole order of ``sort`` as one ``ORDER BY`` (for offset pages and unpaged reads)."""
    first = ORDERS[sort][0]
    lead = t.events.c[first.column]
    lead_term = lead.desc() if first.descending else lead.asc()
    return [lead_term.nulls_last(), *first.order_by()[1:]]


def key_columns(sort: str) -> list[Any]:
    """The columns a row must carry for :func:`cursor_after` (sort column, then event_id)."""
    first = ORDERS[sort][0]
    return [t.events.c[first.column], t.events.c.event_id]


@dataclass(frozen=True)
class Cursor:
    """Where a page stopped: the sort, the phase, and the last event's key values."""

    sort: str
    phase: int
    key: tuple[Any, ...]

    @property
    def of(self) -> Phase:
        return ORDERS[self.sort][self.phase]


def cursor_after(sort: str, column_value: Any, event_id: str) -> Cursor:
    """The cursor just after the event with this sort-column value and id."""
    if column_value is None:
        return Cursor(sort, 1, (event_id,))
    if isinstance(column_value, str):  # SQLite may hand a date back as its ISO text
        column_value = dt.date.fromisoformat(column_value[:10])
    return Cursor(sort, 0, (column_value, event_id))


def encode(cursor: Cursor) -> str:
    """The opaque text of ``cursor`` (URL-safe base64 of ``[sort, phase, key...]``, no padding)."""
    key = [v.isoformat() if isinstance(v, dt.date) else v for v in cursor.key]
    raw = json.dumps([cursor.sort, cursor.phase, *key], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def _unpack(text: str) -> list[Any]:
    if len(text) > MAX_CURSOR_CHARS:
        raise InvalidCursor(f"cursor is longer than {MAX_CURSOR_CHARS} characters")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("cursor is not one this server wrote (not base64url JSON)") from exc
    if not isinstance(data, list) or len(data) < 3:
        raise InvalidCursor("cursor is not one this server wrote (wrong shape)")
    return data


def _key_value(name: str, value: Any) -> Any:
    """One key value of a decoded cursor, checked against its column."""
    if name == "event_id" and isinstance(value, str) and 0 < len(value) <= 64:
        return value
    if name == "event_date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if name == "fatalities" and is_int and -(2**63) <= value < 2**63:
        return value
    raise InvalidCursor(f"cursor holds a bad {name} value")


def decode(text: str, sort: str) -> Cursor:
    """The cursor ``text`` stands for, for a request sorted by ``sort``; or :class:`InvalidCursor`."""
    sort_of, phase, *key = _unpack(text)
    if sort_of not in ORDERS:
        raise InvalidCursor("cursor is not one this server wrote (unknown sort)")
    if sort_of != sort:
        raise InvalidCursor(f"cursor was made for sort={sort_of}, not sort={sort}")
    phases = ORDERS[sort]
    if not isinstance(phase, int) or isinstance(phase, bool) or not 0 <= phase < len(phases):
        raise InvalidCursor("cursor is not one this server wrote (bad phase)")
    names = phases[phase].keys
    if len(key) != len(names):
        raise InvalidCursor("cursor is not one this server wrote (wrong number of values)")
    return Cursor(sort, phase, tuple(_key_value(n, v) for n, v in zip(names, key, strict=True)))
