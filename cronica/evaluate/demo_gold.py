"""Scoring fused events against the demo corpus gold (``cronica/data/demo/gold.jsonl``).

The gold lists each real incident with the reports that describe it. Each
(report, incident) pair is one gold mention. A system event "holds" a pair when
it cites the report and agrees with the incident (date, place, sub-type
family); B-cubed precision and recall are computed over the pairs, so splitting
one incident into two events costs recall and merging two incidents costs
precision.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cronica.lexicon import fold_accents
from cronica.model import EVENT_FAMILY, Event, Place


@dataclass
class GoldIncident:
    incident_id: str
    event_date: dt.date
    date_end: dt.date | None
    event_type: str
    sub_event_type: str
    place: str
    admin1: str | None
    admin2: str | None
    fatalities: int | None
    docs: list[str]


@dataclass
class Gold:
    incidents: list[GoldIncident] = field(default_factory=list)
    tallies: list[dict[str, Any]] = field(default_factory=list)
    background: list[dict[str, Any]] = field(default_factory=list)
    no_event: list[str] = field(default_factory=list)


def load_gold(path: Path) -> Gold:
    gold = Gold()
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        kind = rec.get("record")
        if kind == "incident":
            loc = rec.get("location") or {}
            gold.incidents.append(
                GoldIncident(
                    incident_id=rec["incident_id"],
                    event_date=dt.date.fromisoformat(rec["event_date"]),
                    date_end=dt.date.fromisoformat(rec["date_end"]) if rec.get("date_end") else None,
                    event_type=rec["event_type"],
                    sub_event_type=rec["sub_event_type"],
                    place=loc.get("name", ""),
                    admin1=loc.get("admin1"),
                    admin2=loc.get("admin2"),
                    fatalities=rec.get("fatalities"),
                    docs=list(rec.get("docs", [])),
                )
            )
        elif kind == "tally":
            gold.tallies.append(rec)
        elif kind == "background":
            gold.background.append(rec)
        elif kind == "no_event":
            gold.no_event.append(rec["doc_id"])
    return gold


def _fold(s: str | None) -> str:
    return fold_accents(s or "").strip()


def same_place(loc: Place | None, g: GoldIncident) -> bool:
    """The system's place names the gold place: the same name ("Antapaccay" for "Antapaccay mine"),
    or a curated facility inside the gold town (the Juliaca airport for Juliaca)."""
    if loc is None:
        return False
    ours, theirs = _fold(loc.name), _fold(g.place)
    if ours == theirs or (ours and theirs and (ours in theirs or theirs in ours)):
        return True
    facility = loc.geonames_id is None and loc.geo_precision == 1
    return facility and g.admin2 is not None and _fold(loc.admin2) == _fold(g.admin2)


def agreement(e: Event, g: GoldIncident) -> int:
    """How well a system event agrees with a gold incident (0 = not at all)."""
    score = 0
    if e.event_date is not None:
        lo, hi = g.event_date, g.date_end or g.event_date
        end = e.date_end or e.event_date
        if e.event_date <= hi and end >= lo:
            score += 2
        elif abs((e.event_date - g.event_date).days) <= 1:
            score += 1
    loc = e.location
    if loc is not None:
        if same_place(loc, g):
            score += 2
        elif g.admin1 and _fold(loc.admin1) == _fold(g.admin1):
            score += 1
    if EVENT_FAMILY.get(e.event_type) == EVENT_FAMILY.get(g.event_type):
        score += 1
    return score


def align(events: Sequence[Event], gold: Gold, min_score: int = 3) -> dict[tuple[str, str], str]:
    """For each gold (doc, incident) pair, the system event holding it.

    Pairs are assigned greedily by agreement; a system event cites a report at
    most once per incident, so one event can hold several incidents of a report
    only by merging them (which B-cubed precision then counts against it).
    """
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.background:
            continue
        for d in {ev.doc_id for ev in e.evidence}:
            by_doc[d].append(e)
    options = []
    for g in gold.incidents:
        for d in g.docs:
            for e in by_doc.get(d, []):
                s = agreement(e, g)
                if s >= min_score:
                    options.append((s, d, g.incident_id, e.event_id))
    options.sort(key=lambda o: (-o[0], o[1], o[2], o[3]))
    out: dict[tuple[str, str], str] = {}
    for _, d, gid, eid in options:
        if (d, gid) not in out:
            out[(d, gid)] = eid
    return out


@dataclass
class FusionScores:
    precision: float
    recall: float
    f1: float
    pairs: int
    held: int
    incidents: int
    field_accuracy: dict[str, float]
    per_incident: list[dict[str, Any]]
    spurious_events: int


def score(events: Sequence[Event], gold: Gold) -> FusionScores:
    assignment = align(events, gold)
    pairs = [(d, g.incident_id) for g in gold.incidents for d in g.docs]
    # system cluster of each pair: the pairs held by the same event; unheld pairs are singletons
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for pair, eid in assignment.items():
        members[eid].add(pair)
    gold_of = {p: p[1] for p in pairs}
    p_sum = r_sum = 0.0
    for pair in pairs:
        held_by = assignment.get(pair)
        system = members[held_by] if held_by else {pair}
        same_gold = {q for q in pairs if gold_of[q] == gold_of[pair]}
        overlap = len(system & same_gold)
        p_sum += overlap / len(system)
        r_sum += overlap / len(same_gold)
    precision = p_sum / len(pairs) if pairs else 0.0
    recall = r_sum / len(pairs) if pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    by_id = {e.event_id: e for e in events}
    per_incident = []
    hits: dict[str, int] = defaultdict(int)
    for g in gold.incidents:
        votes: dict[str, int] = defaultdict(int)
        for d in g.docs:
            holder = assignment.get((d, g.incident_id))
            if holder:
                votes[holder] += 1
        e = by_id[max(votes, key=lambda k: votes[k])] if votes else None
        checks = {
            "found": e is not None,
            "date": e is not None and e.event_date == g.event_date,
            "place": e is not None and same_place(e.location, g),
            "sub_event_type": e is not None and e.sub_event_type == g.sub_event_type,
            "fatalities": e is not None and (e.fatalities or 0) == (g.fatalities or 0),
        }
        for k, ok in checks.items():
            hits[k] += int(ok)
        per_incident.append(
            {
                "incident_id": g.incident_id,
                **checks,
                "system_event": e.event_id if e else None,
                "system_date": e.event_date.isoformat() if e and e.event_date else None,
                "system_place": e.location.name if e and e.location else None,
                "system_sub_event_type": e.sub_event_type if e else None,
                "system_fatalities": e.fatalities if e else None,
                "gold_fatalities": g.fatalities,
            }
        )
    n = len(gold.incidents) or 1
    held_events = set(assignment.values())
    spurious = sum(1 for e in events if not e.background and e.event_id not in held_events)
    return FusionScores(
        precision=precision,
        recall=recall,
        f1=f1,
        pairs=len(pairs),
        held=len(assignment),
        incidents=len(gold.incidents),
        field_accuracy={k: v / n for k, v in hits.items()},
        per_incident=per_incident,
        spurious_events=spurious,
    )
