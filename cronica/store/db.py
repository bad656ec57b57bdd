"""Open a database, migrate it, and read and write cronica's records.

Every write is idempotent: a document is keyed by the hash of its text, a
document's extraction results replace the previous ones in one transaction, and
fused events are replaced by block. Re-running a batch, or resuming after a
crash, never duplicates anything and never loses what was stored.

Fusion is crash-safe by a durable mark: the transaction that changes a
country's mentions also marks the country in ``fusion_pending``, and the
transaction that writes the country's fused events removes the mark. Whatever
moment a run is killed at, the marks left name exactly the blocks whose events
are out of date, and the next run re-fuses them from the stored mentions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import socket
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from cronica.errors import StoreError
from cronica.model import FIGURE_FIELD, Document, Event, Tally
from cronica.store import schema as t
from cronica.store.paging import ORDERS, Cursor, cursor_after, key_columns, order_by

MIGRATIONS = Path(__file__).parent / "migrations"
LIKE_ESCAPE = "\\"
NO_COUNTRY = ""  # the ``fusion_pending`` key of the block of mentions with no country


def normalise_search(text: str) -> str:
    """Lower-case and strip accents, so "policia" finds "policía" on any backend."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class EventFilter:
    """Filters shared by ``cronica events``, the REST API and exports."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None
    include_background: bool = False
    min_confidence: float | None = None  # events whose calibrated confidence is at least this
    limit: int | None = None
    offset: int = 0
    order: str = "date"  # date | -date | fatalities
    # human review: one status (machine, confirmed, corrected, rejected), or the reviewed ones only
    # (confirmed or corrected); rejected events are left out unless review_status asks for them
    review_status: str | None = None
    reviewed_only: bool = False


# What one row's values make a write raise (text no database encodes, an integer beyond its
# column, a string longer than its column, NUL characters in PostgreSQL text): that row's
# document fails alone. A database that cannot be reached raises StoreError instead (Store.begin).
ROW_ERRORS: tuple[type[Exception], ...] = (sa.exc.StatementError, ValueError, OverflowError)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # an INTEGER column of PostgreSQL (SQLite's hold more)


class DayCount(NamedTuple):
    """Events of one type on one day, and the fatalities they report (the timeline)."""

    day: dt.date
    event_type: str
    events: int
    fatalities: int


class EventPage(NamedTuple):
    """One page of events, and the cursor of the next page (None on the last)."""

    events: list[Event]
    cursor: Cursor | None


def weekly(rows: Iterable[DayCount]) -> list[DayCount]:
    """Per-day counts summed per ISO week and event type, each week dated by its Monday."""
    weeks: dict[tuple[dt.date, str], list[int]] = {}
    for r in rows:
        cell = weeks.setdefault((r.day - dt.timedelta(days=r.day.weekday()), r.event_type), [0, 0])
        cell[0] += r.events
        cell[1] += r.fatalities
    return [DayCount(day, etype, n, killed) for (day, etype), (n, killed) in weeks.items()]


class DaySum(NamedTuple):
    """One day's sum of a figure kind over the incidents, and how many incidents gave it."""

    day: dt.date
    total: int
    incidents: int


@dataclass
class FacetCounts:
    """Events per value of each facet column, and the first and last event dates."""

    counts: dict[str, dict[str, int]]
    first_date: dt.date | None
    last_date: dt.date | None
    events: int


@dataclass
class IngestCounts:
    """What an ingest did: documents new, updated (same id, new text), already stored, failed."""

    new: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        """The counts for a run manifest (the failures themselves go apart)."""
        return {"new": self.new, "updated": self.updated, "duplicate": self.duplicate, "failed": self.failed}


