"""The watch loop: a cycle every interval until told to stop, under one run manifest.

SIGTERM or SIGINT asks the loop to stop: a sleeping watch wakes at once, a
watch in a cycle ends it at the next safe point (between two sources, or before
processing), and either way the run is closed ``ok`` and the command exits 0. A
second signal stops at once (``interrupted``); everything stored by then stays
stored, and the next start finishes it (see :mod:`cronica.watch.cycle`).
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType

from cronica import __version__
from cronica.config import Settings
from cronica.run.manifest import mark_stale_runs, new_run_id
from cronica.store.db import Store
from cronica.store.watch_state import record_cycle
from cronica.watch.cycle import CycleReport, Pace, SourceFailure, run_cycle

HEARTBEAT_S = 60.0  # a sleeping watch tells the manifest it is alive this often (runs go stale at 30 min)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stopper:
    """A request to stop, set from a signal handler and waited on while sleeping."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signals = 0

    def request(self, _signum: int = 0, _frame: FrameType | None = None) -> None:
        """Ask the loop to stop; a second request stops at once (KeyboardInterrupt)."""
        self.signals += 1
        self.event.set()
        if self.signals > 1:
            raise KeyboardInterrupt

    def stopping(self) -> bool:
        """Whether a stop was asked for."""
        return self.event.is_set()

    def sleep(self, seconds: float, beat: Callable[[], None]) -> bool:
        """Wait ``seconds`` (calling ``beat`` now and then); True when a stop was asked for meanwhile."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.event.wait(min(left, HEARTBEAT_S)):
                return True
            beat()
        return self.event.is_set()


@contextmanager
def stop_on_signals(stopper: Stopper) -> Iterator[None]:
    """Route SIGTERM and SIGINT to ``stopper`` while inside (the main thread only)."""
    previous = {sig: signal.signal(sig, stopper.request) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Heartbeat:
    """Calls ``write`` when asked, at most once every :data:`HEARTBEAT_S` seconds."""

    def __init__(self, write: Callable[[], None]) -> None:
        self.write = write
        self.last = time.monotonic()

    def __call__(self) -> None:
        if time.monotonic() - self.last >= HEARTBEAT_S:
            self.write()
            self.last = time.monotonic()


def _failure_rows(errors: dict[str, SourceFailure]) -> list[dict[str, str]]:
    return [{"origin": e.spec, "reason": e.reason} for e in list(errors.values())[:50]]


def watch(
    store: Store,
    specs: Sequence[str],
    settings: Settings,
    pace: Pace,
    *,
    once: bool = False,
    log: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
    stopper: Stopper | None = None,
) -> CycleReport:
    """Run cycles every ``pace.every_s`` until ``stopper`` is asked to stop (one cycle with ``once``).

    Logs one line per cycle with ``log`` and one per failing source with ``warn``;
    returns the last cycle's report.
    """
    stopper = stopper or Stopper()
    mark_stale_runs(store)
    run_id = new_run_id()
    store.start_run(run_id, "watch", __version__, settings.hash())
    totals: Counter[str] = Counter()
    errors: dict[str, SourceFailure] = {}
    number = 0
    beat = _Heartbeat(lambda: record_cycle(store, run_id, dict(totals)))
    try:
        while True:
            number += 1
            report = run_cycle(
                store, specs, settings, pace, run_id, number, stopping=stopper.stopping, beat=beat
            )
            log(report.line())
            for error in report.errors:
                warn(error.line())
                errors[error.spec] = error
            totals.update(report.counts())
            record_cycle(store, run_id, dict(totals))
            if once or stopper.stopping():
                break
            pause = max(0.0, pace.every_s - report.seconds)
            if stopper.sleep(pause, beat):
                break
    except BaseException as exc:
        status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        rows = [*_failure_rows(errors), {"origin": "run", "reason": f"{exc.__class__.__name__}: {exc}"}]
        with suppress(Exception):  # the store may be what failed: the error itself matters more
            store.finish_run(run_id, status, dict(totals), rows)
        raise
    store.finish_run(run_id, "ok", dict(totals), _failure_rows(errors))
    return report
