"""Bulk writing: many documents' results into the tables in one transaction.

``write_staged`` takes rows already shaped like the tables (``Staged``; the
loader in ``cronica.run.load`` makes them from Parquet shard files) and moves
them in:

- PostgreSQL: ``COPY`` into temporary staging tables, then set-based
  ``INSERT ... SELECT ... ON CONFLICT``; SQLite: ``executemany`` into the same
  staging tables (the fallback for a laptop);
- a document already stored gets its status updated; a new one is inserted,
  unless the same text is already stored under another id (the same text twice
  is one document, and its mentions are then left out);
- the mentions, figures and tallies of the batch's processed documents replace
  whatever those documents had, exactly as ``Store.save_results`` does.

So writing the same batch twice, or again after a crash half-way, gives the
same database as writing it once. Fused events are not touched here: the
caller re-fuses the countries ``write_staged`` reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.store import schema as t
from cronica.store.db import Store


class StagedDocument(NamedTuple):
    """A row of ``documents``; ``status`` is ``processed`` or ``failed``."""

    doc_id: str
    content_hash: str
    title: str | None
    text: str
    url: str | None
    source: str | None
    published: dt.date | None
    lang: str | None
    origin: str | None
    status: str
    error: str | None


class StagedMention(NamedTuple):
    """A row of ``mentions``; ``record`` is the mention's JSON text."""

    mention_id: str
    doc_id: str
    event_date: dt.date | None
    sub_event_type: str
    country_code: str | None
    admin1: str | None
    background: bool
    record: str


class StagedFigure(NamedTuple):
    """A row of ``figures``: the ``seq``-th figure of a mention, with its evidence span."""

    mention_id: str
    seq: int
    doc_id: str
    kind: str
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    start: int
    end: int


class StagedTally(NamedTuple):
    """A row of ``tallies``; ``record`` is the tally's JSON text."""

    tally_id: str
    doc_id: str
    kind: str
    value: int | None
    as_of: dt.date | None
    country_code: str | None
    record: str


@dataclass
class Staged:
    """One batch of rows to write (typically one shard file)."""

    documents: list[StagedDocument] = field(default_factory=list)
    mentions: list[StagedMention] = field(default_factory=list)
    figures: list[StagedFigure] = field(default_factory=list)
    tallies: list[StagedTally] = field(default_factory=list)


# staging table -> its row type; a column's SQL type is TEXT unless named here
STAGES: dict[str, type[tuple[Any, ...]]] = {
    "stage_documents": StagedDocument,
    "stage_mentions": StagedMention,
    "stage_figures": StagedFigure,
    "stage_tallies": StagedTally,
}
SQL_TYPES = {
    "published": "DATE",
    "event_date": "DATE",
    "as_of": "DATE",
    "background": "BOOLEAN",
    "record": "JSON",
    "seq": "INTEGER",
    "value": "INTEGER",
    "low": "INTEGER",
    "high": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
}


def _q(name: str) -> str:
    return f'"{name}"'


def _columns(stage: str) -> list[str]:
    return list(STAGES[stage]._fields)  # type: ignore[attr-defined]


def _cols(stage: str) -> str:
    return ", ".join(_q(c) for c in _columns(stage))


def _create_stages(conn: Connection, dialect: str) -> None:
    for name in STAGES:
        types = []
        for c in _columns(name):
            ty = SQL_TYPES.get(c, "TEXT")
            types.append(f"{_q(c)} {'TEXT' if (ty == 'JSON' and dialect == 'sqlite') else ty}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({', '.join(types)})")
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

    marks = ", ".join("?" for _ in _columns(stage))
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


def _countries_of(conn: Connection, doc_ids: Sequence[str]) -> set[str | None]:
    """Countries of the mentions stored now for ``doc_ids``."""
    out: set[str | None] = set()
    for i in range(0, len(doc_ids), 500):
        q = sa.select(t.mentions.c.country_code).where(t.mentions.c.doc_id.in_(doc_ids[i : i + 500]))
        out.update(r[0] for r in conn.execute(q.distinct()))
    return out


def write_staged(store: Store, staged: Staged, run_id: str | None = None) -> set[str | None]:
    """Write one batch in one transaction; returns the countries whose mentions changed.

    Those are the countries of the batch's new mentions and of the mentions they
    replace (None for mentions with no country): the fused events of exactly
    these countries are stale afterwards.
    """
    now = sa.bindparam("now", type_=sa.DateTime(timezone=True))
    with store.begin() as conn:
        _create_stages(conn, store.dialect)
        touched = {m.country_code for m in staged.mentions}
        touched |= _countries_of(conn, [d.doc_id for d in staged.documents if d.status == "processed"])
        store.mark_fusion_pending(touched, conn)  # durable: a crash before fusion leaves the mark
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
    return touched
