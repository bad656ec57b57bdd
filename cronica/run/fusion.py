"""Fusion against the store: read a block's mentions, fuse them, write the block's events.

Fusion is blocked by country (``cronica.fuse.block_of``: mentions of two
countries never join, and mentions with no country only join each other), so
re-fusing only the countries whose mentions changed gives exactly the events a
full re-fusion gives, at the cost of the blocks touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from cronica.fuse import fuse_mentions
from cronica.store.db import Store


def fuse_blocks(store: Store, countries: Iterable[str | None]) -> int:
    """Re-fuse the mentions of ``countries`` (None: mentions with no country); returns events written.

    Events of other countries are left as they are; events left with no
    mention (their documents were processed again) are removed.
    """
    store.delete_orphan_events()
    written = 0
    for country in sorted(countries, key=lambda c: c or ""):
        fused = fuse_mentions(store.country_mentions(country))
        store.replace_country_events(country, fused)
        written += len(fused)
    return written


def fuse_store(store: Store, countries: set[str | None] | None = None) -> int:
    """Re-fuse the events of ``countries`` (all of them when None); returns how many events there are."""
    if countries is None:
        store.replace_events(fuse_mentions(store.mentions()))
    elif countries:
        fuse_blocks(store, countries)
    return store.table_counts()["events"]
