"""The command line end to end: ingest, process, events, export, extract, exit codes and messages."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cronica.cli import cli

REPORT_ES = (
    "La policía disparó gases lacrimógenos contra cientos de manifestantes que bloqueaban la carretera "
    "Panamericana Sur en Arequipa el lunes 12 de diciembre de 2022. Al menos 20 personas fueron detenidas, "
    "según la Defensoría del Pueblo."
)
REPORT_EN = (
    "Soldiers opened fire on demonstrators near the airport in Ayacucho on Thursday, December 15, 2022, "
    "killing at least eight people, health officials said."
)


def _mixed_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    (folder / "arequipa.txt").write_text(REPORT_ES, encoding="utf-8")
    (folder / "ayacucho.json").write_text(
        json.dumps(
            {
                "id": "aya-1",
                "text": REPORT_EN,
                "published": "2022-12-16",
                "source": "Andean Wire",
                "url": "https://example.org/aya",
            }
        ),
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "batch.jsonl").write_text(
        '{"text": "' + REPORT_EN.replace("Thursday", "Friday") + '"}\n{oops\n', encoding="utf-8"
    )
    return folder


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_mixed_folder_twice(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code, out, err = invoke("--db", db, "-q", "ingest", str(folder))
    assert code == 1
    assert ": 3 new, 0 updated, 0 already stored, 3 failed" in out
    assert "empty.txt: empty document (no text)" in err
    assert "image.txt: binary file, not text" in err
    assert "batch.jsonl:2: invalid JSON" in err
    code, out, _ = invoke("--db", db, "-q", "ingest", str(folder))
    assert code == 1
    assert ": 0 new, 0 updated, 3 already stored, 3 failed" in out
    from cronica.store import open_store

    counts = open_store(db).document_counts()
    assert counts == {"pending": 3, "failed": 3}


def test_process_events_export(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    invoke("--db", db, "-q", "ingest", str(folder))
    code, out, _ = invoke("--db", db, "-q", "process")
    assert code == 0, out
    assert "3 documents" in out
    code, out, _ = invoke("--db", db, "events", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["record"] == "event" for r in records)
    ayacucho = [r for r in records if r["location"] and r["location"]["name"] == "Ayacucho"]
    assert ayacucho and ayacucho[0]["fatalities"] == 8
    assert ayacucho[0]["event_date"] == "2022-12-15"
    # reprocessing changes nothing
    before = out
    invoke("--db", db, "-q", "process", "--reprocess")
    assert invoke("--db", db, "events", "--format", "jsonl")[1] == before
    by_id = {r["event_id"]: r for r in records}
    aya = ayacucho[0]
    for fmt in EXPORT_FORMATS:
        target = tmp_path / f"out.{fmt}"
        code, out, _ = invoke("--db", db, "export", "--format", fmt, "-o", str(target))
        assert code == 0 and f"wrote {len(records)} events" in out
    _check_acled_csv(tmp_path / "out.acled-csv", by_id, aya)
    _check_csv(tmp_path / "out.csv", by_id, aya)
    _check_parquet(tmp_path / "out.parquet", by_id, aya)
    _check_geojson(tmp_path / "out.geojson", by_id, aya)
    _check_jsonl(tmp_path / "out.jsonl", by_id)
    _check_plover(tmp_path / "out.plover-jsonl", by_id, aya)


EXPORT_FORMATS = ("acled-csv", "csv", "parquet", "geojson", "jsonl", "plover-jsonl")
# ACLED's export columns as ACLED's own data files name and order them (written out here, not
# imported from cronica, so that a change to the writer's columns fails this test).
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
Record = dict[str, Any]


def _check_acled_csv(path: Path, by_id: dict[str, Record], aya: Record) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ACLED_HEADER
        rows = {row["event_id_cnty"]: row for row in reader}
    assert rows.keys() == by_id.keys()  # no background events here, so every event is a row
    row = rows[aya["event_id"]]
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2022-12-15", "2022", "1")
    assert (row["event_type"], row["sub_event_type"]) == (aya["event_type"], aya["sub_event_type"])
    assert (row["location"], row["admin1"], row["country"], row["iso"]) == (
        "Ayacucho",
        "Ayacucho",
        "Peru",
        "604",
    )
    assert float(row["latitude"]) == pytest.approx(aya["location"]["lat"])
    assert float(row["longitude"]) == pytest.approx(aya["location"]["lon"])
    assert row["fatalities"] == "8"
    assert row["source"] == "Andean Wire"  # the other report has no outlet
    assert "killing at least eight people" in row["notes"]
    for rec in by_id.values():  # ACLED writes 0, not blank, when no death is reported
        assert rows[rec["event_id"]]["fatalities"] == str(rec["fatalities"] or 0)


def _check_csv(path: Path, by_id: dict[str, Record], aya: Record) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = {row["event_id"]: row for row in csv.DictReader(fh)}
    assert rows.keys() == by_id.keys()
    row = rows[aya["event_id"]]
    assert (row["event_date"], row["location"], row["country_code"]) == ("2022-12-15", "Ayacucho", "PE")
    assert (row["fatalities"], row["n_reports"], row["sources"]) == ("8", "2", "Andean Wire")
    assert row["urls"] == "https://example.org/aya"
    assert row["actor1"] == aya["actor1"]["name"] and row["actor2_type"] == aya["actor2"]["type"]


def _check_parquet(path: Path, by_id: dict[str, Record], aya: Record) -> None:
    import datetime as dt

    import pyarrow.parquet as pq

    from cronica.export.parquet import event_from_row
    from cronica.model import Event

    rows = {row["event_id"]: row for row in pq.read_table(path).to_pylist()}
    assert rows.keys() == by_id.keys()
    row = rows[aya["event_id"]]
    assert (row["event_date"], row["location"], row["fatalities"], row["n_reports"]) == (
        dt.date(2022, 12, 15),
        "Ayacucho",
        8,
        2,
    )
    assert row["lat"] == pytest.approx(aya["location"]["lat"]) and row["injuries"] is None
    for event_id, rec in by_id.items():  # the whole record travels along, typed, as printed by `events`
        assert event_from_row(rows[event_id]).to_dict() == Event.from_dict(rec).to_dict()


def _check_geojson(path: Path, by_id: dict[str, Record], aya: Record) -> None:
    geo = json.loads(path.read_text("utf-8"))
    assert geo["type"] == "FeatureCollection"
    features = {f["properties"]["event_id"]: f for f in geo["features"]}
    assert features.keys() == by_id.keys()  # every event here has coordinates
    feature = features[aya["event_id"]]
    assert feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == [aya["location"]["lon"], aya["location"]["lat"]]
    props = feature["properties"]
    assert (props["location_name"], props["admin1"], props["country_code"]) == ("Ayacucho", "Ayacucho", "PE")
    assert (props["event_date"], props["fatalities"], len(props["evidence"])) == ("2022-12-15", 8, 2)


def _check_jsonl(path: Path, by_id: dict[str, Record]) -> None:
    lines = path.read_text("utf-8").splitlines()
    exported = {r["event_id"]: r for r in map(json.loads, lines)}
    # the records that `events` prints, each with its ACLED coding appended
    assert {k: {f: v for f, v in r.items() if f != "acled"} for k, r in exported.items()} == by_id
    assert all(list(r)[-1] == "acled" and r["acled"]["actor1"]["raw"] for r in exported.values())


def _check_plover(path: Path, by_id: dict[str, Record], aya: Record) -> None:
    rows = {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}
    assert rows.keys() == by_id.keys()
    row = rows[aya["event_id"]]
    assert (row["date"], row["event"], row["fatalities"]) == ("2022-12-15", aya["plover"], 8)
    assert row["location"]["name"] == "Ayacucho" and row["actor"] == aya["actor1"]["name"]
    assert row["acled"] == {"event_type": aya["event_type"], "sub_event_type": aya["sub_event_type"]}
    assert sorted(src["doc_id"] for src in row["sources"]) == sorted(e["doc_id"] for e in aya["evidence"])


def test_extract_from_stdin_and_files(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": REPORT_EN, "published": "2022-12-16"})
    code, out, _ = invoke("extract", stdin=line + "\n")
    assert code == 0
    recs = [json.loads(x) for x in out.splitlines()]
    assert recs and recs[0]["record"] == "event" and recs[0]["evidence"][0]["doc_id"] == "s1"
    p = tmp_path / "r.txt"
    p.write_text(REPORT_EN, encoding="utf-8")
    code, out, _ = invoke("extract", str(p), "--published", "2022-12-16")
    assert code == 0 and json.loads(out.splitlines()[0])["event_date"] == "2022-12-15"


def test_bad_usage_exits_2_with_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cronica.cli", "--db", "sqlite:////no/such/dir/x.db", "events"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "does not exist" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "cronica.cli", "extract", "--published", "soon"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "is not a date" in proc.stderr


@pytest.mark.parametrize("setting", ["CRONICA_ENGINE=spark"])
def test_bad_environment_setting(setting: str, tmp_path: Path) -> None:
    import os

    key, value = setting.split("=")
    env = {**os.environ, key: value}
    proc = subprocess.run(
        [sys.executable, "-m", "cronica.cli", "--db", f"sqlite:///{tmp_path}/x.db", "process"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2 and "engine must be one of" in proc.stderr


def test_resume_closes_the_interrupted_run(tmp_path: Path) -> None:
    from cronica.store import open_store

    db = f"sqlite:///{tmp_path / 'c.db'}"
    folder = _mixed_folder(tmp_path)
    invoke("--db", db, "-q", "ingest", str(folder))
    store = open_store(db)
    store.start_run("killed-run", "process", "0.1.0", "x")  # a run that never finished
    code, out, _ = invoke("--db", db, "-q", "process", "--resume", "killed-run")
    assert code == 0 and "3 documents" in out
    statuses = {r["run_id"]: r["status"] for r in store.runs()}
    assert statuses["killed-run"] == "interrupted"
    proc = subprocess.run(
        [sys.executable, "-m", "cronica.cli", "--db", db, "process", "--resume", "no-such-run"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "no run 'no-such-run'" in proc.stderr


def test_cache_dir_from_the_environment_or_the_file(tmp_path: Path) -> None:
    """CRONICA_CACHE_DIR is a setting like the others, and the gazetteer is cached where it says."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("CRONICA_")}
    db = f"sqlite:///{tmp_path / 'c.db'}"
    command = [sys.executable, "-m", "cronica.cli"]
    with_env = {**env, "CRONICA_CACHE_DIR": str(tmp_path / "env-cache")}
    for args in (["--help"], ["--db", db, "events"], ["--db", db, "runs"]):
        proc = subprocess.run([*command, *args], capture_output=True, text=True, env=with_env)
        assert proc.returncode == 0, proc.stderr
    # A cache_dir in the settings file reaches the gazetteer, which a run builds on first use.
    config = tmp_path / "cronica.toml"
    config.write_text(f'cache_dir = "{tmp_path / "file-cache"}"\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(REPORT_EN, encoding="utf-8")
    proc = subprocess.run(
        [
            *command,
            "--config",
            str(config),
            "--db",
            db,
            "-q",
            "run",
            str(report),
            "--published",
            "2022-12-16",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 events after fusion" in proc.stdout
    assert [p.name.startswith("gazetteer-") for p in (tmp_path / "file-cache").iterdir()] == [True]
    assert not (tmp_path / "env-cache").exists()  # the commands above needed no gazetteer