class Store:
    """A cronica database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- set-up -----------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest migration (safe to call every time)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        engine = _transactional_ddl(self.engine)
        try:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.SQLAlchemyError as exc:
            msg = f"cannot migrate database {self.engine.url!r}: {exc.__class__.__name__}: {exc}"
            raise StoreError(msg) from exc
        finally:
            if engine is not self.engine:
                engine.dispose()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed on leaving (rolled back on error)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.OperationalError as exc:
            raise StoreError(f"database error: {exc.orig}") from exc

    def _upsert(
        self, table: sa.Table, rows: list[dict[str, Any]], keys: Sequence[str], conn: Connection
    ) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt = pg_insert(table)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            stmt = sqlite_insert(table)  # type: ignore[assignment]
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=update), rows)

    # -- documents --------------------------------------------------------
    def add_document(self, doc: Document, conn: Connection, run_id: str | None = None) -> str:
        """Store ``doc``; return ``new``, ``updated`` (same id, new text) or ``duplicate``."""
        h = doc.content_hash
        if conn.execute(sa.select(t.documents.c.doc_id).where(t.documents.c.content_hash == h)).first():
            return "duplicate"
        row = {
            "doc_id": doc.doc_id,
            "content_hash": h,
            "title": doc.title,
            "text": doc.text,
            "url": doc.url,
            "source": doc.source,
            "published": doc.published,
            "lang": doc.lang,
            "origin": doc.origin,
            "status": "pending",
            "error": None,
            "ingested_at": _now(),
            "processed_at": None,
            "run_id": run_id,
        }
        exists = conn.execute(
            sa.select(t.documents.c.doc_id).where(t.documents.c.doc_id == doc.doc_id)
        ).first()
        if doc.origin:  # a file that failed before and reads now: forget the failure
            conn.execute(
                t.documents.delete().where(
                    (t.documents.c.origin == doc.origin) & (t.documents.c.status == "failed")
                )
            )
        if exists:
            conn.execute(t.documents.update().where(t.documents.c.doc_id == doc.doc_id).values(**row))
            return "updated"
        conn.execute(t.documents.insert().values(**row))
        return "new"

    def add_failure(self, origin: str, reason: str, conn: Connection, run_id: str | None = None) -> None:
        """Record an input that could not be read, keyed by where it came from."""
        key = _sha(origin)
        self._upsert(
            t.documents,
            [
                {
                    "doc_id": f"failed-{key[:16]}",
                    "content_hash": f"failed:{key}",
                    "title": None,
                    "text": "",
                    "url": None,
                    "source": None,
                    "published": None,
                    "lang": None,
                    "origin": origin,
                    "status": "failed",
                    "error": reason,
                    "ingested_at": _now(),
                    "processed_at": None,
                    "run_id": run_id,
                }
            ],
            ["doc_id"],
            conn,
        )

    def pending_documents(self, limit: int | None = None, include_processed: bool = False) -> list[Document]:
        """Documents waiting for extraction (and the processed ones too with ``include_processed``)."""
        cond = t.documents.c.status == "pending"
        if include_processed:
            cond = t.documents.c.status.in_(["pending", "processed"])
        q = sa.select(t.documents).where(cond).order_by(t.documents.c.doc_id)
        if limit:
            q = q.limit(limit)
        with self.begin() as conn:
            return [_doc_from_row(r._mapping) for r in conn.execute(q)]

    def documents(self, doc_ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among ``doc_ids``, by id (unknown ids are left out)."""
        ids = list(doc_ids)
        out: dict[str, Document] = {}
        with self.begin() as conn:
            for i in range(0, len(ids), 500):
                q = sa.select(t.documents).where(t.documents.c.doc_id.in_(ids[i : i + 500]))
                for r in conn.execute(q):
                    out[r.doc_id] = _doc_from_row(r._mapping)
        return out

    def document_counts(self) -> dict[str, int]:
        """How many documents have each status (``pending``, ``processed``, ``failed``)."""
        with self.begin() as conn:
            rows = conn.execute(
                sa.select(t.documents.c.status, sa.func.count()).group_by(t.documents.c.status)
            ).all()
        return {r[0]: int(r[1]) for r in rows}

    def failed_documents(self) -> list[tuple[str, str]]:
        """``(origin, reason)`` of every input that failed, sorted by origin."""
        with self.begin() as conn:
            rows = conn.execute(
                sa.select(t.documents.c.origin, t.documents.c.error)
                .where(t.documents.c.status == "failed")
                .order_by(t.documents.c.origin)
            ).all()
        return [(r[0] or "", r[1] or "") for r in rows]

    # -- extraction results -----------------------------------------------
    def save_results(
        self,
        doc_id: str,
        mentions: Sequence[Event],
        tallies: Sequence[Tally],
        conn: Connection,
        run_id: str | None = None,
    ) -> bool:
        """Replace the mentions, figures and tallies of one document; True when they were stored.

        The countries of the mentions replaced and of the new ones are marked
        for fusion in the same transaction (see the module's docstring). Results
        holding a number beyond an integer column's range are not stored: the
        document is marked failed with the reason (False), and its earlier results stay.
        """
        bad = _out_of_range(mentions, tallies)
        if bad:
            self.mark_failed(doc_id, f"results not stored: {bad}", conn)
            return False
        self.mark_fusion_pending(_mention_countries(conn, [doc_id]) | {_block(m) for m in mentions}, conn)
        old = sa.select(t.mentions.c.mention_id).where(t.mentions.c.doc_id == doc_id)
        conn.execute(t.event_mentions.delete().where(t.event_mentions.c.mention_id.in_(old)))
        conn.execute(t.figures.delete().where(t.figures.c.mention_id.in_(old)))
        conn.execute(t.mentions.delete().where(t.mentions.c.doc_id == doc_id))
        conn.execute(t.tallies.delete().where(t.tallies.c.doc_id == doc_id))
        mention_rows = []
        figure_rows = []
        for m in mentions:
            rec = m.to_dict()
            loc = m.location
            mention_rows.append(
                {
                    "mention_id": m.event_id,
                    "doc_id": doc_id,
                    "event_date": m.event_date,
                    "sub_event_type": m.sub_event_type,
                    "country_code": loc.country_code if loc else None,
                    "admin1": loc.admin1 if loc else None,
                    "background": m.background,
                    "record": rec,
                }
            )
            for seq, f in enumerate(m.figures):
                figure_rows.append(
                    {
                        "mention_id": m.event_id,
                        "seq": seq,
                        "doc_id": f.evidence.doc_id,
                        "kind": f.kind,
                        "value": f.value,
                        "low": f.low,
                        "high": f.high,
                        "qualifier": f.qualifier,
                        "start": f.evidence.start,
                        "end": f.evidence.end,
                    }
                )
        if mention_rows:
            conn.execute(t.mentions.insert(), mention_rows)
        if figure_rows:
            conn.execute(t.figures.insert(), figure_rows)
        tally_rows = [
            {
                "tally_id": tally_id(tl),
                "doc_id": doc_id,
                "kind": tl.kind,
                "value": tl.value,
                "as_of": tl.as_of,
                "country_code": tl.country_code,
                "record": tl.to_dict(),
            }
            for tl in tallies
        ]
        if tally_rows:
            self._upsert(t.tallies, tally_rows, ["tally_id"], conn)
        conn.execute(
            t.documents.update()
            .where(t.documents.c.doc_id == doc_id)
            .values(status="processed", error=None, processed_at=_now(), run_id=run_id)
        )
        return True

    def mark_failed(self, doc_id: str, reason: str, conn: Connection) -> None:
        """Record that extraction failed on a stored document, and why."""
        conn.execute(
            t.documents.update().where(t.documents.c.doc_id == doc_id).values(status="failed", error=reason)
        )

    def mentions(self) -> list[Event]:
        """Every stored event mention (one record per report), by mention id."""
        with self.begin() as conn:
            rows = conn.execute(sa.select(t.mentions.c.record).order_by(t.mentions.c.mention_id)).all()
        return [Event.from_dict(r[0]) for r in rows]

    def country_mentions(self, country: str | None) -> list[Event]:
        """The event mentions placed in ``country`` (None: those with no country), by mention id."""
        cond = _country_is(t.mentions.c.country_code, country)
        with self.begin() as conn:
            q = sa.select(t.mentions.c.record).where(cond).order_by(t.mentions.c.mention_id)
            rows = conn.execute(q).all()
        return [Event.from_dict(r[0]) for r in rows]

    # -- fusion marks -----------------------------------------------------
    def mark_fusion_pending(self, countries: Iterable[str | None], conn: Connection) -> None:
        """Mark ``countries`` (None: no country) as needing fusion, in the caller's transaction.

        Each marking gets a new token, so a fusion that read the block before
        this change does not clear the mark (see ``replace_country_events``).
        """
        now = _now()
        rows = [
            {"block": _block_key(c), "mark": uuid.uuid4().hex, "marked_at": now}
            for c in sorted({_block_key(c) for c in countries})
        ]
        self._upsert(t.fusion_pending, rows, ["block"], conn)

    def fusion_pending(self) -> dict[str | None, str]:
        """The blocks marked as needing fusion (None: no country), each with its mark's token."""
        with self.begin() as conn:
            rows = conn.execute(sa.select(t.fusion_pending.c.block, t.fusion_pending.c.mark)).all()
        return {(r[0] or None): r[1] for r in rows}

    # -- fused events -----------------------------------------------------
    def replace_events(self, events: Sequence[tuple[Event, Sequence[str]]]) -> None:
        """Replace all fused events with ``events`` (each with its member mention ids).

        Every fusion mark is cleared in the same transaction: the caller fused
        every mention.
        """
        with self.begin() as conn:
            conn.execute(t.event_mentions.delete())
            conn.execute(t.events.delete())
            if self.dialect == "sqlite":
                conn.execute(sa.text("DELETE FROM events_fts"))
            self.insert_events(conn, events)
            conn.execute(t.fusion_pending.delete())

    def replace_country_events(
        self, country: str | None, events: Sequence[tuple[Event, Sequence[str]]], mark: str | None = None
    ) -> None:
        """Replace the fused events made from ``country``'s mentions with ``events``, in one transaction.

        ``country`` None means the mentions with no country. Events of other
        countries are left as they are. ``mark``: the token of the block's
        fusion mark that was read before its mentions; the mark is cleared in
        the same transaction, unless the block was marked again since.
        """
        with self.begin() as conn:
            self.replace_blocks_in(conn, {country: mark}, events)

    def replace_blocks_in(
        self,
        conn: Connection,
        marks: dict[str | None, str | None],
        events: Sequence[tuple[Event, Sequence[str]]],
    ) -> None:
        """In the caller's transaction: replace the events made from the mentions of the blocks
        ``marks`` names with ``events``, and clear each block's mark if it is still the one given.

        Several blocks at once: a reviewed event merged across countries links their blocks.
        """
        m, em, fp = t.mentions, t.event_mentions, t.fusion_pending
        old = sa.select(em.c.event_id).join(m, m.c.mention_id == em.c.mention_id)
        for country in marks:
            _delete_events(conn, self.dialect, old.where(_country_is(m.c.country_code, country)))
        self.insert_events(conn, events)
        for country, mark in marks.items():
            if mark is not None:
                conn.execute(fp.delete().where((fp.c.block == _block_key(country)) & (fp.c.mark == mark)))

    def replace_event_ids(
        self, conn: Connection, event_ids: Sequence[str], events: Sequence[tuple[Event, Sequence[str]]]
    ) -> None:
        """In the caller's transaction: delete the events ``event_ids``, then write ``events``."""
        ids = list(event_ids)
        _delete_events(conn, self.dialect, sa.select(t.events.c.event_id).where(t.events.c.event_id.in_(ids)))
        self.insert_events(conn, events)

    def delete_orphan_events(self) -> None:
        """Delete the fused events left with no mention (their documents were processed again)."""
        e, em = t.events, t.event_mentions
        orphans = sa.select(e.c.event_id).where(~e.c.event_id.in_(sa.select(em.c.event_id)))
        with self.begin() as conn:
            _delete_events(conn, self.dialect, orphans)

    def insert_events(self, conn: Connection, events: Sequence[tuple[Event, Sequence[str]]]) -> None:
        """Write fused events, their mention links and (SQLite) their full-text rows."""
        bodies = [_search_body(e) for e, _ in events]
        rows = [_event_row(e, body) for (e, _), body in zip(events, bodies, strict=True)]
        for i in range(0, len(rows), 5000):
            conn.execute(t.events.insert(), rows[i : i + 5000])
        links = [{"event_id": e.event_id, "mention_id": m} for e, ms in events for m in sorted(set(ms))]
        for i in range(0, len(links), 10000):
            conn.execute(t.event_mentions.insert(), links[i : i + 10000])
        if self.dialect == "sqlite" and rows:
            conn.execute(
                sa.text("INSERT INTO events_fts (event_id, body) VALUES (:event_id, :body)"),
                [{"event_id": e.event_id, "body": body} for (e, _), body in zip(events, bodies, strict=True)],
            )

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        """The fused events that pass ``flt`` (all but background ones without a filter)."""
        flt = flt or EventFilter()
        q = self._event_query(flt, sa.select(t.events.c.record))
        with self.begin() as conn:
            return [Event.from_dict(r[0]) for r in conn.execute(q)]

    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many fused events pass ``flt``, ignoring its limit and offset."""
        flt = flt or EventFilter()
        q = self._event_where(flt, sa.select(sa.func.count()).select_from(t.events))
        with self.begin() as conn:
            return int(conn.execute(q).scalar_one())

    def count_background(self) -> int:
        """Events that reports recount as history (never counted as incidents)."""
        with self.begin() as conn:
            q = sa.select(sa.func.count()).select_from(t.events).where(t.events.c.background.is_(True))
            q = q.where(self.not_rejected())
            return int(conn.execute(q).scalar_one())

    def event(self, event_id: str) -> Event | None:
        """One fused event by id, or None."""
        with self.begin() as conn:
            row = conn.execute(sa.select(t.events.c.record).where(t.events.c.event_id == event_id)).first()
        return Event.from_dict(row[0]) if row else None

    def event_mention_records(self, event_id: str) -> dict[str, Event]:
        """The mentions fused into the event ``event_id``, by mention id (empty for an unknown id)."""
        m, em = t.mentions, t.event_mentions
        q = (
            sa.select(m.c.mention_id, m.c.record)
            .join(em, em.c.mention_id == m.c.mention_id)
            .where(em.c.event_id == event_id)
        )
        with self.begin() as conn:
            return {r[0]: Event.from_dict(r[1]) for r in conn.execute(q)}

    def events_page(self, flt: EventFilter, after: Cursor | None = None) -> EventPage:
        """A page of ``flt.limit`` events in ``flt.order``, after ``after`` (or ``flt.offset``).

        With a cursor (or from the start) each phase of the order is read from
        its index, from where the cursor points (:mod:`cronica.store.paging`);
        ``offset`` pages skip rows and cost more the deeper they are. The page's
        ``cursor`` points after its last event; None when no event follows.
        """
        want = (flt.limit or 100) + 1
        if after is None and flt.offset:
            rows = self._offset_rows(dataclasses.replace(flt, limit=want))
        else:
            rows = self._keyset_rows(flt, after, want)
        more = len(rows) > want - 1
        rows = rows[: want - 1]
        following = cursor_after(flt.order, rows[-1][1], rows[-1][2]) if more and rows else None
        return EventPage([Event.from_dict(r[0]) for r in rows], following)

    def _offset_rows(self, flt: EventFilter) -> list[Any]:
        q = self._event_query(flt, sa.select(t.events.c.record, *key_columns(flt.order)))
        with self.begin() as conn:
            return list(conn.execute(q).all())

    def _keyset_rows(self, flt: EventFilter, after: Cursor | None, want: int) -> list[Any]:
        phases = ORDERS[flt.order]
        start = after.phase if after else 0
        rows: list[Any] = []
        with self.begin() as conn:
            for i in range(start, len(phases)):
                phase = phases[i]
                q = self._event_where(flt, sa.select(t.events.c.record, *key_columns(flt.order)))
                q = q.where(phase.condition())
                if after is not None and i == after.phase:
                    q = q.where(phase.after(after.key))
                rows += conn.execute(q.order_by(*phase.order_by()).limit(want - len(rows))).all()
                if len(rows) >= want:
                    break
        return rows

    def _event_query(self, flt: EventFilter, q: Any) -> Any:
        """``q`` filtered by ``flt``, in its order (undated events last), with its limit and offset."""
        q = self._event_where(flt, q).order_by(*order_by(flt.order if flt.order in ORDERS else "date"))
        if flt.limit is not None:
            q = q.limit(flt.limit)
        if flt.offset:
            q = q.offset(flt.offset)
        return q

    def _event_where(self, flt: EventFilter, q: Any) -> Any:
        """``q`` with the conditions of ``flt`` (no order, no paging): text filters match literally."""
        c = t.events.c
        if not flt.include_background:
            q = q.where(c.background.is_(False))
        q = self._review_where(flt, q)
        if flt.min_confidence:
            q = q.where(c.confidence >= flt.min_confidence)
        if flt.since:
            q = q.where(
                sa.func.coalesce(c.date_end, c.event_date) >= flt.since, c.event_date >= _earliest(flt.since)
            )
        if flt.until:
            q = q.where(c.event_date <= flt.until)
        if flt.country:  # codes are stored upper-case (migration 0006), so the index serves
            q = q.where(c.country_code == flt.country.upper())
        if flt.admin1:  # the whole region, lower-cased and without accents
            q = q.where(c.admin1_key == admin1_key(flt.admin1))
        if flt.event_type:
            q = q.where(c.event_type == flt.event_type)
        if flt.sub_event_type:
            q = q.where(c.sub_event_type == flt.sub_event_type)
        if flt.actor:
            pat = f"%{like_literal(normalise_search(flt.actor))}%"
            q = q.where(
                sa.or_(
                    sa.func.lower(c.actor1).like(pat, escape=LIKE_ESCAPE),
                    sa.func.lower(c.actor2).like(pat, escape=LIKE_ESCAPE),
                )
            )
        if flt.bbox:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            q = q.where(c.lon.between(min_lon, max_lon) & c.lat.between(min_lat, max_lat))
        if flt.q:
            q = q.where(self._search(flt.q))
        return q

    def _review_where(self, flt: EventFilter, q: Any) -> Any:
        """``q`` with the review conditions of ``flt``; rejected events out unless asked for."""
        c = t.events.c
        if flt.review_status:
            return q.where(c.review_status == flt.review_status)
        if flt.reviewed_only:
            return q.where(c.review_status.in_(["confirmed", "corrected"]))
        return q.where(self.not_rejected())

    def not_rejected(self) -> Any:
        """The condition that leaves rejected events out of lists, counts and aggregates.

        ``review_status`` is the last column of every covering index (migration 0009), so the
        condition is read from the index the query uses, not from the table.
        """
        return t.events.c.review_status != "rejected"

    def _search(self, text: str) -> Any:
        """The full-text condition: FTS5 on SQLite, every word a literal substring elsewhere."""
        c = t.events.c
        if self.dialect == "sqlite":
            fts = sa.text("SELECT event_id FROM events_fts WHERE events_fts MATCH :m")
            return c.event_id.in_(fts.bindparams(m=_fts_query(text)))
        words = normalise_search(text).split()
        return sa.and_(
            sa.true(), *(c.search_text.like(f"%{like_literal(w)}%", escape=LIKE_ESCAPE) for w in words)
        )

    # -- aggregates for the API ---------------------------------------------
    def timeline_counts(self, flt: EventFilter, bucket: str = "day") -> tuple[list[DayCount], int]:
        """Per day (or week) and event type: the events that pass ``flt``, their fatalities; the undated.

        Counted by the database (``GROUP BY`` on the day, over an index), so no
        event record is read; the days are then summed into weeks, each counted on
        its Monday (ISO weeks): a few thousand rows at most, and no date function
        of either backend to agree on.
        """
        c = t.events.c
        killed = sa.func.sum(sa.func.coalesce(c.fatalities, 0))
        dated = sa.select(c.event_date, c.event_type, sa.func.count(), killed).where(
            c.event_date.is_not(None)
        )
        dated = self._event_where(flt, dated).group_by(c.event_date, c.event_type)
        undated = sa.select(sa.func.count()).select_from(t.events).where(c.event_date.is_(None))
        with self.begin() as conn:
            rows = [DayCount(_to_date(r[0]), r[1], int(r[2]), int(r[3] or 0)) for r in conn.execute(dated)]
            if bucket == "week":
                rows = weekly(rows)
            n_undated = int(conn.execute(self._event_where(flt, undated)).scalar_one())
        return rows, n_undated

    def incident_days(
        self, country: str | None = None, kinds: Iterable[str] | None = None
    ) -> dict[tuple[str, str | None], list[DaySum]]:
        """For each figure kind and country: per day, the sum over incidents and how many gave one.

        ``kinds`` (default: every kind of :data:`FIGURE_FIELD`) are the figure
        kinds wanted. Background events and undated ones are left out; an event
        counts for a kind when its figure of that kind is set and not zero. The
        lists are in date order.
        """
        c = t.events.c
        wanted = set(FIGURE_FIELD) if kinds is None else set(kinds)
        cols = {kind: c[name] for kind, name in FIGURE_FIELD.items() if kind in wanted}
        if not cols:
            return {}
        q = (
            sa.select(
                c.event_date,
                c.country_code,
                *(sa.func.sum(col) for col in cols.values()),
                *(sa.func.count(sa.func.nullif(col, 0)) for col in cols.values()),
            )
            .where(c.background.is_(False), c.event_date.is_not(None), self.not_rejected())
            .group_by(c.event_date, c.country_code)
        )
        if country:
            q = q.where(sa.func.upper(c.country_code) == country.upper())
        out: dict[tuple[str, str | None], list[DaySum]] = {}
        n = len(cols)
        with self.begin() as conn:
            for r in conn.execute(q):
                for i, kind in enumerate(cols):
                    if r[2 + n + i]:
                        out.setdefault((kind, r[1]), []).append(
                            DaySum(r[0], int(r[2 + i]), int(r[2 + n + i]))
                        )
        return out

    def facet_counts(self, include_background: bool = False) -> FacetCounts:
        """How many events have each event type, sub-event type, country and region; the date range.

        One pass over the covering index of the four columns, summed here per column, instead
        of a scan per column: the combinations number hundreds where the events number millions.
        """
        c = t.events.c
        cond = sa.and_(sa.true() if include_background else c.background.is_(False), self.not_rejected())
        names = ("event_type", "sub_event_type", "country_code", "admin1")
        counts: dict[str, dict[str, int]] = {name: {} for name in names}
        combos = (
            sa.select(*(c[n] for n in names), sa.func.count()).where(cond).group_by(*(c[n] for n in names))
        )
        total = 0
        with self.begin() as conn:
            for *values, n in conn.execute(combos):
                total += int(n)
                for name, value in zip(names, values, strict=True):
                    if value:  # neither None nor ""
                        counts[name][value] = counts[name].get(value, 0) + int(n)
            # min and max alone, each read from one end of the date index
            first = conn.execute(sa.select(sa.func.min(c.event_date)).where(cond)).scalar()
            last = conn.execute(sa.select(sa.func.max(c.event_date)).where(cond)).scalar()
        return FacetCounts(counts, _as_date(first), _as_date(last), total)

    # -- tallies ----------------------------------------------------------
    def tallies(self, country: str | None = None, kind: str | None = None) -> list[Tally]:
        """Reported running totals, by date, optionally of one country and one kind."""
        q = sa.select(t.tallies.c.record).order_by(t.tallies.c.as_of, t.tallies.c.tally_id)
        if country:
            q = q.where(sa.func.upper(t.tallies.c.country_code) == country.upper())
        if kind:
            q = q.where(t.tallies.c.kind == kind)
        with self.begin() as conn:
            return [Tally.from_dict(r[0]) for r in conn.execute(q)]

    # -- runs -------------------------------------------------------------
    def start_run(self, run_id: str, command: str, version: str, config_hash: str) -> None:
        """Open the manifest row of a run, with status ``running``, owned by this process on this host."""
        now = _now()
        with self.begin() as conn:
            conn.execute(
                t.runs.insert().values(
                    run_id=run_id,
                    command=command,
                    version=version,
                    config_hash=config_hash,
                    started_at=now,
                    status="running",
                    counts={},
                    failures=[],
                    pid=os.getpid(),
                    host=host_id(),
                    heartbeat_at=now,
                )
            )

    def heartbeat(self, run_id: str, conn: Connection) -> None:
        """Record, in the caller's transaction, that a run is still storing work."""
        conn.execute(t.runs.update().where(t.runs.c.run_id == run_id).values(heartbeat_at=_now()))

    def mark_interrupted(self, run_ids: Sequence[str]) -> None:
        """Close the manifests of runs whose process died, with status ``interrupted``.

        Only runs still ``running`` change: a run that finished meanwhile keeps its status.
        """
        if not run_ids:
            return
        with self.begin() as conn:
            conn.execute(
                t.runs.update()
                .where(t.runs.c.run_id.in_(list(run_ids)) & (t.runs.c.status == "running"))
                .values(status="interrupted", finished_at=_now())
            )

    def finish_run(
        self, run_id: str, status: str, counts: dict[str, int], failures: list[dict[str, str]]
    ) -> None:
        """Close a run's manifest row with its status, counts and failures."""
        with self.begin() as conn:
            conn.execute(
                t.runs.update()
                .where(t.runs.c.run_id == run_id)
                .values(finished_at=_now(), status=status, counts=counts, failures=failures)
            )

    def runs(self) -> list[dict[str, Any]]:
        """Every run manifest, oldest first."""
        with self.begin() as conn:
            rows = conn.execute(sa.select(t.runs).order_by(t.runs.c.started_at)).all()
        return [dict(r._mapping) for r in rows]

    def table_counts(self) -> dict[str, int]:
        """Rows in each table, by table name."""
        out = {}
        with self.begin() as conn:
            for table in (t.documents, t.mentions, t.figures, t.events, t.event_mentions, t.tallies, t.runs):
                out[table.name] = int(
                    conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                )
        return out


