"""SIGKILL at any moment of ``cronica ingest`` or ``cronica process``, on SQLite and PostgreSQL.

After every kill the killed command is run again as it was (an ingest killed
half-way is re-ingested, then ``process`` runs); at the end the database must
equal the one an uninterrupted ``ingest`` + ``process`` gives: the same
documents, mentions, figures, tallies, events and event links, nothing lost,
nothing twice, no fusion left pending, and every killed run shown as
``interrupted``.

Two kinds of kill points:

* deterministic ones, from a wrapper script (written below, run as the
  ``cronica`` command) that lets one store method run and then stops inside
  it, so the test kills the process there: half-way through an ingest batch,
  half-way through a process shard, when fusion has begun but written nothing,
  and inside the transaction that writes the second fusion block's events
  after the first block's were committed;
* kills on a timer, with delays drawn from a fixed seed across the length of an
  uninterrupted run, counted from the launch (so start-up and the migration of
  a new database are hit too) or from the moment the run opened its manifest.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cronica.errors import StoreError
from cronica.run.manifest import list_runs, pid_alive
from cronica.store import open_store
from cronica.store import schema as t

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "cronica" / "data" / "demo" / "reports"
SEED = 14
BATCH = "8"  # small batches: an ingest and a process run commit several times

# Run as ``python WRAPPER METHOD N MARKER cronica-args...``: ``Store.METHOD`` runs as usual, and
# after its N-th call the process writes MARKER and waits (inside the method's transaction, when it
# has one) for the test to kill it.
WRAPPER = """
import sys
import time
from pathlib import Path

from cronica.store.db import Store

method, nth, marker = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
original = getattr(Store, method)
calls = []


def stopping(self, *args, **kwargs):
    out = original(self, *args, **kwargs)
    calls.append(1)
    if len(calls) == nth:
        marker.write_text("stopped")
        time.sleep(600)
    return out


setattr(Store, method, stopping)
from cronica.cli import main

sys.argv = ["cronica", *sys.argv[4:]]
main()
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}
    env["CRONICA_BATCH_SIZE"] = BATCH
    return env


def _args(url: str, command: str, corpus: Path) -> list[str]:
    return ["-q", "--db", url, command, *([str(corpus)] if command == "ingest" else [])]


