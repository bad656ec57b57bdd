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

No parser and no model is needed; :func:`classify_snippet` can add a small trained classifier
(see :mod:`cronica.extract.subtype_model`) when one is shipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cronica.extract.actors import ARMED, ActorMention, as_actor, find_actors, first_of
from cronica.extract.event_lexicon import (
    LexiconError,
    compile_patterns,
    fold,
    load_yaml,
    norm_lang,
    per_language,
)
from cronica.extract.tags import find_tags
from cronica.model import Actor
from cronica.nlp.sentences import Sentence, split_sentences

# ACLED code (case2021-task2 label) -> (event type, sub-event type, PLOVER category)
SUBTYPES: dict[str, tuple[str, str, str | None]] = {
    "PEACE_PROTEST": ("Protests", "Peaceful protest", "PROTEST"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention", "PROTEST"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters", "PROTEST"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration", "PROTEST"),
    "MOB_VIOL": ("Riots", "Mob violence", "ASSAULT"),
    "ATTACK": ("Violence against civilians", "Attack", "ASSAULT"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance", "ASSAULT"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence", "ASSAULT"),
    "ARMED_CLASH": ("Battles", "Armed clash", "FIGHT"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory", "FIGHT"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory", "FIGHT"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike", "FIGHT"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "FIGHT"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT"),
    "GRENADE": ("Explosions/Remote violence", "Grenade", "ASSAULT"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb", "ASSAULT"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon", "ASSAULT"),
    "ARREST": ("Strategic developments", "Arrests", "COERCE"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction", "COERCE"),
    "AGREEMENT": ("Strategic developments", "Agreement", "AGREE"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use", "COERCE"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established", "MOBILIZE"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory", None),
    "OTHER": ("Strategic developments", "Other", None),
}
CODE_OF_SUBTYPE: dict[str, str] = {v[1]: k for k, v in SUBTYPES.items()}

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
GOVERNOR_SCOPES: tuple[str, ...] = ("comma", "clause", "sentence")
FILTERS: tuple[str, ...] = (
    "negation",
    "modal",
    "plan",
    "statement",
    "disaster",
    "crime",
    "diplomacy",
    "attribution",
    "aftermath",
    "summary",
    "economy",
    "past_action",
)


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

    @property
    def code(self) -> str:
        """The short ACLED code of the sub-event type (case2021 label), e.g. ``PEACE_PROTEST``."""
        return CODE_OF_SUBTYPE[self.sub_event_type]


@dataclass(frozen=True)
class _Governor:
    """Words whose scope (``window`` characters after them, up to a clause stop) is not an event."""

    pattern: re.Pattern[str]
    window: int
    scope: str  # where the scope ends at the latest: "comma", "clause" or "sentence"


@dataclass(frozen=True)
class _Lexicon:
    gate: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]
    filters: dict[str, re.Pattern[str]]
    governors: dict[str, _Governor]


@lru_cache(maxsize=4)
def _lexicon(lang: str) -> _Lexicon:
    data = load_yaml("events")
    cue_data = data.get("cues")
    filter_data = data.get("filters")
    triggers = data.get("triggers")
    if not isinstance(cue_data, dict) or not isinstance(filter_data, dict) or not isinstance(triggers, list):
        raise LexiconError("events.yaml needs 'cues', 'filters' and 'triggers'")
    cues = {
        name: compile_patterns(per_language(entry, lang, f"cues.{name}"), f"events.cues.{name}.{lang}")
        for name, entry in cue_data.items()
    }
    filters = {
        name: compile_patterns(per_language(entry, lang, f"filters.{name}"), f"events.filters.{name}.{lang}")
        for name, entry in filter_data.items()
    }
    gate_patterns: list[str] = []
    for name in triggers:
        if name not in cue_data:
            raise LexiconError(f"events.yaml: trigger {name!r} is not a cue")
        gate_patterns.extend(per_language(cue_data[name], lang, f"cues.{name}"))
    gov_data = data.get("governors", {})
    if not isinstance(gov_data, dict):
        raise LexiconError("events.yaml: 'governors' must be a mapping")
    governors: dict[str, _Governor] = {}
    for name, entry in gov_data.items():
        window = entry.get("window") if isinstance(entry, dict) else None
        if not isinstance(window, int) or entry.get("scope") not in GOVERNOR_SCOPES:
            raise LexiconError(f"events.yaml: governors.{name} needs an int 'window' and a 'scope'")
        pattern = compile_patterns(
            per_language(entry, lang, f"governors.{name}"), f"events.governors.{name}.{lang}"
        )
        governors[name] = _Governor(pattern, window, entry["scope"])
    return _Lexicon(compile_patterns(gate_patterns, f"events.triggers.{lang}"), cues, filters, governors)


# Where a sentence moves to another incident: split there so each part is typed on its own.
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+(?:while|whereas|and|but)?\s*(?:,\s*)?"
    r"(?:in another|in a separate|elsewhere|meanwhile|separately|in a different)\b"
    r"|,\s*(?:and )?(?:elsewhere|meanwhile)\b"
    r"|\s+(?:mientras que en|mientras en|en otro|en otra|por otra parte|por otro lado|paralelamente"
    r"|asimismo en)\b"
    r"|\s+y,? en (?:otro|otra)\b",
    re.IGNORECASE,
)

# A killing named as the grievance of a protest, not its outcome ("protest over the killing of").
_GRIEVANCE = re.compile(
    r"(?:over|against|for|protest(?:ing|ed)?|condemn(?:ing)?|denounc(?:ing|e)|justice for|"
    r"demand(?:ing)?|after|following|por|tras|exigiendo justicia por|justicia (?:para|por))\s+"
    r"(?:the\s+|la\s+|el\s+|los\s+|las\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_SERIOUS_INJURY = re.compile(
    r"(?:serious(?:ly)?|critical(?:ly)?|grave(?:ly)?|gunshot|bullet|de bala|de gravedad|graves?|"
    r"hospitali[sz]ed)",
    re.IGNORECASE,
)
# An attack on an armed target is a battle, not violence against civilians.
_MILITARY_TARGET = re.compile(
    r"(?:base|bases|convoy|checkpoints?|positions|camp|troops|soldiers|patrols?|outposts?|barracks|"
    r"police station|army|military|forces|cuartel|comisaria|patrulla|soldados|militares)",
    re.IGNORECASE,
)
# "were pushed back": the first armed actor named is the one that lost ground.
_PASSIVE_LOSS = re.compile(
    r"(?:were|was|have been|had been) (?:pushed|driven|forced|expelled|ousted)", re.IGNORECASE
)
_STRONG_STATE_FORCE = re.compile(
    r"(?:police|policia|troops|soldiers|security forces|army|ejercito|militares|soldados|carabineros|pnp|"
    r"agentes|efectivos|officers|cops|riot)",
    re.IGNORECASE,
)


# A curfew or a state of emergency that an authority imposes (not one merely mentioned).
_DECLARED = re.compile(
    r"\b(?:declar\w*|impos\w*|order(?:ed|s)?|decree[ds]?|decret\w*|extend\w*|prorrog\w*|ampli\w*|clamp\w*|"
    r"announc\w*|anunci\w*|dispus\w*|dict\w*|establec\w*|rigen?|entr[oa] en vigor|put under|placed under)\b",
    re.IGNORECASE,
)
# "fired tear gas at": a firing word that is about less-lethal weapons.
_LESS_LETHAL = re.compile(
    r"(?:gas|canisters?|rubber|pellets?|water|smoke|lacrimogen\w*|goma|perdigones|hidrantes?)\W+(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_STATE_VICTIM = re.compile(
    r"\b(?:soldiers?|police(?:men|man| officers?)?|officers?|troops|army personnel|soldados|militares|"
    r"policias?|agentes|efectivos|suboficial(?:es)?|sub-?officers?)\s+(?:\w+\s+){0,3}"
    r"(?:were\s+|was\s+|have been\s+|had been\s+)?"
    r"(?:killed|died|dead|drowned|murieron|muertos|fallecieron|murio|fallecio|ahogados|perdieron la vida)\b"
    r"|\b(?:killing|murder|death|muerte|asesinato) of (?:a |an |one |two |three )?"
    r"(?:police officers?|policem[ae]n|soldiers?)\b",
    re.IGNORECASE,
)


_CROWD = re.compile(
    r"\b(?:crowds?|gathering|assembly|villagers|students|workers|residents|multitud|muchedumbre|pobladores|"
    r"estudiantes|trabajadores|vecinos|comuneros)\b",
    re.IGNORECASE,
)


# Where a governor's scope ends: a sentence or clause boundary, a contrast, a new finite clause.
_SENTENCE_STOP = re.compile(r"[.;!?]")
_GOV_STOP = re.compile(
    r"[.;:!?()]|\s[-\u2013\u2014]\s|,\s*(?:and|y|then|luego)\b"
    r"|\b(?:but|while|whereas|although|when|pero|mientras|aunque|cuando|sin embargo)\b",
    re.IGNORECASE,
)
# A day or a named place of its own: a present-perfect count that has one reports an incident.
_DATE_ANCHOR = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|last night|"
    r"this (?:morning|afternoon|evening)|january|february|march|april|june|july|august|september|"
    r"october|november|december|lunes|martes|miercoles|jueves|viernes|sabado|domingo|ayer|hoy|anoche|"
    r"esta (?:manana|tarde|noche)|enero|febrero|marzo|abril|mayo|junio|julio|agosto|setiembre|septiembre|"
    r"octubre|noviembre|diciembre|\d{1,2}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_PLACE_ANCHOR = re.compile(
    r"\b(?i:in|at|near|outside|en|cerca de|frente a)\s+(?i:the\s+|la\s+|el\s+|los\s+|las\s+)?"
    r"[A-Z\u00c1\u00c9\u00cd\u00d3\u00da\u00d1][\w'-]+"
)
# Cues that tell an incident in their own right (aftermath words do not hide them).
_INCIDENT_CUES = frozenset(
    {
        "riot", "clash", "force", "live_fire", "explosive", "grenade", "shelling", "air_strike", "arrest",
        "mob", "property", "roadblock", "abduct", "sexual", "suicide", "chemical",
    }
)  # fmt: skip
# Weapons being fired are in use, not seized ("officers had begun firing live ammunition").
_FIRING = re.compile(
    r"\b(?:fir(?:ed|ing)|open(?:ed)? fire|shot|shooting|gunfire|dispar(?:aron|o|ando)|abrieron fuego"
    r"|balacera)\b",
    re.IGNORECASE,
)


