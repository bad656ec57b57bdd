"""Progress on long runs: a live bar on a terminal, a plain line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO


class Progress:
    """Counts documents done; ``quiet`` shows nothing."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        quiet: bool = False,
        stream: TextIO | None = None,
        every: float = 5.0,
    ) -> None:
        self.label = label
        self.total = total
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.every = every
        self.done = 0
        self.failed = 0
        self.events = 0
        self._start = time.monotonic()
        self._last = self._start
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if not self.quiet and self.stream.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, rate="")
        return self

    def advance(self, n: int = 1, failed: int = 0, events: int = 0) -> None:
        """Count ``n`` more documents (``failed`` of them failed, ``events`` mentions found)."""
        self.done += n
        self.failed += failed
        self.events += events
        now = time.monotonic()
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=f"{self.rate():.1f} docs/s")
        elif not self.quiet and now - self._last >= self.every:
            self._last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def rate(self) -> float:
        """Documents a second since the start."""
        elapsed = time.monotonic() - self._start
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The progress so far as one line of text."""
        total = f"/{self.total}" if self.total is not None else ""
        return (
            f"{self.label}: {self.done}{total} documents, {self.events} events, {self.failed} failed, "
            f"{self.rate():.1f} docs/s"
        )

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
