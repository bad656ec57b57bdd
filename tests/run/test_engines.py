"""Every engine gives the same results as the serial one, on the same input."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from cronica.config import Settings
from cronica.model import Document
from cronica.run.executors import PoolExecutor, SerialExecutor
from cronica.run.parquet_io import read_shard, write_shard
from cronica.run.shard import ShardResult, process_shard


def _shards(docs: Sequence[Document], size: int) -> list[list[Document]]:
    return [list(docs[i : i + size]) for i in range(0, len(docs), size)]


def _flat(results: list[ShardResult]) -> list[dict[str, Any]]:
    """Everything a result says, as plain data (so two runs compare field by field)."""
    out = []
    for shard in results:
        for r in shard.results:
            out.append(
                {
                    "doc_id": r.doc_id,
                    "lang": r.lang,
                    "error": r.error,
                    "mentions": [m.to_dict() for m in r.mentions],
                    "tallies": [t.to_dict() for t in r.tallies],
                }
            )
    return out


@pytest.fixture(scope="module")
def docs(synth_documents: Callable[[int], list[Document]]) -> list[Document]:
    return synth_documents(36)


@pytest.fixture(scope="module")
def serial(docs: list[Document]) -> list[dict[str, Any]]:
    ex = SerialExecutor(Settings(workers=1))
    try:
        out = _flat(list(ex.map_shards(_shards(docs, 5))))
    finally:
        ex.close()
    # the input is meant to exercise the pipeline: events in most reports, none in some
    assert sum(bool(r["mentions"]) for r in out) > len(docs) // 2
    assert any(not r["mentions"] for r in out)
    return out


def test_serial_is_deterministic(docs: list[Document], serial: list[dict[str, Any]]) -> None:
    ex = SerialExecutor(Settings(workers=1))
    assert _flat(list(ex.map_shards(_shards(docs, 7)))) == serial


@pytest.mark.slow
def test_pool_matches_serial(docs: list[Document], serial: list[dict[str, Any]]) -> None:
    ex = PoolExecutor(Settings(engine="pool", workers=2))
    try:
        got = _flat(list(ex.map_shards(_shards(docs, 5))))
    finally:
        ex.close()
    assert got == serial


@pytest.mark.slow
def test_ray_matches_serial(docs: list[Document], serial: list[dict[str, Any]]) -> None:
    pytest.importorskip("ray", reason="Ray is the optional 'cluster' extra")
    from cronica.run.ray_engine import RayExecutor

    ex = RayExecutor(Settings(engine="ray", workers=2))
    try:
        got = _flat(list(ex.map_shards(_shards(docs, 3))))  # more shards than the in-flight window
        assert all(rss > 0 for rss in ex.worker_rss_mb())
    finally:
        ex.close()
    assert got == serial


def test_parquet_round_trip(docs: list[Document], serial: list[dict[str, Any]], tmp_path: Path) -> None:
    result = SerialExecutor(Settings(workers=1)).map_shards([docs[:10]])
    shard = next(iter(result))
    shard.results.append(dataclasses.replace(shard.results[0], doc_id="broken", mentions=[], error="boom"))
    counts = write_shard(tmp_path / "s.parquet", docs[:10], shard)
    assert counts["documents"] == 11 and counts["failed"] == 1
    back = read_shard(tmp_path / "s.parquet")
    assert _flat([back.results]) == _flat([shard])
    assert back.documents == docs[:10]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.parquet"]  # no temporary file left


@pytest.mark.slow
def test_ray_backfill_resumes_and_matches_serial(synth: Any, tmp_path: Path) -> None:
    """Ray Data over JSON-lines shards -> Parquet; a lost shard file is redone, the rest skipped."""
    ray = pytest.importorskip("ray", reason="Ray is the optional 'cluster' extra")
    from cronica.run.parquet_io import read_shard, shard_files
    from cronica.run.ray_engine import backfill, shard_name
    from cronica.sources import read_sources

    inputs = synth.write_corpus(tmp_path / "in", 24, shard_size=8, seed=3)
    out = tmp_path / "out"
    settings = Settings(engine="ray", workers=2)
    ray.init(num_cpus=2, include_dashboard=False)
    try:
        first = backfill([str(tmp_path / "in")], out, settings, quiet=True)
        assert (first.shards, first.skipped, first.documents) == (3, 0, 24)
        lost = out / shard_name(inputs[1])
        before = lost.read_bytes()
        lost.unlink()
        (out / (lost.name + ".tmp-99")).write_bytes(b"half")  # what a killed writer leaves
        again = backfill([str(tmp_path / "in")], out, settings, quiet=True)
        assert (again.shards, again.skipped, again.documents) == (1, 2, 8)
    finally:
        ray.shutdown()
    assert shard_files(out) == sorted(out / shard_name(p) for p in inputs)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in shard_files(out))
    assert read_shard(lost).results == read_shard(out / shard_name(inputs[1])).results
    assert lost.read_bytes() == before  # same input, same bytes
    for path in inputs:
        docs = [d for d in read_sources([str(path)]) if isinstance(d, Document)]
        got = read_shard(out / shard_name(path))
        assert got.documents == docs
        assert _flat([got.results]) == _flat([process_shard(docs, Settings())])


def test_ray_engine_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from cronica.errors import ConfigError
    from cronica.run.executors import make_executor

    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    monkeypatch.delitem(sys.modules, "cronica.run.ray_engine", raising=False)
    with pytest.raises(ConfigError, match=r"pip install 'cronica\[cluster\]'"):
        make_executor(Settings(engine="ray"))
