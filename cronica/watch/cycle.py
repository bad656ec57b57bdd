"""One watch cycle: poll each source that is due, store what is new, then process and re-fuse it.

Each source's new items are stored first (as ``cronica ingest`` stores them), then
marked seen together with the source's new state in one transaction. A cycle
killed between the two stores nothing twice: the next poll reads the same items
again, and the store already holds their texts (``duplicate``). The processing
is ``cronica process`` itself, which re-fuses only the countries whose mentions
changed and finishes whatever a killed run left.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cronica.config import Settings
from cronica.errors import SourceError
from cronica.run.runner import process, store_items
from cronica.sources import InputLimits
from cronica.sources.common import first_line
from cronica.store.db import IngestCounts, Store
from cronica.store.watch_state import SourceState, load_sources, mark_seen, save_source, unseen
from cronica.watch.backoff import backoff_seconds, is_due
from cronica.watch.duration import format_duration
from cronica.watch.poll import Poll, is_url, poll

URL_LIST_SUFFIX = ".urls"


@dataclass(frozen=True)
class Pace:
    """How often a watch polls, and the longest a failing source is left alone."""

    every_s: float
    max_backoff_s: float


@dataclass(frozen=True)
class SourceFailure:
    """A source that failed this cycle: why, how many times in a row, and how long it now waits."""

    spec: str
    reason: str
    failures: int
    wait_s: float

    def line(self) -> str:
        """The failure as one line of the log."""
        return (
            f"watch: {self.spec}: {self.reason} (failed {self.failures} time(s) in a row; "
            f"next try in {format_duration(self.wait_s)})"
        )


@dataclass
class CycleReport:
    """What one cycle did; :meth:`line` is its line of the log."""

    number: int
    polled: int = 0
    with_new: int = 0
    unchanged: int = 0
    failed: int = 0
    waiting: int = 0
    documents: int = 0
    events_added: int = 0
    documents_failed: int = 0
    seconds: float = 0.0
    stopped: bool = False
    errors: list[SourceFailure] = field(default_factory=list)

    def line(self) -> str:
        """One line: sources polled (new, unchanged, failed, backing off), documents, events, time."""
        stop = "; stopped early, the rest is left for the next start" if self.stopped else ""
        failed_docs = f" ({self.documents_failed} failed)" if self.documents_failed else ""
        return (
            f"watch cycle {self.number}: {_count(self.polled, 'source')} polled ({self.with_new} new, "
            f"{self.unchanged} unchanged, {self.failed} failed, {self.waiting} backing off); "
            f"{self.documents} new {_plural(self.documents, 'document')}{failed_docs}, "
            f"{self.events_added:+d} {_plural(self.events_added, 'event')}; "
            f"{self.seconds:.1f} s{stop}"
        )

    def counts(self) -> dict[str, int]:
        """The numbers of the cycle, for the run's running totals."""
        return {
            "cycles": 1,
            "polled": self.polled,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "documents": self.documents,
            "events": self.events_added,
        }


def _plural(n: int, word: str) -> str:
    return word if abs(n) == 1 else word + "s"


def _count(n: int, word: str) -> str:
    return f"{n} {_plural(n, word)}"


