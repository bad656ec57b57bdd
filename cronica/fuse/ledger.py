"""The casualty ledger: reported running totals over time, beside the incident data.

For each day on which reports state a running total of a kind (deaths,
injured, detained), the ledger lists every reported total with its source, and
the sum of the same kind over the incidents cronica holds up to that day. A gap
between the two tells the user that the incident data does not (yet) account
for the official toll, or that reports count differently.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cronica.model import FIGURE_FIELD, Event, Tally


@dataclass
class LedgerRow:
    """One day, kind and country: the totals reports gave, and the incident sum up to that day."""

    as_of: dt.date | None
    kind: str
    country_code: str | None
    tallies: list[Tally] = field(default_factory=list)
    incident_sum: int = 0
    incidents: int = 0

    @property
    def values(self) -> list[int]:
        """The distinct totals reported, smallest first."""
        return sorted({t.value for t in self.tallies if t.value is not None})

    @property
    def reported(self) -> int | None:
        """The most conservative reported total of the day (ACLED's rule)."""
        return self.values[0] if self.values else None

    @property
    def gap(self) -> int | None:
        """Reported total minus the incident sum (None when no total was given)."""
        return None if self.reported is None else self.reported - self.incident_sum

    @property
    def sources(self) -> list[str]:
        """The documents the totals come from."""
        return [t.evidence.doc_id for t in self.tallies]

    def reported_label(self) -> str:
        """The reported total for a table: one value, or the range when reports differ."""
        vals = self.values
        if not vals:
            return "?"
        return str(vals[0]) if len(vals) == 1 else f"{vals[0]}-{vals[-1]} (reports differ)"

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON-ready ``ledger`` record."""
        return {
            "record": "ledger",
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "kind": self.kind,
            "country_code": self.country_code,
            "reported": self.reported,
            "reported_values": self.values,
            "incident_sum": self.incident_sum,
            "incidents": self.incidents,
            "gap": self.gap,
            "tallies": [t.to_dict() for t in self.tallies],
        }


def build_ledger(
    tallies: Sequence[Tally], events: Sequence[Event], country: str | None = None
) -> list[LedgerRow]:
    """Rows per (day, kind, country), in date order."""
    rows: dict[tuple[dt.date | None, str, str | None], LedgerRow] = {}
    for t in tallies:
        if country and (t.country_code or "").upper() != country.upper():
            continue
        key = (t.as_of, t.kind, t.country_code)
        rows.setdefault(key, LedgerRow(t.as_of, t.kind, t.country_code)).tallies.append(t)
    incidents: dict[tuple[str, str | None], list[tuple[dt.date, int]]] = defaultdict(list)
    for e in events:
        if e.background or e.event_date is None:
            continue
        cc = e.location.country_code if e.location else None
        for kind, name in FIGURE_FIELD.items():
            value = getattr(e, name)
            if value:
                incidents[(kind, cc)].append((e.event_date, value))
    for (as_of, kind, cc), row in rows.items():
        if as_of is None:
            continue
        counted = [v for d, v in incidents.get((kind, cc), []) if d <= as_of]
        row.incident_sum = sum(counted)
        row.incidents = len(counted)
    return sorted(rows.values(), key=lambda r: (r.as_of or dt.date.min, r.kind, r.country_code or ""))


class DayTotal(Protocol):
    """One day's sum of a figure kind over the incidents (``Store.incident_days`` gives them)."""

    @property
    def day(self) -> dt.date: ...

    @property
    def total(self) -> int: ...

    @property
    def incidents(self) -> int: ...


def ledger_rows(
    tallies: Sequence[Tally],
    incident_days: Mapping[tuple[str, str | None], Sequence[DayTotal]],
    country: str | None = None,
) -> list[LedgerRow]:
    """The casualty ledger of :func:`build_ledger` from per-day sums, without the events.

    ``incident_days`` (``Store.incident_days``) gives, per figure kind and
    country, each day's sum over the incidents in date order; a row's incident
    sum is the running sum up to its day, found by bisection instead of a pass
    over every event.
    """
    rows = build_ledger(tallies, [], country=country)  # the tallies grouped by day, kind and country
    running: dict[tuple[str, str | None], tuple[list[dt.date], list[int], list[int]]] = {}
    for key, days in incident_days.items():
        running[key] = (
            [d.day for d in days],
            list(itertools.accumulate(d.total for d in days)),
            list(itertools.accumulate(d.incidents for d in days)),
        )
    for row in rows:
        found = running.get((row.kind, row.country_code))
        if row.as_of is None or found is None:
            continue
        dates, sums, counts = found
        i = bisect.bisect_right(dates, row.as_of)
        if i:
            row.incident_sum, row.incidents = sums[i - 1], counts[i - 1]
    return rows
