"""The digit prefilter of the date scan: sound (never skips a pattern that can match without a digit)."""

from __future__ import annotations

import re

import pytest

from cronica.extract.dates import _rules, needs_digit


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b\d{4}\b", True),
        (r"(?:on\s+)?[0-3]?\d\s+(?:may|june)", True),
        (r"[0-3]?\d", True),
        (r"[0-3]?\d?", False),
        (r"(?:\d+|one)\s+days?\s+ago", False),
        (r"(?:19|20)\d\d", True),
        (r"[^a-z]", False),
        (r"monday|\d", False),
        (r"(?=\d)\w", False),
    ],
)
def test_needs_digit(pattern: str, expected: bool) -> None:
    assert needs_digit(re.compile(pattern, re.IGNORECASE)) is expected


@pytest.mark.parametrize("lang", ["en", "es"])
def test_month_and_weekday_patterns_are_never_skipped(lang: str) -> None:
    kinds = {kind for kind, pat in _rules(lang).patterns if not needs_digit(pat)}
    assert {"month", "weekday", "reld"} <= kinds
