"""A time limit on one report's extraction: the watchdog behind ``extract_timeout_s``.

The limit is an interval timer (``signal.setitimer``) whose ``SIGALRM`` raises
:class:`~cronica.errors.ExtractionTimeoutError` in the code that is running, between two Python
bytecodes or at the next signal check of a C loop (the regex engine checks every few thousand
steps). Signals reach only the main thread of a process, so the watchdog is armed only there:
``cronica extract``, ``cronica process`` with the serial engine and every worker of the pool
engine (each runs its shards in its own main thread). Elsewhere -- a report extracted in another
thread, as a Ray actor or a web server may do, or a platform without ``SIGALRM`` -- it does
nothing, and the other limits (document and sentence length) still bound the work.

A timer already running when the watchdog is armed (an outer time limit) is put back, less the
time spent, when it is disarmed. Loading a model or the gazetteer on first use is not the
report's work: :func:`paused` stops the clock around it, so that the first report of a cold
process (or one on a busy machine) is not refused for the seconds a model takes to load.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from cronica.errors import ExtractionTimeoutError


def can_watch() -> bool:
    """Whether a time limit can be armed here (a platform with ``SIGALRM``, the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _seconds(limit: float) -> str:
    return f"{limit:g}"


@contextmanager
def time_limit(limit: float) -> Iterator[None]:
    """Raise :class:`ExtractionTimeoutError` ("extraction timed out after N s") in the block when
    it runs longer than ``limit`` seconds. ``limit`` 0 or less, or :func:`can_watch` false: no limit.
    """
    if limit <= 0 or not can_watch():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeoutError(f"extraction timed out after {_seconds(limit)} s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, limit)
    began = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            # an outer timer was running: give it back what it had left (at least a moment)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - began), 1e-3))


@contextmanager
def paused() -> Iterator[None]:
    """Stop a running time limit for the block and re-arm it with what it had left after."""
    if not can_watch():
        yield
        return
    left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left)
