"""Fixtures of the review tests (the synthetic reports are in review_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from review_helpers import add_reports

from cronica.model import Event
from cronica.store import open_store
from cronica.store.db import Store


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[..., Store]:
    """A fresh SQLite store (or the database ``url``) holding ``reports``, fused."""

    def make(reports: Sequence[Event], url: str | None = None) -> Store:
        store = open_store(url or f"sqlite:///{tmp_path / 'review.db'}")
        add_reports(store, reports)
        return store

    return make
