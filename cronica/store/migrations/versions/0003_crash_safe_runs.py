"""Crash-safe runs: fusion blocks still to fuse are recorded, and runs record who runs them.

``fusion_pending`` holds the countries whose mentions changed after their events
were last written; ``runs`` gets ``pid``, ``host`` and ``heartbeat_at`` so that a
run whose process died can be told from one still going.

A database written before this migration by a run killed during fusion has
mentions that belong to no event (or events that keep no mention): their
countries are marked here, so the next ``cronica process`` brings those events
back.

Revision ID: 0003
Revises: 0002
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "fusion_pending",
        sa.Column("block", sa.String(8), primary_key=True),
        sa.Column("mark", sa.String(32), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("pid", sa.Integer))
        batch.add_column(sa.Column("host", sa.String(255)))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True)))
    _mark_unfused_blocks()


def _mark_unfused_blocks() -> None:
    """Mark the countries of mentions in no event and of events with no mention."""
    conn = op.get_bind()
    unlinked = conn.execute(
        sa.text(
            "SELECT DISTINCT country_code FROM mentions WHERE mention_id NOT IN "
            "(SELECT mention_id FROM event_mentions) "
            "UNION SELECT DISTINCT country_code FROM events WHERE event_id NOT IN "
            "(SELECT event_id FROM event_mentions)"
        )
    ).all()
    now = dt.datetime.now(dt.UTC)
    pending = sa.table("fusion_pending", sa.column("block"), sa.column("mark"), sa.column("marked_at"))
    blocks = {r[0] or "" for r in unlinked}
    rows = [{"block": b, "mark": uuid.uuid4().hex, "marked_at": now} for b in sorted(blocks)]
    if rows:
        conn.execute(pending.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("host")
        batch.drop_column("pid")
    op.drop_table("fusion_pending")
