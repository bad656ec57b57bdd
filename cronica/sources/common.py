"""What every source shares: decoding bytes, limits, and the failure record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cronica.errors import SourceError
from cronica.model import Document, content_hash

MAX_DOCUMENT_BYTES = 5_000_000  # a news report is a few kB; larger is not a report


@dataclass(frozen=True)
class Failure:
    """An input that yielded no document, and why (one line)."""

    origin: str
    reason: str


def check_size(data: bytes | str, limit: int = MAX_DOCUMENT_BYTES) -> None:
    """Raise SourceError when ``data`` is longer than ``limit`` (bytes, or characters for text)."""
    size = len(data)
    if size > limit:
        raise SourceError(f"document too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB)")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NUL bytes, control characters)."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252/Latin-1.

    Latin-1 and Windows-1252 are what Spanish-language sites most often send when
    they don't send UTF-8; every byte sequence decodes, so binary data must be
    rejected first with ``looks_binary``.
    """
    if looks_binary(data):
        raise SourceError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Normalise line endings and strip trailing space; keep paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def parse_date(value: object) -> dt.date | None:
    """A publication date from metadata: ISO dates and datetimes, RFC 2822, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        raise SourceError(f"unreadable publication date {s[:40]!r}") from None


def make_document(
    text: str,
    *,
    origin: str,
    doc_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    lang: str | None = None,
) -> Document:
    """A Document from text and metadata, every source's last step.

    The text is cleaned (line endings, trailing space); an empty or over-large
    text, or a language other than ``en``/``es``, raises SourceError. Without
    ``doc_id`` the id is ``doc-`` and the start of the text's content hash, so
    the same text read twice gets the same id.
    """
    text = clean_text(text)
    if not text:
        raise SourceError("empty document (no text)")
    check_size(text.encode("utf-8"))
    if lang is not None and lang not in ("en", "es"):
        raise SourceError(f"unsupported language {lang!r} (cronica reads en and es)")
    return Document(
        doc_id=str(doc_id) if doc_id else "doc-" + content_hash(text)[:16],
        text=text,
        title=(title or "").strip() or None,
        url=url or None,
        source=source or None,
        published=published,
        lang=lang,
        origin=origin,
    )
