"""Golden output: refactoring must not change what cronica produces.

The files under ``tests/golden/`` were written from the tree before the architecture work of
issue 13: every record ``cronica extract`` prints for the bundled demo reports, and the events
and tallies of the demo database. A change that alters any of them fails here; a deliberate
change of behaviour rewrites them with ``GOLDEN_UPDATE=1 pytest tests/test_golden.py`` and says
why in its commit.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from cronica.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden"
DEMO = Path(str(files("cronica") / "data" / "demo" / "reports"))


def _check(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GOLDEN_UPDATE") == "1":
        path.write_text(produced, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if produced != expected:
        got, want = produced.splitlines(), expected.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
        where = f"line {first + 1}" if first is not None else f"{len(got)} lines against {len(want)}"
        pytest.fail(f"{name} differs from the golden output at {where}")


def _invoke(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_extract_demo_corpus_is_unchanged() -> None:
    paths = sorted(str(p) for p in DEMO.iterdir())
    assert len(paths) == 40
    _check("demo_extract.jsonl", _invoke(["-q", "extract", *paths]))


def test_demo_database_is_unchanged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    _invoke(["-q", "--db", db, "demo", "--no-serve"])
    _check("demo_events.jsonl", _invoke(["--db", db, "events", "--format", "jsonl"]))
    _check("demo_tallies.jsonl", _invoke(["--db", db, "tallies", "--format", "jsonl"]))