def _governed_spans(lex: _Lexicon, folded: str) -> list[tuple[int, int]]:
    """Character ranges of ``folded`` that a governor puts out of reach (future, offer, denial...)."""
    ranges: list[tuple[int, int]] = []
    for gov in lex.governors.values():
        for m in gov.pattern.finditer(folded):
            hi = min(len(folded), m.end() + gov.window)
            stop = (_SENTENCE_STOP if gov.scope == "sentence" else _GOV_STOP).search(folded, m.end(), hi)
            if stop is not None:
                hi = stop.start()
            if gov.scope == "comma":
                comma = folded.find(",", m.end(), hi)
                if comma >= 0:
                    hi = comma
            ranges.append((m.start(), hi))
    return ranges


def _ungoverned(
    lex: _Lexicon, folded: str, cues: dict[str, list[tuple[int, int]]]
) -> dict[str, list[tuple[int, int]]]:
    """``cues`` without the spans a governor reaches ("would march", "none had taken part in the attacks")."""
    ranges = _governed_spans(lex, folded)
    if not ranges:
        return cues
    out: dict[str, list[tuple[int, int]]] = {}
    for name, spans in cues.items():
        kept = [(s, e) for s, e in spans if not any(lo <= s < hi or lo < e <= hi for lo, hi in ranges)]
        if kept:
            out[name] = kept
    return out


