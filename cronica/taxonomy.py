"""The coding scheme, read from ``cronica/data/taxonomy.yaml``: the one definition of ACLED's event
types, sub-event types and codes, the PLOVER map and the actor types.

The file is read and checked on first use, never at import. Lookups are cached: asking for a
sub-type's code on every event costs a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

from cronica.errors import CronicaError

V = TypeVar("V")


class TaxonomyError(CronicaError):
    """``taxonomy.yaml`` is missing or malformed, or a name is not in it."""


@dataclass(frozen=True)
class SubEventType:
    """One ACLED sub-event type with its code and PLOVER category."""

    name: str
    code: str  # case2021-task2 label, e.g. PEACE_PROTEST
    event_type: str
    plover: str | None
    plover_mode: str | None = None
    severity: int | None = None  # demonstration sub-types only, mildest 0
    part_of_demonstration: bool = False  # at a demonstration's place and day, part of it


@dataclass(frozen=True)
class EventType:
    """One of ACLED's six event types."""

    name: str
    disorder_type: str
    family: str
    sub_event_types: tuple[SubEventType, ...]


@dataclass(frozen=True)
class ActorKind:
    """One of ACLED's eight actor types (``inter`` is ACLED's code for it)."""

    name: str
    inter: int
    armed: bool


@dataclass(frozen=True)
class Taxonomy:
    """The whole coding scheme, in the file's order."""

    event_types: tuple[EventType, ...]
    actor_types: tuple[ActorKind, ...]
    plover_categories: tuple[str, ...]

    @property
    def sub_event_types(self) -> tuple[SubEventType, ...]:
        """Every sub-event type, grouped by event type."""
        return tuple(s for t in self.event_types for s in t.sub_event_types)


def _require(entry: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, kind):
        raise TaxonomyError(f"taxonomy.yaml: {where} needs {key!r}")
    return value


def _sub_event(name: str, entry: Any, event_type: str, plover: frozenset[str]) -> SubEventType:
    where = f"{event_type} / {name}"
    code = _require(entry, "code", str, where)
    value = entry.get("plover")
    if value is not None and value not in plover:
        raise TaxonomyError(f"taxonomy.yaml: {where}: {value!r} is not a PLOVER category")
    severity = entry.get("severity")
    if severity is not None and not isinstance(severity, int):
        raise TaxonomyError(f"taxonomy.yaml: {where}: severity must be an integer")
    part = entry.get("part_of_demonstration", False)
    if not isinstance(part, bool):
        raise TaxonomyError(f"taxonomy.yaml: {where}: part_of_demonstration must be true or false")
    return SubEventType(
        name=str(name),
        code=code,
        event_type=event_type,
        plover=value,
        plover_mode=entry.get("plover_mode"),
        severity=severity,
        part_of_demonstration=part,
    )


def _event_type(name: str, entry: Any, plover: frozenset[str]) -> EventType:
    subs = _require(entry, "sub_event_types", dict, name)
    return EventType(
        name=str(name),
        disorder_type=_require(entry, "disorder_type", str, name),
        family=_require(entry, "family", str, name),
        sub_event_types=tuple(_sub_event(s, e, str(name), plover) for s, e in subs.items()),
    )


def _actor_kind(name: str, entry: Any) -> ActorKind:
    inter = _require(entry, "inter", int, f"actor type {name}")
    armed = _require(entry, "armed", bool, f"actor type {name}")
    return ActorKind(str(name), inter, armed)


def parse(data: Any) -> Taxonomy:
    """A :class:`Taxonomy` from the parsed YAML, or a :class:`TaxonomyError` saying what is wrong."""
    if not isinstance(data, dict):
        raise TaxonomyError("taxonomy.yaml: expected a mapping at the top level")
    categories = _require(data, "plover_categories", list, "the file")
    plover = frozenset(str(c) for c in categories)
    types = _require(data, "event_types", dict, "the file")
    actors = _require(data, "actor_types", dict, "the file")
    scheme = Taxonomy(
        event_types=tuple(_event_type(n, e, plover) for n, e in types.items()),
        actor_types=tuple(_actor_kind(n, e) for n, e in actors.items()),
        plover_categories=tuple(str(c) for c in categories),
    )
    for label, values in (
        ("sub-event type", [s.name for s in scheme.sub_event_types]),
        ("code", [s.code for s in scheme.sub_event_types]),
        ("inter code", [a.inter for a in scheme.actor_types]),
    ):
        if len(set(values)) != len(values):
            raise TaxonomyError(f"taxonomy.yaml: a {label} is given twice")
    return scheme


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The coding scheme of ``cronica/data/taxonomy.yaml`` (read once, then cached)."""
    try:
        raw = resources.files("cronica").joinpath("data", "taxonomy.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise TaxonomyError("taxonomy.yaml not found") from exc
    return parse(yaml.safe_load(raw))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, SubEventType]:
    return {s.name: s for s in taxonomy().sub_event_types}


@lru_cache(maxsize=1)
def _by_code() -> dict[str, SubEventType]:
    return {s.code: s for s in taxonomy().sub_event_types}


def event_type_names() -> tuple[str, ...]:
    """ACLED's six event types, in the coding guide's order."""
    return tuple(t.name for t in taxonomy().event_types)


def sub_event_type_names() -> tuple[str, ...]:
    """ACLED's 25 sub-event types, grouped by event type."""
    return tuple(s.name for s in taxonomy().sub_event_types)


