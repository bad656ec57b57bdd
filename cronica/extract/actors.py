"""Actor mentions with ACLED actor types, and the choice of actor1/actor2 for an event.

A word can fit several types ("villagers" march as protesters and die as civilians), so a
mention keeps every type it can have and the event's sub-type decides which one it plays.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cronica.extract.event_lexicon import (
    alternation,
    compile_patterns,
    compile_rule,
    fold,
    lexicon_entry,
    load_yaml,
    norm_lang,
    per_language,
)
from cronica.lexicon import LexiconError
from cronica.model import Actor
from cronica.taxonomy import actor_type_names


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
        for kind in actor_type_names()
        if kind in data
    )


@lru_cache(maxsize=1)
def _determiner() -> re.Pattern[str]:
    """An article at the start of a name, in any language of actors.yaml."""
    words = alternation(lexicon_entry("actors", "determiners"), "actors.determiners")
    return compile_rule(rf"^{words}\s+", "actors.determiners")


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
        name = _determiner().sub("", text[start:end].strip())
        out.append(ActorMention(start, end, name, tuple(kinds)))
        last_end = end
    return out


def first_of(
    mentions: Sequence[ActorMention], kinds: Collection[str], skip: ActorMention | None = None
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


def default_actor(role: str, lang: str) -> Actor:
    """The actor for a ``role`` the report leaves unnamed (``protesters``, ``rioters``, ``mob``,
    ``civilians``, ``police``), named in the report's language (actors.yaml ``unnamed``)."""
    entry = lexicon_entry("actors", "unnamed", role)
    if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
        raise LexiconError(f"actors.yaml: unnamed.{role} needs a 'type' and a name per language")
    return Actor(name=str(entry.get(norm_lang(lang)) or entry["en"]), type=entry["type"])
