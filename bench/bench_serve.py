"""How fast ``cronica serve`` answers 50 concurrent clients over a store of a million events.

Builds a synthetic store (SQLite, and PostgreSQL where ``initdb`` is installed:
a throw-away server as in tests/conftest.py), writing fused events straight
through ``Store.insert_events`` in large batches; serves it with ``cronica serve``
in a subprocess; then, from an asyncio client on 127.0.0.1 holding 50
connections, times each request kind: the event list (first page and a deep
keyset page), a filtered list, full-text search, the timeline by day and by
week, the admin-1 and actor-type aggregates, and the map at zoom 2, 6 and 10.
Prints a table of p50/p95/p99 and errors, and writes ``bench/results/serve.json``.

``first ms`` is the first request of each kind, alone: the server's cache of
aggregates, map grids and counts (``api_cache_s``, ``--cache-s`` here) does not
hold it yet, so it is the cost of the query itself. The 50-client figures that
follow are what a crowd of dashboards asking the same view gets.

The dashboard's first paint and a timeline drag are measured in headless
Chromium by ``bench/serve_browser.py`` (``measure_dashboard(base_url) -> dict``)
when that module exists; see :func:`dashboard_figures`.

    .venv/bin/python bench/bench_serve.py [--events 1000000] [--requests 500] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from cronica.model import Actor, Event, Evidence, Place
from cronica.store import open_store
from cronica.taxonomy import sub_event, sub_event_type_names

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "serve.json"
CLIENTS = 50
START = dt.date(2021, 1, 1)
DAYS = 1500
BATCH = 20_000
SQLITE_CACHE_KB = 1_000_000  # page cache of the connection that builds the store (about 1 GB)
# (town, region, country code, lat, lon): the events spread around these, up to ~3 degrees away
TOWNS = [
    ("Juliaca", "Puno", "PE", -15.5, -70.13),
    ("Cusco", "Cusco", "PE", -13.52, -71.97),
    ("Lima", "Lima", "PE", -12.04, -77.03),
    ("Arequipa", "Arequipa", "PE", -16.4, -71.54),
    ("La Paz", "La Paz", "BO", -16.5, -68.15),
    ("Quito", "Pichincha", "EC", -0.22, -78.51),
    ("Cali", "Valle del Cauca", "CO", 3.45, -76.53),
    ("Santiago", "Santiago Metropolitan", "CL", -33.45, -70.67),
    ("Nairobi", "Nairobi", "KE", -1.29, 36.82),
    ("Lagos", "Lagos", "NG", 6.45, 3.4),
    ("Dhaka", "Dhaka", "BD", 23.81, 90.41),
    ("Karachi", "Sindh", "PK", 24.86, 67.0),
    ("Colombo", "Western Province", "LK", 6.93, 79.86),
    ("Guadalajara", "Jalisco", "MX", 20.67, -103.35),
]
ACTORS = [
    ("demonstrators", "protesters"),
    ("teachers", "protesters"),
    ("miners", "protesters"),
    ("rioters", "rioters"),
    ("farmers", "protesters"),
    ("an armed gang", "political_militia"),
]
SECOND = [("police", "state_forces"), ("army", "state_forces"), ("residents", "civilians")]


def synthetic_event(i: int, rng: random.Random) -> Event:
    """The ``i``-th synthetic event: a random type, town, day, actors and toll (2% undated)."""
    sub = rng.choice(sub_event_type_names())
    town, region, cc, lat, lon = rng.choice(TOWNS)
    name, kind = rng.choice(ACTORS)
    second = rng.choice(SECOND) if rng.random() < 0.5 else None
    sentence = f"{name.capitalize()} gathered near {town} on a weekday ({i})."
    return Event(
        event_id=f"evt_{i:08d}",
        event_date=START + dt.timedelta(days=rng.randrange(DAYS)) if rng.random() > 0.02 else None,
        date_end=None,
        date_precision="day",
        event_type=sub_event(sub).event_type,
        sub_event_type=sub,
        plover=None,
        actor1=Actor(name, kind),
        actor2=Actor(*second) if second else None,
        location=Place(
            town, None, cc, region, None, lat + rng.gauss(0, 1.0), lon + rng.gauss(0, 1.0), None, 1
        ),
        fatalities=rng.choice([None, None, None, 0, 1, 2, 5]),
        injuries=rng.choice([None, None, 3, 10]),
        arrests=rng.choice([None, None, 1, 4]),
        tags=["march"] if rng.random() < 0.3 else [],
        background=rng.random() < 0.03,
        confidence=round(rng.uniform(0.2, 1.0), 3),
        evidence=[Evidence(f"doc-{i % 500}", 0, len(sentence), sentence, None, "Example News")],
    )


def build_store(url: str, n_events: int, seed: int = 16) -> float:
    """A store at ``url`` holding ``n_events`` fused events; the seconds it took."""
    began = time.perf_counter()
    rng = random.Random(seed)
    store = open_store(url)
    for start in range(0, n_events, BATCH):
        batch = [(synthetic_event(i, rng), ()) for i in range(start, min(start + BATCH, n_events))]
        with store.begin() as conn:
            if store.dialect == "sqlite":  # keep the growing indexes in memory while writing
                conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
            store.insert_events(conn, batch)
        print(f"  {min(start + BATCH, n_events):,} events written", file=sys.stderr, end="\r")
    if store.dialect == "postgresql":  # as autovacuum would soon; SQLite files rarely have statistics
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    store.engine.dispose()
    print(file=sys.stderr)
    return time.perf_counter() - began


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db_url: str, workers: int, cache_s: float) -> Iterator[str]:
    """``cronica serve`` over ``db_url`` in a subprocess; yields its base URL once it answers."""
    port = free_port()
    cmd = [sys.executable, "-c", "from cronica.cli import main; main()", "--db", db_url, "serve"]
    cmd += ["--port", str(port), "--workers", str(workers)]
    env = {**os.environ, "CRONICA_API_CACHE_S": str(cache_s)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"cronica serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/api/config", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("cronica serve did not answer within 60 s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def scenarios(base: str) -> list[tuple[str, str]]:
    """(name, path) of every request kind timed; the deep page's cursor is read from the server."""
    deep_at = int(httpx.get(f"{base}/api/events?limit=1", timeout=600).json()["total"] * 0.9)
    deep = httpx.get(f"{base}/api/events?limit=1&offset={deep_at}&count=false", timeout=600).json()
    window = "since=2022-03-01&until=2022-06-30"
    return [
        ("events, first page", "/api/events?limit=100"),
        (f"events, deep keyset page (~{deep_at:,})", f"/api/events?limit=100&cursor={deep['cursor']}"),
        ("events, filtered", f"/api/events?limit=100&country=PE&type=Protests&{window}"),
        ("events, one region newest first", "/api/events?limit=100&admin1=Puno&sort=-date"),
        ("search q=teachers juliaca", "/api/events?limit=100&q=teachers%20juliaca"),
        ("timeline by day", "/api/timeline"),
        ("timeline by week, one country", "/api/timeline?bucket=week&country=PE"),
        ("aggregate admin1", "/api/aggregates/admin1"),
        ("aggregate actor types", "/api/aggregates/actor-type"),
        ("map zoom 2 (world)", "/api/map?zoom=2&bbox=-180,-85,180,85"),
        ("map zoom 6 (Andes)", "/api/map?zoom=6&bbox=-85,-25,-60,5"),
        ("map zoom 10 (Puno)", "/api/map?zoom=10&bbox=-71.5,-16.5,-69.5,-15"),
    ]


