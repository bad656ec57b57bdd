"""Calibrated confidence: how likely an extracted event is a real incident of the report.

The rules that find events say how sure they are of the *type*; whether the sentence reports an
incident at all (rather than history, a forecast, a statistic or a quote about one) is better told
by features of the event in its report: where in the report it is told, whether it is dated and
placed in the report's own country, whether its place is in the title, whether it has figures and
actors. A logistic model over those features, fitted by ``bench/train_confidence.py`` on the
development part of the incident-level gold sets (never on the held-out part), turns them into a
probability. The model is a few dozen numbers in ``cronica/data/models/confidence.json``; without
that file the rule confidence is kept unchanged.

``model_probability`` is the trained sentence model's P(event) for the event's candidate (stage
``classification``; 0.5, no opinion, where it did not run). A model file fitted before a feature
existed gives that feature weight 0 until ``bench/train_confidence.py`` refits it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from cronica.lexicon import fold_accents
from cronica.model import Document, Event
from cronica.taxonomy import event_type_names

QUOTES = '"“”«»'

_OTHER_FEATURES: tuple[str, ...] = (
    "model_probability",
    "killed",
    "injured",
    "arrested",
    "crowd",
    "day_precision",
    "dated_on_publication_day",
    "log_days_before_publication",
    "dated_after_publication",
    "town_or_finer",
    "region_or_country",
    "no_place",
    "home_country",
    "abroad",
    "actor1",
    "actor2",
    "state_actor",
    "log_sentences",
    "quoted",
    "tagged",
    "position_in_report",
    "place_in_title",
    "first_sentence",
)


@lru_cache(maxsize=1)
def feature_names() -> tuple[str, ...]:
    """The model's inputs, in order: the rule confidence, one flag per ACLED event type (in the
    taxonomy's order), then the features of the event in its report."""
    return ("rule_confidence", *(f"type:{t}" for t in event_type_names()), *_OTHER_FEATURES)


@dataclass(frozen=True)
class ConfidenceModel:
    """Weights of a logistic model over :func:`feature_names`."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def event_features(
    event: Event, doc: Document, home_country: str | None, model_probability: float | None = None
) -> list[float]:
    """The feature vector of one extracted event in its report, in the order of :func:`feature_names`;
    ``model_probability``: the sentence model's P(event) for its candidate, if it ran."""
    loc = event.location
    published = doc.published
    days = (published - event.event_date).days if published and event.event_date else 0
    first = min((e.start for e in event.evidence), default=0)
    evidence_text = " ".join(e.text for e in event.evidence)
    title = fold_accents(doc.title or "")
    country = loc.country_code if loc else None
    actors = [a for a in (event.actor1, event.actor2) if a is not None]
    values: dict[str, float] = {
        "rule_confidence": event.confidence,
        "model_probability": 0.5 if model_probability is None else model_probability,
        **{f"type:{t}": float(event.event_type == t) for t in event_type_names()},
        "killed": float(bool(event.fatalities)),
        "injured": float(bool(event.injuries)),
        "arrested": float(bool(event.arrests)),
        "crowd": float(bool(event.crowd_size)),
        "day_precision": float(event.date_precision == "day"),
        "dated_on_publication_day": float(days == 0),
        "log_days_before_publication": math.log1p(max(days, 0)),
        "dated_after_publication": float(days < 0),
        "town_or_finer": float(loc is not None and loc.geo_precision == 1),
        "region_or_country": float(loc is not None and loc.geo_precision == 3),
        "no_place": float(loc is None),
        "home_country": float(country is not None and country == home_country),
        "abroad": float(country is not None and home_country is not None and country != home_country),
        "actor1": float(event.actor1 is not None),
        "actor2": float(event.actor2 is not None),
        "state_actor": float(any(a.type == "state_forces" for a in actors)),
        "log_sentences": math.log(max(len(event.evidence), 1)),
        "quoted": float(evidence_text.lstrip()[:1] in QUOTES),
        "tagged": float(bool(event.tags)),
        "position_in_report": first / max(len(doc.text), 1),
        "place_in_title": float(bool(loc and loc.name and title and fold_accents(loc.name) in title)),
        "first_sentence": float(first <= _first_sentence_end(doc.text)),
    }
    return [values[name] for name in feature_names()]


def _first_sentence_end(text: str) -> int:
    end = text.find(". ")
    return len(text) if end < 0 else end


@lru_cache(maxsize=1)
def load_model() -> ConfidenceModel | None:
    """The shipped model, or None when the package has none (the rule confidence then stands)."""
    path = resources.files("cronica") / "data" / "models" / "confidence.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    fitted = dict(zip(data["features"], (float(w) for w in data["weights"]), strict=True))
    if not set(fitted) <= set(feature_names()):
        raise ValueError("confidence.json was fitted on other features: run bench/train_confidence.py")
    # a feature added since the fit weighs nothing until the model is refitted
    return ConfidenceModel(tuple(fitted.get(name, 0.0) for name in feature_names()), float(data["bias"]))


def calibrate(
    events: Sequence[Event],
    doc: Document,
    home_country: str | None,
    model_probabilities: Sequence[float | None] | None = None,
) -> list[Event]:
    """The events with ``confidence`` replaced by the model's probability (rounded to 3 places);
    ``model_probabilities``: the sentence model's P(event) of each event's candidate, in order."""
    model = load_model()
    if model is None:
        return list(events)
    probs = list(model_probabilities) if model_probabilities is not None else [None] * len(events)
    return [
        replace(e, confidence=round(model.probability(event_features(e, doc, home_country, p)), 3))
        for e, p in zip(events, probs, strict=True)
    ]