def url_lists(specs: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The specs with each ``.urls`` file replaced by the URLs it lists, one a line (``#`` comments).

    The lists are read again every cycle, so a URL added to one is polled from the next
    cycle on. A list that cannot be read is returned apart, with its reason.
    """
    out: list[str] = []
    unreadable: list[tuple[str, str]] = []
    for spec in specs:
        if is_url(spec) or not spec.endswith(URL_LIST_SUFFIX):
            out.append(spec)
            continue
        try:
            lines = Path(spec).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append((spec, f"cannot read the URL list: {getattr(exc, 'strerror', None) or exc}"))
            continue
        out.extend(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    return list(dict.fromkeys(out)), unreadable


def _failed(store: Store, state: SourceState, poll: Poll, pace: Pace, now: dt.datetime) -> SourceFailure:
    """Record a failed poll: one more failure in a row, and the source left alone for a while."""
    failures = state.failures + 1
    wait = backoff_seconds(failures, pace.every_s, pace.max_backoff_s)
    reason = poll.error or "failed"
    new = replace(
        state,
        failures=failures,
        last_error=reason,
        next_poll_at=now + dt.timedelta(seconds=wait),
        last_polled_at=now,
    )
    with store.begin() as conn:
        save_source(store, new, conn)
    return SourceFailure(state.spec, reason, failures, wait)


def _taken(
    store: Store, state: SourceState, poll: Poll, run_id: str, batch: int, now: dt.datetime
) -> IngestCounts:
    """Store a poll's new items, then mark them seen with the source's new state (see the module)."""
    counts = store_items(store, [item for _, item in poll.items], run_id, batch)
    new = replace(
        state,
        kind=poll.kind,
        etag=poll.validators.etag,
        last_modified=poll.validators.last_modified,
        cursor=poll.cursor,
        failures=0,
        last_error=None,
        next_poll_at=None,
        last_polled_at=now,
        last_new_at=now if poll.items else state.last_new_at,
        items=state.items + len(poll.items),
    )
    with store.begin() as conn:
        mark_seen(conn, store.dialect, [key for key, _ in poll.items] + poll.stamps, state.source_id, now)
        save_source(store, new, conn)
    return counts


def _process(store: Store, settings: Settings, report: CycleReport) -> None:
    """Process what is pending (this cycle's documents, or those a stopped watch left) and re-fuse."""
    if not store.document_counts().get("pending") and not store.fusion_pending():
        return
    before = store.table_counts()["events"]
    _, counts = process(store, settings, quiet=True)
    report.events_added += counts.events - before
    report.documents_failed += counts.failed


def _poll_one(
    store: Store, state: SourceState, ctx: tuple[Settings, Pace, str], now: dt.datetime, report: CycleReport
) -> None:
    settings, pace, run_id = ctx
    try:
        result = poll(state.spec, state, InputLimits.of(settings), lambda keys: unseen(store, keys))
    except (OSError, SourceError) as exc:  # a folder that cannot be listed, a file gone while read
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else first_line(exc)
        result = Poll(state.spec, state.kind, error=f"cannot read: {why}")
    report.polled += 1
    if result.error:
        report.failed += 1
        report.errors.append(_failed(store, state, result, pace, now))
        return
    counts = _taken(store, state, result, run_id, settings.batch_size, now)
    report.documents += counts.new + counts.updated
    report.documents_failed += counts.failed
    if counts.new + counts.updated:
        report.with_new += 1
    else:
        report.unchanged += 1


def run_cycle(
    store: Store,
    specs: Sequence[str],
    settings: Settings,
    pace: Pace,
    run_id: str,
    number: int = 1,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    stopping: Callable[[], bool] = lambda: False,
    beat: Callable[[], None] = lambda: None,
) -> CycleReport:
    """Poll every source of ``specs`` that is due, store its new items, then process them.

    ``stopping`` is asked before each source and before processing: once it says yes the
    cycle ends there, and what it stored is processed by the next start. ``clock`` is
    the time the back-off is reckoned by; ``beat`` is called after each source polled,
    so that a long cycle still shows its run alive (see ``cronica.run.manifest``).
    """
    started = time.monotonic()
    report = CycleReport(number)
    expanded, unreadable = url_lists(specs)
    states = load_sources(store, [*expanded, *(spec for spec, _ in unreadable)])
    for spec, reason in unreadable:
        state = states[spec]
        if is_due(state.next_poll_at, clock()):
            report.polled += 1
            report.failed += 1
            report.errors.append(_failed(store, state, Poll(spec, "files", error=reason), pace, clock()))
    ctx = (settings, pace, run_id)
    for spec in expanded:
        if stopping():
            report.stopped = True
            break
        if not is_due(states[spec].next_poll_at, clock()):
            report.waiting += 1
            continue
        _poll_one(store, states[spec], ctx, clock(), report)
        beat()
    if stopping():
        report.stopped = True
    else:
        _process(store, settings, report)
    report.seconds = time.monotonic() - started
    return report
