"""A single victim told with a long subject still counts as one."""

from __future__ import annotations

import pytest

from cronica.extract.figures import find_figures


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A man taking part in an anti-government march in central Lima died on Saturday night.", "en"),
        ("A student who had joined the blockade outside the airport in Juliaca died in hospital.", "en"),
        ("Un hombre que participaba en la marcha en el centro de Lima murió el sábado.", "es"),
    ],
)
def test_one_victim_with_a_long_subject(text: str, lang: str) -> None:
    figures = find_figures(text, 0, len(text), lang)
    assert [(f.kind, f.value, f.tally) for f in figures] == [("killed", 1, False)]


def test_a_man_who_said_is_not_a_victim() -> None:
    text = "A man who said he had seen the shooting told reporters that several people died."
    assert all(f.value != 1 for f in find_figures(text, 0, len(text), "en"))
