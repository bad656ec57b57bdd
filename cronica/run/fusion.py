"""Fusion against the store: read a block's mentions, fuse them, write the block's events.

Fusion is blocked by country (``cronica.fuse.block_of``: mentions of two
countries never join, and mentions with no country only join each other), so
re-fusing only the countries whose mentions changed gives exactly the events a
full re-fusion gives, at the cost of the blocks touched.

Which blocks those are is kept in the store, not in memory: every write of
mentions marks its countries in ``fusion_pending`` in the same transaction, and
each block's fused events are written in one transaction that also clears its
mark. A run killed at any moment leaves the marks of the blocks it did not
finish, and the next run's :func:`fuse_pending` finishes them.

Human review (:mod:`cronica.review`) is laid over the machine's clusters of
every block fused: reviewed events keep their members, ids and corrections, and
blocks that a reviewed event links (a merge across countries) are fused together.
"""

from __future__ import annotations

from collections.abc import Iterable

from cronica.fuse import fuse_mentions
from cronica.review.refuse import components, fuse_reviewed, linked_blocks, refuse_blocks
from cronica.review.state import ReviewState
from cronica.review.storage import load_state
from cronica.store.db import Store


def _review_state(store: Store) -> ReviewState:
    with store.begin() as conn:
        return load_state(conn)


def fuse_pending(store: Store) -> int:
    """Re-fuse every block marked as pending; returns the events written.

    Events of other blocks are left as they are; events left with no mention
    (their documents were processed again) are removed.
    """
    pending = store.fusion_pending()
    if not pending:
        return 0
    store.delete_orphan_events()
    state = _review_state(store)
    if state.groups:
        return _fuse_reviewed_blocks(store, pending, state)
    written = 0
    for country in sorted(pending, key=lambda c: c or ""):
        fused = fuse_mentions(store.country_mentions(country))
        store.replace_country_events(country, fused, mark=pending[country])
        written += len(fused)
    return written


def _fuse_reviewed_blocks(store: Store, pending: dict[str | None, str], state: ReviewState) -> int:
    """Re-fuse the pending blocks with the review state, blocks a reviewed event links together."""
    with store.begin() as conn:
        links = linked_blocks(conn, state)
    written = 0
    for comp in components(pending, links):
        with store.begin() as conn:
            written += len(refuse_blocks(store, conn, {b: pending.get(b) for b in comp}, state))
    return written


def fuse_blocks(store: Store, countries: Iterable[str | None]) -> int:
    """Re-fuse the mentions of ``countries`` (None: no country) and any block still pending.

    Returns the events written. The blocks are marked first, so a crash before
    their events are written leaves them to the next run.
    """
    blocks = set(countries)
    if blocks:
        with store.begin() as conn:
            store.mark_fusion_pending(blocks, conn)
    return fuse_pending(store)


def fuse_store(store: Store, countries: set[str | None] | None = None) -> int:
    """Re-fuse the events of ``countries`` (all of them when None); returns how many events there are."""
    if countries is None:
        store.replace_events(fuse_reviewed(store.mentions(), _review_state(store)))
    else:
        fuse_blocks(store, countries)
    return store.table_counts()["events"]
