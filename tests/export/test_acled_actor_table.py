"""Schema of the ACLED actor table (cronica/data/acled_actors.yaml) read by cronica.export.actors."""

from __future__ import annotations

import copy
import datetime as dt
import re
from importlib import resources
from typing import Any

import pycountry
import pytest
import yaml

from cronica.export.actors import ActorTableError, actor_table, parse_actor_table
from cronica.taxonomy import inter_codes

# The countries of the factnews sets, and Peru: the table must give their state forces a period.
REQUIRED = {"PE", "CO", "CL", "EC", "BO", "NI", "VE", "PY", "GT", "KE", "LK", "IR", "BD", "MM", "NG", "HK",
            "FR", "KZ", "SZ", "GE"}  # fmt: skip


def _raw() -> dict[str, Any]:
    text = resources.files("cronica").joinpath("data", "acled_actors.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _check_patterns(entry: dict[str, Any], where: str) -> None:
    assert set(entry) & {"en", "es"} == {"en", "es"}, f"{where}: needs en and es"
    for lang in ("en", "es"):
        patterns = entry[lang]
        assert isinstance(patterns, list) and patterns, f"{where}.{lang} empty"
        assert len(set(patterns)) == len(patterns), f"{where}.{lang} repeats an entry"
        for p in patterns:
            assert isinstance(p, str) and p == p.strip() and p == p.lower(), f"{where}: {p!r}"
            assert p == p.translate(str.maketrans("", "", "áéíóúñü")), f"{where}: write {p!r} without accents"
            compiled = re.compile(p)
            assert compiled.groups == 0, f"{where}: use (?:...) in {p!r}"
            assert not compiled.fullmatch(""), f"{where}: {p!r} matches the empty string"


def test_the_sections() -> None:
    data = _raw()
    assert data["version"] == 1
    assert set(data) == {"version", "state_forces", "generic", "countries", "named_groups"}
    assert set(data["generic"]) == set(inter_codes()) - {"state_forces"}
    for kind, template in data["generic"].items():
        assert template is None or template.endswith(" ({country})"), kind


def test_state_force_kinds() -> None:
    section = _raw()["state_forces"]
    assert section["default"] in section["kinds"]
    for name, entry in section["kinds"].items():
        assert set(entry) == {"label", "en", "es"}, name
        assert entry["label"].count("{country}") == 1, name
        _check_patterns(entry, f"state_forces.{name}")


def test_countries_and_governments() -> None:
    countries = _raw()["countries"]
    assert set(countries) >= REQUIRED
    for code, entry in countries.items():
        assert set(entry) == {"name", "governments"}, code
        assert pycountry.countries.get(alpha_2=code) is not None, f"{code} is not an ISO 3166-1 code"
        assert entry["name"] and entry["name"] == entry["name"].strip(), code
        starts = [g["from"] for g in entry["governments"]]
        assert all(isinstance(s, dt.date) for s in starts), f"{code}: dates as YYYY-MM-DD"
        assert starts == sorted(set(starts)), f"{code}: governments in date order"
        assert all(set(g) == {"from", "head"} and g["head"] for g in entry["governments"]), code


def test_named_groups() -> None:
    data = _raw()
    names = [g["name"] for g in data["named_groups"]]
    assert len(set(names)) == len(names)
    for group in data["named_groups"]:
        where = group["name"]
        assert set(group) <= {"name", "country", "role", "type", "en", "es"}, where
        assert group["role"] in ("associate", "actor"), where
        assert (group["role"] == "actor") == ("type" in group), where
        if "type" in group:
            assert group["type"] in inter_codes() and group["type"] != "state_forces", where
        assert group.get("country") is None or group["country"] in data["countries"], where
        _check_patterns(group, where)


def test_the_bundled_table_parses() -> None:
    table = actor_table()
    assert set(table.countries) >= REQUIRED and table.groups


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["generic"].pop("rioters"), "generic"),
        (lambda d: d["state_forces"].update(default="navy"), "default"),
        (lambda d: d["countries"]["PE"]["governments"].reverse(), "date order"),
        (lambda d: d["named_groups"][0].update(role="sponsor"), "role"),
        (lambda d: d["named_groups"][0].update(es=["(unclosed"]), "bad pattern"),
    ],
)
def test_a_broken_table_is_refused_with_its_reason(change: Any, message: str) -> None:
    with pytest.raises(ActorTableError, match=message):
        parse_actor_table(_broken(change))
