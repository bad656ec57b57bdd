"""Event tags, each of the nine, in English and Spanish (sentences written by us)."""

from __future__ import annotations

import pytest

from cronica.extract.tags import TAGS, find_tags


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


def test_all_nine_tags_covered() -> None:
    assert set(TAGS) == {
        "roadblock", "strike", "march", "live_ammunition", "tear_gas",
        "state_of_emergency", "curfew", "mine", "border",
    }  # fmt: skip


def test_landmine_is_not_a_mining_mine() -> None:
    assert "mine" not in find_tags("Two soldiers stepped on a land mine.", "en")


def test_no_tags_in_plain_text() -> None:
    assert find_tags("The council met to discuss the budget.", "en") == ()


def test_tags_in_fixed_order() -> None:
    found = find_tags("Strikers marched and blocked the road to the mine.", "en")
    assert list(found) == [t for t in TAGS if t in found]
    assert {"roadblock", "strike", "march", "mine"} <= set(found)
