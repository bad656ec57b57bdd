"""Fusion: one event per incident, every figure kept, order-independent; and the casualty ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.fuse import cluster, fuse_mentions
from cronica.fuse.ledger import build_ledger
from cronica.fuse.reconcile import is_update, reconcile, reconcile_value
from cronica.model import Actor, Document, Event, Evidence, Figure, Place, Quote, Span, Tally
from cronica.run.fusion import fuse_store
from cronica.store import open_store
from cronica.store import schema as t
from cronica.store.db import EventFilter, Store

JULIACA = Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1)
PUNO_REGION = Place("Puno", "Peru", "PE", "Puno", None, -15.0, -70.0, 3931275, 3)
LIMA = Place("Lima", "Peru", "PE", "Lima", "Lima", -12.04, -77.03, 3936456, 1)
AYACUCHO = Place("Ayacucho", "Peru", "PE", "Ayacucho", "Huamanga", -13.16, -74.22, 3947019, 1)


def m(
    doc: str,
    place: Place | None,
    day: dt.date | None,
    killed: int | None = None,
    published: dt.date = dt.date(2023, 1, 10),
    sub: tuple[str, str] = ("Protests", "Excessive force against protesters"),
    precision: str = "day",
    actor1: Actor | None = None,
    text: str | None = None,
) -> Event:
    figs = [Figure("killed", killed, killed, None, "exact", Span(doc, 5, 15))] if killed is not None else []
    return Event(
        event_id=f"evt_{doc}_{sub[1][:4]}",
        event_date=day,
        date_end=None,
        date_precision=precision,
        event_type=sub[0],
        sub_event_type=sub[1],
        plover=None,
        actor1=actor1 or Actor("demonstrators", "protesters"),
        actor2=Actor("police", "state_forces"),
        location=place,
        fatalities=killed,
        figures=figs,
        evidence=[
            Evidence(
                doc, 0, 40, text or f"sentence of {doc}", f"https://example.org/{doc}", "Outlet", published
            )
        ],
    )


JAN9 = dt.date(2023, 1, 9)


def test_reports_of_one_incident_merge_and_keep_every_figure() -> None:
    mentions = [
        m("a", JULIACA, JAN9, 17),
        m("b", JULIACA, JAN9, 18),
        m("c", PUNO_REGION, JAN9, None),  # a region-level report of the same day
        m("d", LIMA, JAN9, 0),
    ]
    fused = fuse_mentions(mentions)
    assert len(fused) == 2
    juliaca = next(e for e, _ in fused if e.location and e.location.name == "Juliaca")
    members = next(ids for e, ids in fused if e is juliaca)
    assert len(members) == 3
    assert juliaca.fatalities == 17  # the most conservative credible report
    assert juliaca.disputed
    assert sorted(f.value for f in juliaca.figures if f.value is not None) == [17, 18]
    assert {ev.doc_id for ev in juliaca.evidence} == {"a", "b", "c"}


def test_different_days_places_and_kinds_stay_apart() -> None:
    mentions = [
        m("a", JULIACA, JAN9, 17),
        m("b", JULIACA, dt.date(2023, 1, 11), 1),
        m("c", AYACUCHO, JAN9, 2),
        m("d", JULIACA, JAN9, sub=("Strategic developments", "Arrests")),
        m("e", JULIACA, JAN9, sub=("Strategic developments", "Change to group/activity")),
        m("f", JULIACA, JAN9, 17, sub=("Protests", "Excessive force against protesters")),
    ]
    groups = cluster(mentions)
    # arrests at the place and on the day of the demonstration are part of it (TAXONOMY.md); the
    # curfew, another day and another town stay apart
    assert sorted(len(g) for g in groups) == [1, 1, 1, 3]
    joined = next(g for g in groups if len(g) == 3)
    assert {x.evidence[0].doc_id for x in joined} == {"a", "d", "f"}
    assert reconcile(joined, "x").sub_event_type == "Excessive force against protesters"


def test_a_vague_report_fitting_two_incidents_chains_neither() -> None:
    mentions = [
        m("a", JULIACA, JAN9, 17),
        m("b", Place("Ilave", "Peru", "PE", "Puno", "El Collao", -16.08, -69.64, 3938415, 1), JAN9, 1),
        m("c", PUNO_REGION, JAN9, None),
    ]
    assert sorted(len(g) for g in cluster(mentions)) == [1, 1, 1]


def test_later_upward_revision_wins_and_a_dispute_takes_the_lower() -> None:
    d1, d2, d3 = dt.date(2022, 12, 16), dt.date(2022, 12, 17), dt.date(2022, 12, 19)
    assert reconcile_value([(d1, 8, False), (d2, 9, True), (d3, 10, True)]) == (10, True)
    assert reconcile_value([(d1, 17, False), (d3, 18, False)]) == (17, True)  # no update cue: a dispute
    assert reconcile_value([(d1, 17, False), (d1, 18, True)]) == (17, True)  # same day: not later
    assert reconcile_value([(d1, 18, False), (d3, 17, True)]) == (17, True)
    assert reconcile_value([(d1, 5, False)]) == (5, False)
    assert reconcile_value([]) == (None, False)


def test_update_cues_in_both_languages() -> None:
    assert is_update("The toll from Thursday's shooting has risen to 10, the ombudsman said.")
    assert is_update("La cifra de muertos subió a nueve tras el fallecimiento de otro herido.")
    assert is_update("Divers recovered a sixth body on Monday.")
    assert not is_update("At least 18 people were killed in Juliaca on Monday.")


def test_revision_in_a_later_report_is_reconciled() -> None:
    day = dt.date(2022, 12, 15)
    mentions = [
        m("a", AYACUCHO, day, 8, published=dt.date(2022, 12, 16)),
        m("b", AYACUCHO, day, 9, published=dt.date(2022, 12, 17)),
        m("c", AYACUCHO, day, 10, published=dt.date(2022, 12, 19), text="The toll has risen to 10."),
    ]
    [(event, _)] = fuse_mentions(mentions)
    assert event.fatalities == 10 and event.disputed
    assert [ev.published for ev in event.evidence] == sorted(ev.published for ev in event.evidence)


MENTIONS = [
    m("a", JULIACA, JAN9, 17),
    m("b", JULIACA, JAN9, 18),
    m("c", PUNO_REGION, JAN9),
    m("d", LIMA, JAN9, 0),
    m("e", AYACUCHO, dt.date(2022, 12, 15), 8, published=dt.date(2022, 12, 16)),
    m("f", AYACUCHO, dt.date(2022, 12, 15), 10, published=dt.date(2022, 12, 19), text="It has risen to 10."),
    m("g", None, JAN9, 1, sub=("Violence against civilians", "Attack"), actor1=Actor("rioters", "rioters")),
    m("h", JULIACA, None, precision="week"),
    m("i", LIMA, dt.date(2023, 1, 21), sub=("Strategic developments", "Arrests")),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(MENTIONS))
def test_fusion_is_independent_of_order(order: list[Event]) -> None:
    expected = [(e.to_dict(), ids) for e, ids in fuse_mentions(MENTIONS)]
    assert [(e.to_dict(), ids) for e, ids in fuse_mentions(order)] == expected


def _stored(store: Store) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Every fused event in the store (background ones too) and the mention links."""
    events = sorted(
        (e.to_dict() for e in store.events(EventFilter(include_background=True))), key=lambda d: d["event_id"]
    )
    with store.begin() as conn:
        links = conn.execute(sa.select(t.event_mentions).order_by(*t.event_mentions.c)).all()
    return events, [tuple(r) for r in links]


