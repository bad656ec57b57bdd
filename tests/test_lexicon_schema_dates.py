"""Schema of the dates lexicon (cronica/data/lexicon/dates.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from cronica.extract.dates import _READERS, find_dates
from cronica.extract.numbers import LANGS
from cronica.lexicon import load_lexicon

# lists of plain words (a bare YAML `on` or `no` would be read as a boolean: quote it)
WORD_LISTS = (
    "ambiguous_months",
    "weekday_past",
    "weekday_future",
    "since",
    "ago_one",
    "ago_few",
    "month_next",
    "month_last",
    "first_day",
    "capital_months",
    "capital_preps",
    "name_preps",
    "lead_words",
)
# lists of regular expressions, each language its own, read in both
REGEX_LISTS = (
    "future_cues",
    "not_a_year_before",
    "currency_signs",
    "same_year",
    "since_began",
    "comparison",
    "deadline",
    "proposal_target",
    "embedded_episode",
    "aftermath",
    "telling",
)
MAPS = ("months", "weekdays", "relative_days", "relative_periods", "units")
OTHER = ("ago", "bare_month_needs_capital", "relative_day_lookalikes", "fragments", "patterns")


def _regexes(items: Any, where: str) -> None:
    assert isinstance(items, list) and items, where
    for p in items:
        assert isinstance(p, str) and p, where
        re.compile(p)


def test_languages() -> None:
    assert set(load_lexicon("dates")) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_keys(lang: str) -> None:
    assert set(load_lexicon("dates")[lang]) == {*WORD_LISTS, *REGEX_LISTS, *MAPS, *OTHER}


@pytest.mark.parametrize("lang", LANGS)
def test_words(lang: str) -> None:
    d = load_lexicon("dates")[lang]
    for key in WORD_LISTS:
        assert isinstance(d[key], list), key
        assert all(isinstance(w, str) and w and w == w.lower() for w in d[key]), key
    for key in ("weekday_past", "weekday_future", "since", "ago_one", "lead_words"):
        assert d[key], f"{lang}.{key} is empty"
    assert sorted(set(d["months"].values())) == list(range(1, 13))
    assert sorted(set(d["weekdays"].values())) == list(range(7))
    assert set(d["ambiguous_months"]) <= set(d["months"])
    assert set(d["capital_months"]) <= set(d["months"])
    for v in d["relative_days"].values():
        assert isinstance(v, int)
    for v in d["relative_periods"].values():
        assert v["unit"] in ("week", "weekend", "month", "year") and isinstance(v["offset"], int)
    assert set(d["units"].values()) <= {"day", "week", "month", "year"}
    assert isinstance(d["ago"], str) and d["ago"]
    assert isinstance(d["bare_month_needs_capital"], bool)


@pytest.mark.parametrize("lang", LANGS)
def test_regexes(lang: str) -> None:
    d = load_lexicon("dates")[lang]
    for key in REGEX_LISTS:
        _regexes(d[key], f"{lang}.{key}")
    for entry in d["relative_day_lookalikes"]:
        assert set(entry) == {"word", "preceded_by", "followed_by"}
        assert entry["word"] in d["relative_days"]
        _regexes([entry["preceded_by"], entry["followed_by"]], f"{lang}.relative_day_lookalikes")


@pytest.mark.parametrize("lang", LANGS)
def test_patterns(lang: str) -> None:
    d = load_lexicon("dates")[lang]
    for name, fragment in d["fragments"].items():
        assert re.fullmatch(r"[A-Z][A-Z0-9]*", name) and isinstance(fragment, str), name
    assert isinstance(d["patterns"], list) and d["patterns"]
    for p in d["patterns"]:
        assert set(p) == {"kind", "pattern"}, p
        assert p["kind"] in _READERS, p["kind"]
        assert isinstance(p["pattern"], str) and p["pattern"]
    # every pattern expands (no unknown placeholder) and compiles
    text = "On Monday, 9 January 2023; el lunes 9 de enero de 2023"
    assert find_dates(text, 0, len(text), lang, dt.date(2023, 1, 12))
