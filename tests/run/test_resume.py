"""A run killed with SIGKILL mid-way is finished by running the same command again.

Nothing is lost, nothing is duplicated, and the result is the one an
uninterrupted run gives.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cronica.store import open_store

N_DOCS = 320


def _cronica(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cronica.cli", "-q", "--db", f"sqlite:///{db}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=check, env=_env())


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}


def _processed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute("SELECT count(*) FROM documents WHERE status = 'processed'").fetchone()
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0
    return int(row[0])


def _snapshot(db: Path) -> dict[str, Any]:
    store = open_store(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        mention_ids = [r[0] for r in conn.execute("SELECT mention_id FROM mentions ORDER BY mention_id")]
        figures = conn.execute("SELECT mention_id, seq, kind, value FROM figures ORDER BY 1, 2").fetchall()
        links = conn.execute("SELECT event_id, mention_id FROM event_mentions ORDER BY 1, 2").fetchall()
    return {
        "status": store.document_counts(),
        "mentions": mention_ids,
        "figures": figures,
        "tallies": [t.to_dict() for t in store.tallies()],
        "events": [e.to_dict() for e in store.events()],
        "links": links,
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, synth: Any) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(out, N_DOCS, shard_size=N_DOCS, seed=23)
    return out


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    _cronica(db, "ingest", str(corpus))
    _cronica(db, "process")
    snap = _snapshot(db)
    assert list(snap["status"]) == ["processed"]  # (the corpus may hold the same text twice)
    assert snap["status"]["processed"] > N_DOCS * 0.95
    assert len(snap["mentions"]) > N_DOCS // 2 and snap["events"]
    return snap


@pytest.mark.slow
def test_kill_and_resume(corpus: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    _cronica(db, "ingest", str(corpus))
    proc = subprocess.Popen(
        [sys.executable, "-m", "cronica.cli", "-q", "--db", f"sqlite:///{db}", "process"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 300
        done = 0
        while proc.poll() is None and time.monotonic() < deadline:
            done = _processed(db)
            if done > 0:
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    done = _processed(db)
    assert proc.returncode == -signal.SIGKILL
    total = reference["status"]["processed"]
    assert 0 < done < total, f"the kill should land mid-way, {done} of {total} were processed"
    store = open_store(f"sqlite:///{db}")
    assert [r["status"] for r in store.runs() if r["command"] == "process"] == ["running"]

    _cronica(db, "process")  # the same command again finishes the job
    again = _snapshot(db)
    assert again["mentions"] == sorted(set(again["mentions"]))  # no duplicates
    assert again == reference
    statuses = [r["status"] for r in store.runs() if r["command"] == "process"]
    assert statuses == ["interrupted", "ok"]  # the new run saw that the killed one's process is gone

    # and once more: nothing left to do, nothing changes
    out = _cronica(db, "process")
    assert "0 documents" in out.stdout
    assert _snapshot(db) == reference


def test_partial_shard_file_is_redone(tmp_path: Path, synth_documents: Callable[[int], list[Any]]) -> None:
    """A shard file a killed writer left half-written is never taken as done."""
    from cronica.config import Settings
    from cronica.run.parquet_io import clean_partial, shard_files, write_shard
    from cronica.run.shard import process_shard

    docs = synth_documents(6)
    write_shard(tmp_path / "a.parquet", docs[:3], process_shard(docs[:3], Settings()))
    (tmp_path / "b.parquet.tmp-4242").write_bytes(b"PAR1 half a file")
    assert shard_files(tmp_path) == [tmp_path / "a.parquet"]
    assert clean_partial(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet"]