def test_fusion_of_what_the_store_holds_is_idempotent(tmp_path: Path) -> None:
    """Fuse, store, read the mentions back, fuse again: the same events, figure for figure."""
    store = open_store(f"sqlite:///{tmp_path / 'fuse.db'}")
    by_doc: dict[str, list[Event]] = {}
    for mention in MENTIONS:
        by_doc.setdefault(mention.evidence[0].doc_id, []).append(mention)
    with store.begin() as conn:
        for doc_id, mentions in by_doc.items():
            store.add_document(Document(doc_id, f"the report {doc_id}"), conn)
            store.save_results(doc_id, mentions, [], conn)
    first = fuse_mentions(MENTIONS)
    store.replace_events(first)
    events, links = _stored(store)
    assert [e["event_id"] for e in events] == sorted(e.event_id for e, _ in first)
    assert links == sorted((e.event_id, m) for e, ids in first for m in ids)

    again = fuse_mentions(store.mentions())  # from the stored records, not the objects above
    assert sorted((e.to_dict() for e, _ in again), key=lambda d: d["event_id"]) == events
    assert sorted((e.event_id, m) for e, ids in again for m in ids) == links
    juliaca = next(
        e for e in events if e["location"] and e["location"]["name"] == "Juliaca" and e["fatalities"]
    )
    assert [f["value"] for f in juliaca["figures"]] == [17, 18]
    assert sorted(ev["doc_id"] for ev in juliaca["evidence"]) == ["a", "b", "c", "h"]

    fuse_store(store)  # all blocks fused again, in place
    assert _stored(store) == (events, links)
    fuse_store(store, {"PE", None})
    assert _stored(store) == (events, links)


