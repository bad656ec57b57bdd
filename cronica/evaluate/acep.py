"""ACEP lc_720 (La Capital, Mar del Plata): does a Spanish article report a protest or labour conflict?

Gold ``clas_hum`` is 1 for articles reporting a protest or labour-conflict event (SOURCE.txt). Each
article (title, lead and body, as paragraphs) goes whole through
:func:`~cronica.extract.document.extract_document`, published on its ``fecha``; it is predicted
positive when the extraction yields an event that is not background (history) and is of the
Protests or Riots families (TAXONOMY.md), or is tagged a strike or a roadblock (a labour conflict:
"paro", "huelga", "piquete"). An article's ``id`` decides its half.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica.evaluate.errors import EvalError
from cronica.evaluate.metrics import prf_binary
from cronica.evaluate.wholedoc import check_split, evidence_stats, in_split, parse_date
from cronica.extract.document import extract_document
from cronica.model import Document, Event

CORPUS = "acep-lc720"
CONFLICT_TYPES = frozenset({"Protests", "Riots"})
CONFLICT_TAGS = frozenset({"strike", "roadblock"})


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: Any
    gold: bool


def load_articles(path: str | Path, split: str = "all", limit: int | None = None) -> list[Article]:
    """The articles of ``lc_dev.csv`` (or a folder holding it) in ``split``."""
    p = Path(path)
    if p.is_dir():
        p = p / "lc_dev.csv"
    if not p.exists():
        raise EvalError(f"{path}: expected lc_dev.csv in this folder")
    out: list[Article] = []
    with p.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            key = str(row.get("id") or i)
            if not in_split(CORPUS, key, split):
                continue
            parts = [row.get("titulo") or "", row.get("bajada") or "", row.get("nota") or ""]
            text = "\n\n".join(x.strip() for x in parts if x.strip())
            published = parse_date(*(row.get("fecha") or "").split("-")[:3]) if row.get("fecha") else None
            out.append(Article(key, text, published, row.get("clas_hum", "").strip() == "1"))
            if limit and len(out) >= limit:
                break
    return out


def load(path: str | Path) -> list[tuple[str, bool]]:
    """(article text, gold label) per article of ``lc_dev.csv`` (or a folder holding it)."""
    return [(a.text, a.gold) for a in load_articles(path)]


def reports_conflict(events: Sequence[Event]) -> bool:
    """An event of a protest or a labour conflict that the article tells as news, not history."""
    return any(
        not e.background and (e.event_type in CONFLICT_TYPES or CONFLICT_TAGS.intersection(e.tags))
        for e in events
    )


def extract(
    text: str, published: Any = None, doc_id: str = "acep", *, sentence_model: bool = False
) -> list[Event]:
    """The events of one article, through the path of ``cronica extract``."""
    doc = Document(doc_id, text, published=published, lang="es")
    return extract_document(doc, "es", sentence_model=sentence_model).events


def predict(text: str) -> bool:
    """Whether cronica finds a protest or labour conflict in one article."""
    return reports_conflict(extract(text))


def evaluate(
    path: str | Path, split: str = "all", limit: int | None = None, *, sentence_model: bool = False
) -> dict[str, Any]:
    """P/R/F1 of the article-level decision over one half, and evidence lengths (``sentence_model``:
    with the trained sentence model beside the rules)."""
    articles = load_articles(path, check_split(split), limit)
    preds: list[bool] = []
    events: list[Event] = []
    for a in articles:
        found = extract(a.text, a.published, f"acep-{a.id}", sentence_model=sentence_model)
        events.extend(found)
        preds.append(reports_conflict(found))
    prf = prf_binary([a.gold for a in articles], preds)
    return {
        "split": split,
        "n_articles": len(articles),
        "protest": prf.to_dict(),
        "evidence": evidence_stats(events),
    }
