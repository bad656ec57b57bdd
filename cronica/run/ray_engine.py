"""The Ray engine: the same ``process_shard`` on a local Ray or on a Ray cluster.

Two ways in:

- ``RayExecutor`` is what ``cronica process --engine ray`` uses. A pool of
  actors, each loading the language models once (``warm_up``), takes shards
  from the documents pending in the database; at most two shards per actor are
  in flight, so the reader is held back when the workers are busy
  (backpressure), and results come back in input order so a run gives the
  same results as the serial engine. The runner stores each shard in one
  transaction, as with the other engines.
- ``backfill`` (what ``cronica backfill`` runs) is for many millions of
  articles that were never in the database: Ray Data streams the input files
  (JSON lines or WARC; one file is one shard) through an actor pool and writes
  one Parquet file per shard (``cronica.run.parquet_io``), which
  ``cronica.run.load`` then loads into PostgreSQL with COPY
  (``cronica backfill --load``, or ``cronica load`` later). A shard whose
  Parquet file exists is skipped, so the same command, re-run after a crash,
  finishes the job.

Ray is an optional extra (``pip install 'cronica[cluster]'``). Without a
cluster address (``RAY_ADDRESS`` or ``address=``) a local Ray is started with
``num_cpus=settings.workers``.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ray

from cronica.config import Settings
from cronica.model import Document
from cronica.run.shard import ShardResult, process_shard

IN_FLIGHT_PER_WORKER = 2


def init_ray(settings: Settings, address: str | None = None) -> bool:
    """Connect to a cluster (``address`` or ``RAY_ADDRESS``) or start a local Ray.

    Returns True when this call started Ray (and so should shut it down).
    """
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no phoning home from a worker node
    address = address or os.environ.get("RAY_ADDRESS") or None
    common: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": True}
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(num_cpus=settings.workers, include_dashboard=False, **common)
    return True


def _warm() -> None:
    from cronica.extract.document import warm_up

    warm_up()


@ray.remote(num_cpus=1)
class ShardWorker:
    """One worker process with its models loaded once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        _warm()

    def process(self, shard: list[Document]) -> ShardResult:
        """Process one shard."""
        return process_shard(shard, self.settings)

    def rss_mb(self) -> float:
        """Resident memory of this worker (MB)."""
        return _rss_mb()


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RayExecutor:
    """Shards on a pool of Ray actors; results in input order, bounded in flight."""

    def __init__(self, settings: Settings, address: str | None = None) -> None:
        self.settings = settings
        self._owns_ray = init_ray(settings, address)
        self.actors = [ShardWorker.remote(settings) for _ in range(settings.workers)]  # type: ignore[attr-defined]

    def map_shards(self, shards: Iterable[Sequence[Document]]) -> Iterator[ShardResult]:
        """Results in input order; shards go to the actors in turn, two per actor in flight at most."""
        pending: deque[Any] = deque()
        window = len(self.actors) * IN_FLIGHT_PER_WORKER
        for i, shard in enumerate(shards):
            actor = self.actors[i % len(self.actors)]
            pending.append(actor.process.remote(list(shard)))
            if len(pending) >= window:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (MB)."""
        return [float(x) for x in ray.get([a.rss_mb.remote() for a in self.actors])]

    def close(self) -> None:
        """Stop the actors, and Ray itself when this executor started it."""
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        if self._owns_ray:
            ray.shutdown()
            self._owns_ray = False


# -- backfill: input files -> Parquet shard files ---------------------------------------------------


def expand_inputs(specs: Iterable[str]) -> list[Path]:
    """Files named by paths, folders and globs; sorted, each once."""
    found: set[Path] = set()
    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            found.update(q for q in p.rglob("*") if q.is_file())
        elif p.is_file():
            found.add(p)
        else:
            found.update(Path(q) for q in glob.glob(spec, recursive=True) if Path(q).is_file())
    return sorted(q.resolve() for q in found)


def shard_name(path: Path) -> str:
    """The output file name of an input shard: readable, and unique per input path."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:10]
    stem = path.name.split(".")[0][:80]
    return f"{stem}-{digest}.parquet"


def run_input_shard(path: Path, out_dir: Path, settings: Settings) -> dict[str, Any]:
    """Read one input file, process it, write its Parquet shard file; returns its counts.

    Unreadable records become failed documents (recorded, never silently dropped).
    """
    from cronica.run.parquet_io import write_shard
    from cronica.run.shard import DocResult
    from cronica.sources import Failure, read_sources

    docs: list[Document] = []
    failures: list[DocResult] = []
    for item in read_sources([str(path)]):
        if isinstance(item, Failure):
            key = hashlib.sha1(item.origin.encode("utf-8")).hexdigest()[:16]
            failures.append(DocResult(f"failed-{key}", error=f"{item.origin}: {item.reason}"))
        else:
            docs.append(item)
    result = process_shard(docs, settings)
    result.results.extend(failures)
    counts = write_shard(out_dir / shard_name(path), docs, result)
    return {"shard": str(path), **counts}


class _ShardFileWorker:
    """A Ray Data callable class: its constructor runs once per actor (model loading)."""

    def __init__(self, settings: Settings, out_dir: str) -> None:
        self.settings = settings
        self.out_dir = Path(out_dir)
        _warm()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = [run_input_shard(Path(p), self.out_dir, self.settings) for p in batch["path"]]
        return {k: [r[k] for r in rows] for k in ("shard", "documents", "mentions", "tallies", "failed")}


@dataclass
class BackfillCounts:
    """What a backfill did; ``outputs`` lists the shard file of every input, done now or before."""

    shards: int = 0
    skipped: int = 0
    documents: int = 0
    mentions: int = 0
    tallies: int = 0
    failed: int = 0
    outputs: list[Path] = field(default_factory=list)


def backfill(
    specs: Sequence[str],
    out_dir: Path,
    settings: Settings,
    address: str | None = None,
    quiet: bool = False,
) -> BackfillCounts:
    """Process every input file into ``out_dir``, skipping shards already done."""
    from cronica.run.parquet_io import clean_partial
    from cronica.run.progress import Progress

    out_dir.mkdir(parents=True, exist_ok=True)
    clean_partial(out_dir)
    inputs = expand_inputs(specs)
    todo = [p for p in inputs if not (out_dir / shard_name(p)).exists()]
    counts = BackfillCounts(skipped=len(inputs) - len(todo))
    counts.outputs = [out_dir / shard_name(p) for p in inputs]
    if not todo:
        return counts
    owns = init_ray(settings, address)
    try:
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.verbose_progress = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        items = ray.data.from_items([{"path": str(p)} for p in todo], override_num_blocks=len(todo))
        ds = items.map_batches(
            _ShardFileWorker,
            fn_constructor_kwargs={"settings": settings, "out_dir": str(out_dir)},
            batch_size=1,
            concurrency=settings.workers,
            num_cpus=1,
        )
        with Progress("backfill", quiet=quiet) as progress:
            for row in ds.iter_rows():
                counts.shards += 1
                counts.documents += int(row["documents"])
                counts.mentions += int(row["mentions"])
                counts.tallies += int(row["tallies"])
                counts.failed += int(row["failed"])
                progress.advance(
                    int(row["documents"]), failed=int(row["failed"]), events=int(row["mentions"])
                )
    finally:
        if owns:
            ray.shutdown()
    return counts
