"""Generic scoring helpers: precision/recall/F1 from counts or label lists, weighted F1, k-fold splits.

Pure functions over plain lists so every benchmark (events, places, figures) can reuse them.
``None`` is an ordinary label here ("no event"); callers choose which labels are scored.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
        }

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def prf_binary(gold: Iterable[bool], pred: Iterable[bool]) -> PRF:
    """Counts for a yes/no decision over paired items."""
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        if g and p:
            tp += 1
        elif p:
            fp += 1
        elif g:
            fn += 1
    return PRF(tp, fp, fn)


def prf_sets(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> PRF:
    """Counts for two sets of items (e.g. extracted vs gold tuples)."""
    g, p = set(gold), set(pred)
    return PRF(len(g & p), len(p - g), len(g - p))


def per_label(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable] | None = None
) -> dict[Hashable, PRF]:
    """One-vs-rest counts per label for single-label classification.

    ``labels`` restricts which labels are scored (default: every label in ``gold``); a
    prediction outside them is still a false negative for the gold label.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    scored = list(dict.fromkeys(labels)) if labels is not None else list(dict.fromkeys(gold))
    out: dict[Hashable, PRF] = {}
    for label in scored:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        out[label] = PRF(tp, fp, fn)
    return out


def weighted_f1(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable] | None = None
) -> float:
    """Support-weighted mean of per-label F1 (scikit-learn's ``average="weighted"``)."""
    table = per_label(gold, pred, labels)
    total = sum(prf.support for prf in table.values())
    if not total:
        return 0.0
    return sum(prf.f1 * prf.support for prf in table.values()) / total


def macro_f1(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable] | None = None
) -> float:
    """Unweighted mean of per-label F1."""
    table = per_label(gold, pred, labels)
    return sum(p.f1 for p in table.values()) / len(table) if table else 0.0


def micro_prf(gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable]) -> PRF:
    """Pooled counts over ``labels``."""
    total = PRF(0, 0, 0)
    for prf in per_label(gold, pred, labels).values():
        total = total + prf
    return total


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0


def stratified_folds(labels: Sequence[Hashable], k: int = 5, seed: int = 13) -> list[list[int]]:
    """``k`` lists of item indices, each label spread evenly across folds (deterministic)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    by_label: dict[Hashable, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for label in sorted(by_label, key=repr):
        idx = by_label[label]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[(j + offset) % k].append(i)
        offset += len(idx)
    return [sorted(f) for f in folds]


def label_counts(labels: Iterable[Hashable]) -> dict[Hashable, int]:
    return dict(Counter(labels))
