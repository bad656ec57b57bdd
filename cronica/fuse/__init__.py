"""Fusion: event mentions from many reports become one event per incident.

Two mentions tell the same incident when their kinds can tell one incident
(:func:`cronica.taxonomy.kinds_agree`: the same family, a crackdown and its
demonstration, arrests or destruction at a demonstration), their dates agree within
their precision (a curfew or a deployment, a state that lasts, may be told by the day
it was decreed and by the day after), and their places are the same or one lies inside
the other.
Clustering is blocked by country and kind and
sorted by date, so it stays near-linear; it is order-independent (the same
mentions in any order give the same events) because it is a deterministic
two-pass union over sorted input:

1. mentions placed at town level or finer (geo_precision 1) and dated to the
   day are joined when compatible (connected components);
2. every vaguer mention (a province, a road or a region, or dated only by its report's week)
   joins the one cluster it is compatible with, and stays its own event when it
   fits none or several (an ambiguous report is not allowed to chain two
   incidents together).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence

from cronica.fuse.reconcile import reconcile
from cronica.geo.relate import same_scene
from cronica.model import EVENT_FAMILY, Event
from cronica.taxonomy import kinds_agree, sub_event

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)


def shift(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, held at the calendar's ends: a report dated 1 January of year 1 (bad
    metadata that the sources let through as a date) must not crash the fusion of a country."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min
LASTING_SUB_TYPES = frozenset({"Change to group/activity"})


def _family(m: Event) -> str:
    """The fusion block's kind: mentions of two kinds that can never tell one incident
    (:func:`cronica.taxonomy.kinds_agree`) are never compared."""
    fam = EVENT_FAMILY.get(m.event_type, m.event_type)
    if fam in ("demonstration", "violence") or (
        fam == "strategic" and sub_event(m.sub_event_type).part_of_demonstration
    ):
        return "scene"
    # other strategic developments only merge with the same sub-type (an agreement is not a curfew)
    return f"{fam}:{m.sub_event_type}" if fam == "strategic" else fam


def _kind(m: Event) -> tuple[str, str, str | None]:
    return m.event_type, m.sub_event_type, m.actor1.type if m.actor1 else None


def _published(m: Event) -> dt.date | None:
    dates = [e.published for e in m.evidence if e.published]
    return min(dates) if dates else None


def _date_window(m: Event) -> tuple[dt.date, dt.date] | None:
    """The days the mention's date allows."""
    if m.event_date is None:
        return None
    if m.date_precision == "day":
        return m.event_date, m.date_end or m.event_date
    if m.date_precision == "week":
        return shift(m.event_date, -WEEK), (m.date_end or m.event_date)
    if m.date_precision == "month":
        first = m.event_date.replace(day=1)
        if first.year == dt.MAXYEAR and first.month == 12:
            return first, dt.date.max
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return m.event_date.replace(month=1, day=1), m.event_date.replace(month=12, day=31)


def _lasting(m: Event) -> bool:
    """A strategic development that is a state rather than a happening (a curfew, a deployment of
    troops, a state of emergency): reports of the day it is decreed and of the day after tell one."""
    return EVENT_FAMILY.get(m.event_type) == "strategic" and m.sub_event_type in LASTING_SUB_TYPES


def _slack(a: Event, b: Event) -> dt.timedelta:
    """Days two mentions' dates may lie apart and still tell one incident."""
    return DAY if _lasting(a) and _lasting(b) else dt.timedelta(0)


def _dates_agree(a: Event, b: Event) -> bool:
    wa, wb = _date_window(a), _date_window(b)
    if wa is None or wb is None:
        return True
    slack = _slack(a, b)
    return wa[0] <= wb[1] + slack and wb[0] <= wa[1] + slack


