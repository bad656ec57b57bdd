"""Agent and patient of violent or coercive predicates, read from a dependency parse.

Proximity alone reads "The police used live ammunition against demonstrators, killing at least
18" as demonstrators first, police second. The parse says who did what to whom: ``find_roles``
walks each predicate of ``roles.yaml`` (kill, shoot, violent, coercive, clash, death) in a
spaCy ``Doc`` or ``Span`` and collects its agent and patient tokens in the forms reports use:

- active: "police fired on protesters", "la policía disparó contra los manifestantes";
- passive: "were killed by police", "fueron detenidos por la policía", "18 killed by soldiers";
- nominal: "police repression of the march", "represión policial", "disparos de la policía",
  "clashes between X and Y"; weapons as nouns: "used live ammunition against demonstrators";
- deaths with a cause: "died in police firing", "murieron por disparos de la policía";
- adverbial participles and coordination: "..., killing at least 18" and "arrested and beat"
  take the subject of the verb they hang on.

The tokens are then mapped to the actor mentions of :func:`cronica.extract.actors.find_actors`
(which carry the ACLED actor types) by character overlap. Pure functions: the caller parses.
Role labels are spaCy's (English: ClearNLP; Spanish: Universal Dependencies); the words are in
``roles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from cronica.extract.actors import ActorMention, default_actor, find_actors
from cronica.extract.event_lexicon import (
    compile_patterns,
    compile_rule,
    fold,
    lexicon_entry,
    norm_lang,
    per_language,
)
from cronica.extract.events import EventCandidate
from cronica.model import Actor
from cronica.taxonomy import sub_event_of_code

Token = Any  # spacy.tokens.Token (spaCy ships no type stubs)

PREDICATE_KINDS: tuple[str, ...] = ("kill", "shoot", "violent", "coercive", "clash", "death")
MARKERS: tuple[str, ...] = ("agent", "patient", "genitive", "between", "with", "cause")

_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "obj", "iobj"})
# dependents that hold a prepositional argument (English prep/agent, Spanish obl/nmod/obj with a case)
_PREP_ARCS = frozenset({"prep", "agent", "obl", "nmod", "obj", "iobj", "advcl", "dative"})
_CLAUSE_LINKS = frozenset({"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp"})
_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod:poss", "npadvmod"})
_ARMED_KINDS = frozenset({"state_forces", "rebel_groups", "political_militias", "identity_militias"})


@dataclass(frozen=True)
class Role:
    """One violent or coercive predicate with the actor mentions that play its roles."""

    kind: str  # one of PREDICATE_KINDS
    start: int  # the predicate's characters (offsets of the mentions' text)
    end: int
    agents: tuple[ActorMention, ...]
    patients: tuple[ActorMention, ...]


@dataclass(frozen=True)
class _Lexicon:
    predicates: dict[str, re.Pattern[str]]
    instrument: re.Pattern[str]
    markers: dict[str, frozenset[str]]
    passive_aux: frozenset[str]
    receiving: frozenset[str]
    gate: re.Pattern[str]  # any predicate or weapon word in running (folded) text


def _whole_word(patterns: list[str], where: str) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"
    return compile_rule(rf"(?:{body})", where)


@lru_cache(maxsize=4)
def roles_lexicon(lang: str) -> _Lexicon:
    """``roles.yaml`` compiled for ``lang`` (``en``/``es``; other languages read as English)."""
    code = norm_lang(lang)
    preds = lexicon_entry("roles", "predicates")
    markers = lexicon_entry("roles", "markers")
    words = [
        p for kind in PREDICATE_KINDS for p in per_language(preds[kind], code, f"roles.predicates.{kind}")
    ]
    words += per_language(lexicon_entry("roles", "instruments"), code, "roles.instruments")
    return _Lexicon(
        predicates={
            kind: _whole_word(per_language(preds[kind], code, f"roles.predicates.{kind}"), f"roles.{kind}")
            for kind in PREDICATE_KINDS
        },
        instrument=_whole_word(
            per_language(lexicon_entry("roles", "instruments"), code, "roles.instruments"),
            "roles.instruments",
        ),
        markers={
            name: frozenset(per_language(markers[name], code, f"roles.markers.{name}")) for name in MARKERS
        },
        passive_aux=frozenset(
            per_language(lexicon_entry("roles", "passive_auxiliaries"), code, "roles.passive_auxiliaries")
        ),
        receiving=frozenset(per_language(lexicon_entry("roles", "receiving"), code, "roles.receiving")),
        gate=compile_patterns(words, f"roles.gate.{code}"),
    )


def _word(tok: Token) -> str:
    return fold(tok.lower_)


def predicate_kind(tok: Token, lex: _Lexicon) -> str | None:
    """The kind of violent or coercive predicate ``tok`` is, or None."""
    if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX", "PROPN"):
        return None
    word = _word(tok)
    for kind in PREDICATE_KINDS:
        if lex.predicates[kind].fullmatch(word):
            return kind
    return None


# -- arguments -----------------------------------------------------------------------------------
def _marker(tok: Token) -> str:
    """The preposition or case marker that introduces ``tok`` ("" when none)."""
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return _word(tok.head)
    words: list[str] = []
    for case in (c for c in tok.children if c.dep_ in ("case", "mark")):
        # multiword markers: "a manos de", "por parte de"
        words += [_word(case)] + [_word(f) for f in case.children if f.dep_ == "fixed"]
    return " ".join(words)


def _marked(head: Token, markers: frozenset[str]) -> list[Token]:
    """The nominal dependents of ``head`` that a marker of ``markers`` introduces."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in ("prep", "agent") and _word(child) in markers:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif (
            child.dep_ in _PREP_ARCS and child.pos_ in ("NOUN", "PROPN", "PRON") and _marker(child) in markers
        ):
            out.append(child)
    return out


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    """``tokens`` and the tokens coordinated with them ("police and soldiers")."""
    out: list[Token] = []
    for tok in tokens:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c not in out)
    return out