def _cronica(url: str, command: str, corpus: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cronica.cli", *_args(url, command, corpus)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=_env(), timeout=300)


def _kill(proc: subprocess.Popen[bytes]) -> bool:
    """SIGKILL ``proc`` unless it has ended; True when the kill is what ended it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL


def _kill_inside(url: str, command: str, corpus: Path, method: str, nth: int, tmp: Path) -> None:
    """Run ``command`` under the wrapper and SIGKILL it once the N-th ``Store.method`` call is done."""
    wrapper, marker = tmp / "stop_in_store.py", tmp / f"stopped-{uuid.uuid4().hex}"
    wrapper.write_text(WRAPPER)
    cmd = [sys.executable, str(wrapper), method, str(nth), str(marker), *_args(url, command, corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    deadline = time.monotonic() + 240
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    reached = marker.exists()
    killed = _kill(proc)
    assert reached and killed, f"{command} never reached call {nth} of Store.{method}"


def _started(url: str, proc: subprocess.Popen[bytes]) -> bool:
    """Wait until ``proc`` has opened its run (its row in ``runs``); False if it ended first."""
    store = open_store(url, migrate=False)
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            found = None
            with contextlib.suppress(sa.exc.SQLAlchemyError, StoreError), store.begin() as conn:
                found = conn.execute(sa.select(t.runs.c.run_id).where(t.runs.c.pid == proc.pid)).first()
            if found:  # (before it, the database may not exist yet, or be busy)
                return True
            time.sleep(0.02)
    finally:
        store.engine.dispose()
    return False


def _kill_after(url: str, command: str, corpus: Path, delay: float, from_start: bool) -> bool:
    """Run ``command`` and SIGKILL it ``delay`` seconds after its launch, or after it opened its run.

    True when the kill is what ended it.
    """
    cmd = [sys.executable, "-m", "cronica.cli", *_args(url, command, corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    if from_start:
        _started(url, proc)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=delay)
    return _kill(proc)


_VOLATILE = {"ingested_at", "processed_at", "run_id"}  # when and by which run, not what


def _rows(conn: sa.Connection, table: sa.Table) -> list[dict[str, Any]]:
    cols = [c for c in table.columns if c.name not in _VOLATILE]
    keys = [c.name for c in table.primary_key.columns]
    rows = [dict(r._mapping) for r in conn.execute(sa.select(*cols))]
    return sorted(rows, key=lambda r: tuple(r[k] for k in keys))  # the same order on every backend


def snapshot(url: str) -> dict[str, Any]:
    """Everything a run writes, ids and content, without the times and run ids."""
    store = open_store(url)
    tables = (t.documents, t.mentions, t.figures, t.tallies, t.events, t.event_mentions, t.fusion_pending)
    with store.begin() as conn:
        snap = {table.name: _rows(conn, table) for table in tables}
    store.engine.dispose()
    return snap


def _new_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], str]:
    if backend == "sqlite":
        return lambda name: f"sqlite:///{tmp_path / name}.db"
    base = request.getfixturevalue("pg_server")

    def create(name: str) -> str:
        db = f"k_{name}_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(
            base.replace("postgresql://", "postgresql+psycopg://") + "/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {db}"))
        admin.dispose()
        return f"{base}/{db}"

    return create


def _statuses(url: str) -> list[str]:
    store = open_store(url)
    found = [r["status"] for r in list_runs(store)]
    store.engine.dispose()
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """17 of the demo reports: the first 16, and the one with most of the Bolivian events."""
    out = tmp_path_factory.mktemp("corpus")
    reports = sorted(CORPUS.glob("*.json"))
    for path in [*reports[:16], *[p for p in reports if p.name.startswith("34-")]]:
        shutil.copy(path, out / path.name)
    return out


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The uninterrupted run (on SQLite: both backends must give it), timed for the timer kills."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.db'}"
    lengths = {}
    for command in ("ingest", "process"):
        began = time.monotonic()
        last = _cronica(url, command, corpus)
        lengths[command] = time.monotonic() - began
    snap = snapshot(url)
    n_events = len(snap["events"])
    assert snap["mentions"] and {e["country_code"] for e in snap["events"]} >= {"PE", "BO"}
    assert f"; {n_events} events after fusion" in last.stdout
    store = open_store(url)
    for run in store.runs():  # the length of the work itself, from the run's start to its end
        lengths[f"{run['command']} work"] = (run["finished_at"] - run["started_at"]).total_seconds()
    store.engine.dispose()
    return {"snapshot": snap, "lengths": lengths}


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_anywhere_then_rerun_gives_the_uninterrupted_database(
    backend: str, corpus: Path, reference: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    new_database = _new_database(backend, tmp_path, request)
    expected = reference["snapshot"]
    n_events = len(expected["events"])

    # deterministic kill points, one after the other on one database
    url = new_database("inside")
    _kill_inside(url, "ingest", corpus, "add_document", 12, tmp_path)  # batch 2 of 3, half stored
    _cronica(url, "ingest", corpus)
    _kill_inside(url, "process", corpus, "save_results", 7, tmp_path)  # shard 4 of 9, half stored
    _kill_inside(url, "process", corpus, "country_mentions", 1, tmp_path)  # fusion begun, nothing written
    killed_in_fusion = snapshot(url)
    assert killed_in_fusion["mentions"] == expected["mentions"]
    assert killed_in_fusion["events"] != expected["events"] and killed_in_fusion["fusion_pending"]
    # with every document stored, this run only fuses: it dies inside block 2's transaction
    _kill_inside(url, "process", corpus, "insert_events", 2, tmp_path)
    last = _cronica(url, "process", corpus)
    assert "0 documents" in last.stdout and f"; {n_events} events after fusion" in last.stdout
    assert snapshot(url) == expected
    assert _statuses(url) == ["interrupted", "ok"] + ["interrupted"] * 3 + ["ok"]

    # kills on a timer: from the launch (start-up, migration included) or from the run's start
    rng = random.Random(SEED)
    url = new_database("timer")
    killed = 0
    for command, starts in (("ingest", (False, True)), ("process", (False, True))):
        for from_start in starts:
            length = reference["lengths"][f"{command} work" if from_start else command]
            killed += _kill_after(url, command, corpus, rng.uniform(0.05, 0.95) * length, from_start)
        _cronica(url, command, corpus)
    assert killed >= 1, "the timer kills should land while the commands run"
    assert snapshot(url) == expected
    statuses = _statuses(url)  # (a kill before the run's row was written leaves no row)
    assert "running" not in statuses and statuses.count("interrupted") <= killed
    print(
        f"{backend}: 4 kills inside store methods, {killed} of 4 timer kills landed "
        f"({statuses.count('interrupted')} after the run had started); 0 lost, 0 duplicated"
    )


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_pool_workers_end_with_a_killed_process(corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    _cronica(url, "ingest", corpus)
    cmd = [sys.executable, "-m", "cronica.cli", *_args(url, "process", corpus), "--engine", "pool"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert _kill(proc) and len(workers) >= 2, "the pool should have started its workers"
    deadline = time.monotonic() + 15
    while any(pid_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if pid_alive(w)]
    for w in left:  # do not leave them behind when the test fails
        os.kill(w, signal.SIGKILL)
    assert not left, "the workers of a killed process should end with it"
