"""Which date belongs to the event: narrative-relative times, deadlines, targets, dates named in passing."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.dates import best_date, event_date_for, find_dates

PUB = dt.date(2023, 2, 15)  # a Wednesday
D = dt.date


def best(text: str, lang: str, published: dt.date | None = PUB) -> tuple[dt.date, str] | None:
    b = best_date(text, find_dates(text, 0, len(text), lang, published))
    return None if b is None else (b.event_date, b.precision)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Earlier in the day, officers fired tear gas at the crowd.", "en"),
        ("Later that day, marchers set fire to a toll booth.", "en"),
        ("That night, residents blocked the bridge.", "en"),
        ("The same day, miners occupied the plant.", "en"),
        ("By Friday, roads were cut in four provinces.", "en"),
        ("Strikers demanded that Congress bring the vote forward to September.", "en"),
        ("They want elections moved to April.", "en"),
        (
            "Residents marched against the crackdown that followed the arrest of the governor on January 30.",
            "en",
        ),
        ("Más tarde, esa noche, los vecinos bloquearon el puente.", "es"),
        ("Ese mismo día, los mineros ocuparon la planta.", "es"),
        ("Los huelguistas piden adelantar las elecciones a setiembre.", "es"),
        (
            "Los vecinos marcharon contra la represión que siguió a la detención del "
            "gobernador el 30 de enero.",
            "es",
        ),
    ],
)
def test_no_event_date(text: str, lang: str) -> None:
    assert best(text, lang) is None
    # the event stage then falls back to the publication date, precision week, not from the text
    assert event_date_for(text, 0, len(text), lang, PUB) == (PUB, None, "week", False)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "On Monday, residents marched against the crackdown that followed the arrest of the governor on "
            "January 30.",
            "en",
            (D(2023, 2, 13), "day"),
        ),
        (
            "El lunes, los vecinos marcharon contra la represión que siguió a la detención del "
            "gobernador el 30 "
            "de enero.",
            "es",
            (D(2023, 2, 13), "day"),
        ),
        ("Police fired tear gas earlier today.", "en", (D(2023, 2, 15), "day")),
        ("The arrest of twelve leaders on February 2 angered the unions.", "en", (D(2023, 2, 2), "day")),
    ],
)
def test_main_clause_date(text: str, lang: str, expected: tuple[dt.date, str]) -> None:
    assert best(text, lang) == expected


def test_spanish_street_names_are_not_months() -> None:
    assert find_dates("Se concentraron en la plaza Dos de Mayo.", 0, 40, "es", PUB) == []


def test_day_month_takes_the_year_of_the_story_being_told() -> None:
    text = (
        "Its central day was 28 July 2000, when Fujimori was sworn in.\n\n"
        "That day ended in tragedy. On the afternoon of 28 July a fire broke out in a bank."
    )
    start = text.index("On the afternoon")
    (d,) = find_dates(text, start, len(text), "en", dt.date(2023, 1, 19))
    assert d.event_date == D(2000, 7, 28)


def test_a_recent_day_month_is_not_pulled_into_history() -> None:
    text = "The 2019 strike lasted weeks. On February 10 police cleared the square."
    start = text.index("On February")
    (d,) = find_dates(text, start, len(text), "en", PUB)
    assert d.event_date == D(2023, 2, 10)


def test_that_year_and_neighbouring_days_share_the_explicit_year() -> None:
    text = (
        "On 9 November that year Congress removed him, and on 15 November, a day after the "
        "killings of 14 November 2020, his successor resigned."
    )
    dates = find_dates(text, 0, len(text), "en", dt.date(2022, 12, 8))
    assert [d.event_date.year for d in dates] == [2020, 2020, 2020]


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # the day of the aftermath: the incident is the day before
        (
            "The town woke up to a tense calm on Wednesday after a night of clashes with police.",
            "en",
            D(2023, 2, 14),
        ),
        ("The toll released on Tuesday night stood at nine dead.", "en", D(2023, 2, 13)),
        (
            "El pueblo amaneció este miércoles bajo custodia militar tras una noche de saqueos.",
            "es",
            D(2023, 2, 14),
        ),
        (
            "Según el balance actualizado este miércoles, hubo doce heridos en la marcha.",
            "es",
            D(2023, 2, 14),
        ),
        # the clause after "after" / "tras" names the incident's own day
        ("La ciudad amaneció hoy en calma, tras los choques que terminaron el lunes.", "es", D(2023, 2, 13)),
        ("The city woke up on Wednesday after clashes that ended on Monday night.", "en", D(2023, 2, 13)),
        # waking up to the incident itself, or an ordinary dated incident, keeps its day
        ("Villagers woke up to gunfire on Tuesday as soldiers entered the valley.", "en", D(2023, 2, 14)),
        ("Police fired tear gas at marchers on Wednesday.", "en", D(2023, 2, 15)),
    ],
)
def test_the_day_of_an_aftermath_is_not_the_incident_s(text: str, lang: str, want: dt.date) -> None:
    assert best(text, lang) == (want, "day")


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # the day of a statement yields to the day of what it reports
        (
            "The ombudsman said Wednesday that four marchers were shot dead in Monday's protest.",
            "en",
            D(2023, 2, 13),
        ),
        ("Officials on Tuesday announced that troops had cleared the road on Sunday.", "en", D(2023, 2, 12)),
        (
            "La Defensoría informó este miércoles que el lunes murieron dos comuneros en el bloqueo.",
            "es",
            D(2023, 2, 13),
        ),
        # a date that belongs to the incident, before the attribution, is not a statement's
        ("Marchers blocked the bridge on Tuesday, police said Wednesday.", "en", D(2023, 2, 14)),
    ],
)
def test_the_day_of_a_statement_yields_to_the_incident_s(text: str, lang: str, want: dt.date) -> None:
    assert best(text, lang) == (want, "day")


def test_a_weekday_with_the_day_picks_the_year_it_falls_in() -> None:
    # 1 March 2023 is a Wednesday, 1 March 2022 a Tuesday: the report of 15 February 2023 speaks
    # of next month, not of the year before
    assert best("The mine halts output from Wednesday, 1 March.", "en") == (D(2023, 3, 1), "day")
    spanish = "La mina detiene su producción desde el miércoles 1 de marzo."
    assert best(spanish, "es") == (D(2023, 3, 1), "day")
    # without a weekday a later day of the year is read as last year's, as before
    assert best("Miners stopped work on 1 March.", "en") == (D(2022, 3, 1), "day")


@pytest.mark.parametrize(
    "text",
    [
        "Police said on Tuesday that nine people were arrested.",
        "La policía informó el martes que detuvo a nueve personas.",
    ],
)
def test_the_day_of_a_statement_alone_dates_the_week_before_it(text: str) -> None:
    # what the police report happened on Tuesday or in the days before: precision week
    assert best(text, "es" if text.startswith("La") else "en") == (D(2023, 2, 14), "week")
