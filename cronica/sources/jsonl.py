"""JSON documents and JSON lines: {"id", "text", "published", "url", "source", "title", "lang"}.

JSON lines are read one line at a time from a stream, and each line is decoded,
parsed and checked on its own: a binary, undecodable, malformed or over-long line
is a failure of its own, named by its line number, and the lines after it are read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import (
    MAX_LINE_BYTES,
    Failure,
    decode,
    decode_line,
    make_document,
    parse_date,
)

FIELDS = ("id", "text", "published", "url", "source", "title", "lang")


def document_from_json(obj: Any, origin: str) -> Document:
    """A Document from one parsed JSON object with the keys of :data:`FIELDS` (``text`` required)."""
    if not isinstance(obj, dict):
        raise SourceError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise SourceError('missing "text" (a string)')
    return make_document(
        text,
        origin=origin,
        doc_id=obj.get("id"),
        title=obj.get("title"),
        url=obj.get("url"),
        source=obj.get("source"),
        published=parse_date(obj.get("published")),
        lang=obj.get("lang") or None,
    )


def parse_json(text: str) -> Any:
    """The value of a JSON text, or SourceError saying in one line why it is not one.

    Besides malformed JSON this covers what the parser itself cannot take: nesting
    deeper than Python's recursion limit, and integers of more than 4,300 digits.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise SourceError("invalid JSON: nested too deeply") from None
    except ValueError:  # int() refuses an integer of 4,300 digits and more
        raise SourceError("invalid JSON: a number too long to read") from None


def read_json(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """A JSON file holding one document or a list of documents."""
    obj = parse_json(decode(data))
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        yield Failure(origin, "no documents (an empty list)")
    for i, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}[{i}]"
        try:
            yield document_from_json(item, where)
        except SourceError as exc:
            yield Failure(where, str(exc))


def _read_line(line: str, where: str) -> Document | Failure:
    try:
        return document_from_json(parse_json(line), where)
    except SourceError as exc:
        return Failure(where, str(exc).replace(" at line 1 column ", " at column "))


def _raw_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream`` as bytes, one at a time; None for a line longer than ``limit``.

    At most ``limit`` bytes are held at once: the rest of a long line is read and dropped.
    """
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit:
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(limit + 1)
        yield None


def read_jsonl_stream(
    stream: IO[bytes], origin: str, max_line_bytes: int = MAX_LINE_BYTES, empty_fails: bool = True
) -> Iterator[Document | Failure]:
    """The documents of a stream of JSON lines, each line decoded on its own.

    A line is UTF-8, or else Windows-1252 for that line only (see
    :func:`~cronica.sources.common.decode_line`); its failure, if any, is named
    ``origin:N`` with its line number. A file without a single line of JSON is a failure
    (``empty_fails``), not skipped in silence.
    """
    seen = False
    for n, raw in enumerate(_raw_lines(stream, max_line_bytes), 1):
        where = f"{origin}:{n}"
        if raw is None:
            yield Failure(where, f"line too long (more than {max_line_bytes:,} bytes)")
            continue
        if not raw.strip():
            continue
        seen = True
        try:
            line = decode_line(raw)
        except SourceError as exc:
            yield Failure(where, str(exc))
            continue
        yield _read_line(line, where)
    if not seen and empty_fails:
        yield Failure(origin, "no documents (an empty file)")


def read_jsonl(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """The documents of a JSON-lines file (see :func:`read_jsonl_stream`)."""
    yield from read_jsonl_stream(io.BytesIO(data), origin)
