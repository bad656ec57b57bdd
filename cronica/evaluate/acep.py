"""ACEP lc_720 (La Capital, Mar del Plata): does a Spanish article report a protest or labour conflict?

Gold ``clas_hum`` is 1 for articles reporting a protest/labour-conflict event. We predict 1 when
cronica finds a Protests or Riots event in the title, lead or body, or a strike-tagged event.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from cronica.evaluate.metrics import prf_binary
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences


def load(path: str | Path) -> list[tuple[str, bool]]:
    """(article text, gold label) from ``lc_dev.csv`` (or a folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "lc_dev.csv"
    out = []
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parts = [row.get("titulo") or "", row.get("bajada") or "", row.get("nota") or ""]
            text = ".\n\n".join(x.strip().rstrip(".") for x in parts if x.strip()) + "."
            out.append((text, row.get("clas_hum", "").strip() == "1"))
    return out


def predict(text: str, lang: str = "es") -> bool:
    for c in detect_events(text, split_sentences(text), lang):
        if c.event_type in ("Protests", "Riots") or "strike" in c.tags:
            return True
    return False


def evaluate(path: str | Path) -> dict[str, Any]:
    rows = load(path)
    preds = [predict(text) for text, _ in rows]
    prf = prf_binary([g for _, g in rows], preds)
    return {"n_articles": len(rows), "protest": prf.to_dict()}
