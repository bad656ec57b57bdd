"""Schema of the event, actor and tag lexicons: every entry well formed and compilable."""

from __future__ import annotations

import re

import pytest

from cronica.extract.actors import default_actor, find_actors
from cronica.extract.event_lexicon import GOVERNOR_SCOPES, LANGS, event_lexicon, fold, load_yaml
from cronica.extract.events import FILTERS, detect_events
from cronica.extract.tags import find_tags
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import actor_type_names

# The tags users filter on (DESIGN.md section 3).
DESIGN_TAGS = [
    "roadblock", "strike", "march", "live_ammunition", "tear_gas",
    "state_of_emergency", "curfew", "mine", "border",
]  # fmt: skip
# The word lists events.py reads from `rules` (each placed inside one of its patterns).
RULE_LISTS = {
    "clause_break", "grievance", "grievance_articles", "serious_injury", "military_target", "passive_loss",
    "strong_state_force", "declared", "less_lethal", "state_victims", "passive_auxiliaries", "state_deaths",
    "state_injuries", "state_victim_killed", "crowd", "clause_continuation", "contrast", "date_words",
    "place_prepositions", "place_articles", "firing",
}  # fmt: skip
UNNAMED_ROLES = {"protesters", "rioters", "mob", "civilians", "police"}


def _check_pattern(p: object, where: str) -> None:
    assert isinstance(p, str) and p.strip() == p and p, f"{where}: {p!r}"
    assert p == p.translate(str.maketrans("", "", "áéíóúñÁÉÍÓÚÑ")), f"{where}: write {p!r} without accents"
    # Patterns sit inside word boundaries: an alternative that ends in a space can never match.
    assert not re.search(r" \)[*]?\)*$", p), f"{where}: {p!r} ends in a space"
    compiled = re.compile(p)
    assert compiled.groups == 0, f"{where}: use (?:...) in {p!r}"
    assert not compiled.match(""), f"{where}: {p!r} matches the empty string"


def _check_entry(entry: object, where: str, *, one_language_may_be_empty: bool = False) -> None:
    assert isinstance(entry, dict), where
    assert set(entry) <= set(LANGS), where
    for lang in LANGS:
        patterns = entry.get(lang)
        assert isinstance(patterns, list), f"{where}.{lang} missing"
        assert patterns or one_language_may_be_empty, f"{where}.{lang} empty"
        for p in patterns:
            _check_pattern(p, f"{where}.{lang}")
    assert any(entry[lang] for lang in LANGS), f"{where}: no pattern at all"


def test_events_yaml() -> None:
    data = load_yaml("events")
    assert data["version"] == 1
    cues = data["cues"]
    for name, entry in cues.items():
        _check_entry(entry, f"cues.{name}")
    assert set(data["triggers"]) <= set(cues)
    assert set(data["filters"]) == set(FILTERS)
    for name, entry in data["filters"].items():
        _check_entry(entry, f"filters.{name}")
    for name, entry in data["governors"].items():
        assert isinstance(entry.get("window"), int) and 0 < entry["window"] <= 300, f"governors.{name}.window"
        assert entry.get("scope") in GOVERNOR_SCOPES, f"governors.{name}.scope"
        _check_entry({k: v for k, v in entry.items() if k in LANGS}, f"governors.{name}")


def test_events_yaml_rules() -> None:
    rules = load_yaml("events")["rules"]
    assert set(rules) == RULE_LISTS
    for name, entry in rules.items():
        # Some rules only know English grammar (passive auxiliaries): the other list may be empty.
        _check_entry(entry, f"rules.{name}", one_language_may_be_empty=True)


def test_actors_yaml() -> None:
    data = load_yaml("actors")
    assert data["version"] == 1
    assert set(data["types"]) == set(actor_type_names())
    for name, entry in data["types"].items():
        _check_entry(entry, f"actors.{name}")
    _check_entry(data["determiners"], "actors.determiners")


def test_actors_yaml_unnamed() -> None:
    unnamed = load_yaml("actors")["unnamed"]
    assert set(unnamed) == UNNAMED_ROLES
    for role, entry in unnamed.items():
        assert entry["type"] in actor_type_names(), role
        for lang in LANGS:
            assert isinstance(entry[lang], str) and entry[lang].strip() == entry[lang] != "", f"{role}.{lang}"


def test_tags_yaml() -> None:
    data = load_yaml("tags")
    assert data["version"] == 1
    assert list(data["tags"]) == DESIGN_TAGS
    for name, entry in data["tags"].items():
        _check_entry(entry, f"tags.{name}")


@pytest.mark.parametrize("lang", LANGS)
def test_lexicons_compile_per_language(lang: str) -> None:
    lex = event_lexicon(lang)
    assert set(lex.filters) == set(FILTERS) and lex.triggers <= set(lex.cues)
    assert lex.gate.search(
        "Police fired tear gas at protesters. La policía disparó contra los manifestantes."
    )
    assert find_tags("", lang) == ()
    assert find_actors("", lang) == []


def test_rules_compile_and_read_both_languages() -> None:
    # A clause break in each language splits one sentence into two events.
    for text, lang in (
        ("Students marched in the capital, while in another town police arrested ten farmers.", "en"),
        (
            "Los estudiantes marcharon en la capital, mientras que en otra ciudad la policía detuvo a diez.",
            "es",
        ),
    ):
        assert len(detect_events(text, split_sentences(text), lang)) == 2, text


def test_unnamed_actors_in_each_language() -> None:
    assert (default_actor("police", "es").name, default_actor("police", "es").type) == (
        "Policía",
        "state_forces",
    )
    assert default_actor("mob", "en").name == "Rioters" and default_actor("mob", "es").name == "Turba"
    assert default_actor("civilians", "pt").name == "Civilians"  # other languages: English


@pytest.mark.parametrize(
    ("text", "lang", "cue", "found"),
    [
        # tear-gas shells are not artillery; shells fired by an army are
        ("Police lobbed tear-gas shells at the crowd.", "en", "shelling", False),
        ("Officers fired teargas shells near the market.", "en", "shelling", False),
        ("The army shelled the village at dawn.", "en", "shelling", True),
        # a gathering to protest, in the present as in the past
        ("Los padres se concentran frente al Consejo Escolar.", "es", "protest", True),
        ("Los vecinos se concentraron en la plaza.", "es", "protest", True),
        # "en marcha" is "under way", not a march
        ("La renovación de la flota está en marcha.", "es", "protest", False),
        ("La marcha llegó a la plaza central.", "es", "protest", True),
    ],
)
def test_cue_vocabulary_classes(text: str, lang: str, cue: str, found: bool) -> None:
    assert bool(event_lexicon(lang).cues[cue].search(fold(text))) is found


def test_the_march_tag_leaves_under_way_alone() -> None:
    assert "march" not in find_tags("El plan ya está en marcha.", "es")
    assert "march" in find_tags("La marcha recorrió el centro.", "es")
