"""Actor mentions with ACLED actor types, and the choice of actor1/actor2 for an event.

A word can fit several types ("villagers" march as protesters and die as civilians), so a
mention keeps every type it can have and the event's sub-type decides which one it plays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cronica.extract.event_lexicon import compile_patterns, fold, load_yaml, norm_lang, per_language
from cronica.model import ACTOR_TYPES, Actor

ARMED: frozenset[str] = frozenset({"state_forces", "rebel_groups", "political_militias", "identity_militias"})

_DETERMINER = re.compile(r"^(?:the|a|an|la|las|el|los|unos|unas|un|una)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets in the text passed to find_actors
    end: int
    name: str
    types: tuple[str, ...]  # possible ACLED actor types, most likely first


@lru_cache(maxsize=4)
def _actor_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("actors")["types"]
    return tuple(
        (kind, compile_patterns(per_language(data[kind], lang, f"actors.{kind}"), f"actors.{kind}.{lang}"))
        for kind in ACTOR_TYPES
        if kind in data
    )


def find_actors(text: str, lang: str = "en", *, folded: str | None = None) -> list[ActorMention]:
    """Actor mentions in ``text`` in reading order; overlapping matches keep the longest.

    ``folded`` may pass the accent-folded ``text`` when the caller already has it.
    """
    probe = folded if folded is not None else fold(text)
    hits: dict[tuple[int, int], list[str]] = {}
    for kind, pattern in _actor_patterns(norm_lang(lang)):
        for m in pattern.finditer(probe):
            kinds = hits.setdefault((m.start(), m.end()), [])
            if kind not in kinds:
                kinds.append(kind)
    out: list[ActorMention] = []
    last_end = -1
    # Longest first at each start, then drop anything overlapping an earlier kept span.
    for (start, end), kinds in sorted(hits.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0]))):
        if start < last_end:
            continue
        # Other types matched on a sub-span of this one (e.g. "students" inside a longer match) are dropped.
        name = _DETERMINER.sub("", text[start:end].strip())
        out.append(ActorMention(start, end, name, tuple(kinds)))
        last_end = end
    return out


def first_of(
    mentions: Sequence[ActorMention], kinds: Sequence[str], skip: ActorMention | None = None
) -> tuple[ActorMention, str] | None:
    """The first mention that can play one of ``kinds`` (and the kind it plays), skipping ``skip``."""
    for mention in mentions:
        if mention is skip:
            continue
        for kind in mention.types:
            if kind in kinds:
                return mention, kind
    return None


def as_actor(found: tuple[ActorMention, str] | None, retype: str | None = None) -> Actor | None:
    """An :class:`Actor` for a found mention, optionally with a different type (protesters -> rioters)."""
    if found is None:
        return None
    mention, kind = found
    return Actor(name=mention.name, type=retype or kind)
