"""``process_shard``: the one pure function every executor runs.

A shard is a list of documents; the result holds, per document, its event
mentions and tallies, or the reason it failed. Nothing here touches the
database, so the same code runs in a loop, in a process pool or on Ray.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field

from cronica.config import Settings
from cronica.errors import ExtractionLimitError
from cronica.model import Document, Event, Tally


@dataclass
class DocResult:
    """One document's event mentions and tallies, or the reason it failed."""

    doc_id: str
    mentions: list[Event] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    lang: str | None = None
    error: str | None = None


@dataclass
class ShardResult:
    """The results of a shard's documents, in the shard's order."""

    results: list[DocResult]

    @property
    def failed(self) -> list[DocResult]:
        """The documents that failed."""
        return [r for r in self.results if r.error]


def process_document(doc: Document, settings: Settings) -> DocResult:
    """Extract one document; a document too large, too slow (the ``extract_timeout_s`` watchdog)
    or one that breaks extraction fails alone, with its reason."""
    from cronica.extract.document import extract_document
    from cronica.extract.limits import Limits

    if len(doc.text.encode("utf-8")) > settings.max_document_mb * 1e6:
        return DocResult(doc.doc_id, error=f"document too large (limit {settings.max_document_mb} MB)")
    forced = None if settings.lang == "auto" else settings.lang
    limits = Limits.from_settings(settings)
    try:
        extraction = extract_document(
            doc,
            lang=forced,
            sentence_model=settings.sentence_model,
            limits=limits,
            geo_ranker=settings.geo_ranker,
        )
    except ExtractionLimitError as exc:  # a limit hit: its message is the reason
        return DocResult(doc.doc_id, error=str(exc))
    except Exception as exc:  # one bad document must not stop a shard
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return DocResult(
            doc.doc_id,
            error=f"extraction failed: {exc.__class__.__name__}: {exc} ({where.filename}:{where.lineno})",
        )
    return DocResult(doc.doc_id, extraction.events, extraction.tallies, extraction.lang)


def process_shard(documents: Sequence[Document], settings: Settings) -> ShardResult:
    """Extract events and tallies from every document of a shard."""
    return ShardResult([process_document(doc, settings) for doc in documents])
