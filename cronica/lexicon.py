"""Loading the YAML lexicons under ``cronica/data/lexicon`` (cached, validated, no work at import)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from cronica.errors import CronicaError


class LexiconError(CronicaError):
    """A lexicon file is missing, malformed, or holds a pattern that does not compile."""


@lru_cache(maxsize=32)
def load_lexicon(name: str) -> dict[str, Any]:
    """The parsed lexicon ``cronica/data/lexicon/<name>.yaml``."""
    try:
        raw = resources.files("cronica").joinpath("data", "lexicon", f"{name}.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"lexicon {name}.yaml not found") from exc
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {name}.yaml: expected a mapping at the top level")
    return data


def any_of(patterns: Iterable[str], where: str = "") -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` (each carries its own boundaries)."""
    body = "|".join(f"(?:{p})" for p in patterns)
    try:
        return re.compile(body or r"(?!x)x", re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"bad pattern in {where}: {exc}") from exc


def all_languages(entry: dict[str, list[str]]) -> list[str]:
    """Every pattern of a ``{"en": [...], "es": [...]}`` entry."""
    return [p for lang in sorted(entry) for p in entry[lang]]


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9]*)\}")


def expand(template: str, table: dict[str, str], where: str) -> str:
    """``template`` with each ``{NAME}`` replaced by ``table[NAME]`` (one pass).

    Lexicons write shared pieces of a pattern once (``{MON}``, ``{PERSON}``) and name them in
    the patterns that use them; an unknown name is a :class:`LexiconError` naming ``where``.
    """

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in table:
            raise LexiconError(f"{where}: unknown placeholder {m.group(0)} in {template!r}")
        return table[m.group(1)]

    return _PLACEHOLDER.sub(sub, template)


def alternation(words: Iterable[str], separator: str = r"\s+") -> str:
    """A regex alternation of ``words``, longest first, each escaped, spaces matched by ``separator``.

    Longest first, so that a phrase is preferred to its own start ("region de" to "region")
    where a substitution depends on which alternative matched.
    """
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(separator.join(re.escape(w) for w in phrase.split(" ")) for phrase in ordered)


def fold_accents(text: str) -> str:
    """``text`` case-folded and stripped of accents ("Juliaca", "JULIACA" and "Juliacá" agree)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
