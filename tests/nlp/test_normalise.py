"""The text the regex stages read: invisible characters gone, long blanks and long runs shortened,
and every offset traceable to the text as stored."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.nlp.normalise import LONG_BLANK, LONG_TOKEN, normalise_text


def test_ordinary_copy_comes_back_as_it_is() -> None:
    text = "Police fired tear gas in Juliaca.\n\nLa policía detuvo a 12 personas.  Two spaces stay."
    normalised, offsets = normalise_text(text)
    assert normalised is text and offsets.identity


def test_invisible_characters_are_removed() -> None:
    text = "Police kil\u200bled three\u00ad protesters\ufeff in Puno."
    normalised, offsets = normalise_text(text)
    assert normalised == "Police killed three protesters in Puno."
    start = normalised.index("killed")
    assert text[offsets.start(start) : offsets.end(start + len("killed"))] == "kil\u200bled"
    assert text[offsets.start(normalised.index("Puno")) :].startswith("Puno")


def test_long_blanks_become_one_blank_of_their_kind() -> None:
    spaces, one_break, two_breaks = " " * 500, " " * 100 + "\n" + " " * 100, "\n" + " " * 300 + "\n"
    text = f"One.{spaces}Two.{one_break}Three.{two_breaks}Four. Short  gaps   stay."
    normalised, offsets = normalise_text(text)
    assert normalised == "One. Two.\nThree.\n\nFour. Short  gaps   stay."
    four = normalised.index("Four")
    assert text[offsets.start(four) : offsets.end(four + 4)] == "Four"


def test_long_runs_without_blanks_are_cut() -> None:
    text = "Police killed " + "9" * 200_000 + " people."
    normalised, offsets = normalise_text(text)
    assert normalised == "Police killed " + "9" * LONG_TOKEN + " people."
    people = normalised.index("people")
    assert text[offsets.start(people) : offsets.end(people + 6)] == "people"


_PIECES = st.sampled_from(
    [
        *("Police", " ", "killed", "3", ".", "\n", "\u200b", "\u00ad", "é"),
        *(" " * (LONG_BLANK + 5), "\n" + " " * LONG_BLANK + "\n", "7" * (LONG_TOKEN + 3)),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_every_offset_leads_back_to_the_same_character(pieces: list[str]) -> None:
    text = "".join(pieces)
    normalised, offsets = normalise_text(text)
    assert len(normalised) <= len(text)
    mapped = [offsets.start(i) for i in range(len(normalised))]
    assert mapped == sorted(set(mapped))  # ascending, never two on one character
    for i, ch in enumerate(normalised):
        if not ch.isspace():  # a blank may stand for a run of other blanks
            assert text[mapped[i]] == ch
    if normalised:
        assert offsets.end(len(normalised)) == mapped[-1] + 1
