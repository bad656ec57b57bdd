"""Migration 0006 fills the new columns of events already stored, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.store import open_store


def _old_database(url: str) -> None:
    """A database at migration 0004 holding two events, written as that version wrote them."""
    from alembic import command
    from alembic.config import Config

    from cronica.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    common = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "event_date": "2023-01-09",
              "background": False, "disputed": False, "n_reports": 1, "search_text": "",
              "fatalities": 2}  # fmt: skip
    rows = [
        {**common, "event_id": "evt_a", "country_code": "pe", "admin1": "Apurímac",
         "record": {"actor1": {"name": "marchers", "type": "protesters"},
                    "actor2": {"name": "police", "type": "state_forces"}}},
        {**common, "event_id": "evt_b", "country_code": None, "admin1": None,
         "record": {"actor1": {"name": "a crowd", "type": "rioters"}, "actor2": None}},
    ]  # fmt: skip
    with engine.begin() as conn:
        for row in rows:
            cols = [sa.column(k, sa.JSON) if k == "record" else sa.column(k) for k in row]
            conn.execute(sa.table("events", *cols).insert().values(**row))
    engine.dispose()


def test_migration_fills_region_keys_actor_types_and_country_codes(db_url: str) -> None:
    _old_database(db_url)
    store = open_store(db_url)
    with store.begin() as conn:
        q = sa.text(
            "SELECT event_id, country_code, admin1_key, actor1_type, actor2_type "
            "FROM events ORDER BY event_id"
        )
        got = [tuple(r) for r in conn.execute(q)]
    assert got == [
        ("evt_a", "PE", "apurimac", "protesters", "state_forces"),
        ("evt_b", None, None, "rioters", None),
    ]
    client = TestClient(create_app(db_url))
    assert client.get("/api/aggregates/admin1?country=PE&admin1=APURIMAC").json()["rows"] == [
        {"country": "PE", "admin1": "Apurímac", "events": 1, "fatalities": 2}
    ]
    pairs = client.get("/api/aggregates/actor-type").json()["pairs"]
    assert {(r["actor1_type"], r["actor2_type"]) for r in pairs} == {
        ("protesters", "state_forces"),
        ("rioters", None),
    }
    inspector = sa.inspect(store.engine)
    names = {ix["name"] for ix in inspector.get_indexes("events")}
    assert {"ix_events_order_date", "ix_events_map", "ix_events_date_end", "ix_events_actor_types"} <= names


def test_migration_0006_goes_down_and_up_again(sqlite_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from cronica.store.db import MIGRATIONS

    open_store(sqlite_url).engine.dispose()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        assert "admin1_key" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
    engine.dispose()
    open_store(sqlite_url)  # and up again
