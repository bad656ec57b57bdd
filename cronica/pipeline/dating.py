"""The date an event or a running total takes from the dates found around it (used by several stages)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from cronica.extract.dates import DateMention, best_date
from cronica.lexicon import all_languages, any_of, load_lexicon
from cronica.model import Document

HISTORY_DAYS = 180  # an incident this long before its report is told as history, not news
CRISIS_START_DAYS = 14

# (event_date, date_end, precision, from_text)
Dating = tuple[dt.date | None, dt.date | None, str, bool]


@lru_cache(maxsize=1)
def _crisis_start_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["crisis_start"]), "scope.yaml")


def date_of(
    doc: Document,
    dates: Sequence[DateMention],
    context_dates: Sequence[DateMention] = (),
    reference: dt.date | None = None,
) -> Dating:
    """(event_date, date_end, precision, from_text) from the dates found in an event's span, else
    in its context; the start of the whole crisis ("since the protests began on 7 December") does
    not count. Without a date: the reference date (the dateline's, when the caller has read one)
    or else the publication date, with precision ``week`` (DESIGN.md)."""
    reference = reference or doc.published
    for found in (dates, context_dates):
        best = best_date(doc.text, _not_after(found, doc.published))
        if best is not None:
            if crisis_start(doc.text, best, reference):
                break
            return best.event_date, best.date_end, best.precision, True
    return reference, None, "week", False


def _not_after(dates: Sequence[DateMention], published: dt.date | None) -> list[DateMention]:
    """The dates that can be an incident's: a day after the report's publication is a plan or a
    forecast ("would have to stop production from 1 February"), not when something happened."""
    if published is None:
        return list(dates)
    return [d for d in dates if d.event_date <= published]


def crisis_start(text: str, date: DateMention, published: dt.date | None) -> bool:
    """The date is the start of the whole crisis, weeks before the report ("the first death in
    Lima since the protests began on 7 December"): it dates a running count, not the incident."""
    if published is None or (published - date.event_date).days < CRISIS_START_DAYS:
        return False
    lead = 3 if text[date.start : date.start + 3].lower() == "el " else 0  # "el 7 de diciembre"
    return _crisis_start_pattern().search(text[max(0, date.start - 90) : date.start + lead]) is not None


@lru_cache(maxsize=1)
def _retrospective_pattern() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("scope")["retrospective"]), "scope.yaml")


ONSET_DAYS = 2  # an onset this many days before the report is told in passing


def retrospective(text: str, date: DateMention) -> bool:
    """The date follows a phrase that looks back ("since", "which began on", "desde el pasado")."""
    # the date's own words may hold the phrase ("desde el pasado 28 de abril", "since last January"):
    # look up to its first digit, else up to its last word
    own = text[date.start : date.end]
    digit = next((i for i, ch in enumerate(own) if ch.isdigit()), None)
    lead = digit if digit is not None else max(own.rstrip().rfind(" ") + 1, 0)
    before = max(0, date.start - 60)
    pattern = _retrospective_pattern()
    return any(pattern.search(text[before : date.start + k]) for k in (0, lead))


def onset_told_in_passing(text: str, dates: Sequence[DateMention], published: dt.date | None) -> bool:
    """Every date of a candidate looks back to when something began, days before the report.

    "The protests, which began on June 18, forced the withdrawal of the bill" and "Cali ha sido el
    epicentro del paro desde el 28 de abril" tell no incident of their own: the start of a movement
    is history in such a sentence (the issue's "retrospective phrases are not an incident's date").
    """
    if not dates or published is None:
        return False
    if not all(retrospective(text, d) for d in dates):
        return False
    return all((published - d.event_date).days >= ONSET_DAYS for d in dates)


def long_ago(event_date: dt.date | None, published: dt.date | None) -> bool:
    """The incident is so long before its report that the report tells it as history."""
    return event_date is not None and published is not None and (published - event_date).days > HISTORY_DAYS
