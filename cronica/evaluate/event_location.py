"""Event-location attachment (Halterman 2019, ``labeled.jsonl``): loader and scorer.

Each record is one sentence with one marked event verb and, when the annotator found
one, the place name(s) where *that* event happened. We geoparse the sentence, call
``event_location`` with the verb's span and count a hit when the chosen place's mention
overlaps a gold LOCATION span. Records without a gold place are scored separately: a hit
there is answering None (only possible when the sentence holds no usable place).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cronica.model import Document


@dataclass(frozen=True)
class EventLocationItem:
    doc: Document
    verb: tuple[int, int]
    locations: tuple[tuple[int, int], ...]
    relabel: bool


def load_event_location(path: str | Path) -> Iterator[EventLocationItem]:
    """Records with exactly one VERB span (JSON lines, or one JSON array)."""
    p = Path(path)
    if p.is_dir():
        p = p / "labeled.jsonl"
    raw = p.read_text(encoding="utf-8")
    records = (
        json.loads(raw) if raw.lstrip().startswith("[") else [json.loads(x) for x in raw.splitlines() if x]
    )
    for n, r in enumerate(records):
        if r.get("answer") not in (None, "accept"):
            continue
        spans = r.get("spans") or []
        verbs = [(s["start"], s["end"]) for s in spans if s.get("label") == "VERB"]
        if len(verbs) != 1:
            continue
        locs = tuple((s["start"], s["end"]) for s in spans if s.get("label") == "LOCATION")
        yield EventLocationItem(
            doc=Document(doc_id=str(r.get("_id", n)), text=r["text"], lang="en"),
            verb=verbs[0],
            locations=locs,
            relabel=r.get("source") == "RELABEL",
        )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
