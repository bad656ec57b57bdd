"""Loading and compiling the YAML lexicons of the event stage (events, actors, tags).

Patterns are written without accents and matched on accent-folded text. Folding maps each
accented letter to one plain letter, so offsets in the folded text are offsets in the
original: no bookkeeping is needed to point evidence back at the report.
"""

from __future__ import annotations

import re
from typing import Any

from cronica.lexicon import LexiconError, load_lexicon

LANGS: tuple[str, ...] = ("en", "es")

_FOLD = str.maketrans(
    "áàâäãåéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ’‘“”´",
    "aaaaaaeeeeiiiiooooouuuuncAAAAAAEEEEIIIIOOOOOUUUUNC''\"\"'",
)


def fold(text: str) -> str:
    """Accent-folded copy of ``text`` with the same length (offsets are preserved)."""
    return text.translate(_FOLD)


def load_yaml(name: str) -> dict[str, Any]:
    """The parsed lexicon ``cronica/data/lexicon/<name>.yaml``."""
    return load_lexicon(name)


def compile_patterns(patterns: list[str], where: str = "") -> re.Pattern[str]:
    """One case-insensitive alternation of ``patterns`` inside word boundaries.

    Longer patterns are tried first so that "tear gas shells" wins over "tear gas".
    """
    if not patterns:
        return re.compile(r"(?!x)x")  # matches nothing
    ordered = sorted(set(patterns), key=len, reverse=True)
    body = "|".join(f"(?:{p})" for p in ordered)
    try:
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"bad pattern in {where}: {exc}") from exc


def per_language(entry: Any, lang: str, where: str) -> list[str]:
    """The pattern list of ``entry`` for ``lang`` (``{"en": [...], "es": [...]}``)."""
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping of language -> patterns")
    patterns = entry.get(lang, [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise LexiconError(f"{where}.{lang}: expected a list of strings")
    return patterns


def norm_lang(lang: str) -> str:
    """``lang`` reduced to one the lexicons cover; unknown languages use English."""
    code = (lang or "en").lower()[:2]
    return code if code in LANGS else "en"
