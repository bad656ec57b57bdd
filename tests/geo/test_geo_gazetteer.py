"""The gazetteer: names, accents, curated features, demonyms."""

from __future__ import annotations

from cronica.geo import load_gazetteer
from cronica.geo.gazetteer import normalize


def test_normalize_is_accent_and_case_insensitive() -> None:
    assert normalize("Apurímac") == normalize("APURIMAC") == "apurimac"
    assert normalize("St. Louis") == "saint louis"
    assert normalize("Santa Rosa–Chacalluta") == "santa rosa chacalluta"


def test_regions_by_every_spelling() -> None:
    gaz = load_gazetteer()
    for spelling in (
        "Cusco",
        "Cuzco",
        "Apurimac",
        "Apurímac",
        "El Callao",
        "Callao",
        "Lima Metropolitana",
        "Ancash",
    ):
        feats = {e.feature for e in gaz.lookup(spelling) if e.country_code == "PE"}
        assert "region" in feats, spelling


def test_curated_features_resolve_with_admin_levels() -> None:
    gaz = load_gazetteer()
    bambas = [e for e in gaz.lookup("Las Bambas") if e.feature == "mine"]
    assert bambas and bambas[0].admin1 == "Apurímac" and bambas[0].country_code == "PE"
    assert any(e.feature == "border" for e in gaz.lookup("Desaguadero"))
    assert any(e.feature == "airport" for e in gaz.lookup("aeropuerto de Juliaca"))
    juliaca = next(e for e in gaz.lookup("Juliaca") if e.feature == "city")
    assert (juliaca.admin1, juliaca.admin2, juliaca.geonames_id) == ("Puno", "San Román", 3937513)


def test_demonyms_point_at_their_place() -> None:
    gaz = load_gazetteer()
    assert [e.country_code for e in gaz.lookup("puneños")] == ["PE"]
    assert gaz.lookup("puneños")[0].admin1 == "Puno"
    assert {e.country_code for e in gaz.lookup("Bolivian")} == {"BO"}


def test_spanish_country_names() -> None:
    gaz = load_gazetteer()
    assert any(e.country_code == "DE" and e.feature == "country" for e in gaz.lookup("Alemania"))
    assert any(e.country_code == "US" and e.feature == "country" for e in gaz.lookup("Estados Unidos"))
