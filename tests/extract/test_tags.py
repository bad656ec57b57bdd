"""Event tags, each of the nine, in English and Spanish (sentences written by us)."""

from __future__ import annotations

import pytest

from cronica.extract.events import detect_events
from cronica.extract.tags import find_tags, tag_names
from cronica.nlp.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "lang", "tag"),
    [
        ("Farmers set up roadblocks on the main road.", "en", "roadblock"),
        ("Los transportistas bloquearon la carretera.", "es", "roadblock"),
        ("Miners went on strike on Monday.", "en", "strike"),
        ("Los docentes iniciaron una huelga indefinida.", "es", "strike"),
        ("Thousands marched to the square.", "en", "march"),
        ("Miles marcharon hacia la plaza.", "es", "march"),
        ("Troops fired live ammunition at the crowd.", "en", "live_ammunition"),
        ("Los heridos presentaban impactos de bala.", "es", "live_ammunition"),
        ("Police used tear gas near the bridge.", "en", "tear_gas"),
        ("La policía lanzó gases lacrimógenos.", "es", "tear_gas"),
        ("The government declared a state of emergency.", "en", "state_of_emergency"),
        ("El Gobierno declaró el estado de emergencia.", "es", "state_of_emergency"),
        ("A night curfew was imposed in the city.", "en", "curfew"),
        ("Se impuso el toque de queda en Puno.", "es", "curfew"),
        ("Workers occupied the copper mine.", "en", "mine"),
        ("Los comuneros ingresaron a la mina.", "es", "mine"),
        ("Traders closed the border crossing.", "en", "border"),
        ("Cerraron el paso fronterizo con Bolivia.", "es", "border"),
    ],
)
def test_each_tag(text: str, lang: str, tag: str) -> None:
    assert tag in find_tags(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Striking miners marched to the copper mine and blocked the highway before police "
            "fired tear gas.",
            "en",
        ),
        (
            "Los huelguistas marcharon hacia la mina y bloquearon la carretera; la policía lanzó "
            "gases lacrimógenos.",
            "es",
        ),
    ],
)
def test_one_sentence_gets_every_tag_it_tells_in_the_fixed_order(text: str, lang: str) -> None:
    assert find_tags(text, lang) == ("roadblock", "strike", "march", "tear_gas", "mine")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("La huelga de los mineros siguió el martes.", "en"),  # Spanish words, read as English
        ("The strike of the miners went on on Tuesday.", "es"),  # English words, read as Spanish
    ],
)
def test_tags_read_the_report_in_its_language(text: str, lang: str) -> None:
    assert find_tags(text, lang) == ()


def test_unknown_language_is_read_as_english() -> None:
    assert find_tags("Thousands marched to the border.", "fr") == ("march", "border")


def test_accents_do_not_matter_and_folded_text_can_be_passed() -> None:
    written = "Se declaró el estado de excepción y rige el toque de queda."
    assert find_tags(written, "es") == ("state_of_emergency", "curfew")
    folded = "Se declaro el estado de excepcion y rige el toque de queda."
    assert find_tags(folded, "es", folded=True) == ("state_of_emergency", "curfew")


def test_a_curfew_is_not_a_state_of_emergency() -> None:
    assert find_tags("A curfew was imposed after the riots.", "en") == ("curfew",)


def test_event_candidates_carry_the_tags_of_their_clause() -> None:
    text = (
        "Police fired tear gas at farmers who had blocked the road. "
        "Elsewhere, teachers marched on the capital."
    )
    found = detect_events(text, split_sentences(text), "en")
    assert [e.tags for e in found] == [("roadblock", "tear_gas"), ("march",)]


def test_landmine_is_not_a_mining_mine() -> None:
    assert "mine" not in find_tags("Two soldiers stepped on a land mine.", "en")


def test_no_tags_in_plain_text() -> None:
    assert find_tags("The council met to discuss the budget.", "en") == ()


def test_tags_in_fixed_order() -> None:
    found = find_tags("Strikers marched and blocked the road to the mine.", "en")
    assert list(found) == [t for t in tag_names() if t in found]
    assert {"roadblock", "strike", "march", "mine"} <= set(found)
