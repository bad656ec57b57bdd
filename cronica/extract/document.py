"""One report in, its event mentions and tallies out.

This module only assembles: the stages it calls (event detection, figures,
dates, history, geoparsing) each live in their own module. For each event
candidate it attaches the figures stated in the candidate's sentences, the date
(from the sentence, else its paragraph, else the publication date with
precision ``week``), the place, and whether the report tells it as history.
Candidates of one report that tell the same incident (same sub-type family,
date and place) become one mention with every sentence as evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from cronica.extract.dates import DateMention, best_date, find_dates
from cronica.extract.events import EventCandidate, detect_events
from cronica.extract.figures import FigureMention, find_figures
from cronica.extract.history import is_background
from cronica.geo import country_place, event_location, geoparse, same_scene
from cronica.lexicon import all_languages, any_of, load_lexicon
from cronica.model import (
    DEMONSTRATION_SEVERITY,
    EVENT_FAMILY,
    FIGURE_FIELD,
    Document,
    Event,
    Evidence,
    Figure,
    Place,
    PlaceMention,
    Quote,
    Span,
    Tally,
)
from cronica.nlp.language import detect_language
from cronica.nlp.sentences import Sentence, split_sentences

TALLY_SUBJECTS = {
    "killed": "deaths in the protests",
    "injured": "people injured in the protests",
    "arrested": "people detained in the protests",
    "crowd": "people taking part in the protests",
}


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


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:20]}"


def _paragraph_span(sentences: Sequence[Sentence], index: int) -> tuple[int, int]:
    para = sentences[index].paragraph
    members = [s for s in sentences if s.paragraph == para]
    return members[0].start, members[-1].end


def _sentence_indices(sentences: Sequence[Sentence], start: int, end: int) -> list[int]:
    return [i for i, s in enumerate(sentences) if s.start < end and s.end > start]


@dataclass
class _Draft:
    candidate: EventCandidate
    spans: list[tuple[int, int]]
    figures: list[FigureMention]
    event_date: dt.date | None
    date_end: dt.date | None
    precision: str
    dated_in_text: bool
    background: bool
    location: Place | None
    located_in_text: bool = True  # False: the place is the report's main place, not named here


def _pick(figures: Sequence[FigureMention], kind: str) -> FigureMention | None:
    """The report's own figure of a kind: the first unrevised statement of it.

    News reports put the current figure first and its history after ("has risen
    to 10 ... on Thursday night the health directorate reported eight"); a figure
    the sentence itself revises ("initially eight, later ten") is skipped.
    """
    chosen = sorted(
        (f for f in figures if f.kind == kind and not f.tally and not f.revised), key=lambda f: f.start
    )
    return chosen[0] if chosen else None


def _families_agree(a: EventCandidate, b: EventCandidate) -> bool:
    """Within one report: the same family, or a crackdown told apart from its demonstration.

    "Protesters marched to the airport. Troops opened fire." is one incident
    even though the second sentence alone reads as violence against civilians.
    """
    fa, fb = EVENT_FAMILY.get(a.event_type), EVENT_FAMILY.get(b.event_type)
    if fa == "strategic" or fb == "strategic":
        return a.sub_event_type == b.sub_event_type
    if fa == fb:
        return True
    violence = a if fa == "violence" else b
    perpetrator = violence.actor1.type if violence.actor1 else None
    return {fa, fb} == {"demonstration", "violence"} and perpetrator in (None, "state_forces", "rioters")


HISTORY_DAYS = 180  # an incident this long before its report is told as history, not news


def _long_ago(event_date: dt.date | None, published: dt.date | None) -> bool:
    return event_date is not None and published is not None and (published - event_date).days > HISTORY_DAYS


def _firm(d: _Draft) -> bool:
    """Dated to the day by its own words; vaguer dates ("last week", "in December") often
    belong to a clause of background, not to the incident."""
    return d.dated_in_text and d.precision == "day"


def _same_incident(a: _Draft, b: _Draft) -> bool:
    """Whether two candidates of one report tell the same incident."""
    if a.background != b.background or not _families_agree(a.candidate, b.candidate):
        return False
    if _firm(a) and _firm(b) and a.event_date != b.event_date and not _goes_on(a, b):
        return False
    if not (a.located_in_text and b.located_in_text) or a.location is None or b.location is None:
        return True
    return same_scene(a.location, b.location)


CONTINUOUS_TAGS = frozenset({"roadblock", "strike"})
CONTINUOUS_GAP_DAYS = 2


def _goes_on(a: _Draft, b: _Draft) -> bool:
    """A blockade or a strike told on consecutive days at one place is one incident with an end
    date (TAXONOMY.md: "an event that lasts several days has event_date and date_end")."""
    if not (set(a.candidate.tags) & set(b.candidate.tags) & CONTINUOUS_TAGS):
        return False
    if not (a.located_in_text and b.located_in_text and a.location and b.location):
        return False
    if a.location.name != b.location.name or a.event_date is None or b.event_date is None:
        return False
    a_end, b_end = a.date_end or a.event_date, b.date_end or b.event_date
    gap = max(a.event_date, b.event_date) - min(a_end, b_end)
    return gap.days <= CONTINUOUS_GAP_DAYS


def _merge(into: _Draft, other: _Draft) -> None:
    into.spans.extend(other.spans)
    into.figures.extend(other.figures)
    if not _firm(into) and (_firm(other) or (other.dated_in_text and not into.dated_in_text)):
        into.event_date, into.date_end, into.precision = other.event_date, other.date_end, other.precision
        into.dated_in_text = True
    elif _firm(into) and _firm(other) and into.event_date != other.event_date:
        # the same blockade on another day: one incident over the days it lasted
        assert into.event_date is not None and other.event_date is not None
        ends = [d for d in (into.date_end, other.date_end, into.event_date, other.event_date) if d]
        into.event_date = min(into.event_date, other.event_date)
        into.date_end = max(ends)
    if (
        other.located_in_text
        and other.location
        and (
            not into.located_in_text
            or into.location is None
            or other.location.geo_precision < into.location.geo_precision
        )
    ):
        into.location, into.located_in_text = other.location, True
    # the most specific account of a demonstration wins (a march later fired upon)
    graver = DEMONSTRATION_SEVERITY.get(other.candidate.sub_event_type, -1)
    kept = (
        other.candidate
        if graver > DEMONSTRATION_SEVERITY.get(into.candidate.sub_event_type, -1)
        else into.candidate
    )
    into.candidate = replace(kept, tags=tuple(sorted(set(into.candidate.tags) | set(other.candidate.tags))))


def extract_document(doc: Document, lang: str | None = None) -> Extraction:
    """Event mentions and tallies of one report (a pure function of its text and metadata)."""
    text = doc.text
    lang = lang or doc.lang or detect_language(text)
    sentences = split_sentences(text)
    candidates = detect_events(text, sentences, lang)
    tally_figures = _tally_figures(text, sentences, lang)
    places = (
        geoparse(doc, ner_spans=[(c.start, c.end) for c in candidates]) if candidates or tally_figures else []
    )
    places = _plausible_places(places)

    drafts: list[_Draft] = []
    for cand in candidates:
        figures = find_figures(text, cand.start, cand.end, lang)
        if _only_a_running_total(cand, figures):
            continue
        dates = find_dates(text, cand.start, cand.end, lang, doc.published)
        event_date, date_end, precision, dated = _date_of(doc, dates)
        background = is_background(text, cand.start, cand.end, lang, doc.published, dates) or _long_ago(
            event_date, doc.published
        )
        location = event_location(doc, places, cand.start, cand.end)
        named = [p for p in places if cand.start <= p.start and p.end <= cand.end and p.name]
        named_here = any(p.feature != "demonym" for p in named)
        regions = {p.admin1 for p in named if p.admin1 and p.feature not in ("country", "demonym")}
        declared_in_several = cand.event_type == "Strategic developments" and len(regions) >= 3
        national = _national(text[cand.start : cand.end]) and (
            cand.event_type == "Strategic developments"
            or all(p.feature in ("country", "demonym") for p in named)
        )
        if national or declared_in_several:
            # "a nationwide state of emergency", "a state of emergency in Lima, Cusco, Puno and
            # Callao": the country is the place (geo_precision 3)
            country = country_place(_document_country(places))
            if country is not None:
                location, named_here = country, True
        draft = _Draft(
            cand,
            [(cand.start, cand.end)],
            list(figures),
            event_date,
            date_end,
            precision,
            dated,
            background,
            location,
            named_here,
        )
        if _firm(draft):
            target = next((d for d in drafts if _same_incident(d, draft)), None)
        else:
            # an undated sentence goes on telling the latest incident it fits
            target = next((d for d in reversed(drafts) if _same_incident(d, draft)), None)
            if target is None:
                idx = _sentence_indices(sentences, cand.start, cand.end) or [cand.sentence_index]
                para_start, para_end = _paragraph_span(sentences, idx[0])
                draft.event_date, draft.date_end, draft.precision, draft.dated_in_text = _date_of(
                    doc, dates, find_dates(text, para_start, para_end, lang, doc.published)
                )
                anchor = next((d for d in reversed(drafts) if d.dated_in_text and not d.background), None)
                if not draft.dated_in_text and anchor is not None:
                    # "Similar marches took place in Juliaca": a report goes on telling the day it
                    # is about; the publication week is the last resort, not the first
                    draft.event_date, draft.date_end, draft.precision = (
                        anchor.event_date,
                        anchor.date_end,
                        anchor.precision,
                    )
        if target is None:
            # a date found in the paragraph or kept from the story's day may be long past
            draft.background = draft.background or _long_ago(draft.event_date, doc.published)
            drafts.append(draft)
        else:
            _merge(target, draft)

    events = [_to_event(doc, d, lang) for d in drafts]
    tallies = _tallies(doc, tally_figures, lang, places)
    return Extraction(lang=lang, events=events, tallies=tallies, places=places)


# cues that a sentence about a running total carries without telling an incident of its own
@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["national"]), "scope.yaml")


@lru_cache(maxsize=1)
def _crisis_start_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["crisis_start"]), "scope.yaml")


CRISIS_START_DAYS = 14


def _date_of(
    doc: Document, dates: Sequence[DateMention], context_dates: Sequence[DateMention] = ()
) -> tuple[dt.date | None, dt.date | None, str, bool]:
    """(event_date, date_end, precision, from_text) from the dates found in an event's span, else
    in its context; the start of the whole crisis ("since the protests began on 7 December") does
    not count. Without a date: the publication date with precision ``week`` (DESIGN.md)."""
    for found in (dates, context_dates):
        best = best_date(doc.text, list(found))
        if best is not None:
            if _crisis_start(doc.text, best, doc.published):
                break
            return best.event_date, best.date_end, best.precision, True
    return doc.published, None, "week", False


def _crisis_start(text: str, date: DateMention, published: dt.date | None) -> bool:
    """The date is the start of the whole crisis, weeks before the report ("the first death in
    Lima since the protests began on 7 December"): it dates a running count, not the incident."""
    if published is None or (published - date.event_date).days < CRISIS_START_DAYS:
        return False
    lead = 3 if text[date.start : date.start + 3].lower() == "el " else 0  # "el 7 de diciembre"
    return _crisis_start_pattern().search(text[max(0, date.start - 90) : date.start + lead]) is not None


def _national(sentence: str) -> bool:
    return _national_pattern().search(sentence) is not None


CASUALTY_CUES = frozenset(
    {"kill", "injure", "arrest", "attack", "clash", "riot", "protest", "force", "live_fire"}
)


def _only_a_running_total(cand: EventCandidate, figures: Sequence[FigureMention]) -> bool:
    """A sentence whose only sign of an event is the casualty count of a running total.

    "The deaths bring the total killed since December to 46" reports no new
    incident; "killing 18 and bringing the total to 49" does (it has a figure of its own).
    """
    if not figures or not all(f.tally for f in figures):
        return False
    return cand.cues <= CASUALTY_CUES and not set(cand.tags) & {"roadblock", "strike", "march"}


def _dated_elsewhere(doc: Document, f: FigureMention, d: _Draft, lang: str) -> bool:
    """A figure dated, right where it is stated, to a day other than the event's.

    "Thousands marched on Wednesday behind the coffins of the 17 people killed on
    Monday": the 17 belong to Monday's incident, not to the march.
    """
    if not (d.dated_in_text and d.precision == "day" and d.event_date):
        return False
    end = next((e for s, e in d.spans if s <= f.start < e), f.end)
    tail = doc.text[f.end : min(end, f.end + 30)]
    stop = next((i for i, ch in enumerate(tail) if ch in ",;:()—"), len(tail))
    after = find_dates(doc.text, f.end, f.end + stop, lang, doc.published)
    return any(x.precision == "day" and x.event_date != d.event_date for x in after)


def _to_event(doc: Document, d: _Draft, lang: str) -> Event:
    c = d.candidate
    d.figures = [f for f in d.figures if not _dated_elsewhere(doc, f, d, lang)]
    figures: list[Figure] = []
    seen: set[tuple[str, int, int]] = set()
    for f in d.figures:
        if f.tally or (f.kind, f.start, f.end) in seen:
            continue
        seen.add((f.kind, f.start, f.end))
        figures.append(Figure(f.kind, f.value, f.low, f.high, f.qualifier, Span(doc.doc_id, f.start, f.end)))
    values: dict[str, int | None] = {}
    for kind, name in FIGURE_FIELD.items():
        picked = _pick(d.figures, kind)
        values[name] = picked.value if picked else None
    sub_event_type, event_type = c.sub_event_type, c.event_type
    if (
        event_type == "Protests"
        and (values["fatalities"] or 0) > 0
        and c.actor2 is not None
        and c.actor2.type == "state_forces"
    ):
        # peaceful protesters killed by security forces: excessive force (TAXONOMY.md)
        sub_event_type = "Excessive force against protesters"
    spans = sorted(set(d.spans))
    evidence = [
        Evidence(doc.doc_id, s, e, doc.text[s:e], url=doc.url, source=doc.source, published=doc.published)
        for s, e in spans
    ]
    return Event(
        event_id=stable_id("evt", doc.doc_id, spans[0][0], spans[0][1], c.sub_event_type),
        event_date=d.event_date,
        date_end=d.date_end,
        date_precision=d.precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover=c.plover,
        actor1=c.actor1,
        actor2=c.actor2,
        location=d.location,
        fatalities=values["fatalities"],
        injuries=values["injuries"],
        arrests=values["arrests"],
        crowd_size=values["crowd_size"],
        figures=figures,
        tags=list(c.tags),
        background=d.background,
        confidence=round(c.confidence, 3),
        evidence=evidence,
    )


def _tally_figures(
    text: str, sentences: Sequence[Sentence], lang: str
) -> list[tuple[Sentence, list[FigureMention]]]:
    out = []
    for s in sentences:
        found = [f for f in find_figures(text, s.start, s.end, lang) if f.tally]
        if found:
            out.append((s, found))
    return out


def _tallies(
    doc: Document,
    found: Sequence[tuple[Sentence, list[FigureMention]]],
    lang: str,
    places: Sequence[PlaceMention],
) -> list[Tally]:
    out: list[Tally] = []
    country = _document_country(places)
    for s, figures in found:
        sentence_dates = find_dates(doc.text, s.start, s.end, lang, doc.published)
        as_of, until, precision, dated = _date_of(doc, sentence_dates)
        as_of = until or as_of  # "47 dead since 7 December": the total stands at the end of the span
        # a total is "as of" the report unless the sentence dates it to a day
        when = as_of if dated and precision == "day" else doc.published
        for f in figures:
            out.append(
                Tally(
                    kind=f.kind,
                    value=f.value,
                    qualifier=f.qualifier,
                    subject=f.subject or TALLY_SUBJECTS[f.kind],
                    as_of=when,
                    country_code=country,
                    evidence=Quote(doc.doc_id, s.start, s.end, s.text),
                )
            )
    return out


def _plausible_places(places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Drop places abroad that nothing else in the report supports.

    "San Marcos" in a report from Lima is the university, not a town in
    Guatemala, and "Candia" is a man's surname, not a town in New Hampshire: a
    town abroad is kept when the report also names its country or another place
    in it, as a report about Bolivia does ("Sacaba", "Cochabamba", "Bolivia").
    """
    home = _document_country(places)
    names_by_country: dict[str, set[str]] = {}
    for p in places:
        if p.country_code and p.name:
            names_by_country.setdefault(p.country_code, set()).add(p.name)
    kept = []
    for p in places:
        foreign = home is not None and p.country_code is not None and p.country_code != home
        town = p.feature not in ("country", "region", "continent", "demonym")
        if foreign and town and len(names_by_country.get(p.country_code or "", set())) < 2:
            continue
        kept.append(p)
    return kept


def _document_country(places: Sequence[PlaceMention]) -> str | None:
    """The report's own country: the one its places name most surely (summed confidence)."""
    weight: dict[str, float] = {}
    for p in places:
        if p.country_code:
            weight[p.country_code] = weight.get(p.country_code, 0.0) + max(p.confidence, 0.05)
    return max(sorted(weight), key=lambda k: weight[k]) if weight else None
