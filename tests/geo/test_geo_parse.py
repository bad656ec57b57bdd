"""geoparse: recognition and resolution on sentences of our own, English and Spanish."""

from __future__ import annotations

from cronica.geo import geoparse, to_place
from cronica.model import Document, PlaceMention


def _parse(text: str, lang: str = "en") -> list[PlaceMention]:
    return geoparse(Document(doc_id="t", text=text, lang=lang))


def _by_text(places: list[PlaceMention], surface: str) -> PlaceMention:
    return next(p for p in places if p.text == surface)


def test_no_place_at_all() -> None:
    assert _parse("The union said the strike would continue until the minister resigned.") == []
    assert _parse("El sindicato dijo que la huelga seguirá hasta que renuncie el ministro.", "es") == []


def test_puno_region_city_and_pune() -> None:
    region = _by_text(_parse("Farmers in the region of Puno blocked roads for a third day."), "Puno")
    assert (region.feature, region.country_code) == ("region", "PE")
    city = _by_text(_parse("Marchers filled the main square in the city of Puno on Tuesday."), "Puno")
    assert (city.feature, city.country_code) == ("city", "PE")
    es = _by_text(_parse("Los comuneros de la región Puno anunciaron un paro.", "es"), "Puno")
    assert es.feature == "region" and es.admin1 == "Puno"
    pune = _by_text(_parse("Students marched through Pune, in India, on Friday."), "Pune")
    assert pune.country_code == "IN"


def test_lima_peru_vs_lima_ohio() -> None:
    peru = _by_text(_parse("Thousands marched in Lima, Peru, demanding new elections."), "Lima")
    assert peru.country_code == "PE" and peru.feature == "city"
    ohio = _by_text(_parse("A small rally took place in Lima, Ohio, outside the courthouse."), "Lima")
    assert ohio.country_code == "US" and ohio.admin1 == "Ohio"


def test_santa_rosa_context_decides() -> None:
    tacna = _parse("Truckers blocked the crossing at Santa Rosa, Tacna, on the border with Chile.")
    assert _by_text(tacna, "Santa Rosa").admin1 == "Tacna"
    pampa = _parse("Teachers protested in Santa Rosa, La Pampa, Argentina, over wages.")
    assert _by_text(pampa, "Santa Rosa").country_code == "AR"


def test_callao() -> None:
    p = _by_text(_parse("Dockworkers struck in Callao, next to Lima.", "en"), "Callao")
    assert p.country_code == "PE" and p.admin1 == "Callao"
    es = _by_text(_parse("Los estibadores del Callao acataron la huelga.", "es"), "Callao")
    assert es.country_code == "PE"


def test_misspelled_without_accents() -> None:
    p = _by_text(_parse("Residents of Apurimac and Huanuco joined the strike."), "Apurimac")
    assert p.name == "Apurímac" and p.feature == "region"
    es = _by_text(_parse("Los manifestantes de Junin y Huanuco bloquearon la via.", "es"), "Huanuco")
    assert es.name == "Huánuco" and es.country_code == "PE"


def test_curated_features_are_found() -> None:
    places = _parse(
        "Comuneros bloquearon la Panamericana Sur y el acceso a la mina Las Bambas; el aeropuerto de Juliaca "
        "cerró.",
        "es",
    )
    feats = {p.feature for p in places}
    assert {"road", "mine", "airport"} <= feats


def test_demonyms_are_recognised_as_demonyms() -> None:
    places = _parse("Peruvian police and Bolivian traders met the puneños at the border.")
    demonyms = {p.text: p.country_code for p in places if p.feature == "demonym"}
    assert demonyms.get("Peruvian") == "PE" and demonyms.get("Bolivian") == "BO"
    assert demonyms.get("puneños") == "PE"


def test_ner_spans_restricts_ner_but_not_gazetteer() -> None:
    text = "Nothing happened in Ayaviri. Police cleared a road in Sicuani."
    start = text.index("Police")
    places = geoparse(Document(doc_id="t", text=text, lang="en"), ner_spans=[(start, len(text))])
    assert "Sicuani" in {p.text for p in places}


def test_to_place_precision() -> None:
    places = _parse("Protesters in Juliaca, in the Puno region of Peru, blocked the Panamericana Sur.")
    precision = {p.text: to_place(p).geo_precision for p in places}
    assert precision["Juliaca"] == 1
    assert precision["the Panamericana Sur"] == 2 or precision.get("Panamericana Sur") == 2
    assert precision["Peru"] == 3
    juliaca = to_place(_by_text(places, "Juliaca"))
    assert (juliaca.country, juliaca.admin1, juliaca.admin2) == ("Peru", "Puno", "San Román")
