"""Schema of cronica/data/lexicon/toponyms.yaml: the recogniser's word lists."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import yaml

LANGS = {"en", "es", "other"}
PHRASE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
# word lists matched as written, with their capitals
CAPITALISED = {("admin_unit_names",), ("institutions", "nouns")}
CUE_KINDS = {"region", "province", "city"}


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (files("cronica") / "data/lexicon/toponyms.yaml").read_text("utf-8")
    )
    return data


def _word_lists(node: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict[str, list[str]]]]:
    """Every {language: [phrases]} mapping in the file, with its path."""
    if isinstance(node, dict) and node and set(node) <= LANGS:
        return [(path, node)]
    assert isinstance(node, dict), path
    return [found for key, child in node.items() for found in _word_lists(child, (*path, key))]


def test_sections() -> None:
    data = _data()
    assert set(data) == {
        "connectors",
        "lower_openers",
        "lower_demonym_endings",
        "articles",
        "locative",
        "stop",
        "stop_when_sentence_initial",
        "vague",
        "admin_unit_names",
        "cues",
        "of",
        "key_prefixes",
        "key_suffixes",
        "conjunctions",
        "institutions",
        "in_country",
        "metonymy",
        "feature_words",
    }
    assert set(data["metonymy"]) == {"verbs_after", "phrases_before"}
    assert set(data["cues"]) == CUE_KINDS
    for kind, cue in data["cues"].items():
        assert "before" in cue and set(cue) <= {"before", "after", "opens"}, kind
    assert set(data["institutions"]) == {"name_linkers", "nouns", "noun_linkers", "noun_articles"}
    assert set(data["in_country"]) == {"prepositions", "articles", "adjectives"}
    # an article and an adjective of the same language go together ("the neighbouring", "el vecino")
    assert set(data["in_country"]["articles"]) == set(data["in_country"]["adjectives"])


def test_word_lists_are_plain_phrases() -> None:
    lists = _word_lists(_data())
    assert len(lists) == 30  # 14 top-level lists, 7 cue lists, 4 institution, 3 in_country, 2 metonymy lists
    for path, entry in lists:
        seen: set[str] = set()
        for lang, phrases in entry.items():
            assert phrases, (path, lang)
            for p in phrases:
                assert isinstance(p, str) and PHRASE.fullmatch(p), (path, p)
                if path in CAPITALISED:
                    assert p[:1].isupper(), (path, p)
                else:
                    assert p == p.lower(), (path, p)
                assert p not in seen, (path, p)
                seen.add(p)


def test_sentence_initial_stop_words_are_not_also_plain_stop_words() -> None:
    data = _data()
    every = {w for words in data["stop"].values() for w in words}
    initial = {w for words in data["stop_when_sentence_initial"].values() for w in words}
    assert initial and not initial & every


def test_the_lexicon_compiles() -> None:
    """Loading it builds every pattern of the recogniser (an unescaped or empty list would fail here)."""
    from cronica.geo.recognize import _rules

    _rules.cache_clear()
    rules = _rules()
    assert rules.locative.search("protesters gathered in the ")
    assert rules.cues[0].before.search("la región de ") and rules.cues[0].kind == "region"
    assert rules.in_country.fullmatch(" en el vecino ")
    assert rules.institution.search("la Defensoría del ")
    assert "washington" in rules.stop and "washington" in rules.stop_only_sentence_initial
    assert rules.metonymy_after.match(" warned on Monday") and rules.metonymy_after.match(" dijo que")
    assert rules.metonymy_before.search("with support from ")
