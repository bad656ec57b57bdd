"""WARC archives (warcio): each HTML response record is one document."""

from __future__ import annotations

import io
from collections.abc import Iterator

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import Failure
from cronica.sources.html import read_html


def read_warc(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """A document for each HTML response record of a WARC archive, or a failure saying why not.

    Records that are not HTML responses are skipped. A record whose page cannot
    be read is a failure of its own; a truncated or corrupt archive yields the
    records read so far and then one failure. An archive without a single HTML
    response raises SourceError.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    end = 0  # where the last complete record ends
    try:
        records = ArchiveIterator(io.BytesIO(data))
        for record in records:
            body = record.content_stream().read()
            end = records.get_record_offset() + records.get_record_length()
            if record.rec_type != "response" or not record.http_headers:
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            n += 1
            where = f"{origin}#{url or n}"
            try:
                yield read_html(body, where, url=url)
            except SourceError as exc:
                yield Failure(where, str(exc))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        yield Failure(origin, f"truncated or corrupt WARC after {n} records ({msg})")
        return
    if len(data) - end > 4:  # more than the record separator left unread: a cut record
        yield Failure(origin, f"truncated or corrupt WARC after {n} records ({len(data) - end} bytes unread)")
    elif n == 0:
        raise SourceError("no HTML response records in WARC")
