"""Ingest and process against a store, with a manifest row per run.

``process`` sends the pending documents to an executor shard by shard, stores
each shard's results in one transaction, then re-fuses the countries whose
mentions changed. Both are safe to kill at any moment: documents and shard
results are committed whole or not at all, and the countries still to fuse are
marked in the store in the same transactions (``cronica.run.fusion``), so the
next ``process`` finishes the job, even with no document left to extract.
Before a run starts, runs whose process died are marked ``interrupted``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from cronica import __version__
from cronica.config import Settings
from cronica.model import Document
from cronica.run.executors import make_executor
from cronica.run.fusion import fuse_pending
from cronica.run.manifest import mark_stale_runs, new_run_id
from cronica.run.progress import Progress
from cronica.run.shard import ShardResult
from cronica.sources import Failure, InputLimits, read_sources
from cronica.store.db import ROW_ERRORS, IngestCounts, Store

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass
class ProcessCounts:
    """What a process run did: documents, mentions, tallies, failures; events after fusion."""

    documents: int = 0
    mentions: int = 0
    tallies: int = 0
    failed: int = 0
    events: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        """The counts for a run manifest (the failures themselves go apart)."""
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "tallies": self.tallies,
            "failed": self.failed,
            "events": self.events,
        }


def ingest(
    store: Store,
    specs: Sequence[str],
    settings: Settings,
    published: dt.date | None = None,
    quiet: bool = False,
) -> tuple[str, IngestCounts]:
    """Read every source into the store; bad inputs are recorded with their reason."""
    counts = IngestCounts()
    with _manifest(store, "ingest", settings, counts) as run_id, Progress("ingest", quiet=quiet) as progress:
        batch: list[Document | Failure] = []
        for item in read_sources(specs, published=published, limits=InputLimits.of(settings)):
            batch.append(item)
            if len(batch) >= settings.batch_size:
                _store_batch(store, batch, counts, run_id)
                progress.advance(len(batch), failed=sum(isinstance(b, Failure) for b in batch))
                batch = []
        if batch:
            _store_batch(store, batch, counts, run_id)
            progress.advance(len(batch), failed=sum(isinstance(b, Failure) for b in batch))
    return run_id, counts


def store_items(
    store: Store, items: Iterable[Document | Failure], run_id: str, batch_size: int
) -> IngestCounts:
    """Store documents already read, and the failures met reading them, as ``ingest`` does.

    Batches of ``batch_size`` go in one transaction each; a document the database refuses
    fails alone (see :func:`_store_batch`). The work is recorded under ``run_id``.
    """
    counts = IngestCounts()
    batch: list[Document | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            _store_batch(store, batch, counts, run_id)
            batch = []
    if batch:
        _store_batch(store, batch, counts, run_id)
    return counts


class _Counts(Protocol):
    failed: int
    failures: list[tuple[str, str]]

    def as_dict(self) -> dict[str, int]: ...


@contextmanager
def _manifest(store: Store, command: str, settings: Settings, counts: _Counts) -> Iterator[str]:
    """Open a run's manifest row (after marking dead runs ``interrupted``) and close it on the way out.

    A run that ends normally is ``ok``, or ``partial`` when some inputs failed;
    one that raises is ``failed`` (``interrupted`` on Ctrl-C), with the error
    among its failures. A run killed outright cannot close its row: the next
    listing or run marks it (``cronica.run.manifest``).
    """
    run_id = new_run_id()
    mark_stale_runs(store)
    store.start_run(run_id, command, __version__, settings.hash())
    try:
        yield run_id
    except BaseException as exc:
        status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        failures = [*counts.failures, ("run", f"{exc.__class__.__name__}: {exc}")]
        with contextlib.suppress(Exception):  # the store may be what failed: the error above matters
            store.finish_run(run_id, status, counts.as_dict(), _failure_rows(failures))
        raise
    status = "partial" if counts.failed else "ok"
    store.finish_run(run_id, status, counts.as_dict(), _failure_rows(counts.failures))


def _failure_rows(failures: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"origin": o, "reason": r} for o, r in failures]


def _store_batch(
    store: Store, batch: Sequence[Document | Failure], counts: IngestCounts, run_id: str
) -> None:
    """Store a batch in one transaction; if one document cannot be written, store them one by one.

    A document the database refuses (see ROW_ERRORS) is recorded as a failure with
    its reason, and every other document of the batch is stored.
    """
    done = IngestCounts()
    try:
        with store.begin() as conn:
            store.heartbeat(run_id, conn)
            for item in batch:
                _store_item(store, item, done, conn, run_id)
    except ROW_ERRORS:
        done = IngestCounts()
        for item in batch:
            try:
                with store.begin() as conn:
                    _store_item(store, item, done, conn, run_id)
            except ROW_ERRORS as exc:
                where = _one_line(str(item.origin or getattr(item, "doc_id", "?")))
                reason = f"cannot be stored: {exc.__class__.__name__}: {_one_line(exc)}"
                with store.begin() as conn:
                    _store_item(store, Failure(where, reason), done, conn, run_id)
    for name in ("new", "updated", "duplicate", "failed"):
        setattr(counts, name, getattr(counts, name) + getattr(done, name))
    counts.failures.extend(done.failures)


def _store_item(
    store: Store, item: Document | Failure, counts: IngestCounts, conn: Connection, run_id: str
) -> None:
    if isinstance(item, Failure):
        store.add_failure(item.origin, item.reason, conn, run_id)
        counts.failed += 1
        counts.failures.append((item.origin, item.reason))
        return
    outcome = store.add_document(item, conn, run_id)
    setattr(counts, outcome, getattr(counts, outcome) + 1)


def _one_line(exc: BaseException | str) -> str:
    """Text any database stores: one line, at most 200 characters, no NUL, no lone surrogate."""
    lines = str(exc).strip().splitlines() or [""]
    text = lines[0][:200].replace("\x00", "")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shards(docs: Sequence[Document], size: int) -> Iterator[Sequence[Document]]:
    for i in range(0, len(docs), size):
        yield docs[i : i + size]


def _store_shard(store: Store, shard: ShardResult, run_id: str, counts: ProcessCounts) -> None:
    """Store one shard's results in one transaction (which marks their countries for fusion)."""
    with store.begin() as conn:
        store.heartbeat(run_id, conn)
        for res in shard.results:
            if res.error:
                store.mark_failed(res.doc_id, res.error, conn)
                counts.failed += 1
                counts.failures.append((res.doc_id, res.error))
            elif store.save_results(res.doc_id, res.mentions, res.tallies, conn, run_id):
                counts.mentions += len(res.mentions)
                counts.tallies += len(res.tallies)
            else:  # a value no column holds: save_results marked the document failed
                counts.failed += 1
                counts.failures.append((res.doc_id, "a figure beyond what the store can hold"))
            counts.documents += 1