def armed_other(actor_types: set[str]) -> bool:
    """True when a non-state armed group is among the actors (then force words mean combat)."""
    return bool(actor_types & {"rebel_groups", "political_militias", "identity_militias"})


def _find_cues(lex: _Lexicon, folded: str) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for name, pattern in lex.cues.items():
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        if spans:
            found[name] = spans
    return found


def _real_kills(cues: dict[str, list[tuple[int, int]]], folded: str) -> list[tuple[int, int]]:
    """Killing words that report deaths in this event (not the grievance of a protest)."""
    return [(s, e) for s, e in cues.get("kill", []) if not _GRIEVANCE.search(folded[max(0, s - 60) : s])]


@dataclass(frozen=True)
class _Typed:
    code: str
    trigger: tuple[int, int]
    confidence: float


def _first(cues: dict[str, list[tuple[int, int]]], *names: str) -> tuple[int, int]:
    spans = [cues[n][0] for n in names if n in cues]
    return min(spans) if spans else (0, 0)


def _type_clause(
    cues: dict[str, list[tuple[int, int]]],
    folded: str,
    actors: Sequence[ActorMention],
    protest_context: bool,
) -> _Typed | None:
    """The ACLED sub-type of one clause from its cues and actors (None: not an event)."""
    has = cues.__contains__
    actor_types = {t for a in actors for t in a.types}
    state = "state_forces" in actor_types
    armed = bool(actor_types & ARMED)
    kills = _real_kills(cues, folded)
    serious = bool(kills) or (has("injure") and bool(_SERIOUS_INJURY.search(folded)))
    lethal = [
        span
        for span in cues.get("live_fire", [])
        if not _LESS_LETHAL.search(folded[max(0, span[0] - 30) : span[0]])
    ]
    weapons = bool(lethal) and (state or has("force"))
    # Soldiers or police who died in a protest were not killed by "excessive force".
    state_dead = bool(kills) and bool(_STATE_VICTIM.search(folded))

    # Remote violence and weapons first: their words are specific.
    if has("suicide"):
        return _Typed("SUIC_BOMB", _first(cues, "suicide"), 0.85)
    if has("chemical") and (has("attack") or kills or has("injure") or armed or has("shelling")):
        return _Typed("CHEM_WEAP", _first(cues, "chemical"), 0.75)
    if has("disrupt_weapons") and not kills and not has("injure") and not _FIRING.search(folded):
        return _Typed("DISR_WEAP", _first(cues, "disrupt_weapons"), 0.7)

    # An authority imposing a curfew or a state of emergency is a change to activity, even when the
    # sentence names the protests it answers (ACLED: Change to group/activity).
    if has("emergency") and _DECLARED.search(folded):
        return _Typed("CHANGE_TO_GROUP_ACT", _first(cues, "emergency"), 0.75)

    protest = has("protest") or (has("roadblock") and not armed) or protest_context
    rebels = bool(actor_types & {"rebel_groups", "political_militias", "identity_militias"})
    riot = (has("riot") and not rebels) or (protest and has("property"))
    if has("mob") and not has("protest"):
        return _Typed("MOB_VIOL", _first(cues, "mob"), 0.7)
    if protest or (riot and not has("explosive") and not has("shelling")):
        trig = _first(cues, "protest", "roadblock", "riot")
        if riot:
            return _Typed("VIOL_DEMONSTR", _first(cues, "riot", "property"), 0.75 if protest else 0.6)
        if protest:
            if state_dead and not weapons:
                return _Typed("VIOL_DEMONSTR", _first(cues, "kill", "protest"), 0.55)
            if (weapons or (serious and (state or has("force") or bool(lethal)))) and (
                state or has("force") or bool(lethal)
            ):
                return _Typed("FORCE_AGAINST_PROTEST", _first(cues, "live_fire", "kill", "force"), 0.7)
            if has("force") or (has("arrest") and (state or has("protest"))):
                return _Typed("PROTEST_WITH_INTER", _first(cues, "force", "arrest"), 0.7)
            if has("protest") or has("roadblock"):
                conf = 0.7 if has("protest") else 0.6
                return _Typed("PEACE_PROTEST", trig, conf)
    # State forces charging, gassing or dispersing a crowd: a gathering met with intervention.
    if (
        state
        and (has("force") or has("dispersal"))
        and not kills
        and _CROWD.search(folded)
        and not armed_other(actor_types)
    ):
        return _Typed("PROTEST_WITH_INTER", _first(cues, "force", "dispersal"), 0.5)
    if has("air_strike") and not has("protest"):
        return _Typed("AIR_STRIKE", _first(cues, "air_strike"), 0.75)
    if has("grenade"):
        return _Typed("GRENADE", _first(cues, "grenade"), 0.75)
    if has("explosive"):
        return _Typed("REM_EXPLOS", _first(cues, "explosive"), 0.7)
    if has("shelling"):
        return _Typed("ART_MISS_ATTACK", _first(cues, "shelling"), 0.75)
    if has("sexual"):
        return _Typed("SEX_VIOL", _first(cues, "sexual"), 0.75)
    if has("abduct"):
        return _Typed("ABDUCT_DISSAP", _first(cues, "abduct"), 0.7)
    if has("withdraw") and armed and not has("clash") and not kills and not has("attack"):
        return _Typed("NON_VIOL_TERRIT_TRANSFER", _first(cues, "withdraw"), 0.55)
    if has("gov_regain") or has("nonstate_take"):
        first_armed = first_of(
            actors, ("state_forces", "rebel_groups", "political_militias", "identity_militias")
        )
        if first_armed is not None:
            passive = bool(_PASSIVE_LOSS.search(folded))
            if (first_armed[1] == "state_forces") != passive:
                return _Typed("GOV_REGAINS_TERIT", _first(cues, "gov_regain", "nonstate_take"), 0.65)
            return _Typed("NON_STATE_ACTOR_OVERTAKES_TER", _first(cues, "nonstate_take", "gov_regain"), 0.65)
    if has("clash") and armed:
        return _Typed("ARMED_CLASH", _first(cues, "clash"), 0.65)
    if (has("attack") or kills or has("injure") or has("live_fire")) and armed:
        if has("attack") and rebels and _MILITARY_TARGET.search(folded):
            return _Typed("ARMED_CLASH", _first(cues, "attack"), 0.55)
        return _Typed("ATTACK", _first(cues, "attack", "kill", "live_fire", "injure"), 0.6)
    if has("arrest"):
        return _Typed("ARREST", _first(cues, "arrest"), 0.6 if state else 0.45)
    if has("emergency"):
        return _Typed("CHANGE_TO_GROUP_ACT", _first(cues, "emergency"), 0.7)
    if has("agreement"):
        return _Typed("AGREEMENT", _first(cues, "agreement"), 0.6)
    if has("hq"):
        return _Typed("HQ_ESTABLISHED", _first(cues, "hq"), 0.55)
    if has("property"):
        return _Typed("PROPERTY_DISTRUCT", _first(cues, "property"), 0.55)
    if has("change") and armed:
        return _Typed("CHANGE_TO_GROUP_ACT", _first(cues, "change"), 0.45)
    if has("attack") or kills:
        return _Typed("ATTACK", _first(cues, "attack", "kill"), 0.35)
    return None


