"""Indexes for keyset pagination, the map grid and the admin-1 and actor-type aggregates.

Events get ``admin1_key`` (the region lower-cased, accents removed: what the
``admin1`` filter compares, now by equality on an index instead of a substring
of the search text) and ``actor1_type``/``actor2_type`` (the ACLED actor types,
so the actor-type aggregate reads no record). Country codes are upper-cased, so
the ``country`` filter compares the indexed column itself. Existing rows are
filled from their stored record.

Revision ID: 0006
Revises: 0005
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"

SUMS = ["event_type", "background", "confidence", "fatalities"]
COLUMNS = (("admin1_key", sa.Text), ("actor1_type", sa.String(32)), ("actor2_type", sa.String(32)))
INDEXES = {
    "ix_events_order_date": ["event_date", "event_id"],
    "ix_events_order_fatalities": ["fatalities", "event_id"],
    # after event_id: covering for the timeline of one country, region or event type
    "ix_events_country_date": ["country_code", "event_date", "event_id", *SUMS],
    "ix_events_admin1_date": ["admin1_key", "event_date", "event_id", *SUMS],
    "ix_events_type_date": ["event_type", "event_date", "event_id", "background", "confidence", "fatalities"],
    "ix_events_date_end": ["date_end", "event_date"],
    "ix_events_map": ["lon", "lat", "background", "confidence", "fatalities", "event_type", "event_id"],
    "ix_events_admin1_sums": ["country_code", "admin1", "background", "confidence", "fatalities"],
    "ix_events_actor_types": ["actor1_type", "actor2_type", "background", "confidence", "fatalities"],
}


def _key(text: str) -> str:
    """As ``cronica.store.db.normalise_search`` (a migration does not import the live code)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _fill_admin1_keys() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT event_id, admin1 FROM events WHERE admin1 IS NOT NULL")).all()
    update = sa.text("UPDATE events SET admin1_key = :key WHERE event_id = :event_id")
    for i in range(0, len(rows), 5000):
        bind.execute(update, [{"event_id": r[0], "key": _key(r[1])} for r in rows[i : i + 5000]])


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind))
    if op.get_bind().dialect.name == "postgresql":
        types = ", ".join(f"actor{n}_type = left(record -> 'actor{n}' ->> 'type', 32)" for n in (1, 2))
    else:
        types = ", ".join(
            f"actor{n}_type = substr(json_extract(record, '$.actor{n}.type'), 1, 32)" for n in (1, 2)
        )
    op.execute(f"UPDATE events SET {types}")
    op.execute(
        "UPDATE events SET country_code = upper(country_code) WHERE country_code <> upper(country_code)"
    )
    _fill_admin1_keys()
    for name, columns in INDEXES.items():
        op.create_index(name, "events", columns)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, "events")
    with op.batch_alter_table("events") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
