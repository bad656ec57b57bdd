"""Loading Parquet shard files into the store, then re-fusing the countries they touched.

A cluster run (``cronica backfill``) leaves one Parquet file per shard
(``cronica.run.parquet_io``). ``load_shards`` turns each file into rows shaped
like the tables and hands them to ``cronica.store.bulk.write_staged``, one
transaction per file: loading a file twice, or again after a crash half-way,
gives the same database as loading it once.

``load_and_fuse`` is the whole job with its manifest row: load every file, then
re-fuse only the countries the files touched (``cronica.run.fusion``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica import __version__
from cronica.run.fusion import fuse_blocks
from cronica.run.manifest import new_run_id
from cronica.run.parquet_io import read_table
from cronica.run.progress import Progress
from cronica.store.bulk import Staged, StagedDocument, StagedFigure, StagedMention, StagedTally, write_staged
from cronica.store.db import Store


@dataclass
class LoadCounts:
    """What a load moved: shard files, documents (failed ones included), mentions, tallies; events after."""

    shards: int = 0
    documents: int = 0
    mentions: int = 0
    tallies: int = 0
    failed: int = 0
    events: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts for a run manifest."""
        return dict(self.__dict__)

    def add(self, other: LoadCounts) -> None:
        """Add ``other``'s counts to these."""
        for k, v in other.as_dict().items():
            setattr(self, k, getattr(self, k) + v)


Columns = dict[str, list[Any]]


def _document(cols: Columns, i: int) -> StagedDocument:
    doc_id = cols["doc_id"][i]
    rec = json.loads(cols["record"][i]) if cols["record"][i] else {}
    published = rec.get("published")
    return StagedDocument(
        doc_id,
        cols["key"][i] or f"failed:{doc_id}",
        rec.get("title"),
        rec.get("text", ""),
        rec.get("url"),
        rec.get("source"),
        dt.date.fromisoformat(published) if published else None,
        rec.get("lang"),
        rec.get("origin"),
        cols["status"][i],
        cols["error"][i],
    )


def _mention(cols: Columns, i: int) -> StagedMention:
    return StagedMention(
        cols["key"][i],
        cols["doc_id"][i],
        cols["event_date"][i],
        cols["sub_event_type"][i],
        cols["country_code"][i],
        cols["admin1"][i],
        bool(cols["background"][i]),
        cols["record"][i],
    )


def _figures(mention: StagedMention) -> list[StagedFigure]:
    """The figures of a mention, out of its record, numbered in order."""
    out = []
    for seq, f in enumerate(json.loads(mention.record).get("figures", [])):
        ev = f["evidence"]
        out.append(
            StagedFigure(
                mention.mention_id,
                seq,
                ev["doc_id"],
                f["kind"],
                f["value"],
                f.get("low"),
                f.get("high"),
                f["qualifier"],
                ev["start"],
                ev["end"],
            )
        )
    return out


def _tally(cols: Columns, i: int) -> StagedTally:
    rec = json.loads(cols["record"][i])
    return StagedTally(
        cols["key"][i],
        cols["doc_id"][i],
        rec["kind"],
        rec["value"],
        cols["event_date"][i],
        cols["country_code"][i],
        cols["record"][i],
    )


def stage_shard(path: Path) -> Staged:
    """Read one shard file into rows shaped like the tables (figures come out of the mention records)."""
    cols = read_table(path).to_pydict()
    out = Staged()
    for i, kind in enumerate(cols["kind"]):
        if kind == "document":
            out.documents.append(_document(cols, i))
        elif kind == "mention":
            mention = _mention(cols, i)
            out.mentions.append(mention)
            out.figures.extend(_figures(mention))
        elif kind == "tally":
            out.tallies.append(_tally(cols, i))
    return out


def load_shard(store: Store, path: Path, run_id: str | None = None) -> tuple[LoadCounts, set[str | None]]:
    """Load one shard file in one transaction; returns its counts and the countries it touched."""
    staged = stage_shard(path)
    touched = write_staged(store, staged, run_id)
    counts = LoadCounts(
        shards=1,
        documents=len(staged.documents),
        mentions=len(staged.mentions),
        tallies=len(staged.tallies),
        failed=sum(1 for d in staged.documents if d.status == "failed"),
    )
    return counts, touched


def load_shards(
    store: Store, paths: Iterable[Path], run_id: str | None = None, quiet: bool = True
) -> tuple[LoadCounts, set[str | None]]:
    """Load every shard file (each in its own transaction); returns the counts and the countries touched."""
    total = LoadCounts()
    touched: set[str | None] = set()
    with Progress("load", quiet=quiet) as progress:
        for path in paths:
            counts, countries = load_shard(store, Path(path), run_id)
            touched |= countries
            total.add(counts)
            progress.advance(counts.documents, failed=counts.failed, events=counts.mentions)
    return total, touched


def load_and_fuse(store: Store, paths: Sequence[Path], quiet: bool = True) -> LoadCounts:
    """Load shard files, re-fuse the blocks they touched; one manifest row in ``runs``."""
    run_id = new_run_id()
    store.start_run(run_id, "load", __version__, "bulk")
    counts, touched = load_shards(store, paths, run_id, quiet=quiet)
    fuse_blocks(store, touched)
    counts.events = store.table_counts()["events"]
    store.finish_run(run_id, "partial" if counts.failed else "ok", counts.as_dict(), [])
    return counts
