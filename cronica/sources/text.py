"""Plain-text files: one report per file, optional first line as the title."""

from __future__ import annotations

from cronica.model import Document
from cronica.sources.common import check_size, decode, make_document


def read_text(data: bytes, origin: str) -> Document:
    """One report from the bytes of a text file (UTF-8, else Windows-1252 or Latin-1)."""
    check_size(data)
    text = decode(data)
    return make_document(text, origin=origin)