def _fits(value: int | None) -> bool:
    """False for an integer an INTEGER column cannot hold; True for None and the rest."""
    return value is None or INT_MIN <= value <= INT_MAX


def _out_of_range(mentions: Sequence[Event], tallies: Sequence[Tally]) -> str | None:
    """A one-line reason when a figure or tally holds a number beyond its column's range, else None."""
    for m in mentions:
        for f in m.figures:
            if not all(_fits(v) for v in (f.value, f.low, f.high, f.evidence.start, f.evidence.end)):
                return f"a {f.kind} figure holds a number beyond the column's range ({INT_MIN} to {INT_MAX})"
    for tl in tallies:
        if not _fits(tl.value):
            return f"a {tl.kind} tally holds a number beyond the column's range ({INT_MIN} to {INT_MAX})"
    return None


def host_id() -> str:
    """Where a process id means something: the host name, and the pid namespace where there is one.

    Two containers may share a host name (and a database) but not their
    process ids; the namespace keeps one from judging the other's runs by pid.
    """
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:  # not Linux
        return socket.gethostname()
    return f"{socket.gethostname()} {namespace}"[:255]


def tally_id(tl: Tally) -> str:
    """A tally's stored id: the same tally (same quote, same kind) always gets the same id."""
    ev = tl.evidence
    return "tal_" + _sha(f"{ev.doc_id}|{ev.start}|{ev.end}|{tl.kind}")[:16]


