"""One report in, its event mentions and tallies out.

``extract_document`` runs the registered stages of :mod:`cronica.pipeline` over one
:class:`~cronica.pipeline.context.DocContext`: language, sentences, event detection, running
totals, places, one draft per candidate (figures, date, history, place), incidents (drafts that
tell the same incident merged), event records and tally records. ``cronica stages`` prints them
with what each requires and assigns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cronica.model import Document, Event, PlaceMention, Tally
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline


@dataclass
class Extraction:
    lang: str
    events: list[Event] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)


def warm_up() -> None:
    """Load lexicons, models and the gazetteer now (worker start-up), not on the first document."""
    doc = Document(
        "warm-up", "Police fired tear gas at protesters in Juliaca, Puno. La policía detuvo a 3 personas."
    )
    extract_document(doc, lang="en")
    extract_document(doc, lang="es")


def extract_document(doc: Document, lang: str | None = None, *, sentence_model: bool = False) -> Extraction:
    """Event mentions and tallies of one report (a pure function of its text and metadata).

    ``lang`` forces the language; without it the report's own ``lang`` is used, else detected.
    ``sentence_model`` runs the trained sentence model beside the rules (the setting of that name).
    """
    ctx = default_pipeline(sentence_model=sentence_model).run(DocContext(doc, lang))
    return Extraction(lang=ctx.lang, events=ctx.events, tallies=ctx.tallies, places=ctx.places)
