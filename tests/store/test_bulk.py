"""The store's bulk writer and its block-by-block event writes, on SQLite and on PostgreSQL.

These tests build their rows by hand: the store takes plain rows and never
reads shard files or fuses anything itself.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from cronica.model import Actor, Event, Evidence, Figure, Place, Span
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.bulk import (
    STAGES,
    Staged,
    StagedDocument,
    StagedFigure,
    StagedMention,
    write_staged,
)
from cronica.store.db import Store

CUSCO = Place("Cusco", "Peru", "PE", "Cusco", "Cusco", -13.53, -71.97, 3941584, 1)
ORURO = Place("Oruro", "Bolivia", "BO", "Oruro", "Cercado", -17.97, -67.11, 3909234, 1)
TEXT = "Marchers blocked the bridge at dawn and two were hurt when police moved in."


def _event(event_id: str, doc_id: str, place: Place | None, injured: int = 2) -> Event:
    return Event(
        event_id=event_id,
        event_date=dt.date(2024, 3, 4),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover="PROTEST",
        actor1=Actor("marchers", "protesters"),
        actor2=Actor("police", "state_forces"),
        location=place,
        injuries=injured,
        figures=[Figure("injured", injured, injured, None, "exact", Span(doc_id, 45, 48))],
        evidence=[Evidence(doc_id, 0, len(TEXT), TEXT, None, "Wire", dt.date(2024, 3, 5))],
    )


def _staged_mention(m: Event, doc_id: str) -> tuple[StagedMention, list[StagedFigure]]:
    loc = m.location
    row = StagedMention(
        m.event_id,
        doc_id,
        m.event_date,
        m.sub_event_type,
        loc.country_code if loc else None,
        loc.admin1 if loc else None,
        m.background,
        json.dumps(m.to_dict()),
    )
    figures = [
        StagedFigure(m.event_id, i, f.evidence.doc_id, f.kind, f.value, f.low, f.high, f.qualifier, 45, 48)
        for i, f in enumerate(m.figures)
    ]
    return row, figures


def _batch(mentions: list[Event], docs: tuple[str, ...] = ("d1",)) -> Staged:
    """``docs`` processed with ``mentions`` (each of the document its evidence names), and ``d2`` failed."""
    staged = Staged(
        documents=[
            StagedDocument(
                d, f"hash-{d}", None, TEXT, None, "Wire", dt.date(2024, 3, 5), "en", None, "processed", None
            )
            for d in docs
        ]
    )
    staged.documents.append(
        StagedDocument("d2", "failed:d2", None, "", None, None, None, None, "x.jsonl", "failed", "bad JSON")
    )
    for m in mentions:
        row, figures = _staged_mention(m, m.evidence[0].doc_id)
        staged.mentions.append(row)
        staged.figures.extend(figures)
    return staged


def _rows(store: Store) -> dict[str, Any]:
    with store.begin() as conn:
        return {
            "documents": conn.execute(
                sa.select(t.documents.c.doc_id, t.documents.c.status, t.documents.c.error).order_by(
                    t.documents.c.doc_id
                )
            ).all(),
            "mentions": conn.execute(
                sa.select(t.mentions.c.mention_id, t.mentions.c.country_code).order_by(
                    t.mentions.c.mention_id
                )
            ).all(),
            "figures": conn.execute(sa.select(t.figures).order_by(t.figures.c.mention_id)).all(),
        }


def test_staged_rows_name_the_columns_of_their_tables() -> None:
    targets = {
        "stage_documents": t.documents,
        "stage_mentions": t.mentions,
        "stage_figures": t.figures,
        "stage_tallies": t.tallies,
    }
    assert set(STAGES) == set(targets)
    for stage, row_type in STAGES.items():
        fields = set(row_type._fields)  # type: ignore[attr-defined]
        assert fields <= {c.name for c in targets[stage].columns}, stage


def test_write_staged_is_idempotent_and_names_the_countries_it_changed(db_url: str) -> None:
    store = open_store(db_url)
    first = _batch([_event("m1", "d1", CUSCO)])
    assert write_staged(store, first, run_id="r1") == {"PE"}
    once = _rows(store)
    assert [tuple(r) for r in once["documents"]] == [("d1", "processed", None), ("d2", "failed", "bad JSON")]
    assert [tuple(r) for r in once["mentions"]] == [("m1", "PE")]
    assert len(once["figures"]) == 1

    assert write_staged(store, first, run_id="r2") == {"PE"}
    assert _rows(store) == once

    # d1 processed again: its mention now lies in Bolivia, so both countries' events are stale
    moved = _batch([_event("m2", "d1", ORURO)])
    assert write_staged(store, moved) == {"BO", "PE"}
    after = _rows(store)
    assert [tuple(r) for r in after["mentions"]] == [("m2", "BO")]
    assert [r.mention_id for r in after["figures"]] == ["m2"]
    # and with no mention left, only the country it had is stale
    assert write_staged(store, _batch([])) == {"BO"}
    assert _rows(store)["mentions"] == []


def test_events_are_replaced_one_country_at_a_time(db_url: str) -> None:
    store = open_store(db_url)
    mentions = [_event("m1", "d1", CUSCO), _event("m2", "d3", ORURO), _event("m3", "d1", None)]
    write_staged(store, _batch(mentions, docs=("d1", "d3")))
    assert [m.event_id for m in store.country_mentions("PE")] == ["m1"]
    assert [m.event_id for m in store.country_mentions(None)] == ["m3"]
    assert store.country_mentions("CL") == []
    store.replace_events([(_event(f"evt_{m.event_id}", "d1", m.location), [m.event_id]) for m in mentions])

    store.replace_country_events("PE", [(_event("evt_new", "d1", CUSCO, injured=3), ["m1"])])
    assert sorted(e.event_id for e in store.events()) == ["evt_m2", "evt_m3", "evt_new"]
    assert next(e for e in store.events() if e.event_id == "evt_new").injuries == 3

    store.replace_country_events(None, [])
    assert sorted(e.event_id for e in store.events()) == ["evt_m2", "evt_new"]

    # d1 processed again and found nothing: its events lose their mentions, d3's keeps its own
    write_staged(store, _batch([]))
    store.delete_orphan_events()
    assert [e.event_id for e in store.events()] == ["evt_m2"]
    assert store.table_counts()["event_mentions"] == 1
