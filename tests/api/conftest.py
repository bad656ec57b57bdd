"""Fixtures of the API tests: the synthetic database of ``api_sample``."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_sample import Sample, build_sample
from scale_sample import build_scale_sample

from cronica.model import Event


@pytest.fixture
def sample(sqlite_url: str) -> Sample:
    return build_sample(sqlite_url)


@pytest.fixture
def sample_any(db_url: str) -> Sample:
    """The sample on SQLite and on PostgreSQL."""
    return build_sample(db_url)


@pytest.fixture
def empty_web(tmp_path: Path) -> Path:
    """A folder without a built dashboard."""
    d = tmp_path / "no-dist"
    d.mkdir()
    return d


@pytest.fixture
def scale_any(db_url: str) -> tuple[str, list[Event]]:
    """Three hundred events with ties and empties (``scale_sample``), on SQLite and on PostgreSQL."""
    return db_url, build_scale_sample(db_url)
