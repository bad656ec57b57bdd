"""Events get ``injuries``, ``arrests`` and ``crowd_size`` columns and covering indexes for the API.

The casualty ledger, the timeline and the facets are then answered by SQL
aggregates over an index instead of reading every event record. Existing rows
take the figures from their stored record, in one statement.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

FIGURES = ("injuries", "arrests", "crowd_size")
DAY_TYPE = ["event_date", "event_type", "background", "confidence", "country_code", "fatalities"]
DAY_PLACE = ["event_date", "country_code", "background", "fatalities", "injuries", "arrests", "crowd_size"]
FACETS = ["country_code", "admin1", "event_type", "sub_event_type", "background"]


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in FIGURES:
            batch.add_column(sa.Column(name, sa.Integer))
    if op.get_bind().dialect.name == "postgresql":
        # a figure that is not a small whole number (it would overflow the column) is left NULL
        values = ", ".join(
            f"{n} = CASE WHEN (record ->> '{n}') ~ '^-?[0-9]{{1,9}}$' THEN (record ->> '{n}')::integer END"
            for n in FIGURES
        )
    else:
        values = ", ".join(f"{n} = json_extract(record, '$.{n}')" for n in FIGURES)
    op.execute(f"UPDATE events SET {values}")
    op.create_index("ix_events_day_type", "events", DAY_TYPE)
    op.create_index("ix_events_day_place", "events", DAY_PLACE)
    op.create_index("ix_events_facets", "events", FACETS)


def downgrade() -> None:
    op.drop_index("ix_events_facets", "events")
    op.drop_index("ix_events_day_place", "events")
    op.drop_index("ix_events_day_type", "events")
    with op.batch_alter_table("events") as batch:
        for name in FIGURES:
            batch.drop_column(name)
