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
