"""Stage ``records``: each incident of a report as an event record (DESIGN.md section 4)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from cronica.extract.dates import DateMention
from cronica.extract.figures import FigureMention
from cronica.model import FIGURE_FIELD, Document, Event, Evidence, Figure, Span
from cronica.nlp.sentences import Sentence
from cronica.pipeline.context import DocContext
from cronica.pipeline.evidence import evidence_spans
from cronica.pipeline.mentions import Draft
from cronica.pipeline.registry import stage

DatesOf = Callable[[int, int], Sequence[DateMention]]


@stage("records", requires=("doc", "lang", "sentences", "incidents"), assigns=("events",))
def make_records(ctx: DocContext) -> None:
    """One event record per incident, its figures the incident's own, its evidence the sentences
    that state it (at most three)."""
    ctx.events = [to_event(ctx.doc, d, ctx.dates, ctx.sentences) for d in ctx.incidents]


def stable_id(prefix: str, *parts: object) -> str:
    """An id that depends only on ``parts`` (the same report gives the same ids on every run)."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:20]}"


def to_event(doc: Document, d: Draft, dates_of: DatesOf, sentences: Sequence[Sentence] = ()) -> Event:
    """The event record of one incident; ``dates_of(start, end)`` gives the dates of a span.

    Its evidence is the trigger's sentence, then those of the figures it reports, within the caps
    of :mod:`cronica.pipeline.evidence`; a figure outside the evidence is not the record's.
    """
    c = d.candidate
    own = [f for f in d.figures if not dated_elsewhere(doc, f, d, dates_of)]
    reported = [p for kind in FIGURE_FIELD if (p := pick(own, kind)) is not None]
    spans = sorted(set(d.spans))
    kept = evidence_spans(
        doc.text, spans, sentences, (c.trigger_start, c.trigger_end), [(f.start, f.end) for f in reported]
    )
    own = [f for f in own if any(s <= f.start and f.end <= e for s, e in kept)]
    values: dict[str, int | None] = {}
    for kind, name in FIGURE_FIELD.items():
        picked = pick(own, kind)
        values[name] = picked.value if picked else None
    sub_event_type, event_type = c.sub_event_type, c.event_type
    actor1, actor2 = c.actor1, c.actor2
    if (
        event_type == "Protests"
        and (values["fatalities"] or 0) > 0
        and actor2 is not None
        and actor2.type == "state_forces"
    ):
        # peaceful protesters killed by security forces: excessive force (TAXONOMY.md), where the
        # force that used it is actor1 and the protesters actor2
        sub_event_type = "Excessive force against protesters"
        actor1, actor2 = actor2, actor1
    evidence = [
        Evidence(doc.doc_id, s, e, doc.text[s:e], url=doc.url, source=doc.source, published=doc.published)
        for s, e in kept
    ]
    return Event(
        event_id=stable_id("evt", doc.doc_id, spans[0][0], spans[0][1], c.sub_event_type),
        event_date=d.event_date,
        date_end=d.date_end,
        date_precision=d.precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover=c.plover,
        actor1=actor1,
        actor2=actor2,
        location=d.location,
        fatalities=values["fatalities"],
        injuries=values["injuries"],
        arrests=values["arrests"],
        crowd_size=values["crowd_size"],
        figures=_record_figures(doc, own),
        tags=list(c.tags),
        background=d.background,
        confidence=round(c.confidence, 3),
        evidence=evidence,
    )


def _record_figures(doc: Document, figures: Sequence[FigureMention]) -> list[Figure]:
    """Every incident figure once, each pointing at the words that state it."""
    out: list[Figure] = []
    seen: set[tuple[str, int, int]] = set()
    for f in figures:
        if f.tally or (f.kind, f.start, f.end) in seen:
            continue
        seen.add((f.kind, f.start, f.end))
        out.append(Figure(f.kind, f.value, f.low, f.high, f.qualifier, Span(doc.doc_id, f.start, f.end)))
    return out


def pick(figures: Sequence[FigureMention], kind: str) -> FigureMention | None:
    """The report's own figure of a kind: the first unrevised statement of it.

    News reports put the current figure first and its history after ("has risen
    to 10 ... on Thursday night the health directorate reported eight"); a figure
    the sentence itself revises ("initially eight, later ten") is skipped.
    """
    chosen = sorted(
        (f for f in figures if f.kind == kind and not f.tally and not f.revised), key=lambda f: f.start
    )
    return chosen[0] if chosen else None


def dated_elsewhere(doc: Document, f: FigureMention, d: Draft, dates_of: DatesOf) -> bool:
    """A figure dated, right where it is stated, to a day other than the event's.

    "Thousands marched on Wednesday behind the coffins of the 17 people killed on
    Monday": the 17 belong to Monday's incident, not to the march.
    """
    if not (d.firm and d.event_date):
        return False
    end = next((e for s, e in d.spans if s <= f.start < e), f.end)
    tail = doc.text[f.end : min(end, f.end + 30)]
    stop = next((i for i, ch in enumerate(tail) if ch in ",;:()—"), len(tail))
    after = dates_of(f.end, f.end + stop)
    return any(x.precision == "day" and x.event_date != d.event_date for x in after)
