"""Bulk loading of Parquet shard files into the store, and fusion by block.

A cluster run (``cronica.run.ray_engine.backfill``) leaves one Parquet file per
shard. ``load_shards`` moves each file into the database in one transaction:

- PostgreSQL: ``COPY`` into temporary staging tables, then set-based
  ``INSERT ... SELECT ... ON CONFLICT``; SQLite: ``executemany`` into the same
  staging tables (the fallback for a laptop);
- a document already stored gets its status updated; a new one is inserted,
  unless the same text is already stored under another id (the same text twice
  is one document, and its mentions are then left out);
- the mentions, figures and tallies of the shard's processed documents replace
  whatever those documents had, exactly as ``Store.save_results`` does.

So loading a file twice, or loading it again after a crash half-way, gives the
same database as loading it once: the load is idempotent per file.

``fuse_blocks`` then re-fuses only the countries that the new mentions fall
in. Fusion is blocked by country (``cronica.fuse.cluster`` never joins mentions
of two countries, and mentions with no country only join each other), so this
gives exactly the events a full re-fusion gives, at the cost of the blocks
touched.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.store import schema as t
from cronica.store.db import Store

STAGES: dict[str, list[tuple[str, str]]] = {
    "stage_documents": [
        ("doc_id", "TEXT"),
        ("content_hash", "TEXT"),
        ("title", "TEXT"),
        ("text", "TEXT"),
        ("url", "TEXT"),
        ("source", "TEXT"),
        ("published", "DATE"),
        ("lang", "TEXT"),
        ("origin", "TEXT"),
        ("status", "TEXT"),
        ("error", "TEXT"),
    ],
    "stage_mentions": [
        ("mention_id", "TEXT"),
        ("doc_id", "TEXT"),
        ("event_date", "DATE"),
        ("sub_event_type", "TEXT"),
        ("country_code", "TEXT"),
        ("admin1", "TEXT"),
        ("background", "BOOLEAN"),
        ("record", "JSON"),
    ],
    "stage_figures": [
        ("mention_id", "TEXT"),
        ("seq", "INTEGER"),
        ("doc_id", "TEXT"),
        ("kind", "TEXT"),
        ("value", "INTEGER"),
        ("low", "INTEGER"),
        ("high", "INTEGER"),
        ("qualifier", "TEXT"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
    ],
    "stage_tallies": [
        ("tally_id", "TEXT"),
        ("doc_id", "TEXT"),
        ("kind", "TEXT"),
        ("value", "INTEGER"),
        ("as_of", "DATE"),
        ("country_code", "TEXT"),
        ("record", "JSON"),
    ],
}


def _q(name: str) -> str:
    return f'"{name}"'


def _cols(stage: str) -> str:
    return ", ".join(_q(c) for c, _ in STAGES[stage])


@dataclass
class LoadCounts:
    shards: int = 0
    documents: int = 0
    mentions: int = 0
    tallies: int = 0
    failed: int = 0
    events: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Staged:
    """The rows of one shard file, shaped like the staging tables."""

    documents: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    figures: list[tuple[Any, ...]]
    tallies: list[tuple[Any, ...]]
    countries: set[str | None]


def stage_rows(path: Path) -> Staged:
    """Read one shard file into staging rows (figures come out of the mention records)."""
    from cronica.run.parquet_io import read_table

    cols = read_table(path).to_pydict()
    out = Staged([], [], [], [], set())
    for i, kind in enumerate(cols["kind"]):
        doc_id = cols["doc_id"][i]
        if kind == "document":
            rec = json.loads(cols["record"][i]) if cols["record"][i] else {}
            published = rec.get("published")
            out.documents.append(
                (
                    doc_id,
                    cols["key"][i] or f"failed:{doc_id}",
                    rec.get("title"),
                    rec.get("text", ""),
                    rec.get("url"),
                    rec.get("source"),
                    dt.date.fromisoformat(published) if published else None,
                    rec.get("lang"),
                    rec.get("origin"),
                    cols["status"][i],
                    cols["error"][i],
                )
            )
        elif kind == "mention":
            record = cols["record"][i]
            out.mentions.append(
                (
                    cols["key"][i],
                    doc_id,
                    cols["event_date"][i],
                    cols["sub_event_type"][i],
                    cols["country_code"][i],
                    cols["admin1"][i],
                    bool(cols["background"][i]),
                    record,
                )
            )
            out.countries.add(cols["country_code"][i])
            for seq, f in enumerate(json.loads(record).get("figures", [])):
                ev = f["evidence"]
                out.figures.append(
                    (
                        cols["key"][i],
                        seq,
                        ev["doc_id"],
                        f["kind"],
                        f["value"],
                        f.get("low"),
                        f.get("high"),
                        f["qualifier"],
                        ev["start"],
                        ev["end"],
                    )
                )
        elif kind == "tally":
            out.tallies.append(
                (
                    cols["key"][i],
                    doc_id,
                    json.loads(cols["record"][i])["kind"],
                    json.loads(cols["record"][i])["value"],
                    cols["event_date"][i],
                    cols["country_code"][i],
                    cols["record"][i],
                )
            )
    return out


def _create_stages(conn: Connection, dialect: str) -> None:
    for name, cols in STAGES.items():
        types = ", ".join(
            f"{_q(c)} {'TEXT' if (ty == 'JSON' and dialect == 'sqlite') else ty}" for c, ty in cols
        )
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({types})")
        conn.exec_driver_sql(f"DELETE FROM {name}")


def _fill_stage(conn: Connection, dialect: str, stage: str, rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if dialect == "postgresql":
        raw: Any = conn.connection.dbapi_connection
        with raw.cursor() as cur, cur.copy(f"COPY {stage} ({_cols(stage)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return

    def sqlite_value(v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else v

    marks = ", ".join("?" for _ in STAGES[stage])
    conn.exec_driver_sql(
        f"INSERT INTO {stage} ({_cols(stage)}) VALUES ({marks})",
        [tuple(sqlite_value(v) for v in row) for row in rows],
    )


# Set-based moves from the staging tables; the same SQL on both backends.
_MOVE = [
    # documents: known ones get their status, new ones are inserted (same text twice is one document)
    """UPDATE documents SET status = s.status, error = s.error,
           processed_at = CASE WHEN s.status = 'processed' THEN :now ELSE documents.processed_at END,
           run_id = CASE WHEN s.status = 'processed' THEN :run_id ELSE documents.run_id END
       FROM stage_documents s WHERE documents.doc_id = s.doc_id""",
    """INSERT INTO documents (doc_id, content_hash, title, text, url, source, published, lang, origin,
                              status, error, ingested_at, processed_at, run_id)
       SELECT s.doc_id, s.content_hash, s.title, s.text, s.url, s.source, s.published, s.lang, s.origin,
              s.status, s.error, :now, CASE WHEN s.status = 'processed' THEN :now END, :run_id
       FROM stage_documents s
       WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.content_hash = s.content_hash)
       ON CONFLICT DO NOTHING""",
    # the processed documents' previous results are replaced
    """DELETE FROM event_mentions WHERE mention_id IN (
           SELECT m.mention_id FROM mentions m JOIN stage_documents s ON s.doc_id = m.doc_id
           WHERE s.status = 'processed')""",
    """DELETE FROM figures WHERE mention_id IN (
           SELECT m.mention_id FROM mentions m JOIN stage_documents s ON s.doc_id = m.doc_id
           WHERE s.status = 'processed')""",
    """DELETE FROM mentions WHERE doc_id IN (
           SELECT doc_id FROM stage_documents WHERE status = 'processed')""",
    """DELETE FROM tallies WHERE doc_id IN (SELECT doc_id FROM stage_documents WHERE status = 'processed')""",
    # only results of documents stored under this id (not of a text stored under another id)
    """INSERT INTO mentions (mention_id, doc_id, event_date, sub_event_type, country_code, admin1,
                             background, record)
       SELECT s.mention_id, s.doc_id, s.event_date, s.sub_event_type, s.country_code, s.admin1,
              s.background, s.record
       FROM stage_mentions s JOIN documents d ON d.doc_id = s.doc_id
       WHERE d.status = 'processed'
       ON CONFLICT DO NOTHING""",
    """INSERT INTO figures (mention_id, seq, doc_id, kind, value, low, high, qualifier, start, "end")
       SELECT f.mention_id, f.seq, f.doc_id, f.kind, f.value, f.low, f.high, f.qualifier, f.start, f."end"
       FROM stage_figures f JOIN stage_mentions s ON s.mention_id = f.mention_id
       JOIN documents d ON d.doc_id = s.doc_id
       WHERE d.status = 'processed'
       ON CONFLICT DO NOTHING""",
    """INSERT INTO tallies (tally_id, doc_id, kind, value, as_of, country_code, record)
       SELECT s.tally_id, s.doc_id, s.kind, s.value, s.as_of, s.country_code, s.record
       FROM stage_tallies s JOIN documents d ON d.doc_id = s.doc_id
       WHERE d.status = 'processed'
       ON CONFLICT (tally_id) DO UPDATE SET doc_id = excluded.doc_id, kind = excluded.kind,
           value = excluded.value, as_of = excluded.as_of, country_code = excluded.country_code,
           record = excluded.record""",
]


def load_shard(store: Store, path: Path, run_id: str | None = None) -> tuple[LoadCounts, set[str | None]]:
    """Load one shard file in one transaction; returns its counts and the countries it touched."""
    staged = stage_rows(path)
    now = sa.bindparam("now", type_=sa.DateTime(timezone=True))
    with store.begin() as conn:
        _create_stages(conn, store.dialect)
        # countries of the mentions about to be replaced also need re-fusing
        touched = set(staged.countries)
        doc_ids = [d[0] for d in staged.documents if d[9] == "processed"]
        for i in range(0, len(doc_ids), 500):
            q = sa.select(t.mentions.c.country_code).where(t.mentions.c.doc_id.in_(doc_ids[i : i + 500]))
            touched.update(r[0] for r in conn.execute(q.distinct()))
        _fill_stage(conn, store.dialect, "stage_documents", staged.documents)
        _fill_stage(conn, store.dialect, "stage_mentions", staged.mentions)
        _fill_stage(conn, store.dialect, "stage_figures", staged.figures)
        _fill_stage(conn, store.dialect, "stage_tallies", staged.tallies)
        if store.dialect == "postgresql":  # temporary tables have no statistics until analysed
            for name in STAGES:
                conn.exec_driver_sql(f"ANALYZE {name}")
        params = {"now": dt.datetime.now(dt.UTC), "run_id": run_id}
        for sql in _MOVE:
            stmt = sa.text(sql).bindparams(now) if ":now" in sql else sa.text(sql)
            conn.execute(stmt, {k: v for k, v in params.items() if f":{k}" in sql})
    counts = LoadCounts(
        shards=1,
        documents=len(staged.documents),
        mentions=len(staged.mentions),
        tallies=len(staged.tallies),
        failed=sum(1 for d in staged.documents if d[9] == "failed"),
    )
    return counts, touched


def load_shards(
    store: Store, paths: Iterable[Path], run_id: str | None = None, quiet: bool = True
) -> tuple[LoadCounts, set[str | None]]:
    """Load every shard file (each in its own transaction)."""
    from cronica.run.progress import Progress

    total = LoadCounts()
    touched: set[str | None] = set()
    with Progress("load", quiet=quiet) as progress:
        for path in paths:
            counts, countries = load_shard(store, Path(path), run_id)
            touched |= countries
            for k, v in counts.as_dict().items():
                setattr(total, k, getattr(total, k) + v)
            progress.advance(counts.documents, failed=counts.failed, events=counts.mentions)
    return total, touched


def fuse_blocks(store: Store, countries: Iterable[str | None]) -> int:
    """Re-fuse the mentions of ``countries`` (None: mentions with no country); returns events written.

    Events of other countries are left as they are; events left with no
    mention (their documents were re-processed) are removed.
    """
    from cronica.fuse import fuse_mentions
    from cronica.model import Event

    m, e, em = t.mentions, t.events, t.event_mentions
    written = 0
    with store.begin() as conn:
        orphans = sa.select(e.c.event_id).where(~e.c.event_id.in_(sa.select(em.c.event_id)))
        _delete_events(conn, store.dialect, orphans)
    for country in sorted(countries, key=lambda c: c or ""):
        cond = m.c.country_code.is_(None) if country is None else m.c.country_code == country
        with store.begin() as conn:
            records = conn.execute(sa.select(m.c.record).where(cond).order_by(m.c.mention_id)).all()
        fused = fuse_mentions([Event.from_dict(r[0]) for r in records])
        with store.begin() as conn:
            old = sa.select(em.c.event_id).join(m, m.c.mention_id == em.c.mention_id).where(cond)
            _delete_events(conn, store.dialect, old)
            store.insert_events(conn, fused)
        written += len(fused)
    return written


def _delete_events(conn: Connection, dialect: str, ids: Any) -> None:
    """Delete the events selected by ``ids`` (a select of event ids), their links and search rows."""
    gone = [r[0] for r in conn.execute(ids.distinct())]
    for i in range(0, len(gone), 500):
        chunk = gone[i : i + 500]
        if dialect == "sqlite":
            conn.execute(
                sa.text("DELETE FROM events_fts WHERE event_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )
        conn.execute(t.event_mentions.delete().where(t.event_mentions.c.event_id.in_(chunk)))
        conn.execute(t.events.delete().where(t.events.c.event_id.in_(chunk)))


def load_and_fuse(store: Store, paths: Sequence[Path], quiet: bool = True) -> LoadCounts:
    """Load shard files, re-fuse the blocks they touched; one manifest row in ``runs``."""
    from cronica import __version__
    from cronica.run.runner import new_run_id

    run_id = new_run_id()
    store.start_run(run_id, "load", __version__, "bulk")
    counts, touched = load_shards(store, paths, run_id, quiet=quiet)
    fuse_blocks(store, touched)
    with store.begin() as conn:
        counts.events = int(conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar_one())
    store.finish_run(run_id, "partial" if counts.failed else "ok", counts.as_dict(), [])
    return counts
