"""One event from the mentions of one incident: every figure kept, one value reconciled.

ACLED's rule for figures is the most conservative credible report. A later
report that gives a higher count is a revision (the wounded who died later,
bodies found later) when it says so ("has risen to 10", "a sixth body"; the
cues are in ``data/lexicon/fusion.yaml``) and is the newest such word on the
incident; reports that simply disagree are a dispute, and the lower figure
stands. Either way every figure stays in ``figures`` with its source, and
``disputed`` is set when reports disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from cronica.lexicon import all_languages, any_of, load_lexicon
from cronica.model import (
    DEMONSTRATION_SEVERITY,
    EVENT_FAMILY,
    FIGURE_FIELD,
    Actor,
    Event,
    Evidence,
    Figure,
    Place,
)

T = TypeVar("T")


def _doc(m: Event) -> str:
    return m.evidence[0].doc_id if m.evidence else m.event_id


def _published(m: Event) -> dt.date:
    dates = [e.published for e in m.evidence if e.published]
    return min(dates) if dates else dt.date.min


def _vote(values: Sequence[tuple[T, float]]) -> T | None:
    """The value with the most weight; ties go to the first in ``values`` order."""
    if not values:
        return None
    weight: dict[T, float] = {}
    order: list[T] = []
    for v, w in values:
        if v not in weight:
            order.append(v)
            weight[v] = 0.0
        weight[v] += w
    return max(order, key=lambda v: (weight[v], -order.index(v)))


def _per_report(members: Sequence[Event]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for m in members:
        out.setdefault(_doc(m), []).append(m)
    return out


@lru_cache(maxsize=1)
def _update_cues() -> re.Pattern[str]:
    return any_of(all_languages(load_lexicon("fusion")["update_cues"]), "fusion.yaml")


def is_update(sentence: str) -> bool:
    """Whether a sentence states a figure as an update of an earlier count."""
    return _update_cues().search(sentence) is not None


def reconcile_value(reports: Sequence[tuple[dt.date, int, bool]]) -> tuple[int | None, bool]:
    """(reconciled value, disputed) from each report's (published, value, stated as an update)."""
    if not reports:
        return None, False
    values = {v for _, v, _ in reports}
    disputed = len(values) > 1
    revisions = [
        (p, v)
        for p, v, update in reports
        if update and all(v > w for q, w, _ in reports if q < p) and any(q < p for q, _, _ in reports)
    ]
    if revisions:
        latest = max(p for p, _ in revisions)
        return min(v for p, v in revisions if p == latest), disputed
    return min(values), disputed


def _stated_as_update(m: Event, kind: str, value: int) -> bool:
    for f in m.figures:
        if f.kind == kind and f.value == value:
            for ev in m.evidence:
                if (
                    ev.doc_id == f.evidence.doc_id
                    and ev.start <= f.evidence.start < ev.end
                    and is_update(ev.text)
                ):
                    return True
    return False


def _typing(members: Sequence[Event], firsts: Sequence[Event]) -> tuple[str, str, str | None]:
    """(event type, sub-event type, PLOVER): one vote per report, ties to the more severe sub-type.

    An incident told as a demonstration by any report is a demonstration: the arrests, destruction
    or shooting other reports tell of it are part of it (:func:`cronica.taxonomy.kinds_agree`).
    """
    demonstration = [m for m in firsts if EVENT_FAMILY.get(m.event_type) == "demonstration"]
    sub_types = Counter(m.sub_event_type for m in demonstration or firsts)
    sub_event_type = max(sub_types, key=lambda s: (sub_types[s], DEMONSTRATION_SEVERITY.get(s, 0), s))
    event_type = next(m.event_type for m in members if m.sub_event_type == sub_event_type)
    plover = next((m.plover for m in members if m.sub_event_type == sub_event_type and m.plover), None)
    return event_type, sub_event_type, plover


