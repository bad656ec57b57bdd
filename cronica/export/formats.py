"""Event exports: jsonl, csv, ACLED-column CSV, GeoJSON, Parquet, PLOVER JSON lines.

Each writer is a function of (events, stream or path); the CLI and the REST API
call the same ones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from cronica.export.acled import ACLED_COLUMNS, acled_row, acled_summary
from cronica.export.parquet import write_parquet
from cronica.model import Event, Tally
from cronica.taxonomy import plover_modes

CSV_COLUMNS = [
    "event_id", "event_date", "date_end", "date_precision", "event_type", "sub_event_type", "plover",
    "actor1", "actor1_type", "actor2", "actor2_type", "location", "admin1", "admin2", "country",
    "country_code", "lat", "lon", "geo_precision", "fatalities", "injuries", "arrests", "crowd_size",
    "tags", "background", "disputed", "confidence", "n_reports", "sources", "urls",
    "review_status", "reviewed_by", "reviewed_at", "new_since_review",
]  # fmt: skip


def csv_row(e: Event) -> dict[str, Any]:
    """A flat row of :data:`CSV_COLUMNS`: the event record without its lists, plus report counts.

    Missing values are empty strings; tags are joined with ``;``, outlets with
    ``; `` and links with spaces. The Parquet export uses the same columns.
    """
    loc = e.location
    return {
        "event_id": e.event_id,
        "event_date": e.event_date.isoformat() if e.event_date else "",
        "date_end": e.date_end.isoformat() if e.date_end else "",
        "date_precision": e.date_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "plover": e.plover or "",
        "actor1": e.actor1.name if e.actor1 else "",
        "actor1_type": e.actor1.type if e.actor1 else "",
        "actor2": e.actor2.name if e.actor2 else "",
        "actor2_type": e.actor2.type if e.actor2 else "",
        "location": loc.name if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "country": (loc.country or "") if loc else "",
        "country_code": (loc.country_code or "") if loc else "",
        "lat": loc.lat if loc and loc.lat is not None else "",
        "lon": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.geo_precision if loc else "",
        "fatalities": "" if e.fatalities is None else e.fatalities,
        "injuries": "" if e.injuries is None else e.injuries,
        "arrests": "" if e.arrests is None else e.arrests,
        "crowd_size": "" if e.crowd_size is None else e.crowd_size,
        "tags": ";".join(e.tags),
        "background": e.background,
        "disputed": e.disputed,
        "confidence": e.confidence,
        "n_reports": len({ev.doc_id for ev in e.evidence}),
        "sources": "; ".join(sorted({ev.source for ev in e.evidence if ev.source})),
        "urls": " ".join(sorted({ev.url for ev in e.evidence if ev.url})),
        **{k: "" if v is None else v for k, v in e.review_columns().items()},
    }


def _feature_properties(e: Event) -> dict[str, Any]:
    props = {**e.to_dict(), **e.review_columns()}
    loc = props.pop("location") or {}
    props.update(
        {
            "location_name": loc.get("name"),
            "admin1": loc.get("admin1"),
            "admin2": loc.get("admin2"),
            "country": loc.get("country"),
            "country_code": loc.get("country_code"),
            "geo_precision": loc.get("geo_precision"),
        }
    )
    return props


def geojson(events: Sequence[Event], *, unlocated: bool = False) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946): a Point for each event that has coordinates.

    Each feature's properties are the event record without ``location``, plus ``location_name``,
    ``admin1``, ``admin2``, ``country``, ``country_code`` and ``geo_precision``. Events with no
    coordinates are left out, or with ``unlocated`` kept with a null geometry, as RFC 7946 and
    GDAL allow (the file export keeps them, so that it holds every event; the map leaves them out).
    """
    features = []
    for e in events:
        loc = e.location
        located = loc is not None and loc.lat is not None and loc.lon is not None
        if not located and not unlocated:
            continue
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]} if loc and located else None
        features.append({"type": "Feature", "geometry": geometry, "properties": _feature_properties(e)})
    return {"type": "FeatureCollection", "features": features}


