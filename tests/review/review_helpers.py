"""Small synthetic reports for the review tests: mentions placed in two countries, fused into a store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cronica.model import Actor, Document, Event, Evidence, Figure, Place, Span
from cronica.run.fusion import fuse_blocks
from cronica.store.db import EventFilter, Store

JULIACA = Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1)
LIMA = Place("Lima", "Peru", "PE", "Lima", "Lima", -12.04, -77.03, 3936456, 1)
BOGOTA = Place("Bogotá", "Colombia", "CO", "Bogota D.C.", None, 4.61, -74.08, 3688689, 1)
JAN10 = dt.date(2023, 1, 10)
PLACES = {"juliaca": JULIACA, "lima": LIMA, "bogota": BOGOTA}


def mention(doc: str, place: str, day: int, killed: int | None = None, start: int = 0) -> Event:
    """One report's mention of a protest on ``day`` January 2023 at ``place``."""
    figures = [Figure("killed", killed, killed, None, "exact", Span(doc, start + 2, start + 9))]
    return Event(
        event_id=f"evt_{doc}_{start}",
        event_date=dt.date(2023, 1, day),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover="PROTEST",
        actor1=Actor("demonstrators", "protesters"),
        actor2=Actor("police", "state_forces"),
        location=PLACES[place],
        fatalities=killed,
        figures=figures if killed is not None else [],
        confidence=0.6,
        evidence=[Evidence(doc, start, start + 30, f"report {doc} of {place}", None, "Outlet", JAN10)],
    )


def add_reports(store: Store, reports: Sequence[Event]) -> None:
    """Store each mention as its own document's results, then fuse what is pending."""
    with store.begin() as conn:
        for m in reports:
            doc = m.evidence[0].doc_id
            store.add_document(Document(doc, f"text of {doc} {m.event_id}"), conn)
            store.save_results(doc, [m], [], conn)
    fuse_blocks(store, [])


def snapshot(store: Store, **flt: object) -> list[tuple[str, list[str], dict[str, object]]]:
    """Every stored event (rejected ones too) with its mentions and its record, times left out."""
    from cronica.review.storage import event_members

    events = sorted(store.events(EventFilter(include_background=True, **flt)), key=lambda e: e.event_id)  # type: ignore[arg-type]
    events += store.events(EventFilter(include_background=True, review_status="rejected"))
    with store.begin() as conn:
        members = event_members(conn, [e.event_id for e in events])
    out = []
    for e in sorted(events, key=lambda e: e.event_id):
        record = e.to_dict()
        record.pop("reviewed_at", None)
        for override in (record.get("review") or {}).get("overrides", {}).values():
            override.pop("at", None)
        out.append((e.event_id, members[e.event_id], record))
    return out
