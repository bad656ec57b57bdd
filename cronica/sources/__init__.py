"""Reading documents from files, folders, globs, feeds, WARC archives and URLs.

``read_sources`` yields a ``Document`` or a ``Failure`` for every input it meets
and never raises for a bad input: one broken file must not stop a batch. Gzip
data is decompressed as a stream up to :class:`~cronica.sources.common.InputLimits`,
so a gzip bomb costs no more memory than the limit.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import MAX_DOCUMENT_BYTES, Failure, InputLimits, gunzip
from cronica.sources.fetch import fetch_url
from cronica.sources.html import read_html
from cronica.sources.jsonl import read_json, read_jsonl, read_jsonl_stream
from cronica.sources.rss import read_feed
from cronica.sources.text import read_text
from cronica.sources.warc import read_warc

__all__ = ["Failure", "InputLimits", "expand", "read_bytes", "read_file", "read_sources", "read_stdin"]

TEXT = {".txt", ".text", ".md"}
HTML = {".html", ".htm", ".xhtml"}
FEEDS = {".rss", ".atom", ".xml"}
WARC = {".warc", ".arc"}
JSON = {".json"}
JSONL = {".jsonl", ".ndjson"}
KNOWN = TEXT | HTML | FEEDS | WARC | JSON | JSONL
MAX_FILE_BYTES = 2_000_000_000  # WARC and JSONL files hold many documents
GZIP_MAGIC = b"\x1f\x8b"


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


def read_bytes(
    data: bytes, origin: str, name: str | None = None, limits: InputLimits | None = None
) -> Iterator[Document | Failure]:
    """Documents from the bytes of one file or download; failures instead of exceptions."""
    limits = limits or InputLimits()
    name = name or origin
    try:
        if name.lower().endswith(".gz"):
            data, name = gunzip(io.BytesIO(data), limits.decompressed_bytes), name[:-3]
        elif data[:2] == GZIP_MAGIC:  # a gzip WARC not named .gz: warcio would decompress it unbounded
            data = gunzip(io.BytesIO(data), limits.decompressed_bytes)
        yield from _parse(data, origin, name, limits)
    except SourceError as exc:
        yield Failure(origin, str(exc))
    except (OSError, EOFError) as exc:
        yield Failure(origin, f"unreadable: {exc}")


def _parse(data: bytes, origin: str, name: str, limits: InputLimits) -> Iterator[Document | Failure]:
    kind = _kind(name, data)
    if kind == "warc":
        yield from read_warc(data, origin)
    elif kind == "jsonl":
        yield from read_jsonl(data, origin)
    elif kind == "json":
        yield from read_json(data, origin)
    elif kind == "feed":
        yield from read_feed(data, origin, limits.feed_bytes)
    elif kind == "html":
        yield read_html(data, origin)
    else:
        yield read_text(data, origin)


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


def expand(spec: str) -> Iterator[Path | str | Failure]:
    """The inputs one source names, as ``read_sources`` reads them: a URL, the files of a folder
    (hidden files left out) or a glob, or a failure when the spec names nothing."""
    return _expand(spec)


def read_file(path: Path, limits: InputLimits | None = None) -> Iterator[Document | Failure]:
    """The documents of one file, as ``read_sources`` reads it; failures instead of exceptions."""
    return _read_item(path, limits or InputLimits())


def origin_of(path: Path) -> str:
    """The origin that documents read from ``path`` carry (undecodable bytes of a name escaped)."""
    return _origin(path)


def _origin(path: Path) -> str:
    """A path as text that any database stores: bytes of a name that are not UTF-8 are escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _load_size(path: Path) -> None:
    """SourceError when the file at ``path`` is larger than its kind may be."""
    size = path.stat().st_size
    limit = MAX_FILE_BYTES if path.suffix.lower() in WARC | JSONL | {".gz"} else MAX_DOCUMENT_BYTES
    if size > limit:
        raise SourceError(f"file too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB)")


def _load(path: Path, limits: InputLimits) -> tuple[bytes, str]:
    """The bytes of a file and the name to read them by; a gzip file is decompressed as it is read."""
    _load_size(path)
    if path.name.lower().endswith(".gz"):
        with path.open("rb") as fh:
            return gunzip(fh, limits.decompressed_bytes), path.name[:-3]
    return path.read_bytes(), path.name


def _read_item(item: Path | str, limits: InputLimits) -> Iterator[Document | Failure]:
    """The documents of one file or URL; a plain JSON-lines file is read from disk line by line."""
    origin = _origin(item) if isinstance(item, Path) else item
    try:
        if isinstance(item, Path) and item.suffix.lower() in JSONL:
            _load_size(item)
            with item.open("rb") as fh:  # one line in memory at a time, however large the file
                yield from read_jsonl_stream(fh, origin)
            return
        data, name = _load(item, limits) if isinstance(item, Path) else fetch_url(item, limits.fetch)
    except SourceError as exc:
        yield Failure(origin, str(exc))
        return
    except OSError as exc:
        yield Failure(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, name, limits)


def read_sources(
    specs: Iterable[str], published: dt.date | None = None, limits: InputLimits | None = None
) -> Iterator[Document | Failure]:
    """Every document found in ``specs`` (paths, folders, globs, feed or page URLs).

    ``published`` overrides the publication date of every document; ``limits``
    bounds decompression and feeds (the defaults of :class:`InputLimits` when None).
    """
    limits = limits or InputLimits()
    for spec in specs:
        for item in _expand(spec):
            if isinstance(item, Failure):
                yield item
                continue
            for out in _read_item(item, limits):
                if published is not None and isinstance(out, Document):
                    out = replace(out, published=published)
                yield out


def read_stdin(
    published: dt.date | None = None, stream: IO[bytes] | None = None
) -> Iterator[Document | Failure]:
    """JSON lines on standard input (or ``stream``), read and decoded one line at a time.

    A line that is binary, not JSON or not a document is a failure named
    ``<stdin>:N``; the lines before and after it are read all the same.
    """
    for out in read_jsonl_stream(stream or sys.stdin.buffer, "<stdin>", empty_fails=False):
        if published is not None and isinstance(out, Document) and out.published is None:
            out = replace(out, published=published)
        yield out
