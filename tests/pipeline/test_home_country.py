"""The report's own country: the dateline's filing place against the story's other places."""

from __future__ import annotations

from cronica.model import PlaceMention
from cronica.pipeline.places import document_country, plausible_places


def _place(text: str, start: int, country: str, confidence: float, feature: str = "city") -> PlaceMention:
    return PlaceMention(
        "r", text, start, start + len(text), text, country, None, None, 0.0, 0.0, 1, feature, confidence
    )


def test_a_town_named_once_abroad_does_not_outweigh_the_filing_city() -> None:
    # "Quetzaltenango, 3 May -- ... in Villanueva": the bureau's city is read with little confidence
    # (many towns share its name), the one town the story names has a single, sure reading abroad
    filed = _place("Quetzaltenango", 0, "GT", 0.3)
    town = _place("Villanueva", 120, "ES", 1.0)
    assert document_country([filed, town], filed) == "GT"
    assert plausible_places([filed, town], filed) == [filed]


def test_an_agency_filing_from_abroad_gives_way_to_the_storys_country() -> None:
    # "MADRID, 1 Abr. (AGENCIA) - ... en La Paz ... La Paz": the story's city named twice
    filed = _place("MADRID", 0, "ES", 0.3)
    story = [_place("La Paz", 200, "BO", 0.45), _place("La Paz", 900, "BO", 0.45)]
    assert document_country([filed, *story], filed) == "BO"
    assert plausible_places([filed, *story], filed) == story
