"""When a source that failed is polled again: exponential back-off, capped, per source."""

from __future__ import annotations

import datetime as dt


def backoff_seconds(failures: int, every_s: float, cap_s: float) -> float:
    """How long to leave a source alone after its ``failures``-th failure in a row.

    The first failure skips one cycle (twice the interval), each further one doubles the
    wait, and no wait is longer than ``cap_s`` (nor shorter than one interval).
    """
    if failures < 1:
        return 0.0
    exponent = min(failures, 32)  # 2**32 intervals is past any cap; keeps the float finite
    return max(every_s, min(cap_s, every_s * 2.0**exponent))


def is_due(next_poll_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a source backing off until ``next_poll_at`` (None: not backing off) is polled ``now``."""
    if next_poll_at is None:
        return True
    if next_poll_at.tzinfo is None:  # SQLite hands datetimes back without their zone; they are UTC
        next_poll_at = next_poll_at.replace(tzinfo=dt.UTC)
    return now >= next_poll_at