def _filtered(lex: _Lexicon, folded: str, cues: dict[str, list[tuple[int, int]]], raw: str = "") -> bool:
    """True when the clause reports no event: a negation, a plan, a statement, a disaster, crime...

    ``raw`` is the clause as written (its capitals show a named place).
    """
    filters = lex.filters
    acted = bool(filters["past_action"].search(folded))
    if filters["negation"].search(folded) or filters["modal"].search(folded):
        return True
    if filters["aftermath"].search(folded) and not (
        _INCIDENT_CUES.intersection(cues) or (acted and ("protest" in cues or "attack" in cues))
    ):
        return True
    if filters["economy"].search(folded) and not acted:
        return True
    if (
        filters["summary"].search(folded)
        and not _DATE_ANCHOR.search(folded)
        and not _PLACE_ANCHOR.search(raw or folded)
    ):
        return True
    if filters["plan"].search(folded) and not acted:
        return True
    if filters["statement"].search(folded) and not acted:
        return True
    violent = any(
        k in cues for k in ("kill", "attack", "clash", "explosive", "shelling", "air_strike", "riot")
    )
    political = any(
        k in cues for k in ("protest", "riot", "mob", "clash", "shelling", "air_strike", "suicide")
    )
    if filters["disaster"].search(folded) and not (political or "attack" in cues):
        return True
    if filters["crime"].search(folded) and not political:
        return True
    if (
        filters["diplomacy"].search(folded)
        and not violent
        and "protest" not in cues
        and "agreement" not in cues
    ):
        return True
    return bool(filters["attribution"].search(folded)) and not acted


