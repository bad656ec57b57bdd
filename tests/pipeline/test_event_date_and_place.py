"""The event's own date and place: aftermath days, road destinations, turns to another incident."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.document import extract_document
from cronica.model import Document, Event


def _events(text: str, published: str, lang: str) -> list[Event]:
    doc = Document("t", text, published=dt.date.fromisoformat(published), lang=lang)
    return [e for e in extract_document(doc).events if not e.background]


def _dates_by_word(events: list[Event], text: str, word: str) -> set[dt.date | None]:
    """The dates of the events whose evidence holds ``word``."""
    return {e.event_date for e in events if any(word in text[ev.start : ev.end] for ev in e.evidence)}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Riot police fired tear gas at striking miners in Oruro on Thursday. "
            "Finally, on Saturday, teachers marched peacefully in Sucre.",
            "en",
        ),
        (
            "Los mineros se enfrentaron con la policía en Oruro el jueves. "
            "Por otra parte, el sábado, los maestros marcharon pacíficamente en Sucre.",
            "es",
        ),
    ],
)
def test_dates_told_after_a_turn_stay_with_their_incident(text: str, lang: str) -> None:
    events = _events(text, "2022-03-20", lang)  # a Sunday
    assert _dates_by_word(events, text, "Oruro") == {dt.date(2022, 3, 17)}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Riot police fired tear gas at striking miners in Oruro. "
            "Meanwhile, on Saturday, teachers marched peacefully in Sucre.",
            "en",
        ),
        (
            "Los mineros se enfrentaron con la policía en Oruro. "
            "Mientras tanto, el sábado, los maestros marcharon pacíficamente en Sucre.",
            "es",
        ),
    ],
)
def test_an_undated_incident_does_not_borrow_the_date_after_a_turn(text: str, lang: str) -> None:
    events = _events(text, "2022-03-20", lang)
    assert dt.date(2022, 3, 19) not in _dates_by_word(events, text, "Oruro")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "JULIACA, Peru — Police fired tear gas at protesters on Tuesday. "
            "Farmers in Puno will join the protests, the union said.",
            "en",
        ),
        (
            "JULIACA, Perú — La policía disparó gases lacrimógenos contra los manifestantes el martes. "
            "Los campesinos de Puno se sumarán a las protestas, según el sindicato.",
            "es",
        ),
    ],
)
def test_a_sentence_about_plans_does_not_move_the_incident(text: str, lang: str) -> None:
    events = _events(text, "2023-02-15", lang)
    tear_gas = [e for e in events if e.event_date == dt.date(2023, 2, 14)]
    assert tear_gas and all(e.location is not None and e.location.name == "Juliaca" for e in tear_gas)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The company said on Monday that protesters blocked the road to its mine in Apurímac "
            "and that output stops from Wednesday, 1 February.",
            "en",
        ),
        (
            "La minera informó el lunes que los bloqueos de los manifestantes en Apurímac obligan "
            "a su mina a detener la producción desde el miércoles 1 de febrero.",
            "es",
        ),
    ],
)
def test_a_day_after_the_report_never_dates_an_incident(text: str, lang: str) -> None:
    events = _events(text, "2023-01-30", lang)  # a Monday; Wednesday 1 February is still ahead
    assert events
    assert {e.event_date for e in events} == {dt.date(2023, 1, 30)}
