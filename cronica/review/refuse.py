"""Re-fusion of blocks with the review state laid over the machine's clusters.

Fusion is blocked by country; a review group whose mentions lie in several
countries (a merge across a border, or a report re-processed into another
country) links their blocks, which are then fused and written together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.fuse import cluster, fuse_mentions
from cronica.model import Event
from cronica.review.apply import Fused, apply_review, events_of, owners
from cronica.review.state import Group, ReviewState
from cronica.store import schema as t
from cronica.store.db import Store


def linked_blocks(conn: Connection, state: ReviewState) -> list[set[str | None]]:
    """The sets of blocks that review groups link (only sets of two or more blocks).

    A group's blocks are those of its mentions, and for a mention that is gone, those of every
    mention of its report (where it may be re-anchored). Two queries in all, whatever the groups.
    """
    country = column_of(conn, t.mentions.c.mention_id, sorted(state.owner))
    gone_docs = sorted({state.anchors[m][0] for m in state.owner if m not in country and m in state.anchors})
    doc_countries: dict[str, set[str | None]] = defaultdict(set)
    for doc, cc in pairs_of(conn, t.mentions.c.doc_id, gone_docs):
        doc_countries[doc].add(cc)
    links: list[set[str | None]] = []
    for g in state.groups.values():
        blocks = {country[m] for m in g.mentions if m in country}
        for m in g.mentions:
            if m not in country and m in state.anchors:
                blocks |= doc_countries.get(state.anchors[m][0], set())
        if len(blocks) > 1:
            links.append(blocks)
    return links


def pairs_of(conn: Connection, key: Any, values: Sequence[str]) -> list[tuple[str, str | None]]:
    """``(key, country_code)`` of the mentions whose ``key`` column is one of ``values``."""
    out: list[tuple[str, str | None]] = []
    for i in range(0, len(values), 500):
        q = sa.select(key, t.mentions.c.country_code).where(key.in_(values[i : i + 500]))
        out.extend((r[0], r[1]) for r in conn.execute(q))
    return out


def column_of(conn: Connection, key: Any, values: Sequence[str]) -> dict[str, str | None]:
    """Mention key -> country code, for the mentions whose ``key`` is one of ``values``."""
    return dict(pairs_of(conn, key, values))


def components(blocks: Iterable[str | None], links: list[set[str | None]]) -> list[set[str | None]]:
    """``blocks`` grouped with every block a link joins them to (transitively), each set once."""
    out: list[set[str | None]] = []
    for block in sorted(set(blocks), key=lambda b: b or ""):
        if any(block in c for c in out):
            continue
        comp = {block}
        grown = True
        while grown:
            grown = False
            for link in links:
                if link & comp and not link <= comp:
                    comp |= link
                    grown = True
        out.append(comp)
    return out


def block_mentions(conn: Connection, blocks: set[str | None]) -> list[Event]:
    """The mentions of ``blocks`` (None: no country), by mention id."""
    m = t.mentions.c
    conds = [m.country_code.is_(None) if b is None else m.country_code == b for b in blocks]
    q = sa.select(m.record).where(sa.or_(*conds)).order_by(m.mention_id)
    return [Event.from_dict(r[0]) for r in conn.execute(q)]


def fuse_reviewed(mentions: list[Event], state: ReviewState) -> list[Fused]:
    """The events of ``mentions``: the machine's clusters with the review state applied."""
    return apply_review(fuse_mentions(mentions), mentions, state)


def refuse_blocks(
    store: Store, conn: Connection, marks: dict[str | None, str | None], state: ReviewState
) -> list[Fused]:
    """Re-fuse the blocks of ``marks`` together, in the caller's transaction; returns the events written."""
    events = fuse_reviewed(block_mentions(conn, set(marks)), state)
    store.replace_blocks_in(conn, marks, events)
    return events


def _signature(g: Group | None) -> object:
    if g is None:
        return None
    return (
        frozenset(g.mentions),
        json.dumps(g.overrides, sort_keys=True, default=str),
        g.rejected,
        g.by,
        g.at,
    )


def _inverse(owner: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for mid, gid in owner.items():
        out[gid].add(mid)
    return out


def _affected_clusters(
    clusters: list[list[str]], seeds: set[str], owners_before: dict[str, str], owners_after: dict[str, str]
) -> list[int]:
    """The clusters holding a seed mention, and every cluster a group of theirs (before or after) reaches."""
    cluster_of = {m: i for i, c in enumerate(clusters) for m in c}
    owned = [_inverse(owners_before), _inverse(owners_after)]
    picked: set[int] = set()
    frontier = {cluster_of[m] for m in seeds if m in cluster_of}
    while frontier:
        i = frontier.pop()
        picked.add(i)
        groups = {o[m] for o in (owners_before, owners_after) for m in clusters[i] if m in o}
        for gid in groups:
            for inv in owned:
                frontier |= {cluster_of[m] for m in inv.get(gid, ()) if m in cluster_of} - picked
    return sorted(picked)


def refuse_changed(
    store: Store, conn: Connection, blocks: set[str | None], before: ReviewState, after: ReviewState
) -> list[Fused]:
    """Re-make, in the caller's transaction, only the events that going from ``before`` to ``after``
    changes in ``blocks``; returns them. The same events a re-fusion of the blocks gives (tested),
    without reconciling and writing the events nothing changed (an undo re-clusters the blocks only).
    """
    mentions = block_mentions(conn, blocks)
    by_id = {m.event_id: m for m in mentions}
    owners_before, owners_after = owners(before, by_id), owners(after, by_id)
    changed = {g for g in set(before.groups) | set(after.groups)
               if _signature(before.groups.get(g)) != _signature(after.groups.get(g))}  # fmt: skip
    seeds = {m for m in by_id if owners_before.get(m) != owners_after.get(m)}
    seeds |= {m for o in (owners_before, owners_after) for m, g in o.items() if g in changed}
    clusters = [sorted(m.event_id for m in c) for c in cluster(mentions)]
    picked = [clusters[i] for i in _affected_clusters(clusters, seeds, owners_before, owners_after)]
    made = events_of([(None, c) for c in picked], by_id, owners_after, after)
    em = t.event_mentions.c
    stale: set[str] = set(changed)
    flat = [m for c in picked for m in c]
    for i in range(0, len(flat), 500):
        q = sa.select(em.event_id).where(em.mention_id.in_(flat[i : i + 500])).distinct()
        stale.update(r[0] for r in conn.execute(q))
    store.replace_event_ids(conn, sorted(stale), made)
    return made
