"""Schema of cronica/data/lexicon/toponyms.yaml: the recogniser's word lists."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import yaml

LANGS = {"en", "es", "other"}
PHRASE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
# word lists matched as written, with their capitals
CAPITALISED = {("admin_unit_names",), ("institutions", "nouns"), ("honorifics",)}
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
        "not_name_words",
        "honorifics",
        "neighbourhood",
        "makes",
    }
    assert set(data["metonymy"]) == {"verbs_after", "between", "phrases_before"}
    assert set(data["neighbourhood"]) == {"after", "before"}
    assert set(data["makes"]) == {"after", "before"}
    assert set(data["cues"]) == CUE_KINDS
    for kind, cue in data["cues"].items():
        assert "before" in cue and set(cue) <= {"before", "after", "opens"}, kind
    assert set(data["institutions"]) == {"name_linkers", "nouns", "noun_linkers", "noun_articles"}
    assert set(data["in_country"]) == {"prepositions", "articles", "adjectives"}
    # an article and an adjective of the same language go together ("the neighbouring", "el vecino")
    assert set(data["in_country"]["articles"]) == set(data["in_country"]["adjectives"])


def test_word_lists_are_plain_phrases() -> None:
    lists = _word_lists(_data())
    # 16 top-level lists, 7 cue lists, 4 institution, 3 in_country, 3 metonymy, 2 neighbourhood, 2 makes
    assert len(lists) == 37
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
    assert rules.metonymy_after.match(" on Tuesday accused") and rules.make_after.match("-made pistol")


def test_the_name_rules_compile() -> None:
    from cronica.geo.proper_names import name_rules

    name_rules.cache_clear()
    rules = name_rules()
    assert "chamber" in rules.not_name and "colonel" in rules.not_name and "claudia" not in rules.not_name
    assert rules.honorific.search("la Sra. ") and rules.quarter_after.match(" neighborhood")
    assert rules.quarter_before.search("en el barrio ")
