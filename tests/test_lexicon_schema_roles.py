"""Schema of the roles lexicon (cronica/data/lexicon/roles.yaml) read by cronica.extract.roles."""

from __future__ import annotations

import re

import pytest

from cronica.extract.event_lexicon import LANGS, load_yaml
from cronica.extract.roles import MARKERS, PREDICATE_KINDS, roles_lexicon


def _check_patterns(entry: object, where: str, *, words: bool = False) -> None:
    assert isinstance(entry, dict) and set(entry) == set(LANGS), where
    for lang in LANGS:
        patterns = entry[lang]
        assert isinstance(patterns, list) and patterns, f"{where}.{lang} empty"
        assert len(set(patterns)) == len(patterns), f"{where}.{lang} repeats an entry"
        for p in patterns:
            assert isinstance(p, str) and p.strip() == p and p, f"{where}.{lang}: {p!r}"
            assert p == p.lower(), f"{where}: {p!r} is matched on lower-cased tokens"
            assert p == p.translate(str.maketrans("", "", "áéíóúñü")), f"{where}: write {p!r} without accents"
            if words:
                assert re.fullmatch(r"[a-z]+(?: [a-z]+)*", p), f"{where}: {p!r} must be plain words"
                continue
            compiled = re.compile(p)
            assert compiled.groups == 0, f"{where}: use (?:...) in {p!r}"
            assert not compiled.fullmatch(""), f"{where}: {p!r} matches the empty string"
            assert " " not in p, f"{where}: {p!r} is matched against one token"


def test_roles_yaml_sections() -> None:
    data = load_yaml("roles")
    assert data["version"] == 1
    sections = {
        "version",
        "predicates",
        "instruments",
        "markers",
        "passive_auxiliaries",
        "receiving",
        "associates",
    }
    assert set(data) == sections
    assert set(data["predicates"]) == set(PREDICATE_KINDS)
    for kind, entry in data["predicates"].items():
        _check_patterns(entry, f"predicates.{kind}")
    _check_patterns(data["instruments"], "instruments")
    assert set(data["markers"]) == set(MARKERS)
    for name, entry in data["markers"].items():
        _check_patterns(entry, f"markers.{name}", words=True)
    _check_patterns(data["passive_auxiliaries"], "passive_auxiliaries", words=True)
    _check_patterns(data["receiving"], "receiving", words=True)
    for lang in LANGS:  # whole gaps between two mentions: words, commas and spaces
        for p in data["associates"][lang]:
            assert re.fullmatch(r"[a-z, ]+", p) and p == p.strip(), f"associates.{lang}: {p!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_predicate_kinds_do_not_overlap(lang: str) -> None:
    # a word form belongs to one kind: the first kind would always win and hide the other
    lex = roles_lexicon(lang)
    samples = {
        "en": {"kill": "killed", "shoot": "fired", "violent": "beat", "coercive": "detained",
               "clash": "clashed", "death": "died"},
        "es": {"kill": "mataron", "shoot": "dispararon", "violent": "golpearon", "coercive": "detuvieron",
               "clash": "enfrentamientos", "death": "murieron"},
    }[lang]  # fmt: skip
    for kind, word in samples.items():
        matching = [k for k in PREDICATE_KINDS if lex.predicates[k].fullmatch(word)]
        assert matching == [kind], (word, matching)


@pytest.mark.parametrize(("lang", "word"), [("en", "killings"), ("es", "disparo"), ("es", "represion")])
def test_predicates_are_whole_tokens(lang: str, word: str) -> None:
    lex = roles_lexicon(lang)
    assert any(lex.predicates[k].fullmatch(word) for k in PREDICATE_KINDS)
    # a predicate never matches inside a longer word ("skill", "disparidad")
    assert not any(lex.predicates[k].fullmatch("s" + word) for k in PREDICATE_KINDS)