def _places_agree(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    return la is None or lb is None or same_scene(la, lb)


def _actors_agree(a: Event, b: Event) -> bool:
    """Different named perpetrators of violence mean different incidents."""
    if EVENT_FAMILY.get(a.event_type) != "violence":
        return True
    ta = a.actor1.type if a.actor1 else None
    tb = b.actor1.type if b.actor1 else None
    return ta is None or tb is None or ta == tb


def compatible(a: Event, b: Event) -> bool:
    """Whether two mentions may tell the same incident (kind, dates, places and perpetrators agree)."""
    return (
        a.background == b.background
        and kinds_agree(_kind(a), _kind(b))
        and _dates_agree(a, b)
        and _places_agree(a, b)
        and _actors_agree(a, b)
    )


def block_of(m: Event) -> str | None:
    """The fusion block of a mention: its country code (None when it has no place).

    Mentions of two blocks are never fused together, so one block can be
    re-fused alone and give the events that fusing everything gives.
    """
    return m.location.country_code if m.location else None


def _precise(m: Event) -> bool:
    """Placed at a town or finer and dated to the day (a province or a road is not precise)."""
    return (
        m.location is not None
        and m.location.geo_precision == 1
        and m.date_precision == "day"
        and m.event_date is not None
    )


def _mention_doc(m: Event) -> str:
    return m.evidence[0].doc_id if m.evidence else ""


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _place_key(m: Event) -> object:
    """Precise mentions are compared only within their first-level region."""
    loc = m.location
    assert loc is not None
    return (loc.country_code, loc.admin1) if loc.admin1 else (loc.country_code, loc.name)


def _scene_keys(m: Event) -> tuple[object, ...]:
    """Buckets a precise mention is swept in. Two town-level places are one scene only when they
    share a GeoNames id, or a name within their region, or (a facility and its town) a province
    (:func:`cronica.geo.same_scene`), so every pair that may fuse shares one of these buckets."""
    loc = m.location
    assert loc is not None
    region = _place_key(m)
    keys: list[object] = [(region, "name", loc.name)]
    if loc.geonames_id is not None:
        keys.append((region, "geonames", loc.geonames_id))
    if loc.admin2 is not None:
        keys.append((region, "admin2", loc.admin2))
    return tuple(keys)


def _join_precise(ordered: Sequence[Event], precise: Sequence[int], uf: _UnionFind) -> None:
    """Pass 1: join compatible precise mentions.

    Precise mentions can only agree on places of one scene (:func:`_scene_keys`); within it, a
    sweep by date compares only mentions whose dates overlap, and lasting developments (a curfew
    told on the day it is decreed and the day after) once more with a day's slack.
    """
    by_place: dict[object, list[int]] = defaultdict(list)
    for i in precise:
        for key in _scene_keys(ordered[i]):
            by_place[key].append(i)
    for members_at in by_place.values():
        members_at.sort(key=lambda i: (ordered[i].event_date, ordered[i].event_id))
        _sweep(ordered, members_at, uf, dt.timedelta(0))
        _sweep(ordered, [i for i in members_at if _lasting(ordered[i])], uf, DAY)


def _sweep(ordered: Sequence[Event], members: Sequence[int], uf: _UnionFind, slack: dt.timedelta) -> None:
    """Join compatible mentions of ``members`` (sorted by date) that lie within ``slack`` of each other."""
    for pos, i in enumerate(members):
        a = ordered[i]
        end_a = a.date_end or a.event_date
        assert end_a is not None
        for j in members[pos + 1 :]:
            b = ordered[j]
            assert b.event_date is not None
            if b.event_date > shift(end_a, slack):
                break
            # already one incident through others: joining again changes nothing, so the
            # (costly) comparison is skipped; a sweep over n reports of one incident stays near n
            if uf.find(i) != uf.find(j) and compatible(a, b):
                uf.union(i, j)


def _join_vague(
    ordered: Sequence[Event], precise: list[int], vague: Sequence[int], uf: _UnionFind
) -> list[int]:
    """Pass 2: a vague mention joins the single cluster it fits; returns those that fit none or several.

    Only precise mentions inside the vague one's date window are looked at.
    """
    precise.sort(key=lambda i: (ordered[i].event_date, ordered[i].event_id))
    starts = [ordered[i].event_date or dt.date.min for i in precise]
    pending = []
    for i in vague:
        window = _date_window(ordered[i])
        lo, hi = (
            (0, len(precise))
            if window is None
            else (
                bisect.bisect_left(starts, shift(window[0], -DAY)),
                bisect.bisect_right(starts, shift(window[1], DAY)),
            )
        )
        fits = sorted(_fitting_roots(ordered, i, precise[lo:hi], uf))
        if len(fits) == 1:
            uf.union(fits[0], i)
        else:
            pending.append(i)
    return pending


def _fitting_roots(ordered: Sequence[Event], i: int, candidates: Sequence[int], uf: _UnionFind) -> set[int]:
    """The clusters (roots) among ``candidates`` that mention ``i`` is compatible with; a cluster
    already found is not compared again."""
    roots: set[int] = set()
    for j in candidates:
        root = uf.find(j)
        if root not in roots and compatible(ordered[i], ordered[j]):
            roots.add(root)
    return roots


def _join_pending(ordered: Sequence[Event], pending: list[int], uf: _UnionFind) -> None:
    """Vague mentions that fit no precise cluster may still tell the same incident as each other.

    (Two region-level reports of one strike.) Two mentions of one report are not joined here.
    """
    pending.sort(key=lambda i: (_date_window(ordered[i]) or (dt.date.min, dt.date.min), ordered[i].event_id))
    for pos, i in enumerate(pending):
        wi = _date_window(ordered[i])
        for j in pending[pos + 1 :]:
            wj = _date_window(ordered[j])
            if wi is not None and wj is not None and wj[0] > shift(wi[1], DAY):
                break
            if (
                uf.find(i) != uf.find(j)
                and compatible(ordered[i], ordered[j])
                and _mention_doc(ordered[i]) != _mention_doc(ordered[j])
            ):
                uf.union(i, j)


def cluster(mentions: Sequence[Event]) -> list[list[Event]]:
    """Group mentions into incidents; deterministic and independent of input order."""
    ordered = sorted(mentions, key=lambda m: m.event_id)
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(ordered):
        blocks[(block_of(m) or "?", _family(m))].append(i)
    uf = _UnionFind(len(ordered))
    for idx in blocks.values():
        precise = [i for i in idx if _precise(ordered[i])]
        vague = [i for i in idx if not _precise(ordered[i])]
        _join_precise(ordered, precise, uf)
        pending = _join_vague(ordered, precise, vague, uf)
        _join_pending(ordered, pending, uf)
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, m in enumerate(ordered):
        groups[uf.find(i)].append(m)
    return [groups[r] for r in sorted(groups)]


def event_id_for(members: Sequence[Event]) -> str:
    """A fused event's id: stable as long as its earliest member mention (by id) stays."""
    key = min(m.event_id for m in members)
    return "evt_" + hashlib.sha1(key.encode()).hexdigest()[:20]


def fuse_mentions(mentions: Sequence[Event]) -> list[tuple[Event, list[str]]]:
    """Fused events, each with the ids of the mentions it was made from."""
    out = []
    for members in cluster(mentions):
        event = reconcile(members, event_id_for(members))
        out.append((event, sorted(m.event_id for m in members)))
    out.sort(key=lambda pair: (pair[0].event_date or dt.date.min, pair[0].event_id))
    return out
