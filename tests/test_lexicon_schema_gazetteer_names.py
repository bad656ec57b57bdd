"""Schema of cronica/data/lexicon/gazetteer_names.yaml: the gazetteer's name vocabulary."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml

from cronica.geo.gazetteer import normalize

LANGS = {"en", "es", "other"}


def _data() -> dict[str, dict[str, object]]:
    return yaml.safe_load((files("cronica") / "data/lexicon/gazetteer_names.yaml").read_text("utf-8"))


def test_sections_and_languages() -> None:
    data = _data()
    assert set(data) == {"abbreviations", "name_prefixes", "name_suffixes", "display_prefixes"}
    for name, section in data.items():
        assert section and set(section) <= LANGS, name
        assert all(section.values()), f"{name}: an empty language list"


def test_key_phrases_are_written_as_normalised_keys() -> None:
    """Prefixes and suffixes are matched against normalised keys, so they must be keys themselves."""
    data = _data()
    for name in ("name_prefixes", "name_suffixes"):
        seen: set[str] = set()
        for phrases in data[name].values():
            assert isinstance(phrases, list)
            for phrase in phrases:
                assert isinstance(phrase, str) and normalize(phrase) == phrase, (name, phrase)
                assert phrase not in seen, (name, phrase)
                seen.add(phrase)


def test_abbreviations_are_single_lower_case_words() -> None:
    merged: dict[str, str] = {}
    for table in _data()["abbreviations"].values():
        assert isinstance(table, dict)
        for short, full in table.items():
            assert re.fullmatch(r"[a-z]+", short) and re.fullmatch(r"[a-z]+", full), (short, full)
            assert short not in merged, short
            merged[short] = full


def test_display_prefixes_are_capitalised_phrases() -> None:
    for phrases in _data()["display_prefixes"].values():
        assert isinstance(phrases, list)
        for phrase in phrases:
            assert phrase[:1].isupper() and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", phrase), phrase
