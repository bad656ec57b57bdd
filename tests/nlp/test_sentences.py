"""Sentence segmentation on documents we wrote: well-formed copy, lower case, wire copy, headlines,
bullet lists, Spanish and text without punctuation."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cronica.nlp import pipelines
from cronica.nlp import sentences as seg
from cronica.nlp.sentences import LONG_SENTENCE, MAX_SENTENCE, split_sentences


def _texts(text: str, lang: str | None = None) -> list[str]:
    found = split_sentences(text, lang)
    for s in found:
        assert text[s.start : s.end] == s.text  # offsets point into the text
    return [s.text for s in found]


def test_well_formed_english_keeps_abbreviations_and_numbers() -> None:
    text = (
        "Gen. Ruiz said troops left the U.S. base at 6 a.m. on Monday. About 1.300 people "
        "marched, police said. J. Smith, a witness, saw 3.5 tonnes of stones on the road."
    )
    assert _texts(text) == [
        "Gen. Ruiz said troops left the U.S. base at 6 a.m. on Monday.",
        "About 1.300 people marched, police said.",
        "J. Smith, a witness, saw 3.5 tonnes of stones on the road.",
    ]


def test_well_formed_text_never_loads_the_recogniser(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(lang: str) -> None:
        raise AssertionError("well-formed text must be split by the regex alone")

    monkeypatch.setattr(pipelines, "get_senter", no_model)
    assert len(_texts("Police fired tear gas. Two people were hurt. The march ended at noon.")) == 3


def test_importing_the_splitter_loads_no_model() -> None:
    code = "import sys, cronica.nlp.sentences; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


LOWER = (
    "nagpur: police detained 14 activists on tuesday after they blocked the ring road near the "
    "toll plaza. the protesters, most of them cotton growers, had gathered at 9 a.m. and refused "
    "to move. officers used batons to clear the road, witnesses said. dr. k. s. rao, who treated "
    "two injured men at the civil hospital, said their wounds were not serious. the district "
    "collector has called a meeting with the growers on friday."
)


def test_a_lower_case_report_is_split() -> None:
    assert _texts(LOWER) == [
        "nagpur: police detained 14 activists on tuesday after they blocked the ring road near the "
        "toll plaza.",
        "the protesters, most of them cotton growers, had gathered at 9 a.m. and refused to move.",
        "officers used batons to clear the road, witnesses said.",
        "dr. k. s. rao, who treated two injured men at the civil hospital, said their wounds were "
        "not serious.",
        "the district collector has called a meeting with the growers on friday.",
    ]


def test_lower_case_with_mojibake_quotes_and_ellipses() -> None:
    # UTF-8 quotes read as cp1252, as archives often store them
    text = (
        "the minister said the curfew would stay â€˜until calm returnsâ€™. â€œwe will not allow "
        'another riot,â€\x9d he added. residents waited... the shops stayed shut. "why now?" asked '
        "a trader. the police left at dusk."
    )
    assert _texts(text) == [
        "the minister said the curfew would stay â€˜until calm returnsâ€™.",
        "â€œwe will not allow another riot,â€\x9d he added.",
        "residents waited... the shops stayed shut.",
        '"why now?" asked a trader.',
        "the police left at dusk.",
    ]


def test_wire_copy_keeps_its_dateline_in_the_first_sentence() -> None:
    upper = "LIMA, Jan. 9 (Wire) - Riot police fired tear gas at students near Congress. Two were hurt."
    lower = "lima, jan. 9 (wire) - riot police fired tear gas at students near congress. two were hurt."
    for text in (upper, lower):
        first, second = _texts(text)
        assert first.endswith("near Congress.") or first.endswith("near congress.")
        assert second.lower() == "two were hurt."


def test_headlines_and_bullets_end_sentences() -> None:
    text = (
        "Troops kill two in border market raid\n"
        "Soldiers raided the market at dawn. Residents said two traders died.\n\n"
        "The union listed its demands:\n"
        "- higher pay for night shifts\n"
        "- an end to short contracts\n"
        "Talks resume on Friday."
    )
    assert _texts(text) == [
        "Troops kill two in border market raid",
        "Soldiers raided the market at dawn.",
        "Residents said two traders died.",
        "The union listed its demands:",
        "- higher pay for night shifts",
        "- an end to short contracts",
        "Talks resume on Friday.",
    ]
    paragraphs = [s.paragraph for s in split_sentences(text)]
    assert paragraphs == [0, 0, 0, 1, 1, 1, 1]


def test_hard_wrapped_lines_do_not_end_sentences() -> None:
    text = (
        "Hundreds of miners blocked the highway to the port on Monday and said\n"
        "they would stay there until the company reopened talks on their wages\n"
        "and on the safety of the shafts. Police watched from a distance and no\n"
        "one was hurt during the day, according to the regional ombudsman.\n"
    )
    assert len(_texts(text)) == 2


def test_spanish_questions_exclamations_and_abbreviations() -> None:
    text = (
        "¿Quién dio la orden? Nadie lo sabe. ¡Basta de represión! gritaban los vecinos frente a la "
        "gobernación. El Sr. Pérez, de EE.UU., llegó a las 3 p.m. al lugar."
    )
    assert _texts(text, "es") == [
        "¿Quién dio la orden?",
        "Nadie lo sabe.",
        "¡Basta de represión! gritaban los vecinos frente a la gobernación.",
        "El Sr. Pérez, de EE.UU., llegó a las 3 p.m. al lugar.",
    ]


def test_spanish_lower_case_report() -> None:
    text = (
        "la policía detuvo a tres dirigentes del gremio el lunes. los trabajadores marcharon luego "
        "hasta la plaza central. ¿qué pasará con el paro? nadie lo sabe todavía."
    )
    assert len(_texts(text, "es")) == 4


def test_text_without_punctuation_is_cut_to_the_cap() -> None:
    clause = "the crowd moved along the avenue and the police watched from the corner "
    text = clause * 40  # about 2,900 characters with no sentence mark at all
    found = split_sentences(text, "en")
    assert len(found) >= 3
    assert all(len(s.text) <= MAX_SENTENCE for s in found)
    assert "".join(text.split()) == "".join("".join(s.text.split()) for s in found)  # nothing lost


def test_a_long_regex_sentence_sends_the_report_to_the_tolerant_rule() -> None:
    long = "Police said " + ", ".join(f"officer {i} stood at gate {i}" for i in range(40)) + "."
    assert len(long) > LONG_SENTENCE
    scan = seg._scan(long + " the march ended.", tolerant=False)
    assert not scan.well_formed
    assert all(len(s.text) <= MAX_SENTENCE for s in split_sentences(long))
