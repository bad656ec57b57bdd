"""Timeline, casualty ledger and facets counted by the database equal those counted from the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from api_sample import Sample

from cronica.api.views import facets, facets_of_counts, timeline, timeline_of_counts
from cronica.fuse.ledger import build_ledger, ledger_rows
from cronica.store import open_store
from cronica.store.db import EventFilter, like_literal

FILTERS = [
    EventFilter(),
    EventFilter(include_background=True),
    EventFilter(country="pe"),
    EventFilter(since=dt.date(2023, 1, 10), until=dt.date(2023, 1, 20)),
    EventFilter(min_confidence=0.5, admin1="Puno"),
    EventFilter(actor="police", event_type="Protests"),
]


@pytest.mark.parametrize("flt", FILTERS)
def test_timeline_in_sql_equals_the_timeline_of_the_records(sample_any: Sample, flt: EventFilter) -> None:
    store = open_store(sample_any.url)
    assert timeline_of_counts(*store.timeline_counts(flt)) == timeline(store.events(flt))


@pytest.mark.parametrize(("country", "kind"), [(None, None), ("PE", None), ("PE", "killed"), ("BO", None)])
def test_ledger_from_daily_sums_equals_the_ledger_of_the_records(
    sample_any: Sample, country: str | None, kind: str | None
) -> None:
    store = open_store(sample_any.url)
    tallies = store.tallies(country=country, kind=kind)
    expected = build_ledger(tallies, store.events(EventFilter(country=country)), country=country)
    got = ledger_rows(tallies, store.incident_days(country), country=country)
    assert [r.to_dict() for r in got] == [r.to_dict() for r in expected]
    assert any(r.incident_sum for r in got) or country == "BO"


def test_ledger_sums_incidents_up_to_each_day() -> None:
    from cronica.model import Quote, Tally
    from cronica.store.db import DaySum

    quote = Quote("d", 0, 1, "x")
    tallies = [
        Tally("killed", 5, "exact", "deaths", dt.date(2023, 1, 1), "PE", quote),
        Tally("killed", 9, "exact", "deaths", dt.date(2023, 1, 3), "PE", quote),
        Tally("killed", 9, "exact", "deaths", dt.date(2022, 12, 1), "PE", quote),
    ]
    days = {("killed", "PE"): [DaySum(dt.date(2023, 1, 1), 2, 1), DaySum(dt.date(2023, 1, 2), 3, 2)]}
    rows = ledger_rows(tallies, days)
    assert [(r.as_of, r.incident_sum, r.incidents) for r in rows] == [
        (dt.date(2022, 12, 1), 0, 0),
        (dt.date(2023, 1, 1), 2, 1),
        (dt.date(2023, 1, 3), 5, 3),
    ]


@pytest.mark.parametrize("background", [False, True])
def test_facets_in_sql_equal_the_facets_of_the_records(sample_any: Sample, background: bool) -> None:
    store = open_store(sample_any.url)
    by_records = facets(store.events(EventFilter(include_background=background)))
    assert facets_of_counts(store.facet_counts(include_background=background)) == by_records


def test_like_literal_escapes_the_wildcards() -> None:
    assert like_literal("50%_a\\b") == "50\\%\\_a\\\\b"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT event_date, event_type, count(*), sum(coalesce(fatalities, 0)) FROM events "
        "WHERE event_date IS NOT NULL AND background IS 0 AND confidence >= 0.3 "
        "GROUP BY event_date, event_type",
        "SELECT event_date, country_code, sum(fatalities), count(nullif(fatalities, 0)), sum(injuries) "
        "FROM events WHERE background IS 0 AND event_date IS NOT NULL GROUP BY event_date, country_code",
        "SELECT admin1, count(*) FROM events WHERE background IS 0 AND admin1 IS NOT NULL GROUP BY admin1",
    ],
)
def test_aggregates_read_an_index_not_the_records(sqlite_url: str, query: str) -> None:
    store = open_store(sqlite_url)
    with store.begin() as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(sa.text(f"EXPLAIN QUERY PLAN {query}")))
    assert "COVERING INDEX" in plan, plan


def test_figure_columns_migration_fills_existing_events(
    old_database: Callable[[str, dict[str, Any]], str],
) -> None:
    """A database made before events had figure columns gets them, filled from each record."""
    row = {
        "event_id": "evt_old", "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "background": False, "disputed": False, "n_reports": 1, "search_text": "",
        "record": {"injuries": 7, "arrests": None, "crowd_size": 3000},
    }  # fmt: skip
    url = old_database("0002", row)
    store = open_store(url)
    with store.begin() as conn:
        q = sa.text("select injuries, arrests, crowd_size from events where event_id = 'evt_old'")
        got = tuple(conn.execute(q).one())
    assert got == (7, None, 3000)
