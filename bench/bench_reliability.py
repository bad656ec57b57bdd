"""RELIABILITY.md from one command: hostile inputs, SIGKILL survival, API load and security tests.

    .venv/bin/python bench/bench_reliability.py                 # reads bench/results/fuzz.json
    .venv/bin/python bench/bench_reliability.py --fuzz-n 100000 # runs bench/bench_fuzz.py first
    .venv/bin/python bench/bench_reliability.py --quick         # fewer kills, shorter load

1. Hostile inputs: the summary of bench/bench_fuzz.py (its JSON, or a fresh run with --fuzz-n).
2. SIGKILL: a synthetic corpus (bench/synth.py) is ingested and processed once without
   interruption; then, for each trial, ``cronica ingest`` or ``cronica process`` is killed with
   SIGKILL at a random moment (fixed seed; half the moments near the end, where fusion runs), the
   command is run again to completion, and the documents and events are compared with the
   uninterrupted run: lost, duplicated, extra, and runs left ``running``. On SQLite, and on
   PostgreSQL when ``initdb`` is installed (a throw-away server, as in tests/conftest.py).
3. API load: ``cronica serve`` as a subprocess over ~50,000 synthetic events, pinned to one core;
   the client in another process pinned to the other core (os.sched_setaffinity), 1, 50 and 200
   concurrent clients: requests per second, p50/p95/p99 latency, errors.
4. Security: what each test tried and what happened (SSRF targets, XXE and billion laughs, SQL
   injection, path traversal, markup in stored text, security headers, LIKE wildcards, CORS).

Writes RELIABILITY.md and bench/results/reliability.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.server
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

RESULTS = HERE / "results" / "reliability.json"
FUZZ_RESULTS = HERE / "results" / "fuzz.json"
REPORT = REPO / "RELIABILITY.md"
CRONICA = [sys.executable, "-m", "cronica.cli"]


# -- helpers ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cronica(db: str, *args: str, config: Path | None = None) -> list[str]:
    """The command line of ``cronica --db DB [--config C] ARGS``."""
    return [*CRONICA, "--db", db, *(["--config", str(config)] if config else []), "-q", *args]


def run_cmd(cmd: list[str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=child_env())


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            names = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# -- 1. hostile inputs ---------------------------------------------------------------------------
def fuzz_section(n: int | None) -> dict[str, Any]:
    """bench_fuzz's summary: a fresh run of ``n`` inputs, or the JSON it wrote last."""
    if n is not None:
        proc = subprocess.run(
            [
                sys.executable,
                str(HERE / "bench_fuzz.py"),
                "--n",
                str(n),
                "--quiet",
                "--out",
                str(FUZZ_RESULTS),
            ],
            cwd=REPO,
            env=child_env(),
        )
        if proc.returncode != 0:
            raise SystemExit(f"bench_fuzz.py failed with exit code {proc.returncode}")
    if not FUZZ_RESULTS.is_file():
        raise SystemExit(f"{FUZZ_RESULTS} is missing: run with --fuzz-n N (or bench/bench_fuzz.py) first")
    data: dict[str, Any] = json.loads(FUZZ_RESULTS.read_text(encoding="utf-8"))
    data["source"] = "this run" if n is not None else f"{FUZZ_RESULTS.relative_to(REPO)} ({data.get('date')})"
    return data


# -- 2. SIGKILL survival --------------------------------------------------------------------------
@contextmanager
def postgres_server() -> Iterator[str | None]:
    """A throw-away PostgreSQL server (base URL), or None where initdb is not installed: the one the
    tests use (tests/pg_throwaway.py)."""
    sys.path.insert(0, str(REPO / "tests"))
    from pg_throwaway import pg_bin, throwaway_postgres

    binaries = pg_bin()
    if binaries is None:
        yield None
        return
    with throwaway_postgres(binaries) as url:
        yield url


class Backend:
    """Fresh databases on SQLite files or on one PostgreSQL server, and copies of them."""

    def __init__(self, name: str, workdir: Path, pg_base: str | None = None) -> None:
        self.name, self.workdir, self.pg_base = name, workdir, pg_base
        self.n = 0

    def fresh(self, template: str | None = None) -> str:
        self.n += 1
        if self.pg_base is None:
            path = self.workdir / f"k{self.n}.db"
            if template:
                shutil.copy(template[len("sqlite:///") :], path)
            return f"sqlite:///{path}"
        import sqlalchemy as sa

        name = f"k{self.n}_{os.getpid()}"
        engine = sa.create_engine(
            self.pg_base.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
            isolation_level="AUTOCOMMIT",
        )
        with engine.connect() as conn:
            tmpl = f" TEMPLATE {template.rsplit('/', 1)[1]}" if template else ""
            conn.execute(sa.text(f"CREATE DATABASE {name}{tmpl}"))
        engine.dispose()
        return f"{self.pg_base}/{name}"


