"""Durations ("30s", "15m", "1h"), the watch settings, and the one-line error of a bad --every."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cronica.config import load_settings
from cronica.errors import ConfigError
from cronica.watch.duration import format_duration, parse_duration

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("1h", 3600),
        ("1h30m", 5400),
        ("2d", 172800),
        (" 1.5h ", 5400),
        ("15M", 900),
    ],
)
def test_durations_parse(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "15x", "m", "-5m", "0s", "1h-30m", "fifteen minutes", "1e3s"])
def test_bad_durations_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ConfigError, match="not a duration") as caught:
        parse_duration(text)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("seconds", "text"), [(30, "30s"), (900, "15m"), (5400, "1h30m"), (90061, "1d1h1m1s")]
)
def test_durations_format_as_they_parse(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text and parse_duration(text) == seconds


def test_watch_settings_have_defaults_and_are_checked(tmp_path: Path) -> None:
    settings = load_settings(env={"CRONICA_WATCH_EVERY": "5m"}, config_path=None)
    assert (settings.watch_every, settings.watch_max_backoff) == ("5m", "6h")
    with pytest.raises(ConfigError, match="watch_max_backoff: 'soon' is not a duration"):
        load_settings(env={"CRONICA_WATCH_MAX_BACKOFF": "soon"})


def test_a_bad_every_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}
    env["PYTHONPATH"] = str(REPO)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "cronica.cli", "--db", db, "watch", str(tmp_path), "--every", "15x"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "cronica: error: --every: '15x' is not a duration (write it as 30s, 15m, 1h or 1h30m)"
    ]
    assert not (tmp_path / "w.db").exists()  # refused before the database is opened


def test_once_with_a_failing_source_exits_1_with_its_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}
    env["PYTHONPATH"] = str(REPO)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = f"sqlite:///{tmp_path / 'w.db'}"
    cmd = [
        sys.executable,
        "-m",
        "cronica.cli",
        "--db",
        db,
        "watch",
        str(inbox),
        str(tmp_path / "gone"),
        "--once",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        line for line in done.stdout.splitlines() if line.startswith("watch cycle 1: 2 sources polled")
    ]
    assert "(0 new, 1 unchanged, 1 failed, 0 backing off)" in done.stdout
    assert done.stderr.strip().endswith(
        "no such file, folder or glob match (failed 1 time(s) in a row; next try in 30m)"
    )
    # the failing source is backing off now: a second cycle polls the other one only, and succeeds
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert again.returncode == 0 and "1 backing off" in again.stdout and again.stderr == ""


def test_a_second_stop_request_stops_at_once() -> None:
    from cronica.watch.loop import Stopper

    stopper = Stopper()
    beats: list[int] = []
    stopper.request()
    assert stopper.stopping() and stopper.sleep(3600, lambda: beats.append(1)) and beats == []
    with pytest.raises(KeyboardInterrupt):
        stopper.request()


def test_the_line_of_a_cycle() -> None:
    from cronica.watch.cycle import CycleReport

    one = CycleReport(3, polled=1, with_new=1, documents=1, events_added=-1, seconds=0.3)
    assert one.line() == (
        "watch cycle 3: 1 source polled (1 new, 0 unchanged, 0 failed, 0 backing off); "
        "1 new document, -1 event; 0.3 s"
    )
    many = CycleReport(4, polled=5, unchanged=3, failed=1, waiting=2, documents=7, documents_failed=2)
    many.events_added, many.stopped = 6, True
    assert many.line() == (
        "watch cycle 4: 5 sources polled (0 new, 3 unchanged, 1 failed, 2 backing off); "
        "7 new documents (2 failed), +6 events; 0.0 s; stopped early, the rest is left for the next start"
    )
