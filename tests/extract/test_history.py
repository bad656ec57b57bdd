"""Background: sentences that recount history are not new incidents."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.dates import find_dates
from cronica.extract.history import is_background

PUB = dt.date(2023, 1, 12)


def bg(text: str, lang: str = "en", published: dt.date | None = PUB) -> bool:
    dates = find_dates(text, 0, len(text), lang, published)
    return is_background(text, 0, len(text), lang, published, dates)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Protesters recalled the 2000 march against Fujimori.", "en"),
        ("The 2019 coup in Bolivia left dozens dead.", "en"),
        ("As in the protests of November 2020, police used tear gas.", "en"),
        ("Recordó la Marcha de los Cuatro Suyos del año 2000.", "es"),
        ("Las protestas de noviembre de 2020 dejaron dos muertos.", "es"),
        ("The December 7 coup triggered the unrest.", "en"),
        ("In 2000, thousands marched against Fujimori.", "en"),
    ],
)
def test_history(text: str, lang: str) -> None:
    assert bg(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On January 9, police fired on protesters.", "en"),
        ("On Monday protesters recalled the 2000 march.", "en"),
        ("Police attacked the January 9 march in Juliaca.", "en"),
        ("El lunes hubo 18 muertos.", "es"),
        ("Protesters blocked the road.", "en"),
    ],
)
def test_current(text: str, lang: str) -> None:
    assert not bg(text, lang)


def test_without_publication_date_explicit_history_is_still_background() -> None:
    assert bg("The 2019 coup in Bolivia left dozens dead.", published=None)
    assert not bg("Protesters marched on Monday.", published=None)
