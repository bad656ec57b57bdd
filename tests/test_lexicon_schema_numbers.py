"""Schema of the numbers lexicon (cronica/data/lexicon/numbers.yaml)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cronica.extract.numbers import LANGS, find_numbers
from cronica.lexicon import load_lexicon

KEYS = {
    "units",
    "tens",
    "hundreds",
    "scales",
    "fixed",
    "vague",
    "joiners",
    "vague_with_complement",
    "articles",
}


def _int_map(d: Any) -> None:
    assert isinstance(d, dict)
    for k, v in d.items():
        assert isinstance(k, str) and k == k.lower(), k
        assert isinstance(v, int) and not isinstance(v, bool) and v >= 0, (k, v)


def _strings(items: Any) -> None:
    assert isinstance(items, list)
    assert all(isinstance(w, str) and w for w in items), items


def test_languages() -> None:
    assert set(load_lexicon("numbers")) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_numbers(lang: str) -> None:
    d = load_lexicon("numbers")[lang]
    assert set(d) == KEYS
    for key in ("units", "tens", "scales", "fixed", "vague"):
        _int_map(d[key])
    _int_map(d["hundreds"] or {})
    _strings(d["joiners"])
    _strings(d["articles"])
    assert set(d["articles"]) <= set(d["units"])
    complement = d["vague_with_complement"]
    assert set(complement) == {"words", "complement"}
    _strings(complement["words"])
    assert set(complement["words"]) <= set(d["vague"])
    re.compile(complement["complement"])
    # ACLED's conventions for vague amounts
    vague = d["vague"]
    conventions = {
        "en": {"dozens": 12, "hundreds": 100, "thousands": 1000, "tens": 10},
        "es": {"decenas": 10, "docenas": 12, "cientos": 100, "centenares": 100, "miles": 1000},
    }
    for word, value in conventions[lang].items():
        assert vague[word] == value


@pytest.mark.parametrize(
    ("lang", "text", "value"), [("en", "tens of thousands", 10000), ("es", "decenas", 10)]
)
def test_lexicon_compiles(lang: str, text: str, value: int) -> None:
    assert [n.value for n in find_numbers(text, 0, len(text), lang)] == [value]
