"""same_scene and country_place: which resolved places can host one incident."""

from __future__ import annotations

from cronica.geo import country_place, same_scene
from cronica.model import Place

JULIACA = Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1)
AIRPORT = Place(
    "Inca Manco Cápac International Airport", "Peru", "PE", "Puno", "San Román", -15.47, -70.16, None, 1
)
ILAVE = Place("Ilave", "Peru", "PE", "Puno", "El Collao", -16.08, -69.64, 3938415, 1)
EL_COLLAO = Place("El Collao", "Peru", "PE", "Puno", "El Collao", -16.08, -69.64, None, 2)
PUNO_REGION = Place("Puno", "Peru", "PE", "Puno", None, -15.84, -70.02, 3931275, 3)
LA_PAZ = Place("La Paz", "Bolivia", "BO", "La Paz", None, -16.5, -68.15, 3911925, 1)


def test_same_scene() -> None:
    assert same_scene(JULIACA, JULIACA)
    assert same_scene(JULIACA, AIRPORT)  # the airport serves the town
    assert same_scene(ILAVE, EL_COLLAO)  # a town in its province
    assert same_scene(PUNO_REGION, JULIACA) and same_scene(PUNO_REGION, ILAVE)
    assert not same_scene(JULIACA, ILAVE)
    assert not same_scene(AIRPORT, ILAVE)
    assert not same_scene(JULIACA, LA_PAZ)


def test_country_place() -> None:
    peru = country_place("PE")
    assert peru is not None and peru.name == "Peru" and peru.geo_precision == 3 and peru.admin1 is None
    assert -20 < (peru.lat or 0) < 0 and -82 < (peru.lon or 0) < -68
    bolivia = country_place("BO")
    assert bolivia is not None and bolivia.name == "Bolivia"
    assert country_place(None) is None and country_place("XX") is None
