"""Scale benchmark: engines, Ray backfill, bulk load and fusion of a million event records.

On the synthetic corpus of bench/synth.py (no outside data):

1. documents per second (and per core) for the serial engine, the process pool
   (2 workers) and Ray (local, 2 CPUs), on the same documents in one run, with
   the resident memory of each worker; start-up (model loading) is timed apart;
2. the Ray Data backfill of the whole corpus (JSON-lines shards -> Parquet);
3. the time to bulk-load 1,000,000 event records into PostgreSQL (COPY into
   staging tables, then set-based inserts) and to fuse them block by block.

The records for step 3 are the real extraction records of step 2, copied with
new ids and with dates moved by whole years, so that they look like a long
backfill of the same kind of reporting.

    .venv/bin/python bench/bench_scale.py              # about 10 minutes on 2 cores
    .venv/bin/python bench/bench_scale.py --quick      # a smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from cronica.config import Settings  # noqa: E402
from cronica.model import Document, content_hash  # noqa: E402
from cronica.run.executors import PoolExecutor, SerialExecutor  # noqa: E402
from cronica.run.shard import ShardResult  # noqa: E402

RESULTS = HERE / "results" / "scale.json"


def rss_mb(pid: int | None = None) -> float:
    path = f"/proc/{pid or 'self'}/status"
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def shards_of(docs: Sequence[Document], size: int) -> list[list[Document]]:
    return [list(docs[i : i + size]) for i in range(0, len(docs), size)]


def fingerprint(results: list[ShardResult]) -> str:
    import hashlib

    h = hashlib.sha256()
    for shard in results:
        for r in shard.results:
            h.update(r.doc_id.encode())
            h.update(json.dumps([m.to_dict() for m in r.mentions], sort_keys=True).encode())
            h.update(json.dumps([t.to_dict() for t in r.tallies], sort_keys=True).encode())
            h.update(str(r.error).encode())
    return h.hexdigest()[:16]


def run_engine(name: str, docs: Sequence[Document], shard_size: int, workers: int) -> dict[str, Any]:
    settings = Settings(engine=name, workers=workers)
    warm = [docs[:2] for _ in range(workers)]
    t0 = time.perf_counter()
    executor: Any
    if name == "serial":
        from cronica.extract.document import warm_up

        warm_up()
        executor = SerialExecutor(settings)
    elif name == "pool":
        executor = PoolExecutor(settings)
    else:
        from cronica.run.ray_engine import RayExecutor

        executor = RayExecutor(settings)
    if name == "pool":  # start every worker process at once (each loads its models as it starts)
        for fut in [executor.pool.submit(time.sleep, 0.5) for _ in range(workers)]:
            fut.result()
    list(executor.map_shards(warm))  # every worker has loaded its models
    t1 = time.perf_counter()
    results = list(executor.map_shards(shards_of(docs, shard_size)))
    t2 = time.perf_counter()
    if name == "serial":
        worker_rss = [rss_mb()]
    elif name == "pool":
        worker_rss = [rss_mb(pid) for pid in executor.pool._processes]
    else:
        worker_rss = executor.worker_rss_mb()
    executor.close()
    cores = 1 if name == "serial" else workers
    rate = len(docs) / (t2 - t1)
    return {
        "engine": name,
        "workers": cores,
        "documents": len(docs),
        "startup_s": round(t1 - t0, 2),
        "seconds": round(t2 - t1, 2),
        "docs_per_s": round(rate, 1),
        "docs_per_s_per_core": round(rate / cores, 1),
        "chars_per_s_per_core": round(sum(len(d.text) for d in docs) / (t2 - t1) / cores),
        "worker_rss_mb": [round(x) for x in worker_rss],
        "mentions": sum(len(r.mentions) for s in results for r in s.results),
        "fingerprint": fingerprint(results),
    }


# -- PostgreSQL -----------------------------------------------------------------------------------


@contextmanager
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL server (the tests' one, tests/pg_throwaway.py), set up for bulk
    loading: durable commits (fsync on), larger WAL, more work memory; yields a database URL."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pg_throwaway import pg_bin, throwaway_postgres

    binaries = pg_bin()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed (initdb not found); pass --pg URL")
    with throwaway_postgres(binaries, "-c max_wal_size=4GB -c work_mem=64MB", stop="fast") as url:
        yield url + "/postgres"


# -- a million records ----------------------------------------------------------------------------


def _shift(value: str | None, years: int) -> str | None:
    if not value:
        return value
    d = dt.date.fromisoformat(value)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).isoformat()


def replicate(sources: Sequence[Path], out: Path, target: int, per_file: int = 50_000) -> tuple[int, int]:
    """Copies of the real records of ``sources`` with new ids until ``target`` mentions; returns counts."""
    from cronica.run.parquet_io import SCHEMA, read_table, write_table_atomic

    rows = [r for p in sources for r in read_table(p).to_pylist()]
    per_copy = sum(r["kind"] == "mention" for r in rows)
    copies = -(-target // per_copy)
    out.mkdir(parents=True, exist_ok=True)
    batch: list[dict[str, Any]] = []
    n_mentions = n_docs = 0
    file_no = 0

    def flush() -> None:
        nonlocal batch, file_no
        if batch:
            write_table_atomic(
                pa.Table.from_pylist(batch, schema=SCHEMA), out / f"copy-{file_no:05d}.parquet"
            )
            file_no += 1
            batch = []

    for k in range(copies):
        tag = f"c{k:04d}"
        for r in rows:
            if n_mentions >= target and r["kind"] == "document":
                break
            r = dict(r)
            doc_id = f"{r['doc_id']}-{tag}"
            rec = json.loads(r["record"]) if r["record"] else None
            if r["kind"] == "document":
                if len(batch) >= per_file:
                    flush()
                if rec:
                    rec["id"] = doc_id
                    rec["text"] = f"{rec['text']}\n\n[{tag}]"
                    rec["published"] = _shift(rec.get("published"), k)
                    r["key"] = content_hash(rec["text"])
                n_docs += 1
            elif r["kind"] == "mention":
                assert rec is not None
                rec["event_id"] = f"{rec['event_id']}-{tag}"
                rec["event_date"] = _shift(rec["event_date"], k)
                rec["date_end"] = _shift(rec["date_end"], k)
                for f in rec["figures"]:
                    f["evidence"]["doc_id"] = doc_id
                for ev in rec["evidence"]:
                    ev["doc_id"] = doc_id
                    ev["published"] = _shift(ev.get("published"), k)
                r["key"] = rec["event_id"]
                r["event_date"] = dt.date.fromisoformat(rec["event_date"]) if rec["event_date"] else None
                n_mentions += 1
            else:
                assert rec is not None
                rec["evidence"]["doc_id"] = doc_id
                rec["as_of"] = _shift(rec.get("as_of"), k)
                r["key"] = f"{r['key']}-{tag}"
                r["event_date"] = dt.date.fromisoformat(rec["as_of"]) if rec["as_of"] else None
            r["doc_id"] = doc_id
            r["record"] = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) if rec else None
            batch.append(r)
    flush()
    return n_docs, n_mentions


def main() -> None:
    ap = argparse.ArgumentParser(description="cronica scale benchmark")
    ap.add_argument("--docs", type=int, default=20_000, help="synthetic corpus size")
    ap.add_argument("--engine-docs", type=int, default=1_000, help="subset for the per-engine comparison")
    ap.add_argument("--backfill-docs", type=int, default=2_000, help="subset for the Ray Data backfill")
    ap.add_argument("--records", type=int, default=1_000_000, help="event records to bulk-load and fuse")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pg", help="PostgreSQL URL (default: start a throw-away server)")
    ap.add_argument("--keep", type=Path, help="keep the corpus and Parquet files here")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.docs, args.engine_docs, args.backfill_docs, args.records = 600, 300, 600, 20_000
    work = args.keep or Path(tempfile.mkdtemp(prefix="cronica-bench-scale-"))
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "corpus": {"documents": args.docs, "generator": "bench/synth.py", "seed": 7},
    }

    # 1. engines on the same documents
    corpus_dir = work / "corpus"
    synth.write_corpus(corpus_dir, args.docs, shard_size=250, seed=7)
    report["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    docs = [Document.from_dict(r) for r in synth.reports(args.engine_docs, 7)]
    report["corpus"]["mean_chars"] = round(sum(len(d.text) for d in docs) / len(docs))
    shard_size = 25
    engines = []
    for name in ("serial", "pool", "ray"):
        print(f"engine {name} ...", flush=True)
        engines.append(run_engine(name, docs, shard_size, args.workers))
    base = engines[0]["docs_per_s"]
    for e in engines:
        e["speedup_vs_serial"] = round(e["docs_per_s"] / base, 2)
        e["identical_to_serial"] = e["fingerprint"] == engines[0]["fingerprint"]
    report["engines"] = {"documents": len(docs), "shard_size": shard_size, "results": engines}
    save(report)

    # 2. the Ray Data backfill of the whole corpus
    from cronica.run.ray_engine import backfill

    print(f"ray backfill of {args.backfill_docs} documents ...", flush=True)
    out_dir = work / "parquet"
    t0 = time.perf_counter()
    n_files = -(-min(args.backfill_docs, args.docs) // 250)
    inputs = [str(p) for p in sorted(corpus_dir.glob("shard-*.jsonl"))[:n_files]]
    bf = backfill(inputs, out_dir, Settings(engine="ray", workers=args.workers), quiet=True)
    t_bf = time.perf_counter() - t0
    report["backfill"] = {
        "documents": bf.documents,
        "shards": bf.shards,
        "mentions": bf.mentions,
        "tallies": bf.tallies,
        "failed": bf.failed,
        "seconds_including_startup": round(t_bf, 1),
        "docs_per_s": round(bf.documents / t_bf, 1),
        "docs_per_s_per_core": round(bf.documents / t_bf / args.workers, 1),
    }
    save(report)

    # 3. a million event records into PostgreSQL, then fusion by block
    print(f"replicating to {args.records} event records ...", flush=True)
    big = work / "million"
    n_docs, n_mentions = replicate(bf.outputs, big, args.records)
    from cronica.run.fusion import fuse_blocks
    from cronica.run.load import load_shards
    from cronica.store.db import open_store

    with postgres() if not args.pg else _given(args.pg) as url:
        store = open_store(url)
        print(f"loading {n_mentions} event records ({n_docs} documents) into PostgreSQL ...", flush=True)
        from cronica.run.parquet_io import shard_files

        t0 = time.perf_counter()
        counts, touched = load_shards(store, shard_files(big))
        t_load = time.perf_counter() - t0
        print("fusing ...", flush=True)
        t0 = time.perf_counter()
        n_events = fuse_blocks(store, touched)
        t_fuse = time.perf_counter() - t0
        print("loading the same files again (idempotent) ...", flush=True)
        t0 = time.perf_counter()
        load_shards(store, shard_files(big)[:1])
        t_reload = time.perf_counter() - t0
        tables = store.table_counts()
    report["postgres_load"] = {
        "event_records": counts.mentions,
        "documents": counts.documents,
        "tallies": counts.tallies,
        "figures": tables["figures"],
        "files": counts.shards,
        "load_seconds": round(t_load, 1),
        "records_per_s": round(counts.mentions / t_load),
        "fuse_seconds": round(t_fuse, 1),
        "fused_events": n_events,
        "blocks": len(touched),
        "reload_one_file_seconds": round(t_reload, 1),
        "table_counts": tables,
    }

    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    save(report)
    print_table(report)
    print(f"\nwritten {RESULTS.relative_to(HERE.parent)}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def save(report: dict[str, Any]) -> None:
    """Write what is measured so far (a long run that is stopped keeps its first steps)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def print_table(report: dict[str, Any]) -> None:
    eng = report["engines"]
    print(f"\nEngines, {eng['documents']} synthetic reports (mean {report['corpus']['mean_chars']} chars):")
    print(
        f"{'engine':8} {'workers':>7} {'startup s':>9} {'docs/s':>8} {'docs/s/core':>11} {'x serial':>8} "
        f"{'RSS MB/worker':>14} {'identical':>9}"
    )
    for e in eng["results"]:
        rss = "/".join(str(x) for x in e["worker_rss_mb"])
        print(
            f"{e['engine']:8} {e['workers']:>7} {e['startup_s']:>9} {e['docs_per_s']:>8} "
            f"{e['docs_per_s_per_core']:>11} {e['speedup_vs_serial']:>8} {rss:>14} "
            f"{e['identical_to_serial']!s:>9}"
        )
    bf = report["backfill"]
    print(
        f"\nRay Data backfill: {bf['documents']} documents in {bf['shards']} shards, "
        f"{bf['seconds_including_startup']} s with start-up ({bf['docs_per_s_per_core']} docs/s/core), "
        f"{bf['mentions']} mentions"
    )
    pg = report["postgres_load"]
    print(
        f"PostgreSQL: {pg['event_records']} event records ({pg['documents']} documents, "
        f"{pg['figures']} figures) loaded in {pg['load_seconds']} s ({pg['records_per_s']}/s); "
        f"fused into {pg['fused_events']} events in {pg['fuse_seconds']} s over {pg['blocks']} blocks; "
        f"one file again: {pg['reload_one_file_seconds']} s"
    )


if __name__ == "__main__":
    main()
