"""Persistence: SQLAlchemy Core tables, Alembic migrations, read and write functions."""

from cronica.store.db import Store, open_store

__all__ = ["Store", "open_store"]