def snapshot(url: str) -> dict[str, Any]:
    """What a run leaves: documents, mentions and events (ids, with repeats), and runs by status."""
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        for table, key in (("documents", "doc_id"), ("mentions", "mention_id"), ("events", "event_id")):
            out[table] = [r[0] for r in conn.execute(sa.text(f"SELECT {key} FROM {table}"))]
        out["doc_status"] = dict(
            conn.execute(sa.text("SELECT status, count(*) FROM documents GROUP BY status")).all()
        )
        out["runs"] = dict(conn.execute(sa.text("SELECT status, count(*) FROM runs GROUP BY status")).all())
    engine.dispose()
    return out


def compare(base: dict[str, Any], got: dict[str, Any]) -> dict[str, int]:
    """Lost, duplicated and extra documents and events of ``got`` against the uninterrupted ``base``."""
    out: dict[str, int] = {}
    for table in ("documents", "events"):
        want, have = set(base[table]), got[table]
        out[f"{table}_lost"] = len(want - set(have))
        out[f"{table}_duplicated"] = len(have) - len(set(have))
        out[f"{table}_extra"] = len(set(have) - want)
    out["runs_left_running"] = int(got["runs"].get("running", 0))
    return out


def kill_at(cmd: list[str], delay: float) -> str:
    """Start ``cmd``, SIGKILL it after ``delay`` seconds; where it was (killed, or finished before)."""
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        proc.wait(timeout=delay)
        return "finished before the kill"
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return "killed"


