"""A run whose process died shows as ``interrupted``, never ``running`` forever (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cronica.cli import cli
from cronica.run.manifest import STALE_AFTER, is_stale, list_runs, mark_stale_runs, pid_alive
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.db import Store, host_id

NOW = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.UTC)
HERE = "this-host"


def _row(**kw: Any) -> dict[str, Any]:
    base = {"status": "running", "pid": 4242, "host": HERE, "started_at": NOW, "heartbeat_at": NOW}
    return {**base, **kw}


@pytest.mark.parametrize(
    ("row", "alive", "stale"),
    [
        (_row(), True, False),  # live process, recent heartbeat
        (_row(), False, True),  # its process is gone from this host
        (_row(status="ok"), False, False),  # finished runs are left alone
        (_row(status="interrupted"), False, False),
        (_row(host="elsewhere"), False, False),  # another host's pid means nothing here
        (_row(host="elsewhere", heartbeat_at=NOW - STALE_AFTER * 2), True, True),  # silent too long
        (_row(heartbeat_at=NOW - STALE_AFTER * 2), True, True),  # pid taken by some other program
        (_row(pid=None, host=None, heartbeat_at=None, started_at=NOW - dt.timedelta(days=3)), True, True),
        (_row(heartbeat_at=(NOW - dt.timedelta(minutes=1)).replace(tzinfo=None)), True, False),  # SQLite
    ],
)
def test_is_stale(row: dict[str, Any], alive: bool, stale: bool) -> None:
    assert is_stale(row, HERE, NOW, lambda _pid: alive) is stale


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_pid_alive() -> None:
    assert pid_alive(os.getpid())
    assert not pid_alive(_dead_pid())
    assert not pid_alive(0)
    zombie = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert pid_alive(zombie.pid)
        os.kill(zombie.pid, signal.SIGKILL)
        os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
        assert not pid_alive(zombie.pid)
    finally:
        zombie.kill()
        zombie.wait()


def _set(store: Store, run_id: str, **values: Any) -> None:
    with store.begin() as conn:
        conn.execute(t.runs.update().where(t.runs.c.run_id == run_id).values(**values))


def test_dead_runs_are_marked_interrupted(db_url: str) -> None:
    store = open_store(db_url)
    for run_id in ("alive", "dead", "done", "far-alive", "far-silent"):
        store.start_run(run_id, "process", "0.1.0", "x")
    started = {r["run_id"]: r for r in store.runs()}
    assert started["alive"]["pid"] == os.getpid() and started["alive"]["host"] == host_id()
    _set(store, "dead", pid=_dead_pid())
    store.finish_run("done", "ok", {}, [])
    _set(store, "far-alive", host="another-host", pid=1)
    _set(store, "far-silent", host="another-host", heartbeat_at=dt.datetime.now(dt.UTC) - 2 * STALE_AFTER)

    assert sorted(mark_stale_runs(store)) == ["dead", "far-silent"]
    statuses = {r["run_id"]: r["status"] for r in store.runs()}
    assert statuses == {
        "alive": "running",
        "dead": "interrupted",
        "done": "ok",
        "far-alive": "running",
        "far-silent": "interrupted",
    }
    assert mark_stale_runs(store) == []  # marking twice changes nothing
    dead = next(r for r in store.runs() if r["run_id"] == "dead")
    assert dead["finished_at"] is not None


def test_heartbeat_keeps_a_run_alive(db_url: str) -> None:
    store = open_store(db_url)
    store.start_run("far", "ingest", "0.1.0", "x")
    _set(store, "far", host="another-host", heartbeat_at=dt.datetime.now(dt.UTC) - 2 * STALE_AFTER)
    with store.begin() as conn:
        store.heartbeat("far", conn)
    assert mark_stale_runs(store) == []
    assert [r["status"] for r in list_runs(store)] == ["running"]


def test_cronica_runs_shows_a_killed_run_as_interrupted(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    store.start_run("killed-run", "process", "0.1.0", "x")
    _set(store, "killed-run", pid=_dead_pid())
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "runs"])
    assert result.exit_code == 0
    assert "killed-run  process  interrupted" in result.output
    with store.begin() as conn:
        status = conn.execute(sa.select(t.runs.c.status)).scalar_one()
    assert status == "interrupted"  # the manifest itself, not only the listing


@pytest.mark.parametrize(
    ("error", "status"),
    [(RuntimeError("the disk went away"), "failed"), (KeyboardInterrupt(), "interrupted")],
)
def test_a_run_that_raises_closes_its_manifest(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, error: BaseException, status: str
) -> None:
    from cronica.config import Settings
    from cronica.run import runner

    def broken(_store: Store) -> int:
        raise error

    monkeypatch.setattr(runner, "fuse_pending", broken)
    store = open_store(sqlite_url)
    with pytest.raises(type(error)):
        runner.process(store, Settings(), quiet=True)
    (run,) = store.runs()
    assert run["status"] == status and run["finished_at"] is not None
    assert run["failures"][-1]["origin"] == "run"
    assert run["failures"][-1]["reason"].startswith(type(error).__name__)
