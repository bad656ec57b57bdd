"""The command line end to end: ingest, process, events, export, extract, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

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
    out_csv = tmp_path / "acled.csv"
    code, out, _ = invoke("--db", db, "export", "--format", "acled-csv", "-o", str(out_csv))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text("utf-8"))))
    assert rows and rows[0].keys() >= {
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "fatalities",
        "admin1",
    }
    for fmt in ("geojson", "parquet", "plover-jsonl", "jsonl", "csv"):
        target = tmp_path / f"out.{fmt}"
        assert invoke("--db", db, "export", "--format", fmt, "-o", str(target))[0] == 0
        assert target.stat().st_size > 0
    geo = json.loads((tmp_path / "out.geojson").read_text("utf-8"))
    assert geo["type"] == "FeatureCollection" and geo["features"]


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