def _block(m: Event) -> str | None:
    """A mention's fusion block, as stored in ``mentions.country_code``."""
    return m.location.country_code if m.location else None


def _block_key(country: str | None) -> str:
    return country or NO_COUNTRY


def _mention_countries(conn: Connection, doc_ids: Sequence[str]) -> set[str | None]:
    """Countries of the mentions stored for ``doc_ids`` (None for mentions with no country)."""
    out: set[str | None] = set()
    for i in range(0, len(doc_ids), 500):
        q = sa.select(t.mentions.c.country_code).where(t.mentions.c.doc_id.in_(doc_ids[i : i + 500]))
        out.update(r[0] for r in conn.execute(q.distinct()))
    return out


def _country_is(column: Any, country: str | None) -> Any:
    return column.is_(None) if country is None else column == country


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


def _earliest(since: dt.date) -> Any:
    """The first start date an event lasting to ``since`` or later can have (SQL).

    ``since`` itself, or earlier when an event that began before ``since`` ends on
    or after it (found on the ``date_end`` index). As a lower bound on
    ``event_date`` it lets the date index start the scan at ``since``, not at the
    first event ever stored, while the filter on the last day stays exact.
    """
    spanning = t.events.alias("spanning")
    s = spanning.c
    # min of an expression, not of the bare column: SQLite would otherwise walk the event_date
    # index from its start looking for a row that matches, instead of reading the few from date_end's
    start = sa.func.coalesce(s.event_date, s.date_end)
    first = sa.select(sa.func.min(start)).where(s.date_end >= since).scalar_subquery()
    day = sa.literal(since, sa.Date)
    return sa.case((first < day, first), else_=day)


