"""No regular expression of cronica backtracks out of control on hostile text.

Every pattern (found by ``regex_inventory``: module globals, the compiled lexicons, and whatever
code compiles while reports are read) is run over every hostile string of 20,000 characters,
as the regex stages receive it: normalised (``cronica.nlp.normalise``). Each must be done in
:data:`BUDGET_S` seconds of CPU time. The normaliser's own pattern, and the patterns of modules
that read raw input (feeds, evaluation files), get the strings as they are.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import regex_inventory as inventory

from cronica.errors import ExtractionTimeoutError
from cronica.extract.watchdog import time_limit
from cronica.nlp.normalise import _noise, normalise_text

SIZE = 20_000
BUDGET_S = 0.5
# Patterns read only at one position (``match`` at the start of a report, after a dateline's
# place, after a verb), never searched along a text: checked one attempt at a time. By module
# and the name the code reads them by.
ANCHORED = (
    *(
        ("cronica.pipeline.dateline", name)
        for name in ("_PLACED", "_DATED", "_PLACE_LINE", "_NOTE", "_LOCAL")
    ),
    ("cronica.evaluate.police", "other_killer"),
)
# Layers whose patterns read normalised text only (the pipeline normalises before any stage).
NORMALISED_LAYERS = ("cronica.extract.", "cronica.nlp.", "cronica.pipeline.", "cronica.geo.", "cronica/")
KINDS = sorted(inventory.hostile_texts(10))


def cpu_seconds(pattern: re.Pattern[str], text: str, anchored: bool = False) -> float:
    """CPU seconds to find every match of ``pattern`` in ``text`` (``anchored``: one ``match`` every
    97 characters instead); a run past four budgets is stopped and reported as infinite."""
    began = time.process_time()
    try:
        with time_limit(4 * BUDGET_S):
            if anchored:
                for at in range(0, len(text), 97):
                    pattern.match(text, at)
            else:
                for _ in pattern.finditer(text):
                    pass
    except ExtractionTimeoutError:
        return float("inf")
    return time.process_time() - began


def anchored_patterns() -> set[inventory.Key]:
    """The patterns of :data:`ANCHORED`."""
    from cronica.evaluate.police import _police_lexicon
    from cronica.pipeline import dateline

    found = [getattr(dateline, name) for module, name in ANCHORED if module == dateline.__name__]
    found += [_police_lexicon(lang).other_killer for lang in ("en", "es")]
    return {(p.pattern, p.flags) for p in found}


@pytest.fixture(scope="module")
def patterns() -> dict[inventory.Key, str]:
    return inventory.every_pattern()


def test_the_inventory_finds_patterns_of_every_kind(patterns: dict[inventory.Key, str]) -> None:
    from cronica.extract.event_lexicon import event_lexicon
    from cronica.nlp.sentences import _BOUNDARY

    gate = event_lexicon("es").gate
    assert (gate.pattern, gate.flags) in patterns  # a lexicon compiled from events.yaml
    assert (_BOUNDARY.pattern, _BOUNDARY.flags) in patterns  # a module global
    assert (r"[\s-]+", re.UNICODE) in patterns  # compiled inside a function (numbers.py)
    assert len(patterns) > 400


def test_the_check_catches_a_backtracking_pattern() -> None:
    nested = re.compile(r"(?:\w+\s?)+$")  # nested quantifiers over the same characters
    assert cpu_seconds(nested, "word " * 6 + "!" * 3) < BUDGET_S  # harmless on a short string
    assert cpu_seconds(nested, "a" * 40 + "!") > BUDGET_S


def test_anchored_patterns_are_never_searched() -> None:
    assert len(anchored_patterns()) == len(ANCHORED)
    for module, attr in ANCHORED:
        source = Path(__import__(module, fromlist=[attr]).__file__ or "").read_text(encoding="utf-8")
        assert f"{attr}.match(" in source
        for method in ("search", "finditer", "findall", "sub", "subn", "split"):
            assert f"{attr}.{method}(" not in source, f"{module}.{attr} is used with {method}"


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_pattern_is_fast_on_hostile_text(patterns: dict[inventory.Key, str], kind: str) -> None:
    raw = inventory.hostile_texts(SIZE)[kind]
    normalised, _ = normalise_text(raw)
    anchored = anchored_patterns()
    slow = []
    for (source, flags), where in patterns.items():
        text = normalised if where.startswith(NORMALISED_LAYERS) else raw
        spent = cpu_seconds(re.compile(source, flags), text, anchored=(source, flags) in anchored)
        if spent > BUDGET_S:
            slow.append(f"{where} ({spent:.2f} s): {source[:120]}")
    assert not slow, f"{len(slow)} patterns too slow on {kind}:\n" + "\n".join(slow)


@pytest.mark.parametrize("kind", KINDS)
def test_the_normaliser_reads_a_megabyte_of_hostile_text_at_once(kind: str) -> None:
    raw = inventory.hostile_texts(1_000_000)[kind]
    assert cpu_seconds(_noise(), raw) < 2 * BUDGET_S