async def _timed(client: httpx.AsyncClient, path: str, out: list[float], errors: list[str]) -> None:
    began = time.perf_counter()
    try:
        r = await client.get(path)
        if r.status_code != 200:
            errors.append(f"HTTP {r.status_code}: {r.text[:120]}")
    except httpx.HTTPError as exc:
        errors.append(f"{exc.__class__.__name__}: {exc}")
    out.append((time.perf_counter() - began) * 1000)


async def hammer(base: str, path: str, requests: int) -> dict[str, Any]:
    """``requests`` GETs of ``path`` from :data:`CLIENTS` concurrent connections; latency percentiles."""
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    latencies: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        began = time.perf_counter()  # alone, and the first: not served from the API's cache
        first = await client.get(path)
        first_ms = (time.perf_counter() - began) * 1000
        if first.status_code != 200:
            errors.append(f"HTTP {first.status_code}: {first.text[:120]}")

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                await _timed(client, path, latencies, errors)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        wall = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": requests,
        "first_ms": round(first_ms, 1),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "per_s": round(requests / wall, 1),
    }


def dashboard_figures(base_url: str) -> dict[str, Any]:
    """The dashboard's first paint and timeline drag, from ``bench/serve_browser.py`` if present.

    That module (written apart) defines ``measure_dashboard(base_url: str) -> dict``;
    without it the figures are skipped with the reason recorded.
    """
    path = HERE / "serve_browser.py"
    if not path.is_file():
        return {"skipped": "bench/serve_browser.py is not there"}
    spec = importlib.util.spec_from_file_location("serve_browser", path)
    if spec is None or spec.loader is None:
        return {"skipped": "bench/serve_browser.py cannot be loaded"}
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, Any] = module.measure_dashboard(base_url)
    return result