def kill_when_stored(cmd: list[str], url: str, timeout: float) -> str:
    """Start ``process``; SIGKILL it as soon as no document is pending (its results stored: fusion runs)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    query = sa.text("SELECT count(*) FROM documents WHERE status = 'pending'")
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    end = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < end:
            with engine.connect() as conn:
                if conn.execute(query).scalar_one() == 0:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    return "killed once every document was stored"
            time.sleep(0.01)
        return "finished before the kill" if proc.poll() is not None else "no progress before the timeout"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        engine.dispose()


def write_corpus(folder: Path, docs: int) -> None:
    import synth

    synth.write_corpus(folder, docs, shard_size=max(1, docs // 6), seed=31)


def kill_trials(backend: Backend, corpus: Path, config: Path, trials: int, seed: int) -> dict[str, Any]:
    """The uninterrupted run, then ``trials`` killed ingests and ``trials`` killed processes."""
    rng = random.Random(seed)
    base_url = backend.fresh()
    t0 = time.monotonic()
    run_cmd(cronica(base_url, "ingest", str(corpus), config=config))
    t_ingest = time.monotonic() - t0
    ingested = backend.fresh(template=base_url)  # a copy, before process: the start of process trials
    t0 = time.monotonic()
    run_cmd(cronica(base_url, "process", config=config))
    t_process = time.monotonic() - t0
    base = snapshot(base_url)
    results: list[dict[str, Any]] = []
    for command, duration in (("ingest", t_ingest), ("process", t_process)):
        for i in range(trials):
            near_end = i % 2 == 1
            delay = duration * (rng.uniform(0.8, 1.0) if near_end else rng.uniform(0.05, 1.0))
            url = backend.fresh() if command == "ingest" else backend.fresh(template=ingested)
            where = kill_at(
                cronica(url, command, *([str(corpus)] if command == "ingest" else []), config=config), delay
            )
            if command == "ingest":
                run_cmd(cronica(url, "ingest", str(corpus), config=config))
            run_cmd(cronica(url, "process", config=config))
            results.append(
                {
                    "command": command,
                    "kill_after_s": round(delay, 2),
                    "outcome": where,
                    **compare(base, snapshot(url)),
                }
            )
    url = backend.fresh(template=ingested)
    where = kill_when_stored(cronica(url, "process", config=config), url, t_process * 3 + 60)
    run_cmd(cronica(url, "process", config=config))
    results.append(
        {
            "command": "process (during fusion)",
            "kill_after_s": "-",
            "outcome": where,
            **compare(base, snapshot(url)),
        }
    )
    return {
        "backend": backend.name,
        "documents": len(base["documents"]),
        "events": len(base["events"]),
        "uninterrupted_ingest_s": round(t_ingest, 1),
        "uninterrupted_process_s": round(t_process, 1),
        "trials": results,
    }


def sigkill_section(trials: int, docs: int, seed: int) -> list[dict[str, Any]]:
    out = []
    with tempfile.TemporaryDirectory(prefix="cronica-kill-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        write_corpus(corpus, docs)
        config = work / "settings.toml"
        config.write_text("batch_size = 4\n", encoding="utf-8")  # many small commits to land a kill in
        out.append(kill_trials(Backend("SQLite", work), corpus, config, trials, seed))
        with postgres_server() as pg:
            if pg is None:
                out.append({"backend": "PostgreSQL", "skipped": "initdb is not installed"})
            else:
                out.append(kill_trials(Backend("PostgreSQL", work, pg), corpus, config, trials, seed))
    return out


# -- 3. API load ----------------------------------------------------------------------------------
PLACES = [
    ("Juliaca", "Peru", "PE", "Puno", -15.5, -70.13),
    ("Lima", "Peru", "PE", "Lima", -12.04, -77.03),
    ("Cusco", "Peru", "PE", "Cusco", -13.52, -71.97),
    ("La Paz", "Bolivia", "BO", "La Paz", -16.5, -68.15),
    ("Quito", "Ecuador", "EC", "Pichincha", -0.22, -78.51),
    ("Cali", "Colombia", "CO", "Valle del Cauca", 3.44, -76.52),
    ("Nairobi", "Kenya", "KE", "Nairobi", -1.29, 36.82),
    ("Dhaka", "Bangladesh", "BD", "Dhaka", 23.81, 90.41),
]
KINDS = [
    ("Protests", "Peaceful protest", "marched peacefully through"),
    ("Protests", "Protest with intervention", "were dispersed with tear gas in"),
    ("Protests", "Excessive force against protesters", "were shot at by police in"),
    ("Riots", "Violent demonstration", "burned tyres and threw stones in"),
    ("Violence against civilians", "Attack", "were attacked by gunmen in"),
    ("Strategic developments", "Arrests", "were detained by police in"),
]


EVENTS_PER_DOCUMENT = 10  # a digest-like report: fewer, longer documents make the store quick to build


def synthetic_events(n: int, seed: int = 5) -> Iterator[tuple[Any, list[Any]]]:
    """Made-up reports, each with the mentions of its ``EVENTS_PER_DOCUMENT`` events: ``n`` events in all."""
    from cronica.model import Document

    rng = random.Random(seed)
    for first in range(0, n, EVENTS_PER_DOCUMENT):
        doc_id = f"ld-{first:07d}"
        picks = [_event_parts(rng) for _ in range(min(EVENTS_PER_DOCUMENT, n - first))]
        sentences = [p["sentence"] for p in picks]
        text = " ".join(sentences)
        doc = Document(
            doc_id,
            text,
            f"Digest {first}",
            f"https://example.org/{first}",
            "Load Wire",
            picks[0]["day"],
            "en",
        )
        offset, events = 0, []
        for k, parts in enumerate(picks):
            events.append(_event(doc, f"{doc_id}_{k}", parts, offset))
            offset += len(parts["sentence"]) + 1
        yield doc, events


def _event_parts(rng: random.Random) -> dict[str, Any]:
    name, country, cc, admin1, lat, lon = rng.choice(PLACES)
    etype, sub, verb = rng.choice(KINDS)
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
    count = rng.randint(100, 999)
    return {
        "place": (name, country, cc, admin1, lat + rng.uniform(-0.2, 0.2), lon),
        "etype": etype,
        "sub": sub,
        "day": day,
        "count": count,
        "police": rng.random() < 0.5,
        "killed": rng.choice([None, None, 0, 1, 3]),
        "confidence": round(rng.uniform(0.3, 1.0), 3),
        "sentence": f"On {day:%B %d, %Y}, {count} demonstrators {verb} {name}, witnesses said.",
    }


def _event(doc: Any, mention_id: str, p: dict[str, Any], offset: int) -> Any:
    from cronica.model import Actor, Event, Evidence, Figure, Place, Span

    name, country, cc, admin1, lat, lon = p["place"]
    at = offset + p["sentence"].index(str(p["count"]))
    return Event(
        event_id=f"men_{mention_id}",
        event_date=p["day"],
        date_end=None,
        date_precision="day",
        event_type=p["etype"],
        sub_event_type=p["sub"],
        plover="PROTEST",
        actor1=Actor("demonstrators", "protesters"),
        actor2=Actor("police", "state_forces") if p["police"] else None,
        location=Place(name, country, cc, admin1, None, lat, lon, None, 1),
        fatalities=p["killed"],
        figures=[Figure("crowd", p["count"], p["count"], p["count"], "exact", Span(doc.doc_id, at, at + 3))],
        tags=["march"],
        confidence=p["confidence"],
        evidence=[
            Evidence(
                doc.doc_id, offset, offset + len(p["sentence"]), p["sentence"], doc.url, doc.source, p["day"]
            )
        ],
    )


def build_load_store(url: str, n: int) -> None:
    """A store of ``n`` events with their documents and mentions (each mention its own event)."""
    from cronica.store import open_store

    store = open_store(url)
    reports = list(synthetic_events(n))
    for i in range(0, len(reports), 500):
        with store.begin() as conn:
            for doc, events in reports[i : i + 500]:
                store.add_document(doc, conn)
                store.save_results(doc.doc_id, events, [], conn)
    store.replace_events([(e, [e.event_id]) for _, events in reports for e in events])
    store.engine.dispose()


LOAD_PATHS = (
    "/api/events",
    "/api/events?country=PE&limit=50",
    "/api/events?q=tear%20gas",
    "/api/events?since=2021-01-01&until=2021-06-30&sort=-date",
    "/api/events.geojson?limit=500",
    "/api/timeline?country=BO",
    "/api/events/men_ld-0000040_2",
)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def one(k: int) -> None:
            i = k
            while time.monotonic() < deadline:
                path = LOAD_PATHS[i % len(LOAD_PATHS)]
                i += clients
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                latencies.append(time.perf_counter() - t)
                statuses[key] = statuses.get(key, 0) + 1

        t0 = time.monotonic()
        await asyncio.gather(*(one(k) for k in range(clients)))
        wall = time.monotonic() - t0
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "statuses": statuses,
        "server_errors": sum(v for k, v in statuses.items() if k.startswith("5")),
    }


def load_client(base: str, clients: int, seconds: float, core: int | None) -> dict[str, Any]:
    """The load client, run in this (child) process, pinned to ``core`` where the OS allows."""
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    return asyncio.run(_load(base, clients, seconds))


def _wait_for(url: str, timeout: float) -> None:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"cronica serve did not answer {url} within {timeout:.0f} s")


def load_section(events: int, levels: list[int], seconds: float) -> dict[str, Any]:
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    server_core, client_core = (cores[0], cores[1]) if len(cores) >= 2 else (None, None)
    with tempfile.TemporaryDirectory(prefix="cronica-load-") as tmp:
        url = f"sqlite:///{tmp}/load.db"
        t0 = time.monotonic()
        build_load_store(url, events)
        build_s = time.monotonic() - t0
        port = free_port()
        pin = (
            ["taskset", "-c", str(server_core)] if server_core is not None and shutil.which("taskset") else []
        )
        server = subprocess.Popen(
            [*pin, *cronica(url, "serve", "--port", str(port))],
            cwd=REPO,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base + "/api/config", 120)
            runs = [_client_process(base, c, seconds, client_core) for c in levels]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return {
        "events": events,
        "store_build_s": round(build_s, 1),
        "server_core": server_core,
        "client_core": client_core,
        "paths": list(LOAD_PATHS),
        "levels": runs,
    }


def _client_process(base: str, clients: int, seconds: float, core: int | None) -> dict[str, Any]:
    """One load level in a separate process (the client must not share the server's interpreter)."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import bench_reliability as b; "
        "print(json.dumps(b.load_client(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), "
        "None if sys.argv[5] == '-' else int(sys.argv[5]))))"
    )
    args = [str(HERE), base, str(clients), str(seconds), "-" if core is None else str(core)]
    proc = run_cmd([sys.executable, "-c", code, *args], timeout=seconds * 4 + 300)
    if proc.returncode != 0:
        return {"clients": clients, "error": proc.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# -- 4. security ----------------------------------------------------------------------------------
class _Recorder(http.server.BaseHTTPRequestHandler):
    """A local web server that records every hit and answers with a feed or a redirect."""

    hits: list[str] = []  # noqa: RUF012  (shared by the handler instances of one server)

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path.startswith("/redirect-ftp"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")
            self.end_headers()
            return
        if self.path.startswith("/redirect-metadata"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        body = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>internal</title><item><title>t</title>'
            b"<description>INTERNAL-SECRET police detained 3 people in Lima.</description></item>"
            b"</channel></rss>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@contextmanager
def guarded_connects(allowed: tuple[str, int] | None) -> Iterator[list[tuple[Any, ...]]]:
    """Record every outgoing connection; refuse all but ``allowed`` (nothing internal is ever reached).

    The list it yields fills with the addresses that cronica tried to connect to: a fetch that
    cronica refuses itself tries none.
    """
    attempts: list[tuple[Any, ...]] = []
    original = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        attempts.append(tuple(address) if isinstance(address, tuple) else (address,))
        if allowed is not None and tuple(address)[:2] == allowed:
            original(sock, address)
            return
        raise ConnectionRefusedError(f"blocked by bench_reliability: {address}")

    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]


def _fetch(url: str) -> str:
    """What ``read_sources([url])`` gave: documents, failure reasons, or an exception."""
    from cronica.sources import Failure, read_sources

    try:
        out = list(read_sources([url]))
    except Exception as exc:
        return f"exception {type(exc).__name__}: {exc}"
    return "; ".join(
        f"failure: {o.reason}" if isinstance(o, Failure) else f"document of {len(o.text)} chars" for o in out
    )


def ssrf_tests() -> list[dict[str, Any]]:
    """Internal addresses and odd schemes, directly and behind redirects: refused before any connection.

    Every connection is recorded and blocked (a redirect test lets through only its first hop, a
    local server that answers with the redirect), so the test reaches nothing even where cronica
    would have fetched.
    """
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    direct = [
        ("loopback", f"http://127.0.0.1:{port}/feed.xml"),
        ("localhost name", f"http://localhost:{port}/feed.xml"),
        ("loopback, decimal form", f"http://2130706433:{port}/feed.xml"),
        ("IPv6 loopback", f"http://[::1]:{port}/feed.xml"),
        ("unspecified 0.0.0.0", f"http://0.0.0.0:{port}/feed.xml"),
        ("cloud metadata 169.254.169.254", "http://169.254.169.254/latest/meta-data/"),
        ("private 10.0.0.1", "http://10.0.0.1/"),
        ("private 192.168.0.1", "http://192.168.0.1/"),
        ("file:// scheme", "file:///etc/passwd"),
    ]
    redirects = [
        ("redirect to ftp://", f"http://127.0.0.1:{port}/redirect-ftp"),
        ("redirect to the metadata address", f"http://127.0.0.1:{port}/redirect-metadata"),
    ]
    out = []
    for name, url, allowed in [(n, u, None) for n, u in direct] + [
        (n, u, ("127.0.0.1", port)) for n, u in redirects
    ]:
        t0 = time.monotonic()
        with guarded_connects(allowed) as attempts:
            what = _fetch(url)
        beyond = [a for a in attempts if allowed is None or a[:2] != allowed]
        out.append(
            {
                "test": f"SSRF: {name}",
                "tried": url,
                "result": what[:160]
                + (f" (connections tried: {beyond})" if beyond else " (no connection tried)"),
                "seconds": round(time.monotonic() - t0, 1),
                "pass": what.startswith("failure") and not beyond,
            }
        )
    server.shutdown()
    return out


def xml_tests(workdir: Path) -> list[dict[str, Any]]:
    """XXE (an external entity naming a local file) and billion laughs (entities expanding to 3 GB)."""
    import resource

    from cronica.model import Document
    from cronica.sources import read_bytes

    secret = workdir / "secret.txt"
    secret.write_text("XXE-SECRET-MARKER", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
        "<description>Police detained 4 people in Lima. &x;</description></item></channel></rss>"
    ).encode()
    levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lollollol">{levels}]>'
        '<rss version="2.0"><channel><title>&l9;</title><item><title>t</title>'
        "<description>Police detained 4 people in Lima. &l9;</description></item></channel></rss>"
    ).encode()
    out = []
    for name, data, tried in (
        ("XXE", xxe, "an RSS feed whose entity reads a local file"),
        ("billion laughs", laughs, "an RSS feed whose entities expand to 3 GB"),
    ):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.monotonic()
        try:
            docs = [o for o in read_bytes(data, "feed.xml", "feed.xml") if isinstance(o, Document)]
            text = " ".join(d.text + (d.title or "") + (d.source or "") for d in docs)
            result = f"{len(docs)} documents, {len(text):,} characters"
            ok = "XXE-SECRET-MARKER" not in text and len(text) < 100_000
        except Exception as exc:
            result, ok = f"exception {type(exc).__name__}: {exc}", False
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        seconds = time.monotonic() - t0
        out.append(
            {
                "test": name,
                "tried": tried,
                "result": f"{result} in {seconds:.1f} s, memory peak grew {grown:.0f} MB",
                "pass": ok and seconds < 10 and grown < 200,
            }
        )
    return out


def api_tests(workdir: Path) -> list[dict[str, Any]]:
    """SQL injection, path traversal, markup, headers, wildcards and CORS against the API."""
    from fastapi.testclient import TestClient

    from cronica.api import create_app
    from cronica.model import Actor

    url = f"sqlite:///{workdir}/sec.db"
    build_load_store(url, 200)
    _store_markup(url, Actor('<script>alert("x")</script>', "protesters"))
    api = TestClient(create_app(url), raise_server_exceptions=False)
    return [
        _sql_injection(api, url),
        _traversal(api),
        _markup(api),
        _headers(api),
        _wildcards(api),
        _cors(api),
    ]


def _store_markup(url: str, actor: Any) -> None:
    from dataclasses import replace

    from cronica.store import open_store

    store = open_store(url)
    events = store.events()
    first = replace(events[0], actor1=actor)
    store.replace_events([(first, [first.event_id]), *((e, [e.event_id]) for e in events[1:])])
    store.engine.dispose()


def _table_counts(url: str) -> dict[str, int]:
    from cronica.store import open_store

    store = open_store(url)
    counts = store.table_counts()
    store.engine.dispose()
    return counts


INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "x') UNION SELECT record FROM events --",
    "1; DELETE FROM documents",
)


