"""RSS and Atom feeds (feedparser): one document per entry.

feedparser is meant never to raise, but hostile feeds have made it raise many kinds
of exception; whatever it raises becomes one line of failure for the feed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import MAX_FEED_BYTES, Failure, first_line, make_document

_TAGS = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|br|div|li|h\d)[^>]*>", re.I)


def _html_to_text(html: str) -> str:
    return unescape(_TAGS.sub("", _BLOCK.sub("\n\n", html)))


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, TypeError, AttributeError):  # "0000-00-00" reads as year -1
                return None
    return None


def _parse(data: bytes) -> Any:
    import feedparser

    try:
        return feedparser.parse(data)
    except Exception as exc:  # see the module's docstring
        raise SourceError(f"unparseable feed ({exc.__class__.__name__}: {first_line(exc)})") from exc


def _entry_html(entry: Any) -> str:
    """An entry's full content when the feed carries it, else its summary (markup included)."""
    parts = [c.get("value") for c in entry.get("content") or () if hasattr(c, "get")]
    content = " ".join(p for p in parts if isinstance(p, str))
    summary = entry.get("summary")
    return content or (summary if isinstance(summary, str) else "")


def read_feed(data: bytes, origin: str, max_bytes: int = MAX_FEED_BYTES) -> Iterator[Document | Failure]:
    """A document for each entry of an RSS or Atom feed, or a failure saying why not.

    An entry's text is its full content when the feed carries it, else its
    summary, with the markup removed; the feed's title is the outlet. A feed
    that cannot be parsed, has no entries or is longer than ``max_bytes``
    raises SourceError. An entry date that is no date (``0000-00-00``) is left out.
    """
    if len(data) > max_bytes:
        raise SourceError(f"feed too large ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
    parsed = _parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        why = f": {first_line(reason)}" if reason else ""
        raise SourceError(f"not a valid RSS/Atom feed, or a feed with no entries{why}")
    source = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        key = " ".join(str(entry.get("id") or entry.get("link") or i).split())[:200]
        where = f"{origin}#{key}"
        try:
            yield make_document(
                _html_to_text(_entry_html(entry)),
                origin=where,
                title=entry.get("title"),
                url=entry.get("link"),
                source=source,
                published=_entry_date(entry),
            )
        except SourceError as exc:
            yield Failure(where, str(exc))
