"""Review actions on a store: each is logged, changes the events at once, and matches a full re-fusion."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from review_helpers import mention, snapshot

from cronica import review
from cronica.model import Event
from cronica.review import InvalidReviewError, UnknownEventError
from cronica.run.fusion import fuse_store
from cronica.store.db import EventFilter, Store

REPORTS = [
    mention("a", "juliaca", 9, 17),
    mention("b", "juliaca", 9, 18),
    mention("c", "lima", 9, 2),
    mention("d", "bogota", 9),
    mention("e", "lima", 12, 1),
]


def at(store: Store, name: str, day: int = 9) -> Event:
    flt = EventFilter(include_background=True, review_status=None)
    return next(
        e for e in store.events(flt) if e.location and e.location.name == name and e.event_date.day == day
    )  # type: ignore[union-attr]


def same_as_full_refusion(store: Store) -> None:
    incremental = snapshot(store)
    fuse_store(store)
    assert snapshot(store) == incremental


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store(REPORTS)


def test_confirm_keeps_the_event_and_records_who(store: Store) -> None:
    juliaca = at(store, "Juliaca")
    action = review.confirm(store, juliaca.event_id, "ana")
    event = store.event(juliaca.event_id)
    assert event is not None and event.review is not None
    assert (event.review_status, event.review.by, event.fatalities) == ("confirmed", "ana", 17)
    assert action.to_dict()["action"] == "confirm" and action.to_dict()["undone_by"] is None
    assert store.events(EventFilter(reviewed_only=True))[0].event_id == juliaca.event_id
    same_as_full_refusion(store)


def test_a_correction_wins_over_the_machine_and_keeps_its_value(store: Store) -> None:
    juliaca = at(store, "Juliaca")
    action = review.correct(
        store, juliaca.event_id, {"fatalities": "18", "tags": "curfew"}, "ana", "morgue list"
    )
    event = store.event(juliaca.event_id)
    assert event is not None and event.review is not None
    assert (event.fatalities, event.tags, event.review_status) == (18, ["curfew"], "corrected")
    assert event.review.overrides["fatalities"]["machine"] == 17
    assert event.review.overrides["fatalities"]["reason"] == "morgue list"
    assert (action.before, action.after) == (
        {"fatalities": 17, "tags": []},
        {"fatalities": 18, "tags": ["curfew"]},
    )
    same_as_full_refusion(store)
    assert store.event(juliaca.event_id).fatalities == 18  # type: ignore[union-attr]


def test_sub_event_type_brings_its_event_type(store: Store) -> None:
    lima = at(store, "Lima")
    review.correct(store, lima.event_id, {"sub_event_type": "Violent demonstration"}, "ana", "stones thrown")
    event = store.event(lima.event_id)
    assert event is not None and (event.event_type, event.sub_event_type) == (
        "Riots",
        "Violent demonstration",
    )


def test_reject_leaves_the_event_out_of_lists_and_counts(store: Store) -> None:
    bogota = at(store, "Bogotá")
    total = store.count_events()
    review.reject(store, bogota.event_id, "out_of_scope", "ana", "another country's news")
    assert store.count_events() == total - 1
    assert bogota.event_id not in {e.event_id for e in store.events()}
    assert "CO" not in store.facet_counts().counts["country_code"]
    rejected = store.events(EventFilter(review_status="rejected"))
    assert [e.event_id for e in rejected] == [bogota.event_id]
    assert store.event(bogota.event_id) is not None  # the page still shows it
    with pytest.raises(InvalidReviewError, match="rejected"):
        review.confirm(store, bogota.event_id, "ana")
    same_as_full_refusion(store)


def test_merge_joins_evidence_and_figures_under_the_first_id(store: Store) -> None:
    juliaca, lima = at(store, "Juliaca"), at(store, "Lima")
    action = review.merge(store, [juliaca.event_id, lima.event_id], "ana", "one march")
    merged = store.event(juliaca.event_id)
    assert merged is not None and store.event(lima.event_id) is None
    assert {ev.doc_id for ev in merged.evidence} == {"a", "b", "c"}
    assert sorted(f.value for f in merged.figures) == [2, 17, 18]  # type: ignore[type-var]
    assert action.payload["mention_ids"] == ["evt_a_0", "evt_b_0", "evt_c_0"]
    same_as_full_refusion(store)


def test_merge_across_countries_survives_refusion(store: Store) -> None:
    juliaca, bogota = at(store, "Juliaca"), at(store, "Bogotá")
    review.merge(store, [bogota.event_id, juliaca.event_id], "ana", "the same strike")
    same_as_full_refusion(store)
    from cronica.run.fusion import fuse_blocks

    fuse_blocks(store, ["PE"])  # only Peru is pending: Colombia, linked by the merge, is fused with it
    merged = store.event(bogota.event_id)
    assert merged is not None and {ev.doc_id for ev in merged.evidence} == {"a", "b", "d"}
    assert store.event(juliaca.event_id) is None


def test_split_moves_mentions_to_a_new_event(store: Store) -> None:
    juliaca = at(store, "Juliaca")
    action = review.split(store, juliaca.event_id, ["evt_b_0"], "ana", "another street")
    new_id = action.payload["new_event_id"]
    assert new_id.startswith("evt_r") and len(new_id) == 22
    part, rest = store.event(new_id), store.event(juliaca.event_id)
    assert part is not None and rest is not None
    assert ([ev.doc_id for ev in part.evidence], [ev.doc_id for ev in rest.evidence]) == (["b"], ["a"])
    assert (part.fatalities, rest.fatalities, rest.disputed) == (18, 17, False)
    same_as_full_refusion(store)


def test_undo_restores_the_machine_event(store: Store) -> None:
    juliaca, lima = at(store, "Juliaca"), at(store, "Lima")
    machine = snapshot(store)
    merge = review.merge(store, [juliaca.event_id, lima.event_id], "ana", "one march")
    undo = review.undo(store, merge.action_id, "ana", "two marches after all")
    assert snapshot(store) == machine
    assert {r["event_id"] for r in undo.after} == {juliaca.event_id, lima.event_id}
    assert review.history(store, lima.event_id)[-1].action == "undo"
    assert review.review_log(store)[0].undone_by == undo.action_id
    with pytest.raises(InvalidReviewError, match="already undone"):
        review.undo(store, merge.action_id, "ana", "again")
    with pytest.raises(InvalidReviewError, match="cannot be undone"):
        review.undo(store, undo.action_id, "ana", "again")


def test_undo_of_a_rejection_brings_the_event_back(store: Store) -> None:
    bogota = at(store, "Bogotá")
    reject = review.reject(store, bogota.event_id, "not_an_event", "ana", "a film review")
    review.undo(store, reject.action_id, "bea", "it was a real march")
    assert bogota.event_id in {e.event_id for e in store.events()}
    assert store.event(bogota.event_id).review_status == "machine"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, e: review.correct(s, e, {"fatalities": -1}, "ana", "why not"), "fatalities"),
        (lambda s, e: review.correct(s, e, {"fatalities": 3}, "ana", ""), "reason"),
        (lambda s, e: review.correct(s, e, {"colour": "red"}, "ana", "why not"), "cannot be corrected"),
        (lambda s, e: review.correct(s, e, {"event_date": "9 Jan"}, "ana", "why not"), "YYYY-MM-DD"),
        (lambda s, e: review.correct(s, e, {"sub_event_type": "Picnic"}, "ana", "why not"), "sub-event"),
        (
            lambda s, e: review.correct(s, e, {"actor1": {"name": "x", "type": "aliens"}}, "ana", "why"),
            "type",
        ),
        (
            lambda s, e: review.correct(s, e, {"location": {"lat": 95, "lon": 0, "name": "x"}}, "ana", "why"),
            "lat",
        ),
        (lambda s, e: review.correct(s, e, {"location": {"geonames_id": -5}}, "ana", "why"), "geonames_id"),
        (lambda s, e: review.merge(s, [e], "ana", "why not"), "two or more"),
        (lambda s, e: review.split(s, e, [], "ana", "why not"), "some, not all"),
        (lambda s, e: review.split(s, e, ["evt_a_0", "evt_b_0"], "ana", "why not"), "some, not all"),
        (lambda s, e: review.reject(s, e, "boring", "ana", "why not"), "category"),
        (lambda s, e: review.confirm(s, e, ""), "user"),
        (lambda s, e: review.confirm(s, e, "ana", "bad\x00reason"), "control character"),
        (lambda s, e: review.reject(s, e, "duplicate", "ana\x1b", "why not"), "control character"),
        (lambda s, e: review.correct(s, e, {"tags": ["a\x00b"]}, "ana", "why not"), "control character"),
    ],
)
def test_bad_input_is_a_one_line_error(
    store: Store, call: Callable[[Store, str], object], message: str
) -> None:
    juliaca = at(store, "Juliaca")
    before = snapshot(store)
    with pytest.raises(InvalidReviewError, match=message) as err:
        call(store, juliaca.event_id)
    assert "\n" not in str(err.value)
    assert snapshot(store) == before and review.review_log(store) == []


def test_unknown_ids(store: Store) -> None:
    with pytest.raises(UnknownEventError):
        review.confirm(store, "evt_nope", "ana")
    with pytest.raises(UnknownEventError):
        review.undo(store, 999, "ana", "nothing")
    with pytest.raises(UnknownEventError):
        review.history(store, "evt_nope")


def test_location_from_the_gazetteer_and_a_point(store: Store) -> None:
    lima = at(store, "Lima")
    review.correct(store, lima.event_id, {"location": {"geonames_id": 3937513}}, "ana", "it was Juliaca")
    place = store.event(lima.event_id).location  # type: ignore[union-attr]
    assert place is not None and (place.name, place.country_code, place.admin1) == ("Juliaca", "PE", "Puno")
    point = {"lat": -12.1, "lon": -77.0, "name": "Miraflores park"}
    review.correct(store, lima.event_id, {"location": point}, "ana", "the park")
    place = store.event(lima.event_id).location  # type: ignore[union-attr]
    assert place is not None and (place.name, place.lat, place.geonames_id) == (
        "Miraflores park",
        -12.1,
        None,
    )
    same_as_full_refusion(store)
