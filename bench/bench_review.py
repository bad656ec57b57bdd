"""The review path on a store of 100,000 events: actions per second, re-fusion, the review queue.

Builds a synthetic SQLite store: one report per mention, a third of the
incidents told by two reports, each incident at its own named place in one of
eleven countries (the fusion blocks), then fuses it (``fuse_store``, timed).
Then it measures, on that store:

- review actions per second, for each kind (confirm, correct, merge, split,
  reject, undo), each on events not yet touched;
- re-fusion of every block (what ``cronica process`` does after new reports)
  with no reviewed event, and again with 1,000 reviewed events;
- the time to open the review queue (``review_queue(store, 50)``), median of 20.

Prints a table and writes ``bench/results/review.json``.

    .venv/bin/python bench/bench_review.py [--events 100000] [--actions 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from cronica import review
from cronica.model import Actor, Event, Evidence, Figure, Place, Span
from cronica.run.fusion import fuse_blocks, fuse_store
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.db import EventFilter, Store

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "review.json"
START = dt.date(2021, 1, 1)
DAYS = 1200
BATCH = 20_000
COUNTRIES = [("PE", "Puno"), ("BO", "La Paz"), ("EC", "Pichincha"), ("CO", "Valle del Cauca"),
             ("CL", "Santiago"), ("KE", "Nairobi"), ("NG", "Lagos"), ("BD", "Dhaka"), ("PK", "Sindh"),
             ("LK", "Western"), ("MX", "Jalisco")]  # fmt: skip
KINDS = [("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"),
         ("Protests", "Excessive force against protesters")]  # fmt: skip


def synthetic_mention(incident: int, report: int, rng: random.Random) -> Event:
    """One report's mention of ``incident``: its own town, so incidents never fuse with each other."""
    cc, region = COUNTRIES[incident % len(COUNTRIES)]
    etype, sub = KINDS[incident % len(KINDS)]
    doc = f"doc-{incident}-{report}"
    killed = rng.choice([None, None, 0, 1, 2, 5, 12])
    sentence = f"Report {report} tells of a gathering in town {incident}."
    return Event(
        event_id=f"men_{incident:07d}_{report}",
        event_date=START + dt.timedelta(days=incident % DAYS),
        date_end=None,
        date_precision="day",
        event_type=etype,
        sub_event_type=sub,
        plover=None,
        actor1=Actor("demonstrators", "protesters"),
        actor2=Actor("police", "state_forces"),
        location=Place(f"Town {incident}", None, cc, region, None, 0.0, 0.0, None, 1),
        fatalities=killed,
        figures=[Figure("killed", killed, killed, None, "exact", Span(doc, 0, 10))]
        if killed is not None
        else [],
        confidence=round(rng.uniform(0.2, 1.0), 3),
        evidence=[Evidence(doc, 0, len(sentence), sentence, None, "Example News", START)],
    )


