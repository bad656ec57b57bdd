"""What state forces did according to one sentence (KILL, ARREST, FORCE), for IndiaPoliceEvents.

An evaluation reader, not a pipeline stage: the pipeline types events with
:func:`cronica.extract.events.detect_events`. This one answers the corpus' three sentence-level
questions directly, with the words of ``cronica/data/lexicon/police.yaml`` and the kill and arrest
cues, negations and modals of ``events.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cronica.extract.event_lexicon import (
    EventLexicon,
    alternation,
    compile_patterns,
    compile_rule,
    event_lexicon,
    fold,
    lexicon_entry,
    norm_lang,
    per_language,
)
from cronica.extract.events import grievance_before

POLICE_ACTIONS: tuple[str, ...] = ("KILL", "ARREST", "FORCE")
# The action lists of police.yaml, each compiled like a cue.
ACTION_LISTS: tuple[str, ...] = (
    "agent",
    "not_agent",
    "kill",
    "force",
    "force_agentless",
    "not_arrest",
    "hypothetical",
)
# How far before an action word a hypothetical ("would", "if need be", "likely to be") still governs it.
_HYPO_WINDOW = 60
# How far (characters) an agent may stand from a force word and still be the one who used it.
_AGENT_WINDOW = 140
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# UTF-8 read as cp1252: "Â" for a no-break space, "â€œ" for a quote. Folding would turn them into
# letters glued to the neighbouring word ("clashÂ" -> "clasha"), so they are blanked first.
_MOJIBAKE = re.compile("\u00c2|\u00e2(?:\u20ac|\x80).?")


@dataclass(frozen=True)
class _PoliceLexicon:
    agent: re.Pattern[str]
    not_agent: re.Pattern[str]
    kill: re.Pattern[str]
    force: re.Pattern[str]
    force_agentless: re.Pattern[str]
    not_arrest: re.Pattern[str]
    hypothetical: re.Pattern[str]
    other_killer: re.Pattern[str]  # "killed by the mob": the death is put on someone else
    clause_stop: re.Pattern[str]


def _words(name: str) -> str:
    return alternation(lexicon_entry("police", "rules", name), f"police.rules.{name}")


@lru_cache(maxsize=4)
def _police_lexicon(lang: str) -> _PoliceLexicon:
    actions = lexicon_entry("police", "actions")
    parts = {
        name: compile_patterns(
            per_language(actions.get(name), lang, f"police.actions.{name}"), f"police.actions.{name}.{lang}"
        )
        for name in ACTION_LISTS
    }
    other_killer = (
        rf"\s+(?:\w+\s+){{0,2}}{_words('killer_prepositions')}\s+(?:{_words('killer_articles')}\s+)?"
        rf"(?!{_words('state_killers')})\w+"
    )
    clause_stop = rf"[.;:!?]|\b{_words('clause_stops')}\b"
    # Both are case-sensitive, as they always were: "Police" does not clear a killer, "But" stops nothing.
    return _PoliceLexicon(
        **parts,
        other_killer=compile_rule(other_killer, "police.rules.other_killer", 0),
        clause_stop=compile_rule(clause_stop, "police.rules.clause_stops", 0),
    )


@dataclass(frozen=True)
class _Sentence:
    """One sentence prepared for reading: folded, and with non-agent police words blanked."""

    folded: str
    masked: str  # ``folded`` with police words that name a place or a speaker blanked
    lex: EventLexicon
    pol: _PoliceLexicon

    def window(self, start: int, end: int, width: int, text: str | None = None) -> tuple[int, int]:
        """``width`` characters around ``start``..``end``, cut at the nearest clause stop on each side."""
        probe = self.masked if text is None else text
        lo = max(0, start - width)
        hi = min(len(probe), end + width)
        stops_before = [m.end() for m in self.pol.clause_stop.finditer(probe, lo, start)]
        stop_after = self.pol.clause_stop.search(probe, end, hi)
        return (stops_before[-1] if stops_before else lo), (stop_after.start() if stop_after else hi)

    def hypothetical(self, start: int, end: int, text: str | None = None) -> bool:
        """A hypothetical, an order or a wish governs the action word at ``start``..``end``."""
        probe = self.masked if text is None else text
        lo, _ = self.window(start, end, _HYPO_WINDOW, probe)
        return any(m.end() > lo for m in self.pol.hypothetical.finditer(probe, lo, end))

    def negated(self, lo: int, hi: int, text: str | None = None) -> bool:
        probe = self.masked if text is None else text
        return bool(self.lex.filters["negation"].search(probe, lo, hi))

    def agents(self) -> list[tuple[int, int]]:
        return [(a.start(), a.end()) for a in self.pol.agent.finditer(self.masked)]


def _prepare(text: str, lang: str) -> _Sentence:
    code = norm_lang(lang)
    pol = _police_lexicon(code)
    # Stray non-ASCII (mojibake quotes such as "â€œ") would glue to the next word: blank it.
    folded = _NON_ASCII.sub(" ", fold(_MOJIBAKE.sub(" ", text)))
    masked = pol.not_agent.sub(lambda m: " " * len(m.group()), folded)
    return _Sentence(folded, masked, event_lexicon(code), pol)


def _direct_kill(s: _Sentence) -> bool:
    """A killing that the police words themselves put on the police ("shot dead by police")."""
    for m in s.pol.kill.finditer(s.masked):
        lo, hi = s.window(m.start(), m.end(), _HYPO_WINDOW)
        if not s.hypothetical(m.start(), m.end()) and not s.negated(lo, hi):
            return True
    return False


def _kill_with_agent(s: _Sentence) -> bool:
    """A death, an agent and their weapon in one clause ("police fired and two were killed"),
    unless the death is put on someone else ("killed by the rioters")."""
    agents = s.agents()
    for m in s.lex.cues["kill"].finditer(s.masked):
        if s.pol.other_killer.match(s.masked, m.end()) or s.hypothetical(m.start(), m.end()):
            continue
        lo, hi = s.window(m.start(), m.end(), _AGENT_WINDOW)
        if (
            any(lo <= a and b <= hi for a, b in agents)
            and (s.pol.force.search(s.masked, lo, hi) or s.pol.force_agentless.search(s.masked, lo, hi))
            and not s.negated(lo, hi)
            and not grievance_before(s.masked, m.start())
        ):
            return True
    return False


def _agentless_force(s: _Sentence) -> bool:
    """Force told in words only state forces use here ("lathi-charged", "rounds were fired")."""
    for m in s.pol.force_agentless.finditer(s.masked):
        lo, hi = s.window(m.start(), m.end(), _HYPO_WINDOW)
        if not s.hypothetical(m.start(), m.end()) and not s.negated(lo, hi):
            return True
    return False


def _force_with_agent(s: _Sentence) -> bool:
    """A force word with a police agent in its clause."""
    agents = s.agents()
    for m in s.pol.force.finditer(s.masked):
        if s.hypothetical(m.start(), m.end()):
            continue
        lo, hi = s.window(m.start(), m.end(), _AGENT_WINDOW)
        if any(lo <= a and b <= hi for a, b in agents) and not s.negated(lo, hi):
            return True
    return False


def _arrest(s: _Sentence) -> bool:
    """An arrest word that reports an arrest (not a demand, a warrant, a negation or "cardiac arrest").

    Read on the folded sentence: police words naming a place do not matter here.
    """
    text = s.folded
    blocked = [(b.start(), b.end()) for b in s.pol.not_arrest.finditer(text)]
    for m in s.lex.cues["arrest"].finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in blocked):
            continue
        if s.hypothetical(m.start(), m.end(), text):
            continue
        lo, hi = s.window(m.start(), m.end(), _HYPO_WINDOW, text)
        if s.negated(lo, hi, text) or s.lex.filters["modal"].search(text, lo, hi):
            continue
        return True
    return False


def police_actions(text: str, lang: str = "en") -> frozenset[str]:
    """What state forces did according to one sentence: any of ``KILL``, ``ARREST``, ``FORCE``.

    A sentence-level reading (IndiaPoliceEvents' questions "did police kill / arrest / use force?"):
    reported speech counts ("he said police fired on the crowd"), a hypothetical, a demand or a
    negation does not ("demanded the arrest of", "would be arrested", "nobody was arrested").
    Police words that name a place or a speaker ("under the X police station", "police said")
    are not taken for the actor. KILL implies FORCE.
    """
    s = _prepare(text, lang)
    out: set[str] = set()
    if _direct_kill(s) or _kill_with_agent(s):
        out.update(("KILL", "FORCE"))
    elif _agentless_force(s) or _force_with_agent(s):
        out.add("FORCE")
    if _arrest(s):
        out.add("ARREST")
    return frozenset(out)
