"""event_location: the event's own place, not origins, seats or comparisons."""

from __future__ import annotations

from cronica.geo import event_location, geoparse
from cronica.model import Document, Place


def _locate(text: str, trigger: str, lang: str = "en") -> Place | None:
    doc = Document(doc_id="t", text=text, lang=lang)
    places = geoparse(doc)
    start = text.index(trigger)
    return event_location(doc, places, start, start + len(trigger))


def _sentence(text: str, sentence_start: str, lang: str = "en") -> Place | None:
    doc = Document(doc_id="t", text=text, lang=lang)
    start = text.index(sentence_start)
    end = text.find(".", start) + 1
    return event_location(doc, geoparse(doc), start, end)


def test_swiss_based_company_is_not_the_location() -> None:
    text = "Swiss-based Glencore said protesters attacked its Antapaccay mine on Sunday."
    got = _locate(text, "attacked")
    assert got is not None and got.name == "Antapaccay" and got.country_code == "PE"


def test_seat_alone_does_not_become_the_event_location() -> None:
    text = "Protesters blocked the road to Espinar. The Swiss-based company Glencore condemned the attack."
    got = _sentence(text, "The Swiss-based")
    assert got is not None and got.country_code == "PE"


def test_caravans_from_puno_heading_to_lima() -> None:
    text = "Caravans from Puno heading to Lima marched on Thursday."
    got = _sentence(text, "Caravans")
    assert got is not None and got.name == "Lima"
    es = "Caravanas desde Puno llegaron a Lima el jueves para marchar."
    got_es = _sentence(es, "Caravanas", "es")
    assert got_es is not None and got_es.name == "Lima"


def test_comparison_is_not_the_location() -> None:
    text = "Police fired tear gas in Juliaca, like in Bolivia in 2019."
    got = _sentence(text, "Police")
    assert got is not None and got.name == "Juliaca"


def test_nearest_preceding_place_in_paragraph() -> None:
    text = "Farmers gathered in Andahuaylas on Monday. Police later detained twelve of them."
    got = _sentence(text, "Police")
    assert got is not None and got.name == "Andahuaylas"


def test_dateline_is_the_fallback() -> None:
    text = "JULIACA, Peru — The strike entered its second week.\n\nPolice detained twelve people."
    got = _sentence(text, "Police")
    assert got is not None and got.name == "Juliaca" and got.geo_precision == 1


def test_no_place_gives_none() -> None:
    text = "Police detained twelve people after the march."
    assert _sentence(text, "Police") is None


def test_demonym_is_never_the_location() -> None:
    text = "Peruvian police detained twelve people."
    assert _sentence(text, "Peruvian") is None


def test_a_road_s_destination_is_not_the_location() -> None:
    text = "Farmers gathered in Andahuaylas on Monday. They blocked the road to Abancay with stones."
    got = _sentence(text, "They blocked")
    assert got is not None and got.name == "Andahuaylas"
    es = "Los agricultores se reunieron en Andahuaylas. Luego bloquearon la vía a Abancay con piedras."
    got_es = _sentence(es, "Luego", "es")
    assert got_es is not None and got_es.name == "Andahuaylas"


def test_a_road_linking_a_port_is_not_the_location() -> None:
    text = (
        "Truckers waited in Juliaca. "
        "On the highway linking the city with the port of Matarani, police cleared stones."
    )
    got = _sentence(text, "On the highway")
    assert got is not None and got.name == "Juliaca"


def test_a_town_that_names_a_road_is_not_the_location() -> None:
    text = "JULIACA, Peru — The strike went on.\n\nPolice fired tear gas along Arequipa Road on Tuesday."
    got = _sentence(text, "Police")
    assert got is not None and got.name == "Juliaca"


def test_a_march_to_protest_in_a_town_is_located_there() -> None:
    text = "Hundreds walked along the road to protest in Abancay on Monday."
    got = _sentence(text, "Hundreds")
    assert got is not None and got.name == "Abancay"


def test_the_seat_of_a_prosecutor_is_not_the_location() -> None:
    text = "Police clashed with farmers in Andahuaylas. The prosecutor's office in Abancay opened a case."
    got = _sentence(text, "The prosecutor")
    assert got is not None and got.name == "Andahuaylas"
    es = "La policía se enfrentó con campesinos en Andahuaylas. La Fiscalía de Abancay abrió un caso."
    got_es = _sentence(es, "La Fiscalía", "es")
    assert got_es is not None and got_es.name == "Andahuaylas"


def test_a_town_s_prosecutor_is_not_the_location() -> None:
    text = "Police clashed with farmers in Andahuaylas. The Abancay prosecutor's office opened a case."
    got = _sentence(text, "The Abancay")
    assert got is not None and got.name == "Andahuaylas"
