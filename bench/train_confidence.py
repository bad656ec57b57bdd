"""Fit the calibrated-confidence model (cronica/extract/confidence.py) on the development split.

For every report of the ``dev`` half of each incident-level gold set in ../shared/data, the
report is extracted (without calibration; the sentence model's P(event) of each event's candidate,
stage ``classification``, is one of the features), and each event told as news is labelled 1 when it can
match one of the gold incidents that the report describes (the matching rule of
``cronica eval incidents``: date within a day, same country, place or admin1 agreeing), else 0.
A logistic regression over :func:`cronica.extract.confidence.feature_names` is fitted to those labels;
its cross-validated log loss and AUC (folds by report, so no report is in both halves of a fold)
are printed and written to bench/results/confidence_model.json, and its weights to
cronica/data/models/confidence.json. The held-out halves are never read.

    python bench/train_confidence.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from cronica.evaluate.incidents import GoldFolder, candidate, load_folder
from cronica.extract import confidence
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline
from cronica.pipeline.places import document_country
from cronica.sources.jsonl import document_from_json

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "cronica" / "data" / "models" / "confidence.json"
RESULTS = REPO / "bench" / "results" / "confidence_model.json"
SETS = ("voa", "muc4-tst4", "factnews-latam", "factnews-world")
C = 0.5  # inverse regularisation: a few hundred examples, two dozen features


def examples(folder: GoldFolder) -> tuple[list[list[float]], list[int], list[str]]:
    """Feature rows, labels and report ids of every news event of the folder's reports."""
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[str] = []
    pipeline = default_pipeline()
    for report in folder.reports:
        doc = document_from_json(report, f"{folder.name}:{report['id']}")
        ctx = pipeline.run(DocContext(doc))  # what extract_document runs, the incidents kept
        home = document_country(ctx.places)
        told_here = [g for g in folder.incidents if report["id"] in g.reports]
        # one event per incident, in order: the sentence model's P(event) of its candidate
        for event, draft in zip(ctx.events, ctx.incidents, strict=True):
            if event.background:
                continue
            hit = any(candidate(0, event, j, g) is not None for j, g in enumerate(told_here))
            rows.append(confidence.event_features(event, doc, home, draft.candidate.model_probability))
            labels.append(int(hit))
            groups.append(f"{folder.name}:{report['id']}")
    return rows, labels, groups


def cross_validate(x: np.ndarray, y: np.ndarray, groups: list[str]) -> dict[str, float]:
    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        model = LogisticRegression(C=C, max_iter=2000).fit(x[train], y[train])
        scores[test] = model.predict_proba(x[test])[:, 1]
    rule = x[:, confidence.feature_names().index("rule_confidence")]
    return {
        "cv_log_loss": round(float(log_loss(y, scores)), 4),
        "cv_auc": round(float(roc_auc_score(y, scores)), 4),
        "rule_confidence_auc": round(float(roc_auc_score(y, rule)), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    confidence.load_model = lambda: None  # type: ignore[assignment]  # fit on the rule confidence
    x_rows: list[list[float]] = []
    y_rows: list[int] = []
    groups: list[str] = []
    per_set: dict[str, dict[str, int]] = {}
    for name in SETS:
        folder = load_folder(args.data / name).select("dev")
        rows, labels, g = examples(folder)
        x_rows += rows
        y_rows += labels
        groups += g
        per_set[name] = {"reports": len(folder.reports), "events": len(labels), "real": sum(labels)}
        print(f"{name:16} dev: {len(folder.reports):4} reports {len(labels):5} events {sum(labels):4} real")
    x, y = np.array(x_rows), np.array(y_rows)
    cv = cross_validate(x, y, groups)
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    MODEL.write_text(
        json.dumps(
            {
                "features": list(confidence.feature_names()),
                "weights": [round(float(w), 5) for w in model.coef_[0]],
                "bias": round(float(model.intercept_[0]), 5),
                "trained_on": "dev split of " + ", ".join(SETS),
            },
            indent=1,
        )
        + "\n"
    )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "commit": commit.stdout.strip(),
        "split": "dev only (held-out never read)",
        "sets": per_set,
        "examples": len(y),
        "positives": int(y.sum()),
        **cv,
        "weights": dict(
            zip(confidence.feature_names(), (round(float(w), 3) for w in model.coef_[0]), strict=True)
        ),
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"{len(y)} events, {int(y.sum())} real; 5-fold by report: log loss {cv['cv_log_loss']}, "
        f"AUC {cv['cv_auc']} (rule confidence alone: AUC {cv['rule_confidence_auc']})"
    )
    print(f"wrote {MODEL.relative_to(REPO)} and {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
