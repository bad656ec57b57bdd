"""Dates resolved against the publication date, in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.dates import event_date_for, find_dates

PUB = dt.date(2023, 1, 12)  # a Thursday
D = dt.date


def one(text: str, lang: str, published: dt.date | None = PUB) -> tuple[dt.date, dt.date | None, str]:
    found = find_dates(text, 0, len(text), lang, published)
    assert len(found) == 1, found
    return found[0].event_date, found[0].date_end, found[0].precision


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("On January 9, police fired.", "en", (D(2023, 1, 9), None, "day")),
        ("Jan. 9 clashes", "en", (D(2023, 1, 9), None, "day")),
        ("on 9 January", "en", (D(2023, 1, 9), None, "day")),
        ("el 9 de enero", "es", (D(2023, 1, 9), None, "day")),
        ("el lunes 9 de enero", "es", (D(2023, 1, 9), None, "day")),
        ("last Thursday", "en", (D(2023, 1, 5), None, "day")),
        ("el jueves pasado", "es", (D(2023, 1, 5), None, "day")),
        ("el pasado jueves", "es", (D(2023, 1, 5), None, "day")),
        ("protesters marched on Monday", "en", (D(2023, 1, 9), None, "day")),
        ("el lunes", "es", (D(2023, 1, 9), None, "day")),
        ("on Thursday", "en", (D(2023, 1, 12), None, "day")),
        ("yesterday", "en", (D(2023, 1, 11), None, "day")),
        ("ayer", "es", (D(2023, 1, 11), None, "day")),
        ("anoche", "es", (D(2023, 1, 11), None, "day")),
        ("last night", "en", (D(2023, 1, 11), None, "day")),
        ("today", "en", (PUB, None, "day")),
        ("hoy", "es", (PUB, None, "day")),
        ("this morning", "en", (PUB, None, "day")),
        ("esta mañana", "es", (PUB, None, "day")),
        ("hace tres días", "es", (D(2023, 1, 9), None, "day")),
        ("three days ago", "en", (D(2023, 1, 9), None, "day")),
        ("last week", "en", (D(2023, 1, 2), None, "week")),
        ("la semana pasada", "es", (D(2023, 1, 2), None, "week")),
        ("since Sunday", "en", (D(2023, 1, 8), PUB, "day")),
        ("desde el domingo", "es", (D(2023, 1, 8), PUB, "day")),
        ("in December", "en", (D(2022, 12, 1), None, "month")),
        ("en diciembre", "es", (D(2022, 12, 1), None, "month")),
        ("between 10 and 12 January", "en", (D(2023, 1, 10), D(2023, 1, 12), "day")),
        ("del 10 al 12 de enero", "es", (D(2023, 1, 10), D(2023, 1, 12), "day")),
        ("in 2000", "en", (D(2000, 1, 1), None, "year")),
        ("en el año 2000", "es", (D(2000, 1, 1), None, "year")),
        ("July 2000", "en", (D(2000, 7, 1), None, "month")),
        ("julio de 2000", "es", (D(2000, 7, 1), None, "month")),
    ],
)
def test_resolution(text: str, lang: str, expected: tuple[dt.date, dt.date | None, str]) -> None:
    assert one(text, lang) == expected


def test_day_month_without_year_takes_the_year_before_publication() -> None:
    assert one("on December 15", "en", D(2023, 1, 10))[0] == D(2022, 12, 15)
    assert one("el 15 de diciembre", "es", D(2023, 1, 10))[0] == D(2022, 12, 15)


def test_future_sentence_resolves_forward() -> None:
    assert one("Unions will march on Thursday.", "en")[0] == D(2023, 1, 19)
    assert one("Los gremios marcharán el jueves.", "es")[0] == D(2023, 1, 19)
    assert one("Unions plan to march on January 20.", "en")[0] == D(2023, 1, 20)


def test_without_publication_date_only_explicit_years_resolve() -> None:
    assert find_dates("on Monday", 0, 9, "en", None) == []
    assert one("on 9 January 2023", "en", None) == (D(2023, 1, 9), None, "day")
    text = "Police fired on Monday."
    assert event_date_for(text, 0, len(text), "en", None) == (None, None, "week", False)


def test_month_and_may_lookalikes() -> None:
    assert find_dates("the march began and they may return", 0, 36, "en", PUB) == []


def test_event_date_for_prefers_the_most_precise_date() -> None:
    text = "On January 9, protesters clashed with police, the worst violence since 2000."
    assert event_date_for(text, 0, len(text), "en", PUB) == (D(2023, 1, 9), None, "day", True)


def test_event_date_for_falls_back_to_context_then_publication() -> None:
    text = "Police fired on Monday. Many were hurt."
    second = text.index("Many")
    assert event_date_for(text, second, len(text), "en", PUB, context=(0, len(text))) == (
        D(2023, 1, 9),
        None,
        "day",
        True,
    )
    assert event_date_for(text, second, len(text), "en", PUB) == (PUB, None, "week", False)


def test_offsets_are_absolute() -> None:
    text = "Intro. Police fired yesterday."
    (d,) = find_dates(text, 7, len(text), "en", PUB)
    assert text[d.start : d.end] == "yesterday"
    assert d.relative