def _assign_actors(code: str, actors: Sequence[ActorMention], lang: str) -> tuple[Actor | None, Actor | None]:
    """actor1 (who acted) and actor2 (the target or other side), as ACLED codes them."""
    es = lang == "es"
    if code in PROTEST_FAMILY:
        found = first_of(actors, ("protesters", "rioters"))
        if code == "VIOL_DEMONSTR":
            a1 = as_actor(found, "rioters") or Actor("Manifestantes" if es else "Rioters", "rioters")
            other = first_of(
                actors, ("state_forces", "external_other", "civilians"), skip=found[0] if found else None
            )
        else:
            a1 = as_actor(found, "protesters") or Actor("Manifestantes" if es else "Protesters", "protesters")
            other = (
                first_of(actors, ("state_forces", "political_militias", "external_other"))
                if code != "PEACE_PROTEST"
                else None
            )
        return a1, as_actor(other)
    if code == "MOB_VIOL":
        found = first_of(actors, ("rioters",)) or first_of(actors, ("protesters",))
        a1 = as_actor(found, "rioters") or Actor("Turba" if es else "Rioters", "rioters")
        other = first_of(
            actors, ("civilians", "state_forces", "external_other"), skip=found[0] if found else None
        )
        return a1, as_actor(other)
    if code in ("ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"):
        perp = first_of(actors, tuple(ARMED)) or first_of(actors, ("rioters", "external_other"))
        victim = first_of(actors, ("civilians", "protesters"), skip=perp[0] if perp else None)
        a2 = as_actor(victim, "civilians") or Actor("Civiles" if es else "Civilians", "civilians")
        return as_actor(perp), a2
    if code == "ARREST":
        police = first_of(actors, ("state_forces",))
        a1 = as_actor(police) or Actor("Policía" if es else "Police", "state_forces")
        target = first_of(
            actors,
            ("protesters", "political_militias", "rebel_groups", "civilians", "external_other"),
            skip=police[0] if police else None,
        )
        return a1, as_actor(target)
    first = first_of(actors, tuple(ARMED)) or first_of(
        actors, ("protesters", "external_other", "civilians", "rioters")
    )
    second = None
    if first is not None:
        second = first_of(actors, tuple(ARMED), skip=first[0]) or first_of(
            actors, ("civilians", "external_other", "protesters"), skip=first[0]
        )
        if second is not None and second[0].name.lower() == first[0].name.lower():
            second = None
    return as_actor(first), as_actor(second)


