"""WARC archives (warcio): each HTML response record is one document.

warcio raises many kinds of exception on malformed records (a bad status line, a
header it cannot split, a cut gzip member); whichever it raises ends the archive
with one failure, after the documents of the records read before it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import MAX_DOCUMENT_BYTES, Failure, first_line
from cronica.sources.html import read_html


class _Corrupt(Exception):
    """warcio failed while reading the archive (the cause is chained)."""


def _records(data: bytes) -> Iterator[tuple[Any, bytes, int]]:
    """(record, body, offset where the record ends) for each record; _Corrupt when warcio fails.

    A body is read up to one byte past the document size limit, so that a huge
    record (or one that decompresses to gigabytes) is refused by the page reader
    without being held in memory.
    """
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    found = iter(records)
    while True:
        # warcio writes warnings of several lines to stderr; a cut record is reported here instead
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                record = next(found)
                body = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                # warcio reads the rest of the record in small blocks to find where it ends
                end = records.get_record_offset() + records.get_record_length()
            except StopIteration:
                return
            except Exception as exc:  # see the module's docstring
                raise _Corrupt(f"{exc.__class__.__name__}: {first_line(exc)}") from exc
        yield record, body, end


def _html_url(record: Any) -> tuple[bool, str | None]:
    """Whether ``record`` is an HTML response, and the URL it was fetched from."""
    if record.rec_type != "response" or not record.http_headers:
        return False, None
    if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
        return False, None
    return True, record.rec_headers.get_header("WARC-Target-URI")


def read_warc(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """A document for each HTML response record of a WARC archive, or a failure saying why not.

    Records that are not HTML responses are skipped. A record whose page cannot
    be read is a failure of its own; a truncated or corrupt archive yields the
    records read so far and then one failure. An archive without a single HTML
    response raises SourceError.
    """
    n = 0
    end = 0  # where the last complete record ends
    try:
        for record, body, record_end in _records(data):
            end = record_end
            is_html, url = _html_url(record)
            if not is_html:
                continue
            n += 1
            where = f"{origin}#{url or n}"
            try:
                yield read_html(body, where, url=url)
            except SourceError as exc:
                yield Failure(where, str(exc))
    except _Corrupt as exc:
        yield Failure(origin, f"truncated or corrupt WARC after {n} records ({exc})")
        return
    if len(data) - end > 4:  # more than the record separator left unread: a cut record
        yield Failure(origin, f"truncated or corrupt WARC after {n} records ({len(data) - end} bytes unread)")
    elif n == 0:
        raise SourceError("no HTML response records in WARC")
