"""Schema of the curated place YAML under cronica/data/places/."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from cronica.geo.gazetteer import CURATED_FEATURES

FEATURES = set(CURATED_FEATURES)
FEATURE_KEYS = {
    "name",
    "feature",
    "country_code",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "aliases",
    "iso_code",
    "geonames_id",
    "population",
    "prior",
}


def _files() -> dict[str, dict[str, Any]]:
    folder = resources.files("cronica.data") / "places"
    return {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    }


def test_there_are_curated_files() -> None:
    assert {"peru.yaml", "world.yaml"} <= set(_files())


def test_features_schema() -> None:
    names: set[tuple[str, str]] = set()
    for fname, data in _files().items():
        assert set(data) <= {
            "features",
            "city_aliases",
            "demonyms",
            "country_points",
            "region_aliases",
            "country_aliases",
            "state_abbreviations",
        }, fname
        for f in data.get("features") or []:
            assert set(f) <= FEATURE_KEYS, f
            assert isinstance(f["name"], str) and f["name"].strip()
            assert f["feature"] in FEATURES, f
            if f["feature"] == "continent":
                assert f["country_code"] is None, f
            else:
                assert isinstance(f["country_code"], str) and len(f["country_code"]) == 2
            assert isinstance(f["lat"], float | int) and -90 <= f["lat"] <= 90
            assert isinstance(f["lon"], float | int) and -180 <= f["lon"] <= 180
            assert all(isinstance(a, str) and a.strip() for a in f.get("aliases") or [])
            key = (f["name"], f["feature"])
            assert key not in names, f"duplicate {key}"
            names.add(key)


def test_other_sections_schema() -> None:
    for data in _files().values():
        for a in data.get("city_aliases") or []:
            assert isinstance(a["geonames_id"], int) and a["names"]
        for d in data.get("demonyms") or []:
            assert len(d["country_code"]) == 2 and d["names"]
        for a in data.get("region_aliases") or []:
            assert "-" in a["iso_code"] and a["names"]
        for code, names in (data.get("country_aliases") or {}).items():
            assert len(code) == 2 and names and all(isinstance(n, str) for n in names)
        for code, names in (data.get("state_abbreviations") or {}).items():
            assert "-" in code and names and all(n.endswith(".") for n in names)
        for code, point in (data.get("country_points") or {}).items():
            assert len(code) == 2 and len(point) == 2
            assert -90 <= point[0] <= 90 and -180 <= point[1] <= 180


def test_required_peru_features_present() -> None:
    feats = {f["name"]: f for f in _files()["peru.yaml"]["features"]}
    for name in (
        "Las Bambas",
        "Antapaccay",
        "Cerro Verde",
        "Tía María",
        "Cuajone",
        "Toquepala",
        "Antamina",
        "Desaguadero",
        "Panamericana Norte",
        "Panamericana Sur",
        "Carretera Central",
        "Interoceánica",
    ):
        assert name in feats, name
    regions = [f for f in feats.values() if f["feature"] == "region"]
    assert len(regions) >= 26  # 24 departments + Callao + Lima Metropolitana (+ Lima region)


def test_curated_coordinates_inside_peru() -> None:
    for f in _files()["peru.yaml"]["features"]:
        slack = 0.3 if f["feature"] == "border" else 0.0
        assert -18.4 - slack <= f["lat"] <= 0.0 + slack, f["name"]
        assert -81.4 - slack <= f["lon"] <= -68.6 + slack, f["name"]
