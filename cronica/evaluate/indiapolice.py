"""IndiaPoliceEvents (Halterman et al. 2021): sentence-level police KILL, ARREST, FORCE.

Labels (from the corpus' guidelines): KILL, police killed someone; ARREST, police arrested
someone; FORCE, police used force (beatings, firing, tear gas, lathi charges...). We predict
them with the sentence-level reader of :mod:`cronica.evaluate.police`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica.evaluate.metrics import prf_binary
from cronica.evaluate.police import police_actions

LABELS: tuple[str, ...] = ("KILL", "ARREST", "FORCE")


@dataclass(frozen=True)
class LabelledSentence:
    doc_id: int
    sent_id: int
    text: str
    labels: frozenset[str]


def load(path: str | Path) -> list[LabelledSentence]:
    """Sentences from ``sents.jsonl`` (or a folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "sents.jsonl"
    out = []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(
                    LabelledSentence(d["doc_id"], d["sent_id"], d["sent_text"], frozenset(d["sent_labels"]))
                )
    return out


def predict(text: str, lang: str = "en") -> frozenset[str]:
    """The police actions one sentence reports (:func:`cronica.evaluate.police.police_actions`)."""
    return police_actions(text, lang)


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    sentences = load(path)[:limit] if limit else load(path)
    preds = [predict(s.text) for s in sentences]
    result: dict[str, Any] = {"n_sentences": len(sentences)}
    for label in LABELS:
        prf = prf_binary([label in s.labels for s in sentences], [label in p for p in preds])
        result[label] = prf.to_dict()
    return result
