"""A folder source: the files present are read once, and later cycles read only files that are new."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cronica.config import Settings
from cronica.run.manifest import new_run_id
from cronica.store import open_store
from cronica.watch import poll as poll_module
from cronica.watch.cycle import Pace, run_cycle

PACE = Pace(every_s=60, max_backoff_s=3600)


def _write(folder: Path, name: str, report: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_folder_gives_new_files_only(
    reports: list[dict[str, Any]], sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(3):
        _write(inbox, f"r{i}.json", reports[i])
    (inbox / ".partial.json").write_text("{", encoding="utf-8")  # being written: hidden, not read
    settings = Settings(db=sqlite_url)
    store = open_store(sqlite_url)
    read: list[str] = []
    real = poll_module.read_file

    def counted(path: Path, limits: Any) -> Any:
        read.append(path.name)
        return real(path, limits)

    monkeypatch.setattr(poll_module, "read_file", counted)

    first = run_cycle(store, [str(inbox)], settings, PACE, new_run_id())
    assert (first.documents, first.failed, sorted(read)) == (3, 0, ["r0.json", "r1.json", "r2.json"])

    read.clear()
    second = run_cycle(store, [str(inbox)], settings, PACE, new_run_id())
    assert (second.unchanged, second.documents, read) == (1, 0, [])

    _write(inbox, "r3.json", reports[3])
    (inbox / "r4.txt").write_bytes(b"\x00\x01binary")  # a bad file fails alone, once
    third = run_cycle(store, [str(inbox)], settings, PACE, new_run_id())
    assert (third.documents, third.documents_failed, sorted(read)) == (1, 1, ["r3.json", "r4.txt"])
    assert store.document_counts() == {"processed": 4, "failed": 1}

    read.clear()
    fourth = run_cycle(store, [str(inbox)], settings, PACE, new_run_id())
    assert (fourth.documents, fourth.documents_failed, read) == (0, 0, [])


def test_a_rewritten_file_is_read_but_its_documents_are_not_taken_twice(
    reports: list[dict[str, Any]], sqlite_url: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    lines = inbox / "wire.jsonl"
    lines.write_text(json.dumps(reports[0]) + "\n", encoding="utf-8")
    settings = Settings(db=sqlite_url)
    store = open_store(sqlite_url)
    assert run_cycle(store, [str(inbox)], settings, PACE, new_run_id()).documents == 1
    with lines.open("a", encoding="utf-8") as fh:  # a scraper appends a line
        fh.write(json.dumps(reports[1]) + "\n")
    assert run_cycle(store, [str(inbox)], settings, PACE, new_run_id()).documents == 1
    assert store.table_counts()["documents"] == 2


def test_a_missing_folder_fails_but_an_empty_glob_waits(sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(db=sqlite_url)
    store = open_store(sqlite_url)
    missing, glob = str(tmp_path / "nowhere"), str(tmp_path / "later-*.json")
    report = run_cycle(store, [missing, glob], settings, PACE, new_run_id())
    assert (report.failed, report.unchanged) == (1, 1)
    assert report.errors[0].spec == missing and "no such file" in report.errors[0].reason


def test_a_url_list_is_read_every_cycle(tmp_path: Path) -> None:
    from cronica.watch.cycle import url_lists

    listing = tmp_path / "outlets.urls"
    listing.write_text("# wires\nhttps://a.example/feed.xml\n\nhttps://b.example/rss\n", encoding="utf-8")
    specs, unreadable = url_lists([str(listing), str(tmp_path / "gone.urls"), "inbox"])
    assert specs == ["https://a.example/feed.xml", "https://b.example/rss", "inbox"]
    assert unreadable[0][0].endswith("gone.urls") and "cannot read the URL list" in unreadable[0][1]


def test_a_folder_that_cannot_be_listed_fails_alone(
    reports: list[dict[str, Any]], sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked, inbox = tmp_path / "locked", tmp_path / "inbox"
    locked.mkdir()
    inbox.mkdir()
    _write(inbox, "r0.json", reports[0])
    real = poll_module.expand

    def expand(spec: str) -> Any:
        if spec == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(spec)

    monkeypatch.setattr(poll_module, "expand", expand)
    report = run_cycle(
        open_store(sqlite_url), [str(locked), str(inbox)], Settings(db=sqlite_url), PACE, new_run_id()
    )
    assert (report.failed, report.documents) == (1, 1)
    assert report.errors[0].reason == "cannot read: Permission denied"
