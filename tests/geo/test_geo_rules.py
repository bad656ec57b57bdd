"""Recognition and resolution rules added after the LGL error analysis, on sentences of our own.

Most tests pass the NER spans by hand (``geoparse_with``) so that they check our rules, not
what the small spaCy model happens to tag.
"""

from __future__ import annotations

from cronica.geo import geoparse, load_gazetteer
from cronica.geo.parse import geoparse_with
from cronica.geo.recognize import NerSpan
from cronica.model import Document, PlaceMention


def _with(text: str, ents: list[tuple[str, str]] | None = None) -> list[PlaceMention]:
    """Geoparse with the given (surface, label) NER spans (every occurrence of the surface)."""
    spans: list[NerSpan] = []
    for surface, label in ents or []:
        start = text.find(surface)
        while start >= 0:
            spans.append(NerSpan(start, start + len(surface), label))
            start = text.find(surface, start + 1)
    return geoparse_with(Document(doc_id="t", text=text, lang="en"), load_gazetteer(), spans)


def _texts(places: list[PlaceMention]) -> list[str]:
    return [p.text for p in places]


def test_state_abbreviation_after_a_town() -> None:
    places = _with("The plant in Paris, Ill. will close in May.", [("Paris", "GPE")])
    assert _texts(places) == ["Paris", "Ill."]
    state = places[1]
    assert (state.feature, state.country_code, state.name) == ("region", "US", "Illinois")
    assert places[0].admin1 == "Illinois"  # the abbreviation contains the town


def test_state_abbreviation_that_is_a_word_is_not_a_place_alone() -> None:
    assert _with("He was taken ill. Doctors kept him in overnight.") == []
    assert _with("Miss. Jones and Mass. attendance were the topics.") == []


def test_continents_and_world_regions() -> None:
    places = _with("Prices rose across Europe and the Middle East but fell in Asia.")
    assert {p.text: p.feature for p in places} == {
        "Europe": "continent",
        "Middle East": "continent",
        "Asia": "continent",
    }
    europe = places[0]
    assert europe.country_code is None and europe.lat is not None and 40 < europe.lat < 55


def test_capitalised_country_abbreviation() -> None:
    places = _with("Exports to the US fell while trade with the UK grew.")
    assert [(p.text, p.country_code, p.feature) for p in places] == [
        ("US", "US", "country"),
        ("UK", "GB", "country"),
    ]


def test_one_sense_per_discourse() -> None:
    text = (
        "Gainesville approved a new budget on Monday. The Gainesville water plant will be "
        "repaired, and residents of Gainesville can comment until Friday."
    )
    first, second, third = (i for i in range(len(text)) if text.startswith("Gainesville", i))
    n = len("Gainesville")
    # NER calls the first one a person and the second part of an organisation
    spans = [
        NerSpan(first, first + n, "PERSON"),
        NerSpan(second, second + len("Gainesville water plant"), "ORG"),
        NerSpan(third, third + n, "GPE"),
    ]
    places = geoparse_with(Document(doc_id="t", text=text, lang="en"), load_gazetteer(), spans)
    assert [p.start for p in places if p.text == "Gainesville"] == [first, second, third]
    assert len({(p.lat, p.lon) for p in places}) == 1


def test_name_inside_a_longer_person_name_is_not_propagated() -> None:
    text = "Paris Hilton arrived late. The show moved to Paris in June."
    places = _with(text, [("Paris Hilton", "PERSON"), ("Paris in", "GPE")])
    assert [(p.text, p.start) for p in places] == [("Paris", text.rindex("Paris"))]


def test_compass_words_alone_are_not_places() -> None:
    text = "Storms hit the South and the West on Sunday, and South Florida flooded."
    places = _with(text, [("South", "LOC"), ("West", "LOC"), ("South Florida", "LOC")])
    assert _texts(places) == ["Florida"]


def test_county_inside_an_organisation_name() -> None:
    text = "The Anderson County Sheriff's Office said the road near Clinton, Tenn. reopened."
    places = _with(text, [("The Anderson County Sheriff's Office", "ORG"), ("Clinton", "GPE")])
    county = next(p for p in places if p.text == "Anderson County")
    assert county.feature == "province" and county.country_code == "US"


def test_state_named_elsewhere_in_the_report_picks_the_town() -> None:
    text = (
        "Flooding closed two roads in Gainesville on Tuesday. Hall County crews said the water "
        "would recede by the weekend, the worst flooding in Georgia this year."
    )
    places = _with(text, [("Gainesville", "GPE"), ("Hall County", "GPE"), ("Georgia", "GPE")])
    town = next(p for p in places if p.text == "Gainesville")
    assert (town.country_code, town.admin1) == ("US", "Georgia")
    # without the Georgian context, the larger Gainesville (Florida) wins
    alone = _with("Flooding closed two roads in Gainesville on Tuesday.", [("Gainesville", "GPE")])
    assert alone[0].admin1 == "Florida"


def test_end_to_end_with_spacy() -> None:
    places = geoparse(Document(doc_id="t", text="Flights to Europe resumed from Lima, Peru.", lang="en"))
    assert "Europe" in _texts(places) and "Lima" in _texts(places)


def test_a_town_in_a_named_neighbouring_country() -> None:
    from cronica.geo import geoparse
    from cronica.model import Document

    text = (
        "In Juliaca, Peru, people recalled how soldiers fired on protesters at the Senkata plant outside "
        "El Alto in neighbouring Bolivia in 2019."
    )
    found = {p.text: p.country_code for p in geoparse(Document("t", text, lang="en"))}
    assert found["El Alto"] == "BO" and found["Juliaca"] == "PE"
