"""Fixtures of the fuzz tests: the API's synthetic database (tests/api/api_sample.py), built once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from api_sample import build_sample

from cronica.api import create_app


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite database holding the API sample (six reports, XSS attempts among them)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz-api') / 'api.db'}"
    build_sample(url)
    return url


@pytest.fixture(scope="module")
def api(api_db: str) -> TestClient:
    """A client that returns server errors as responses (status 500) instead of raising them."""
    return TestClient(create_app(api_db), raise_server_exceptions=False)
