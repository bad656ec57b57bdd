"""HTML pages: article text, title, date and canonical URL with trafilatura."""

from __future__ import annotations

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources.common import check_size, decode, make_document, parse_date


def read_html(data: bytes | str, origin: str, url: str | None = None) -> Document:
    """The article of one HTML page: its main text, title, outlet, date and canonical URL.

    trafilatura finds the article among menus and comments. ``url`` is where the
    page came from, used when the page names no canonical URL. A page with no
    markup or no article text raises SourceError; a date it cannot read is left out.
    """
    check_size(data)
    html = data if isinstance(data, str) else decode(data)
    if "<" not in html:
        raise SourceError("not HTML (no markup found)")
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise SourceError(f"unparseable HTML ({exc.__class__.__name__})") from exc
    if doc is None:
        raise SourceError("no article text found in HTML")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        raise SourceError("no article text found in HTML")
    try:
        published = parse_date(meta.get("date"))
    except SourceError:
        published = None
    return make_document(
        text,
        origin=origin,
        title=meta.get("title"),
        url=meta.get("url") or url,
        source=meta.get("sitename") or meta.get("hostname"),
        published=published,
        lang=None,
    )
