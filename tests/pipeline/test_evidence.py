"""An event's evidence: at most three sentences and 1,200 characters, the trigger's sentence first,
then the sentences of the figures it reports (reports written by us)."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.document import extract_document
from cronica.model import Document
from cronica.nlp.sentences import Sentence, split_sentences
from cronica.pipeline.evidence import (
    MAX_EVIDENCE_CHARS,
    MAX_EVIDENCE_SENTENCES,
    clip_around,
    evidence_spans,
    sentence_units,
)

# One march in one town on one day, told over many sentences, as long reports do.
LONG_REPORT = (
    "HUANTA, Peru - Thousands of farmers marched through Huanta on Tuesday to demand the release "
    "of their leaders. The march began at the main square at dawn. Police fired tear gas at the "
    "marchers near the bridge in Huanta on Tuesday. Officers arrested 23 marchers in Huanta on "
    "Tuesday, witnesses said. At least 14 people were injured in Huanta on Tuesday, the "
    "hospital said. The protesters blocked the bridge in Huanta for six hours on Tuesday. "
    "Protesters in Huanta marched again on Tuesday evening. Police in Huanta fired more tear gas "
    "on Tuesday night. Marchers in Huanta threw no stones, witnesses said. The protest in Huanta "
    "ended late on Tuesday.\n\n"
    "Farmers protested in Huanta on Tuesday as well against the price of fertiliser. "
    "The demonstrators in Huanta said on Tuesday they would return."
)


def _check_caps(text: str, doc_id: str, lang: str) -> int:
    result = extract_document(Document(doc_id, text, published=dt.date(2023, 3, 8)), lang=lang)
    assert result.events
    for e in result.events:
        assert len(e.evidence) <= MAX_EVIDENCE_SENTENCES, [x.text for x in e.evidence]
        assert sum(len(x.text) for x in e.evidence) <= MAX_EVIDENCE_CHARS
        for f in e.figures:  # every figure points inside the event's evidence
            assert any(x.start <= f.evidence.start and f.evidence.end <= x.end for x in e.evidence), f
    return max(len(e.evidence) for e in result.events)


def test_a_long_report_gives_capped_evidence() -> None:
    assert _check_caps(LONG_REPORT, "long-en", "en") == MAX_EVIDENCE_SENTENCES


def test_a_long_lower_case_report_gives_capped_evidence() -> None:
    # the same report as a lower-case feed stores it: one regex "sentence" of 1,100 characters
    assert len(split_sentences(LONG_REPORT.lower())) > 5
    _check_caps(LONG_REPORT.lower(), "long-lower", "en")


def test_the_figures_sentences_follow_the_trigger() -> None:
    result = extract_document(Document("long", LONG_REPORT, published=dt.date(2023, 3, 8)), lang="en")
    with_arrests = [e for e in result.events if e.arrests]
    assert with_arrests
    for e in with_arrests:
        texts = " ".join(x.text for x in e.evidence)
        assert "arrested 23" in texts and e.arrests == 23


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def test_trigger_first_then_figures_then_the_rest_in_document_order() -> None:
    text = "A one. B two. C three. D four killed 5. E five."
    sents = split_sentences(text)
    units = [(s.start, s.end) for s in sents]
    trigger = (text.index("C three"), text.index("C three") + 1)
    figure = (text.index("5"), text.index("5") + 1)
    kept = evidence_spans(text, [(0, len(text))], sents, trigger, [figure])
    assert kept == [units[0], units[2], units[3]]  # C (trigger), D (figure), then A; in text order


def test_the_character_cap_skips_sentences_that_do_not_fit() -> None:
    long = ("word " * 190).strip() + "."  # 950 characters
    text = f"Short trigger here. {long} Another short one. {long}"
    bounds = [(0, 19), (20, 20 + len(long)), (21 + len(long), 39 + len(long))]
    sents = [Sentence(a, b, text[a:b], 0) for a, b in bounds]
    sents.append(Sentence(40 + len(long), len(text), text[40 + len(long) :], 0))
    kept = evidence_spans(text, [(0, len(text))], sents, (0, 5), [(len(text) - 3, len(text) - 1)])
    # the trigger's sentence, the figure's; the first long one no longer fits, the short one does
    assert kept == [bounds[0], bounds[2], (sents[3].start, sents[3].end)]


def test_a_sentence_over_the_cap_is_clipped_around_its_trigger() -> None:
    text = " ".join(f"w{i:04d}" for i in range(600))  # 3,599 characters, no sentence mark
    at = text.index("w0300")
    lo, hi = clip_around(text, (0, len(text)), (at, at + 5))
    assert hi - lo <= MAX_EVIDENCE_CHARS and lo <= at and at + 5 <= hi
    assert text[lo - 1] == " " and text[hi] == " "  # cut at word boundaries
    assert evidence_spans(text, [(0, len(text))], [], (at, at + 5)) == [(lo, hi)]


def test_units_are_the_sentences_a_span_covers() -> None:
    text = "One here. Two here. Three here."
    sents = split_sentences(text)
    assert sentence_units([(0, 19), (10, 19)], sents) == [(0, 9), (10, 19)]
    assert sentence_units([(0, 5)], []) == [(0, 5)]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_fewer_sentences_than_the_cap_are_all_kept(count: int) -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(count))
    sents = split_sentences(text)
    assert len(evidence_spans(text, [(0, len(text))], sents, (0, 1))) == count


def test_protesters_killed_by_the_police_put_the_force_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """A protest whose record has deaths and state forces as actor2 becomes excessive force with the
    force as actor1 (``records.to_event``). The candidate is forced to a peaceful protest with the
    protesters first, as proximity may leave it, so that only the record stage can put it right."""
    from dataclasses import replace

    import cronica.pipeline.roles as roles_stage
    from cronica.model import Actor

    def as_proximity_left_it(c, roles, lang):  # type: ignore[no-untyped-def]
        return replace(
            c,
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1=Actor("Teachers", "protesters"),
            actor2=Actor("police", "state_forces"),
        )

    monkeypatch.setattr(roles_stage, "revise_actors", as_proximity_left_it)
    doc = Document(
        doc_id="swap",
        text="Teachers marched in Ayaviri on Monday and the police fired, leaving three dead.",
        published=dt.date(2023, 1, 10),
    )
    [event] = extract_document(doc).events
    assert event.fatalities == 3
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.actor1 == Actor("police", "state_forces")
    assert event.actor2 == Actor("Teachers", "protesters")
