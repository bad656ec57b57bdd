"""Reading documents from files, folders, globs, feeds, WARC archives and URLs.

``read_sources`` yields a ``Document`` or a ``Failure`` for every input it meets
and never raises for a bad input: one broken file must not stop a batch.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import MAX_DOCUMENT_BYTES, Failure, decode
from cronica.sources.fetch import fetch_url
from cronica.sources.html import read_html
from cronica.sources.jsonl import read_json, read_jsonl, read_jsonl_lines
from cronica.sources.rss import read_feed
from cronica.sources.text import read_text
from cronica.sources.warc import read_warc

__all__ = ["Failure", "read_bytes", "read_sources", "read_stdin"]

TEXT = {".txt", ".text", ".md"}
HTML = {".html", ".htm", ".xhtml"}
FEEDS = {".rss", ".atom", ".xml"}
WARC = {".warc", ".arc"}
JSON = {".json"}
JSONL = {".jsonl", ".ndjson"}
KNOWN = TEXT | HTML | FEEDS | WARC | JSON | JSONL
MAX_FILE_BYTES = 2_000_000_000  # WARC and JSONL files hold many documents


def _kind(name: str, data: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    suffix = Path(lower).suffix
    if suffix in WARC or lower.endswith(".warc"):
        return "warc"
    if suffix in JSONL:
        return "jsonl"
    if suffix in JSON:
        return "json"
    if suffix in HTML:
        return "html"
    if suffix in FEEDS:
        return "feed"
    if suffix in TEXT:
        return "text"
    head = data[:512].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def read_bytes(data: bytes, origin: str, name: str | None = None) -> Iterator[Document | Failure]:
    """Documents from the bytes of one file or download; failures instead of exceptions."""
    try:
        if (name or origin).lower().endswith(".gz"):
            data = gzip.decompress(data)
        kind = _kind(name or origin, data)
        if kind == "warc":
            yield from read_warc(data, origin)
        elif kind == "jsonl":
            yield from read_jsonl(data, origin)
        elif kind == "json":
            yield from read_json(data, origin)
        elif kind == "feed":
            yield from read_feed(data, origin)
        elif kind == "html":
            yield read_html(data, origin)
        else:
            yield read_text(data, origin)
    except SourceError as exc:
        yield Failure(origin, str(exc))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Failure(origin, f"unreadable: {exc}")


def _expand(spec: str) -> Iterator[Path | str | Failure]:
    if spec.startswith(("http://", "https://")):
        yield spec
        return
    path = Path(spec)
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                yield p
        return
    if path.is_file():
        yield path
        return
    matches = sorted(glob.glob(spec, recursive=True))
    if matches:
        for m in matches:
            if Path(m).is_file():
                yield Path(m)
        return
    yield Failure(spec, "no such file, folder or glob match")


def read_sources(specs: Iterable[str], published: dt.date | None = None) -> Iterator[Document | Failure]:
    """Every document found in ``specs`` (paths, folders, globs, feed or page URLs).

    ``published`` overrides the publication date of every document.
    """
    for spec in specs:
        for item in _expand(spec):
            if isinstance(item, Failure):
                yield item
                continue
            origin = str(item)
            try:
                if isinstance(item, Path):
                    size = item.stat().st_size
                    limit = (
                        MAX_FILE_BYTES
                        if item.suffix.lower() in WARC | JSONL | {".gz"}
                        else MAX_DOCUMENT_BYTES
                    )
                    if size > limit:
                        yield Failure(
                            origin, f"file too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB)"
                        )
                        continue
                    data, name = item.read_bytes(), item.name
                else:
                    data, name = fetch_url(item)  # a FetchError is an OSError: a Failure below
            except OSError as exc:
                yield Failure(origin, f"cannot read: {exc.strerror or exc}")
                continue
            for out in read_bytes(data, origin, name):
                if published is not None and isinstance(out, Document):
                    out = replace(out, published=published)
                yield out


def read_stdin(published: dt.date | None = None) -> Iterator[Document | Failure]:
    """JSON lines on standard input."""
    raw = sys.stdin.buffer.read()
    lines = decode(raw).splitlines() if raw else []
    for out in read_jsonl_lines(iter(lines), "<stdin>"):
        if published is not None and isinstance(out, Document) and out.published is None:
            out = replace(out, published=published)
        yield out
