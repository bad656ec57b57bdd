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


def test_name_vocabulary_shapes_keys_and_display_names() -> None:
    """gazetteer_names.yaml at work: abbreviations, short forms and display names."""
    gaz = load_gazetteer()
    # a Spanish abbreviation is spelt out
    assert [e.geonames_id for e in gaz.lookup("Pto. Maldonado")] == [3931470]
    # a county is found without its suffix, in each state that has one
    hall = {e.admin1 for e in gaz.lookup("Hall") if e.feature == "province" and e.country_code == "US"}
    assert {"Georgia", "Nebraska", "Texas"} <= hall
    # "Departamento de Villaguay": shown and found without its administrative words
    dept = [e for e in gaz.lookup("Departamento de Villaguay") if e.feature == "province"]
    assert [(e.name, e.country_code, e.admin1, e.geonames_id) for e in dept] == [
        ("Villaguay", "AR", "Entre Ríos", 3427426)
    ]
    assert any(e.geonames_id == 3427426 for e in gaz.lookup("Villaguay"))
