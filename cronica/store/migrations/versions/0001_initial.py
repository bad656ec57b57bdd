"""Initial tables: documents, mentions, figures, events, event_mentions, tallies, runs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(80), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("lang", sa.String(8)),
        sa.Column("origin", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True)),
        sa.Column("run_id", sa.String(40)),
    )
    op.create_index("ix_documents_status", "documents", ["status"])
    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(64), primary_key=True),
        sa.Column(
            "doc_id", sa.String(200), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("event_date", sa.Date),
        sa.Column("sub_event_type", sa.String(80), nullable=False),
        sa.Column("country_code", sa.String(2)),
        sa.Column("admin1", sa.Text),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_mentions_doc", "mentions", ["doc_id"])
    op.create_index("ix_mentions_block", "mentions", ["event_date", "country_code"])
    op.create_table(
        "figures",
        sa.Column(
            "mention_id",
            sa.String(64),
            sa.ForeignKey("mentions.mention_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Integer),
        sa.Column("low", sa.Integer),
        sa.Column("high", sa.Integer),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("event_date", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(80), nullable=False),
        sa.Column("country_code", sa.String(2)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("location_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("fatalities", sa.Integer),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("disputed", sa.Boolean, nullable=False),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_date", "events", ["event_date"])
    op.create_index("ix_events_place", "events", ["country_code", "admin1"])
    op.create_table(
        "event_mentions",
        sa.Column(
            "event_id", sa.String(64), sa.ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "mention_id",
            sa.String(64),
            sa.ForeignKey("mentions.mention_id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_event_mentions_mention", "event_mentions", ["mention_id"])
    op.create_table(
        "tallies",
        sa.Column("tally_id", sa.String(64), primary_key=True),
        sa.Column(
            "doc_id", sa.String(200), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Integer),
        sa.Column("as_of", sa.Date),
        sa.Column("country_code", sa.String(2)),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_tallies_doc", "tallies", ["doc_id"])
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(40), primary_key=True),
        sa.Column("command", sa.String(32), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("config_hash", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("failures", sa.JSON, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Full-text search over events; remove_diacritics 2 makes "policia" find "policía".
        op.execute(
            "CREATE VIRTUAL TABLE events_fts USING fts5("
            "event_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS events_fts")
    for table in ("runs", "tallies", "event_mentions", "events", "figures", "mentions", "documents"):
        op.drop_table(table)
