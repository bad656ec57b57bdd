"""Ingest and process against a store, with a manifest row per run."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from cronica import __version__
from cronica.config import Settings
from cronica.errors import ConfigError
from cronica.model import Document
from cronica.run.executors import make_executor
from cronica.run.progress import Progress
from cronica.sources import Failure, read_sources
from cronica.store.db import IngestCounts, Store


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


@dataclass
class ProcessCounts:
    documents: int = 0
    mentions: int = 0
    tallies: int = 0
    failed: int = 0
    events: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
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
    run_id = new_run_id()
    store.start_run(run_id, "ingest", __version__, settings.hash())
    counts = IngestCounts()
    with Progress("ingest", quiet=quiet) as progress:
        batch: list[Document | Failure] = []
        for item in read_sources(specs, published=published):
            batch.append(item)
            if len(batch) >= settings.batch_size:
                _store_batch(store, batch, counts, run_id)
                progress.advance(len(batch), failed=sum(isinstance(b, Failure) for b in batch))
                batch = []
        if batch:
            _store_batch(store, batch, counts, run_id)
            progress.advance(len(batch), failed=sum(isinstance(b, Failure) for b in batch))
    status = "partial" if counts.failed else "ok"
    store.finish_run(
        run_id, status, counts.as_dict(), [{"origin": o, "reason": r} for o, r in counts.failures]
    )
    return run_id, counts


def _store_batch(
    store: Store, batch: Iterable[Document | Failure], counts: IngestCounts, run_id: str
) -> None:
    with store.begin() as conn:
        for item in batch:
            if isinstance(item, Failure):
                store.add_failure(item.origin, item.reason, conn, run_id)
                counts.failed += 1
                counts.failures.append((item.origin, item.reason))
                continue
            outcome = store.add_document(item, conn, run_id)
            setattr(counts, outcome, getattr(counts, outcome) + 1)


def _shards(docs: Sequence[Document], size: int) -> Iterator[Sequence[Document]]:
    for i in range(0, len(docs), size):
        yield docs[i : i + size]


def process(
    store: Store, settings: Settings, quiet: bool = False, reprocess: bool = False
) -> tuple[str, ProcessCounts]:
    """Extract what is pending, store each document's results, then fuse."""
    run_id = new_run_id()
    store.start_run(run_id, "process", __version__, settings.hash())
    docs = store.pending_documents(include_processed=reprocess)
    counts = ProcessCounts()
    # fusion is redone only for the countries whose mentions change
    touched: set[str | None] = store.mention_countries([d.doc_id for d in docs])
    shard_size = max(1, min(settings.batch_size, len(docs) // (settings.workers * 4) or 1))
    executor = make_executor(settings)
    try:
        with Progress("process", total=len(docs), quiet=quiet) as progress:
            for shard in executor.map_shards(_shards(docs, shard_size)):
                with store.begin() as conn:
                    for res in shard.results:
                        if res.error:
                            store.mark_failed(res.doc_id, res.error, conn)
                            counts.failed += 1
                            counts.failures.append((res.doc_id, res.error))
                        else:
                            store.save_results(res.doc_id, res.mentions, res.tallies, conn, run_id)
                            touched.update(
                                m.location.country_code if m.location else None for m in res.mentions
                            )
                            counts.mentions += len(res.mentions)
                            counts.tallies += len(res.tallies)
                        counts.documents += 1
                progress.advance(
                    len(shard.results),
                    failed=len(shard.failed),
                    events=sum(len(r.mentions) for r in shard.results),
                )
    finally:
        executor.close()
    counts.events = fuse_store(store, touched)
    status = "partial" if counts.failed else "ok"
    store.finish_run(
        run_id, status, counts.as_dict(), [{"origin": o, "reason": r} for o, r in counts.failures]
    )
    return run_id, counts


def fuse_store(store: Store, countries: set[str | None] | None = None) -> int:
    """Re-fuse the events of ``countries`` (all of them when None); returns how many events there are.

    Fusion never joins events of two countries, so re-fusing only the countries a
    run touched gives the same events as re-fusing everything.
    """
    from cronica.fuse import fuse_mentions
    from cronica.store.bulk import fuse_blocks

    if countries is None:
        store.replace_events(fuse_mentions(store.mentions()))
    elif countries:
        fuse_blocks(store, countries)
    return store.table_counts()["events"]


def mark_resumed(store: Store, run_id: str) -> None:
    """Close the manifest of an interrupted run before finishing its work."""
    found = [r for r in store.runs() if r["run_id"] == run_id]
    if not found:
        raise ConfigError(f"no run {run_id!r} (see `cronica runs`)")
    if found[0]["status"] != "running":
        raise ConfigError(f"run {run_id} ended with status {found[0]['status']!r}; nothing to resume")
    store.finish_run(run_id, "interrupted", found[0]["counts"], found[0]["failures"])
