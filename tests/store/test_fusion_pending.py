"""Fusion marks: the blocks whose events are out of date are recorded in the store, crash or no crash.

On SQLite and on the real PostgreSQL server. A crash is a transaction that
never commits, which is what an exception inside it gives as well.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cronica.config import Settings
from cronica.errors import StoreError
from cronica.fuse import fuse_mentions
from cronica.model import Actor, Document, Event, Evidence, Place
from cronica.run.fusion import fuse_pending
from cronica.run.manifest import list_runs
from cronica.run.runner import process
from cronica.store import open_store
from cronica.store.db import Store

PUNO = Place("Puno", "Peru", "PE", "Puno", "Puno", -15.84, -70.02, 3931276, 1)
ORURO = Place("Oruro", "Bolivia", "BO", "Oruro", "Cercado", -17.98, -67.11, 3909234, 1)
TEXTS = {
    "p1": "Marchers blocked the bridge at Puno on Monday.",
    "p2": "On Monday a bridge in Puno was blocked by marchers.",
    "b1": "Miners marched through Oruro on Tuesday.",
    "n1": "Somewhere, a crowd gathered on Wednesday.",
}


def _mention(doc: str, place: Place | None, day: int) -> Event:
    text = TEXTS[doc]
    return Event(
        event_id=f"men_{doc}",
        event_date=dt.date(2023, 2, day),
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        plover="PROTEST",
        actor1=Actor("marchers", "protesters"),
        actor2=None,
        location=place,
        fatalities=None,
        figures=[],
        evidence=[Evidence(doc, 0, len(text), text, f"https://example.org/{doc}", "Gazette")],
    )


MENTIONS = {"p1": _mention("p1", PUNO, 6), "p2": _mention("p2", PUNO, 6), "b1": _mention("b1", ORURO, 7)}
MENTIONS["n1"] = _mention("n1", None, 8)


def _store_all(store: Store, docs: dict[str, Event]) -> None:
    with store.begin() as conn:
        for doc_id, m in docs.items():
            store.add_document(Document(doc_id, TEXTS[doc_id]), conn)
            store.save_results(doc_id, [m], [], conn)


def _events(store: Store) -> list[Any]:
    with store.begin() as conn:
        links = sorted(
            tuple(r) for r in conn.execute(sa.text("SELECT event_id, mention_id FROM event_mentions"))
        )
    return [*sorted((e.to_dict() for e in store.events()), key=lambda d: d["event_id"]), links]


def test_saving_mentions_marks_their_countries_old_and_new(db_url: str) -> None:
    store = open_store(db_url)
    _store_all(store, MENTIONS)
    assert set(store.fusion_pending()) == {"PE", "BO", None}
    fuse_pending(store)
    assert store.fusion_pending() == {}
    # the Oruro report, processed again, now places its march in Puno: both countries are stale
    with store.begin() as conn:
        store.save_results("b1", [_mention("b1", PUNO, 7)], [], conn)
    assert set(store.fusion_pending()) == {"PE", "BO"}


def test_fusion_pending_survives_a_crash_in_fusion(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(db_url)
    _store_all(store, MENTIONS)
    original = Store.insert_events

    def crash_on_peru(self: Store, conn: Any, events: Any) -> None:
        original(self, conn, events)
        if any(e.location and e.location.country_code == "PE" for e, _ in events):
            raise StoreError("killed while writing Peru's events")

    monkeypatch.setattr(Store, "insert_events", crash_on_peru)
    with pytest.raises(StoreError):
        fuse_pending(store)
    # the blocks before Peru were written and unmarked; Peru's write was rolled back, its mark kept
    assert set(store.fusion_pending()) == {"PE"}
    assert {e.location.country_code if e.location else None for e in store.events()} == {"BO", None}
    monkeypatch.undo()

    assert fuse_pending(store) == 1  # the next run finishes Peru alone
    assert store.fusion_pending() == {}
    finished = _events(store)
    store.replace_events(fuse_mentions(store.mentions()))
    assert _events(store) == finished  # what fusing everything at once gives


def test_a_block_marked_again_during_its_fusion_stays_marked(db_url: str) -> None:
    store = open_store(db_url)
    _store_all(store, {"p1": MENTIONS["p1"]})
    token = store.fusion_pending()["PE"]
    fused = fuse_mentions(store.country_mentions("PE"))
    _store_all(store, {"p2": MENTIONS["p2"]})  # stored after the fusion above read Peru's mentions
    store.replace_country_events("PE", fused, mark=token)
    assert set(store.fusion_pending()) == {"PE"}
    fuse_pending(store)
    assert store.fusion_pending() == {} and len(store.events()) == 1


def test_process_with_nothing_to_extract_fuses_what_a_killed_run_left(db_url: str) -> None:
    """Every document stored, no event written (the run died in fusion): a plain process brings them back."""
    store = open_store(db_url)
    _store_all(store, MENTIONS)
    assert store.events() == [] and store.pending_documents() == []
    _, counts = process(store, Settings(), quiet=True)
    assert counts.documents == 0 and counts.events == 3
    assert store.fusion_pending() == {}
    expected = sorted(e.event_id for e, _ in fuse_mentions(store.mentions()))
    assert sorted(e.event_id for e in store.events()) == expected


def _old_database(path: Path) -> sa.Engine:
    """A database at migration 0002, as written before the fusion marks existed."""
    from alembic import command
    from alembic.config import Config

    from cronica.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    return engine


def test_migration_marks_the_blocks_an_old_killed_run_left_unfused(tmp_path: Path) -> None:
    engine = _old_database(tmp_path / "old.db")
    with engine.begin() as conn:  # an old run died in fusion: mentions stored, no events, still "running"
        conn.execute(
            sa.text(
                "INSERT INTO runs (run_id, command, version, config_hash, started_at, status, counts, "
                "failures) VALUES ('old-run', 'process', '0.1.0', 'x', '2024-01-01 00:00:00', 'running', "
                "'{}', '[]')"
            )
        )
        # the 0002 schema has no fusion_pending table yet: the mentions are stored with plain SQL
        for doc_id, m in MENTIONS.items():
            conn.execute(
                sa.text(
                    "INSERT INTO documents (doc_id, content_hash, text, status, ingested_at) "
                    "VALUES (:d, :h, :t, 'processed', '2024-01-01 00:00:00')"
                ),
                {"d": doc_id, "h": f"hash-{doc_id}", "t": TEXTS[doc_id]},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO mentions (mention_id, doc_id, event_date, sub_event_type, country_code, "
                    "background, record) VALUES (:m, :d, :day, 'Peaceful protest', :c, 0, :r)"
                ),
                {
                    "m": m.event_id,
                    "d": doc_id,
                    "day": m.event_date,
                    "c": m.location.country_code if m.location else None,
                    "r": json.dumps(m.to_dict(), default=str),
                },
            )
    engine.dispose()

    store = open_store(f"sqlite:///{tmp_path / 'old.db'}")
    assert set(store.fusion_pending()) == {"PE", "BO", None}
    assert [r["status"] for r in list_runs(store)] == ["interrupted"]  # no pid, silent since 2024
    _, counts = process(store, Settings(), quiet=True)
    assert counts.events == 3


def test_a_migration_killed_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: the first open of a database is one transaction, so a crash in it can be opened again."""
    from alembic import op

    created: list[str] = []
    original = op.create_table

    def create_then_die(name: str, *cols: Any, **kw: Any) -> Any:
        out = original(name, *cols, **kw)
        created.append(name)
        if len(created) == 3:
            raise sa.exc.OperationalError("CREATE TABLE", {}, Exception("killed"))
        return out

    monkeypatch.setattr(op, "create_table", create_then_die)
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with pytest.raises(StoreError, match="cannot migrate"):
        open_store(url)
    assert len(created) == 3
    assert sa.inspect(sa.create_engine(url)).get_table_names() == []
    monkeypatch.undo()
    store = open_store(url)
    assert store.table_counts()["documents"] == 0
