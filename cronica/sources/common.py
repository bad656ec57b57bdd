"""What every source shares: decoding bytes, limits, and the failure record."""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from cronica.errors import SourceError
from cronica.model import Document, content_hash

if TYPE_CHECKING:
    from cronica.config import Settings
    from cronica.sources.fetch import FetchLimits

MAX_DOCUMENT_BYTES = 5_000_000  # a news report is a few kB; larger is not a report
MAX_DECOMPRESSED_BYTES = 50_000_000  # what one compressed input may grow to (the max_decompressed_mb setting)
# a feed of full articles is a few hundred kB, and feedparser reads about 0.5 MB/s (the max_feed_mb setting)
MAX_FEED_BYTES = 5_000_000
# the longest JSON line a document within MAX_DOCUMENT_BYTES can take, every character escaped as \uXXXX
MAX_LINE_BYTES = 6 * MAX_DOCUMENT_BYTES
MAX_ID_CHARS = 200  # the documents table's doc_id column


@dataclass(frozen=True)
class Failure:
    """An input that yielded no document, and why (one line)."""

    origin: str
    reason: str


@dataclass(frozen=True)
class InputLimits:
    """How much reading one input may take: bytes after decompression, bytes of a feed.

    The defaults are the module's constants; :meth:`of` takes them from the settings.
    """

    decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    feed_bytes: int = MAX_FEED_BYTES
    fetch: FetchLimits | None = None  # None: a URL is fetched within the limits of ./cronica.toml

    @classmethod
    def of(cls, settings: Settings) -> InputLimits:
        """The limits that ``settings`` ask for (``max_decompressed_mb``, ``max_feed_mb``, ``fetch_*``)."""
        from cronica.sources.fetch import FetchLimits

        return cls(
            decompressed_bytes=int(settings.max_decompressed_mb * 1e6),
            feed_bytes=int(settings.max_feed_mb * 1e6),
            fetch=FetchLimits.from_settings(settings),
        )


def first_line(exc: BaseException) -> str:
    """An exception as one line: its first line of text, or its class name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else exc.__class__.__name__


def gunzip(stream: IO[bytes], limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """The decompressed bytes of gzip data read from ``stream``, at most ``limit`` of them.

    Decompression streams, so memory stays near ``limit`` however far the data would
    expand (a gzip bomb stops at the limit). Data that grows past ``limit``, or that is
    not gzip or is cut short, raises SourceError.
    """
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
            data = gz.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise SourceError(f"corrupt gzip data ({first_line(exc)})") from None
    if len(data) > limit:
        raise SourceError(
            f"decompresses to more than {limit / 1e6:.1f} MB (the max_decompressed_mb limit)"
        )
    return data


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


def decode_line(data: bytes) -> str:
    """One line of a stream decoded on its own: UTF-8, else Windows-1252/Latin-1 for this line only.

    A line with a NUL byte or many control characters is binary and raises SourceError;
    the lines around it are not affected.
    """
    if b"\x00" in data or looks_binary(data):
        raise SourceError("binary data, not text")
    return _decode_text(data)


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252/Latin-1.

    Latin-1 and Windows-1252 are what Spanish-language sites most often send when
    they don't send UTF-8; every byte sequence decodes, so binary data must be
    rejected first with ``looks_binary``.
    """
    if looks_binary(data):
        raise SourceError("binary file, not text")
    return _decode_text(data)


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
    except (TypeError, ValueError, IndexError, OverflowError):
        raise SourceError(f"unreadable publication date {s[:40]!r}") from None


def checked_text(value: object, field: str) -> str | None:
    """A metadata value as stored text: a string without NUL characters, or None when absent.

    A value that is not a string (a number, a list, an object), or a string holding a lone
    surrogate (not Unicode, so no database can store it), raises SourceError naming ``field``.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f'"{field}" must be a string, not {type(value).__name__}')
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = f"a lone surrogate at character {exc.start}"
        raise SourceError(f'"{field}" is not valid Unicode ({where})') from None
    return value.replace("\x00", "")


def storable(text: str) -> str:
    """``text`` as any database stores it: NUL characters dropped, lone surrogates escaped (\\udc80)."""
    return text.replace("\x00", "").encode("utf-8", "backslashreplace").decode("utf-8")


def _checked_id(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    doc_id = checked_text(value, "id")
    if doc_id and len(doc_id) > MAX_ID_CHARS:
        raise SourceError(f'"id" is longer than {MAX_ID_CHARS} characters')
    return doc_id


def make_document(
    text: object,
    *,
    origin: str,
    doc_id: object = None,
    title: object = None,
    url: object = None,
    source: object = None,
    published: dt.date | None = None,
    lang: object = None,
) -> Document:
    """A Document from text and metadata, every source's last step.

    The text is cleaned (line endings, trailing space); an empty or over-large
    text, a language other than ``en``/``es``, or metadata that is not text (see
    :func:`checked_text`; a numeric id is read as text) raises SourceError; the
    ``origin`` is made :func:`storable`, as it names the input rather than holds it. Without
    ``doc_id`` the id is ``doc-`` and the start of the text's content hash, so
    the same text read twice gets the same id.
    """
    body = clean_text(checked_text(text, "text") or "")
    if not body:
        raise SourceError("empty document (no text)")
    check_size(body.encode("utf-8"))
    if lang is not None and lang not in ("en", "es"):
        raise SourceError(f"unsupported language {str(lang)[:20]!r} (cronica reads en and es)")
    fields = {"title": title, "url": url, "source": source}
    meta = {k: (checked_text(v, k) or "").strip() or None for k, v in fields.items()}
    return Document(
        doc_id=_checked_id(doc_id) or "doc-" + content_hash(body)[:16],
        text=body,
        published=published,
        lang=lang if isinstance(lang, str) else None,
        origin=storable(origin),
        **meta,
    )