def _public_cues(cues: dict[str, list[tuple[int, int]]], folded: str) -> frozenset[str]:
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
    for m in _CLAUSE_BREAK.finditer(folded):
        if m.start() - start >= 12:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(folded)))
    return spans


def detect_events(text: str, sentences: Sequence[Sentence], lang: str) -> list[EventCandidate]:
    """Every event a report states, one candidate per event mention, in text order.

    ``sentences`` are the report's sentences with offsets into ``text`` (``split_sentences``).
    Statements, plans, negations, disasters, diplomacy and crime without a political actor
    yield nothing. The same event told twice yields two candidates (fusion merges them).
    """
    code = norm_lang(lang)
    lex = _lexicon(code)
    folded_doc = fold(text)
    starts = [s.start for s in sentences]
    touched: set[int] = set()
    for m in lex.gate.finditer(folded_doc):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < sentences[i].end:
            touched.add(i)
    out: list[EventCandidate] = []
    last_protest: int | None = None  # index of the last sentence that reported a protest
    for i in sorted(touched):
        sent = sentences[i]
        sfold = folded_doc[sent.start : sent.end]
        near_protest = last_protest is not None and i - last_protest == 1
        found_protest = False
        for cstart, cend in _clauses(sfold):
            cfold = sfold[cstart:cend]
            cues = _find_cues(lex, cfold)
            if not any(k in cues for k in lex_triggers()):
                continue
            cues = _ungoverned(lex, cfold, cues)
            if not any(k in cues for k in lex_triggers()):
                continue
            raw = text[sent.start + cstart : sent.start + cend]
            if _filtered(lex, cfold, cues, raw):
                continue
            actors = find_actors(raw, code, folded=cfold)
            # A follow-up sentence telling the police response to the protest just reported.
            follow_up = (
                near_protest
                and "protest" not in cues
                and any(k in cues for k in ("force", "live_fire", "arrest", "kill"))
                and bool(_STRONG_STATE_FORCE.search(cfold))
            )
            typed = _type_clause(cues, cfold, actors, protest_context=follow_up)
            if typed is None:
                continue
            a1, a2 = _assign_actors(typed.code, actors, code)
            event_type, sub_event_type, plover = SUBTYPES[typed.code]
            ev_start = sentences[i - 1].start if follow_up and typed.code in PROTEST_FAMILY else sent.start
            index = i - 1 if follow_up and typed.code in PROTEST_FAMILY else i
            trig_s, trig_e = typed.trigger
            out.append(
                EventCandidate(
                    start=ev_start,
                    end=sent.end,
                    sentence_index=index,
                    trigger_start=sent.start + cstart + trig_s,
                    trigger_end=sent.start + cstart + trig_e,
                    event_type=event_type,
                    sub_event_type=sub_event_type,
                    plover=plover,
                    actor1=a1,
                    actor2=a2,
                    tags=find_tags(cfold, code, folded=True),
                    cues=_public_cues(cues, cfold),
                    confidence=typed.confidence,
                )
            )
            if typed.code in PROTEST_FAMILY:
                found_protest = True
        if found_protest:
            last_protest = i
    return out