def _rows(m: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = m.evidence[0].doc_id
    loc = m.location
    assert loc is not None
    document = {"doc_id": doc, "content_hash": doc, "text": m.evidence[0].text, "status": "processed",
                "ingested_at": dt.datetime.now(dt.UTC)}  # fmt: skip
    mention = {"mention_id": m.event_id, "doc_id": doc, "event_date": m.event_date,
               "sub_event_type": m.sub_event_type, "country_code": loc.country_code, "admin1": loc.admin1,
               "background": False, "record": m.to_dict()}  # fmt: skip
    return document, mention


def build_store(url: str, n_events: int, seed: int = 15) -> Store:
    """A store of ``n_events`` incidents (a third told by two reports), mentions stored, not fused."""
    rng = random.Random(seed)
    store = open_store(url)
    mentions = (synthetic_mention(i, r, rng) for i in range(n_events) for r in range(1 + (i % 3 == 0)))
    batch: list[Event] = []
    for m in mentions:
        batch.append(m)
        if len(batch) >= BATCH:
            _write(store, batch)
            batch = []
    _write(store, batch)
    return store


def _write(store: Store, batch: list[Event]) -> None:
    if not batch:
        return
    rows = [_rows(m) for m in batch]
    with store.begin() as conn:
        conn.execute(t.documents.insert(), [d for d, _ in rows])
        conn.execute(t.mentions.insert(), [m for _, m in rows])


def timed(fn: Callable[[], Any]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _two_report_events(store: Store) -> list[str]:
    em = t.event_mentions.c
    q = sa.select(em.event_id).group_by(em.event_id).having(sa.func.count() == 2).order_by(em.event_id)
    with store.begin() as conn:
        return [r[0] for r in conn.execute(q)]


def _members(store: Store, event_id: str) -> list[str]:
    em = t.event_mentions.c
    with store.begin() as conn:
        return [r[0] for r in conn.execute(sa.select(em.mention_id).where(em.event_id == event_id))]


def measure_actions(store: Store, n: int, rng: random.Random) -> dict[str, float]:
    """Actions per second of each kind, each kind on ``n`` events no action touched yet."""
    all_ids = [e.event_id for e in store.events(EventFilter(include_background=True))]
    pairs = _two_report_events(store)
    rng.shuffle(all_ids)
    rng.shuffle(pairs)
    splittable, pool = set(pairs[:n]), [e for e in all_ids if e not in set(pairs[:n])]
    picks = {kind: pool[i * n : (i + 1) * n] for i, kind in enumerate(("confirm", "correct", "reject"))}
    merge_ids = pool[3 * n : 5 * n]
    rates: dict[str, float] = {}
    rates["confirm"] = n / timed(lambda: [review.confirm(store, e, "bench") for e in picks["confirm"]])
    rates["correct"] = n / timed(
        lambda: [review.correct(store, e, {"fatalities": 3}, "bench", "a count") for e in picks["correct"]]
    )
    rates["reject"] = n / timed(
        lambda: [review.reject(store, e, "duplicate", "bench", "told twice") for e in picks["reject"]]
    )
    merges = list(zip(merge_ids[::2], merge_ids[1::2], strict=False))
    rates["merge"] = len(merges) / timed(
        lambda: [review.merge(store, list(p), "bench", "one") for p in merges]
    )
    splits = [(e, _members(store, e)[1]) for e in sorted(splittable)]
    rates["split"] = len(splits) / timed(
        lambda: [review.split(store, e, [m], "bench", "two incidents") for e, m in splits]
    )
    undone = [a.action_id for a in review.review_log(store) if a.action == "confirm"][: max(1, n // 10)]
    rates["undo"] = len(undone) / timed(lambda: [review.undo(store, a, "bench", "take back") for a in undone])
    return {k: round(v, 1) for k, v in rates.items()}


def review_events(store: Store, n: int, rng: random.Random) -> int:
    """Confirm or correct machine events until ``n`` events are reviewed; how many are."""
    flt = EventFilter(include_background=True, review_status="machine")
    machine = [e.event_id for e in store.events(flt)]
    have = store.count_events(EventFilter(include_background=True, reviewed_only=True))
    for event_id in rng.sample(machine, max(0, n - have)):
        review.correct(store, event_id, {"crowd_size": 200}, "bench", "a count")
    return store.count_events(EventFilter(include_background=True, reviewed_only=True))


def refuse_all(store: Store) -> float:
    """Seconds to re-fuse every block, as after new reports in every country."""
    countries = [cc for cc, _ in COUNTRIES]
    return round(timed(lambda: fuse_blocks(store, countries)), 2)


def queue_ms(store: Store) -> float:
    times = [timed(lambda: review.review_queue(store, 50)) for _ in range(20)]
    return round(statistics.median(times) * 1000, 1)


def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    began = time.perf_counter()
    store = build_store(url, args.events)
    build_s = time.perf_counter() - began
    full_s = timed(lambda: fuse_store(store))
    out: dict[str, Any] = {"events": store.count_events(EventFilter(include_background=True)),
                           "mentions": store.table_counts()["mentions"], "build_s": round(build_s, 1),
                           "first_fusion_s": round(full_s, 2)}  # fmt: skip
    out["refusion_s_none_reviewed"] = refuse_all(store)
    out["queue_ms_none_reviewed"] = queue_ms(store)
    out["actions_per_s"] = measure_actions(store, args.actions, rng)
    out["reviewed_events"] = review_events(store, args.reviewed, rng)
    out["log_rows"] = len(review.review_log(store))
    out["refusion_s_reviewed"] = refuse_all(store)
    out["queue_ms_reviewed"] = queue_ms(store)
    return out


def print_table(report: dict[str, Any]) -> None:
    r = report["result"]
    print(f"{r['events']:,} events from {r['mentions']:,} mentions (SQLite; built in {r['build_s']} s, "
          f"first fusion {r['first_fusion_s']} s); load average {report['load_average']} on "
          f"{report['cpus']} CPUs")  # fmt: skip
    print(f"  {'review action':<14} {'per second':>10}")
    for kind, rate in r["actions_per_s"].items():
        print(f"  {kind:<14} {rate:>10.1f}")
    reviewed = f"{r['reviewed_events']:,} ({r['log_rows']:,} log rows)"
    print(f"  re-fusion of every block: {r['refusion_s_none_reviewed']} s with no reviewed event, "
          f"{r['refusion_s_reviewed']} s with {reviewed}")  # fmt: skip
    print(f"  review queue (50 items): {r['queue_ms_none_reviewed']} ms with none reviewed, "
          f"{r['queue_ms_reviewed']} ms after")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--actions", type=int, default=200, help="actions timed per kind")
    ap.add_argument("--reviewed", type=int, default=1000, help="reviewed events for the second re-fusion")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--no-save", action="store_true", help="print only, leave results/review.json as it is")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cronica-bench-review-") as tmp:
        result = run(f"sqlite:///{Path(tmp) / 'review.db'}", args)
    report = {"result": result, "actions_each": args.actions, "python": platform.python_version(),
              "cpus": os.cpu_count(), "load_average": round(os.getloadavg()[0], 2)}  # fmt: skip
    print_table(report)
    if not args.no_save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
