"""Sentences that only state or spread a running total tell no incident of their own."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.document import extract_document
from cronica.model import Document

PUB = dt.date(2021, 5, 12)


def _read(text: str, lang: str) -> tuple[list[str | None], list[int]]:
    result = extract_document(Document("t", text, published=PUB, lang=lang))
    places = [e.location.name if e.location else None for e in result.events if not e.background]
    return places, [t.value for t in result.tallies if t.kind == "killed"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "La Defensoría elevó este martes a 31 el número de muertos en el país desde el inicio del "
            "paro. Según la entidad, la mayoría de las muertes se registraron en Cali y en el norte "
            "del Cauca.",
            "es",
        ),
        (
            "Ya suman 19 los fallecidos en Bolivia desde el comienzo de la crisis, según la Defensoría. "
            "El resto de las víctimas se reparte entre Cochabamba, La Paz y Potosí.",
            "es",
        ),
        (
            "Forty-one people have been killed since the protests began, the rights group said. "
            "Most of the deaths occurred in Cali and in northern Cauca.",
            "en",
        ),
    ],
)
def test_where_the_deaths_of_a_total_occurred_is_no_incident(text: str, lang: str) -> None:
    places, tallies = _read(text, lang)
    assert places == []
    assert tallies  # the total itself stays in the ledger


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a strike that only scopes the total ("since the strike began") is no incident either
        ("Los muertos desde el inicio del paro nacional ya son 31, según la Defensoría.", "es"),
    ],
)
def test_a_strike_that_only_scopes_the_total_is_no_incident(text: str, lang: str) -> None:
    places, tallies = _read(text, lang)
    assert places == [] and tallies == [31]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a strike told beside the total, or a death with its own day, is an incident
        (
            "Los camioneros del paro bloquearon la vía al puerto de Buenaventura, y ya son 31 los "
            "muertos desde el inicio de las protestas.",
            "es",
        ),
        (
            "Forty-one people have been killed since the protests began, the rights group said. "
            "On Monday night police fired on a roadblock in Cali, killing two young men.",
            "en",
        ),
    ],
)
def test_an_incident_beside_a_total_stays(text: str, lang: str) -> None:
    places, _ = _read(text, lang)
    assert places
