"""Helpers that turn the geo lexicons' word lists into sets and regular-expression pieces.

The lexicons themselves (``cronica/data/lexicon/gazetteer_names.yaml`` and
``toponyms.yaml``) group their phrases by language (``en``, ``es``, ``other``); the
geoparser does not know a report's language when it matches names, so every language
counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from cronica.lexicon import all_languages, load_lexicon

LANGUAGE_KEYS = frozenset({"en", "es", "other"})


def phrases(lexicon: str, *path: str) -> list[str]:
    """Every phrase of the word list at ``path`` in ``lexicon``, all languages together."""
    entry: Any = load_lexicon(lexicon)
    for key in path:
        entry = entry[key]
    return [str(p) for p in all_languages(entry)]


def word_set(lexicon: str, *path: str) -> frozenset[str]:
    """The word list at ``path`` in ``lexicon`` as a set (compared as written, never normalised)."""
    return frozenset(phrases(lexicon, *path))


def mapping(lexicon: str, *path: str) -> dict[str, str]:
    """The per-language mappings at ``path`` in ``lexicon`` merged into one."""
    entry: Any = load_lexicon(lexicon)
    for key in path:
        entry = entry[key]
    merged: dict[str, str] = {}
    for lang in sorted(entry):
        merged.update({str(k): str(v) for k, v in entry[lang].items()})
    return merged


def alternation(words: Iterable[str], separator: str = r"\s+") -> str:
    """A regex alternation of ``words``, longest first, each escaped, spaces matched by ``separator``.

    Longest first, so that a phrase is preferred to its own start ("region de" to "region")
    where a substitution depends on which alternative matched.
    """
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(separator.join(re.escape(w) for w in phrase.split(" ")) for phrase in ordered)


def languages(entry: Mapping[str, Any]) -> list[str]:
    """The language keys of a lexicon entry, in a fixed order."""
    return sorted(entry)
