"""The case2021-task2 snippet answer and scorer (snippets written by us)."""

from __future__ import annotations

from cronica.evaluate import case2021
from cronica.evaluate.case2021 import best_rule_answer, classify_code, classify_snippet, score
from cronica.extract.document import extract_document
from cronica.extract.events import detect_events
from cronica.model import Document
from cronica.nlp.sentences import split_sentences
from cronica.pipeline.default import default_pipeline

GASSED = "Police fired tear gas to disperse hundreds of protesters outside parliament."
SHOT = "Soldiers opened fire with live ammunition on marchers in the square, killing two."


def test_classify_snippet() -> None:
    sub, conf = classify_snippet(GASSED)
    assert sub == "Protest with intervention"
    assert 0.0 < conf <= 1.0
    assert classify_snippet("The weather was sunny and the market was busy.") == (None, 0.0)


def test_classify_code_answers_with_codes() -> None:
    assert classify_code(GASSED) == "PROTEST_WITH_INTER"
    assert classify_code("Police arrested the opposition leader at his home on Tuesday.") == "ARREST"
    assert classify_code("The council approved the budget for next year.") is None


def test_best_rule_answer_takes_the_most_confident_then_the_earliest() -> None:
    text = "A car bomb exploded near the market. Later, villagers marched to the town hall."
    candidates = detect_events(text, split_sentences(text), "en")
    assert len(candidates) == 2
    best = max(c.confidence for c in candidates)
    expected = min((c for c in candidates if c.confidence == best), key=lambda c: c.start)
    assert best_rule_answer(candidates) == (expected.sub_event_type, expected.confidence)
    assert best_rule_answer([]) == (None, 0.0)


def test_the_snippet_answer_is_what_extract_gives() -> None:
    doc = Document("case2021", SHOT, lang="en")
    events = extract_document(doc, "en", sentence_model=True).events
    best = max(events, key=lambda e: e.confidence)
    assert classify_snippet(SHOT) == (best.sub_event_type, best.confidence)


def test_rules_only_leaves_the_sentence_model_out() -> None:
    assert "classification" not in case2021.rules_only_pipeline().names
    assert "classification" in default_pipeline(sentence_model=True).names
    assert classify_snippet(GASSED, rules_only=True)[0] == "Protest with intervention"


def test_score_counts_taxonomy_and_outside() -> None:
    gold = ["PEACE_PROTEST", "ARREST", "NATURAL_DISASTER"]
    result = score(gold, ["PEACE_PROTEST", None, None])
    assert (result["n_in_taxonomy"], result["n_out_of_taxonomy"]) == (2, 1)
    assert result["out_of_taxonomy_no_event"] == 1.0
    assert result["no_event_on_in_taxonomy"] == 0.5
    assert set(result["per_label"]) == {"PEACE_PROTEST", "ARREST"}
