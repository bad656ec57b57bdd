"""Re-fusion of blocks with the review state laid over the machine's clusters.

Fusion is blocked by country; a review group whose mentions lie in several
countries (a merge across a border, or a report re-processed into another
country) links their blocks, which are then fused and written together.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.fuse import fuse_mentions
from cronica.model import Event
from cronica.review.apply import Fused, apply_review
from cronica.review.state import ReviewState
from cronica.review.storage import mention_blocks
from cronica.store import schema as t
from cronica.store.db import Store


def linked_blocks(conn: Connection, state: ReviewState) -> list[set[str | None]]:
    """The sets of blocks that review groups link (only sets of two or more blocks)."""
    links: list[set[str | None]] = []
    for g in state.groups.values():
        docs = [state.anchors[m][0] for m in g.mentions if m in state.anchors]
        blocks = mention_blocks(conn, sorted(g.mentions), docs)
        if len(blocks) > 1:
            links.append(blocks)
    return links


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
