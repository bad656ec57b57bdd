"""Schema of cronica/data/lexicon/scope.yaml: both languages, valid regular expressions."""

from __future__ import annotations

import re
from importlib.resources import files

import yaml


def test_scope_lexicon_schema() -> None:
    data = yaml.safe_load((files("cronica") / "data/lexicon/scope.yaml").read_text("utf-8"))
    assert set(data) == {"national", "crisis_start", "retrospective", "topic_shift"}
    for section in data.values():
        assert set(section) == {"en", "es"}
        for patterns in section.values():
            assert patterns
            for p in patterns:
                re.compile(p)
