"""An event's evidence: the sentences that state it, at most three and 1,200 characters in all.

An incident merged from many sentences (or one told in a report whose sentences could not be
found) would otherwise carry paragraphs of text as evidence. The sentences are taken in order of
what they prove: the one holding the trigger, then the ones holding the figures the record
reports, then the other sentences of the incident, each in document order, while they fit. A
trigger sentence longer than the whole allowance is clipped around its trigger at word
boundaries.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from cronica.nlp.sentences import Sentence

MAX_EVIDENCE_SENTENCES = 3
MAX_EVIDENCE_CHARS = 1200

Span = tuple[int, int]


def sentence_units(spans: Sequence[Span], sentences: Sequence[Sentence]) -> list[Span]:
    """The sentences that ``spans`` cover, each once, in document order (a span that no sentence
    covers stands for itself)."""
    starts = [s.start for s in sentences]
    units: set[Span] = set()
    for lo, hi in spans:
        i = max(0, bisect.bisect_right(starts, lo) - 1)
        found = False
        while i < len(sentences) and sentences[i].start < hi:
            s = sentences[i]
            if s.end > lo:
                units.add((s.start, s.end))
                found = True
            i += 1
        if not found:
            units.add((lo, hi))
    return sorted(units)


def clip_around(text: str, span: Span, trigger: Span, limit: int = MAX_EVIDENCE_CHARS) -> Span:
    """``span`` cut to at most ``limit`` characters around ``trigger``, at word boundaries."""
    start, end = span
    if end - start <= limit:
        return span
    middle = (max(start, trigger[0]) + min(end, max(trigger[1], trigger[0]))) // 2
    lo = max(start, min(middle - limit // 2, end - limit))
    hi = min(end, lo + limit)
    if lo > start:
        space = text.find(" ", lo, min(hi, trigger[0]) if trigger[0] > lo else hi)
        lo = space + 1 if space >= 0 else lo
    if hi < end:
        space = text.rfind(" ", max(lo, trigger[1]), hi)
        hi = space if space > lo else hi
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def evidence_spans(
    text: str,
    spans: Sequence[Span],
    sentences: Sequence[Sentence],
    trigger: Span,
    figures: Sequence[Span] = (),
) -> list[Span]:
    """The evidence of an incident told in ``spans``: its trigger's sentence, then the sentences of
    ``figures`` (the figures the record reports), then the rest, while at most
    :data:`MAX_EVIDENCE_SENTENCES` sentences and :data:`MAX_EVIDENCE_CHARS` characters fit."""
    units = sentence_units(spans, sentences)
    if not units:
        return []
    first = next((u for u in units if u[0] <= trigger[0] < u[1]), units[0])
    with_figures = [u for u in units if any(u[0] <= f0 and f1 <= u[1] for f0, f1 in figures)]
    chosen: list[Span] = []
    total = 0
    for unit in (first, *with_figures, *units):
        if len(chosen) == MAX_EVIDENCE_SENTENCES:
            break
        if unit in chosen:
            continue
        if not chosen and unit[1] - unit[0] > MAX_EVIDENCE_CHARS:
            return [clip_around(text, unit, trigger)]
        if total + unit[1] - unit[0] <= MAX_EVIDENCE_CHARS:
            chosen.append(unit)
            total += unit[1] - unit[0]
    return sorted(chosen)