@dataclass(frozen=True)
class _PoliceLexicon:
    agent: re.Pattern[str]
    not_agent: re.Pattern[str]
    kill: re.Pattern[str]
    force: re.Pattern[str]
    force_agentless: re.Pattern[str]
    not_arrest: re.Pattern[str]
    hypothetical: re.Pattern[str]


@lru_cache(maxsize=4)
def _police_lexicon(lang: str) -> _PoliceLexicon:
    data = load_yaml("events").get("police")
    if not isinstance(data, dict):
        raise LexiconError("events.yaml needs a 'police' section")
    parts = {
        name: compile_patterns(
            per_language(data.get(name), lang, f"police.{name}"), f"events.police.{name}.{lang}"
        )
        for name in ("agent", "not_agent", "kill", "force", "force_agentless", "not_arrest", "hypothetical")
    }
    return _PoliceLexicon(**parts)


POLICE_ACTIONS: tuple[str, ...] = ("KILL", "ARREST", "FORCE")
# How far before an action word a hypothetical ("would", "if need be", "likely to be") still governs it.
_HYPO_WINDOW = 60
# How far (characters) an agent may stand from a force word and still be the one who used it.
_AGENT_WINDOW = 140
# "killed by the mob": the death is someone else's doing (police are named in the agent lexicon).
_OTHER_KILLER = re.compile(
    r"\s+(?:\w+\s+){0,2}(?:by|at the hands of|a manos de|por)\s+(?:the\s+|a\s+|an\s+|la\s+|los\s+|una?\s+)?"
    r"(?!police|cops?|security|troops|soldiers|army|paramilitary|policia|agentes|militares|soldados|efectivos)\w+"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# UTF-8 read as cp1252: "Â" for a no-break space, "â€œ" for a quote. Folding would turn them into
# letters glued to the neighbouring word ("clashÂ" -> "clasha"), so they are blanked first.
_MOJIBAKE = re.compile("\u00c2|\u00e2(?:\u20ac|\x80).?")
_CLAUSE_STOP = re.compile(r"[.;:!?]|\b(?:but|while|whereas|although|pero|mientras)\b")


def _clause_window(folded: str, start: int, end: int, width: int) -> tuple[int, int]:
    """``width`` characters around ``start``..``end``, cut at the nearest clause stop on each side."""
    lo = max(0, start - width)
    hi = min(len(folded), end + width)
    stops_before = [m.end() for m in _CLAUSE_STOP.finditer(folded, lo, start)]
    stop_after = _CLAUSE_STOP.search(folded, end, hi)
    return (stops_before[-1] if stops_before else lo), (stop_after.start() if stop_after else hi)


def _hypothetical(pol: _PoliceLexicon, folded: str, start: int, end: int) -> bool:
    lo, _ = _clause_window(folded, start, end, _HYPO_WINDOW)
    return any(m.end() > lo for m in pol.hypothetical.finditer(folded, lo, end))


def police_actions(text: str, lang: str = "en") -> frozenset[str]:
    """What state forces did according to one sentence: any of ``KILL``, ``ARREST``, ``FORCE``.

    A sentence-level reading (IndiaPoliceEvents' questions "did police kill / arrest / use force?"):
    reported speech counts ("he said police fired on the crowd"), a hypothetical, a demand or a
    negation does not ("demanded the arrest of", "would be arrested", "nobody was arrested").
    Police words that name a place or a speaker ("under the X police station", "police said")
    are not taken for the actor. KILL implies FORCE.
    """
    code = norm_lang(lang)
    lex = _lexicon(code)
    pol = _police_lexicon(code)
    # Stray non-ASCII (mojibake quotes such as "â€œ") would glue to the next word: blank it.
    folded = _NON_ASCII.sub(" ", fold(_MOJIBAKE.sub(" ", text)))
    masked = pol.not_agent.sub(lambda m: " " * len(m.group()), folded)
    negation = lex.filters["negation"]
    out: set[str] = set()
    for m in pol.kill.finditer(masked):
        lo, hi = _clause_window(masked, m.start(), m.end(), _HYPO_WINDOW)
        if not _hypothetical(pol, masked, m.start(), m.end()) and not negation.search(masked, lo, hi):
            out.update(("KILL", "FORCE"))
            break
    if "KILL" not in out:
        # A death, an agent and their weapon in one clause ("police fired and two were killed"),
        # unless the death is put on someone else ("killed by the rioters").
        agents = [(a.start(), a.end()) for a in pol.agent.finditer(masked)]
        for m in lex.cues["kill"].finditer(masked):
            if _OTHER_KILLER.match(masked, m.end()) or _hypothetical(pol, masked, m.start(), m.end()):
                continue
            lo, hi = _clause_window(masked, m.start(), m.end(), _AGENT_WINDOW)
            if (
                any(lo <= s and e <= hi for s, e in agents)
                and (pol.force.search(masked, lo, hi) or pol.force_agentless.search(masked, lo, hi))
                and not negation.search(masked, lo, hi)
                and not _GRIEVANCE.search(masked[max(0, m.start() - 60) : m.start()])
            ):
                out.update(("KILL", "FORCE"))
                break
    if "FORCE" not in out:
        for m in pol.force_agentless.finditer(masked):
            lo, hi = _clause_window(masked, m.start(), m.end(), _HYPO_WINDOW)
            if not _hypothetical(pol, masked, m.start(), m.end()) and not negation.search(masked, lo, hi):
                out.add("FORCE")
                break
    if "FORCE" not in out:
        agents = [(a.start(), a.end()) for a in pol.agent.finditer(masked)]
        for m in pol.force.finditer(masked):
            if _hypothetical(pol, masked, m.start(), m.end()):
                continue
            lo, hi = _clause_window(masked, m.start(), m.end(), _AGENT_WINDOW)
            if any(lo <= s and e <= hi for s, e in agents) and not negation.search(masked, lo, hi):
                out.add("FORCE")
                break
    blocked = [(b.start(), b.end()) for b in pol.not_arrest.finditer(folded)]
    for m in lex.cues["arrest"].finditer(folded):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in blocked):
            continue
        if _hypothetical(pol, folded, m.start(), m.end()):
            continue
        lo, hi = _clause_window(folded, m.start(), m.end(), _HYPO_WINDOW)
        if negation.search(folded, lo, hi) or lex.filters["modal"].search(folded, lo, hi):
            continue
        out.add("ARREST")
        break
    return frozenset(out)


