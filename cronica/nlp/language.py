"""Language identification restricted to the languages cronica supports."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

SUPPORTED = ("en", "es")

# Cheap evidence used when lingua is unavailable or the text is very short.
_ES_WORDS = re.compile(r"\b(el|la|los|las|del|que|por|para|una|con|según|fueron|durante|está|más)\b", re.I)
_EN_WORDS = re.compile(r"\b(the|of|and|to|in|was|were|by|with|said|that|for|from|have|has)\b", re.I)


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def detect_language(text: str, default: str = "en") -> str:
    """Return ``"en"`` or ``"es"`` for ``text``.

    lingua decides on the first few thousand characters (enough for a report and
    much faster than the whole text); a stop-word count breaks ties on tiny texts.
    """
    sample = text[:3000]
    if not sample.strip():
        return default
    es = len(_ES_WORDS.findall(sample))
    en = len(_EN_WORDS.findall(sample))
    if es + en >= 20 and (es > 3 * en or en > 3 * es):
        return "es" if es > en else "en"
    try:
        found = _detector().detect_language_of(sample)
    except ImportError:
        found = None
    if found is None:
        return "es" if es > en else ("en" if en > es else default)
    return "es" if found.name == "SPANISH" else "en"