def _children(tok: Token, deps: frozenset[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _participle(tok: Token) -> bool:
    """A past participle ("killed", "detenidos"), not a gerund ("killing")."""
    morph = str(tok.morph)
    return tok.tag_ == "VBN" or (
        "VerbForm=Part" in morph and "Aspect=Prog" not in morph and tok.tag_ != "VBG"
    )


def _is_passive(tok: Token, lex: _Lexicon) -> bool:
    if any(c.dep_ in _PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in tok.children):
        return True
    auxiliaries = (c for c in tok.children if c.dep_ in ("aux", "aux:pass", "cop"))
    return any(_word(c) in lex.passive_aux for c in auxiliaries) and _participle(tok)


def _subject(tok: Token) -> list[Token]:
    """The subject of a verb, climbing from adverbial participles and conjuncts that have none:
    "..., killing at least 18" and "arrested and beat them" share the subject of their head."""
    seen = 0
    while seen < 6:
        subj = _children(tok, _SUBJECTS)
        if subj:
            return subj
        if tok.dep_ not in _CLAUSE_LINKS or tok.head is tok:
            return []
        tok, seen = tok.head, seen + 1
    return []


def _objects(tok: Token, lex: _Lexicon) -> list[Token]:
    """Direct objects and patient-marked dependents; a conjunct verb with none shares its
    partner's ("arrested and beat the leaders")."""
    found = _children(tok, _OBJECTS) + _marked(tok, lex.markers["patient"])
    if not found:
        for other in tok.conjuncts:
            found = _children(other, _OBJECTS) + _marked(other, lex.markers["patient"])
            if found:
                break
    return [t for t in found if _marker(t) not in lex.markers["agent"]]


def _verb_roles(tok: Token, lex: _Lexicon) -> tuple[list[Token], list[Token]]:
    """(agents, patients) of a verbal predicate, active or passive."""
    if tok.dep_ in ("acl", "amod") and _participle(tok):
        # "18 people killed by police", "manifestantes detenidos por la policía"
        return _marked(tok, lex.markers["agent"]), [tok.head]
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and not _children(tok, _SUBJECTS):
        # "police firing on the crowd": the noun it hangs on acts
        return [tok.head], _objects(tok, lex)
    if _is_passive(tok, lex):
        patients = _children(tok, _PASSIVE_SUBJECTS | _SUBJECTS)
        return _marked(tok, lex.markers["agent"]), patients
    return _subject(tok), _objects(tok, lex)


def _genitives(tok: Token, lex: _Lexicon) -> list[Token]:
    return _marked(tok, lex.markers["genitive"]) + _children(tok, frozenset({"poss", "nmod:poss"}))


def _noun_roles(tok: Token, lex: _Lexicon) -> tuple[list[Token], list[Token], list[Token]]:
    """(agents, patients, either) of a nominal predicate or a weapon noun.

    Genitives ("repression of the march", "disparos de la policía") go to ``either``: the actor
    types decide. A noun that is the object of a verb ("used live ammunition", "opened fire")
    takes the verb's subject as agent and its patient-marked dependents as patients.
    """
    agents = _marked(tok, lex.markers["agent"]) + _children(tok, frozenset({"compound", "amod"}))
    patients = _marked(tok, lex.markers["patient"])
    either = _genitives(tok, lex)
    if tok.dep_ in _OBJECTS and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
        agents += _subject(verb) if not _is_passive(verb, lex) else _marked(verb, lex.markers["agent"])
        patients += [t for t in _marked(verb, lex.markers["patient"]) if t not in patients]
    return agents, patients, either


def _causes(tok: Token, lex: _Lexicon) -> list[Token]:
    """The nominal predicates or weapons named as the cause of a death ("died in police firing")."""
    out: list[Token] = []
    for arg in _marked(tok, lex.markers["cause"]):
        if predicate_kind(arg, lex) in ("kill", "shoot", "violent", "coercive") or lex.instrument.fullmatch(
            _word(arg)
        ):
            out.append(arg)
        # "in police firing" parsed as a noun with a participle: the predicate hangs on the actor
        out.extend(c for c in arg.children if c.dep_ == "acl" and predicate_kind(c, lex) in ("kill", "shoot"))
    return out


# -- mentions ------------------------------------------------------------------------------------
def _span_of(tok: Token) -> tuple[int, int]:
    return tok.idx, tok.idx + len(tok.text)


def _noun_phrase(tok: Token) -> tuple[int, int]:
    """The characters of ``tok``'s phrase up to ``tok`` itself, with its own modifiers after it."""
    left = tok.left_edge.idx
    right = tok.idx + len(tok.text)
    for child in tok.rights:
        if child.dep_ in ("amod", "compound", "appos", "flat", "nmod", "prep"):
            right = max(right, child.right_edge.idx + len(child.right_edge.text))
    return left, right


def mention_of(tok: Token, mentions: Sequence[ActorMention], offset: int = 0) -> ActorMention | None:
    """The actor mention that ``tok`` names: the one over the token, else the nearest in its phrase.

    ``offset`` is added to the parse's character offsets to reach the mentions' offsets.
    """
    start, end = _span_of(tok)
    start, end = start + offset, end + offset
    for m in mentions:
        if m.start < end and start < m.end:
            return m
    lo, hi = _noun_phrase(tok)
    inside = [m for m in mentions if lo + offset <= m.start and m.end <= hi + offset]
    return min(inside, key=lambda m: abs(m.start - start)) if inside else None


def _mentions(
    tokens: Iterable[Token], mentions: Sequence[ActorMention], offset: int, coordinated: bool
) -> tuple[ActorMention, ...]:
    out: list[ActorMention] = []
    for tok in _with_conjuncts(tokens) if coordinated else tokens:
        m = mention_of(tok, mentions, offset)
        if m is not None and m not in out:
            out.append(m)
    return tuple(out)


def _split_either(either: tuple[ActorMention, ...]) -> tuple[list[ActorMention], list[ActorMention]]:
    """Genitives: an armed actor is the agent ("disparos de la policía"), anyone else the patient."""
    agents = [m for m in either if _ARMED_KINDS & set(m.types)]
    return agents, [m for m in either if m not in agents]


# -- predicates ----------------------------------------------------------------------------------
@dataclass
class _Args:
    """The tokens that play a predicate's roles; ``either`` goes by actor type (genitives)."""

    agents: list[Token]
    patients: list[Token]
    either: list[Token] = field(default_factory=list)
    coordinated: bool = True  # whether "X and Y" in one role makes both play it


def _clash_args(tok: Token, lex: _Lexicon) -> _Args:
    """The two sides of a clash: "clashes between X and Y", "X clashed with Y"."""
    between = _marked(tok, lex.markers["between"])
    if between:
        sides = _with_conjuncts(between)
        return _Args(sides[:1], sides[1:], coordinated=False)
    if tok.pos_ in ("VERB", "AUX"):
        subjects = _subject(tok)
        if len(_with_conjuncts(subjects)) > 1 and not _marked(tok, lex.markers["with"]):
            # "protesters and police clashed"
            sides = _with_conjuncts(subjects)
            return _Args(sides[:1], sides[1:], coordinated=False)
        return _Args(subjects, _marked(tok, lex.markers["with"]) + _children(tok, _OBJECTS))
    return _Args(*_noun_roles(tok, lex))


def _death_args(tok: Token, lex: _Lexicon) -> _Args:
    """The dead are the patient; the agent is in the cause ("died in police firing")."""
    args = _Args(_marked(tok, lex.markers["agent"]), _children(tok, _SUBJECTS | _PASSIVE_SUBJECTS))
    if not args.patients and tok.dep_ in ("amod", "acl"):
        args.patients = [tok.head]
    for cause in _causes(tok, lex):
        if cause.dep_ == "acl":
            args.agents.append(cause.head)
            continue
        agents, _patients, either = _noun_roles(cause, lex)
        args.agents += agents
        args.either += either
    return args


def _args(tok: Token, kind: str, lex: _Lexicon) -> _Args:
    if kind == "clash":
        return _clash_args(tok, lex)
    if kind == "death":
        return _death_args(tok, lex)
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and _participle(tok)):
        return _Args(*_verb_roles(tok, lex))
    agents, patients, either = _noun_roles(tok, lex)
    if tok.dep_ in _OBJECTS and _word(tok.head) in lex.receiving:
        # "recibió un disparo de la policía": the subject of receiving is the patient
        patients, agents = patients + _subject(tok.head), [a for a in agents if a not in _subject(tok.head)]
    return _Args(agents, patients, either)


def _role(tok: Token, kind: str, lex: _Lexicon, mentions: Sequence[ActorMention], offset: int) -> Role | None:
    args = _args(tok, kind, lex)
    agents = list(_mentions(args.agents, mentions, offset, args.coordinated))
    patients = [m for m in _mentions(args.patients, mentions, offset, args.coordinated) if m not in agents]
    more_agents, more_patients = _split_either(_mentions(args.either, mentions, offset, True))
    agents += [m for m in more_agents if m not in agents and m not in patients]
    patients += [m for m in more_patients if m not in patients and m not in agents]
    if not agents and not patients:
        return None
    start, end = _span_of(tok)
    return Role(kind, start + offset, end + offset, tuple(agents), tuple(patients))


def find_roles(sent: Any, mentions: Sequence[ActorMention], lang: str = "en", offset: int = 0) -> list[Role]:
    """Every violent or coercive predicate of ``sent`` (a parsed spaCy ``Doc`` or ``Span``) that
    has an agent or a patient among ``mentions``, in reading order.

    ``offset`` is added to the parse's character offsets to reach those of ``mentions`` (the
    parse of one sentence, the mentions found in the whole report). Weapons as nouns ("used
    live ammunition against") are read as ``violent`` predicates.
    """
    lex = roles_lexicon(lang)
    out: list[Role] = []
    for tok in sent:
        kind = predicate_kind(tok, lex)
        if kind is None and tok.pos_ == "NOUN" and lex.instrument.fullmatch(_word(tok)):
            kind = "violent"
        if kind is None:
            continue
        role = _role(tok, kind, lex, mentions, offset)
        if role is not None:
            out.append(role)
    return out


# -- actor1/actor2 of an event candidate ------------------------------------------------------------
_HARM = frozenset({"kill", "shoot", "violent", "coercive", "death"})
_CROWD = ("rioters", "protesters")
_VICTIMS = ("civilians", "protesters")
_ATTACKERS = (*sorted(_ARMED_KINDS), "rioters", "external_other")


def _kind_of(mention: ActorMention, kinds: Sequence[str]) -> str | None:
    """The first type of ``mention`` among ``kinds`` (its own order of likelihood), or None."""
    return next((t for t in mention.types if t in kinds), None)


def _actor(mention: ActorMention | None, kinds: Sequence[str], retype: str | None = None) -> Actor | None:
    if mention is None:
        return None
    kind = _kind_of(mention, kinds)
    return None if kind is None else Actor(name=mention.name, type=retype or kind)


def _first(mentions: Sequence[ActorMention], kinds: Sequence[str]) -> ActorMention | None:
    return next((m for m in mentions if _kind_of(m, kinds) is not None), None)


def _nearest(
    roles: Sequence[Role], c: EventCandidate, kinds: frozenset[str], agent: Sequence[str]
) -> Role | None:
    """The role of ``kinds`` inside the candidate whose agent can be one of ``agent``, nearest its trigger."""
    inside = [
        r for r in roles
        if c.start <= r.start < c.end and r.kind in kinds and _first(r.agents, agent) is not None
    ]  # fmt: skip
    return min(inside, key=lambda r: abs(r.start - c.trigger_start)) if inside else None


def _retyped(c: EventCandidate, code: str) -> EventCandidate:
    kind = sub_event_of_code(code)
    return replace(c, event_type=kind.event_type, sub_event_type=kind.name, plover=kind.plover)


def _protesters_of(c: EventCandidate, lang: str) -> Actor:
    """The protesters the rules already named, else the unnamed protesters."""
    for a in (c.actor1, c.actor2):
        if a is not None and a.type in _CROWD:
            return Actor(name=a.name, type="protesters")
    return default_actor("protesters", lang)


def _excessive_force(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Excessive force: the force that used it is actor1, the protesters actor2 (TAXONOMY.md)."""
    role = _nearest(roles, c, _HARM, sorted(_ARMED_KINDS))
    if role is None:
        # no agent in the parse: the order of the taxonomy, with the actors proximity chose; a
        # force that no one names is the police, as for arrests ("a young man was shot dead")
        if c.actor1 is not None and c.actor1.type in _ARMED_KINDS:
            return c
        force = c.actor2 if c.actor2 is not None and c.actor2.type in _ARMED_KINDS else None
        return replace(c, actor1=force or default_actor("police", lang), actor2=_protesters_of(c, lang))
    a1 = _actor(_first(role.agents, sorted(_ARMED_KINDS)), sorted(_ARMED_KINDS))
    a2 = _actor(_first(role.patients, (*_VICTIMS, "rioters")), (*_VICTIMS, "rioters"), "protesters")
    return replace(c, actor1=a1, actor2=a2 or _protesters_of(c, lang))


def _intervention(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Protest with intervention: the protesters are actor1, the force that intervened actor2."""
    force = (*sorted(_ARMED_KINDS), "external_other")
    lethal = _nearest(roles, c, frozenset({"kill", "death"}), ("state_forces",))
    if lethal is not None and (not lethal.patients or _first(lethal.patients, (*_VICTIMS, "rioters"))):
        # state forces killed at the protest: excessive force against protesters (TAXONOMY.md)
        return _excessive_force(_retyped(c, "FORCE_AGAINST_PROTEST"), roles, lang)
    role = _nearest(roles, c, _HARM, force)
    if role is None or c.code == "PEACE_PROTEST":
        return c
    a1 = _actor(_first(role.patients, (*_VICTIMS, "rioters")), (*_VICTIMS, "rioters"), "protesters")
    return replace(c, actor1=a1 or _protesters_of(c, lang), actor2=_actor(_first(role.agents, force), force))


def _riot(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Violent demonstration or mob violence: the crowd that turned violent is actor1 (rioters),
    whom it fought or attacked actor2; "police fired on the rioters" puts the police second."""
    others = ("state_forces", "external_other", "civilians")
    own = _nearest(roles, c, _HARM | {"clash"}, _CROWD)
    if own is not None:
        a1 = _actor(_first(own.agents, _CROWD), _CROWD, "rioters")
        return replace(c, actor1=a1, actor2=_actor(_first(own.patients, others), others) or c.actor2)
    met = _nearest(roles, c, _HARM | {"clash"}, ("state_forces",))
    crowd = _first(met.patients, _CROWD) if met is not None else None
    if met is None or crowd is None:
        return c
    return replace(
        c, actor1=_actor(crowd, _CROWD, "rioters"), actor2=_actor(_first(met.agents, others), others)
    )


def _perpetrator(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Violence against civilians: the attacker is actor1, the civilians actor2."""
    role = _nearest(roles, c, _HARM, _ATTACKERS)
    if role is None:
        return c
    victim = _actor(_first(role.patients, _VICTIMS), _VICTIMS, "civilians")
    return replace(c, actor1=_actor(_first(role.agents, _ATTACKERS), _ATTACKERS), actor2=victim or c.actor2)


def _arrest(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Arrests: the state forces are actor1, whom they detained actor2."""
    role = _nearest(roles, c, frozenset({"coercive"}), ("state_forces",))
    if role is None:
        return c
    targets = ("protesters", "political_militias", "rebel_groups", "civilians", "external_other")
    target = _actor(_first(role.patients, targets), targets)
    return replace(
        c, actor1=_actor(_first(role.agents, ("state_forces",)), ("state_forces",)), actor2=target or c.actor2
    )


def _sides(c: EventCandidate, roles: Sequence[Role], lang: str) -> EventCandidate:
    """Battles and remote violence: who acted first, the other side second."""
    role = _nearest(roles, c, _HARM | {"clash"}, _ATTACKERS)
    if role is None or not role.patients:
        return c
    patient = _actor(role.patients[0], (*_ATTACKERS, "civilians", "protesters"))
    return replace(c, actor1=_actor(_first(role.agents, _ATTACKERS), _ATTACKERS), actor2=patient or c.actor2)


_BY_CODE = {
    "FORCE_AGAINST_PROTEST": _excessive_force,
    "PROTEST_WITH_INTER": _intervention,
    "PEACE_PROTEST": _intervention,
    "VIOL_DEMONSTR": _riot,
    "MOB_VIOL": _riot,
    "ATTACK": _perpetrator,
    "ABDUCT_DISSAP": _perpetrator,
    "SEX_VIOL": _perpetrator,
    "ARREST": _arrest,
}


_FAMILIES = (_ARMED_KINDS, frozenset(_CROWD), frozenset({"civilians"}), frozenset({"external_other"}))


def _families(mention: ActorMention) -> frozenset[int]:
    return frozenset(i for i, family in enumerate(_FAMILIES) if family & set(mention.types))


def wants_parse(c: EventCandidate, mentions: Sequence[ActorMention], folded: str, lang: str = "en") -> bool:
    """Whether the parse can change ``c``: its text (``folded``, accent-folded) names a violent or
    coercive predicate, and proximity has a choice to make: three actors or more, or two of one
    kind (two armed groups, two crowds), or a protest where someone was killed (the parse may
    show state forces killing). Two actors of different kinds take the places their sub-type
    gives them, with or without a parse, and the parser costs as much again as NER.
    """
    named = list({m.name.lower(): m for m in mentions}.values())
    killed = c.code in ("PEACE_PROTEST", "PROTEST_WITH_INTER") and "kill" in c.cues
    if len(named) < 2 and not killed:
        return False
    choice = len(named) > 2 or killed or bool(_families(named[0]) & _families(named[1]))
    return choice and roles_lexicon(lang).gate.search(folded) is not None


def revise_actors(c: EventCandidate, roles: Sequence[Role], lang: str = "en") -> EventCandidate:
    """``c`` with actor1/actor2 as the parse's roles tell them, following TAXONOMY.md per sub-type.

    Only roles inside the candidate's span count, the one nearest its trigger first. Where the
    parse gives no usable role, the actors that proximity chose stay. A peaceful protest or a
    protest with intervention where state forces are the agent of a killing becomes Excessive
    force against protesters; a violent demonstration stays one (TAXONOMY.md: police firing back
    at violent protesters do not change it).
    """
    return _BY_CODE.get(c.code, _sides)(c, roles, lang)


# -- associated actors ------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _joiner(lang: str) -> re.Pattern[str]:
    code = norm_lang(lang)
    words = per_language(lexicon_entry("roles", "associates"), code, "roles.associates")
    body = "|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True))
    return compile_rule(rf"\s*(?:{body})\s*", f"roles.associates.{code}")


def _plays(mention: ActorMention, actor: Actor) -> bool:
    """Whether ``mention`` can stand beside ``actor`` as the same kind of actor."""
    if actor.type == "rioters":
        return bool({"rioters", "protesters"} & set(mention.types))
    return actor.type in mention.types


def associated_actors(text: str, actor: Actor | None, lang: str = "en") -> list[str]:
    """The groups named with ``actor`` as acting together (ACLED's associated actors): mentions of
    the same kind joined to its first mention in ``text`` by a word of ``roles.yaml``
    ``associates`` ("students joined by teachers' unions", "farmers and truckers").

    Text alone, no parse: the ACLED export calls it on an event's evidence.
    """
    if actor is None:
        return []
    mentions = find_actors(text, lang)
    at = next((i for i, m in enumerate(mentions) if m.name.lower() == actor.name.lower()), None)
    if at is None:
        return []
    joiner, folded = _joiner(lang), fold(text).lower()
    found: list[str] = []
    for step in (1, -1):
        i = at
        while 0 <= i + step < len(mentions):
            left, right = sorted((mentions[i], mentions[i + step]), key=lambda m: m.start)
            other = mentions[i + step]
            if not joiner.fullmatch(folded[left.end : right.start]) or not _plays(other, actor):
                break
            if other.name.lower() != actor.name.lower() and other.name not in found:
                found.append(other.name)
            i += step
    return found
