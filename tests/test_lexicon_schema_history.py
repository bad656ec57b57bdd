"""Schema of the history lexicon (cronica/data/lexicon/history.yaml) read by cronica.extract.history."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cronica.extract.dates import find_dates
from cronica.extract.history import is_background
from cronica.lexicon import load_lexicon

LANGS = ("en", "es")
# Word lists: plain lower-case words (history.py escapes them, and compares some with lower-cased text).
WORD_LISTS = (
    "event_nouns",
    "date_prepositions",
    "episode_determiners",
    "linking_prepositions",
    "date_articles",
    "year_words",
    "date_mention_articles",
    "since_words",
)


def test_history_yaml() -> None:
    data = load_lexicon("history")
    assert set(data) == set(LANGS)
    for lang in LANGS:
        lex = data[lang]
        assert set(lex) == {*WORD_LISTS, "recall_cues", "max_age_days"}, lang
        for key in WORD_LISTS:
            words = lex[key]
            assert isinstance(words, list) and words, f"{lang}.{key} empty"
            for w in words:
                assert isinstance(w, str) and re.fullmatch(r"[\w'-]+(?: [\w'-]+)*", w), f"{lang}.{key}: {w!r}"
                if key != "event_nouns":
                    assert w == w.lower(), f"{lang}.{key}: write {w!r} in lower case"
        for p in lex["recall_cues"]:
            compiled = re.compile(p)
            assert compiled.groups == 0 and not compiled.search(""), f"{lang}.recall_cues: {p!r}"
        assert isinstance(lex["max_age_days"], int) and lex["max_age_days"] > 30


def _background(text: str, lang: str, published: dt.date) -> bool:
    dates = find_dates(text, 0, len(text), lang, published)
    return is_background(text, 0, len(text), lang, published, dates)


JAN, FEB, MAR = dt.date(2023, 1, 12), dt.date(2023, 2, 15), dt.date(2023, 3, 15)


@pytest.mark.parametrize(
    ("text", "lang", "published", "expected"),
    [
        # A determiner before a date three weeks old that names an episode, or an episode noun and
        # a preposition before it: history. The same date told plainly is a current report.
        ("Many still talk about that December 20 march.", "en", JAN, True),
        ("Muchos aún hablan de la marcha del 20 de diciembre.", "es", JAN, True),
        ("On December 20 many marched.", "en", JAN, False),
        # Preposition, article and year word between the episode and its year.
        ("Many compared it with the general strike of the year 2022.", "en", FEB, True),
        ("Muchos la compararon con la huelga general del año 2022.", "es", FEB, True),
        # "Since" dates the start of the current crisis, not an episode of the past.
        ("Since the protests began in December, 20 people have died.", "en", MAR, False),
        ("After the protests began in December, 20 people died.", "en", MAR, True),
        ("Desde que empezaron las protestas en diciembre, murieron 20 personas.", "es", MAR, False),
        ("Cuando empezaron las protestas en diciembre, murieron 20 personas.", "es", MAR, True),
    ],
)
def test_word_lists_are_read_in_both_languages(
    text: str, lang: str, published: dt.date, expected: bool
) -> None:
    assert _background(text, lang, published) is expected
