"""``cronica stages``: the registered pipeline in order, as a table or JSON lines."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cronica.cli import cli
from cronica.pipeline.default import default_pipeline


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["stages", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_stages_as_json_lines_follow_the_registry() -> None:
    rows = [json.loads(line) for line in _run("--format", "jsonl").splitlines()]
    expected = [
        {"name": s.name, "requires": list(s.requires), "assigns": list(s.assigns)} for s in default_pipeline()
    ]
    assert rows == expected
    names = [r["name"] for r in rows]
    assert names[:3] == ["language", "dateline", "sentences"]
    assert names.index("places") < names.index("mentions") < names.index("records")
    needs = ["doc", "lang", "sentences", "incidents"]
    records = {"name": "records", "requires": needs, "assigns": ["events"]}
    assert records in rows


def test_stages_as_a_table_name_every_stage_in_order() -> None:
    out = _run()
    assert f"{len(default_pipeline())} stages" in out
    positions = [out.index(f" {s.name} ") for s in default_pipeline()]
    assert positions == sorted(positions)
    assert "tally_figures" in out and "candidates" in out
