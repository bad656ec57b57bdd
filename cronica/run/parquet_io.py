"""Shard results as Parquet files: one file per shard, written atomically.

A cluster run writes what each shard produced to its own Parquet file and a
loader (``cronica.run.load``) moves the files into the database. A file is
first written under a temporary name and then renamed, so a file under its
final name is always complete: a shard whose file exists is done, anything else
(no file, or a left-over ``.tmp-*``) is redone. That is what makes a killed
cluster run resumable without duplicates.

One row per record, with a ``kind`` column:

- ``document``: the document itself (``record`` is ``Document.to_dict()``), its
  ``status`` (``processed`` or ``failed``), ``error`` and detected ``lang``;
- ``mention``: an event mention (``record`` is ``Event.to_dict()``), with the
  columns the ``mentions`` table indexes (date, sub-type, country, region);
- ``tally``: a running total (``record`` is ``Tally.to_dict()``).

Records are JSON text so the files stay readable by any Parquet tool and the
contract shapes of DESIGN.md section 4 are kept byte for byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cronica.model import Document, Event, Tally
from cronica.run.shard import DocResult, ShardResult

SUFFIX = ".parquet"

SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("doc_id", pa.string()),
        ("key", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("lang", pa.string()),
        ("event_date", pa.date32()),
        ("sub_event_type", pa.string()),
        ("country_code", pa.string()),
        ("admin1", pa.string()),
        ("background", pa.bool_()),
        ("record", pa.string()),
    ]
)


@dataclass
class ShardFile:
    """What one shard file holds: its documents (with status) and their results."""

    documents: list[Document] = field(default_factory=list)
    results: ShardResult = field(default_factory=lambda: ShardResult([]))

    @property
    def counts(self) -> dict[str, int]:
        """Documents, mentions, tallies and failed documents in the file."""
        res = self.results.results
        return {
            "documents": len(res),
            "mentions": sum(len(r.mentions) for r in res),
            "tallies": sum(len(r.tallies) for r in res),
            "failed": sum(1 for r in res if r.error),
        }


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


def shard_rows(documents: Sequence[Document], result: ShardResult) -> list[dict[str, Any]]:
    """The rows of one shard file (documents and results are matched by ``doc_id``)."""
    from cronica.store.db import tally_id

    by_id = {d.doc_id: d for d in documents}
    rows: list[dict[str, Any]] = []
    empty: dict[str, Any] = dict.fromkeys(SCHEMA.names)
    for res in result.results:
        doc = by_id.get(res.doc_id)
        rows.append(
            {
                **empty,
                "kind": "document",
                "doc_id": res.doc_id,
                "key": doc.content_hash if doc else None,
                "status": "failed" if res.error else "processed",
                "error": res.error,
                "lang": res.lang,
                "record": _dumps(doc.to_dict()) if doc else None,
            }
        )
        for m in res.mentions:
            loc = m.location
            rows.append(
                {
                    **empty,
                    "kind": "mention",
                    "doc_id": res.doc_id,
                    "key": m.event_id,
                    "event_date": m.event_date,
                    "sub_event_type": m.sub_event_type,
                    "country_code": loc.country_code if loc else None,
                    "admin1": loc.admin1 if loc else None,
                    "background": m.background,
                    "record": _dumps(m.to_dict()),
                }
            )
        for tl in res.tallies:
            rows.append(
                {
                    **empty,
                    "kind": "tally",
                    "doc_id": res.doc_id,
                    "key": tally_id(tl),
                    "event_date": tl.as_of,
                    "country_code": tl.country_code,
                    "record": _dumps(tl.to_dict()),
                }
            )
    return rows


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` so that ``path`` never exists half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    try:  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:  # some file systems do not let a folder be opened or synced
        pass


def write_shard(path: Path, documents: Sequence[Document], result: ShardResult) -> dict[str, int]:
    """Write one shard's documents and results; returns its counts."""
    rows = shard_rows(documents, result)
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    write_table_atomic(table, path)
    return ShardFile(list(documents), result).counts


def read_table(path: Path) -> pa.Table:
    """A shard file as an Arrow table with the shard schema."""
    return pq.read_table(path, schema=SCHEMA)


def read_shard(path: Path) -> ShardFile:
    """Read a shard file back into documents and a ``ShardResult`` (in the order written)."""
    out = ShardFile()
    current: DocResult | None = None
    for row in read_table(path).to_pylist():
        kind = row["kind"]
        if kind == "document":
            current = DocResult(row["doc_id"], lang=row["lang"], error=row["error"])
            out.results.results.append(current)
            if row["record"]:
                out.documents.append(Document.from_dict(json.loads(row["record"])))
        elif current is None or row["doc_id"] != current.doc_id:
            raise ValueError(f"{path}: {kind} row for {row['doc_id']!r} outside its document")
        elif kind == "mention":
            current.mentions.append(Event.from_dict(json.loads(row["record"])))
        elif kind == "tally":
            current.tallies.append(Tally.from_dict(json.loads(row["record"])))
        else:
            raise ValueError(f"{path}: unknown row kind {kind!r}")
    return out


def shard_files(folder: Path) -> list[Path]:
    """The complete shard files in ``folder`` (temporary left-overs are not included), sorted."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(SUFFIX))


def clean_partial(folder: Path) -> int:
    """Remove files a killed writer left half-written; returns how many."""
    if not folder.exists():
        return 0
    n = 0
    for p in folder.iterdir():
        if ".parquet.tmp-" in p.name:
            p.unlink(missing_ok=True)
            n += 1
    return n
