"""Generic scoring helpers."""

from __future__ import annotations

import pytest

from cronica.evaluate.metrics import (
    PRF,
    accuracy,
    macro_f1,
    per_label,
    prf_binary,
    prf_sets,
    stratified_folds,
    weighted_f1,
)


def test_prf_values() -> None:
    prf = PRF(tp=3, fp=1, fn=2)
    assert prf.precision == pytest.approx(0.75)
    assert prf.recall == pytest.approx(0.6)
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert prf.support == 5
    assert PRF(0, 0, 0).f1 == 0.0
    assert (PRF(1, 2, 3) + PRF(1, 1, 1)) == PRF(2, 3, 4)


def test_prf_binary_and_sets() -> None:
    assert prf_binary([True, True, False, False], [True, False, True, False]) == PRF(1, 1, 1)
    assert prf_sets({"a", "b"}, {"b", "c", "d"}) == PRF(1, 2, 1)
    with pytest.raises(ValueError):
        prf_binary([True], [True, False])


def test_weighted_f1_matches_hand_computation() -> None:
    gold = ["A", "A", "A", "B", None]
    pred = ["A", "A", "B", "B", "A"]
    table = per_label(gold, pred, ["A", "B"])
    assert table["A"] == PRF(2, 1, 1)
    assert table["B"] == PRF(1, 1, 0)
    expected = (3 * (2 / 3) + 1 * (2 / 3)) / 4
    assert weighted_f1(gold, pred, ["A", "B"]) == pytest.approx(expected)
    assert macro_f1(gold, pred, ["A", "B"]) == pytest.approx(2 / 3)
    assert accuracy(gold, pred) == pytest.approx(3 / 5)


def test_perfect_and_empty() -> None:
    assert weighted_f1(["x", "y"], ["x", "y"]) == 1.0
    assert weighted_f1([], []) == 0.0


def test_stratified_folds_partition() -> None:
    labels = ["a"] * 10 + ["b"] * 5 + ["c"] * 3
    folds = stratified_folds(labels, k=5)
    flat = sorted(i for f in folds for i in f)
    assert flat == list(range(len(labels)))
    for f in folds:
        assert sum(1 for i in f if labels[i] == "a") == 2
        assert sum(1 for i in f if labels[i] == "b") == 1
    assert stratified_folds(labels, k=5) == folds
    with pytest.raises(ValueError):
        stratified_folds(labels, k=1)
