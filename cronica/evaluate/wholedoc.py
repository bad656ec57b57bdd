"""Whole documents through :func:`cronica.extract.document.extract_document`, for the corpora whose
gold is per sentence, per protest or per article (issue 12: honest figures).

``cronica eval`` used to score IndiaPoliceEvents, Mass Mobilization and ACEP with readers that saw
one sentence at a time. Here each document goes through the path of ``cronica extract`` (language,
sentences, detection, figures, incidents, records) and the gold is read off the event records it
prints: their sub-types, actors, figures and evidence sentences. Each corpus is cut into a
development and a held-out half by :func:`cronica.evaluate.splits.unit_split`; rules are tuned on
``dev``; ``heldout`` is the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cronica.evaluate.errors import EvalError
from cronica.evaluate.splits import SPLITS, unit_split
from cronica.extract.event_lexicon import event_lexicon, fold, norm_lang
from cronica.model import Actor, Event

# Sub-types whose intervening force ACLED codes as actor2, the demonstrators being actor1
# (TAXONOMY.md: "in a protest with intervention the protesters are actor1 and the force that
# intervened actor2"; "in a violent demonstration the rioters are actor1"; police firing on a
# rioting mob is the riot's actor2, its dead the riot's fatalities).
FORCE_AS_ACTOR2 = frozenset({"Protest with intervention", "Violent demonstration", "Mob violence"})
# What shows, in an event of :data:`FORCE_AS_ACTOR2`, that the force second used force: its tags,
# or the cues of ``events.yaml`` in its evidence.
FORCE_TAGS = frozenset({"live_ammunition", "tear_gas"})
FORCE_CUES = frozenset({"force", "beating", "dispersal", "live_fire"})


def check_split(split: str) -> str:
    """``split`` when it names a half (or ``all``), else an :class:`EvalError`."""
    if split not in SPLITS:
        raise EvalError(f"unknown split {split!r} (known: {', '.join(SPLITS)})")
    return split


def in_split(corpus: str, key: object, split: str) -> bool:
    """Whether the unit ``key`` of ``corpus`` belongs to ``split`` (``all`` holds every unit)."""
    return split == "all" or unit_split(corpus, key) == split


def is_state(actor: Actor | None) -> bool:
    """The actor is of the state forces (ACLED inter code 1)."""
    return actor is not None and actor.type == "state_forces"


def state_acted(event: Event, any_role: bool = False) -> bool:
    """State forces did what the event tells: they are its actor1, or, where ACLED codes the
    intervening force second, its actor2. ``any_role``: state forces anywhere among its actors
    (to count events whose only fault is the order of their actors)."""
    if is_state(event.actor1):
        return True
    if any_role or event.sub_event_type in FORCE_AS_ACTOR2:
        return is_state(event.actor2)
    return False


def used_force(event: Event, lang: str) -> bool:
    """The event's tags or evidence tell force used (firing, tear gas, batons, a crowd dispersed)."""
    return bool(FORCE_TAGS.intersection(event.tags)) or bool(FORCE_CUES & evidence_cues(event, lang))


def evidence_cues(event: Event, lang: str) -> frozenset[str]:
    """The cues of ``events.yaml`` (``kill``, ``beating``, ``dispersal``, ``live_fire``...) that the
    event's evidence sentences hold."""
    cues = event_lexicon(norm_lang(lang)).cues
    text = fold(" ".join(e.text for e in event.evidence))
    return frozenset(name for name, pattern in cues.items() if pattern.search(text))


def evidence_stats(events: Iterable[Event]) -> dict[str, Any]:
    """The longest evidence (in sentences and in characters) and the mean, over ``events``."""
    sentences, chars = [], []
    for e in events:
        sentences.append(len(e.evidence))
        chars.append(sum(len(x.text) for x in e.evidence))
    return {
        "events": len(chars),
        "max_sentences": max(sentences, default=0),
        "max_chars": max(chars, default=0),
        "mean_chars": round(sum(chars) / len(chars), 1) if chars else 0.0,
    }


def parse_date(year: object, month: object = 1, day: object = 1) -> dt.date | None:
    """A date from loose fields (``"2002"``, ``"3"``, ``"14"``); None when they make no date."""
    try:
        return dt.date(int(str(year)), int(str(month or 1)), int(str(day or 1)))
    except (TypeError, ValueError):
        return None
