"""Stage ``incidents``: the drafts of one report that tell the same incident become one.

Same sub-type family, date and place make one incident with every sentence as evidence. A
sentence without a date of its own goes on telling the latest incident it fits; when it fits
none, it takes its paragraph's date, else the day the report has been telling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from cronica.extract.dates import speaks_of_plans
from cronica.extract.events import EventCandidate
from cronica.geo import same_scene
from cronica.lexicon import all_languages, any_of, load_lexicon
from cronica.model import DEMONSTRATION_SEVERITY
from cronica.nlp.sentences import Sentence
from cronica.pipeline.context import DocContext
from cronica.pipeline.dating import date_of, long_ago
from cronica.pipeline.mentions import Draft
from cronica.pipeline.registry import stage
from cronica.taxonomy import kinds_agree

CONTINUOUS_TAGS = frozenset({"roadblock", "strike"})
CONTINUOUS_GAP_DAYS = 2


@stage("incidents", requires=("doc", "lang", "sentences", "drafts"), assigns=("incidents",))
def merge_incidents(ctx: DocContext) -> None:
    """Merge the drafts that tell one incident, in text order (the drafts stay as they were)."""
    published = ctx.doc.published
    incidents: list[Draft] = []
    for original in ctx.drafts:
        draft = original.copy()
        if draft.firm:
            target = next((d for d in incidents if same_incident(d, draft)), None)
        else:
            # an undated sentence goes on telling the latest incident it fits
            target = next((d for d in reversed(incidents) if same_incident(d, draft)), None)
            if target is None:
                _date_from_context(ctx, draft, incidents)
        if target is None:
            # a date found in the paragraph or kept from the story's day may be long past
            draft.background = draft.background or long_ago(draft.event_date, published)
            incidents.append(draft)
        else:
            cand = draft.candidate
            merge(target, draft, lend_place=not speaks_of_plans(ctx.doc.text, cand.start, cand.end, ctx.lang))
    ctx.incidents = incidents


def _date_from_context(ctx: DocContext, draft: Draft, incidents: Sequence[Draft]) -> None:
    """Date a draft that fits no incident so far: its paragraph's date, else the story's day."""
    cand, sentences = draft.candidate, ctx.sentences
    idx = _sentence_indices(sentences, cand.start, cand.end) or [cand.sentence_index]
    para_start, para_end = _passage_span(sentences, idx[0], idx[-1])
    draft.event_date, draft.date_end, draft.precision, draft.dated_in_text = date_of(
        ctx.doc, ctx.dates(cand.start, cand.end), ctx.dates(para_start, para_end)
    )
    anchor = next((d for d in reversed(incidents) if d.dated_in_text and not d.background), None)
    if not draft.dated_in_text and anchor is not None:
        # "Similar marches took place in Juliaca": a report goes on telling the day it
        # is about; the publication week is the last resort, not the first
        draft.event_date, draft.date_end, draft.precision = (
            anchor.event_date,
            anchor.date_end,
            anchor.precision,
        )


def _passage_span(sentences: Sequence[Sentence], first: int, last: int) -> tuple[int, int]:
    """The part of the paragraph of ``sentences[first:last + 1]`` that tells the same incident: the
    paragraph, cut where a sentence turns to another incident ("Meanwhile, ...", "Finally, ...",
    "Por otra parte, ...")."""
    para = sentences[first].paragraph
    lo = first
    while lo > 0 and sentences[lo - 1].paragraph == para and not _turns(sentences[lo].text):
        lo -= 1
    hi = last
    while (
        hi + 1 < len(sentences) and sentences[hi + 1].paragraph == para and not _turns(sentences[hi + 1].text)
    ):
        hi += 1
    return sentences[lo].start, sentences[hi].end


@lru_cache(maxsize=1)
def _topic_shift_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["topic_shift"]), "scope.yaml")


def _turns(sentence: str) -> bool:
    """The sentence opens on a turn to another incident (scope.yaml ``topic_shift``)."""
    return _topic_shift_pattern().search(sentence) is not None


def _sentence_indices(sentences: Sequence[Sentence], start: int, end: int) -> list[int]:
    return [i for i, s in enumerate(sentences) if s.start < end and s.end > start]


def families_agree(a: EventCandidate, b: EventCandidate) -> bool:
    """Within one report: two candidates of kinds that can tell one incident
    (:func:`cronica.taxonomy.kinds_agree`)."""
    return kinds_agree(_kind(a), _kind(b))


def _kind(c: EventCandidate) -> tuple[str, str, str | None]:
    return c.event_type, c.sub_event_type, c.actor1.type if c.actor1 else None


def same_incident(a: Draft, b: Draft) -> bool:
    """Whether two drafts of one report tell the same incident."""
    if a.background != b.background or not families_agree(a.candidate, b.candidate):
        return False
    if a.firm and b.firm and a.event_date != b.event_date and not goes_on(a, b):
        return False
    if not (a.located_in_text and b.located_in_text) or a.location is None or b.location is None:
        return True
    return same_scene(a.location, b.location)


def goes_on(a: Draft, b: Draft) -> bool:
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


def merge(into: Draft, other: Draft, lend_place: bool = True) -> None:
    """Fold ``other`` into ``into``: evidence and figures, the firmer date, the finer place, the
    most specific sub-type of a demonstration and every tag. ``lend_place``: False for a sentence
    that speaks of plans ("the neighbouring towns will join the marches"): the town it names is
    not where the incident happened."""
    into.spans.extend(other.spans)
    into.figures.extend(other.figures)
    _merge_dates(into, other)
    if (
        lend_place
        and other.located_in_text
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


def _merge_dates(into: Draft, other: Draft) -> None:
    if not into.firm and (other.firm or (other.dated_in_text and not into.dated_in_text)):
        into.event_date, into.date_end, into.precision = other.event_date, other.date_end, other.precision
        into.dated_in_text = True
    elif into.firm and other.firm and into.event_date != other.event_date:
        # the same blockade on another day: one incident over the days it lasted
        assert into.event_date is not None and other.event_date is not None
        ends = [d for d in (into.date_end, other.date_end, into.event_date, other.event_date) if d]
        into.event_date = min(into.event_date, other.event_date)
        into.date_end = max(ends)
