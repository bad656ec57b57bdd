"""One bad input never costs another its data: ingest and process of mixed batches, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from cronica.cli import cli
from cronica.config import Settings
from cronica.model import Document
from cronica.store import open_store

REPORT = (
    "Hundreds of farmers blocked the bridge over the Ramis river near Taraco on Tuesday, "
    "protesting the price of fertiliser; the regional police chief said the road reopened at dusk."
)
HUGE = "Police killed 99999999999999999999999999 protesters in Puno on Monday, January 9, 2023."
PLAIN = [
    "Soldiers killed six protesters at the airport of Juliaca on Monday, January 9, 2023, officials said.",
    "Thousands of people marched through Lima on Thursday, January 12, 2023, demanding new elections.",
]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_of_a_folder_with_poison_files_stores_every_good_file(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(40):
        (folder / f"report-{i:02d}.txt").write_text(f"{REPORT} Count {i}.", encoding="utf-8")
    (folder / "cut.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 60)
    (folder / "deep.json").write_bytes(b"[" * 50_000 + b"]" * 50_000)
    (folder / "title.json").write_text(json.dumps({"text": REPORT, "title": 12}), encoding="utf-8")
    (folder / "lone.json").write_bytes(b'{"text": "' + REPORT.encode() + b' \\ud800"}')
    code, out, err = _invoke("--db", db_url, "-q", "ingest", str(folder))
    assert code == 1
    assert ": 40 new, 0 updated, 0 already stored, 4 failed" in out
    assert len(err.splitlines()) == 5  # the count, then one line per failed file
    store = open_store(db_url)
    assert store.document_counts() == {"pending": 40, "failed": 4}
    assert [r["status"] for r in store.runs()] == ["partial"]


def test_a_document_the_database_refuses_fails_alone(db_url: str) -> None:
    from cronica.run.runner import _store_batch
    from cronica.store.db import IngestCounts

    store = open_store(db_url)
    docs = [
        Document(doc_id=f"d{i}", text=f"{REPORT} Count {i}.", origin=f"batch.jsonl:{i}") for i in range(5)
    ]
    docs[2] = replace(docs[2], title="Taraco \udc9f")  # no database encodes a lone surrogate
    counts = IngestCounts()
    _store_batch(store, docs, counts, "run-1")
    assert (counts.new, counts.failed) == (4, 1)
    [(origin, reason)] = counts.failures
    assert origin == "batch.jsonl:2" and reason.startswith("cannot be stored: UnicodeEncodeError")
    assert store.document_counts() == {"pending": 4, "failed": 1}
    assert store.failed_documents() == [(origin, reason)]


def test_a_number_beyond_any_count_leaves_the_batch_its_events(db_url: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    rows = [{"id": f"n{i}", "text": t, "published": "2023-01-14"} for i, t in enumerate([HUGE, *PLAIN])]
    batch.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert _invoke("--db", db_url, "-q", "ingest", str(batch))[0] == 0
    code, out, err = _invoke("--db", db_url, "-q", "process")
    assert code == 0, err
    assert "3 documents" in out and "0 failed" in out
    store = open_store(db_url)
    assert store.document_counts() == {"processed": 3}
    by_doc = {ev.doc_id: e for e in store.events() for ev in e.evidence}
    assert set(by_doc) == {"n0", "n1", "n2"}
    assert by_doc["n0"].fatalities is None and not by_doc["n0"].figures  # no such count, still an event
    assert by_doc["n1"].fatalities == 6


def test_the_store_refuses_an_integer_beyond_its_column_and_fails_the_document(db_url: str) -> None:
    from cronica.run.shard import process_document

    store = open_store(db_url)
    doc = Document(doc_id="p1", text=PLAIN[0], published=dt.date(2023, 1, 10), lang="en", origin="p1.txt")
    with store.begin() as conn:
        store.add_document(doc, conn)
    result = process_document(doc, Settings())
    [mention] = result.mentions
    [figure] = mention.figures
    huge = replace(mention, figures=[replace(figure, value=10**20, low=10**20)])
    with store.begin() as conn:
        assert store.save_results("p1", [huge], [], conn) is False
    [(origin, reason)] = store.failed_documents()
    assert origin == "p1.txt"
    assert reason == "results not stored: a killed figure holds a number beyond the column's range " + (
        "(-2147483648 to 2147483647)"
    )
    with store.begin() as conn:  # the figure as extracted is stored
        assert store.save_results("p1", [mention], [], conn) is True
    assert store.document_counts() == {"processed": 1}


def test_numbers_beyond_a_billion_are_no_figures_and_break_no_extraction() -> None:
    stated = [
        "About " + "9" * 400 + ".5 million people marched in Arequipa on Friday, January 13, 2023.",
        "Some 3,000,000,000 people marched in Tacna on Friday, January 13, 2023.",
        "Police arrested 1" + ",000" * 1500 + " people in Ilo on Friday, January 13, 2023.",
    ]
    rows = [{"id": f"b{i}", "text": t, "published": "2023-01-14"} for i, t in enumerate(stated)]
    stdin = "".join(json.dumps(r) + "\n" for r in rows)
    result = CliRunner().invoke(cli, ["extract"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert {e["evidence"][0]["doc_id"] for e in events} == {"b0", "b1", "b2"}
    assert all(not e["figures"] and e["crowd_size"] is None and e["arrests"] is None for e in events)


def test_ingest_reads_gzip_no_further_than_the_setting(sqlite_url: str, tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt.gz").write_bytes(gzip.compress((REPORT + " ").encode() * 20_000))  # about 3.6 MB
    (folder / "b.txt").write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    args = ["--db", sqlite_url, "-q", "ingest", str(folder)]
    result = runner.invoke(cli, args, env={"CRONICA_MAX_DECOMPRESSED_MB": "1"}, catch_exceptions=False)
    assert result.exit_code == 1 and ": 1 new, 0 updated, 0 already stored, 1 failed" in result.stdout
    assert "a.txt.gz: decompresses to more than 1.0 MB (the max_decompressed_mb limit)" in result.stderr
