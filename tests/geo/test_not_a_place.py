"""Names that are not places (issue 17, part 2), on English and Spanish sentences of our own.

People named after towns, titles, a capital speaking for its government, a demonym that tells a
weapon's make, and a neighbourhood of the report's city. NER spans are given by hand (as the
pipeline passes the roles stage's parse), so the tests check our rules, not the small models.
"""

from __future__ import annotations

from cronica.geo import load_gazetteer
from cronica.geo.parse import geoparse_with
from cronica.geo.recognize import NerSpan
from cronica.model import Document, PlaceMention


def _parse(
    text: str,
    ents: list[tuple[str, str]] | None = None,
    lang: str = "en",
    dateline: tuple[int, int] | None = None,
) -> list[PlaceMention]:
    spans: list[NerSpan] = []
    for surface, label in ents or []:
        start = text.find(surface)
        while start >= 0:
            spans.append(NerSpan(start, start + len(surface), label))
            start = text.find(surface, start + 1)
    doc = Document(doc_id="t", text=text, lang=lang)
    if dateline is None:
        return geoparse_with(doc, load_gazetteer(), spans, lang=lang)
    return geoparse_with(doc, load_gazetteer(), spans, lang=lang, dateline=dateline)


def _resolved(places: list[PlaceMention]) -> dict[str, str | None]:
    """Each mention's text and the country it was resolved to (None: left unresolved)."""
    return {p.text: p.country_code for p in places}


def test_a_run_of_given_names_and_surnames_is_a_person() -> None:
    text = "Among those detained were Claudia Carolina Sanchez Flores and two students."
    assert _resolved(_parse(text)) == {}
    text = "Carolina Flores, vecina de Cusco, denunció la agresión ante la policía."
    assert _resolved(_parse(text, [("Cusco", "LOC")], "es")) == {"Cusco": "PE"}
    text = "Paz Rodríguez encabezó la marcha de los maestros en Sucre."
    assert "Rodríguez" not in _resolved(_parse(text, [("Sucre", "LOC")], "es"))
    # a headline in title case capitalises every word: no run of names there
    text = "Miners Clash With Police In Cusco Over Water Rights\nThe clashes went on for hours."
    assert _resolved(_parse(text)) == {"Cusco": "PE"}


def test_a_country_inside_a_long_person_name() -> None:
    # "Mauricio" is Mauritius in Spanish, "Carlos Mauricio Guzman Aguilar" a police director
    text = "The director, Carlos Mauricio Guzman Aguilar, said the rebels fled toward the hills."
    assert _resolved(_parse(text)) == {}
    # a country beside one capitalised word still names the country
    text = "Peru Libre lawmakers walked out of the session."
    assert _resolved(_parse(text, [("Peru Libre", "ORG")])) == {"Peru": "PE"}


def test_a_name_after_a_title_or_honorific_is_a_person() -> None:
    text = "We spoke with Mr. Lima outside the courthouse in Fresno."
    assert _resolved(_parse(text, [("Fresno", "GPE")])) == {"Fresno": "US"}
    text = "La Sra. Mercedes relató que los policías entraron a su casa en Salta."
    assert "Mercedes" not in _resolved(_parse(text, [("Salta", "LOC")], "es"))


def test_organisations_and_offices_keep_the_place_they_are_named_after() -> None:
    text = "The Lima Chamber of Commerce said exports fell, and Bogota Mayor Carolina Vargas agreed."
    found = _resolved(_parse(text, [("Lima Chamber of Commerce", "ORG"), ("Bogota", "GPE")]))
    assert set(found) == {"Lima", "Bogota"} and found["Lima"] == "PE"
    # a region and its state with no comma between: a container, not a surname
    text = "Protesters marched through Atlanta Georgia on Sunday."
    assert _resolved(_parse(text)) == {"Atlanta": "US", "Georgia": "US"}


def test_a_capital_speaking_for_its_government() -> None:
    text = "Washington on Tuesday accused the government of fraud after the clashes in Caracas."
    assert _resolved(_parse(text, [("Washington", "GPE"), ("Caracas", "GPE")])) == {"Caracas": "VE"}
    text = "Moscú también acusó al gobierno de provocar los disturbios en Minsk."
    assert _resolved(_parse(text, [("Moscú", "LOC"), ("Minsk", "LOC")], "es")) == {"Minsk": "BY"}


def test_a_demonym_that_tells_a_weapons_make_names_no_country() -> None:
    text = "Police seized one North Korean 9-mm pistol and a Chinese-made rifle in Soyapango."
    ents = [("North Korean", "NORP"), ("Chinese", "NORP"), ("Soyapango", "GPE")]
    assert _resolved(_parse(text, ents)) == {"Soyapango": "SV"}
    # a delegation from a country still names it
    text = "A North Korean delegation arrived in Havana."
    assert _resolved(_parse(text, [("North Korean", "NORP"), ("Havana", "GPE")])) == {
        "North Korean": "KP",
        "Havana": "CU",
    }


def test_a_neighbourhood_is_never_a_town_abroad() -> None:
    text = "Four rebels were captured in the Malaga neighborhood of San Salvador on Tuesday."
    found = _resolved(_parse(text, [("San Salvador", "GPE")]))
    assert found == {"Malaga": None, "San Salvador": "SV"}
    text = "La policía desalojó a veinte familias de la colonia Carolina, en Tegucigalpa."
    found = _resolved(_parse(text, [("Tegucigalpa", "LOC")], "es"))
    assert found == {"Carolina": None, "Tegucigalpa": "HN"}


def test_the_filing_place_is_read_by_its_own_evidence() -> None:
    # the story's one other name points to a town in Spain; the dateline is still El Salvador's capital
    text = "San Salvador, 22 Dec 88 -- Police said the shoot-out took place in Monserrat."
    found = _resolved(_parse(text, [("San Salvador", "GPE"), ("Monserrat", "GPE")], dateline=(0, 12)))
    assert found["San Salvador"] == "SV"


def test_a_headline_is_a_short_title_case_line_not_a_paragraph() -> None:
    from cronica.geo.proper_names import headline

    title = "Police Clash With Farmers In Puno Region\nThe march began at dawn."
    assert headline(title, title.index("Puno"))
    assert not headline(title, title.index("march"))
    long_line = " ".join(["Farmers Marched Through Puno"] * 20)  # title case, but a paragraph's length
    assert not headline(long_line, long_line.index("Puno"))
    assert not headline(long_line, len(long_line) - 4)
