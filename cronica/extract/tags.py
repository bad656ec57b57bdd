"""Event tags users filter on (roadblock, strike, march, live_ammunition, tear_gas, ...)."""

from __future__ import annotations

import re
from functools import lru_cache

from cronica.extract.event_lexicon import compile_patterns, fold, load_yaml, norm_lang, per_language

TAGS: tuple[str, ...] = (
    "roadblock",
    "strike",
    "march",
    "live_ammunition",
    "tear_gas",
    "state_of_emergency",
    "curfew",
    "mine",
    "border",
)


@lru_cache(maxsize=4)
def _tag_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("tags")["tags"]
    return tuple(
        (tag, compile_patterns(per_language(data[tag], lang, f"tags.{tag}"), f"tags.{tag}.{lang}"))
        for tag in TAGS
        if tag in data
    )


def find_tags(text: str, lang: str = "en", *, folded: bool = False) -> tuple[str, ...]:
    """The tags whose words occur in ``text``, in the fixed order of :data:`TAGS`.

    Pass ``folded=True`` when ``text`` is already accent-folded.
    """
    probe = text if folded else fold(text)
    return tuple(tag for tag, pattern in _tag_patterns(norm_lang(lang)) if pattern.search(probe))
