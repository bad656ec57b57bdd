"""The store on SQLite and on a real PostgreSQL server: migrations, idempotent writes, queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from cronica.errors import StoreError
from cronica.fuse import fuse_mentions
from cronica.model import Actor, Document, Event, Evidence, Figure, Place, Quote, Span, Tally
from cronica.store import open_store
from cronica.store.db import EventFilter
from cronica.store.schema import metadata

JULIACA = Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1)
LIMA = Place("Lima", "Peru", "PE", "Lima", "Lima", -12.04, -77.03, 3936456, 1)


def mention(doc: str, start: int, place: Place, killed: int | None, text: str, day: int = 9) -> Event:
    return Event(
        event_id=f"evt_{doc}_{start}",
        event_date=dt.date(2023, 1, day),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover="PROTEST",
        actor1=Actor("demonstrators", "protesters"),
        actor2=Actor("policía", "state_forces"),
        location=place,
        fatalities=killed,
        figures=[Figure("killed", killed, killed, None, "exact", Span(doc, start, start + 10))]
        if killed
        else [],
        evidence=[
            Evidence(
                doc,
                start,
                start + len(text),
                text,
                f"https://example.org/{doc}",
                "Outlet",
                dt.date(2023, 1, 10),
            )
        ],
    )


def test_migrated_schema_matches_metadata(db_url: str) -> None:
    store = open_store(db_url)
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        cols = {c["name"] for c in inspector.get_columns(table.name)}
        assert cols == {c.name for c in table.columns}, table.name
    open_store(db_url)  # migrating again is a no-op


def test_same_text_twice_is_one_document(db_url: str) -> None:
    store = open_store(db_url)
    with store.begin() as conn:
        assert store.add_document(Document("a", "La policía   disparó."), conn) == "new"
        assert store.add_document(Document("b", "La policía disparó."), conn) == "duplicate"
        assert store.add_document(Document("a", "Otro texto distinto."), conn) == "updated"
    assert store.table_counts()["documents"] == 1


def test_failures_are_recorded_once_and_forgotten_when_fixed(db_url: str) -> None:
    store = open_store(db_url)
    with store.begin() as conn:
        store.add_failure("/data/x.txt", "binary file, not text", conn)
        store.add_failure("/data/x.txt", "binary file, not text", conn)
    assert store.failed_documents() == [("/data/x.txt", "binary file, not text")]
    with store.begin() as conn:
        store.add_document(Document("x", "Now it reads.", origin="/data/x.txt"), conn)
    assert store.failed_documents() == []
    assert store.document_counts() == {"pending": 1}


def test_saving_results_twice_does_not_duplicate(db_url: str) -> None:
    store = open_store(db_url)
    text = "Police killed 17 protesters in Juliaca."
    with store.begin() as conn:
        store.add_document(Document("d1", text), conn)
    m = mention("d1", 0, JULIACA, 17, text)
    tally = Tally("killed", 49, "exact", "deaths", dt.date(2023, 1, 10), "PE", Quote("d1", 0, 10, "x"))
    for _ in range(2):
        with store.begin() as conn:
            store.save_results("d1", [m], [tally], conn)
    counts = store.table_counts()
    assert (counts["mentions"], counts["figures"], counts["tallies"]) == (1, 1, 1)
    assert store.document_counts() == {"processed": 1}
    assert store.mentions()[0].to_dict() == m.to_dict()


def test_events_filters_and_accent_insensitive_search(db_url: str) -> None:
    store = open_store(db_url)
    texts = {"d1": "La policía disparó en Juliaca.", "d2": "Police fired in Lima.", "d3": "Otra vez Juliaca."}
    with store.begin() as conn:
        for doc_id, text in texts.items():
            store.add_document(Document(doc_id, text), conn)
    mentions = [
        mention("d1", 0, JULIACA, 17, texts["d1"]),
        mention("d3", 0, JULIACA, 18, texts["d3"]),
        mention("d2", 0, LIMA, 1, texts["d2"], day=19),
    ]
    with store.begin() as conn:
        for m in mentions:
            store.save_results(m.evidence[0].doc_id, [m], [], conn)
    store.replace_events(fuse_mentions(store.mentions()))
    events = store.events()
    assert len(events) == 2
    juliaca = next(e for e in events if e.location and e.location.name == "Juliaca")
    assert juliaca.fatalities == 17 and juliaca.disputed
    assert {f.value for f in juliaca.figures} == {17, 18}
    assert [e.location.name for e in store.events(EventFilter(q="disparo")) if e.location] == ["Juliaca"]
    assert len(store.events(EventFilter(since=dt.date(2023, 1, 10)))) == 1
    assert len(store.events(EventFilter(admin1="puno"))) == 1
    assert len(store.events(EventFilter(country="pe"))) == 2
    assert len(store.events(EventFilter(bbox=(-71.0, -16.0, -70.0, -15.0)))) == 1
    assert store.count_events(EventFilter(limit=1)) == 2
    # replacing again keeps the same events
    store.replace_events(fuse_mentions(store.mentions()))
    assert [e.event_id for e in store.events()] == [e.event_id for e in events]


def test_unopenable_database_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store("sqlite:////no/such/folder/x.db")
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://localhost/x")


def test_confidence_migration_fills_existing_events(
    old_database: Callable[[str, dict[str, Any]], str],
) -> None:
    """A database made before events had a confidence column gets it, filled from each record."""
    row = {
        "event_id": "evt_old", "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "background": False, "disputed": False, "n_reports": 1, "search_text": "",
        "record": {"confidence": 0.42},
    }  # fmt: skip
    url = old_database("0001", row)
    store = open_store(url)
    with store.begin() as conn:
        got = conn.execute(sa.text("select confidence from events where event_id = 'evt_old'")).scalar_one()
    assert got == 0.42
