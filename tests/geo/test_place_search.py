"""Gazetteer name search for the review form: accents, prefixes, country filter, order, limit."""

from __future__ import annotations

from cronica.geo.place_search import place_dict, search_places


def test_an_exact_name_comes_first_and_carries_its_location_keys() -> None:
    found = search_places("juliaca")
    assert found[0].name == "Juliaca" and found[0].country_code == "PE"
    place = place_dict(found[0])
    assert place["geonames_id"] == 3937513 and place["country"] == "Peru" and place["admin1"] == "Puno"
    assert {"lat", "lon", "admin2", "feature"} <= set(place)


def test_a_prefix_without_accents_finds_the_accented_name_once() -> None:
    found = search_places("APURIM")
    assert [e.name for e in found] == ["Apurímac"]
    assert all(e.feature != "demonym" for e in found)


def test_country_filter_and_limit() -> None:
    found = search_places("san", country="bo", limit=3)
    assert len(found) == 3 and {e.country_code for e in found} == {"BO"}
    populations = [e.population for e in found if not e.curated]
    assert populations == sorted(populations, reverse=True)


def test_nothing_to_search_finds_nothing() -> None:
    assert search_places("  ") == [] and search_places("--") == []
    assert search_places("qqqzzzxxy") == []
    assert search_places("lima", limit=0) == []
