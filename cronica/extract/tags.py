"""Event tags users filter on (roadblock, strike, march, live_ammunition, tear_gas, ...).

The tags and their words are those of ``cronica/data/lexicon/tags.yaml``, in the file's order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cronica.extract.event_lexicon import compile_patterns, fold, load_yaml, norm_lang, per_language
from cronica.lexicon import LexiconError


def tag_names() -> tuple[str, ...]:
    """Every tag, in the fixed order that :func:`find_tags` reports them."""
    data = load_yaml("tags").get("tags")
    if not isinstance(data, dict):
        raise LexiconError("tags.yaml needs a 'tags' mapping")
    return tuple(data)


@lru_cache(maxsize=4)
def _tag_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("tags")["tags"]
    return tuple(
        (tag, compile_patterns(per_language(data[tag], lang, f"tags.{tag}"), f"tags.{tag}.{lang}"))
        for tag in tag_names()
    )


def find_tags(text: str, lang: str = "en", *, folded: bool = False) -> tuple[str, ...]:
    """The tags whose words occur in ``text``, in the fixed order of :func:`tag_names`.

    Pass ``folded=True`` when ``text`` is already accent-folded.
    """
    probe = text if folded else fold(text)
    return tuple(tag for tag, pattern in _tag_patterns(norm_lang(lang)) if pattern.search(probe))
