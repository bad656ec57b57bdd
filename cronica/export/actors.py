"""ACLED's actor names for an event's actors, from the curated table ``cronica/data/acled_actors.yaml``.

An event keeps each actor as the report words it ("la policía", "comuneros"); ACLED's files name
actors by convention instead: "Police Forces of Peru (2022-2025)" (the state's force and the years
of the government in power on the event's date), "Protesters (Peru)", or a named group's ACLED name.
The table is read and checked on first use; the functions that apply it are pure and take it as an
argument, so tests can pass a table of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import yaml

from cronica.errors import CronicaError
from cronica.extract.event_lexicon import compile_patterns, fold
from cronica.lexicon import LexiconError
from cronica.model import Actor
from cronica.taxonomy import inter_codes

ROLES = ("associate", "actor")
# Actor types whose side an associated group (a union, a party) joins.
JOINING_TYPES = ("protesters", "rioters")


class ActorTableError(CronicaError):
    """``acled_actors.yaml`` is missing or malformed."""


@dataclass(frozen=True)
class Government:
    """A government of a country, in power from ``start`` until the next one's start."""

    start: dt.date
    head: str


@dataclass(frozen=True)
class Country:
    """A country as ACLED names it in actor names, with its governments in order."""

    code: str
    name: str
    governments: tuple[Government, ...]


@dataclass(frozen=True)
class StateKind:
    """One kind of state actor (police, military, government): its ACLED label and its words."""

    name: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class NamedGroup:
    """A group the reports may name, under its ACLED name."""

    name: str
    role: str  # "associate" joins protesters or rioters; "actor" is the actor itself
    pattern: re.Pattern[str]
    country: str | None = None
    type: str | None = None  # the actor type a role "actor" group holds


@dataclass(frozen=True, eq=False)
class ActorTable:
    """The whole table, parsed (hashed by identity, so that lookups against it can be cached)."""

    state_kinds: tuple[StateKind, ...]
    default_state_kind: str
    generic: dict[str, str | None]
    countries: dict[str, Country]
    groups: tuple[NamedGroup, ...]


@dataclass(frozen=True)
class AcledActor:
    """One side of an event as ACLED's columns code it, with the report's own words beside it."""

    name: str
    raw: str
    type: str
    inter: int | None
    associates: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "raw", "type", "inter", "associates"}`` for the JSON export."""
        return {
            "name": self.name,
            "raw": self.raw,
            "type": self.type,
            "inter": self.inter,
            "associates": list(self.associates),
        }


# -- reading the table ---------------------------------------------------------------------------


def _need(entry: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, kind):
        raise ActorTableError(f"acled_actors.yaml: {where} needs {key!r}")
    return value


def _patterns(entry: dict[str, Any], where: str) -> re.Pattern[str]:
    words: list[str] = []
    for lang in ("en", "es"):
        patterns = entry.get(lang, [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise ActorTableError(f"acled_actors.yaml: {where}.{lang} must be a list of patterns")
        words.extend(patterns)
    if not words:
        raise ActorTableError(f"acled_actors.yaml: {where} has no patterns")
    try:
        return compile_patterns(words, where)
    except LexiconError as exc:
        raise ActorTableError(f"acled_actors.yaml: {exc}") from exc


def _state_kinds(section: Any) -> tuple[tuple[StateKind, ...], str]:
    kinds = _need(section, "kinds", dict, "state_forces")
    parsed = tuple(
        StateKind(str(name), _need(entry, "label", str, f"state_forces.{name}"), _patterns(entry, str(name)))
        for name, entry in kinds.items()
    )
    default = _need(section, "default", str, "state_forces")
    if default not in kinds:
        raise ActorTableError(f"acled_actors.yaml: state_forces.default {default!r} is not a kind")
    return parsed, default


def _government(entry: Any, where: str) -> Government:
    start = _need(entry, "from", dt.date, where)
    return Government(start=start, head=_need(entry, "head", str, where))


def _country(code: str, entry: Any) -> Country:
    where = f"countries.{code}"
    govs = tuple(_government(g, f"{where}.governments") for g in _need(entry, "governments", list, where))
    if not govs or any(a.start >= b.start for a, b in pairwise(govs)):
        raise ActorTableError(f"acled_actors.yaml: {where}.governments must be in date order")
    return Country(code=code, name=_need(entry, "name", str, where), governments=govs)


def _group(entry: Any, actor_types: frozenset[str]) -> NamedGroup:
    name = _need(entry, "name", str, "a named group")
    role = _need(entry, "role", str, name)
    if role not in ROLES:
        raise ActorTableError(f"acled_actors.yaml: {name}: role must be one of {', '.join(ROLES)}")
    kind = entry.get("type")
    if (role == "actor") != (kind in actor_types):
        raise ActorTableError(
            f"acled_actors.yaml: {name}: a role 'actor' group, and only one, has an actor type"
        )
    return NamedGroup(
        name=name, role=role, pattern=_patterns(entry, name), country=entry.get("country"), type=kind
    )


def parse_actor_table(data: Any) -> ActorTable:
    """An :class:`ActorTable` from the parsed YAML, or an :class:`ActorTableError` saying what is wrong."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ActorTableError("acled_actors.yaml: expected a mapping with version: 1")
    actor_types = frozenset(inter_codes())
    generic = _need(data, "generic", dict, "the file")
    if set(generic) != actor_types - {"state_forces"}:
        raise ActorTableError("acled_actors.yaml: generic must name every non-state actor type")
    kinds, default = _state_kinds(data.get("state_forces"))
    countries = {
        str(code): _country(str(code), entry)
        for code, entry in _need(data, "countries", dict, "the file").items()
    }
    groups = tuple(_group(g, actor_types) for g in _need(data, "named_groups", list, "the file"))
    return ActorTable(kinds, default, dict(generic), countries, groups)


@lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """The bundled table, read and checked once."""
    try:
        raw = resources.files("cronica").joinpath("data", "acled_actors.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise ActorTableError("acled_actors.yaml not found") from exc
    return parse_actor_table(yaml.safe_load(raw))


# -- applying it ---------------------------------------------------------------------------------


def period_label(country: Country, day: dt.date | None) -> str:
    """ACLED's years of the government in power on ``day``: "2022-2025", or "2025-" while it lasts.

    Empty when the day is unknown or earlier than the first government the table lists.
    """
    if day is None:
        return ""
    label = ""
    for gov, following in zip(country.governments, (*country.governments[1:], None), strict=True):
        if gov.start <= day:
            label = f"{gov.start.year}-{following.start.year if following else ''}"
    return label


def state_kind(raw: str, table: ActorTable) -> StateKind:
    """The state force ``raw`` names (police, military, government), else the table's default."""
    text = fold(raw)
    for kind in table.state_kinds:
        if kind.pattern.search(text):
            return kind
    return next(k for k in table.state_kinds if k.name == table.default_state_kind)


@lru_cache(maxsize=4096)
def _groups_in_name(name: str, country_code: str | None, table: ActorTable) -> tuple[NamedGroup, ...]:
    # actors' words repeat across events ("police", "manifestantes"): each is searched once
    return tuple(groups_named(name, country_code, table))


def groups_named(text: str, country_code: str | None, table: ActorTable) -> list[NamedGroup]:
    """The named groups of the table that ``text`` names, for an event in ``country_code``."""
    folded = fold(text)
    return [
        g
        for g in table.groups
        if (g.country is None or g.country == country_code) and g.pattern.search(folded)
    ]


def country_label(country_code: str | None, fallback: str | None, table: ActorTable) -> str | None:
    """The country's name as ACLED writes it in actor names: the table's, else the place's own."""
    if country_code and country_code in table.countries:
        return table.countries[country_code].name
    return fallback or None


@lru_cache(maxsize=8192)
def generic_name(
    actor: Actor, country_code: str | None, country: str | None, day: dt.date | None, table: ActorTable
) -> str:
    """ACLED's name for an actor that names no group: a state force with its period, or the type's form.

    ``country`` is the event's own country name, used for countries the table lacks; without a
    country there is nothing to put in ACLED's form, and the report's words are kept.
    """
    country = country_label(country_code, country, table)
    if country is None:
        return actor.name
    if actor.type == "state_forces":
        name = state_kind(actor.name, table).label.format(country=country)
        known = table.countries.get(country_code or "")
        period = period_label(known, day) if known else ""
        return f"{name} ({period})" if period else name
    template = table.generic.get(actor.type)
    return template.format(country=country) if template else actor.name


@dataclass(frozen=True)
class EventContext:
    """What the names depend on besides the actor: the event's country (code and the place's own
    name of it), date and first evidence sentence."""

    country_code: str | None
    country: str | None
    day: dt.date | None
    sentence: str = ""


def normalise_actor(
    actor: Actor, ctx: EventContext, table: ActorTable, in_sentence: Sequence[NamedGroup] | None = None
) -> AcledActor:
    """One actor under ACLED's conventions: a named group the actor's words name, else the generic form.

    A role "actor" group named in the actor's words or, failing that, in the event's sentence
    becomes the actor when its type matches; role "associate" groups in the actor's words become
    its associates (those of the sentence are shared out by :func:`normalise_actors`).
    ``in_sentence`` is the groups the sentence names, when the caller has found them already.
    """
    inter = inter_codes().get(actor.type)
    own = _groups_in_name(actor.name, ctx.country_code, table)
    if in_sentence is None:
        in_sentence = groups_named(ctx.sentence, ctx.country_code, table) if ctx.sentence else []
    holders = [g for g in (*own, *in_sentence) if g.role == "actor" and g.type == actor.type]
    associates = tuple(g.name for g in own if g.role == "associate")
    name = holders[0].name if holders else generic_name(actor, ctx.country_code, ctx.country, ctx.day, table)
    return AcledActor(name=name, raw=actor.name, type=actor.type, inter=inter, associates=associates)


def _joining_side(sides: Sequence[AcledActor | None]) -> int | None:
    for i, side in enumerate(sides):
        if side is not None and side.type in JOINING_TYPES:
            return i
    return None


def normalise_actors(
    actor1: Actor | None, actor2: Actor | None, ctx: EventContext, table: ActorTable
) -> tuple[AcledActor | None, AcledActor | None]:
    """Both sides of an event; associated groups that only the sentence names join the first side
    of protesters or rioters ("Protesters (Peru)" with "CGTP: ..."), never a state force.
    """
    in_sentence = groups_named(ctx.sentence, ctx.country_code, table) if ctx.sentence else []
    sides = [normalise_actor(a, ctx, table, in_sentence) if a else None for a in (actor1, actor2)]
    joining = _joining_side(sides)
    if joining is not None and in_sentence:
        side = sides[joining]
        assert side is not None
        extra = [g.name for g in in_sentence if g.role == "associate" and g.name not in side.associates]
        sides[joining] = AcledActor(side.name, side.raw, side.type, side.inter, (*side.associates, *extra))
    return sides[0], sides[1]