def run_backend(name: str, db_url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Build, serve and time one backend."""
    print(f"{name}: building {args.events:,} events", file=sys.stderr)
    built = build_store(db_url, args.events)
    rows = []
    with served(db_url, args.workers, args.cache_s) as base:
        for label, path in scenarios(base):
            row = {"request": label, "path": path, **asyncio.run(hammer(base, path, args.requests))}
            print(f"  {label:<40} p95 {row['p95_ms']:>8.1f} ms  errors {row['errors']}", file=sys.stderr)
            rows.append(row)
        dashboard = dashboard_figures(base) if not args.no_browser else {"skipped": "--no-browser"}
    return {"backend": name, "build_s": round(built, 1), "requests": rows, "dashboard": dashboard}


@contextmanager
def postgres_url() -> Iterator[str | None]:
    """A fresh database on a throw-away PostgreSQL server (bench_reliability's helper), or None."""
    sys.path.insert(0, str(HERE))
    from bench_reliability import postgres_server

    with postgres_server() as base:
        if base is None:
            yield None
            return
        import sqlalchemy as sa

        engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://") + "/postgres")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CREATE DATABASE bench_serve")
        engine.dispose()
        yield f"{base}/bench_serve"


def print_table(report: dict[str, Any]) -> None:
    print(
        f"{report['events']:,} events, {CLIENTS} concurrent clients, "
        f"{report['requests_each']} requests each, {report['workers']} server worker(s); "
        f"load average {report['load_average']} on {report['cpus']} CPUs"
    )
    for backend in report["backends"]:
        if "skipped" in backend:
            print(f"{backend['backend']}: skipped ({backend['skipped']})")
            continue
        print(f"{backend['backend']} (built in {backend['build_s']} s)")
        print(
            f"  {'request':<42} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} "
            f"{'errors':>6}"
        )
        for r in backend["requests"]:
            print(
                f"  {r['request']:<42} {r['first_ms']:>9.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                f"{r['p99_ms']:>8.1f} {r['per_s']:>7.1f} {r['errors']:>6}"
            )
        print(f"  dashboard: {json.dumps(backend['dashboard'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=500, help="requests per request kind")
    ap.add_argument("--workers", type=int, default=2, help="server processes (cronica serve --workers)")
    ap.add_argument("--cache-s", type=float, default=10.0, help="the server's api_cache_s (0: no cache)")
    ap.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    ap.add_argument("--no-browser", action="store_true", help="leave out the dashboard figures")
    ap.add_argument("--no-save", action="store_true", help="print only, leave results/serve.json as it is")
    args = ap.parse_args()
    backends = []
    with tempfile.TemporaryDirectory(prefix="cronica-bench-serve-") as tmp:
        if args.backend in ("both", "sqlite"):
            backends.append(run_backend("SQLite", f"sqlite:///{Path(tmp) / 'serve.db'}", args))
        if args.backend in ("both", "postgresql"):
            with postgres_url() as pg:
                if pg is None:
                    backends.append({"backend": "PostgreSQL", "skipped": "initdb is not installed"})
                else:
                    backends.append(run_backend("PostgreSQL", pg, args))
    report = {
        "events": args.events,
        "clients": CLIENTS,
        "requests_each": args.requests,
        "workers": args.workers,
        "cache_s": args.cache_s,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),  # other work on the machine slows every figure
        "backends": backends,
    }
    print_table(report)
    if not args.no_save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
