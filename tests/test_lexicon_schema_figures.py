"""Schema of the figures and history lexicons (cronica/data/lexicon).

numbers.yaml and dates.yaml have their own schema tests.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

from cronica.extract.figures import find_figures
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


def _words(items: Any, where: str) -> None:
    """A list of plain phrases (a bare YAML `on` or `no` would be read as a boolean: quote it)."""
    assert isinstance(items, list), where
    assert all(isinstance(w, str) and w for w in items), where


def test_figures_sections() -> None:
    data = load("figures")
    assert set(data) == {*LANGS, "templates"}
    assert set(data["en"]) == set(data["es"])


@pytest.mark.parametrize("lang", LANGS)
def test_figures(lang: str) -> None:
    d = load("figures")[lang]
    for key in ("kind_words", "left_verbs"):
        assert set(d[key]) == {"killed", "injured", "arrested"}
        for words in d[key].values():
            assert words
            _words(words, key)
    assert set(d["qualifiers"]) == {"at_least", "about", "more_than", "up_to", "nearly"}
    for words in d["qualifiers"].values():
        _words(words, "qualifiers")
    for key in (
        "crowd_verbs",
        "crowd_left",
        "protest_nouns",
        "person_plural",
        "person_singular",
        "security_nouns",
        "range_between",
        "range_joiners",
        "range_joiners_after_between",
    ):
        assert d[key], key
        _words(d[key], key)
    for key in (
        "exclude_after",
        "exclude_before",
        "tally_left",
        "tally_right",
        "tally_sentence",
        "tally_sentence_weak",
        "revision_cues",
        "clause_stops",
        "scope_tally",
        "scope_incident",
        "scope_weak_tally",
        # read in both languages
        "strong_crowd_words",
        "incident_toll_heads",
        "breakdown_cues",
        "increment_words",
        "death_words",
    ):
        _regexes(d[key])
    for key in (
        "exclude_after_referential",
        "tally_scope",
        "inherit_cues",
        "perfect_tense",
        "toll_head",
        "toll_verb",
        "toll_carrier",
        "toll_carrier_to",
        "count_verbs",
        "speculation",
        "rest_weak_tally",
    ):
        assert isinstance(d[key], str), key
        re.compile(d[key])
    assert set(d["singular_kinds"]) == {"killed", "injured", "arrested"}
    for stems in d["singular_kinds"].values():
        _regexes(stems)
    assert set((d["toll_head_kinds"] or {}).values()) <= set(FIGURE_KINDS)
    assert set(d["patterns"]) == {"zero", "unknown", "one", "named"}
    for kind in ("zero", "unknown"):
        assert set(d["patterns"][kind]) <= set(FIGURE_KINDS)
        for pats in d["patterns"][kind].values():
            assert all(isinstance(p, str) for p in pats)
    for kind in ("one", "named"):
        assert d["patterns"][kind] and all(isinstance(p, str) for p in d["patterns"][kind])
    assert set(d["tally_subject"]) == set(FIGURE_KINDS)


TEMPLATES = {
    "name",
    "list_item",
    "left_verb",
    "protest_noun",
    "person_head",
    "security_head",
    "range_joiner_between",
    "crowd_verb_gap",
    "age_follows",
    "name_goes_on",
}
PLACEHOLDERS = {"PERSON", "PERSONS", "ANY", "LEFT", "NAME", "QUALIFIERS", "PROTEST", "SECURITY", "JOINERS"}


def test_figures_templates() -> None:
    templates = load("figures")["templates"]
    assert set(templates) == TEMPLATES
    for name, template in templates.items():
        assert isinstance(template, str) and template, name
        assert set(re.findall(r"\{([A-Z][A-Z0-9]*)\}", template)) <= PLACEHOLDERS, name
    for lang in LANGS:
        for pats in load("figures")[lang]["patterns"].values():
            for p in pats if isinstance(pats, list) else [q for ps in pats.values() for q in ps]:
                assert set(re.findall(r"\{([A-Z][A-Z0-9]*)\}", p)) <= PLACEHOLDERS, p


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Police killed at least 18 protesters."), ("es", "La policía mató al menos a 18 manifestantes.")],
)
def test_figures_lexicon_compiles(lang: str, text: str) -> None:
    """Every template and pattern expands and compiles: the figure is read."""
    assert [(f.kind, f.value) for f in find_figures(text, 0, len(text), lang)] == [("killed", 18)]


@pytest.mark.parametrize("lang", LANGS)
def test_history(lang: str) -> None:
    d = load("history")[lang]
    assert d["event_nouns"] and all(isinstance(w, str) for w in d["event_nouns"])
    _regexes(d["recall_cues"])
    assert isinstance(d["max_age_days"], int) and d["max_age_days"] > 0
