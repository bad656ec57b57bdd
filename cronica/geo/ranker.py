"""The learned candidate ranker: a small gradient-boosted tree model over pair features.

``bench/train_geo_ranker.py`` fits it on LGL's development half and GeoWebNews and writes
``cronica/data/models/geo_ranker.json``: the feature names it was fitted on, the trees (for each
node: the feature, the threshold, the two children, the leaf value), the learning rate, the
starting log-odds and the probability threshold under which a toponym stays unresolved. The trees
are evaluated here with numpy, so the package needs no scikit-learn at run time.

Each candidate gets a probability of being the place meant; the most probable candidate of a
mention is its resolution, unless that probability is under the threshold: then the mention
stays unresolved (``Resolution.entry`` None) rather than resolved wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from cronica.errors import ModelUnavailableError
from cronica.geo.features import FEATURE_NAMES, ReportContext, report_features
from cronica.geo.gazetteer import Gazetteer
from cronica.geo.recognize import Candidate, NerSpan
from cronica.geo.resolve import WEIGHTS, Resolution, Weights, rule_scores

MODEL_FILE = "geo_ranker.json"
FORMAT = "cronica-geo-ranker/1"


@dataclass(frozen=True)
class GeoRanker:
    """Trees flattened into node arrays; ``roots`` holds each tree's first node."""

    feature_names: tuple[str, ...]
    feature: np.ndarray
    split: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    init: float
    learning_rate: float
    threshold: float

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(candidate is the place meant) for each row of the feature matrix ``x``."""
        if x.shape[0] == 0:
            return np.zeros(0)
        # scikit-learn's trees compare float32 features with their (float64) thresholds
        x32 = x.astype(np.float32)
        rows = np.arange(x.shape[0])[:, None]
        node = np.broadcast_to(self.roots, (x.shape[0], self.roots.size)).copy()
        for _ in range(self.depth):
            leaf = self.left[node] < 0
            go_left = x32[rows, self.feature[node]] <= self.split[node]
            node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
        raw = self.init + self.learning_rate * self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    def choose(self, cands: Sequence[int], probs: np.ndarray, threshold: float | None = None) -> Resolution:
        """The most probable candidate, or none when it is under the threshold."""
        if len(cands) == 0:
            return Resolution(None, 0.0)
        j = int(np.argmax(probs))
        p = float(probs[j])
        if p < (self.threshold if threshold is None else threshold):
            return Resolution(None, round(p, 3))
        return Resolution(cands[j], round(p, 3))


def ranker_from_dict(data: dict[str, Any]) -> GeoRanker:
    """A ranker from the JSON the training script writes (ValueError when it does not fit)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model")
    if tuple(data["feature_names"]) != FEATURE_NAMES:
        raise ValueError("the model was fitted on other features: run bench/train_geo_ranker.py")
    feature: list[int] = []
    split: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    for tree in data["trees"]:
        base = len(feature)
        roots.append(base)
        feature.extend(max(0, f) for f in tree["feature"])
        split.extend(tree["threshold"])
        left.extend(c + base if c >= 0 else -1 for c in tree["left"])
        right.extend(c + base if c >= 0 else -1 for c in tree["right"])
        value.extend(tree["value"])
    return GeoRanker(
        feature_names=FEATURE_NAMES,
        feature=np.array(feature, dtype=np.int64),
        split=np.array(split, dtype=np.float64),
        left=np.array(left, dtype=np.int64),
        right=np.array(right, dtype=np.int64),
        value=np.array(value, dtype=np.float64),
        roots=np.array(roots, dtype=np.int64),
        depth=int(data["max_depth"]),
        init=float(data["init"]),
        learning_rate=float(data["learning_rate"]),
        threshold=float(data["threshold"]),
    )


def read_ranker(path: Path) -> GeoRanker:
    """The ranker stored at ``path`` (ModelUnavailableError when it is missing or unreadable)."""
    try:
        return ranker_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailableError(f"the place ranker {path.name} cannot be read: {exc}") from exc


@lru_cache(maxsize=1)
def load_ranker() -> GeoRanker:
    """The ranker shipped in the package, read once."""
    return read_ranker(Path(str(resources.files("cronica") / "data" / "models" / MODEL_FILE)))


def rank(
    gaz: Gazetteer,
    mentions: list[Candidate],
    ents: Sequence[NerSpan],
    ranker: GeoRanker,
    report: ReportContext | None = None,
    weights: Weights = WEIGHTS,
) -> list[Resolution]:
    """Resolve every mention with the ranker (the rules' scores are among its features)."""
    cands, scores = rule_scores(gaz, mentions, weights)
    mats = report_features(gaz, mentions, cands, scores, ents, report or ReportContext())
    if not mats:
        return []
    # one pass of the trees over every pair of the report, then split back by mention
    probs = ranker.probabilities(np.vstack(mats))
    bounds = np.cumsum([len(cs) for cs in cands])[:-1]
    return [ranker.choose(cs, p) for cs, p in zip(cands, np.split(probs, bounds), strict=True)]
