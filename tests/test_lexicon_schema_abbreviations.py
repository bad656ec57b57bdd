"""Schema of the abbreviations lexicon (cronica/data/lexicon/abbreviations.yaml)."""

from __future__ import annotations

from cronica.lexicon import load_lexicon


def test_groups() -> None:
    data = load_lexicon("abbreviations")
    assert set(data) == {"abbreviations"}
    groups = data["abbreviations"]
    assert set(groups) == {"titles", "ranks", "months", "other"}
    for name, words in groups.items():
        assert isinstance(words, list) and words, name


def _words() -> list[object]:
    return [w for words in load_lexicon("abbreviations")["abbreviations"].values() for w in words]


def test_entries_are_strings() -> None:
    # a bare `no` was once read by YAML as false; "no." (número) is left out on purpose, since it
    # also ends sentences in both languages ("dijo que no.", "the answer was no.")
    assert all(isinstance(w, str) for w in _words())


def test_entries_are_lower_case_without_final_stop() -> None:
    for w in _words():
        if isinstance(w, str):
            assert w == w.lower() and w.strip() == w and not w.endswith("."), w
