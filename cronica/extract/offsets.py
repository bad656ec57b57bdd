"""Offsets of an extraction moved from the normalised text back into the report as stored.

The stages read the normalised text (:mod:`cronica.nlp.normalise`); evidence, figure spans, tally
quotes and place mentions must point into the text the store keeps, which the API and exports
slice. Their ``text`` stays the words as read (without invisible characters, long blanks
shortened). Event ids, derived from the offsets the stages saw, are kept: they only have to be
stable for the same text, which they are.
"""

from __future__ import annotations

from dataclasses import replace

from cronica.model import Event, Evidence, Figure, PlaceMention, Quote, Span, Tally
from cronica.nlp.normalise import OffsetMap


def _span(span: Span, offsets: OffsetMap) -> Span:
    return replace(span, start=offsets.start(span.start), end=offsets.end(span.end))


def _evidence(ev: Evidence, offsets: OffsetMap) -> Evidence:
    return replace(ev, start=offsets.start(ev.start), end=offsets.end(ev.end))


def _figure(fig: Figure, offsets: OffsetMap) -> Figure:
    return replace(fig, evidence=_span(fig.evidence, offsets))


def event_in_original(event: Event, offsets: OffsetMap) -> Event:
    """``event`` with its evidence and figure spans in the original's offsets."""
    return replace(
        event,
        evidence=[_evidence(e, offsets) for e in event.evidence],
        figures=[_figure(f, offsets) for f in event.figures],
    )


def tally_in_original(tally: Tally, offsets: OffsetMap) -> Tally:
    """``tally`` with its quote in the original's offsets."""
    quote: Quote = tally.evidence
    return replace(
        tally, evidence=replace(quote, start=offsets.start(quote.start), end=offsets.end(quote.end))
    )


def place_in_original(place: PlaceMention, offsets: OffsetMap) -> PlaceMention:
    """``place`` at its offsets in the original."""
    return replace(place, start=offsets.start(place.start), end=offsets.end(place.end))