def _sql_injection(api: Any, url: str) -> dict[str, Any]:
    """Every payload in every query parameter of every GET route the API's schema lists."""
    from cronica.api.surface import query_routes

    before = _table_counts(url)
    statuses: dict[int, int] = {}
    routes = query_routes(api.app)
    pairs = [(path, param) for path, params in routes.items() for param in params]
    for path, param in pairs:
        for value in INJECTIONS:
            code = api.get(path, params={param: value}).status_code
            statuses[code] = statuses.get(code, 0) + 1
    same = _table_counts(url) == before
    return {
        "test": "SQL injection",
        "tried": f"{len(INJECTIONS)} payloads x {len(pairs)} parameters of {len(routes)} endpoints",
        "result": f"statuses {dict(sorted(statuses.items()))}; "
        f"stored rows {'unchanged' if same else 'CHANGED'}",
        "pass": same and 500 not in statuses,
    }


def _traversal(api: Any) -> dict[str, Any]:
    paths = (
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/js/..%2f..%2f..%2f..%2fpyproject.toml",
        "/api/events/..%2F..%2F..%2Fetc%2Fpasswd",
        "/..%5c..%5c..%5cetc%5cpasswd",
    )
    leaks, statuses = [], []
    for p in paths:
        r = api.get(p)
        statuses.append(r.status_code)
        if "root:" in r.text or "[build-system]" in r.text:
            leaks.append(p)
    return {
        "test": "path traversal",
        "tried": ", ".join(paths),
        "result": f"statuses {statuses}; files leaked: {leaks or 'none'}",
        "pass": not leaks and 500 not in statuses,
    }


