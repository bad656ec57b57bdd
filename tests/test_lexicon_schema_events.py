"""Schema of the event, actor and tag lexicons: every entry well formed and compilable."""

from __future__ import annotations

import re

import pytest

from cronica.extract.event_lexicon import LANGS, load_yaml
from cronica.extract.events import FILTERS, GOVERNOR_SCOPES, lexicon_hits
from cronica.extract.tags import TAGS
from cronica.model import ACTOR_TYPES


def _check_entry(entry: object, where: str) -> None:
    assert isinstance(entry, dict), where
    assert set(entry) <= set(LANGS), where
    for lang in LANGS:
        patterns = entry.get(lang)
        assert isinstance(patterns, list) and patterns, f"{where}.{lang} empty"
        for p in patterns:
            assert isinstance(p, str) and p.strip() == p and p, f"{where}.{lang}: {p!r}"
            assert p == p.translate(str.maketrans("", "", "áéíóúñÁÉÍÓÚÑ")), (
                f"{where}: write {p!r} without accents"
            )
            compiled = re.compile(p)
            assert compiled.groups == 0, f"{where}: use (?:...) in {p!r}"
            assert not compiled.match(""), f"{where}: {p!r} matches the empty string"


def test_events_yaml() -> None:
    data = load_yaml("events")
    assert data["version"] == 1
    cues = data["cues"]
    for name, entry in cues.items():
        _check_entry(entry, f"cues.{name}")
    assert set(data["triggers"]) <= set(cues)
    assert set(data["filters"]) == set(FILTERS)
    for name, entry in data["filters"].items():
        _check_entry(entry, f"filters.{name}")
    for name, entry in data["governors"].items():
        assert isinstance(entry.get("window"), int) and 0 < entry["window"] <= 300, f"governors.{name}.window"
        assert entry.get("scope") in GOVERNOR_SCOPES, f"governors.{name}.scope"
        _check_entry({k: v for k, v in entry.items() if k in LANGS}, f"governors.{name}")


def test_actors_yaml() -> None:
    data = load_yaml("actors")
    assert data["version"] == 1
    assert set(data["types"]) == set(ACTOR_TYPES)
    for name, entry in data["types"].items():
        _check_entry(entry, f"actors.{name}")


def test_tags_yaml() -> None:
    data = load_yaml("tags")
    assert data["version"] == 1
    assert list(data["tags"]) == list(TAGS)
    for name, entry in data["tags"].items():
        _check_entry(entry, f"tags.{name}")


@pytest.mark.parametrize("lang", LANGS)
def test_lexicon_compiles_per_language(lang: str) -> None:
    hits = lexicon_hits(
        "Police fired tear gas at protesters. La policía disparó contra los manifestantes.", lang
    )
    assert "protest" in hits
