"""Event detection and ACLED typing, sentence by sentence (English and Spanish).

How it works, cheapest step first:

1. One compiled trigger regex per language (the union of every trigger cue in
   ``data/lexicon/events.yaml``) runs once over the whole document; sentences it does not touch
   are never looked at again. Most sentences of a report hold no event.
2. A candidate sentence is split into clauses only where the report moves to another place or
   another incident ("while in another town", "elsewhere", "mientras que en"), so one sentence
   can yield two events.
3. Each clause is checked against the filters (negation, plan, statement, disaster, crime,
   diplomacy, attribution) and then typed by ordered rules over the cues it contains and the
   actors around them, following ACLED's codebook: protest with live fire or deaths ->
   Excessive force; tear gas, dispersal or arrests -> Protest with intervention; violence by
   demonstrators -> Violent demonstration; armed group vs unarmed people -> Attack; and so on.
4. A force/arrest/killing sentence right after a protest sentence is read as the intervention
   on that protest; its evidence then spans both sentences.

No parser and no model is needed. The words the rules look for live in ``events.yaml`` (cues,
filters, governors and the ``rules`` word lists); this module holds only the mechanics. Types,
codes and PLOVER categories come from :mod:`cronica.taxonomy`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cronica.extract.actors import ActorMention, as_actor, default_actor, find_actors, first_of
from cronica.extract.event_lexicon import (
    EventLexicon,
    alternation,
    compile_rule,
    event_lexicon,
    fold,
    lexicon_entry,
    norm_lang,
)
from cronica.extract.tags import find_tags
from cronica.model import Actor
from cronica.nlp.sentences import Sentence
from cronica.taxonomy import armed_actor_types, code_of, sub_event_of_code

Spans = dict[str, list[tuple[int, int]]]

# The sub-types (codes) of a demonstration: a follow-up sentence may tell its intervention.
PROTEST_FAMILY = frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"})

# Internal cue name -> the public cue it reports (EventCandidate.cues).
_PUBLIC_CUE: dict[str, str] = {
    "kill": "kill",
    "injure": "injure",
    "arrest": "arrest",
    "force": "force",
    "beating": "beat",
    "dispersal": "disperse",
    "live_fire": "live_fire",
    "protest": "protest",
    "riot": "riot",
    "mob": "riot",
    "attack": "attack",
    "clash": "clash",
    "emergency": "emergency",
    "explosive": "explosion",
    "grenade": "explosion",
    "suicide": "explosion",
    "shelling": "explosion",
    "air_strike": "explosion",
    "chemical": "explosion",
    "abduct": "abduct",
    "sexual": "sexual",
    "property": "property",
    "strike": "strike",
    "roadblock": "roadblock",
    "agreement": "agreement",
}
# The filters of events.yaml that the rules read by name.
FILTERS: tuple[str, ...] = (
    "negation",
    "modal",
    "plan",
    "statement",
    "disaster",
    "crime",
    "diplomacy",
    "judicial",
    "attribution",
    "aftermath",
    "summary",
    "economy",
    "verbal",
    "capability",
    "past_action",
)
# Cues that tell an incident in their own right (aftermath words do not hide them).
_INCIDENT_CUES = frozenset(
    {
        "riot", "clash", "force", "live_fire", "explosive", "grenade", "shelling", "air_strike", "arrest",
        "mob", "property", "roadblock", "abduct", "sexual", "suicide", "chemical",
    }
)  # fmt: skip
# Cues of violence (a diplomacy word does not hide them) and of a political event (a disaster or
# crime word does not hide them).
_VIOLENT_CUES = ("kill", "attack", "clash", "explosive", "shelling", "air_strike", "riot")
_POLITICAL_CUES = ("protest", "riot", "mob", "clash", "shelling", "air_strike", "suicide")
# Cues of harm done: a clause that tells one of them is not told as a mere agreement.
_HARM_CUES = (
    "riot", "mob", "force", "live_fire", "arrest", "attack", "clash", "explosive", "grenade", "shelling",
    "air_strike", "abduct", "sexual", "suicide", "chemical", "property",
)  # fmt: skip
# Cues of a sentence that can tell the intervention on the protest of the sentence before.
_INTERVENTION_CUES = ("force", "live_fire", "arrest", "kill")
_NON_STATE_ARMED = frozenset({"rebel_groups", "political_militias", "identity_militias"})
_SENTENCE_STOP = re.compile(r"[.;!?]")
_CAPITALISED = r"[A-Z\u00c1\u00c9\u00cd\u00d3\u00da\u00d1][\w'-]+"


@dataclass(frozen=True)
class EventCandidate:
    """One event stated in a report (one sentence, or two when the second tells the intervention)."""

    start: int
    end: int
    sentence_index: int
    trigger_start: int
    trigger_end: int
    event_type: str
    sub_event_type: str
    plover: str | None
    actor1: Actor | None
    actor2: Actor | None
    tags: tuple[str, ...]
    cues: frozenset[str]
    confidence: float
    # P(event) of the trained sentence model (stage ``classification``); None before it runs
    model_probability: float | None = None

    @property
    def code(self) -> str:
        """The short ACLED code of the sub-event type (case2021 label), e.g. ``PEACE_PROTEST``."""
        return code_of(self.sub_event_type)


@dataclass(frozen=True)
class _Rules:
    """The patterns the typing rules build from the ``rules`` word lists of events.yaml."""

    clause_break: re.Pattern[str]
    grievance: re.Pattern[str]
    serious_injury: re.Pattern[str]
    military_target: re.Pattern[str]
    passive_loss: re.Pattern[str]
    strong_state_force: re.Pattern[str]
    declared: re.Pattern[str]
    less_lethal: re.Pattern[str]
    state_victim: re.Pattern[str]
    state_hurt: re.Pattern[str]
    crowd: re.Pattern[str]
    scope_stop: re.Pattern[str]
    date_anchor: re.Pattern[str]
    place_anchor: re.Pattern[str]
    firing: re.Pattern[str]


def _words(name: str) -> str:
    return alternation(lexicon_entry("events", "rules", name), f"events.rules.{name}")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """The ``rules`` of events.yaml placed in their patterns (compiled once)."""
    state_victim = (
        rf"\b{_words('state_victims')}\s+(?:\w+\s+){{0,3}}(?:{_words('passive_auxiliaries')}\s+)?"
        rf"{_words('state_deaths')}\b|\b{_words('state_victim_killed')}\b"
    )
    patterns = {
        "clause_break": rf";\s+|{_words('clause_break')}",
        "grievance": rf"{_words('grievance')}\s+(?:{_words('grievance_articles')}\s+)?(?:[\w-]+\s+){{0,2}}$",
        "serious_injury": _words("serious_injury"),
        "military_target": _words("military_target"),
        "passive_loss": _words("passive_loss"),
        "strong_state_force": _words("strong_state_force"),
        "declared": rf"\b{_words('declared')}\b",
        "less_lethal": rf"{_words('less_lethal')}\W+(?:\w+\W+){{0,3}}$",
        "state_victim": state_victim,
        "state_hurt": (
            rf"\b{_words('state_victims')}\s+(?:\w+\s+){{0,3}}(?:{_words('passive_auxiliaries')}\s+)?"
            rf"{_words('state_injuries')}\b"
        ),
        "crowd": rf"\b{_words('crowd')}\b",
        "scope_stop": (
            r"[.;:!?()]|\s[-\u2013\u2014]\s"
            rf"|,\s*{_words('clause_continuation')}\b|\b{_words('contrast')}\b"
        ),
        "date_anchor": rf"\b{_words('date_words')}\b",
        "firing": rf"\b{_words('firing')}\b",
    }
    compiled = {name: compile_rule(p, f"events.rules.{name}") for name, p in patterns.items()}
    # Case matters after the article: a capital shows a name.
    place = rf"\b(?i:{_words('place_prepositions')})\s+(?i:{_words('place_articles')}\s+)?{_CAPITALISED}"
    return _Rules(**compiled, place_anchor=compile_rule(place, "events.rules.place_anchor", 0))


def grievance_before(folded: str, start: int) -> bool:
    """True when the words just before ``folded[start]`` make a killing the grievance of a protest
    ("protest over the killing of"), not a death in this event."""
    return bool(_rules().grievance.search(folded[max(0, start - 60) : start]))


def _governed_spans(lex: EventLexicon, folded: str) -> list[tuple[int, int]]:
    """Character ranges of ``folded`` that a governor puts out of reach (future, offer, denial...)."""
    scope_stop = _rules().scope_stop
    ranges: list[tuple[int, int]] = []
    for gov in lex.governors.values():
        for m in gov.pattern.finditer(folded):
            hi = min(len(folded), m.end() + gov.window)
            stop = (_SENTENCE_STOP if gov.scope == "sentence" else scope_stop).search(folded, m.end(), hi)
            if stop is not None:
                hi = stop.start()
            if gov.scope == "comma":
                comma = folded.find(",", m.end(), hi)
                if comma >= 0:
                    hi = comma
            ranges.append((m.start(), hi))
    return ranges


def _ungoverned(lex: EventLexicon, folded: str, cues: Spans) -> Spans:
    """``cues`` without the spans a governor reaches ("would march", "none had taken part in the attacks")."""
    ranges = _governed_spans(lex, folded)
    if not ranges:
        return cues
    out: Spans = {}
    for name, spans in cues.items():
        kept = [(s, e) for s, e in spans if not any(lo <= s < hi or lo < e <= hi for lo, hi in ranges)]
        if kept:
            out[name] = kept
    return out


def armed_other(actor_types: set[str] | frozenset[str]) -> bool:
    """True when a non-state armed group is among the actors (then force words mean combat)."""
    return bool(actor_types & _NON_STATE_ARMED)


def _find_cues(lex: EventLexicon, folded: str) -> Spans:
    found: Spans = {}
    for name, pattern in lex.cues.items():
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        if spans:
            found[name] = spans
    return found


def _trigger_cues(lex: EventLexicon, folded: str) -> Spans | None:
    """The cues of a clause that a governor leaves alone, or None when no trigger cue is left."""
    cues = _find_cues(lex, folded)
    if not lex.triggers.intersection(cues):
        return None
    cues = _ungoverned(lex, folded, cues)
    if not lex.triggers.intersection(cues):
        return None
    return cues


def _real_kills(cues: Spans, folded: str) -> list[tuple[int, int]]:
    """Killing words that report deaths in this event (not the grievance of a protest)."""
    return [(s, e) for s, e in cues.get("kill", []) if not grievance_before(folded, s)]


@dataclass(frozen=True)
class _Typed:
    code: str
    trigger: tuple[int, int]
    confidence: float


@dataclass(frozen=True)
class _Facts:
    """What the typing rules read from one clause: its cues, its actors and what they add up to."""

    cues: Spans
    folded: str
    actors: Sequence[ActorMention]
    state: bool  # state forces are among the actors
    armed: bool  # an armed actor (state forces included) is among them
    rebels: bool  # a non-state armed group is among them
    kills: bool  # deaths in this event (not a grievance)
    serious: bool  # deaths, or injuries told as serious
    lethal: bool  # live fire, not less-lethal weapons being fired
    weapons: bool  # live fire by state forces or along with force words
    state_dead: bool  # the dead are soldiers or police
    state_hurt: bool  # the injured are soldiers or police (no deaths told)
    protest: bool  # a protest is told here, or this clause follows one
    riot: bool  # demonstrators were violent or destructive

    def has(self, name: str) -> bool:
        return name in self.cues

    def first(self, *names: str) -> tuple[int, int]:
        """The earliest span among the cues ``names`` ((0, 0) when none occurs)."""
        spans = [self.cues[n][0] for n in names if n in self.cues]
        return min(spans) if spans else (0, 0)

    def typed(self, code: str, confidence: float, *cues: str) -> _Typed:
        return _Typed(code, self.first(*cues), confidence)


def _unrest_told(cues: Spans, folded: str) -> bool:
    """Violence or unrest named in general is a riot only where the clause also tells a protest, a
    crowd or harm done ("killed in the unrest"); alone ("a wave of violence") it is no incident."""
    if "unrest" not in cues:
        return False
    harm = ("protest", "kill", "injure", "force", "property", "arrest")
    return any(k in cues for k in harm) or bool(_rules().crowd.search(folded))


def _facts(cues: Spans, folded: str, actors: Sequence[ActorMention], protest_context: bool) -> _Facts:
    rules = _rules()
    actor_types = frozenset(t for a in actors for t in a.types)
    state = "state_forces" in actor_types
    armed = bool(actor_types & armed_actor_types())
    rebels = armed_other(actor_types)
    kills = bool(_real_kills(cues, folded))
    lethal = any(
        not rules.less_lethal.search(folded[max(0, s - 30) : s]) for s, _ in cues.get("live_fire", [])
    )
    protest = "protest" in cues or ("roadblock" in cues and not armed) or protest_context
    return _Facts(
        cues=cues,
        folded=folded,
        actors=actors,
        state=state,
        armed=armed,
        rebels=rebels,
        kills=kills,
        serious=kills or ("injure" in cues and bool(rules.serious_injury.search(folded))),
        lethal=lethal,
        weapons=lethal and (state or "force" in cues),
        state_dead=kills and bool(rules.state_victim.search(folded)),
        state_hurt=not kills and "injure" in cues and bool(rules.state_hurt.search(folded)),
        protest=protest,
        riot=(("riot" in cues or _unrest_told(cues, folded)) and not rebels)
        or (protest and "property" in cues),
    )


def _weapon_rule(f: _Facts) -> _Typed | None:
    """Suicide bombs, chemical weapons and seized weapons: their words are specific."""
    if f.has("suicide"):
        return f.typed("SUIC_BOMB", 0.85, "suicide")
    if f.has("chemical") and (f.has("attack") or f.kills or f.has("injure") or f.armed or f.has("shelling")):
        return f.typed("CHEM_WEAP", 0.75, "chemical")
    if f.has("disrupt_weapons") and not (f.kills or f.has("injure") or _rules().firing.search(f.folded)):
        return f.typed("DISR_WEAP", 0.7, "disrupt_weapons")
    return None


def _declared_emergency_rule(f: _Facts) -> _Typed | None:
    """An authority imposing a curfew or a state of emergency is a change to activity, even when the
    sentence names the protests it answers (ACLED: Change to group/activity)."""
    if f.has("emergency") and _rules().declared.search(f.folded):
        return f.typed("CHANGE_TO_GROUP_ACT", 0.75, "emergency")
    return None


def _agreement_rule(f: _Facts) -> _Typed | None:
    """A deal concluded is the event even when it names the protest or fight it ends ("the
    government and the strikers reached an agreement to end the protests"), unless the clause
    also tells violence, force or arrests."""
    if f.has("agreement") and not f.kills and not any(f.has(c) for c in _HARM_CUES):
        return f.typed("AGREEMENT", 0.6, "agreement")
    return None


def _protest_rule(f: _Facts) -> _Typed | None:
    """The sub-type of a protest: how the force met it decides (None: not told as a protest)."""
    reach = f.state or f.has("force") or f.lethal
    if f.state_dead and not f.weapons:
        # Soldiers or police who died in a protest were not killed by "excessive force".
        return f.typed("VIOL_DEMONSTR", 0.55, "kill", "protest")
    if f.state_hurt and not (f.weapons or f.has("force")):
        # Officers hurt at a march that no force met: the demonstrators were the violent side.
        return f.typed("VIOL_DEMONSTR", 0.55, "injure", "protest")
    if (f.weapons or (f.serious and reach)) and reach:
        return f.typed("FORCE_AGAINST_PROTEST", 0.7, "live_fire", "kill", "force")
    if f.has("force") or (f.has("arrest") and (f.state or f.has("protest"))):
        return f.typed("PROTEST_WITH_INTER", 0.7, "force", "arrest")
    if f.has("protest") or f.has("roadblock"):
        return f.typed("PEACE_PROTEST", 0.7 if f.has("protest") else 0.6, "protest", "roadblock", "riot")
    return None


def _demonstration_rule(f: _Facts) -> _Typed | None:
    """Mob violence, violent demonstrations and protests."""
    if f.has("mob") and not f.has("protest"):
        return f.typed("MOB_VIOL", 0.7, "mob")
    if f.riot and (f.protest or not (f.has("explosive") or f.has("shelling"))):
        return f.typed("VIOL_DEMONSTR", 0.75 if f.protest else 0.6, "riot", "property", "unrest")
    if f.protest:
        return _protest_rule(f)
    return None


def _dispersal_rule(f: _Facts) -> _Typed | None:
    """State forces charging, gassing or dispersing a crowd: a gathering met with intervention."""
    if (
        f.state
        and (f.has("force") or f.has("dispersal"))
        and not f.kills
        and _rules().crowd.search(f.folded)
        and not f.rebels
    ):
        return f.typed("PROTEST_WITH_INTER", 0.5, "force", "dispersal")
    return None


def _remote_violence_rule(f: _Facts) -> _Typed | None:
    """Air strikes, grenades, explosives and shelling."""
    if f.has("air_strike") and not f.has("protest"):
        return f.typed("AIR_STRIKE", 0.75, "air_strike")
    for cue, code, confidence in (
        ("grenade", "GRENADE", 0.75),
        ("explosive", "REM_EXPLOS", 0.7),
        ("shelling", "ART_MISS_ATTACK", 0.75),
    ):
        if f.has(cue):
            return f.typed(code, confidence, cue)
    return None


def _civilian_harm_rule(f: _Facts) -> _Typed | None:
    """Sexual violence and abductions."""
    if f.has("sexual"):
        return f.typed("SEX_VIOL", 0.75, "sexual")
    if f.has("abduct"):
        return f.typed("ABDUCT_DISSAP", 0.7, "abduct")
    return None


def _territory_rule(f: _Facts) -> _Typed | None:
    """Territory handed over, retaken by the government or taken by a non-state group."""
    if f.has("withdraw") and f.armed and not f.has("clash") and not f.kills and not f.has("attack"):
        return f.typed("NON_VIOL_TERRIT_TRANSFER", 0.55, "withdraw")
    if not (f.has("gov_regain") or f.has("nonstate_take")):
        return None
    first_armed = first_of(f.actors, armed_actor_types())
    if first_armed is None:
        return None
    # "were pushed back": the first armed actor named is the one that lost ground.
    passive = bool(_rules().passive_loss.search(f.folded))
    if (first_armed[1] == "state_forces") != passive:
        return f.typed("GOV_REGAINS_TERIT", 0.65, "gov_regain", "nonstate_take")
    return f.typed("NON_STATE_ACTOR_OVERTAKES_TER", 0.65, "nonstate_take", "gov_regain")


def _armed_violence_rule(f: _Facts) -> _Typed | None:
    """Armed groups fighting each other, or attacking people."""
    if not f.armed:
        return None
    if f.has("clash"):
        return f.typed("ARMED_CLASH", 0.65, "clash")
    if f.has("attack") or f.kills or f.has("injure") or f.has("live_fire"):
        # An attack on an armed target is a battle, not violence against civilians.
        if f.has("attack") and f.rebels and _rules().military_target.search(f.folded):
            return f.typed("ARMED_CLASH", 0.55, "attack")
        return f.typed("ATTACK", 0.6, "attack", "kill", "live_fire", "injure")
    return None


def _strategic_rule(f: _Facts) -> _Typed | None:
    """Arrests, emergencies, agreements, bases, destruction, changes; last, an attack by no one named."""
    if f.has("arrest"):
        return f.typed("ARREST", 0.6 if f.state else 0.45, "arrest")
    for cue, code, confidence in (
        ("emergency", "CHANGE_TO_GROUP_ACT", 0.7),
        ("agreement", "AGREEMENT", 0.6),
        ("hq", "HQ_ESTABLISHED", 0.55),
        ("property", "PROPERTY_DISTRUCT", 0.55),
    ):
        if f.has(cue):
            return f.typed(code, confidence, cue)
    if f.has("change") and f.armed:
        return f.typed("CHANGE_TO_GROUP_ACT", 0.45, "change")
    if f.has("attack") or f.kills:
        return f.typed("ATTACK", 0.35, "attack", "kill")
    return None


# The typing rules in the order they are tried: the first that answers decides.
_TYPING_RULES: tuple[Callable[[_Facts], _Typed | None], ...] = (
    _weapon_rule,
    _declared_emergency_rule,
    _agreement_rule,
    _demonstration_rule,
    _dispersal_rule,
    _remote_violence_rule,
    _civilian_harm_rule,
    _territory_rule,
    _armed_violence_rule,
    _strategic_rule,
)


def _type_clause(
    cues: Spans,
    folded: str,
    actors: Sequence[ActorMention],
    protest_context: bool,
) -> _Typed | None:
    """The ACLED sub-type of one clause from its cues and actors (None: not an event)."""
    facts = _facts(cues, folded, actors, protest_context)
    for rule in _TYPING_RULES:
        typed = rule(facts)
        if typed is not None:
            return typed
    return None


def _not_happened(lex: EventLexicon, folded: str, cues: Spans, raw: str) -> bool:
    """A negation, a hypothetical, words as attacks, a plan, a statement, a capability, an aftermath,
    a summary or commentary."""
    filters = lex.filters
    acted = bool(filters["past_action"].search(folded))
    if any(filters[name].search(folded) for name in ("negation", "modal", "verbal")):
        return True
    if filters["capability"].search(folded) and not acted:
        return True
    if filters["aftermath"].search(folded) and not (
        _INCIDENT_CUES.intersection(cues) or (acted and ("protest" in cues or "attack" in cues))
    ):
        return True
    if filters["economy"].search(folded) and not acted:
        return True
    rules = _rules()
    if (
        filters["summary"].search(folded)
        and not rules.date_anchor.search(folded)
        and not rules.place_anchor.search(raw or folded)
    ):
        return True
    if filters["plan"].search(folded) and not acted:
        return True
    # A curfew or emergency announced is itself the event, whatever else the speaker said.
    if filters["statement"].search(folded) and not (acted or "emergency" in cues):
        return True
    return bool(filters["attribution"].search(folded)) and not acted


def _outside_taxonomy(lex: EventLexicon, folded: str, cues: Spans) -> bool:
    """A disaster, crime, court case or diplomacy that the clause tells with no political violence."""
    filters = lex.filters
    violent = any(k in cues for k in _VIOLENT_CUES)
    political = any(k in cues for k in _POLITICAL_CUES)
    if filters["disaster"].search(folded) and not (political or "attack" in cues):
        return True
    if filters["crime"].search(folded) and not political:
        return True
    if filters["judicial"].search(folded) and not (
        any(k in cues for k in ("protest", "riot", "clash")) and filters["past_action"].search(folded)
    ):
        return True
    return bool(
        filters["diplomacy"].search(folded)
        and not violent
        and "protest" not in cues
        and "agreement" not in cues
    )


def _filtered(lex: EventLexicon, folded: str, cues: Spans, raw: str = "") -> bool:
    """True when the clause reports no event: a negation, a plan, a statement, a disaster, crime...

    ``raw`` is the clause as written (its capitals show a named place).
    """
    return _not_happened(lex, folded, cues, raw) or _outside_taxonomy(lex, folded, cues)


ActorPair = tuple[Actor | None, Actor | None]


def _skip(found: tuple[ActorMention, str] | None) -> ActorMention | None:
    return found[0] if found else None


def _demonstrators(code: str, actors: Sequence[ActorMention], lang: str) -> ActorPair:
    """Protesters (or rioters) first; the force that met them second, unless the protest was peaceful."""
    found = first_of(actors, ("protesters", "rioters"))
    if code == "VIOL_DEMONSTR":
        a1 = as_actor(found, "rioters") or default_actor("rioters", lang)
        other = first_of(actors, ("state_forces", "external_other", "civilians"), skip=_skip(found))
        return a1, as_actor(other)
    a1 = as_actor(found, "protesters") or default_actor("protesters", lang)
    if code == "PEACE_PROTEST":
        return a1, None
    return a1, as_actor(first_of(actors, ("state_forces", "political_militias", "external_other")))


def _mob(actors: Sequence[ActorMention], lang: str) -> ActorPair:
    """The mob first; whom it attacked second."""
    found = first_of(actors, ("rioters",)) or first_of(actors, ("protesters",))
    a1 = as_actor(found, "rioters") or default_actor("mob", lang)
    other = first_of(actors, ("civilians", "state_forces", "external_other"), skip=_skip(found))
    return a1, as_actor(other)


def _perpetrator_victim(actors: Sequence[ActorMention], lang: str) -> ActorPair:
    """Violence against civilians: the armed perpetrator (if named) and the unarmed victims."""
    perp = first_of(actors, armed_actor_types()) or first_of(actors, ("rioters", "external_other"))
    victim = first_of(actors, ("civilians", "protesters"), skip=_skip(perp))
    return as_actor(perp), as_actor(victim, "civilians") or default_actor("civilians", lang)


def _arresters(actors: Sequence[ActorMention], lang: str) -> ActorPair:
    """Arrests: the state forces (police when none is named) and whom they detained."""
    police = first_of(actors, ("state_forces",))
    a1 = as_actor(police) or default_actor("police", lang)
    target = first_of(
        actors,
        ("protesters", "political_militias", "rebel_groups", "civilians", "external_other"),
        skip=_skip(police),
    )
    return a1, as_actor(target)


def _two_sides(actors: Sequence[ActorMention]) -> ActorPair:
    """Armed actors first, then whoever else is named (never the same name twice)."""
    armed = armed_actor_types()
    others = ("protesters", "external_other", "civilians", "rioters")
    first = first_of(actors, armed) or first_of(actors, others)
    if first is None:
        return None, None
    second = first_of(actors, armed, skip=first[0]) or first_of(
        actors, ("civilians", "external_other", "protesters"), skip=first[0]
    )
    if second is not None and second[0].name.lower() == first[0].name.lower():
        second = None
    return as_actor(first), as_actor(second)


def _assign_actors(code: str, actors: Sequence[ActorMention], lang: str) -> ActorPair:
    """actor1 (who acted) and actor2 (the target or other side), as ACLED codes them."""
    if code in PROTEST_FAMILY:
        return _demonstrators(code, actors, lang)
    if code == "MOB_VIOL":
        return _mob(actors, lang)
    if code in ("ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"):
        return _perpetrator_victim(actors, lang)
    if code == "ARREST":
        return _arresters(actors, lang)
    return _two_sides(actors)


def _public_cues(cues: Spans, folded: str) -> frozenset[str]:
    out = {_PUBLIC_CUE[name] for name in cues if name in _PUBLIC_CUE}
    if "kill" in out and not _real_kills(cues, folded):
        out.discard("kill")
    if out & {"live_fire", "beat", "disperse"}:
        out.add("force")
    return frozenset(out)


def _clauses(folded: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence, split only where it moves to another incident."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _rules().clause_break.finditer(folded):
        if m.start() - start >= 12:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(folded)))
    return spans


@dataclass(frozen=True)
class _Report:
    """A report being read: its text, the folded copy, its sentences and the lexicon of its language."""

    text: str
    folded: str
    sentences: Sequence[Sentence]
    lex: EventLexicon
    lang: str


def _touched(report: _Report) -> list[int]:
    """Indexes of the sentences that a trigger cue touches, in order."""
    starts = [s.start for s in report.sentences]
    touched: set[int] = set()
    for m in report.lex.gate.finditer(report.folded):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < report.sentences[i].end:
            touched.add(i)
    return sorted(touched)


def _tells_intervention(cues: Spans, folded: str) -> bool:
    """A clause with no protest of its own telling what state forces did (to the protest before)."""
    return (
        "protest" not in cues
        and any(k in cues for k in _INTERVENTION_CUES)
        and bool(_rules().strong_state_force.search(folded))
    )


def _clause_event(
    report: _Report, i: int, clause: tuple[int, int], near_protest: bool
) -> EventCandidate | None:
    """The event that clause ``clause`` (offsets in sentence ``i``) states, if any."""
    sent = report.sentences[i]
    lo, hi = sent.start + clause[0], sent.start + clause[1]
    folded = report.folded[lo:hi]
    cues = _trigger_cues(report.lex, folded)
    if cues is None:
        return None
    raw = report.text[lo:hi]
    if _filtered(report.lex, folded, cues, raw):
        return None
    actors = find_actors(raw, report.lang, folded=folded)
    # A follow-up sentence telling the police response to the protest just reported.
    follow_up = near_protest and _tells_intervention(cues, folded)
    typed = _type_clause(cues, folded, actors, protest_context=follow_up)
    if typed is None:
        return None
    a1, a2 = _assign_actors(typed.code, actors, report.lang)
    kind = sub_event_of_code(typed.code)
    joined = follow_up and typed.code in PROTEST_FAMILY  # evidence starts at the protest sentence
    return EventCandidate(
        start=report.sentences[i - 1].start if joined else sent.start,
        end=sent.end,
        sentence_index=i - 1 if joined else i,
        trigger_start=lo + typed.trigger[0],
        trigger_end=lo + typed.trigger[1],
        event_type=kind.event_type,
        sub_event_type=kind.name,
        plover=kind.plover,
        actor1=a1,
        actor2=a2,
        tags=find_tags(folded, report.lang, folded=True),
        cues=_public_cues(cues, folded),
        confidence=typed.confidence,
    )


def detect_events(text: str, sentences: Sequence[Sentence], lang: str) -> list[EventCandidate]:
    """Every event a report states, one candidate per event mention, in text order.

    ``sentences`` are the report's sentences with offsets into ``text`` (``split_sentences``).
    Statements, plans, negations, disasters, diplomacy and crime without a political actor
    yield nothing. The same event told twice yields two candidates (fusion merges them).
    """
    code = norm_lang(lang)
    report = _Report(text, fold(text), sentences, event_lexicon(code), code)
    out: list[EventCandidate] = []
    last_protest: int | None = None  # index of the last sentence that reported a protest
    for i in _touched(report):
        sent = report.sentences[i]
        near_protest = last_protest is not None and i - last_protest == 1
        found = [
            event
            for clause in _clauses(report.folded[sent.start : sent.end])
            if (event := _clause_event(report, i, clause, near_protest)) is not None
        ]
        out.extend(found)
        if any(event.code in PROTEST_FAMILY for event in found):
            last_protest = i
    return out
