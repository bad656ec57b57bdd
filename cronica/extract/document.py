"""One report in, its event mentions and tallies out.

``extract_document`` runs the registered stages of :mod:`cronica.pipeline` over one
:class:`~cronica.pipeline.context.DocContext`: language, sentences, event detection, running
totals, places, one draft per candidate (figures, date, history, place), incidents (drafts that
tell the same incident merged), event records and tally records. ``cronica stages`` prints them
with what each requires and assigns.

Before any stage runs, the text is normalised (:mod:`cronica.nlp.normalise`: invisible format
characters removed, long whitespace runs shortened) and held to the :class:`Limits`: a report
still too long fails with :class:`~cronica.errors.DocumentTooLongError`, sentences are cut at
``max_sentence_chars``, and a watchdog (:mod:`cronica.extract.watchdog`) stops a report that runs
past ``timeout_s`` with :class:`~cronica.errors.ExtractionTimeoutError`. What comes out points
into the report's own text, as stored (:mod:`cronica.extract.offsets`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cronica.errors import DocumentTooLongError
from cronica.extract.limits import Limits
from cronica.extract.offsets import event_in_original, place_in_original, tally_in_original
from cronica.extract.watchdog import time_limit
from cronica.model import Document, Event, PlaceMention, Tally
from cronica.nlp.normalise import OffsetMap, normalise_text
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline


@dataclass
class Extraction:
    lang: str
    events: list[Event] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)


def warm_up() -> None:
    """Load lexicons, models and the gazetteer now (worker start-up), not on the first document.

    Without a time limit: loading takes what it takes, and a worker must not fail to start."""
    doc = Document(
        "warm-up", "Police fired tear gas at protesters in Juliaca, Puno. La policía detuvo a 3 personas."
    )
    unlimited = Limits(timeout_s=0)
    extract_document(doc, lang="en", limits=unlimited)
    extract_document(doc, lang="es", limits=unlimited)


def extract_document(
    doc: Document,
    lang: str | None = None,
    *,
    sentence_model: bool = False,
    limits: Limits | None = None,
    geo_ranker: bool = False,
) -> Extraction:
    """Event mentions and tallies of one report (a pure function of its text and metadata).

    ``lang`` forces the language; without it the report's own ``lang`` is used, else detected.
    ``sentence_model`` runs the trained sentence model beside the rules (the setting of that name);
    ``geo_ranker`` resolves places with the learned ranker (the setting of that name).
    ``limits`` bound the work (default: the settings' defaults); a report over them raises an
    :class:`~cronica.errors.ExtractionLimitError` whose message is the reason, in one line.
    """
    limits = limits or Limits()
    with time_limit(limits.timeout_s):
        text, offsets = normalise_text(doc.text)
        if len(text) > limits.max_document_chars:
            raise DocumentTooLongError(
                f"document too long: {len(text):,} characters (limit {limits.max_document_chars:,}, "
                "setting max_document_chars)"
            )
        read = doc if text is doc.text else replace(doc, text=text)
        ctx = DocContext(read, lang, max_sentence_chars=limits.max_sentence_chars, geo_ranker=geo_ranker)
        ctx = default_pipeline(sentence_model=sentence_model).run(ctx)
        return _in_original(Extraction(ctx.lang, ctx.events, ctx.tallies, ctx.places), offsets)


def _in_original(found: Extraction, offsets: OffsetMap) -> Extraction:
    """``found`` with every offset moved back into the report's text as stored."""
    if offsets.identity:
        return found
    return Extraction(
        found.lang,
        [event_in_original(e, offsets) for e in found.events],
        [tally_in_original(t, offsets) for t in found.tallies],
        [place_in_original(p, offsets) for p in found.places],
    )
