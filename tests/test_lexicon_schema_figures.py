"""Schema of the figures and history lexicons (cronica/data/lexicon).

numbers.yaml and dates.yaml have their own schema tests.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

from cronica.model import FIGURE_KINDS

LANGS = ("en", "es")


def load(name: str) -> dict[str, Any]:
    path = resources.files("cronica").joinpath("data", "lexicon", f"{name}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _int_map(d: Any) -> None:
    assert isinstance(d, dict)
    for k, v in d.items():
        assert isinstance(k, str) and k == k.lower()
        assert isinstance(v, int) and v >= 0


def _regexes(items: Any) -> None:
    assert isinstance(items, list) and items
    for p in items:
        assert isinstance(p, str)
        re.compile(p)


@pytest.mark.parametrize("lang", LANGS)
def test_figures(lang: str) -> None:
    d = load("figures")[lang]
    for key in ("kind_words", "left_verbs"):
        assert set(d[key]) == {"killed", "injured", "arrested"}
        for words in d[key].values():
            assert words and all(isinstance(w, str) and w for w in words)
    assert set(d["qualifiers"]) == {"at_least", "about", "more_than", "up_to", "nearly"}
    for key in (
        "crowd_verbs",
        "crowd_left",
        "protest_nouns",
        "person_plural",
        "person_singular",
        "security_nouns",
    ):
        assert d[key] and all(isinstance(w, str) for w in d[key])
    for key in (
        "exclude_after",
        "exclude_before",
        "tally_left",
        "tally_right",
        "tally_sentence",
        "revision_cues",
        "clause_stops",
    ):
        _regexes(d[key])
    for key in ("exclude_after_referential", "tally_scope", "inherit_cues", "perfect_tense"):
        re.compile(d[key])
    assert set(d["patterns"]) == {"zero", "unknown", "one", "named"}
    for kind in ("zero", "unknown"):
        assert set(d["patterns"][kind]) <= set(FIGURE_KINDS)
        for pats in d["patterns"][kind].values():
            assert all(isinstance(p, str) for p in pats)
    assert set(d["tally_subject"]) == set(FIGURE_KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_history(lang: str) -> None:
    d = load("history")[lang]
    assert d["event_nouns"] and all(isinstance(w, str) for w in d["event_nouns"])
    _regexes(d["recall_cues"])
    assert isinstance(d["max_age_days"], int) and d["max_age_days"] > 0
