"""Helpers that turn the geo lexicons' word lists into sets and regular-expression pieces.

The lexicons themselves (``cronica/data/lexicon/gazetteer_names.yaml`` and
``toponyms.yaml``) group their phrases by language (``en``, ``es``, ``other``); the
geoparser does not know a report's language when it matches names, so every language
counts.
"""

from __future__ import annotations

from typing import Any

from cronica.lexicon import all_languages, load_lexicon


def section(lexicon: str, *path: str) -> Any:
    """The part of ``lexicon`` found by following the keys of ``path``."""
    node: Any = load_lexicon(lexicon)
    for key in path:
        node = node[key]
    return node


def phrases(lexicon: str, *path: str) -> list[str]:
    """Every phrase of the word list at ``path`` in ``lexicon``, all languages together."""
    return [str(p) for p in all_languages(section(lexicon, *path))]


def word_set(lexicon: str, *path: str) -> frozenset[str]:
    """The word list at ``path`` in ``lexicon`` as a set (compared as written, never normalised)."""
    return frozenset(phrases(lexicon, *path))


def mapping(lexicon: str, *path: str) -> dict[str, str]:
    """The per-language mappings at ``path`` in ``lexicon`` merged into one."""
    by_language = section(lexicon, *path)
    merged: dict[str, str] = {}
    for lang in sorted(by_language):
        merged.update({str(k): str(v) for k, v in by_language[lang].items()})
    return merged

