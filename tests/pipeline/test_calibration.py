"""The calibrated confidence: the shipped model, its features, and what the stage does with them."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

from cronica.extract import confidence
from cronica.extract.document import extract_document
from cronica.model import Document, Event, Evidence, Place
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline


def _event(**kw: object) -> Event:
    base: dict = {
        "event_id": "e",
        "event_date": dt.date(2023, 1, 9),
        "date_end": None,
        "date_precision": "day",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "plover": "PROTEST",
        "actor1": None,
        "actor2": None,
        "location": Place("Juliaca", "Peru", "PE", geo_precision=1),
        "confidence": 0.7,
        "evidence": [Evidence("d", 0, 40, "x" * 40)],
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_the_shipped_model_matches_the_features() -> None:
    data = json.loads((files("cronica") / "data/models/confidence.json").read_text("utf-8"))
    # every fitted feature is still a feature; one added since the fit (the sentence model's
    # probability) weighs 0 until bench/train_confidence.py refits the file
    assert set(data["features"]) <= set(confidence.feature_names())
    assert len(data["weights"]) == len(data["features"])
    assert "dev" in data["trained_on"]
    model = confidence.load_model()
    assert model is not None and len(model.weights) == len(confidence.feature_names())
    for name, w in zip(confidence.feature_names(), model.weights, strict=True):
        if name not in data["features"]:
            assert w == 0.0


def test_the_sentence_model_probability_is_a_feature() -> None:
    doc = Document("d", "Juliaca: marchers filled the square.", published=dt.date(2023, 1, 9))
    names = confidence.feature_names()
    sure = confidence.event_features(_event(), doc, "PE", 0.93)
    assert sure[names.index("model_probability")] == 0.93
    assert confidence.event_features(_event(), doc, "PE")[names.index("model_probability")] == 0.5


def test_features_follow_the_report() -> None:
    doc = Document(
        "d",
        "Juliaca: marchers filled the square. " + "More text. " * 20,
        title="March in Juliaca",
        published=dt.date(2023, 1, 9),
    )
    here = confidence.event_features(_event(), doc, "PE")
    names = dict(zip(confidence.feature_names(), here, strict=True))
    assert names["home_country"] == 1.0 and names["abroad"] == 0.0
    assert names["place_in_title"] == 1.0 and names["dated_on_publication_day"] == 1.0
    abroad = dict(
        zip(confidence.feature_names(), confidence.event_features(_event(), doc, "BO"), strict=True)
    )
    assert abroad["abroad"] == 1.0 and abroad["home_country"] == 0.0


def test_an_incident_at_home_outranks_the_same_event_abroad_long_ago() -> None:
    model = confidence.load_model()
    assert model is not None
    doc = Document(
        "d",
        "Juliaca: marchers filled the square. " + "More text. " * 20,
        title="March in Juliaca",
        published=dt.date(2023, 1, 9),
    )
    fresh = model.probability(confidence.event_features(_event(), doc, "PE"))
    old = _event(event_date=dt.date(2022, 12, 1), location=Place("La Paz", "Bolivia", "BO", geo_precision=1))
    stale = model.probability(confidence.event_features(old, doc, "PE"))
    assert 0.0 < stale < fresh < 1.0


def test_extracted_events_carry_the_calibrated_probability(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = Document(
        "d",
        "On Monday police fired tear gas at marchers in Juliaca, Puno.",
        lang="en",
        published=dt.date(2023, 1, 10),
    )
    model = confidence.load_model()
    assert model is not None
    calibrated = extract_document(doc, sentence_model=True)
    monkeypatch.setattr(confidence, "load_model", lambda: None)
    raw = default_pipeline(sentence_model=True).run(DocContext(doc))
    assert raw.events and len(raw.events) == len(calibrated.events) == len(raw.incidents)
    for before, after, draft in zip(raw.events, calibrated.events, raw.incidents, strict=True):
        assert draft.candidate.model_probability is not None
        x = confidence.event_features(before, doc, "PE", draft.candidate.model_probability)
        assert after.confidence == round(model.probability(x), 3)
