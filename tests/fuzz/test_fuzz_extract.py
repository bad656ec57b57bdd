"""``extract_document`` on hostile text: it never raises, never hangs, and never stores an absurd count.

Long runs of spaces, digits or zero-width characters inside an event sentence are what made
the clause regexes backtrack (issue 14); each run here must be read within a few seconds.
"""

from __future__ import annotations

import json

import pytest
from fuzz_strategies import EVENT_SENTENCES, FUZZ, hostile_text, time_budget
from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.extract.document import Extraction, extract_document
from cronica.model import Document

MAX_PEOPLE = 10**9  # issue 14: numbers beyond a billion people are not counts
BUDGET_S = 10.0  # a short text takes milliseconds; this is room for a loaded CI machine
RUN_BUDGET_S = 5.0


def check_extraction(result: Extraction) -> None:
    """Records serialise to UTF-8 JSON, and every figure is a plausible count of people."""
    for record in [*result.events, *result.tallies]:
        json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")
    for event in result.events:
        for f in event.figures:
            for v in (f.value, f.low, f.high):
                assert v is None or 0 <= v <= MAX_PEOPLE, f"implausible {f.kind} figure {v}"
        for v in (event.fatalities, event.injuries, event.arrests, event.crowd_size):
            assert v is None or 0 <= v <= MAX_PEOPLE, f"implausible figure {v} in {event.event_id}"
    for tally in result.tallies:
        assert tally.value is None or 0 <= tally.value <= MAX_PEOPLE, f"implausible tally {tally.value}"


@settings(FUZZ, max_examples=300)
@given(text=hostile_text(max_run=120), lang=st.sampled_from([None, "en", "es"]))
def test_extract_never_raises(text: str, lang: str | None) -> None:
    with time_budget(BUDGET_S):
        result = extract_document(Document("fuzz", text), lang=lang)
    check_extraction(result)


@settings(FUZZ, max_examples=40)
@given(
    number=st.one_of(st.integers(10**9 + 1, 10**40).map(str), st.just("9" * 400)),
    template=st.sampled_from(EVENT_SENTENCES),
)
def test_huge_numbers_are_not_counts(number: str, template: str) -> None:
    result = extract_document(Document("fuzz", template.format(n=number)))
    check_extraction(result)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Police fired tear gas at protesters in Juliaca", "and killed 3 people on Monday."),
        (
            "At least 59 demonstra",
            "tors were injured when riot police charged a march in Lima.",
        ),  # inside a word
    ],
)
@pytest.mark.parametrize("length", [800, 5_000])  # 800 tabs hang today where 5,000 do not
@pytest.mark.parametrize("run", [" ", "7", "\u200b", "\u00a0", "\t", "1, "])
def test_long_runs_inside_an_event_sentence_are_read_in_time(
    run: str, length: int, before: str, after: str
) -> None:
    text = before + run * length + after
    with time_budget(RUN_BUDGET_S):
        result = extract_document(Document("runs", text), lang="en")
    check_extraction(result)
