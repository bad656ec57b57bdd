"""Failed token attempts per client address, over a sliding window.

More than ``limit`` failures from one address within ``window_s`` seconds and the
address is refused (429) until the oldest of them leaves the window. The counts
live in the memory of one server process: ``cronica serve --workers N`` keeps N
separate counts, and a restart forgets them (docs/access.md says so). That is
enough to turn guessing a 256-bit token from hopeless into more hopeless; it is a
brake on a misbehaving client, not the token's protection.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 10
WINDOW_S = 300.0
MAX_ADDRESSES = 10_000  # addresses tracked at once; beyond it the stalest are forgotten


class FailureLimiter:
    """Failed attempts by client address, each kept ``window_s`` seconds."""

    def __init__(
        self,
        limit: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = MAX_ADDRESSES,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self.max_addresses = max_addresses
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        """The address's failures still inside the window (older ones dropped); call with the lock."""
        times = self._failures.get(address, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            self._failures.pop(address, None)
        return times

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None when it is not blocked."""
        now = self.clock()
        with self._lock:
            times = self._recent(address, now)
            if len(times) < self.limit:
                return None
            # blocked until enough failures age out to leave fewer than the limit
            oldest_needed = times[len(times) - self.limit]
            return max(1, math.ceil(oldest_needed + self.window_s - now))

    def fail(self, address: str) -> None:
        """Count one failed attempt from ``address``."""
        now = self.clock()
        with self._lock:
            times = self._recent(address, now)
            times.append(now)
            self._failures[address] = times
            if len(self._failures) > self.max_addresses:
                self._forget_stalest()

    def _forget_stalest(self) -> None:
        """Drop the address whose last failure is oldest (call with the lock held)."""
        stalest = min(self._failures, key=lambda a: self._failures[a][-1])
        del self._failures[stalest]
