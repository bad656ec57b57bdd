"""The loader (Parquet shard files -> store, then fusion) on SQLite and on the real PostgreSQL server.

Loading gives exactly what the runner's per-document writes give, loading twice
changes nothing, and fusing only the touched blocks gives what a full re-fusion
gives.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cronica.config import Settings
from cronica.model import Document
from cronica.run.fusion import fuse_blocks, fuse_store
from cronica.run.load import load_and_fuse, load_shards
from cronica.run.parquet_io import write_shard
from cronica.run.shard import ShardResult, process_shard
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.db import Store

REPO = Path(__file__).resolve().parents[2]


def _synth_docs(n: int, seed: int) -> list[Document]:
    spec = importlib.util.spec_from_file_location("cronica_bench_synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Document.from_dict(r) for r in module.reports(n, seed)]


@pytest.fixture(scope="module")
def shards() -> list[tuple[list[Document], ShardResult]]:
    docs = _synth_docs(30, seed=5)
    out = []
    for i in range(0, 30, 10):
        part = docs[i : i + 10]
        out.append((part, process_shard(part, Settings())))
    # one document that failed, to check failures travel too
    part, res = out[-1]
    failed = dataclasses.replace(res.results[-1], mentions=[], tallies=[], error="extraction failed: X")
    res.results[-1] = failed
    return out


def _write(shards: list[tuple[list[Document], ShardResult]], folder: Path) -> list[Path]:
    paths = []
    for i, (docs, res) in enumerate(shards):
        path = folder / f"shard-{i}.parquet"
        write_shard(path, docs, res)
        paths.append(path)
    return paths


def _snapshot(store: Store) -> dict[str, Any]:
    with store.begin() as conn:
        docs = conn.execute(
            sa.select(
                t.documents.c.doc_id, t.documents.c.status, t.documents.c.error, t.documents.c.text
            ).order_by(t.documents.c.doc_id)
        ).all()
        mentions = conn.execute(
            sa.select(
                t.mentions.c.mention_id,
                t.mentions.c.doc_id,
                t.mentions.c.event_date,
                t.mentions.c.sub_event_type,
                t.mentions.c.country_code,
                t.mentions.c.admin1,
                t.mentions.c.background,
                t.mentions.c.record,
            ).order_by(t.mentions.c.mention_id)
        ).all()
        figures = conn.execute(sa.select(t.figures).order_by(t.figures.c.mention_id, t.figures.c.seq)).all()
        links = conn.execute(
            sa.select(t.event_mentions).order_by(t.event_mentions.c.event_id, t.event_mentions.c.mention_id)
        ).all()
    return {
        "documents": [tuple(r) for r in docs],
        "mentions": [tuple(r) for r in mentions],
        "figures": [tuple(r) for r in figures],
        "tallies": [x.to_dict() for x in store.tallies()],
        "events": [e.to_dict() for e in store.events()],
        "links": [tuple(r) for r in links],
    }


def _reference(shards: list[tuple[list[Document], ShardResult]], url: str) -> dict[str, Any]:
    """What the runner's own path (ingest, save_results per document, full fusion) stores."""
    store = open_store(url)
    with store.begin() as conn:
        for docs, res in shards:
            for d in docs:
                store.add_document(d, conn)
            for r in res.results:
                if r.error:
                    store.mark_failed(r.doc_id, r.error, conn)
                else:
                    store.save_results(r.doc_id, r.mentions, r.tallies, conn)
    fuse_store(store)
    return _snapshot(store)


def test_load_matches_runner_and_is_idempotent(
    db_url: str, tmp_path: Path, shards: list[tuple[list[Document], ShardResult]]
) -> None:
    reference = _reference(shards, f"sqlite:///{tmp_path / 'ref.db'}")
    assert reference["mentions"] and reference["events"] and reference["figures"]
    paths = _write(shards, tmp_path / "out")
    store = open_store(db_url)
    # some documents were ingested before (pending); the others arrive with their shard file
    with store.begin() as conn:
        for d in shards[0][0][:4]:
            store.add_document(d, conn)
    counts = load_and_fuse(store, paths)
    assert counts.shards == 3 and counts.documents == 30 and counts.failed == 1
    assert _snapshot(store) == reference
    assert store.runs()[-1]["command"] == "load" and store.runs()[-1]["status"] == "partial"

    load_and_fuse(store, paths)  # again: nothing duplicated, nothing changed
    load_and_fuse(store, paths[1:2])
    assert _snapshot(store) == reference


def test_reloading_new_results_replaces_old(
    db_url: str, tmp_path: Path, shards: list[tuple[list[Document], ShardResult]]
) -> None:
    """A shard re-processed with different results replaces what its documents had, and re-fuses."""
    store = open_store(db_url)
    paths = _write(shards, tmp_path / "out")
    load_and_fuse(store, paths)
    docs, res = shards[0]
    emptied = ShardResult([dataclasses.replace(r, mentions=[], tallies=[]) for r in res.results])
    redo = tmp_path / "redo" / "shard-0.parquet"
    write_shard(redo, docs, emptied)
    _, touched = load_shards(store, [redo])
    fuse_blocks(store, touched)
    gone = {d.doc_id for d in docs}
    snap = _snapshot(store)
    assert not [m for m in snap["mentions"] if m[1] in gone]
    assert all(ev["doc_id"] not in gone for e in snap["events"] for ev in e["evidence"])
    # the blocks touched were re-fused exactly as a full re-fusion does
    partial_events = snap["events"]
    fuse_store(store)
    assert _snapshot(store)["events"] == partial_events


def test_same_text_under_another_id_is_one_document(
    sqlite_url: str, tmp_path: Path, shards: list[tuple[list[Document], ShardResult]]
) -> None:
    store = open_store(sqlite_url)
    docs, res = shards[0]
    load_and_fuse(store, _write([(docs[:1], ShardResult(res.results[:1]))], tmp_path / "a"))
    copy = dataclasses.replace(docs[0], doc_id="copy-of-first")
    copied = ShardResult([dataclasses.replace(res.results[0], doc_id="copy-of-first")])
    load_and_fuse(store, _write([([copy], copied)], tmp_path / "b"))
    snap = _snapshot(store)
    assert [d[0] for d in snap["documents"]] == [docs[0].doc_id]
    assert all(m[1] == docs[0].doc_id for m in snap["mentions"])
