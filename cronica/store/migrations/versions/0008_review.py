"""Human review (issue 15): the append-only ``review_log`` and the review state of events.

``review_log`` keeps every review action; triggers make an UPDATE or a DELETE of
it fail on SQLite and PostgreSQL alike, so no user of the database (reviewer or
admin) can rewrite or erase a decision. Events gain ``review_status`` (machine,
confirmed, corrected, rejected), ``reviewed_by``, ``reviewed_at`` and
``new_since_review``; existing events are machine events.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def _columns() -> list[sa.Column]:
    return [
        sa.Column("review_status", sa.String(16), nullable=False, server_default="machine"),
        sa.Column("reviewed_by", sa.String(80)),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("new_since_review", sa.Boolean, nullable=False, server_default=sa.false()),
    ]


MESSAGE = "review_log is append-only"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER review_log_no_{verb.lower()} BEFORE {verb} ON review_log "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
]
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION review_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGERS = [
    f"CREATE TRIGGER review_log_no_{verb.lower()} BEFORE {verb} ON review_log "
    "FOR EACH ROW EXECUTE FUNCTION review_log_append_only()"
    for verb in ("UPDATE", "DELETE")
] + [
    # TRUNCATE skips row triggers: a statement trigger refuses it too
    "CREATE TRIGGER review_log_no_truncate BEFORE TRUNCATE ON review_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION review_log_append_only()"
]


def upgrade() -> None:
    op.create_table(
        "review_log",
        sa.Column("action_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_review_log_event", "review_log", ["event_id"])
    op.create_index("ix_review_log_user", "review_log", ["user_name", "action_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for ddl in PG_TRIGGERS:
            op.execute(ddl)
    else:
        for ddl in SQLITE_TRIGGERS:
            op.execute(ddl)
    with op.batch_alter_table("events") as batch:
        for column in _columns():
            batch.add_column(column)
    op.create_index("ix_events_review", "events", ["review_status", "reviewed_at"])


def downgrade() -> None:
    op.drop_index("ix_events_review", "events")
    with op.batch_alter_table("events") as batch:
        for column in reversed(_columns()):
            batch.drop_column(column.name)
    op.drop_table("review_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS review_log_append_only()")
