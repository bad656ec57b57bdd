"""Pure functions that shape store records into the API's responses.

Nothing here touches the database or HTTP: each function takes records (and the
reports they cite), or counts the database made, and returns plain JSON-ready
data, so it is tested directly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from cronica.model import Document, Event
from cronica.store.aggregates import GroupCount, MapCell
from cronica.store.db import DayCount, FacetCounts

CONTEXT_CHARS = 400  # characters of report text shown on each side of an evidence sentence
MAX_FILLED_DAYS = 3660  # the timeline fills empty days only over ranges up to ten years
# the columns counted for the dashboard's filters -> the key of each in the facets response
FACET_COLUMNS = {
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "country_code": "country",
    "admin1": "admin1",
}


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: reports are untrusted input."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def _snap_left(text: str, pos: int) -> int:
    """Move ``pos`` back to the start of a word so the context does not begin mid-word."""
    if pos <= 0:
        return 0
    space = text.rfind(" ", max(0, pos - 40), pos)
    return space + 1 if space >= 0 else pos


def _snap_right(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.find(" ", pos, pos + 40)
    return space if space >= 0 else pos


def context_window(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict[str, Any]:
    """The report text around ``[start, end)``: before, the span itself, after.

    Offsets out of the text's range (a report edited after extraction) are
    clamped; ``truncated_before``/``truncated_after`` say whether text was cut.
    """
    n = len(text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    left = _snap_left(text, start - chars) if start - chars > 0 else 0
    right = _snap_right(text, end + chars) if end + chars < n else n
    return {
        "before": text[left:start],
        "match": text[start:end],
        "after": text[end:right],
        "truncated_before": left > 0,
        "truncated_after": right < n,
    }


def event_summary(event: Event) -> dict[str, Any]:
    """The event record with the review columns on every event (a machine event's record has none)."""
    return {**event.to_dict(), **event.review_columns()}


def event_mentions(event: Event, mentions: Mapping[str, Event]) -> list[dict[str, Any]]:
    """One entry per mention of the event (a report's account of it), for choosing what to split off.

    ``mentions`` maps each mention id to its record; the entry quotes the mention's
    first evidence sentence and says whether it joined after the event was reviewed.
    """
    new = set(event.review.new_mentions) if event.review else set()
    out = []
    for mid in sorted(mentions):
        ev = mentions[mid].evidence[0] if mentions[mid].evidence else None
        out.append(
            {
                "mention_id": mid,
                "doc_id": ev.doc_id if ev else None,
                "start": ev.start if ev else None,
                "end": ev.end if ev else None,
                "text": ev.text if ev else "",
                "new_since_review": mid in new,
            }
        )
    return out


def event_detail(
    event: Event, documents: Mapping[str, Document], mentions: Mapping[str, Event] | None = None
) -> dict[str, Any]:
    """The event record plus, for each evidence entry, its report and the sentence in context.

    Keys added to the record (DESIGN.md section 4 stays as it is):
    ``reports``: one entry per evidence sentence with the report's title, outlet,
    date and (http(s) only) link, and ``context`` (before / match / after);
    ``figure_sources``: every figure with the outlet, date and the quoted text
    that states it; ``figures_by_kind``: the figures grouped by kind, with
    ``disputed`` set where the reports give different values; the review columns
    (``review_status``, ``reviewed_by``, ``reviewed_at``, ``new_since_review``) on
    every event; ``mentions``: :func:`event_mentions` of ``mentions``.
    """
    rec = event_summary(event)
    reports = []
    for ev in event.evidence:
        doc = documents.get(ev.doc_id)
        text = doc.text if doc else ""
        if doc and text[ev.start : ev.end] == ev.text:
            ctx = context_window(text, ev.start, ev.end)
        else:  # the report is gone or changed: show the stored sentence alone
            ctx = {
                "before": "",
                "match": ev.text,
                "after": "",
                "truncated_before": False,
                "truncated_after": False,
            }
        published = ev.published or (doc.published if doc else None)
        reports.append(
            {
                "doc_id": ev.doc_id,
                "title": doc.title if doc else None,
                "source": ev.source or (doc.source if doc else None),
                "published": published.isoformat() if published else None,
                "url": safe_url(ev.url or (doc.url if doc else None)),
                "lang": doc.lang if doc else None,
                "start": ev.start,
                "end": ev.end,
                "text": ev.text,
                "context": ctx,
            }
        )
    by_doc = {r["doc_id"]: r for r in reports}
    figure_sources = []
    for f in event.figures:
        doc = documents.get(f.evidence.doc_id)
        rep = by_doc.get(f.evidence.doc_id)
        quote = doc.text[f.evidence.start : f.evidence.end] if doc else ""
        figure_sources.append(
            {
                **f.to_dict(),
                "source": rep["source"] if rep else (doc.source if doc else None),
                "published": rep["published"] if rep else None,
                "url": rep["url"] if rep else safe_url(doc.url if doc else None),
                "title": doc.title if doc else None,
                "quote": quote,
            }
        )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fs in figure_sources:
        groups[fs["kind"]].append(fs)
    by_kind = [
        {
            "kind": kind,
            "values": sorted({f["value"] for f in figs if f["value"] is not None}),
            "disputed": len({f["value"] for f in figs if f["value"] is not None}) > 1,
            "figures": figs,
        }
        for kind, figs in groups.items()
    ]
    rec["reports"] = reports
    rec["figure_sources"] = figure_sources
    rec["figures_by_kind"] = by_kind
    rec["mentions"] = event_mentions(event, mentions or {})
    return rec


BUCKETS = ("day", "week")


def bucket_start(day: dt.date, bucket: str) -> dt.date:
    """The first day of the bucket ``day`` falls in: itself, or the Monday of its ISO week."""
    return day - dt.timedelta(days=day.weekday()) if bucket == "week" else day


def timeline(events: Sequence[Event], fill: bool = True, bucket: str = "day") -> dict[str, Any]:
    """Events and fatalities per day (or week), in total and by event type (from the event records).

    An event counts on its ``event_date`` (a week on its Monday); undated events
    are counted apart in ``undated``. With ``fill``, buckets without events
    between the first and the last appear with zeros (so a bar chart has no gaps to guess).
    """
    counts: dict[tuple[dt.date, str], list[int]] = {}
    undated = 0
    for e in events:
        if e.event_date is None:
            undated += 1
            continue
        cell = counts.setdefault((bucket_start(e.event_date, bucket), e.event_type), [0, 0])
        cell[0] += 1
        cell[1] += e.fatalities or 0
    rows = [DayCount(day, etype, n, killed) for (day, etype), (n, killed) in counts.items()]
    return timeline_of_counts(rows, undated, fill, bucket)


def timeline_of_counts(
    rows: Iterable[DayCount], undated: int, fill: bool = True, bucket: str = "day"
) -> dict[str, Any]:
    """The timeline of :func:`timeline` from per-bucket, per-type counts (``Store.timeline_counts``).

    ``days`` holds one entry per bucket (its first day in ``date``); ``bucket`` says which.
    """
    days: dict[dt.date, dict[str, Any]] = {}
    types: set[str] = set()
    for row in rows:
        types.add(row.event_type)
        day = days.setdefault(row.day, {"events": 0, "fatalities": 0, "by_type": {}})
        day["events"] += row.events
        day["fatalities"] += row.fatalities
        bt = day["by_type"].setdefault(row.event_type, {"events": 0, "fatalities": 0})
        bt["events"] += row.events
        bt["fatalities"] += row.fatalities
    for d in days.values():  # the same key order whatever order the database answered in
        d["by_type"] = dict(sorted(d["by_type"].items()))
    step = 7 if bucket == "week" else 1
    if fill and days:
        first, last = min(days), max(days)
        span = (last - first).days
        if span <= MAX_FILLED_DAYS * step:
            for i in range(0, span + 1, step):
                days.setdefault(first + dt.timedelta(days=i), {"events": 0, "fatalities": 0, "by_type": {}})
    out = [{"date": d.isoformat(), **days[d]} for d in sorted(days)]
    return {
        "bucket": bucket,
        "days": out,
        "types": sorted(types),
        "total_events": sum(d["events"] for d in out),
        "total_fatalities": sum(d["fatalities"] for d in out),
        "undated": undated,
    }


def country_names(alpha2: str) -> dict[str, str | None]:
    """ISO 3166 alpha-3 code and name (the dashboard loads admin-1 boundaries by alpha-3)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return {"iso3": country.alpha_3 if country else None, "name": country.name if country else None}


def facets(events: Sequence[Event]) -> dict[str, Any]:
    """What the dashboard's filters offer: the values present in the data, with counts."""
    count: dict[str, dict[str, int]] = {name: defaultdict(int) for name in FACET_COLUMNS}
    dates = []
    for e in events:
        count["event_type"][e.event_type] += 1
        count["sub_event_type"][e.sub_event_type] += 1
        if e.location and e.location.country_code:
            count["country_code"][e.location.country_code] += 1
        if e.location and e.location.admin1:
            count["admin1"][e.location.admin1] += 1
        if e.event_date:
            dates.append(e.event_date)
    first, last = (min(dates), max(dates)) if dates else (None, None)
    return facets_of_counts(FacetCounts(count, first, last, len(events)))


def facets_of_counts(found: FacetCounts) -> dict[str, Any]:
    """The facets of :func:`facets` from counts made by the database (``Store.facet_counts``)."""
    out: dict[str, Any] = {
        key: [{"value": v, "count": n} for v, n in sorted(found.counts.get(column, {}).items())]
        for column, key in FACET_COLUMNS.items()
    }
    for entry in out["country"]:
        entry.update(country_names(entry["value"]))
    return {
        **out,
        "first_date": found.first_date.isoformat() if found.first_date else None,
        "last_date": found.last_date.isoformat() if found.last_date else None,
        "events": found.events,
    }


def _groups(rows: Iterable[GroupCount], names: tuple[str, ...]) -> list[dict[str, Any]]:
    """One entry per group, most events first (ties by the group's values, empty ones last)."""
    out = [
        {**dict(zip(names, r.keys, strict=True)), "events": r.events, "fatalities": r.fatalities}
        for r in rows
    ]
    return sorted(out, key=lambda d: (-d["events"], *((d[n] is None, d[n] or "") for n in names)))


def admin1_table(rows: Sequence[GroupCount]) -> dict[str, Any]:
    """``/api/aggregates/admin1``: events and fatalities per country and first-level region."""
    return {
        "rows": _groups(rows, ("country", "admin1")),
        "events": sum(r.events for r in rows),
        "fatalities": sum(r.fatalities for r in rows),
    }


def _marginal(rows: Sequence[GroupCount], i: int, name: str) -> list[dict[str, Any]]:
    sums: dict[str | None, list[int]] = {}
    for r in rows:
        cell = sums.setdefault(r.keys[i], [0, 0])
        cell[0] += r.events
        cell[1] += r.fatalities
    return _groups([GroupCount((k,), n, f) for k, (n, f) in sums.items()], (name,))


def actor_type_table(rows: Sequence[GroupCount]) -> dict[str, Any]:
    """``/api/aggregates/actor-type``: per pair of actor types, and per type of each actor alone.

    A type is null where an event has no such actor (many protests have no actor2).
    """
    return {
        "pairs": _groups(rows, ("actor1_type", "actor2_type")),
        "actor1": _marginal(rows, 0, "actor1_type"),
        "actor2": _marginal(rows, 1, "actor2_type"),
        "events": sum(r.events for r in rows),
        "fatalities": sum(r.fatalities for r in rows),
    }


def map_grid(zoom: int, cells: Sequence[MapCell]) -> dict[str, Any]:
    """``/api/map``: the grid cells of ``zoom``, most events first; positions to six decimals (~0.1 m)."""
    out: list[dict[str, Any]] = [
        {
            "lat": round(c.lat, 6),
            "lon": round(c.lon, 6),
            "count": c.events,
            "fatalities": c.fatalities,
            "event_id": c.event_id if c.events == 1 else None,
            "event_type": c.event_type if c.events == 1 else None,
        }
        for c in cells
    ]
    out.sort(key=lambda d: (-d["count"], d["lat"], d["lon"]))
    return {"zoom": zoom, "total": sum(c.events for c in cells), "cells": out}