def process(
    store: Store, settings: Settings, quiet: bool = False, reprocess: bool = False
) -> tuple[str, ProcessCounts]:
    """Extract what is pending, store each document's results, then fuse every block left pending.

    The blocks fused are those whose mentions this run changed and those a
    killed run left unfused.
    """
    counts = ProcessCounts()
    with _manifest(store, "process", settings, counts) as run_id:
        docs = store.pending_documents(include_processed=reprocess)
        _extract(store, settings, docs, run_id, counts, quiet)
        fuse_pending(store)
        counts.events = store.table_counts()["events"]
    return run_id, counts


def _extract(
    store: Store,
    settings: Settings,
    docs: Sequence[Document],
    run_id: str,
    counts: ProcessCounts,
    quiet: bool,
) -> None:
    """Send ``docs`` to the executor shard by shard and store each shard's results as it comes."""
    shard_size = max(1, min(settings.batch_size, len(docs) // (settings.workers * 4) or 1))
    executor = make_executor(settings)
    try:
        with Progress("process", total=len(docs), quiet=quiet) as progress:
            for shard in executor.map_shards(_shards(docs, shard_size)):
                _store_shard(store, shard, run_id, counts)
                progress.advance(
                    len(shard.results),
                    failed=len(shard.failed),
                    events=sum(len(r.mentions) for r in shard.results),
                )
    finally:
        executor.close()
