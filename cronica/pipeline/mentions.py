"""Stage ``mentions``: each event candidate with its figures, date, history flag and place.

A ``Draft`` is one candidate so dressed; the ``incidents`` stage then merges the drafts that tell
the same incident. A sentence whose only sign of an event is the casualty count of a running total
yields no draft (its total is a tally).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from cronica.extract.dates import names_its_day
from cronica.extract.events import EventCandidate
from cronica.extract.figures import FigureMention, without_tally_scope
from cronica.extract.history import is_background
from cronica.extract.tags import find_tags
from cronica.geo import country_place, event_location
from cronica.geo.locate import role
from cronica.lexicon import all_languages, any_of, load_lexicon
from cronica.model import Place, PlaceMention
from cronica.pipeline.context import DocContext
from cronica.pipeline.dating import date_of, long_ago, onset_told_in_passing
from cronica.pipeline.registry import stage


@dataclass
class Draft:
    """An event mention being assembled: its candidate, evidence spans, figures, date and place."""

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

    def copy(self) -> Draft:
        """A draft whose lists can grow without changing this one."""
        return replace(self, spans=list(self.spans), figures=list(self.figures))

    @property
    def firm(self) -> bool:
        """Dated to the day by its own words; vaguer dates ("last week", "in December") often
        belong to a clause of background, not to the incident."""
        return self.dated_in_text and self.precision == "day"


@stage(
    "mentions",
    requires=("doc", "lang", "dateline", "sentences", "candidates", "places", "country", "dateline_place"),
    assigns=("drafts",),
)
def draft_mentions(ctx: DocContext) -> None:
    """A draft per candidate: figures, date, history and place from its own sentences."""
    drafts = (draft_of(ctx, c) for c in ctx.candidates)
    ctx.drafts = [d for d in drafts if d is not None]


def draft_of(ctx: DocContext, cand: EventCandidate) -> Draft | None:
    """The draft of one candidate, or None when it only restates a running total."""
    doc = ctx.doc
    figures = ctx.figures(cand.start, cand.end)
    dates = ctx.dates(cand.start, cand.end)
    own_day = names_its_day(doc.text, cand.start, cand.end, ctx.lang)
    told = doc.text[cand.start : cand.end]
    if only_a_running_total(cand, figures, told, ctx.lang, own_day):
        return None
    if _spreads_a_running_total(ctx, cand, figures, own_day):
        return None
    reference = ctx.reference_date  # the dateline's date, else the publication date
    event_date, date_end, precision, dated = date_of(doc, dates, reference=reference)
    background = (
        is_background(doc.text, cand.start, cand.end, ctx.lang, reference, dates)
        or long_ago(event_date, reference)
        or onset_told_in_passing(doc.text, dates, reference)
    )
    location, named_here = _place_of(ctx, cand)
    return Draft(
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


def _place_of(ctx: DocContext, cand: EventCandidate) -> tuple[Place | None, bool]:
    """The candidate's place, and whether its own sentences name a place."""
    doc, places = ctx.doc, ctx.places
    location = event_location(doc, places, cand.start, cand.end, sentences=ctx.sentences, fallback=_home(ctx))
    named = [p for p in places if cand.start <= p.start and p.end <= cand.end and p.name]
    # an origin, a seat, a comparison or a road's destination is named here, but not as the event's place
    named_here = any(role(doc.text, p) in ("event", "destination") for p in named)
    regions = {p.admin1 for p in named if p.admin1 and p.feature not in ("country", "demonym")}
    declared_in_several = cand.event_type == "Strategic developments" and len(regions) >= 3
    national = _national(doc.text[cand.start : cand.end]) and (
        cand.event_type == "Strategic developments" or all(p.feature in ("country", "demonym") for p in named)
    )
    if national or declared_in_several:
        # "a nationwide state of emergency", "a state of emergency in Lima, Cusco, Puno and
        # Callao": the country is the place (geo_precision 3)
        country = country_place(ctx.country)
        if country is not None:
            return country, True
    if location is None:
        # no place named and no dateline to fall back on: the report's own country (geo_precision 3),
        # never a place picked at random
        location = country_place(ctx.country)
    return location, named_here


def _home(ctx: DocContext) -> PlaceMention | None:
    """The dateline's place as the fallback of an event that names none, when it lies in the
    report's own country ("MADRID, 1 Abr. (EUROPA PRESS) -" over a story from Paraguay does not)."""
    filed = ctx.dateline_place
    if filed is None or (ctx.country is not None and filed.country_code != ctx.country):
        return None
    return filed


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["national"]), "scope.yaml")


def _national(sentence: str) -> bool:
    return _national_pattern().search(sentence) is not None


# cues that a sentence about a running total carries without telling an incident of its own
CASUALTY_CUES = frozenset(
    {"kill", "injure", "arrest", "attack", "clash", "riot", "protest", "force", "live_fire"}
)


def _spreads_a_running_total(
    ctx: DocContext, cand: EventCandidate, figures: Sequence[FigureMention], own_day: bool
) -> bool:
    """A sentence that says where the deaths of the running total before it happened ("Most of the
    deaths occurred in Cali and in northern Cauca", "El resto de las víctimas se reparte entre
    Cochabamba y Potosí"): words of death or injury only (an attack or a march told after a total
    is an incident), no figure and no day of its own, right after a sentence whose every figure is
    a running total. It tells no incident; its places belong to the total."""
    if figures or own_day or cand.tags or cand.sentence_index == 0 or not cand.cues <= {"kill", "injure"}:
        return False
    before = ctx.sentences[cand.sentence_index - 1]
    told = ctx.figures(before.start, before.end)
    return bool(told) and all(f.tally for f in told)


def only_a_running_total(
    cand: EventCandidate, figures: Sequence[FigureMention], told: str, lang: str, own_day: bool = False
) -> bool:
    """A sentence (``told``) whose only sign of an event is the casualty count of a running total.

    "The deaths bring the total killed since December to 46" reports no new
    incident; "killing 18 and bringing the total to 49" does (it has a figure of its own), and so
    does a roadblock, a strike or a march told beside a total; a strike that only scopes the total
    ("46 dead since the strike began") is none, unless the sentence has a day of its own (``own_day``).
    """
    doings = {"roadblock", "strike", "march"}
    if not figures or not all(f.tally for f in figures) or not cand.cues <= CASUALTY_CUES | doings:
        return False
    if not set(cand.tags) & doings:
        return True
    return not own_day and not set(find_tags(without_tally_scope(told, lang), lang)) & doings