def codes() -> tuple[str, ...]:
    """The sub-event codes (case2021-task2 labels), in the order of :func:`sub_event_type_names`."""
    return tuple(s.code for s in taxonomy().sub_event_types)


def sub_event(name: str) -> SubEventType:
    """The sub-event type spelled ``name`` (ACLED's spelling)."""
    try:
        return _by_name()[name]
    except KeyError:
        raise TaxonomyError(f"{name!r} is not an ACLED sub-event type") from None


def sub_event_of_code(code: str) -> SubEventType:
    """The sub-event type whose code is ``code`` (e.g. ``PEACE_PROTEST``)."""
    try:
        return _by_code()[code]
    except KeyError:
        raise TaxonomyError(f"{code!r} is not a sub-event code") from None


def code_of(sub_event_type: str) -> str:
    """The code of the sub-event type spelled ``sub_event_type``."""
    return sub_event(sub_event_type).code


def actor_type_names() -> tuple[str, ...]:
    """ACLED's eight actor types, in the order of their inter codes."""
    return tuple(a.name for a in taxonomy().actor_types)


@lru_cache(maxsize=1)
def inter_codes() -> dict[str, int]:
    """ACLED's inter code of each actor type (state_forces 1 ... external_other 8)."""
    return {a.name: a.inter for a in taxonomy().actor_types}


@lru_cache(maxsize=1)
def armed_actor_types() -> frozenset[str]:
    """The actor types that are organised armed actors (state forces and armed groups)."""
    return frozenset(a.name for a in taxonomy().actor_types if a.armed)


@lru_cache(maxsize=1)
def disorder_types() -> dict[str, str]:
    """ACLED's disorder type of each event type."""
    return {t.name: t.disorder_type for t in taxonomy().event_types}


@lru_cache(maxsize=1)
def event_families() -> dict[str, str]:
    """The family of each event type (``demonstration``, ``violence`` or ``strategic``)."""
    return {t.name: t.family for t in taxonomy().event_types}


def demonstration_severity() -> dict[str, int]:
    """How grave each demonstration sub-type is, mildest 0 (sub-types without a severity left out)."""
    return {s.name: s.severity for s in taxonomy().sub_event_types if s.severity is not None}


@lru_cache(maxsize=1)
def plover_modes() -> dict[str, str]:
    """The PLOVER mode of each sub-event type that has one."""
    return {s.name: s.plover_mode for s in taxonomy().sub_event_types if s.plover_mode}


class LazyMapping(Mapping[str, V]):
    """A read-only mapping built by ``build`` on first use, so that a module-level constant taken from
    the taxonomy costs nothing at import."""

    def __init__(self, build: Callable[[], Mapping[str, V]]) -> None:
        self._build = build
        self._data: Mapping[str, V] | None = None

    def _mapping(self) -> Mapping[str, V]:
        if self._data is None:
            self._data = self._build()
        return self._data

    def __getitem__(self, key: str) -> V:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __repr__(self) -> str:
        return f"LazyMapping({dict(self._mapping())!r})"


@lru_cache(maxsize=4096)
def kinds_agree(
    a: tuple[str, str, str | None], b: tuple[str, str, str | None]
) -> bool:
    """Whether two accounts, each ``(event type, sub-event type, actor1 type)``, can tell one incident.

    The same family (strategic developments: the same sub-type); a crackdown told apart from its
    demonstration ("Protesters marched. Troops opened fire.": violence whose perpetrator is state
    forces, rioters or unnamed); or a strategic development that is part of a demonstration at
    its place and day (arrests, destruction: ``part_of_demonstration``).
    """
    families = event_families()
    fa, fb = families.get(a[0]), families.get(b[0])
    if fa == fb:
        return fa != "strategic" or a[1] == b[1]
    if {fa, fb} == {"demonstration", "violence"}:
        violence = a if fa == "violence" else b
        return violence[2] in (None, "state_forces", "rioters")
    if {fa, fb} == {"demonstration", "strategic"}:
        strategic = a if fa == "strategic" else b
        return sub_event(strategic[1]).part_of_demonstration
    return False
