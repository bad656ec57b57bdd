"""``cronica eval incidents --gold DIR``: end-to-end scores, incident by incident.

A gold folder holds ``reports.jsonl`` (the input of ``cronica ingest``), ``gold.jsonl`` (one line
per real incident) and, optionally, ``tallies.jsonl`` (stated running or national totals); the
format is described in ``../shared/data/voa/README.md``. The reports of the chosen split go
through exactly the path of ``cronica ingest`` + ``cronica process`` (:mod:`cronica.run.runner`)
into a scratch SQLite database, and the fused events and stored tallies are scored here.

Matching
--------
An event *can match* a gold incident when all of these hold:

- the event is not background (told as history);
- dates: the event's days ``[event_date, date_end or event_date]`` and the incident's days
  ``[date, date_end or date]`` overlap once each is widened by one day (so two single days at most
  one day apart match); an undated event matches nothing;
- country: the event's ``country_code`` equals the incident's ``country``;
- place: the event's place name equals the incident's ``place`` or one of ``place_alt`` (a *place*
  match), or else the event's ``admin1`` equals the incident's ``admin1`` (an *admin1* match).

Names are compared folded: accents stripped, case folded, hyphens and runs of spaces made one
space. Each incident pairs with at most one event and each event with at most one incident,
best pairs first: a place match beats an admin1 match, then the smaller date gap (days between
the widened ranges; 0 when they overlap), then sub-type agreement (strict, then through
``sub_event_type_alt``, then none); remaining ties go by incident order in ``gold.jsonl`` and event
id, so the pairing is deterministic.

Measures
--------
Over gold incidents: **recall** (paired incidents). Over non-background events emitted:
**spurious** (events that can match no incident), **duplicate** (unpaired events that can match an
incident, which then is necessarily paired to another event), **totals counted as incidents**,
**wrong country**. Over paired incidents: sub-event type (strict; with ``sub_event_type_alt``),
place (the event's place name is the gold place or one of ``place_alt``), admin1, deaths, actor
types. Over gold tallies: totals found in the ledger.

- *Deaths right*: the event's ``fatalities`` equals the gold ``fatalities`` or one of
  ``fatalities_alt``; when gold ``fatalities`` is null the event's must be null or 0. Gold 0 needs
  an event 0 (the text said nobody died). Reported over all pairs, and over the pairs whose gold
  fatalities are above 0.
- *Actor types*: gold actors are ACLED-style names, mapped to cronica's actor types by
  :func:`gold_actor_types` (see :data:`ACTOR_RULES` and :data:`NAMED_GROUPS`). A gold actor that
  no rule maps is left out of the measure (counted in ``actor1_unmapped``/``actor2_unmapped``).
  A null gold ``actor2`` needs an event without ``actor2``. Compared position by position.
- *Totals found in the ledger*: a gold tally is found when a stored tally of the same ``kind``
  and ``value`` comes from the tally's report (*same report*), or from any report of the run
  (*run*).
- *Totals counted as incidents*: a non-background event whose ``fatalities`` equals the value of a
  gold ``killed`` tally stated in one of the event's evidence reports, where that value is not the
  paired incident's gold ``fatalities`` nor one of its ``fatalities_alt`` (an unpaired event has
  no incident figure to excuse it).
- *Wrong country*: an unpaired, non-background event with a country, such that either (a) some
  incident matches it on dates and place name (``place``/``place_alt``) but has another country,
  or (b) every one of its evidence reports has gold incidents and none of them is in the event's
  country. Events without a location are counted apart (``events_without_place``).

Each split holds the reports listed for it in ``cronica/data/evaluation/splits.yaml`` (or chosen
by the same rule, :mod:`cronica.evaluate.splits`, for a folder the file does not list); a gold
incident belongs to the split of its reports (one whose reports fell in both halves would count in
both; the split rule keeps that from happening), a tally to the split of its report.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronica.config import Settings
from cronica.evaluate.runner import EvalError
from cronica.evaluate.splits import SPLITS, report_splits
from cronica.lexicon import fold_accents
from cronica.model import Event, Tally
from cronica.taxonomy import TaxonomyError, sub_event

TALLY_KINDS = ("killed", "injured", "arrested")


# -- the gold folder -------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldIncident:
    incident: str
    date: dt.date
    date_end: dt.date | None
    place: str
    place_alt: tuple[str, ...]
    admin1: str | None
    country: str
    sub_event_type: str
    sub_event_type_alt: tuple[str, ...]
    fatalities: int | None
    fatalities_alt: tuple[int, ...]
    actor1: str | None
    actor2: str | None
    reports: tuple[str, ...]

    def brief(self) -> dict[str, Any]:
        return {
            "incident": self.incident,
            "date": self.date.isoformat(),
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "place": self.place,
            "admin1": self.admin1,
            "country": self.country,
            "sub_event_type": self.sub_event_type,
            "fatalities": self.fatalities,
            "reports": list(self.reports),
        }


@dataclass(frozen=True)
class GoldTally:
    as_of: dt.date | None
    kind: str
    value: int
    scope: str
    report: str

    def brief(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "kind": self.kind,
            "value": self.value,
            "scope": self.scope,
            "report": self.report,
        }


@dataclass
class GoldFolder:
    """A folder of reports with incident-level gold, or one split of it."""

    name: str
    path: Path
    reports: list[dict[str, Any]]  # the JSON objects of reports.jsonl, ids as strings
    incidents: list[GoldIncident]
    tallies: list[GoldTally]
    split: str = "all"

    @property
    def report_ids(self) -> list[str]:
        return [r["id"] for r in self.reports]

    def select(self, split: str) -> GoldFolder:
        """The reports of one split, with the incidents and tallies that belong to them."""
        if split not in SPLITS:
            raise EvalError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
        if split == "all":
            return GoldFolder(self.name, self.path, self.reports, self.incidents, self.tallies, "all")
        gold_lines = [{"reports": list(g.reports)} for g in self.incidents]
        side = report_splits(self.name, self.reports, gold_lines)
        keep = {rid for rid, s in side.items() if s == split}
        return GoldFolder(
            self.name,
            self.path,
            [r for r in self.reports if r["id"] in keep],
            [g for g in self.incidents if keep.intersection(g.reports)],
            [t for t in self.tallies if t.report in keep],
            split,
        )


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out: list[tuple[int, dict[str, Any]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path}: not UTF-8 text ({exc.reason})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: invalid JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(obj, dict):
            raise EvalError(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}")
        out.append((n, obj))
    return out


def _day(value: Any, where: str, key: str, required: bool) -> dt.date | None:
    if value is None and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EvalError(f"{where}: {key!r} is not a date (YYYY-MM-DD): {value!r}") from None


def _int(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise EvalError(f"{where}: {key!r} must be a whole number or null, not {value!r}")
    return value


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _incident(obj: dict[str, Any], where: str, known: set[str]) -> GoldIncident:
    for key in ("date", "place", "country", "sub_event_type", "reports"):
        if obj.get(key) in (None, "", []):
            raise EvalError(f"{where}: missing {key!r}")
    reports = _strs(obj["reports"])
    unknown = [r for r in reports if r not in known]
    if unknown:
        raise EvalError(f"{where}: report {unknown[0]!r} is not in reports.jsonl")
    date = _day(obj["date"], where, "date", True)
    assert date is not None
    alt = obj.get("fatalities_alt") or []
    return GoldIncident(
        incident=str(obj.get("incident") or where),
        date=date,
        date_end=_day(obj.get("date_end"), where, "date_end", False),
        place=str(obj["place"]),
        place_alt=_strs(obj.get("place_alt")),
        admin1=obj.get("admin1") or None,
        country=str(obj["country"]).upper(),
        sub_event_type=str(obj["sub_event_type"]),
        sub_event_type_alt=_strs(obj.get("sub_event_type_alt")),
        fatalities=_int(obj.get("fatalities"), where, "fatalities"),
        fatalities_alt=tuple(v for v in (_int(a, where, "fatalities_alt") for a in alt) if v is not None),
        actor1=obj.get("actor1") or None,
        actor2=obj.get("actor2") or None,
        reports=reports,
    )


def _tally(obj: dict[str, Any], where: str, known: set[str]) -> GoldTally:
    for key in ("kind", "value", "report"):
        if obj.get(key) is None:
            raise EvalError(f"{where}: missing {key!r}")
    report = str(obj["report"])
    if report not in known:
        raise EvalError(f"{where}: report {report!r} is not in reports.jsonl")
    value = _int(obj["value"], where, "value")
    assert value is not None
    return GoldTally(
        as_of=_day(obj.get("as_of"), where, "as_of", False),
        kind=str(obj["kind"]),
        value=value,
        scope=str(obj.get("scope") or ""),
        report=report,
    )


def load_folder(path: Path) -> GoldFolder:
    """Read and check a gold folder; a bad folder raises :class:`EvalError` naming file and line."""
    if not path.is_dir():
        raise EvalError(f"{path}: no such folder")
    for required in ("reports.jsonl", "gold.jsonl"):
        if not (path / required).is_file():
            raise EvalError(f"{path}: no {required} (expected reports.jsonl, gold.jsonl, tallies.jsonl)")
    reports: list[dict[str, Any]] = []
    for n, obj in _read_jsonl(path / "reports.jsonl"):
        if obj.get("id") in (None, "") or not isinstance(obj.get("text"), str):
            raise EvalError(f'{path / "reports.jsonl"}:{n}: a report needs an "id" and a "text"')
        reports.append({**obj, "id": str(obj["id"])})
    known = {r["id"] for r in reports}
    incidents = [
        _incident(obj, f"{path / 'gold.jsonl'}:{n}", known) for n, obj in _read_jsonl(path / "gold.jsonl")
    ]
    tallies: list[GoldTally] = []
    if (path / "tallies.jsonl").is_file():
        tallies = [
            _tally(obj, f"{path / 'tallies.jsonl'}:{n}", known)
            for n, obj in _read_jsonl(path / "tallies.jsonl")
        ]
    return GoldFolder(path.resolve().name, path, reports, incidents, tallies)


# -- gold actors -> cronica actor types ------------------------------------------------------------
# ACLED-style gold names to the set of cronica actor types that count as right, tried in order on
# the folded name. "Police Forces of Chile" -> state forces, "Protesters (Chile)" -> protesters.
ACTOR_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"^(police|military|security|naval|air) forces\b", frozenset({"state_forces"})),
    (r"^(government|prison guards|border guards?) of\b", frozenset({"state_forces"})),
    (r"^protesters\b", frozenset({"protesters"})),
    (r"^rioters\b", frozenset({"rioters"})),
    (
        r"^(civilians|journalists|students|health workers|aid workers|refugees|prisoners|labou?r group)\b",
        frozenset({"civilians"}),
    ),
    (r"^unidentified armed group\b", frozenset({"political_militias"})),
    (r"\b(gang|militia|death squad|paramilitar\w*)\b", frozenset({"political_militias"})),
    (r"\b(ethnic|communal|clan|tribal) militia\b", frozenset({"identity_militias"})),
    (r"\bparty\b", frozenset({"civilians", "protesters", "external_other"})),
)
# Named groups, by the folded short name before any ":" ("ELN: National Liberation Army" -> "eln").
NAMED_GROUPS: dict[str, frozenset[str]] = {
    **{
        name: frozenset({"rebel_groups"})
        for name in (
            "fmln",
            "eln",
            "epl",
            "farc",
            "fpmr",
            "mrta",
            "sendero luminoso",
            "shining path",
            "al shabaab",
            "bla",
            "islamic state",
            "3r",
            "taliban",
            "boko haram",
            "iswap",
            "pkk",
            "hamas",
            "houthis",
            "ttp",
            "al qaeda",
        )
    },
    "rondas campesinas": frozenset({"identity_militias"}),
    # social movements and organisations in protest; ACLED names them as associated actors of
    # protesters, cronica may code them as protesters or as other actors
    "conaie": frozenset({"protesters", "external_other"}),
}


def fold(text: str | None) -> str:
    """Accent- and case-folded, hyphens and runs of spaces made one space."""
    if not text:
        return ""
    return " ".join(fold_accents(text).replace("-", " ").split())


def gold_actor_types(name: str | None) -> frozenset[str] | None:
    """The cronica actor types that are right for a gold actor name; None when no rule maps it."""
    folded = fold(name)
    if not folded:
        return None
    short = folded.split(":", 1)[0].strip()
    short = re.sub(r"\s*\(.*\)$", "", short)
    if short in NAMED_GROUPS:
        return NAMED_GROUPS[short]
    for pattern, types in ACTOR_RULES:
        if re.search(pattern, folded):
            return types
    return None


# -- matching -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """An (event, incident) pair that can match, with what ranks it."""

    event: int  # index into the events
    incident: int  # index into the incidents
    by_place: bool  # place name match (else admin1)
    date_gap: int
    subtype: int  # 0 strict agreement, 1 through sub_event_type_alt, 2 none

    def key(self, event_id: str) -> tuple[int, int, int, int, str]:
        return (0 if self.by_place else 1, self.date_gap, self.subtype, self.incident, event_id)


def _days(start: dt.date, end: dt.date | None) -> tuple[dt.date, dt.date]:
    return (start, end) if end and end >= start else (start, start)


def date_gap(event: Event, incident: GoldIncident) -> int | None:
    """Days between the event's and the incident's ranges (0 when they overlap); None if undated."""
    if event.event_date is None:
        return None
    e0, e1 = _days(event.event_date, event.date_end)
    g0, g1 = _days(incident.date, incident.date_end)
    return max(0, (e0 - g1).days, (g0 - e1).days)


def place_names(incident: GoldIncident) -> set[str]:
    return {fold(incident.place), *(fold(p) for p in incident.place_alt)} - {""}


def subtype_rank(event: Event, incident: GoldIncident) -> int:
    if event.sub_event_type == incident.sub_event_type:
        return 0
    return 1 if event.sub_event_type in incident.sub_event_type_alt else 2


def candidate(i: int, event: Event, j: int, incident: GoldIncident) -> Candidate | None:
    """The pair if the event can match the incident (see the module docstring), else None."""
    if event.background or event.location is None:
        return None
    gap = date_gap(event, incident)
    if gap is None or gap > 1:
        return None
    if (event.location.country_code or "").upper() != incident.country:
        return None
    by_place = fold(event.location.name) in place_names(incident)
    if not by_place and not (incident.admin1 and fold(event.location.admin1) == fold(incident.admin1)):
        return None
    return Candidate(i, j, by_place, gap, subtype_rank(event, incident))


def pair(
    events: Sequence[Event], incidents: Sequence[GoldIncident]
) -> tuple[dict[int, int], list[Candidate]]:
    """Best pairs first, each event and each incident used once: ``({event: incident}, candidates)``."""
    cands = [
        c
        for i, e in enumerate(events)
        for j, g in enumerate(incidents)
        if (c := candidate(i, e, j, g)) is not None
    ]
    cands.sort(key=lambda c: c.key(events[c.event].event_id))
    by_event: dict[int, int] = {}
    taken: set[int] = set()
    for c in cands:
        if c.event in by_event or c.incident in taken:
            continue
        by_event[c.event] = c.incident
        taken.add(c.incident)
    return by_event, cands


# -- scoring --------------------------------------------------------------------------------------
@dataclass
class Measure:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    def to_dict(self) -> dict[str, Any]:
        v = self.value
        return {"value": None if v is None else round(v, 4), "num": self.num, "den": self.den}


STRATEGIC = "Strategic developments"
# (key, label) in the order of the table
MEASURES: tuple[tuple[str, str], ...] = (
    ("recall", "recall (incidents found)"),
    ("spurious", "spurious share (of events)"),
    ("spurious_strategic", "  of them strategic developments"),
    ("duplicate", "duplicate share (of events)"),
    ("sub_event_type", "sub-event type right"),
    ("sub_event_type_alt", "sub-event type right (alt ok)"),
    ("place", "place right"),
    ("admin1", "admin1 right"),
    ("deaths", "deaths right"),
    ("deaths_stated", "deaths right (gold deaths > 0)"),
    ("actor1_type", "actor1 type right"),
    ("actor2_type", "actor2 type right"),
    ("totals_in_ledger_report", "totals in ledger (same report)"),
    ("totals_in_ledger_run", "totals in ledger (any report)"),
    ("totals_as_incidents", "totals counted as incidents"),
    ("wrong_country", "events in the wrong country"),
)


def _event_brief(e: Event, with_text: bool = True) -> dict[str, Any]:
    loc = e.location
    return {
        "event_id": e.event_id,
        "event_date": e.event_date.isoformat() if e.event_date else None,
        "date_end": e.date_end.isoformat() if e.date_end else None,
        "sub_event_type": e.sub_event_type,
        "place": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "country": loc.country_code if loc else None,
        "fatalities": e.fatalities,
        "actor1_type": e.actor1.type if e.actor1 else None,
        "actor2_type": e.actor2.type if e.actor2 else None,
        "background": e.background,
        "reports": sorted({ev.doc_id for ev in e.evidence}),
        "evidence": [
            {
                "doc_id": ev.doc_id,
                "start": ev.start,
                "end": ev.end,
                **({"text": ev.text} if with_text else {}),
            }
            for ev in e.evidence
        ],
    }


def _deaths_right(event: Event, g: GoldIncident) -> bool:
    if g.fatalities is None:
        return event.fatalities in (None, 0)
    return event.fatalities is not None and event.fatalities in (g.fatalities, *g.fatalities_alt)


def _actor_right(types: frozenset[str] | None, gold_name: str | None, actor: Any) -> bool | None:
    """True/False, or None when the gold actor is not mapped (left out of the measure)."""
    if gold_name is None:
        return actor is None
    if types is None:
        return None
    return actor is not None and actor.type in types


@dataclass
class IncidentScores:
    measures: dict[str, Measure]
    counts: dict[str, int]
    pairs: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    totals_as_incidents: list[dict[str, Any]] = field(default_factory=list)
    wrong_country: list[dict[str, Any]] = field(default_factory=list)
    totals_missed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measures": {k: self.measures[k].to_dict() for k, _ in MEASURES},
            "counts": dict(self.counts),
            "misses": self.misses,
            "spurious": self.spurious,
            "duplicates": self.duplicates,
            "totals_as_incidents": self.totals_as_incidents,
            "wrong_country": self.wrong_country,
            "totals_missed": self.totals_missed,
            "pairs": self.pairs,
        }


def _strategic(e: Event) -> bool:
    """Whether the event's sub-type belongs to ACLED's strategic developments (per the taxonomy)."""
    try:
        return sub_event(e.sub_event_type).event_type == STRATEGIC
    except TaxonomyError:
        return e.event_type == STRATEGIC


def score(
    events: Sequence[Event],
    stored_tallies: Sequence[Tally],
    incidents: Sequence[GoldIncident],
    gold_tallies: Sequence[GoldTally],
    with_text: bool = True,
) -> IncidentScores:
    """Every measure of the module docstring, with the lists behind them."""
    emitted = [e for e in events if not e.background]
    background = len(events) - len(emitted)
    by_event, cands = pair(emitted, incidents)
    by_incident = {j: i for i, j in by_event.items()}
    can_match: dict[int, list[Candidate]] = {}
    for c in cands:
        can_match.setdefault(c.event, []).append(c)

    n = len(emitted)
    m: dict[str, Measure] = {k: Measure(0, 0) for k, _ in MEASURES}
    m["recall"] = Measure(len(by_incident), len(incidents))
    m["spurious"] = Measure(sum(1 for i in range(n) if i not in can_match), n)
    # curfews, decrees, deployments and arrests: events of the taxonomy that incident-level gold
    # sets often leave uncoded, so a reader can tell them from incidents made up out of nothing
    strategic = sum(1 for i in range(n) if i not in can_match and _strategic(emitted[i]))
    m["spurious_strategic"] = Measure(strategic, n)
    m["duplicate"] = Measure(sum(1 for i in range(n) if i in can_match and i not in by_event), n)

    result = IncidentScores(measures=m, counts={})
    unmapped = {"actor1": 0, "actor2": 0}
    for i, j in sorted(by_event.items(), key=lambda p: p[1]):
        e, g = emitted[i], incidents[j]
        loc = e.location
        assert loc is not None
        checks: dict[str, bool | None] = {
            "sub_event_type": e.sub_event_type == g.sub_event_type,
            "sub_event_type_alt": e.sub_event_type in (g.sub_event_type, *g.sub_event_type_alt),
            "place": fold(loc.name) in place_names(g),
            "admin1": bool(g.admin1) and fold(loc.admin1) == fold(g.admin1),
            "deaths": _deaths_right(e, g),
            "deaths_stated": _deaths_right(e, g) if (g.fatalities or 0) > 0 else None,
            "actor1_type": _actor_right(gold_actor_types(g.actor1), g.actor1, e.actor1),
            "actor2_type": _actor_right(gold_actor_types(g.actor2), g.actor2, e.actor2),
        }
        for key, ok in checks.items():
            if ok is None:
                if key.startswith("actor"):
                    unmapped[key[:6]] += 1
                continue
            m[key].den += 1
            m[key].num += int(ok)
        result.pairs.append(
            {
                "incident": g.incident,
                "event_id": e.event_id,
                "event_place": loc.name,
                "event_admin1": loc.admin1,
                "by": "place" if fold(loc.name) in place_names(g) else "admin1",
                **{k: v for k, v in checks.items() if v is not None},
            }
        )

    # gold tallies against the stored ones
    stored = {(t.kind, t.value, t.evidence.doc_id) for t in stored_tallies if t.value is not None}
    stored_any = {(k, v) for k, v, _ in stored}
    for t in gold_tallies:
        same = (t.kind, t.value, t.report) in stored
        anywhere = (t.kind, t.value) in stored_any
        m["totals_in_ledger_report"].den += 1
        m["totals_in_ledger_report"].num += int(same)
        m["totals_in_ledger_run"].den += 1
        m["totals_in_ledger_run"].num += int(anywhere)
        if not same:
            result.totals_missed.append({**t.brief(), "found_in_another_report": anywhere})

    # events carrying a stated total as their death toll
    killed_by_report: dict[str, set[int]] = {}
    for t in gold_tallies:
        if t.kind == "killed":
            killed_by_report.setdefault(t.report, set()).add(t.value)
    m["totals_as_incidents"].den = n
    for i, e in enumerate(emitted):
        if e.fatalities is None:
            continue
        reports = {ev.doc_id for ev in e.evidence}
        stated = set().union(*(killed_by_report.get(r, set()) for r in reports))
        if e.fatalities not in stated:
            continue
        paired = by_event.get(i)
        if paired is not None and e.fatalities in (
            incidents[paired].fatalities,
            *incidents[paired].fatalities_alt,
        ):
            continue
        m["totals_as_incidents"].num += 1
        result.totals_as_incidents.append(
            {
                **_event_brief(e, with_text),
                "paired_incident": incidents[paired].incident if paired is not None else None,
                "tallies": [
                    t.brief()
                    for t in gold_tallies
                    if t.kind == "killed" and t.report in reports and t.value == e.fatalities
                ],
            }
        )

    # events in the wrong country
    incidents_by_report: dict[str, list[GoldIncident]] = {}
    for g in incidents:
        for r in g.reports:
            incidents_by_report.setdefault(r, []).append(g)
    m["wrong_country"].den = n
    no_place = 0
    for i, e in enumerate(emitted):
        country = (e.location.country_code or "").upper() if e.location else ""
        if not country:
            no_place += 1
            continue
        if i in by_event:
            continue
        reason = _wrong_country(e, country, incidents, incidents_by_report)
        if reason:
            m["wrong_country"].num += 1
            result.wrong_country.append({**_event_brief(e, with_text), "why": reason})

    # the lists behind recall, spurious and duplicate
    for j, g in enumerate(incidents):
        if j in by_incident:
            continue
        nearby = [
            _event_brief(e, with_text=False) | {"evidence": None}
            for e in events
            if set(g.reports) & {ev.doc_id for ev in e.evidence}
        ]
        result.misses.append({**g.brief(), "events_from_its_reports": nearby})
    for i, e in enumerate(emitted):
        if i in by_event:
            continue
        if i not in can_match:
            result.spurious.append(_event_brief(e, with_text))
            continue
        best = min(can_match[i], key=lambda c: c.key(e.event_id))
        result.duplicates.append(
            {
                **_event_brief(e, with_text),
                "incident": incidents[best.incident].incident,
                "paired_event": emitted[by_incident[best.incident]].event_id,
            }
        )

    result.counts = {
        "incidents": len(incidents),
        "gold_tallies": len(gold_tallies),
        "events": n,
        "background_events": background,
        "paired": len(by_event),
        "events_without_place": no_place,
        "stored_tallies": len(stored_tallies),
        "actor1_unmapped": unmapped["actor1"],
        "actor2_unmapped": unmapped["actor2"],
    }
    return result


def _wrong_country(
    e: Event,
    country: str,
    incidents: Sequence[GoldIncident],
    incidents_by_report: Mapping[str, list[GoldIncident]],
) -> str | None:
    assert e.location is not None
    name = fold(e.location.name)
    for g in incidents:
        gap = date_gap(e, g)
        if g.country != country and name in place_names(g) and gap is not None and gap <= 1:
            return f"place and date of {g.incident} ({g.country})"
    reports = sorted({ev.doc_id for ev in e.evidence})
    if reports and all(incidents_by_report.get(r) for r in reports):
        countries = {g.country for r in reports for g in incidents_by_report[r]}
        if country not in countries:
            return f"its reports' incidents are in {', '.join(sorted(countries))}"
    return None


# -- running the pipeline -------------------------------------------------------------------------
@dataclass
class IncidentEval:
    folder: str
    path: str
    split: str
    reports: int
    ingest_failed: int
    process_failed: int
    seconds: float
    scores: IncidentScores
    min_confidence: float = 0.0
    curve: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.folder,
            "path": self.path,
            "split": self.split,
            "reports": self.reports,
            "ingest_failed": self.ingest_failed,
            "process_failed": self.process_failed,
            "seconds": round(self.seconds, 2),
            "min_confidence": self.min_confidence,
            **self.scores.to_dict(),
            "curve": self.curve,
        }

    def table(self, verbose: bool = False) -> list[str]:
        c = self.scores.counts
        lines = [
            f"incidents: {self.folder} ({self.split}): {self.reports} reports, {c['incidents']} incidents, "
            f"{c['gold_tallies']} tallies; {c['events']} events (+{c['background_events']} background) "
            f"at confidence >= {self.min_confidence:g}, {self.seconds:.1f} s",
            f"{'measure':<32} {'value':>6}  {'n':>9}",
        ]
        for key, label in MEASURES:
            meas = self.scores.measures[key]
            v = meas.value
            shown = "-" if v is None else f"{v:.3f}"
            lines.append(f"{label:<32} {shown:>6}  {meas.num:>4}/{meas.den:<4}")
        if self.ingest_failed or self.process_failed:
            lines.append(f"failed: {self.ingest_failed} reports at ingest, {self.process_failed} at process")
        s = self.scores
        lines.append(
            f"lists: {len(s.misses)} misses, {len(s.spurious)} spurious, {len(s.duplicates)} duplicates, "
            f"{len(s.totals_as_incidents)} totals as incidents, {len(s.wrong_country)} wrong country"
            + ("" if verbose else " (-v shows them)")
        )
        if verbose:
            lines += _list_lines(s)
        return lines


def _clip(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _event_line(tag: str, d: Mapping[str, Any]) -> list[str]:
    where = ", ".join(x for x in (d.get("place"), d.get("admin1"), d.get("country")) if x)
    head = (
        f"  {tag:<9} {d.get('event_date') or '?'} {d['sub_event_type']} @ {where or '?'}"
        f" killed={d.get('fatalities')}"
    )
    out = [head]
    for ev in d.get("evidence") or []:
        out.append(f"            [{ev['doc_id']}] {_clip(ev.get('text', ''))}")
    return out


def _list_lines(s: IncidentScores) -> list[str]:
    out: list[str] = []
    for g in s.misses:
        out.append(
            f"  miss      {g['date']} {g['sub_event_type']} @ {g['place']}, {g['country']}"
            f" killed={g['fatalities']}  {g['incident']} [{', '.join(g['reports'])}]"
        )
        for e in g["events_from_its_reports"]:
            bg = " (background)" if e["background"] else ""
            out.append(
                f"            its reports gave: {e['event_date']} {e['sub_event_type']} @ {e['place']}, "
                f"{e['country']}{bg}"
            )
    for d in s.spurious:
        out += _event_line("spurious", d)
    for d in s.duplicates:
        out += _event_line("duplicate", d)
        out.append(f"            would match {d['incident']} (paired with {d['paired_event']})")
    for d in s.totals_as_incidents:
        out += _event_line("total", d)
    for d in s.wrong_country:
        out += _event_line("country", d)
        out.append(f"            {d['why']}")
    return out


def run_pipeline(
    folder: GoldFolder, settings: Settings, quiet: bool = True
) -> tuple[list[Event], list[Tally], int, int]:
    """Ingest and process the folder's reports into a scratch SQLite database, removed after.

    Returns every fused event (background included), the stored tallies, and the numbers of
    reports that failed at ingest and at process.
    """
    from dataclasses import replace

    from cronica.run.runner import ingest, process
    from cronica.store import open_store
    from cronica.store.db import EventFilter

    with tempfile.TemporaryDirectory(prefix="cronica-eval-") as tmp:
        src = Path(tmp) / "reports.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for r in folder.reports:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        scratch = replace(settings, db=f"sqlite:///{Path(tmp) / 'eval.db'}")
        store = open_store(scratch.db)
        try:
            _, ic = ingest(store, [str(src)], scratch, quiet=quiet)
            _, pc = process(store, scratch, quiet=quiet)
            events = store.events(EventFilter(include_background=True))
            tallies = store.tallies()
        finally:
            store.engine.dispose()
    return events, tallies, ic.failed, pc.failed


CURVE_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(20))


def confident(events: Sequence[Event], threshold: float) -> list[Event]:
    """The events a user sees at ``--min-confidence threshold`` (background ones are kept: they
    are scored apart)."""
    return [e for e in events if e.background or e.confidence >= threshold]


def precision_recall_curve(
    events: Sequence[Event], incidents: Sequence[GoldIncident], thresholds: Sequence[float] = CURVE_THRESHOLDS
) -> list[dict[str, Any]]:
    """Recall, spurious and duplicate shares of the events kept at each confidence threshold."""
    rows = []
    for t in thresholds:
        m = score(confident(events, t), [], incidents, [], with_text=False).measures
        rows.append(
            {
                "min_confidence": t,
                "events": m["spurious"].den,
                **{k: m[k].value for k in ("recall", "spurious", "duplicate")},
            }
        )
    return rows


def evaluate_incidents(
    path: Path,
    split: str = "all",
    settings: Settings | None = None,
    quiet: bool = True,
    with_text: bool = True,
    min_confidence: float | None = None,
) -> IncidentEval:
    """Load a gold folder, run the split's reports through cronica, score the result.

    Scored are the events a user sees by default: those at or above ``min_confidence`` (default:
    the ``min_confidence`` setting); the curve over every threshold comes with the result.
    """
    settings = settings or Settings()
    threshold = settings.min_confidence if min_confidence is None else min_confidence
    folder = load_folder(path).select(split)
    t0 = time.perf_counter()
    events, tallies, ingest_failed, process_failed = run_pipeline(folder, settings, quiet)
    shown = confident(events, threshold)
    scores = score(shown, tallies, folder.incidents, folder.tallies, with_text=with_text)
    return IncidentEval(
        folder=folder.name,
        path=str(path),
        split=split,
        reports=len(folder.reports),
        ingest_failed=ingest_failed,
        process_failed=process_failed,
        seconds=time.perf_counter() - t0,
        scores=scores,
        min_confidence=threshold,
        curve=precision_recall_curve(events, folder.incidents),
    )


def summary(results: Iterable[IncidentEval]) -> list[dict[str, Any]]:
    """One flat row per result: the values of every measure (for benchmark tables)."""
    rows = []
    for r in results:
        row: dict[str, Any] = {"set": r.folder, "split": r.split, "reports": r.reports}
        row.update({k: r.scores.measures[k].value for k, _ in MEASURES})
        row["seconds"] = round(r.seconds, 2)
        rows.append(row)
    return rows
