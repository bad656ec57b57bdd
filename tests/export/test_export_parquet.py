"""The Parquet export is typed: DATE, integers, BOOL, DOUBLE, lists and structs, read by DuckDB and Arrow."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from export_sample import FULL_TEXT_EN, FULL_TEXT_ES, sample_events

from cronica.export.formats import write_events
from cronica.export.parquet import event_from_row, parquet_schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


@pytest.fixture()
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "events.parquet"
    write_events(sample_events(), "parquet", path)
    return path


def _one(sql: str) -> tuple[object, ...] | None:
    with duckdb.connect() as con:
        return con.execute(sql).fetchone()


def _describe(path: Path) -> dict[str, str]:
    with duckdb.connect() as con:
        rows = con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()
    return {name: kind for name, kind, *_ in rows}


def test_duckdb_sees_dates_integers_flags_lists_and_structs(exported: Path) -> None:
    types = _describe(exported)
    assert (types["event_date"], types["date_end"]) == ("DATE", "DATE")
    assert {types[c] for c in ("fatalities", "injuries", "arrests", "crowd_size", "geonames_id")} == {
        "BIGINT"
    }
    assert (types["geo_precision"], types["n_reports"]) == ("INTEGER", "INTEGER")
    assert (types["background"], types["disputed"]) == ("BOOLEAN", "BOOLEAN")
    assert (types["lat"], types["lon"], types["confidence"]) == ("DOUBLE", "DOUBLE", "DOUBLE")
    assert types["tags"] == types["sources"] == types["urls"] == "VARCHAR[]"
    assert re.fullmatch(r"STRUCT\(kind VARCHAR, .*sentence VARCHAR\)\[\]", types["figures"])
    assert re.fullmatch(r"STRUCT\(doc_id VARCHAR, .*published DATE, .*\)\[\]", types["evidence"])
    assert "record" not in types  # no column of JSON text to re-parse


def test_duckdb_reads_the_values(exported: Path) -> None:
    row = _one(
        "SELECT event_date, fatalities + arrests, figures[1].value, figures[2].sentence, "
        "evidence[2].published, list_contains(tags, 'roadblock'), disputed "
        f"FROM '{exported}' WHERE event_id = 'evt-full'"
    )
    assert row == (dt.date(2023, 1, 9), 20, 17, FULL_TEXT_ES, dt.date(2023, 1, 10), True, True)
    assert _one(f"SELECT figures[1].sentence FROM '{exported}' WHERE event_id = 'evt-full'") == (
        FULL_TEXT_EN,
    )
    empty = _one(
        f"SELECT event_date, lat, len(figures), location FROM '{exported}' WHERE event_id = 'evt-undated'"
    )
    assert empty == (None, None, 0, "Carretera Panamericana Sur")
    assert _one(f"SELECT count(*) FROM '{exported}' WHERE event_date >= DATE '2020-01-01'") == (1,)


def test_every_event_round_trips(exported: Path) -> None:
    table = pq.read_table(exported)
    assert table.schema.equals(parquet_schema())
    rows = table.to_pylist()
    assert [event_from_row(r) for r in rows] == sample_events()


def test_an_empty_export_keeps_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    write_events([], "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 0 and table.schema.equals(parquet_schema())


def _doc_type(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        inner = t.value_type
        return "LIST<STRUCT>" if pa.types.is_struct(inner) else f"LIST<{_doc_type(inner)}>"
    names = {"string": "STRING", "date32[day]": "DATE", "int64": "INT64", "int32": "INT32", "bool": "BOOL",
             "double": "DOUBLE", "timestamp[us, tz=UTC]": "TIMESTAMP"}  # fmt: skip
    return names[str(t)]


def _documented(section: str) -> dict[str, str]:
    text = DOCS.read_text("utf-8")
    part = text.split(section, 1)[1].split("\n#", 1)[0]
    return dict(re.findall(r"^\| `(\w+)` \| (\S+) \|", part, re.MULTILINE))


def test_the_schema_table_in_the_docs_matches_the_schema() -> None:
    schema = parquet_schema()
    assert _documented("### Parquet columns") == {f.name: _doc_type(f.type) for f in schema}
    for column, heading in (
        ("figures", "### Parquet `figures` fields"),
        ("evidence", "### Parquet `evidence` fields"),
    ):
        struct = schema.field(column).type.value_type
        assert _documented(heading) == {f.name: _doc_type(f.type) for f in struct}