def like_literal(text: str) -> str:
    """``text`` for a LIKE pattern in which ``%`` and ``_`` are themselves (escaped with ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _as_date(value: Any) -> dt.date | None:
    """A date from the database (SQLite may hand back the ISO text of an aggregate)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _to_date(value: Any) -> dt.date:
    day = _as_date(value)
    if day is None:
        raise StoreError("a day that must be set is missing")
    return day


def _fts_query(q: str) -> str:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in q).split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def _search_body(e: Event) -> str:
    parts = [e.event_type, e.sub_event_type, *e.tags]
    if e.location:
        parts += [e.location.name, e.location.admin1 or "", e.location.admin2 or "", e.location.country or ""]
    for a in (e.actor1, e.actor2):
        if a:
            parts.append(a.name)
    parts += [ev.text for ev in e.evidence]
    parts += [ev.source or "" for ev in e.evidence]
    return " ".join(p for p in parts if p)


def admin1_key(region: str) -> str:
    """What the ``admin1`` filter compares: the region lower-cased, accents removed, trimmed."""
    return normalise_search(region).strip()


def _event_row(e: Event, body: str) -> dict[str, Any]:
    loc = e.location
    admin_key = f" admin1:{normalise_search(loc.admin1)}" if loc and loc.admin1 else ""
    return {
        "event_id": e.event_id,
        "event_date": e.event_date,
        "date_end": e.date_end,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "country_code": loc.country_code.upper() if loc and loc.country_code else None,
        "admin1": loc.admin1 if loc else None,
        "admin1_key": admin1_key(loc.admin1) if loc and loc.admin1 else None,
        "actor1_type": e.actor1.type[:32] if e.actor1 else None,
        "actor2_type": e.actor2.type[:32] if e.actor2 else None,
        "admin2": loc.admin2 if loc else None,
        "location_name": loc.name if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "fatalities": e.fatalities if _fits(e.fatalities) else None,  # as save_results refuses it
        "injuries": e.injuries if _fits(e.injuries) else None,
        "arrests": e.arrests if _fits(e.arrests) else None,
        "crowd_size": e.crowd_size if _fits(e.crowd_size) else None,
        "background": e.background,
        "disputed": e.disputed,
        "n_reports": len({ev.doc_id for ev in e.evidence}),
        "confidence": e.confidence,
        "search_text": normalise_search(body) + admin_key,
        "record": e.to_dict(),
        "review_status": e.review_status,
        "reviewed_by": e.review.by if e.review else None,
        "reviewed_at": _parse_time(e.review.at) if e.review else None,
        "new_since_review": bool(e.review and e.review.new_since_review),
    }