@lru_cache(maxsize=1)
def lex_triggers() -> frozenset[str]:
    """The cue names that can start an event (``triggers`` in events.yaml)."""
    return frozenset(load_yaml("events")["triggers"])


def classify_snippet(text: str, lang: str = "en") -> tuple[str | None, float]:
    """One ACLED sub-event type for a whole snippet (None: no event or outside the taxonomy).

    The rules' most confident event; when a trained sub-type model is shipped
    (:mod:`cronica.extract.subtype_model`) it decides, with the rules' answer as a feature.
    """
    sentences = split_sentences(text)
    candidates = detect_events(text, sentences, lang)
    from cronica.extract import subtype_model

    model_answer = subtype_model.predict(text, candidates, lang)
    if model_answer is not None:
        # The codebook's line between intervention and excessive force is lethal weapons or serious
        # injury; without any such cue the rules' protest sub-type stands.
        rule_sub, rule_conf = best_rule_answer(candidates)
        if (
            model_answer[0] == "Excessive force against protesters"
            and rule_sub in ("Protest with intervention", "Peaceful protest")
            and not any(c.cues & {"kill", "live_fire"} for c in candidates)
        ):
            return rule_sub, rule_conf
        return model_answer
    return best_rule_answer(candidates)


def best_rule_answer(candidates: Sequence[EventCandidate]) -> tuple[str | None, float]:
    """The sub-type of the most confident candidate (earliest on ties), or ``(None, 0.0)``."""
    if not candidates:
        return None, 0.0
    best = max(candidates, key=lambda c: (c.confidence, -c.start))
    return best.sub_event_type, best.confidence


def lexicon_hits(text: str, lang: str = "en") -> frozenset[str]:
    """Names of every cue and filter of events.yaml that occurs in ``text`` (classifier features)."""
    lex = _lexicon(norm_lang(lang))
    folded = fold(text)
    hits = {name for name, p in lex.cues.items() if p.search(folded)}
    hits |= {f"filter:{name}" for name, p in lex.filters.items() if p.search(folded)}
    hits |= {f"gov:{name}" for name, g in lex.governors.items() if g.pattern.search(folded)}
    return frozenset(hits)


def cue_names() -> tuple[str, ...]:
    """Every cue and filter name of events.yaml, in file order (the classifier's feature names)."""
    data = load_yaml("events")
    return (
        *data["cues"],
        *(f"filter:{n}" for n in data["filters"]),
        *(f"gov:{n}" for n in data.get("governors", {})),
    )
