"""How fast the REST API answers over a store of 50,000 events.

Builds a synthetic SQLite store in a temporary folder (events written through
``Store.insert_events``, running totals through ``Store.save_results``), then
times each endpoint through FastAPI's test client (no network): the median of a
few calls after one warm-up call. Writes ``bench/results/api.json`` and prints a table.

    .venv/bin/python bench/bench_api.py [--events 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.model import Actor, Document, Event, Evidence, Figure, Place, Quote, Span, Tally
from cronica.store import open_store
from cronica.taxonomy import sub_event, sub_event_type_names

RESULTS = Path(__file__).resolve().parent / "results" / "api.json"
START = dt.date(2021, 1, 1)
DAYS = 1000
# (town, region, country code, lat, lon): places the synthetic events happen at
TOWNS = [
    ("Juliaca", "Puno", "PE", -15.5, -70.13),
    ("Cusco", "Cusco", "PE", -13.52, -71.97),
    ("Lima", "Lima", "PE", -12.04, -77.03),
    ("La Paz", "La Paz", "BO", -16.5, -68.15),
    ("Quito", "Pichincha", "EC", -0.22, -78.51),
    ("Cali", "Valle del Cauca", "CO", 3.45, -76.53),
    ("Nairobi", "Nairobi", "KE", -1.29, 36.82),
    ("Lagos", "Lagos", "NG", 6.45, 3.4),
    ("Dhaka", "Dhaka", "BD", 23.81, 90.41),
    ("Karachi", "Sindh", "PK", 24.86, 67.0),
]
ACTORS = ["demonstrators", "teachers", "miners", "farmers", "students", "transport workers"]
POLICE = Actor("police", "state_forces")
DOCS = 200  # the reports that the events and totals cite


def _event(i: int, rng: random.Random) -> Event:
    sub = rng.choice(sub_event_type_names())
    town, region, cc, lat, lon = rng.choice(TOWNS)
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    doc = f"doc-{i % DOCS}"
    sentence = f"{rng.choice(ACTORS).capitalize()} gathered in {town} on a weekday ({i})."
    killed = rng.choice([None, None, None, 0, 1, 2, 5])
    figures = [Figure("killed", killed, None, None, "exact", Span(doc, 0, 10))] if killed else []
    return Event(
        event_id=f"evt_{i:08d}",
        event_date=day if rng.random() > 0.02 else None,
        date_end=None,
        date_precision="day",
        event_type=sub_event(sub).event_type,
        sub_event_type=sub,
        plover=None,
        actor1=Actor(rng.choice(ACTORS), "protesters"),
        actor2=POLICE if rng.random() < 0.4 else None,
        location=Place(town, None, cc, region, None, lat + rng.uniform(-0.2, 0.2), lon, None, 1),
        fatalities=killed,
        injuries=rng.choice([None, None, 3, 10]),
        arrests=rng.choice([None, None, 1, 4]),
        figures=figures,
        tags=["march"] if rng.random() < 0.3 else [],
        background=rng.random() < 0.03,
        confidence=round(rng.uniform(0.2, 1.0), 3),
        evidence=[Evidence(doc, 0, len(sentence), sentence, f"https://news.example.org/{i}", "Example News")],
    )


def _tallies(doc: str, rng: random.Random) -> list[Tally]:
    out = []
    for k in range(10):
        kind = rng.choice(["killed", "injured", "arrested"])
        cc = rng.choice(TOWNS)[2]
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        words = f"the toll reached {rng.randrange(10, 900)}"
        out.append(
            Tally(kind, rng.randrange(10, 900), "exact", "people", day, cc, Quote(doc, k, k + 5, words))
        )
    return out


def build_store(url: str, n_events: int, seed: int = 14) -> None:
    """A store at ``url`` with ``n_events`` fused events and 10 running totals per report."""
    rng = random.Random(seed)
    store = open_store(url)
    with store.begin() as conn:
        for d in range(DOCS):
            text = f"Report number {d} on the protests of the week, with a running toll."
            store.add_document(Document(f"doc-{d}", text, origin=f"synthetic:{d}"), conn)
            store.save_results(f"doc-{d}", [], _tallies(f"doc-{d}", rng), conn)
    events = [(_event(i, rng), ()) for i in range(n_events)]
    with store.begin() as conn:
        store.insert_events(conn, events)
    store.engine.dispose()


ENDPOINTS = [
    ("events", "/api/events"),
    ("events, one country, newest first", "/api/events?country=PE&sort=-date"),
    ("events, deadliest first", "/api/events?sort=fatalities"),
    ("search", "/api/events?q=teachers%20juliaca"),
    ("timeline", "/api/timeline"),
    ("timeline, one country", "/api/timeline?country=PE"),
    ("tallies", "/api/tallies"),
    ("tallies, one country and kind", "/api/tallies?country=PE&kind=killed"),
    ("facets", "/api/facets"),
    ("geojson (capped page)", "/api/events.geojson"),
    ("export csv (capped page)", "/api/export?format=csv"),
]


def time_endpoints(client: TestClient, repeat: int) -> list[dict[str, Any]]:
    """p50 (and max) of ``repeat`` calls to each endpoint, after one warm-up call.

    ``p50_cpu_ms`` is the CPU time of the process (the test client runs the app in
    it): unlike the wall time, other work on the machine does not inflate it.
    """
    rows = []
    for name, path in ENDPOINTS:
        client.get(path)
        wall, cpu, size = [], [], 0
        for _ in range(repeat):
            began, began_cpu = time.perf_counter(), time.process_time()
            r = client.get(path)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{path}: HTTP {r.status_code}: {r.text[:200]}")
            size = len(r.content)
        rows.append(
            {
                "endpoint": name,
                "path": path,
                "p50_ms": round(statistics.median(wall), 1),
                "max_ms": round(max(wall), 1),
                "p50_cpu_ms": round(statistics.median(cpu), 1),
                "bytes": size,
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-save", action="store_true", help="print only, leave results/api.json as it is")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cronica-bench-api-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'api.db'}"
        began = time.perf_counter()
        build_store(url, args.events)
        built = time.perf_counter() - began
        client = TestClient(create_app(url, min_confidence=0.0))
        rows = time_endpoints(client, args.repeat)
    report = {
        "events": args.events,
        "repeat": args.repeat,
        "backend": "sqlite",
        "build_s": round(built, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        # other work on the machine slows every figure: the 1-minute load average at the end
        "load_average": round(os.getloadavg()[0], 2),
        "machine": platform.machine(),
        "endpoints": rows,
    }
    print(
        f"{args.events:,} events (store built in {built:.1f} s); median of {args.repeat} calls; "
        f"load average {report['load_average']} on {report['cpus']} CPUs"
    )
    print(f"{'endpoint':<36} {'p50 ms':>9} {'max ms':>9} {'p50 CPU ms':>11} {'bytes':>11}")
    for row in rows:
        print(
            f"{row['endpoint']:<36} {row['p50_ms']:>9.1f} {row['max_ms']:>9.1f} "
            f"{row['p50_cpu_ms']:>11.1f} {row['bytes']:>11,}"
        )
    if not args.no_save:
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