def plover_record(e: Event) -> dict[str, Any]:
    """A PLOVER-style event record (event, mode, actors, location, date, figures)."""
    loc = e.location
    return {
        "id": e.event_id,
        "date": e.event_date.isoformat() if e.event_date else None,
        "event": e.plover,
        "mode": plover_modes().get(e.sub_event_type),
        "context": e.tags,
        "actor": e.actor1.name if e.actor1 else None,
        "actor_type": e.actor1.type if e.actor1 else None,
        "recipient": e.actor2.name if e.actor2 else None,
        "recipient_type": e.actor2.type if e.actor2 else None,
        "location": loc.to_dict() if loc else None,
        "fatalities": e.fatalities,
        "injuries": e.injuries,
        "arrests": e.arrests,
        "acled": {"event_type": e.event_type, "sub_event_type": e.sub_event_type},
        "sources": [ev.to_dict() for ev in e.evidence],
    }


def _text(
    fn: Callable[[Sequence[Event], io.TextIOWrapper], None],
) -> Callable[[Sequence[Event], BinaryIO], None]:
    def write(events: Sequence[Event], out: BinaryIO) -> None:
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        fn(events, wrapper)
        wrapper.flush()
        wrapper.detach()

    return write


def jsonl_record(e: Event) -> dict[str, Any]:
    """The event record of DESIGN.md section 4 with its ACLED coding appended under ``"acled"``.

    The record's own ``actor1``/``actor2`` keep the report's words; ``acled`` sets ACLED's name of
    each actor beside those words (``raw``), with its inter code and associated groups (see
    :func:`cronica.export.acled.acled_summary`).
    """
    return {**e.to_dict(), "acled": acled_summary(e)}


def _write_records(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    for e in events:
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def write_records(events: Sequence[Event], out: BinaryIO) -> None:
    """The event records of DESIGN.md section 4 exactly, one a line (``cronica events --format jsonl``).

    The ``jsonl`` export format adds each event's ACLED coding (:func:`jsonl_record`); a listing
    prints the contract's records and nothing else.
    """
    _text(_write_records)(events, out)


def _write_jsonl(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    for e in events:
        out.write(json.dumps(jsonl_record(e), ensure_ascii=False) + "\n")


def _write_csv(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    w.writeheader()
    for e in events:
        w.writerow(csv_row(e))


def _write_acled(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    w.writeheader()
    for e in events:
        if not e.background:
            w.writerow(acled_row(e))


def _write_geojson(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    json.dump(geojson(events, unlocated=True), out, ensure_ascii=False)
    out.write("\n")


def _write_plover(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    for e in events:
        out.write(json.dumps(plover_record(e), ensure_ascii=False) + "\n")


FORMATS: dict[str, Callable[[Sequence[Event], BinaryIO], None]] = {
    "jsonl": _text(_write_jsonl),
    "csv": _text(_write_csv),
    "acled-csv": _text(_write_acled),
    "geojson": _text(_write_geojson),
    "plover-jsonl": _text(_write_plover),
    "parquet": write_parquet,
}
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "acled-csv": "text/csv",
    "geojson": "application/geo+json",
    "plover-jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def write_events(events: Sequence[Event], fmt: str, out: BinaryIO | Path) -> None:
    """Write ``events`` in format ``fmt`` (a key of :data:`FORMATS`) to a binary stream or a file.

    A path is created or replaced. The CLI's ``export`` and ``events`` (but for its JSON lines,
    see :func:`write_records`) and the API's ``/api/export`` all write through here.
    """
    writer = FORMATS[fmt]
    if isinstance(out, Path):
        with out.open("wb") as fh:
            writer(events, fh)
    else:
        writer(events, out)


def tally_rows(tallies: Sequence[Tally]) -> list[dict[str, Any]]:
    """The tally records of DESIGN.md section 4, one dict each."""
    return [t.to_dict() for t in tallies]
