"""A short-lived cache of the API's costly answers (aggregates, the map, counts).

An aggregate over a million events reads a million index entries whatever its
answer's size; a dashboard asks the same few of them again and again, and fifty
viewers ask them at once. Kept for ``ttl_s`` seconds (the ``api_cache_s``
setting), an answer is computed once per key at a time: callers that ask for
a key being computed wait for that result instead of starting the same query.
An answer is at most ``ttl_s`` seconds older than the database; ``ttl_s`` 0 turns
the cache off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 512


class ResponseCache:
    """Values by key for ``ttl_s`` seconds, the least recently used dropped beyond ``max_entries``."""

    def __init__(
        self, ttl_s: float, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self.clock = clock
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._generation = 0  # bumped by clear(): a value computed before it is not kept

    def _fresh(self, key: Hashable) -> tuple[bool, Any]:
        """(True, value) when ``key`` holds a value younger than the ttl; call with ``_lock`` held."""
        found = self._values.get(key)
        if found is None or self.clock() - found[0] >= self.ttl_s:
            return False, None
        self._values.move_to_end(key)
        return True, found[1]

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``compute()``'s (kept; computed once even when asked at once)."""
        if self.ttl_s <= 0:
            return compute()
        with self._lock:
            hit, value = self._fresh(key)
            if hit:
                return value
            key_lock = self._computing.setdefault(key, threading.Lock())
            generation = self._generation
        with key_lock:
            with self._lock:
                hit, value = self._fresh(key)
            if hit:
                return value
            value = compute()
            with self._lock:
                self._computing.pop(key, None)
                if generation != self._generation:
                    return value  # a write came while computing: answer, but do not keep it
                self._values[key] = (self.clock(), value)
                self._values.move_to_end(key)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every kept value (after a write: the next request computes afresh)."""
        with self._lock:
            self._values.clear()
            self._generation += 1