def test_ledger_sets_reported_totals_beside_incident_sums() -> None:
    events = [e for e, _ in fuse_mentions(MENTIONS)]
    tallies = [
        Tally("killed", 46, "exact", "deaths", dt.date(2023, 1, 10), "PE", Quote("x", 0, 5, "46 dead")),
        Tally("killed", 47, "exact", "deaths", dt.date(2023, 1, 10), "PE", Quote("y", 0, 5, "47 dead")),
        Tally("killed", 20, "exact", "deaths", dt.date(2022, 12, 20), "PE", Quote("z", 0, 5, "20 dead")),
    ]
    rows = build_ledger(tallies, events, country="PE")
    assert [(r.as_of, r.reported, r.values) for r in rows] == [
        (dt.date(2022, 12, 20), 20, [20]),
        (dt.date(2023, 1, 10), 46, [46, 47]),
    ]
    assert rows[0].incident_sum == 10  # Ayacucho, revised to 10
    assert rows[1].incident_sum == 10 + 17  # the attack with no known place is in no country's sum
    assert rows[1].gap == 46 - 27
    assert rows[1].reported_label() == "46-47 (reports differ)"


CURFEW = ("Strategic developments", "Change to group/activity")


def test_a_curfew_told_on_the_day_and_the_day_after_is_one_event() -> None:
    # "The mayor decreed a curfew on Friday" and "the city woke up under curfew this Saturday"
    jan10 = JAN9 + dt.timedelta(days=1)
    mentions = [
        m("a", JULIACA, JAN9, sub=CURFEW, published=JAN9),
        m("b", JULIACA, jan10, sub=CURFEW, published=jan10),
        m("c", JULIACA, JAN9 + dt.timedelta(days=3), sub=CURFEW),  # a new curfew days later
    ]
    fused = fuse_mentions(mentions)
    assert sorted(len(ids) for _, ids in fused) == [1, 2]
    one = next(e for e, ids in fused if len(ids) == 2)
    assert one.event_date == JAN9


def test_demonstrations_on_consecutive_days_stay_apart() -> None:
    # "Protesters marched on Monday" / "Hubo una nueva marcha el martes": two incidents
    mentions = [
        m("a", JULIACA, JAN9, sub=("Protests", "Peaceful protest")),
        m("b", JULIACA, JAN9 + dt.timedelta(days=1), sub=("Protests", "Peaceful protest")),
    ]
    assert len(fuse_mentions(mentions)) == 2


def test_dates_at_the_ends_of_the_calendar_do_not_crash_fusion() -> None:
    """A report whose metadata says year 1 (or 9999) dates its vague events there: fused, not a crash."""
    first, last = dt.date.min + dt.timedelta(days=2), dt.date.max - dt.timedelta(days=2)
    mentions = [
        m("a", JULIACA, first, precision="week", published=first),
        m("b", JULIACA, first, published=first),
        m("c", LIMA, last, precision="month", published=last),
        m("d", LIMA, last, published=last),
        m("e", AYACUCHO, first, precision="week", published=first, sub=("Riots", "Violent demonstration")),
    ]
    fused = fuse_mentions(mentions)
    assert sum(len(ids) for _, ids in fused) == len(mentions)
    assert {e.location.name for e, _ in fused if e.location} == {"Juliaca", "Lima", "Ayacucho"}
