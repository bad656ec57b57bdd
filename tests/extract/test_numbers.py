"""Numbers in English and Spanish: digits by each language's convention, words, vague amounts."""

from __future__ import annotations

import pytest

from cronica.extract.numbers import find_numbers, parse_digits, words_to_int


def _values(text: str, lang: str) -> list[tuple[str, int, bool]]:
    return [(text[n.start : n.end], n.value, n.vague) for n in find_numbers(text, 0, len(text), lang)]


@pytest.mark.parametrize(
    ("digits", "lang", "value"),
    [
        ("1.300", "es", 1300),
        ("1,300", "en", 1300),
        ("1,300", "es", 1300),
        ("49", "en", 49),
        ("3.5", "en", None),
    ],
)
def test_parse_digits(digits: str, lang: str, value: int | None) -> None:
    assert parse_digits(digits, lang) == value


@pytest.mark.parametrize(
    ("phrase", "lang", "value"),
    [
        ("eighteen", "en", 18),
        ("twenty-one", "en", 21),
        ("two hundred and five", "en", 205),
        ("dieciocho", "es", 18),
        ("veintiún", "es", 21),
        ("cuarenta y nueve", "es", 49),
        ("doscientos", "es", 200),
        ("dos mil trescientos", "es", 2300),
    ],
)
def test_words_to_int(phrase: str, lang: str, value: int) -> None:
    assert words_to_int(phrase, lang) == value


def test_spanish_thousands_separator() -> None:
    assert _values("marcharon 1.300 personas", "es") == [("1.300", 1300, False)]


def test_two_numbers_joined_by_and_stay_apart() -> None:
    assert [v for _t, v, _ in _values("between seventeen and eighteen", "en")] == [17, 18]
    assert [v for _t, v, _ in _values("entre diecisiete y dieciocho", "es")] == [17, 18]


def test_vague_amounts_follow_acled() -> None:
    assert _values("dozens of people", "en") == [("dozens", 12, True)]
    assert _values("tens of thousands marched", "en") == [("tens of thousands", 10000, True)]
    assert _values("decenas de heridos", "es") == [("decenas", 10, True)]
    assert _values("cientos de detenidos", "es") == [("cientos", 100, True)]
    assert _values("miles de personas", "es") == [("miles", 1000, True)]


def test_scale_after_digits() -> None:
    assert _values("1.5 million people", "en")[0][1] == 1_500_000
    assert _values("5 mil personas", "es")[0][1] == 5000


def test_spanish_articles_are_not_numbers() -> None:
    assert _values("una marcha y un paro", "es") == []


def test_offsets_are_absolute() -> None:
    text = "xxxx 18 dead"
    (n,) = find_numbers(text, 5, len(text), "en")
    assert (n.start, n.end, n.value) == (5, 7, 18)
