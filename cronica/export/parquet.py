"""The Parquet export: one typed row per event under one explicit Arrow schema.

Dates are DATE, counts INT64, codes INT32, flags BOOL, coordinates and confidence DOUBLE; tags,
outlets and links are lists of strings, figures and evidence lists of structs, so DuckDB, pandas and
Arrow read the file without parsing any text. The row keeps everything of the event record:
:func:`event_from_row` rebuilds the :class:`~cronica.model.Event` from it. The schema's table, column
by column, is in docs/exports.md (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from cronica.model import Actor, Event, Evidence, Figure, Place, Review, Span

if TYPE_CHECKING:
    import pyarrow as pa


def _figure_type() -> pa.DataType:
    import pyarrow as pa

    return pa.struct(
        [
            pa.field("kind", pa.string(), nullable=False),
            pa.field("value", pa.int64()),
            pa.field("low", pa.int64()),
            pa.field("high", pa.int64()),
            pa.field("qualifier", pa.string(), nullable=False),
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("sentence", pa.string()),  # the evidence sentence that states the figure
        ]
    )


def _evidence_type() -> pa.DataType:
    import pyarrow as pa

    return pa.struct(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("url", pa.string()),
            pa.field("source", pa.string()),
            pa.field("published", pa.date32()),
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
        ]
    )


def parquet_schema() -> pa.Schema:
    """The Arrow schema of the Parquet export (built on call: pyarrow is imported only when needed)."""
    import pyarrow as pa

    text, required = pa.string(), False
    return pa.schema(
        [
            pa.field("event_id", text, nullable=required),
            pa.field("event_date", pa.date32()),
            pa.field("date_end", pa.date32()),
            pa.field("date_precision", text, nullable=required),
            pa.field("event_type", text, nullable=required),
            pa.field("sub_event_type", text, nullable=required),
            pa.field("plover", text),
            pa.field("actor1", text),
            pa.field("actor1_type", text),
            pa.field("actor2", text),
            pa.field("actor2_type", text),
            pa.field("location", text),
            pa.field("admin1", text),
            pa.field("admin2", text),
            pa.field("country", text),
            pa.field("country_code", text),
            pa.field("geonames_id", pa.int64()),
            pa.field("lat", pa.float64()),
            pa.field("lon", pa.float64()),
            pa.field("geo_precision", pa.int32()),
            pa.field("fatalities", pa.int64()),
            pa.field("injuries", pa.int64()),
            pa.field("arrests", pa.int64()),
            pa.field("crowd_size", pa.int64()),
            pa.field("tags", pa.list_(text), nullable=required),
            pa.field("background", pa.bool_(), nullable=required),
            pa.field("disputed", pa.bool_(), nullable=required),
            pa.field("confidence", pa.float64(), nullable=required),
            pa.field("n_reports", pa.int32(), nullable=required),
            pa.field("sources", pa.list_(text), nullable=required),
            pa.field("urls", pa.list_(text), nullable=required),
            pa.field("figures", pa.list_(_figure_type()), nullable=required),
            pa.field("evidence", pa.list_(_evidence_type()), nullable=required),
            pa.field("review_status", text, nullable=required),
            pa.field("reviewed_by", text),
            pa.field("reviewed_at", pa.timestamp("us", tz="UTC")),
            pa.field("new_since_review", pa.bool_(), nullable=required),
            pa.field("review", text),  # JSON: the corrections and the reports new since review
        ]
    )


def _sentence(span: Span, evidence: Sequence[Evidence]) -> str | None:
    """The evidence sentence of the same report that holds ``span``, if one does."""
    for ev in evidence:
        if ev.doc_id == span.doc_id and ev.start <= span.start and span.end <= ev.end:
            return ev.text
    return None


def _figure(f: Figure, evidence: Sequence[Evidence]) -> dict[str, Any]:
    span = f.evidence
    return {
        "kind": f.kind,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier,
        "doc_id": span.doc_id,
        "start": span.start,
        "end": span.end,
        "sentence": _sentence(span, evidence),
    }


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "doc_id": ev.doc_id,
        "url": ev.url,
        "source": ev.source,
        "published": ev.published,
        "start": ev.start,
        "end": ev.end,
        "text": ev.text,
    }


def _place(loc: Place | None) -> dict[str, Any]:
    return {
        "location": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "country": loc.country if loc else None,
        "country_code": loc.country_code if loc else None,
        "geonames_id": loc.geonames_id if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
    }


def parquet_row(e: Event) -> dict[str, Any]:
    """One row of :func:`parquet_schema` (Python values: dates, ints, lists, dicts, None)."""
    return {
        "event_id": e.event_id,
        "event_date": e.event_date,
        "date_end": e.date_end,
        "date_precision": e.date_precision,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "plover": e.plover,
        "actor1": e.actor1.name if e.actor1 else None,
        "actor1_type": e.actor1.type if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "actor2_type": e.actor2.type if e.actor2 else None,
        **_place(e.location),
        "fatalities": e.fatalities,
        "injuries": e.injuries,
        "arrests": e.arrests,
        "crowd_size": e.crowd_size,
        "tags": list(e.tags),
        "background": e.background,
        "disputed": e.disputed,
        "confidence": float(e.confidence),
        "n_reports": len({ev.doc_id for ev in e.evidence}),
        "sources": sorted({ev.source for ev in e.evidence if ev.source}),
        "urls": sorted({ev.url for ev in e.evidence if ev.url}),
        "figures": [_figure(f, e.evidence) for f in e.figures],
        "evidence": [_evidence(ev) for ev in e.evidence],
        **_review(e),
    }


def _review(e: Event) -> dict[str, Any]:
    cols = e.review_columns()
    at = cols["reviewed_at"]
    detail = e.review.record_keys()["review"] if e.review else None
    return {
        **cols,
        "reviewed_at": dt.datetime.fromisoformat(at) if at else None,
        "review": json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
    }


def _row_review(row: dict[str, Any]) -> Review | None:
    """The review a row keeps (status, who, when); the corrections themselves are in the JSON export."""
    status = row.get("review_status") or "machine"
    if status == "machine":
        return None
    at = row.get("reviewed_at")
    detail = json.loads(row["review"]) if row.get("review") else {}
    return Review(
        status,
        row.get("reviewed_by"),
        at.astimezone(dt.UTC).isoformat() if at else None,
        dict(detail.get("overrides") or {}),
        list(detail.get("new_mentions") or []),
    )


def _actor(row: dict[str, Any], side: str) -> Actor | None:
    name, kind = row.get(side), row.get(f"{side}_type")
    return Actor(name=name, type=kind) if name is not None and kind is not None else None


def _row_place(row: dict[str, Any]) -> Place | None:
    if row.get("location") is None:
        return None
    return Place(
        name=row["location"],
        country=row.get("country"),
        country_code=row.get("country_code"),
        admin1=row.get("admin1"),
        admin2=row.get("admin2"),
        lat=row.get("lat"),
        lon=row.get("lon"),
        geonames_id=row.get("geonames_id"),
        geo_precision=int(row.get("geo_precision") or 3),
    )


def _row_figure(f: dict[str, Any]) -> Figure:
    span = Span(doc_id=f["doc_id"], start=int(f["start"]), end=int(f["end"]))
    return Figure(
        kind=f["kind"],
        value=f["value"],
        low=f["low"],
        high=f["high"],
        qualifier=f["qualifier"],
        evidence=span,
    )


def _row_evidence(ev: dict[str, Any]) -> Evidence:
    return Evidence(
        doc_id=ev["doc_id"],
        start=int(ev["start"]),
        end=int(ev["end"]),
        text=ev["text"],
        url=ev.get("url"),
        source=ev.get("source"),
        published=ev.get("published"),
    )


def event_from_row(row: dict[str, Any]) -> Event:
    """The event a row of the export was written from (the inverse of :func:`parquet_row`)."""
    return Event(
        event_id=row["event_id"],
        event_date=row.get("event_date"),
        date_end=row.get("date_end"),
        date_precision=row["date_precision"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        plover=row.get("plover"),
        actor1=_actor(row, "actor1"),
        actor2=_actor(row, "actor2"),
        location=_row_place(row),
        fatalities=row.get("fatalities"),
        injuries=row.get("injuries"),
        arrests=row.get("arrests"),
        crowd_size=row.get("crowd_size"),
        figures=[_row_figure(f) for f in row.get("figures") or []],
        tags=list(row.get("tags") or []),
        background=bool(row["background"]),
        confidence=float(row["confidence"]),
        evidence=[_row_evidence(ev) for ev in row.get("evidence") or []],
        disputed=bool(row["disputed"]),
        review=_row_review(row),
    )


def write_parquet(events: Sequence[Event], out: BinaryIO) -> None:
    """Write ``events`` as one Parquet file under :func:`parquet_schema` (an empty file keeps the schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    table = pa.Table.from_pylist([parquet_row(e) for e in events], schema=schema)
    pq.write_table(table, out)
