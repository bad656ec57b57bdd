"""Schema of the police lexicon (cronica/data/lexicon/police.yaml) read by cronica.evaluate.police."""

from __future__ import annotations

import re

import pytest

from cronica.evaluate.police import ACTION_LISTS, police_actions
from cronica.extract.event_lexicon import LANGS, load_yaml

RULE_LISTS = {"killer_prepositions", "killer_articles", "state_killers", "clause_stops"}


def _check_entry(entry: object, where: str) -> None:
    assert isinstance(entry, dict) and set(entry) == set(LANGS), where
    for lang in LANGS:
        patterns = entry[lang]
        assert isinstance(patterns, list) and patterns, f"{where}.{lang} empty"
        for p in patterns:
            assert isinstance(p, str) and p.strip() == p and p, f"{where}.{lang}: {p!r}"
            assert p == p.translate(str.maketrans("", "", "áéíóúñÁÉÍÓÚÑ")), (
                f"{where}: write {p!r} without accents"
            )
            compiled = re.compile(p)
            assert compiled.groups == 0, f"{where}: use (?:...) in {p!r}"
            assert not compiled.match(""), f"{where}: {p!r} matches the empty string"


def test_police_yaml() -> None:
    data = load_yaml("police")
    assert data["version"] == 1
    assert set(data["actions"]) == set(ACTION_LISTS)
    for name, entry in data["actions"].items():
        _check_entry(entry, f"actions.{name}")
    assert set(data["rules"]) == RULE_LISTS
    for name, entry in data["rules"].items():
        _check_entry(entry, f"rules.{name}")


def test_events_yaml_keeps_no_police_section() -> None:
    # The pipeline's lexicon holds only what the pipeline reads.
    assert "police" not in load_yaml("events")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # A death put on someone else is not a police killing, though the police used force.
        ("Police fired in the air and two traders were killed by the mob.", "en", {"FORCE"}),
        ("Los agentes dispararon al aire y dos comerciantes murieron a manos de una turba.", "es", {"FORCE"}),
        # A contrast ends the clause: the police named before it did not open fire.
        ("Police stood by, but rioters opened fire on the crowd.", "en", set()),
        ("La policía observaba, pero unos encapuchados abrieron fuego contra la multitud.", "es", set()),
    ],
)
def test_rule_lists_are_read_in_both_languages(text: str, lang: str, expected: set[str]) -> None:
    assert police_actions(text, lang) == frozenset(expected)
