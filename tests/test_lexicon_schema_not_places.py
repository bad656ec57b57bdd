"""Schema of cronica/data/lexicon/not_places.yaml: both languages, lower-case single words."""

from __future__ import annotations

from importlib.resources import files

import yaml


def test_not_places_schema() -> None:
    data = yaml.safe_load((files("cronica") / "data/lexicon/not_places.yaml").read_text("utf-8"))
    assert set(data) == {"en", "es"}
    for words in data.values():
        assert words and len(words) == len(set(words))
        assert all(isinstance(w, str) and w == w.lower() and " " not in w for w in words)