def _markup(api: Any) -> dict[str, Any]:
    r = api.get("/api/events", params={"limit": 5000, "background": "true"})
    ctype = r.headers.get("content-type", "")
    csp = r.headers.get("content-security-policy", "")
    ok = ctype.startswith("application/json") and "script-src 'self'" in csp and "<script>" in r.text
    return {
        "test": "markup in stored text (XSS)",
        "tried": 'an actor named <script>alert("x")</script> served through /api/events',
        "result": f"served as {ctype} (data, not HTML) under CSP script-src 'self'; the dashboard's "
        "rendering as text is checked by tests/web",
        "pass": ok,
    }


def _headers(api: Any) -> dict[str, Any]:
    wanted = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
    paths = (
        "/api/events",
        "/api/events?limit=0",
        "/api/events/nope",
        "/api/events.geojson?limit=9223372036854775808",
        "/api/nowhere",
        "/",
    )
    missing = {}
    for p in paths:
        r = api.get(p)
        lacking = [h for h in wanted if h not in r.headers]
        if lacking:
            missing[f"{p} ({r.status_code})"] = lacking
    return {
        "test": "security headers on every response, errors included",
        "tried": ", ".join(paths),
        "result": f"missing: {missing}" if missing else "all four headers on every response",
        "pass": not missing,
    }


