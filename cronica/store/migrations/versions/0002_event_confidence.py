"""Events get a ``confidence`` column, so that ``--min-confidence`` filters in SQL.

Existing rows take the value from their stored record.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("confidence", sa.Float))
    events = sa.table(
        "events",
        sa.column("event_id", sa.String),
        sa.column("record", sa.JSON),
        sa.column("confidence", sa.Float),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(events.c.event_id, events.c.record)).all()
    for event_id, record in rows:
        value = (record or {}).get("confidence")
        conn.execute(events.update().where(events.c.event_id == event_id).values(confidence=value))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("confidence")
