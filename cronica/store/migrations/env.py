"""Alembic environment: runs on the connection that cronica hands it."""

from __future__ import annotations

from alembic import context

from cronica.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - cronica always passes a connection
    raise RuntimeError("cronica migrations must be run through cronica.store.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