def _parse_time(value: str | None) -> dt.datetime | None:
    """A stored ISO 8601 time (as a review record writes it), or None."""
    return dt.datetime.fromisoformat(value) if value else None


def _doc_from_row(r: Any) -> Document:
    return Document(
        doc_id=r["doc_id"],
        text=r["text"],
        title=r["title"],
        url=r["url"],
        source=r["source"],
        published=r["published"],
        lang=r["lang"],
        origin=r["origin"],
    )


def _transactional_ddl(engine: Engine) -> Engine:
    """An engine whose transactions hold DDL too: a migration is applied whole or not at all.

    PostgreSQL's do already. Python's sqlite3 commits on its own before each
    CREATE or ALTER, so a migration killed half-way would leave tables without
    the alembic version that records them, and the database could never be
    opened again; for SQLite files this returns an engine that leaves the
    transactions to SQLite and opens each one with ``BEGIN IMMEDIATE``.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return engine
    ddl = sa.create_engine(engine.url, poolclass=sa.pool.NullPool)
    sa.event.listen(ddl, "connect", _sqlite_driver_without_transactions)
    sa.event.listen(ddl, "connect", _sqlite_pragmas)
    sa.event.listen(ddl, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return ddl


def _sqlite_driver_without_transactions(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def open_store(url: str, migrate: bool = True) -> Store:
    """Open (and by default migrate) the database at ``url``.

    ``sqlite:///path.db`` or a bare path for SQLite; ``postgresql://...`` for a
    server (driven by psycopg 3).
    """
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite:", "postgresql+psycopg:")):
        scheme = url.split(":", 1)[0]
        raise StoreError(f"unsupported database {scheme!r}: use sqlite:///PATH or postgresql://...")
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        db_path = engine.url.database
        if db_path and db_path != ":memory:" and not Path(db_path).parent.exists():
            raise StoreError(f"cannot open database {url!r}: folder {Path(db_path).parent} does not exist")
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name!r}: use sqlite:/// or postgresql://")
    store = Store(engine)
    if migrate:
        try:
            store.migrate()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open database {url!r}: {exc.orig}") from exc
    return store
