"""Schema of cronica/data/lexicon/fusion.yaml: both languages, valid regular expressions."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml


def test_fusion_lexicon_schema() -> None:
    data = yaml.safe_load((files("cronica") / "data/lexicon/fusion.yaml").read_text("utf-8"))
    assert set(data) == {"update_cues"}
    assert set(data["update_cues"]) == {"en", "es"}
    for patterns in data["update_cues"].values():
        assert patterns and all(isinstance(p, str) for p in patterns)
        for p in patterns:
            re.compile(p)