def _wildcards(api: Any) -> dict[str, Any]:
    totals = {}
    for param in ("admin1", "actor", "q"):
        for value in ("%", "_"):
            r = api.get("/api/events", params={param: value})
            totals[f"{param}={value}"] = r.json().get("total") if r.status_code == 200 else r.status_code
    matched = {k: v for k, v in totals.items() if isinstance(v, int) and v > 0 and v not in (422,)}
    return {
        "test": "LIKE wildcards in filters",
        "tried": "admin1, actor and q set to % and to _ (no stored name holds either)",
        "result": f"events matched: {totals}",
        "pass": not matched,
    }


def _cors(api: Any) -> dict[str, Any]:
    r = api.get("/api/events", headers={"Origin": "https://evil.example"})
    pre = api.options(
        "/api/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    allowed = r.headers.get("access-control-allow-origin") or pre.headers.get("access-control-allow-origin")
    from cronica.config import Settings

    host = Settings().host
    return {
        "test": "CORS and bind address",
        "tried": "a request and a preflight from https://evil.example; the default host setting",
        "result": f"Access-Control-Allow-Origin: {allowed or 'absent'}; serve binds to {host} by default",
        "pass": not allowed and host == "127.0.0.1",
    }


def security_section() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="cronica-sec-") as tmp:
        work = Path(tmp)
        return [*ssrf_tests(), *xml_tests(work), *api_tests(work)]


