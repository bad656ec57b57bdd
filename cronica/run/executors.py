"""Where shards run: in this process (serial) or in a local process pool.

The Ray executor lives in ``cronica.run.ray_engine`` and is imported only when
asked for, since Ray is an optional extra.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol

from cronica.config import Settings
from cronica.errors import ConfigError
from cronica.model import Document
from cronica.run.shard import ShardResult, process_shard


class Executor(Protocol):
    """Where shards run: each shard goes through ``process_shard``, results come back in input order."""

    def map_shards(self, shards: Iterable[Sequence[Document]]) -> Iterator[ShardResult]:
        """The result of every shard, in the order the shards came in."""
        ...

    def close(self) -> None:
        """Stop the workers (safe to call twice)."""
        ...


class SerialExecutor:
    """Shards one after the other in this process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map_shards(self, shards: Iterable[Sequence[Document]]) -> Iterator[ShardResult]:
        """Process each shard as it is asked for; the language resources are loaded before the
        first, outside the per-report watchdog (loading is not a report's extraction time)."""
        from cronica.extract.document import warm_up

        for i, shard in enumerate(shards):
            if i == 0 and self.settings.extract_timeout_s > 0:
                warm_up()
            yield process_shard(shard, self.settings)

    def close(self) -> None:
        """Nothing to stop."""


def _init_worker() -> None:
    """Start a worker process: end it with its parent, load the language resources once."""
    _exit_with_parent()
    from cronica.extract.document import warm_up

    warm_up()


def _exit_with_parent(poll_s: float = 0.5) -> None:
    """End this worker within ``poll_s`` of its parent's death.

    A parent killed with SIGKILL cannot stop its pool, and the workers would
    wait for shards forever, each holding the language resources in memory.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class PoolExecutor:
    """Shards in ``workers`` local processes; results come back in input order."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ProcessPoolExecutor(max_workers=settings.workers, initializer=_init_worker)

    def map_shards(self, shards: Iterable[Sequence[Document]]) -> Iterator[ShardResult]:
        """Results in input order, with at most two shards per worker in flight."""
        pending: list[Future[ShardResult]] = []
        window = self.settings.workers * 2  # bounded: backpressure on the reader
        for shard in shards:
            pending.append(self.pool.submit(process_shard, list(shard), self.settings))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()

    def close(self) -> None:
        """Stop the worker processes, dropping shards not yet started."""
        self.pool.shutdown(cancel_futures=True)


def make_executor(settings: Settings) -> Executor:
    """The executor ``settings.engine`` names (``serial``, ``pool`` or ``ray``)."""
    if settings.engine == "serial":
        return SerialExecutor(settings)
    if settings.engine == "pool":
        return PoolExecutor(settings)
    if settings.engine == "ray":
        try:
            from cronica.run.ray_engine import RayExecutor
        except ImportError as exc:
            raise ConfigError(
                "the ray engine needs Ray: pip install 'cronica[cluster]' (or use --engine pool)"
            ) from exc
        return RayExecutor(settings)
    raise ConfigError(f"unknown engine {settings.engine!r}")
