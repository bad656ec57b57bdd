"""The final events: the machine's clusters with every human decision laid over them (pure).

:func:`apply_review` is the one place where review meets fusion; re-fusion of a
block and every review action both call it, so an action's immediate result is
the result a full re-fusion gives. Its rules (docs/review.md):

- the mentions of a review group always form that group's event, with its
  stable id (merges stay merged, splits stay split);
- a machine cluster holding mentions of reviewed groups and mentions of no
  group gives those to the group of smallest id, as evidence new since review;
- corrected fields win over the reconciled values (which are kept);
- a rejected group keeps its mentions (and gains new ones), so it never comes
  back as a machine event;
- a reviewed mention id that is gone (its report processed again) is
  re-anchored to the unowned mention of the same report whose evidence
  overlaps its old span most.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from cronica.fuse import event_id_for
from cronica.fuse.reconcile import reconcile
from cronica.model import Event, Review
from cronica.review.fields import apply_overrides
from cronica.review.state import Anchor, Group, ReviewState

Fused = tuple[Event, list[str]]


def _overlap(m: Event, anchor: Anchor) -> int:
    doc, start, end = anchor
    return max((min(end, e.end) - max(start, e.start) for e in m.evidence if e.doc_id == doc), default=0)


def owners(state: ReviewState, by_id: dict[str, Event]) -> dict[str, str]:
    """Mention id -> group id for the mentions present, re-anchoring those that are gone."""
    out = {mid: gid for mid, gid in state.owner.items() if mid in by_id and gid in state.groups}
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for m in by_id.values():
        if m.evidence:
            by_doc[m.evidence[0].doc_id].append(m)
    for gid in sorted(state.groups):
        for mid in sorted(state.groups[gid].mentions):
            anchor = state.anchors.get(mid)
            if mid in by_id or anchor is None:
                continue
            free = [m for m in by_doc.get(anchor[0], []) if m.event_id not in out]
            best = max(free, key=lambda m: (_overlap(m, anchor), m.event_id), default=None)
            if best is not None and _overlap(best, anchor) > 0:
                out[best.event_id] = gid
    return out


def group_event(group: Group, members: Sequence[Event], new: Sequence[str]) -> Event:
    """The event of one review group from its member mentions (those in ``new`` joined since)."""
    ordered = sorted(members, key=lambda m: m.event_id)
    event, shown = apply_overrides(reconcile(ordered, group.event_id), group.overrides)
    event.review = Review(group.status, group.by, group.at, shown, sorted(new))
    return event


def apply_review(clusters: Sequence[Fused], mentions: Sequence[Event], state: ReviewState) -> list[Fused]:
    """The events of ``mentions`` given the machine's ``clusters`` of them and the review state.

    Groups with no mention among ``mentions`` are left out (they belong to other blocks).
    """
    by_id = {m.event_id: m for m in mentions}
    return events_of(clusters, by_id, owners(state, by_id), state)


def events_of(
    clusters: Sequence[tuple[Event | None, Sequence[str]]],
    by_id: dict[str, Event],
    owner: dict[str, str],
    state: ReviewState,
) -> list[Fused]:
    """The events of ``clusters`` and of the groups owning their mentions (``owner``).

    A cluster given without its machine event (None) is reconciled here when no group touches it.
    """
    out: list[Fused] = []
    new: dict[str, list[str]] = defaultdict(list)
    owned: dict[str, set[str]] = defaultdict(set)
    for mid, gid in owner.items():
        owned[gid].add(mid)
    members: dict[str, set[str]] = {}
    for event, ids in clusters:
        touched = sorted({owner[i] for i in ids if i in owner})
        if not touched:
            out.append((event or machine_event([by_id[i] for i in ids]), sorted(ids)))
            continue
        new[touched[0]].extend(i for i in ids if i not in owner)
        members.update((gid, owned[gid]) for gid in touched)
    for gid in sorted(members):
        ids = sorted(members[gid] | set(new[gid]))
        event = group_event(state.groups[gid], [by_id[i] for i in ids], new[gid])
        out.append((event, ids))
    out.sort(key=lambda pair: (pair[0].event_date or dt.date.min, pair[0].event_id))
    return out


def machine_event(members: Sequence[Event]) -> Event:
    """The machine's event of one cluster, as :func:`cronica.fuse.fuse_mentions` makes it."""
    ordered = sorted(members, key=lambda m: m.event_id)
    return reconcile(ordered, event_id_for(ordered))
