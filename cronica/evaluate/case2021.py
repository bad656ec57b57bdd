"""CASE 2021 task 2 (fine-grained event classification): loader, scorer and snippet answer.

Each snippet has one label: one of ACLED's 25 sub-event codes or one of five types outside
the taxonomy (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) for which cronica
must say "no event". We report weighted F1 over the 25 codes on the in-taxonomy snippets (the
task's subtask 1) and the share of out-of-taxonomy snippets that correctly yield no event.
A snippet's answer is what ``cronica extract`` gives for it: the sub-type of its most confident event.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica.evaluate.metrics import macro_f1, micro_prf, per_label, weighted_f1
from cronica.extract.document import extract_document
from cronica.extract.events import EventCandidate
from cronica.model import Document
from cronica.pipeline.default import default_pipeline
from cronica.pipeline.registry import Registry
from cronica.taxonomy import code_of, codes

# The corpus' labels for reports outside ACLED's taxonomy (cronica should find no event in them).
OUT_OF_TAXONOMY: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str


def load(path: str | Path) -> list[Snippet]:
    """Snippets from the task's TSV (``id<TAB>EventSnippet<TAB>SubType``) or a folder holding dev.tsv."""
    p = Path(path)
    if p.is_dir():
        p = p / "dev.tsv"
    with p.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
    return [Snippet(r[0], r[1], r[2].strip()) for r in rows[1:] if len(r) >= 3 and r[2].strip()]


def score(gold: list[str], pred: list[str | None]) -> dict[str, Any]:
    """Scores for paired gold labels and predicted codes (None = no event)."""
    acled_codes = codes()
    inside = [i for i, g in enumerate(gold) if g in acled_codes]
    outside = [i for i, g in enumerate(gold) if g in OUT_OF_TAXONOMY]
    g_in = [gold[i] for i in inside]
    p_in = [pred[i] or "NONE" for i in inside]
    table = per_label(g_in, p_in, acled_codes)
    # All snippets, out-of-taxonomy mapped to NONE (a 26-way task, closest to the task's subtask 3).
    g_all = [g if g in acled_codes else "NONE" for g in gold]
    p_all = [p or "NONE" for p in pred]
    return {
        "n_snippets": len(gold),
        "n_in_taxonomy": len(inside),
        "n_out_of_taxonomy": len(outside),
        "weighted_f1": round(weighted_f1(g_in, p_in, acled_codes), 4),
        "macro_f1": round(macro_f1(g_in, p_in, [c for c in acled_codes if table[c].support]), 4),
        "micro_f1": round(micro_prf(g_in, p_in, acled_codes).f1, 4),
        "no_event_on_in_taxonomy": round(sum(1 for p in p_in if p == "NONE") / len(inside), 4)
        if inside
        else 0.0,
        "out_of_taxonomy_no_event": round(sum(1 for i in outside if pred[i] is None) / len(outside), 4)
        if outside
        else 0.0,
        "weighted_f1_all_with_none": round(weighted_f1(g_all, p_all, [*acled_codes, "NONE"]), 4),
        "per_label": {str(k): v.to_dict() for k, v in table.items() if v.support or v.fp},
    }


def evaluate(path: str | Path, classify: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """Score ``classify`` on the corpus at ``path``.

    The default is cronica's :func:`classify_snippet`, answering as a code.
    """
    snippets = load(path)
    if classify is None:
        classify = classify_code
    pred = [classify(s.text) for s in snippets]
    return score([s.label for s in snippets], pred)


def best_rule_answer(candidates: Sequence[EventCandidate]) -> tuple[str | None, float]:
    """The sub-type of the most confident candidate (earliest on ties), or ``(None, 0.0)``."""
    if not candidates:
        return None, 0.0
    best = max(candidates, key=lambda c: (c.confidence, -c.start))
    return best.sub_event_type, best.confidence


def rules_only_pipeline() -> Registry:
    """The default pipeline without the sentence model (stage ``classification``): the rules alone."""
    return default_pipeline(sentence_model=False)


def classify_snippet(text: str, lang: str = "en", *, rules_only: bool = False) -> tuple[str | None, float]:
    """One ACLED sub-event type for a whole snippet (None: no event or outside the taxonomy).

    The snippet goes through :func:`~cronica.extract.document.extract_document`, the path of
    ``cronica extract`` with the ``sentence_model`` setting on (the rules, then the sentence model
    and the calibrated confidence); the answer is its most confident event (the earliest on ties).
    ``rules_only``: the default pipeline, without the sentence model.
    """
    doc = Document("case2021", text, lang=lang)
    events = extract_document(doc, lang, sentence_model=not rules_only).events
    if not events:
        return None, 0.0
    best = max(events, key=lambda e: (e.confidence, -min((v.start for v in e.evidence), default=0)))
    return best.sub_event_type, best.confidence


def classify_code(text: str, rules_only: bool = False) -> str | None:
    """cronica's answer for one English snippet, as a case2021 code (None = no event)."""
    sub, _ = classify_snippet(text, "en", rules_only=rules_only)
    return code_of(sub) if sub else None
