"""The datasette metadata names only tables and columns that a migrated database has, and datasette
shows its facets and labels."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cronica.cli import cli
from cronica.export.datasette import database_name, datasette_metadata
from cronica.store import open_store

FACETS = ["event_type", "sub_event_type", "country_code", "admin1"]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "cronica.db"
    open_store(f"sqlite:///{path}")
    return path


def _schema(path: Path) -> dict[str, set[str]]:
    with sqlite3.connect(path) as con:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {n: {row[1] for row in con.execute(f'PRAGMA table_info("{n}")')} for n in names}


def test_every_table_and_column_named_exists(migrated: Path) -> None:
    schema = _schema(migrated)
    tables = datasette_metadata("cronica")["databases"]["cronica"]["tables"]
    for name, table in tables.items():
        assert name in schema, f"metadata names a table {name!r} the database lacks"
        named = set(table.get("columns", {})) | set(table.get("facets", []))
        named |= {table[k] for k in ("sort_desc", "label_column") if k in table}
        assert named <= schema[name], f"{name}: {sorted(named - schema[name])} are not columns"


def test_every_visible_table_and_column_is_described(migrated: Path) -> None:
    tables = datasette_metadata("cronica")["databases"]["cronica"]["tables"]
    for name, columns in _schema(migrated).items():
        assert name in tables, f"table {name!r} has no metadata (describe it, or hide it)"
        if not tables[name].get("hidden"):
            assert set(tables[name]["columns"]) == columns, name
            assert tables[name]["title"] and tables[name]["description"], name
    assert tables["events"]["facets"] == FACETS


def test_the_command_writes_metadata_for_the_database(migrated: Path, tmp_path: Path) -> None:
    out = tmp_path / "metadata.json"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{migrated}", "datasette-metadata", "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads(out.read_text("utf-8"))
    assert meta["title"] and meta["license"]
    assert list(meta["databases"]) == ["cronica"]
    assert database_name("sqlite:////tmp/x/events-2023.db") == "events-2023"
    assert database_name("postgresql://u@h/db") == "cronica"


def test_datasette_opens_with_the_labels_and_facets(migrated: Path) -> None:
    datasette_app = pytest.importorskip("datasette.app")

    async def fetch() -> tuple[dict[str, object], str, list[str]]:
        ds = datasette_app.Datasette([str(migrated)], metadata=datasette_metadata("cronica"))
        table = (await ds.client.get("/cronica/events.json")).json()
        page = (await ds.client.get("/cronica/events")).text
        listing = (await ds.client.get("/cronica.json")).json()
        return table, page, [t["name"] for t in listing["tables"] if not t["hidden"]]

    table, page, visible = asyncio.run(fetch())
    assert list(table["facet_results"]) == FACETS
    assert "First day of the event (ISO date)" in page and "Events" in page
    assert "alembic_version" not in visible and "events_fts" not in visible and "events" in visible
