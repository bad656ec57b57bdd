"""RSS and Atom feeds (feedparser): one document per entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import Failure, make_document

_TAGS = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|br|div|li|h\d)[^>]*>", re.I)


def _html_to_text(html: str) -> str:
    return unescape(_TAGS.sub("", _BLOCK.sub("\n\n", html)))


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def read_feed(data: bytes, origin: str) -> Iterator[Document | Failure]:
    """A document for each entry of an RSS or Atom feed, or a failure saying why not.

    An entry's text is its full content when the feed carries it, else its
    summary, with the markup removed; the feed's title is the outlet. A feed
    that cannot be parsed, or has no entries, raises SourceError.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        why = f": {str(reason).splitlines()[0]}" if reason else ""
        raise SourceError(f"not a valid RSS/Atom feed, or a feed with no entries{why}")
    source = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        where = f"{origin}#{entry.get('id') or entry.get('link') or i}"
        content = ""
        if entry.get("content"):
            content = " ".join(c.get("value", "") for c in entry.content)
        content = content or entry.get("summary", "")
        try:
            yield make_document(
                _html_to_text(content),
                origin=where,
                title=entry.get("title"),
                url=entry.get("link"),
                source=source,
                published=_entry_date(entry),
            )
        except SourceError as exc:
            yield Failure(where, str(exc))
