"""`cronica watch` as a real process: SIGTERM in the middle of a cycle stops it cleanly (exit 0, run
closed), and a watch started again misses nothing and duplicates nothing."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from cronica.store import open_store

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}
    env.update(PYTHONPATH=str(REPO), CRONICA_FETCH_ALLOW_HOSTS="127.0.0.1")
    return env


def _watch(db: str, url: str, *flags: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "cronica.cli", "--db", db, "watch", url, *flags]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=REPO
    )


def _watch_once(db: str, url: str) -> subprocess.CompletedProcess[str]:
    """The restart: one cycle of ``cronica watch --once`` in a fresh process."""
    cmd = [sys.executable, "-m", "cronica.cli", "--db", db, "watch", url, "--once"]
    return subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=REPO, timeout=300)


def _lines(stream: IO[str]) -> queue.Queue[str]:
    out: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            out.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _next_cycle(lines: queue.Queue[str], timeout: float = 240) -> str:
    while True:
        line = lines.get(timeout=timeout)
        if line.startswith("watch cycle"):
            return line


def test_sigterm_mid_cycle_then_restart_misses_and_duplicates_nothing(
    feed: Any, reports: list[dict[str, Any]], tmp_path: Path, compare: Any
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    feed.publish(reports[:4])
    # the second poll finds three new items, but the server holds its answer: SIGTERM arrives
    # while the watch waits for the feed
    feed.hold(2, reports[4:7], 2.0)
    proc = _watch(db, feed.url, "--every", "1s")
    assert proc.stdout is not None
    lines = _lines(proc.stdout)
    try:
        assert "4 new documents" in _next_cycle(lines)
        assert feed.held.wait(120)
        proc.send_signal(signal.SIGTERM)
        last = _next_cycle(lines, 60)
        assert proc.wait(60) == 0
    finally:
        proc.kill()
    assert "3 new documents" in last and "stopped early" in last  # stored, not yet processed
    store = open_store(db)
    assert store.document_counts().get("pending") == 3
    watch_runs = [r for r in store.runs() if r["command"] == "watch"]
    assert [r["status"] for r in watch_runs] == ["ok"] and watch_runs[0]["finished_at"] is not None

    again = _watch_once(db, feed.url)
    assert again.returncode == 0, again.stderr
    assert "0 new documents" in again.stdout and "1 unchanged" in again.stdout
    assert open_store(db).document_counts() == {"processed": 7}
    compare(open_store(db), reports[:7], tmp_path)


def test_sigkill_mid_fetch_then_restart_misses_and_duplicates_nothing(
    feed: Any, reports: list[dict[str, Any]], tmp_path: Path, compare: Any
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    feed.publish(reports[:3])
    feed.hold(2, reports[3:5], 5.0)
    proc = _watch(db, feed.url, "--every", "1s")
    assert proc.stdout is not None
    lines = _lines(proc.stdout)
    try:
        assert "3 new documents" in _next_cycle(lines)
        assert feed.held.wait(120)
        proc.kill()  # no chance to store the answer, save the validators or close the run
        assert proc.wait(60) == -signal.SIGKILL
    finally:
        proc.kill()
    again = _watch_once(db, feed.url)
    assert again.returncode == 0, again.stderr
    assert "2 new documents" in again.stdout and feed.not_modified["/feed.xml"] == 0
    store = open_store(db)
    assert [r["status"] for r in store.runs() if r["command"] == "watch"] == ["interrupted", "ok"]
    compare(store, reports[:5], tmp_path)


def test_a_sleeping_watch_stops_at_once_on_sigint(
    feed: Any, reports: list[dict[str, Any]], tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    feed.publish(reports[:1])
    proc = _watch(db, feed.url, "--every", "1h")
    assert proc.stdout is not None
    lines = _lines(proc.stdout)
    try:
        _next_cycle(lines)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0
    finally:
        proc.kill()
    runs = [r for r in open_store(db).runs() if r["command"] == "watch"]
    assert runs[0]["status"] == "ok" and runs[0]["counts"]["cycles"] == 1
