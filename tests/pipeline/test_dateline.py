"""Stage ``dateline``: where and when a report was filed, kept apart from its events."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.dates import find_dates
from cronica.extract.document import extract_document
from cronica.model import Document
from cronica.pipeline.dateline import read_dateline

PUB = dt.date(2024, 6, 27)


@pytest.mark.parametrize(
    ("text", "place", "date", "agency", "story"),
    [
        (
            "BOGOTA, May 3 (Reuters) - Riot police fired tear gas",
            "BOGOTA",
            dt.date(2024, 5, 3),
            "Reuters",
            "Riot",
        ),
        ("Quito, 14 jun (EFE).- La policía dispersó", "Quito", dt.date(2024, 6, 14), "EFE", "La policía"),
        ("NAIROBI: Police fired at a crowd", "NAIROBI", None, None, "Police"),
        ("Tehran: Security forces fired", "Tehran", None, None, "Security"),
        (
            "SAN SALVADOR, 5 DEC 88 (RADIO VENCEREMOS) -- The army said",
            "SAN SALVADOR",
            dt.date(1988, 12, 5),
            "RADIO VENCEREMOS",
            "The army",
        ),
        ("CALI, Colombia (AFP) - Riots broke out", "CALI", None, "AFP", "Riots"),
        (
            "Managua (Nicaragua), 2 Mar 91 (Radio Sandino) -- [Text] Two men",
            "Managua",
            dt.date(1991, 3, 2),
            "Radio Sandino",
            "Two men",
        ),
        ("LA PAZ, Bolivia — Miners blocked roads", "LA PAZ", None, None, "Miners"),
        (
            "MONTEVIDEO, 2 Feb. (EUROPA PRESS) - Cientos de personas",
            "MONTEVIDEO",
            dt.date(2024, 2, 2),
            "EUROPA PRESS",
            "Cientos",
        ),
        ("Arequipa, Peru\n\nLos mineros marcharon", "Arequipa", None, None, "Los mineros"),
        ("Valparaíso\n\nUn grupo de estudiantes", "Valparaíso", None, None, "Un grupo"),
    ],
)
def test_datelines_in_both_languages(
    text: str, place: str, date: dt.date | None, agency: str | None, story: str
) -> None:
    found = read_dateline(text, PUB)
    assert found is not None
    assert found.place_start is not None and found.place_end is not None
    assert text[found.place_start : found.place_end] == place
    assert found.date == date
    assert found.agency == agency
    assert text[found.end :].startswith(story)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Tuesday, March 5, 2024 - Residents mourned", dt.date(2024, 3, 5)),
        ("Martes, 5 de marzo de 2024 - Los vecinos", dt.date(2024, 3, 5)),
    ],
)
def test_a_date_alone_is_a_dateline_without_a_place(text: str, date: dt.date) -> None:
    found = read_dateline(text, PUB)
    assert found is not None and found.place_start is None
    assert found.date == date


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("JULIACA, Peru, January 11 - Police opened fire", None, None),  # 11 is the day, not 2011
        ("JULIACA, Peru, January 11 - Police opened fire", dt.date(2023, 1, 12), dt.date(2023, 1, 11)),
        ("LIMA, Dec 12 (Reuters) - Police fired", dt.date(2022, 12, 13), dt.date(2022, 12, 12)),
        ("LIMA, 12 Dec 22 (Andina) - Police fired", None, dt.date(2022, 12, 12)),
    ],
)
def test_a_day_after_the_month_is_no_two_digit_year(
    text: str, published: dt.date | None, date: dt.date | None
) -> None:
    found = read_dateline(text, published)
    assert found is not None
    assert found.date == date


def test_a_local_dateline_after_the_desks_notes_is_the_reports_place() -> None:
    text = "Lima, 4 Apr 89 (Radio Nacional) -- [Text] Huancayo -- Offices in this city were bombed."
    found = read_dateline(text, None)
    assert found is not None and found.place_start is not None and found.place_end is not None
    assert text[found.place_start : found.place_end] == "Huancayo"
    assert found.date == dt.date(1989, 4, 4)
    assert text[found.end :].startswith("Offices")


@pytest.mark.parametrize(
    "text",
    [
        "Three people were killed on 5 June - police said.",
        "Protesters, who marched on 5 June - and again later, were dispersed.",
        "The president said: there will be no curfew.",
        "Kenya Finance Bill Protests Turn Deadly: what we know",
        "Los manifestantes, que marcharon el 5 de junio - y de nuevo después, se dispersaron.",
        "Police opened fire on protesters in Lima on Monday.",
        "Cusco, Puno y Juliaca. Tres ciudades en paro desde el lunes.",
        "In Juliaca, 18 died. Police said the toll could rise.",
    ],
)
def test_story_openings_are_no_datelines(text: str) -> None:
    assert read_dateline(text, PUB) is None


def test_spanish_agency_dates_without_de() -> None:
    text = "Se reunieron el 14 jun. 2023 y el 2 abr."
    found = find_dates(text, 0, len(text), "es", dt.date(2023, 6, 20))
    assert [d.event_date for d in found] == [dt.date(2023, 6, 14), dt.date(2023, 4, 2)]


def _events(text: str, published: dt.date, lang: str) -> list[tuple[str | None, dt.date | None]]:
    result = extract_document(Document("d1", text, published=published), lang=lang)
    return [
        (e.location.name if e.location else None, e.event_date) for e in result.events if not e.background
    ]


def test_the_dateline_is_neither_the_events_place_nor_its_date() -> None:
    # filed in Lima on 3 May, printed on 5 May: "on Tuesday" counts from the dateline's date
    text = "LIMA, May 3 (Reuters) - Police shot dead two protesters in Juliaca on Tuesday, officials said."
    assert _events(text, dt.date(2023, 5, 5), "en") == [("Juliaca", dt.date(2023, 5, 2))]


def test_an_event_that_names_no_place_falls_back_on_the_dateline() -> None:
    text = (
        "Arequipa, 3 may (EFE).- La policía detuvo el martes a veinte manifestantes que bloqueaban una vía."
    )
    assert _events(text, dt.date(2023, 5, 4), "es") == [("Arequipa", dt.date(2023, 5, 2))]


def test_event_location_takes_the_fallback_only_when_nothing_is_named() -> None:
    from cronica.geo import event_location, geoparse

    text = "Police detained twenty people. Later, soldiers fired on a crowd in Juliaca."
    doc = Document("d2", text)
    places = geoparse(doc, lang="en")
    home = geoparse(Document("d3", "They met in Arequipa."), lang="en")
    arequipa = next(p for p in home if p.name == "Arequipa")
    first = event_location(doc, places, 0, text.index(".") + 1, fallback=arequipa)
    second = event_location(doc, places, text.index("Later"), len(text), fallback=arequipa)
    assert first is not None and first.name == "Arequipa"
    assert second is not None and second.name == "Juliaca"
    assert event_location(doc, [], 0, 10, fallback=arequipa) is not None


def test_the_dateline_after_the_headline_line() -> None:
    title = "Curfew declared in the south"
    text = f"{title}\nPUNO, Peru, March 3 (Andean Wire) - Troops patrolled the city on Friday."
    found = read_dateline(text, dt.date(2023, 3, 4), title)
    assert found is not None and found.place_start is not None and found.place_end is not None
    assert text[found.place_start : found.place_end] == "PUNO"
    assert found.date == dt.date(2023, 3, 3) and found.agency == "Andean Wire"
    assert text[found.end :].startswith("Troops")
    # without the title the first line is not skipped: no dateline is read there
    assert read_dateline(text, dt.date(2023, 3, 4)) is None


@pytest.mark.parametrize(
    ("text", "lang", "published", "place", "day"),
    [
        (
            "Ayacucho, 16 dic. Miles de comuneros marcharon ayer hacia el aeropuerto de la ciudad.",
            "es",
            dt.date(2022, 12, 16),
            "Ayacucho",
            dt.date(2022, 12, 16),
        ),
        (
            "JULIACA, January 10. Residents buried on Tuesday the people shot near the airport.",
            "en",
            dt.date(2023, 1, 11),
            "JULIACA",
            dt.date(2023, 1, 10),
        ),
    ],
)
def test_a_dateline_closed_by_a_full_stop(
    text: str, lang: str, published: dt.date, place: str, day: dt.date
) -> None:
    """ "Place, date." then the story: the date is the reference of "ayer", not the event's date."""
    found = read_dateline(text, published)
    assert found is not None and found.place_start is not None and found.place_end is not None
    assert text[found.place_start : found.place_end] == place
    assert found.date == day
    assert text[found.end :][0].isupper()


def test_yesterday_counts_from_a_dateline_closed_by_a_full_stop() -> None:
    text = "Quito, 9 oct. Cientos de manifestantes irrumpieron ayer en la sede del Congreso, en Quito."
    assert _events(text, dt.date(2019, 10, 10), "es") == [("Quito", dt.date(2019, 10, 8))]
