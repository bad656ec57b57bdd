"""Background on multi-sentence spans and in full reports."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.dates import find_dates
from cronica.extract.history import is_background

PUB = dt.date(2023, 1, 25)


def bg(text: str, lang: str = "en", start: int = 0, published: dt.date | None = PUB) -> bool:
    dates = find_dates(text, start, len(text), lang, published)
    return is_background(text, start, len(text), lang, published, dates)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Marchers recalled the protests of November 2020, when two students were killed. "
            "The police denied it.",
            "en",
        ),
        ("As in Bolivia in 2019, soldiers fired on a funeral march. Ten people died.", "en"),
        (
            "Los vecinos recordaron las protestas de noviembre de 2020, cuando murieron dos estudiantes. La "
            "policía lo negó.",
            "es",
        ),
        (
            "Como en Bolivia en 2019, los soldados dispararon contra un cortejo fúnebre. "
            "Murieron diez personas.",
            "es",
        ),
    ],
)
def test_recalled_episodes_are_background(text: str, lang: str) -> None:
    assert bg(text, lang)


def test_a_recalled_day_in_the_next_paragraph_is_still_background() -> None:
    text = "Its central day was 28 July 2000.\n\nOn the afternoon of 28 July a fire killed six guards."
    assert bg(text, start=text.index("On the afternoon"))
    text = (
        "Su jornada central fue el 28 de julio de 2000.\n\nEn la tarde del 28 de julio un "
        "incendio mató a seis."
    )
    assert bg(text, "es", start=text.index("En la tarde"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Troops fired on marchers in Ilave on January 20. As in Bolivia in 2019, the army "
            "blamed agitators.",
            "en",
        ),
        ("Two people died in Puno, the first deaths there since the protests began in December.", "en"),
        ("Es la primera muerte en Cusco desde el inicio de las protestas, el 7 de diciembre.", "es"),
        ("Con estas muertes, suman 50 los fallecidos desde el inicio de las protestas en diciembre.", "es"),
    ],
)
def test_current_events_with_a_past_reference_are_not_background(text: str, lang: str) -> None:
    assert not bg(text, lang)


def test_since_an_old_year_still_compares_with_history() -> None:
    assert bg("The 2000 march against Fujimori was the largest since the 1990s; in 2000, thousands marched.")
