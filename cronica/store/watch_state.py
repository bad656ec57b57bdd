"""What ``cronica watch`` keeps in the database: the state of each source, and the items seen.

Nothing of it lives only in memory, so a watch stopped or killed at any moment
and started again asks each server only for what is new, keeps each failing
source's back-off, and takes no item twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.store import schema as t
from cronica.store.db import Store

CHUNK = 500


def source_id(spec: str) -> str:
    """The stored key of a source: a hash of its spec as given."""
    return "src_" + hashlib.sha1(spec.encode("utf-8", "backslashreplace")).hexdigest()[:24]


def item_hash(item: str) -> str:
    """The stored key of an item seen (an entry's link, a document's origin, a file's stamp)."""
    return hashlib.sha1(item.encode("utf-8", "backslashreplace")).hexdigest()


@dataclass(frozen=True)
class SourceState:
    """One source's row of ``watch_sources`` (see the table's comments in ``cronica.store.schema``)."""

    source_id: str
    spec: str
    kind: str = "new"
    etag: str | None = None
    last_modified: str | None = None
    cursor: str | None = None
    failures: int = 0
    last_error: str | None = None
    next_poll_at: dt.datetime | None = None
    last_polled_at: dt.datetime | None = None
    last_new_at: dt.datetime | None = None
    items: int = 0

    @classmethod
    def fresh(cls, spec: str) -> SourceState:
        """The state of a source never polled."""
        return cls(source_id(spec), spec)


def load_sources(store: Store, specs: Sequence[str]) -> dict[str, SourceState]:
    """The stored state of each spec; a spec never polled gets a fresh state."""
    found: dict[str, SourceState] = {}
    by_id = {source_id(s): s for s in specs}
    ids = list(by_id)
    with store.begin() as conn:
        for i in range(0, len(ids), CHUNK):
            q = sa.select(t.watch_sources).where(t.watch_sources.c.source_id.in_(ids[i : i + CHUNK]))
            for row in conn.execute(q):
                values = dict(row._mapping)
                found[by_id[values["source_id"]]] = SourceState(**{**values, "spec": by_id[row.source_id]})
    return {s: found.get(s) or SourceState.fresh(s) for s in specs}


def save_source(store: Store, state: SourceState, conn: Connection) -> None:
    """Write one source's state, in the caller's transaction."""
    store._upsert(t.watch_sources, [asdict(state)], ["source_id"], conn)


def unseen(store: Store, items: Iterable[str]) -> set[str]:
    """The items among ``items`` that no watch has taken yet."""
    by_hash = {item_hash(i): i for i in items}
    hashes = list(by_hash)
    seen: set[str] = set()
    with store.begin() as conn:
        for i in range(0, len(hashes), CHUNK):
            q = sa.select(t.watch_seen.c.key_hash).where(t.watch_seen.c.key_hash.in_(hashes[i : i + CHUNK]))
            seen.update(r[0] for r in conn.execute(q))
    return {item for h, item in by_hash.items() if h not in seen}


def mark_seen(conn: Connection, dialect: str, items: Iterable[str], source: str, now: dt.datetime) -> None:
    """Record ``items`` as taken by ``source``, in the caller's transaction (an item seen stays as it was)."""
    rows: list[dict[str, Any]] = [
        {"key_hash": item_hash(i), "item": i, "source_id": source, "seen_at": now}
        for i in dict.fromkeys(items)
    ]
    if not rows:
        return
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(t.watch_seen).on_conflict_do_nothing(index_elements=["key_hash"])
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(t.watch_seen).on_conflict_do_nothing(index_elements=["key_hash"])  # type: ignore[assignment]
    for i in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[i : i + CHUNK])


def seen_count(store: Store, source: str | None = None) -> int:
    """How many items are recorded as taken (by ``source`` when given)."""
    q = sa.select(sa.func.count()).select_from(t.watch_seen)
    if source is not None:
        q = q.where(t.watch_seen.c.source_id == source)
    with store.begin() as conn:
        return int(conn.execute(q).scalar_one())


def record_cycle(store: Store, run_id: str, counts: dict[str, int]) -> None:
    """Write a watch run's running totals into its manifest row, which is also its heartbeat."""
    with store.begin() as conn:
        conn.execute(
            t.runs.update()
            .where(t.runs.c.run_id == run_id)
            .values(counts=counts, heartbeat_at=dt.datetime.now(dt.UTC))
        )
