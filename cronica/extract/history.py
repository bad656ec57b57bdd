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
from cronica.lexicon import load_lexicon

_NP_MIN_AGE = dt.timedelta(days=14)
_CUE_MIN_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class _Rules:
    noun_after: re.Pattern[str]  # at the start of the text after a date: the episode noun
    noun_before: re.Pattern[str]  # in the text before a date: episode noun + short name + preposition
    article_before: re.Pattern[str]
    recall: tuple[re.Pattern[str], ...]
    max_age: dt.timedelta


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lex: dict[str, Any] = load_lexicon("history")[lang]
    nouns = _alt([str(n) for n in lex["event_nouns"]])
    if lang == "es":
        preps = r"(?:de|del|en|el)"
        article = r"(?:la|el|los|las|aquel|aquella|aquellos|aquellas)"
    else:
        preps = r"(?:of|in|from)"
        article = r"(?:the|that|those|its|their)"
    return _Rules(
        noun_after=re.compile(rf"^\s*(?:'s\s+)?(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b", re.IGNORECASE),
        noun_before=re.compile(
            rf"\b(?:{nouns})\b(?:\s+[\w-]+){{0,5}}?\s*,?\s*(?:{preps}\s+(?:the\s+|el\s+)?(?:year\s+|año\s+)?)?$",
            re.IGNORECASE,
        ),
        article_before=re.compile(rf"\b{article}\s+$", re.IGNORECASE),
        recall=tuple(re.compile(p, re.IGNORECASE) for p in lex["recall_cues"]),
        max_age=dt.timedelta(days=int(lex["max_age_days"])),
    )


def _starts_with_prep(s: str, lang: str) -> bool:
    preps = ("de ", "del ", "en ", "el ") if lang == "es" else ("of ", "in ", "from ")
    return s.lower().startswith(preps)


def _in_history_np(text: str, d: DateMention, lang: str, r: _Rules) -> bool:
    date_text = text[d.start : d.end]
    before = text[max(0, d.start - 80) : d.start]
    after = text[d.end : d.end + 40]
    lowered = date_text.lower()
    has_article = lowered.startswith(("the ", "el ", "la ")) or bool(r.article_before.search(before))
    if has_article and r.noun_after.match(after):
        return True
    return bool(
        (_starts_with_prep(date_text, lang) or re.search(r"\b(?:of|in|de|del|en)\s+$", before, re.I))
        and r.noun_before.search(before)
    )


_SINCE = re.compile(r"\b(?:since|desde)\b[^.;]{0,60}$", re.IGNORECASE)


def _since(text: str, d: DateMention) -> bool:
    head = text[d.start : d.end].lower()
    return head.startswith(("since", "desde")) or bool(_SINCE.search(text, max(0, d.start - 70), d.start))


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
        and not (published is not None and published - d.event_date < r.max_age and _since(text, d))
    ]
    if not inside:
        return False
    history: list[DateMention] = []
    current: list[DateMention] = []
    for d in inside:
        (history if _in_history_np(text, d, lang, r) else current).append(d)

    def age(d: DateMention) -> dt.timedelta | None:
        if published is None:
            return None
        last = d.date_end or d.event_date
        if d.precision == "year":
            last = dt.date(d.event_date.year, 12, 31)
        elif d.precision == "month":
            nxt = dt.date(d.event_date.year + d.event_date.month // 12, d.event_date.month % 12 + 1, 1)
            last = nxt - dt.timedelta(days=1)
        return published - last

    def old(d: DateMention, threshold: dt.timedelta) -> bool:
        a = age(d)
        if a is None:
            return not d.relative  # without a publication date only explicit dates can be history
        return a >= threshold

    # a recent date outside history phrases: the sentence reports something current
    if any(not old(d, _CUE_MIN_AGE) for d in current):
        return False
    if any(old(d, _NP_MIN_AGE) for d in history):
        return True
    if published is not None and current and all(old(d, r.max_age) for d in current):
        return True
    seg = text[start:end]
    return (
        bool(current) and any(p.search(seg) for p in r.recall) and all(old(d, _CUE_MIN_AGE) for d in current)
    )
