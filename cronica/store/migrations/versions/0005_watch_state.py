"""``cronica watch`` keeps its state in the database: each source's validators, cursor and back-off
(``watch_sources``), and every item already taken (``watch_seen``).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("source_id", sa.String(40), primary_key=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("cursor", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("next_poll_at", sa.DateTime(timezone=True)),
        sa.Column("last_polled_at", sa.DateTime(timezone=True)),
        sa.Column("last_new_at", sa.DateTime(timezone=True)),
        sa.Column("items", sa.Integer, nullable=False),
    )
    op.create_table(
        "watch_seen",
        sa.Column("key_hash", sa.String(40), primary_key=True),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_watch_seen_source", "watch_seen", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_watch_seen_source", "watch_seen")
    op.drop_table("watch_seen")
    op.drop_table("watch_sources")