# -- RELIABILITY.md -----------------------------------------------------------------------------
def render(result: dict[str, Any]) -> str:
    """The report, every figure from ``result``."""
    parts = [_render_head(result), _render_fuzz(result["fuzz"]), _render_kills(result["sigkill"])]
    parts += [_render_load(result["load"]), _render_security(result["security"])]
    return "\n".join(parts)


def _render_head(result: dict[str, Any]) -> str:
    m = result["machine"]
    return (
        "# Reliability\n\n"
        "Generated by `python bench/bench_reliability.py` "
        f"({' '.join(result['argv']) or 'no options'}); do not edit by hand.\n\n"
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['system']}; "
        f"load average at start {m['load_average_at_start']} (the machine is shared: timings are "
        f"lower bounds of what it can do). Date: {m['date']}. Took {result['seconds']:.0f} s.\n"
    )


def _render_fuzz(f: dict[str, Any]) -> str:
    lines = [
        "## Hostile inputs (bench/bench_fuzz.py)\n",
        f"From {f['source']}: {f['inputs']:,} generated inputs (seed {f['seed']}) through the real entry "
        f"points in {f['workers']} worker processes, {f['timeout_s']:.0f} s per input, "
        f"in {f['wall_s']:,.0f} s.\n",
        "| | result | target |",
        "|---|---:|---:|",
        f"| tracebacks | {f['tracebacks']:,} | 0 |",
        f"| hangs over {f['timeout_s']:.0f} s | {f['hangs']:,} | 0 |",
        f"| memory blow-ups (worker past {f['memory_cap_mb']:.0f} MB, killed) "
        f"| {f['memory_blowups']:,} | 0 |",
        f"| workers that died | {f['workers_died']:,} | 0 |",
        f"| peak worker memory | {f['peak_rss_mb']:,.0f} MB | under 1,024 MB |",
        f"| failures whose reason is not one line "
        f"| {f['failures_not_one_line']:,} of {f['failures']:,} | 0 |",
        f"| mixed batches with every good document stored and processed | "
        f"{f['mixed_batches_all_good_stored']:,} of {f['mixed_batches']:,} | all |",
        f"| good documents lost (mixed batches, stdin lines) | {f['good_documents_lost']:,} | 0 |",
        "",
        "| kind | inputs | ok | tracebacks | hangs | memory | failures | good lost |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, c in f["by_kind"].items():
        lines.append(
            f"| {kind} | {c.get('inputs', 0):,} | {c.get('ok', 0):,} | {c.get('crash', 0):,} "
            f"| {c.get('hang', 0):,} "
            f"| {c.get('memory', 0):,} | {c.get('failures', 0):,} | {c.get('good_lost', 0):,} |"
        )
    for title, key in (("Crash classes", "crash_classes"), ("Hangs and blow-ups", "hang_classes")):
        if f[key]:
            lines += [
                "",
                f"{title} (each replayable with its command):",
                "",
                "| count | class | last line | replay |",
            ]
            lines.append("|---:|---|---|---|")
            for name, info in f[key].items():
                last = info["last_line"].replace("|", "\\|")[:140]
                lines.append(
                    f"| {info['count']:,} | {name.replace('|', '/')} | {last} | `{info['replay']}` |"
                )
    return "\n".join(lines) + "\n"


def _render_kills(sections: list[dict[str, Any]]) -> str:
    lines = ["## SIGKILL at random moments\n"]
    for s in sections:
        if "skipped" in s:
            lines.append(f"{s['backend']}: not run ({s['skipped']}).\n")
            continue
        trials = s["trials"]
        killed = [t for t in trials if t["outcome"].startswith("killed")]
        clean = [
            t
            for t in killed
            if not any(v for k, v in t.items() if k.endswith(("_lost", "_duplicated", "_extra", "running")))
        ]
        lines += [
            f"**{s['backend']}**: {s['documents']} documents, {s['events']} events uninterrupted "
            f"(ingest {s['uninterrupted_ingest_s']} s, process {s['uninterrupted_process_s']} s). "
            f"Kills survived (the rerun equals the uninterrupted run, no run left running): "
            f"**{len(clean)} of {len(killed)}**.\n",
            "| command killed | after | | documents lost | dup. | events lost | dup. | extra "
            "| runs left running |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        for t in trials:
            lines.append(
                f"| {t['command']} | {t['kill_after_s']}{' s' if t['kill_after_s'] != '-' else ''} "
                f"| {t['outcome']} | {t['documents_lost']} "
                f"| {t['documents_duplicated']} | {t['events_lost']} | {t['events_duplicated']} "
                f"| {t['events_extra']} | {t['runs_left_running']} |"
            )
        lines.append("")
    return "\n".join(lines)


def _render_load(load: dict[str, Any]) -> str:
    pinned = (
        f"server pinned to core {load['server_core']}, client to core {load['client_core']}"
        if load["server_core"] is not None
        else "one core only: server and client share it"
    )
    lines = [
        "## API load\n",
        f"`cronica serve` over {load['events']:,} synthetic events "
        f"(SQLite, built in {load['store_build_s']} s); "
        f"{pinned}. Each client loops over: {', '.join(f'`{p}`' for p in load['paths'])}.\n",
        "| concurrent clients | requests | req/s | p50 | p95 | p99 | statuses |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for lv in load["levels"]:
        if "error" in lv:
            lines.append(f"| {lv['clients']} | client failed: {lv['error']} | | | | | |")
            continue
        lines.append(
            f"| {lv['clients']} | {lv['requests']:,} | {lv['req_per_s']} | {lv['p50_ms']:,} ms "
            f"| {lv['p95_ms']:,} ms "
            f"| {lv['p99_ms']:,} ms | {lv['statuses']} |"
        )
    return "\n".join(lines) + "\n"


def _render_security(tests: list[dict[str, Any]]) -> str:
    passed = sum(t["pass"] for t in tests)
    lines = [
        "## Security tests\n",
        f"{passed} of {len(tests)} hold.\n",
        "| test | tried | result | holds |",
        "|---|---|---|---|",
    ]
    for t in tests:
        cells = [str(t[k]).replace("|", "\\|").replace("\n", " ") for k in ("test", "tried", "result")]
        lines.append(f"| {cells[0]} | {cells[1]} | {cells[2]} | {'yes' if t['pass'] else '**no**'} |")
    return "\n".join(lines) + "\n"


# -- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fuzz-n", type=int, help="Run bench_fuzz.py with this many inputs first.")
    ap.add_argument("--kills", type=int, default=6, help="Killed runs per command and backend.")
    ap.add_argument("--docs", type=int, default=48, help="Reports in the SIGKILL corpus.")
    ap.add_argument("--events", type=int, default=50_000, help="Events in the API load store.")
    ap.add_argument("--load-seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--quick", action="store_true", help="2 kills, 5,000 events, 5 s of load: a smoke run.")
    args = ap.parse_args(argv)
    if args.quick:
        args.kills, args.events, args.load_seconds = 2, 5000, 5.0
    t0 = time.monotonic()
    result: dict[str, Any] = {"machine": machine(), "argv": sys.argv[1:] if argv is None else argv}
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("fuzz", lambda: fuzz_section(args.fuzz_n)),
        ("sigkill", lambda: sigkill_section(args.kills, args.docs, args.seed)),
        ("load", lambda: load_section(args.events, [1, 50, 200], args.load_seconds)),
        ("security", security_section),
    ]
    for name, step in steps:
        print(f"{name} ...", file=sys.stderr, flush=True)
        result[name] = step()
    result["seconds"] = time.monotonic() - t0
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    REPORT.write_text(render(result), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(REPO)} and {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
