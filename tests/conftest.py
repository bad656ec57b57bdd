"""Shared fixtures: a real PostgreSQL server for the store tests, started from the machine's packages."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pg_throwaway import pg_bin, throwaway_postgres

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throw-away PostgreSQL server on a free port; yields its base URL.

    In CI (CI=true) a missing PostgreSQL is a failure, never a silent skip:
    .ci/run installs it.
    """
    binaries = pg_bin()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (initdb not found); .ci/run should have installed it")
        pytest.skip("PostgreSQL is not installed")
    with throwaway_postgres(binaries) as url:
        yield url


def _create_pg_database(base: str) -> str:
    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(
        base.replace("postgresql://", "postgresql+psycopg://") + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    base = request.getfixturevalue("pg_server")
    return _create_pg_database(base)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def old_database(tmp_path: Path) -> Callable[[str, dict[str, Any]], str]:
    """A SQLite file as an older cronica left it: migrated up to ``revision`` only, holding one
    events row (``row``: column -> value, ``record`` as JSON). Returns its URL; opening it with
    ``open_store`` runs the later migrations."""

    def make(revision: str, row: dict[str, Any]) -> str:
        import sqlalchemy as sa
        from alembic import command
        from alembic.config import Config

        from cronica.store.db import MIGRATIONS

        url = f"sqlite:///{tmp_path / f'old-{revision}.db'}"
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        with engine.begin() as conn:
            cols = [sa.column(k, sa.JSON) if k == "record" else sa.column(k) for k in row]
            conn.execute(sa.table("events", *cols).insert().values(**row))
        engine.dispose()
        return url

    return make
