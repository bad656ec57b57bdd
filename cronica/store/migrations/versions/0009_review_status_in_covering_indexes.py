"""The review status in every covering index of the API's aggregates.

Lists, counts and aggregates leave rejected events out (``review_status <>
'rejected'``). A condition on a column outside an index makes SQLite and
PostgreSQL read the table row of every event the index finds, which over a
million events turns a 100 ms aggregate into seconds. With the status as the
last column of each covering index, the condition is read from the index.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"

# each covering index as migrations 0001..0006 made it; the upgrade appends review_status
INDEXES = {
    "ix_events_day_type": [
        "event_date",
        "event_type",
        "background",
        "confidence",
        "country_code",
        "fatalities",
    ],
    "ix_events_day_place": [
        "event_date",
        "country_code",
        "background",
        "fatalities",
        "injuries",
        "arrests",
        "crowd_size",
    ],
    "ix_events_facets": ["country_code", "admin1", "event_type", "sub_event_type", "background"],
    "ix_events_country_date": [
        "country_code",
        "event_date",
        "event_id",
        "event_type",
        "background",
        "confidence",
        "fatalities",
    ],
    "ix_events_admin1_date": [
        "admin1_key",
        "event_date",
        "event_id",
        "event_type",
        "background",
        "confidence",
        "fatalities",
    ],
    "ix_events_type_date": ["event_type", "event_date", "event_id", "background", "confidence", "fatalities"],
    "ix_events_map": ["lon", "lat", "background", "confidence", "fatalities", "event_type", "event_id"],
    "ix_events_admin1_sums": ["country_code", "admin1", "background", "confidence", "fatalities"],
    "ix_events_actor_types": ["actor1_type", "actor2_type", "background", "confidence", "fatalities"],
}


def _rebuild(with_status: bool) -> None:
    for name, columns in INDEXES.items():
        op.drop_index(name, "events")
        op.create_index(name, "events", [*columns, "review_status"] if with_status else columns)


def upgrade() -> None:
    _rebuild(with_status=True)


def downgrade() -> None:
    _rebuild(with_status=False)
