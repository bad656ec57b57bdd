"""WARC archives (warcio): each HTML response record is one document."""

from __future__ import annotations

import io
from collections.abc import Iterator

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import Failure
from cronica.sources.html import read_html


def read_warc(data: bytes, origin: str) -> Iterator[Document | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            n += 1
            where = f"{origin}#{url or n}"
            try:
                body = record.content_stream().read()
                yield read_html(body, where, url=url)
            except SourceError as exc:
                yield Failure(where, str(exc))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        yield Failure(origin, f"truncated or corrupt WARC after {n} records ({msg})")
    if n == 0:
        raise SourceError("no HTML response records in WARC")
