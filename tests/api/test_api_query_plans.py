"""The statements the API sends use indexes: ``EXPLAIN`` on SQLite and PostgreSQL, no full scan of events.

Each case calls an endpoint, records the SQL it sends (a SQLAlchemy event
hook), then asks the database for the plan of each statement with the same
parameters. A plain ``SCAN events`` (SQLite) or ``Seq Scan on events``
(PostgreSQL, asked with ``enable_seqscan`` off, so that any usable index is
preferred on a small table) fails the test; on SQLite the list queries must also
use the index made for them. Full-text search on PostgreSQL is a substring match, left
out there (docs/api-at-scale.md).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.model import Event

# (name, path, index the event-page query must use, or None for aggregates)
CASES = [
    ("first page", "/api/events?limit=10&count=false", "ix_events_order_date"),
    ("deep keyset page", "DEEP", "ix_events_order_date"),
    ("newest first", "/api/events?limit=10&sort=-date&count=false", "ix_events_order_date"),
    ("deadliest first", "/api/events?limit=10&sort=fatalities&count=false", "ix_events_order_fatalities"),
    ("one country", "/api/events?limit=10&country=PE&count=false", "ix_events_country_date"),
    ("one region", "/api/events?limit=10&admin1=Puno&count=false", "ix_events_admin1_date"),
    (
        "date range",
        "/api/events?limit=10&since=2023-01-20&until=2023-01-30&count=false",
        "ix_events_order_date",
    ),
    ("event type", "/api/events?limit=10&type=Riots&count=false", "ix_events_type_date"),
    ("count", "/api/events?limit=1&country=PE", None),
    ("search", "/api/events?limit=10&q=juliaca", None),
    ("timeline", "/api/timeline", None),
    ("timeline by week", "/api/timeline?bucket=week&country=PE", None),
    ("admin1", "/api/aggregates/admin1", None),
    ("actor types", "/api/aggregates/actor-type", None),
    ("facets", "/api/facets", None),
    ("map", "/api/map?zoom=6&bbox=-80,-20,-60,0", None),
    ("map, filtered", "/api/map?zoom=10&bbox=-71,-17,-69,-15&type=Protests", None),
]
BARE_SCAN = re.compile(r"\bSCAN (events|spanning)\b(?! USING)")


def _statements(app: Any, client: TestClient, path: str) -> list[tuple[str, Any]]:
    """The SELECT statements (with their parameters) that answering ``path`` sends."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = app.state.store.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        r = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert r.status_code == 200, r.text
    return seen


def _plan(engine: sa.Engine, statement: str, parameters: Any) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            return "\n".join(str(r[0]) for r in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(str(r[-1]) for r in rows)


def _full_scans(dialect: str, plan: str) -> list[str]:
    if dialect == "postgresql":
        return [line for line in plan.splitlines() if "Seq Scan on events" in line]
    return [line for line in plan.splitlines() if BARE_SCAN.search(line)]


@pytest.mark.parametrize(("name", "path", "index"), CASES, ids=[c[0] for c in CASES])
def test_the_main_queries_read_an_index(
    scale_any: tuple[str, list[Event]], name: str, path: str, index: str | None
) -> None:
    app = create_app(scale_any[0])
    client = TestClient(app)
    if path == "DEEP":
        path = (
            "/api/events?limit=10&count=false&cursor=" + client.get("/api/events?limit=150").json()["cursor"]
        )
    engine = app.state.store.engine
    dialect = engine.dialect.name
    statements = _statements(app, client, path)
    assert statements
    for statement, parameters in statements:
        if dialect == "postgresql" and name == "search":
            continue
        plan = _plan(engine, statement, parameters)
        assert not _full_scans(dialect, plan), f"{name}: a full scan of events\n{statement}\n{plan}"
        if not index or "events.record" not in statement:
            continue
        # PostgreSQL's planner picks among the indexes by its statistics of a tiny table: any will do
        wanted = index if dialect == "sqlite" else "Index"
        assert wanted in plan, f"{name}: {wanted} not used\n{statement}\n{plan}"


# (a filtered map narrows by the filter's index first and reads the few rows it finds)
AGGREGATES = ["timeline", "timeline by week", "admin1", "actor types", "facets", "map"]


@pytest.mark.parametrize("name", AGGREGATES)
def test_aggregates_stay_on_their_covering_index_when_an_event_is_rejected(
    scale_any: tuple[str, list[Event]], name: str
) -> None:
    """Rejected events are left out by a condition on ``review_status``: it must be read from the
    index (migration 0009), or every aggregate reads the table row of every event."""
    url, _ = scale_any
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's plan names covering indexes; PostgreSQL's index-only scans depend on vacuum")
    app = create_app(url)
    engine = app.state.store.engine
    with engine.begin() as conn:
        first = conn.execute(sa.text("SELECT min(event_id) FROM events")).scalar_one()
        conn.execute(
            sa.text("UPDATE events SET review_status = 'rejected' WHERE event_id = :id"), {"id": first}
        )
    path = dict((c[0], c[1]) for c in CASES)[name]
    for statement, parameters in _statements(app, TestClient(app), path):
        plan = _plan(engine, statement, parameters)
        reads = [line for line in plan.splitlines() if re.search(r"\b(SCAN|SEARCH) events\b", line)]
        assert reads and all("COVERING INDEX" in line for line in reads), f"{name}\n{statement}\n{plan}"
    engine.dispose()
