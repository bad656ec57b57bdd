"""JSON documents and JSON lines: {"id", "text", "published", "url", "source", "title", "lang"}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import Failure, decode, make_document, parse_date

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


def read_json(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """A JSON file holding one document or a list of documents."""
    try:
        obj = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}[{i}]"
        try:
            yield document_from_json(item, where)
        except SourceError as exc:
            yield Failure(where, str(exc))


def read_jsonl_lines(lines: Iterator[str], origin: str) -> Iterator[Document | Failure]:
    """One document per line; a bad line is a failure of its own, the rest are read."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        try:
            yield document_from_json(obj, where)
        except SourceError as exc:
            yield Failure(where, str(exc))


def read_jsonl(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """The documents of a JSON-lines file (see :func:`read_jsonl_lines`)."""
    yield from read_jsonl_lines(iter(decode(data).splitlines()), origin)