def _dating(members: Sequence[Event]) -> tuple[dt.date | None, dt.date | None, str]:
    """(date, end date, precision): the date most mentions give, day-dated ones first."""
    day_dated = [m for m in members if m.date_precision == "day" and m.event_date]
    pool = day_dated or [m for m in members if m.event_date] or members
    event_date = _vote([(m.event_date, 1.0) for m in sorted(pool, key=lambda m: m.event_date or dt.date.min)])
    same_day = [m for m in pool if m.event_date == event_date]
    ends = [m.date_end for m in same_day if m.date_end]
    date_end = max(ends) if ends else None
    precision = same_day[0].date_precision if same_day else members[0].date_precision
    return event_date, date_end, precision


def _location(members: Sequence[Event]) -> Place | None:
    """The place most mentions give among the most precise ones."""
    located = [m.location for m in members if m.location]
    if not located:
        return None
    best = min(p.geo_precision for p in located)
    return _vote([(p, 1.0) for p in located if p.geo_precision == best])


def _all_figures(members: Sequence[Event]) -> list[Figure]:
    """Every figure of every mention, each once."""
    figures: list[Figure] = []
    seen = set()
    for m in members:
        for f in m.figures:
            key = (f.kind, f.evidence.doc_id, f.evidence.start, f.evidence.end)
            if key not in seen:
                seen.add(key)
                figures.append(f)
    return figures


def _values(reports: dict[str, list[Event]]) -> tuple[dict[str, int | None], bool]:
    """The reconciled value of each figure field, and whether the death toll is disputed."""
    values: dict[str, int | None] = {}
    disputed = False
    for kind, name in FIGURE_FIELD.items():
        per_report = []
        for ms in reports.values():
            vals = [(getattr(m, name), m) for m in ms if getattr(m, name) is not None]
            if vals:
                value, owner = max(vals, key=lambda pair: pair[0])
                per_report.append((_published(ms[0]), value, _stated_as_update(owner, kind, value)))
        value, dispute = reconcile_value(per_report)
        values[name] = value
        disputed = disputed or (dispute and kind == "killed")
    return values, disputed


def _all_evidence(members: Sequence[Event]) -> list[Evidence]:
    """Every evidence span, each once, oldest report first."""
    evidence: list[Evidence] = []
    seen_ev = set()
    for m in members:
        for e in m.evidence:
            if (e.doc_id, e.start, e.end) not in seen_ev:
                seen_ev.add((e.doc_id, e.start, e.end))
                evidence.append(e)
    evidence.sort(key=lambda e: (e.published or dt.date.min, e.doc_id, e.start))
    return evidence


def reconcile(members: Sequence[Event], event_id: str) -> Event:
    """The one event told by ``members`` (mentions of one incident), under ``event_id``.

    Attributes are voted one vote per report; figures are reconciled by ACLED's
    rule (see the module's docstring); every figure and evidence span is kept.
    """
    members = sorted(members, key=lambda m: (_published(m), m.event_id))
    reports = _per_report(members)
    event_type, sub_event_type, plover = _typing(members, [ms[0] for ms in reports.values()])
    event_date, date_end, precision = _dating(members)
    actor1: Actor | None = _vote([(m.actor1, 1.0) for m in members if m.actor1])
    actor2: Actor | None = _vote([(m.actor2, 1.0) for m in members if m.actor2])
    values, disputed = _values(reports)
    confidence = min(1.0, max(m.confidence for m in members) + 0.05 * (len(reports) - 1))
    return Event(
        event_id=event_id,
        event_date=event_date,
        date_end=date_end,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover=plover,
        actor1=actor1,
        actor2=actor2,
        location=_location(members),
        fatalities=values["fatalities"],
        injuries=values["injuries"],
        arrests=values["arrests"],
        crowd_size=values["crowd_size"],
        figures=_all_figures(members),
        tags=sorted({t for m in members for t in m.tags}),
        background=members[0].background,
        confidence=round(confidence, 3),
        evidence=_all_evidence(members),
        disputed=disputed,
    )
