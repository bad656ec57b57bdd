"""``cronica review ...`` and the review filters of ``cronica events`` and ``cronica export``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from review_helpers import mention

from cronica.cli import cli
from cronica.store.db import Store


def run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_review_from_the_command_line(make_store: Callable[..., Store], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    store = make_store(
        [mention("a", "juliaca", 9, 3), mention("b", "lima", 9, 1), mention("c", "bogota", 9)], db
    )
    juliaca, bogota, lima = (
        next(e.event_id for e in store.events() if e.location and e.location.name == name)
        for name in ("Juliaca", "Bogotá", "Lima")
    )
    assert run(db, "review", "correct", juliaca, "--set", "fatalities=4", "--set", "tags=[\"curfew\"]",
               "--reason", "hospital list", "--user", "ana")[0] == 0  # fmt: skip
    assert run(db, "review", "reject", bogota, "--category", "duplicate", "--reason", "told twice")[0] == 0
    code, out = run(db, "review", "confirm", lima, "--user", "bea")
    assert code == 0 and out.startswith("action 3: confirm")
    code, out = run(db, "review", "log", "--format", "jsonl")
    actions = [json.loads(line) for line in out.splitlines()]
    assert [(a["action"], a["user"]) for a in actions][::2] == [("correct", "ana"), ("confirm", "bea")]
    assert actions[0]["after"] == {"fatalities": 4, "tags": ["curfew"]}
    code, out = run(db, "events", "--format", "jsonl", "--reviewed-only")
    assert sorted(json.loads(line)["event_id"] for line in out.splitlines()) == sorted([juliaca, lima])
    code, out = run(db, "events", "--format", "jsonl", "--review-status", "rejected")
    assert [json.loads(line)["review_status"] for line in out.splitlines()] == ["rejected"]
    code, out = run(db, "events", "--format", "jsonl")
    assert bogota not in out
    target = tmp_path / "reviewed.csv"
    assert run(db, "export", "--format", "csv", "-o", str(target), "--reviewed-only")[0] == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert sorted((r["review_status"], r["reviewed_by"], r["fatalities"]) for r in rows) == [
        ("confirmed", "bea", "1"),
        ("corrected", "ana", "4"),
    ]
    code, out = run(db, "review", "log", "--event", juliaca)
    assert code == 0 and "hospital list" in out
    code, out = run(db, "review", "queue", "--format", "jsonl")
    assert code == 0 and out == ""  # everything was reviewed


def test_review_errors_are_one_line_and_exit_2(make_store: Callable[..., Store], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    store = make_store([mention("a", "juliaca", 9, 3)], db)
    event_id = store.events()[0].event_id
    for args, message in (
        (["correct", event_id, "--set", "fatalities=-2", "--reason", "why not"], "fatalities"),
        (["correct", event_id, "--set", "fatalities", "--reason", "why not"], "FIELD=VALUE"),
        (["merge", event_id, "--reason", "alone"], "two or more"),
        (["confirm", "evt_missing"], "no event"),
        (["undo", "42", "--reason", "nothing"], "no review action 42"),
    ):
        proc = subprocess.run([sys.executable, "-m", "cronica.cli", "--db", db, "review", *args],
                              capture_output=True, text=True)  # fmt: skip
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr
        assert "Usage:" in proc.stderr or proc.stderr.strip().count("\n") == 0  # click's usage, or one line
