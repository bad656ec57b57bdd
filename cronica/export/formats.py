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

from cronica.extract.roles import associated_actors
from cronica.model import Event, Tally
from cronica.nlp.language import detect_language
from cronica.taxonomy import disorder_types, inter_codes, plover_modes

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
CSV_COLUMNS = [
    "event_id", "event_date", "date_end", "date_precision", "event_type", "sub_event_type", "plover",
    "actor1", "actor1_type", "actor2", "actor2_type", "location", "admin1", "admin2", "country",
    "country_code", "lat", "lon", "geo_precision", "fatalities", "injuries", "arrests", "crowd_size",
    "tags", "background", "disputed", "confidence", "n_reports", "sources", "urls",
]  # fmt: skip
ISO_NUMERIC = {"PE": 604, "BO": 68, "CL": 152, "EC": 218, "CO": 170, "AR": 32, "BR": 76, "MX": 484, "US": 840}


def _region(country_code: str | None) -> str:
    south = {"PE", "BO", "CL", "EC", "CO", "AR", "BR", "VE", "PY", "UY", "GY", "SR"}
    return "South America" if country_code in south else ""


def _iso_numeric(code: str | None) -> int | str:
    if not code:
        return ""
    if code in ISO_NUMERIC:
        return ISO_NUMERIC[code]
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return int(country.numeric) if country else ""


def _associated(e: Event) -> tuple[str, str]:
    """ACLED's associated actors of each side, read from the event's first evidence sentence."""
    if not e.evidence or (e.actor1 is None and e.actor2 is None):
        return "", ""
    text = e.evidence[0].text
    lang = detect_language(text)
    return (
        "; ".join(associated_actors(text, e.actor1, lang)),
        "; ".join(associated_actors(text, e.actor2, lang)),
    )


def acled_row(e: Event) -> dict[str, Any]:
    """One row of ACLED's export, keyed by :data:`ACLED_COLUMNS`.

    ACLED's conventions apply: ``fatalities`` is 0 when none are reported,
    ``inter1``/``inter2`` are ACLED's actor codes and ``interaction`` pairs them,
    ``time_precision`` is 1 (day), 2 (week) or 3 (month or coarser), and
    ``notes`` quotes the first evidence sentences; ``assoc_actor_1``/``assoc_actor_2`` name the
    groups the evidence joins to each actor ("students joined by teachers' unions"), separated by
    "; " as in ACLED's files. Columns cronica does not know (admin3, source scale, timestamp) stay
    empty.
    """
    loc = e.location
    inter = inter_codes()
    inter1 = inter.get(e.actor1.type, "") if e.actor1 else ""
    inter2 = inter.get(e.actor2.type, "") if e.actor2 else ""
    interaction = (
        int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
        if inter1 and inter2
        else (int(f"{inter1}0") if inter1 else "")
    )
    disorder = disorder_types().get(e.event_type, "Political violence")
    assoc1, assoc2 = _associated(e)
    return {
        "event_id_cnty": e.event_id,
        "event_date": e.event_date.isoformat() if e.event_date else "",
        "year": e.event_date.year if e.event_date else "",
        "time_precision": TIME_PRECISION.get(e.date_precision, 3),
        "disorder_type": disorder,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else "",
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": e.actor2.name if e.actor2 else "",
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if e.actor2 and e.actor2.type == "civilians" else "",
        "iso": _iso_numeric(loc.country_code if loc else None),
        "region": _region(loc.country_code if loc else None),
        "country": (loc.country or "") if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.geo_precision if loc else "",
        "source": "; ".join(sorted({ev.source for ev in e.evidence if ev.source})),
        "source_scale": "",
        "notes": " ".join(ev.text for ev in e.evidence[:3])[:1000],
        "fatalities": e.fatalities if e.fatalities is not None else 0,
        "tags": "; ".join(e.tags),
        "timestamp": "",
    }


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
    }


def geojson(events: Sequence[Event]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point for each event that has coordinates.

    Each feature's properties are the event record without ``location``, plus
    ``location_name``, ``admin1`` and ``country_code``; events with no
    coordinates are left out.
    """
    features = []
    for e in events:
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        props = e.to_dict()
        props.pop("location")
        props.update({"location_name": loc.name, "admin1": loc.admin1, "country_code": loc.country_code})
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": props,
            }
        )
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


def _write_jsonl(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    for e in events:
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


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
    json.dump(geojson(events), out, ensure_ascii=False)
    out.write("\n")


def _write_plover(events: Sequence[Event], out: io.TextIOWrapper) -> None:
    for e in events:
        out.write(json.dumps(plover_record(e), ensure_ascii=False) + "\n")


def _write_parquet(events: Sequence[Event], out: BinaryIO) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [csv_row(e) for e in events]
    columns: dict[str, list[Any]] = {c: [r[c] if r[c] != "" else None for r in rows] for c in CSV_COLUMNS}
    columns["record"] = [json.dumps(e.to_dict(), ensure_ascii=False) for e in events]
    table = pa.table(columns) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
    pq.write_table(table, out)


FORMATS: dict[str, Callable[[Sequence[Event], BinaryIO], None]] = {
    "jsonl": _text(_write_jsonl),
    "csv": _text(_write_csv),
    "acled-csv": _text(_write_acled),
    "geojson": _text(_write_geojson),
    "plover-jsonl": _text(_write_plover),
    "parquet": _write_parquet,
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

    A path is created or replaced. The CLI's ``export`` and ``events`` and the
    API's ``/api/export`` all write through here.
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
