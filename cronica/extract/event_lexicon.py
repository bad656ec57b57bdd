"""Loading and compiling the YAML lexicons of the event stage (events, actors, tags).

Patterns are written without accents and matched on accent-folded text. Folding maps each
accented letter to one plain letter, so offsets in the folded text are offsets in the
original: no bookkeeping is needed to point evidence back at the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cronica.lexicon import LexiconError, all_languages, load_lexicon

LANGS: tuple[str, ...] = ("en", "es")
# Where a governor's scope ends at the latest (events.yaml ``governors.*.scope``).
GOVERNOR_SCOPES: tuple[str, ...] = ("comma", "clause", "sentence")

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


def lexicon_entry(lexicon: str, *path: str) -> Any:
    """The entry at ``path`` (keys, outermost first) in ``<lexicon>.yaml``, or a :class:`LexiconError`."""
    entry: Any = load_yaml(lexicon)
    for key in path:
        entry = entry.get(key) if isinstance(entry, dict) else None
    if entry is None:
        raise LexiconError(f"{lexicon}.yaml: {'.'.join(path)} is missing")
    return entry


def alternation(entry: Any, where: str) -> str:
    """``(?:a|b|...)`` over every language's fragments of a ``{"en": [...], "es": [...]}`` entry.

    For patterns that read a sentence the same way whatever its language. Fragments keep the
    order of the file, English first (it matters only where a match's extent is used); no word
    boundaries are added.
    """
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping of language -> patterns")
    for lang in entry:
        per_language(entry, lang, where)
    fragments = all_languages(entry)
    if not fragments:
        raise LexiconError(f"{where} has no pattern")
    return "(?:" + "|".join(f"(?:{p})" for p in fragments) + ")"


def compile_rule(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``pattern`` compiled, or a :class:`LexiconError` naming ``where``."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"bad pattern in {where}: {exc}") from exc


@dataclass(frozen=True)
class Governor:
    """Words whose scope (``window`` characters after them, up to a clause stop) is not an event."""

    pattern: re.Pattern[str]
    window: int
    scope: str  # where the scope ends at the latest: "comma", "clause" or "sentence"


@dataclass(frozen=True)
class EventLexicon:
    """The compiled ``events.yaml`` for one language."""

    gate: re.Pattern[str]  # every trigger cue in one pattern: a sentence it misses holds no event
    cues: dict[str, re.Pattern[str]]
    filters: dict[str, re.Pattern[str]]
    governors: dict[str, Governor]
    triggers: frozenset[str]


def _section(data: dict[str, Any], name: str, kind: type) -> Any:
    value = data.get(name)
    if not isinstance(value, kind):
        raise LexiconError(f"events.yaml needs '{name}' ({kind.__name__})")
    return value


def _compiled(entries: dict[str, Any], section: str, lang: str) -> dict[str, re.Pattern[str]]:
    return {
        name: compile_patterns(
            per_language(entry, lang, f"{section}.{name}"), f"events.{section}.{name}.{lang}"
        )
        for name, entry in entries.items()
    }


def _governors(entries: Any, lang: str) -> dict[str, Governor]:
    if not isinstance(entries, dict):
        raise LexiconError("events.yaml: 'governors' must be a mapping")
    governors: dict[str, Governor] = {}
    for name, entry in entries.items():
        window = entry.get("window") if isinstance(entry, dict) else None
        if not isinstance(window, int) or entry.get("scope") not in GOVERNOR_SCOPES:
            raise LexiconError(f"events.yaml: governors.{name} needs an int 'window' and a 'scope'")
        pattern = compile_patterns(
            per_language(entry, lang, f"governors.{name}"), f"events.governors.{name}.{lang}"
        )
        governors[name] = Governor(pattern, window, entry["scope"])
    return governors


@lru_cache(maxsize=4)
def event_lexicon(lang: str) -> EventLexicon:
    """``events.yaml`` compiled for ``lang`` (``en`` or ``es``; cached)."""
    data = load_yaml("events")
    cue_data = _section(data, "cues", dict)
    triggers = _section(data, "triggers", list)
    gate_patterns: list[str] = []
    for name in triggers:
        if name not in cue_data:
            raise LexiconError(f"events.yaml: trigger {name!r} is not a cue")
        gate_patterns.extend(per_language(cue_data[name], lang, f"cues.{name}"))
    return EventLexicon(
        gate=compile_patterns(gate_patterns, f"events.triggers.{lang}"),
        cues=_compiled(cue_data, "cues", lang),
        filters=_compiled(_section(data, "filters", dict), "filters", lang),
        governors=_governors(data.get("governors", {}), lang),
        triggers=frozenset(triggers),
    )
