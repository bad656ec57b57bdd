"""Is a sentence recounting history rather than reporting a new incident?

A report on January's clashes may recall "the 2000 march against Fujimori", "the 2019
coup in Bolivia", "las protestas de noviembre de 2020" or "the December 7 coup". Those
events get ``background=True``: they keep their own dates and figures but are never
counted as new incidents of the report.

Three signals, in order (cue words in ``cronica/data/lexicon/history.yaml``):

1. a dated noun phrase naming a past episode: article + date + episode noun ("the 2000
   march", "the December 7 coup") or episode noun + preposition + date ("the protests
   of November 2020", "la Marcha de los Cuatro Suyos del año 2000"), dated at least two
   weeks before publication;
2. a date more than ``max_age_days`` before publication and no recent date beside it
   ("In 2000, thousands marched against Fujimori");
3. a recall cue ("as in", "recordó", "anniversary") with a date more than a month old.

A recent date outside such noun phrases ("on Monday protesters recalled the 2000
march") makes the sentence a current report: it is not background.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cronica.extract.dates import DateMention
from cronica.extract.numbers import LANGS
from cronica.lexicon import alternation, load_lexicon

_NP_MIN_AGE = dt.timedelta(days=14)
_CUE_MIN_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class _Rules:
    noun_after: re.Pattern[str]  # at the start of the text after a date: the episode noun
    noun_before: re.Pattern[str]  # in the text before a date: episode noun + short name + preposition
    article_before: re.Pattern[str]
    linking_before: re.Pattern[str]  # a preposition right before a date ("of", "de")
    since_before: re.Pattern[str]  # "since ..." shortly before a date
    recall: tuple[re.Pattern[str], ...]
    date_prepositions: tuple[str, ...]  # a date text that starts with one follows an episode noun
    date_mention_articles: tuple[str, ...]
    since_words: tuple[str, ...]
    max_age: dt.timedelta


def _words(lex: dict[str, Any], key: str) -> list[str]:
    return [str(w) for w in lex[key]]


def _every_language(key: str) -> list[str]:
    """The words listed under ``key`` for every language of history.yaml."""
    return [w for lex in load_lexicon("history").values() for w in _words(lex, key)]


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lex: dict[str, Any] = load_lexicon("history")[lang]
    nouns = alternation(_words(lex, "event_nouns"))
    preps = alternation(_words(lex, "date_prepositions"))
    articles = alternation(_every_language("date_articles"))
    years = alternation(_every_language("year_words"))
    determiners = alternation(_words(lex, "episode_determiners"))
    return _Rules(
        # "'s": a possessive between the date and the noun ("the 2019's crisis").
        noun_after=re.compile(rf"^\s*(?:'s\s+)?(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b", re.IGNORECASE),
        noun_before=re.compile(
            rf"\b(?:{nouns})\b(?:\s+[\w-]+){{0,5}}?\s*,?\s*(?:(?:{preps})\s+(?:(?:{articles})\s+)?(?:(?:{years})\s+)?)?$",
            re.IGNORECASE,
        ),
        article_before=re.compile(rf"\b(?:{determiners})\s+$", re.IGNORECASE),
        linking_before=re.compile(
            rf"\b(?:{alternation(_every_language('linking_prepositions'))})\s+$", re.IGNORECASE
        ),
        since_before=re.compile(
            rf"\b(?:{alternation(_every_language('since_words'))})\b[^.;]{{0,60}}$", re.IGNORECASE
        ),
        recall=tuple(re.compile(p, re.IGNORECASE) for p in lex["recall_cues"]),
        date_prepositions=tuple(f"{w} " for w in _words(lex, "date_prepositions")),
        date_mention_articles=tuple(f"{w} " for w in _every_language("date_mention_articles")),
        since_words=tuple(_every_language("since_words")),
        max_age=dt.timedelta(days=int(lex["max_age_days"])),
    )


def _in_history_np(text: str, d: DateMention, r: _Rules) -> bool:
    date_text = text[d.start : d.end]
    before = text[max(0, d.start - 80) : d.start]
    after = text[d.end : d.end + 40]
    lowered = date_text.lower()
    has_article = lowered.startswith(r.date_mention_articles) or bool(r.article_before.search(before))
    if has_article and r.noun_after.match(after):
        return True
    return bool(
        (lowered.startswith(r.date_prepositions) or r.linking_before.search(before))
        and r.noun_before.search(before)
    )


def _since(text: str, d: DateMention, r: _Rules) -> bool:
    head = text[d.start : d.end].lower()
    return head.startswith(r.since_words) or bool(r.since_before.search(text, max(0, d.start - 70), d.start))


def _age(d: DateMention, published: dt.date | None) -> dt.timedelta | None:
    """How long before publication the period of ``d`` ended (None without a publication date)."""
    if published is None:
        return None
    last = d.date_end or d.event_date
    if d.precision == "year":
        last = dt.date(d.event_date.year, 12, 31)
    elif d.precision == "month":
        nxt = dt.date(d.event_date.year + d.event_date.month // 12, d.event_date.month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
    return published - last


def _old(d: DateMention, published: dt.date | None, threshold: dt.timedelta) -> bool:
    a = _age(d, published)
    if a is None:
        return not d.relative  # without a publication date only explicit dates can be history
    return a >= threshold


def is_background(
    text: str,
    start: int,
    end: int,
    lang: str,
    published: dt.date | None,
    dates: Sequence[DateMention],
) -> bool:
    """True when ``text[start:end]`` recounts history rather than a new incident of the report."""
    r = _rules(lang if lang in LANGS else "en")
    # "since the protests began in December": the start of the current crisis's period, running to
    # now, is neither history nor the sentence's own date ("since 2000" still compares with history)
    inside = [
        d
        for d in dates
        if start <= d.start
        and d.end <= end
        and not (published is not None and published - d.event_date < r.max_age and _since(text, d, r))
    ]
    if not inside:
        return False
    history: list[DateMention] = []
    current: list[DateMention] = []
    for d in inside:
        (history if _in_history_np(text, d, r) else current).append(d)
    # a recent date outside history phrases: the sentence reports something current
    if any(not _old(d, published, _CUE_MIN_AGE) for d in current):
        return False
    if any(_old(d, published, _NP_MIN_AGE) for d in history):
        return True
    if published is not None and current and all(_old(d, published, r.max_age) for d in current):
        return True
    seg = text[start:end]
    return (
        bool(current)
        and any(p.search(seg) for p in r.recall)
        and all(_old(d, published, _CUE_MIN_AGE) for d in current)
    )
