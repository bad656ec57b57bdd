"""Mass Mobilization (Clark & Regan 2016): state responses read from the coders' notes.

Each row's ``notes`` summarises one protest; ``stateresponse1..7`` list what the state did.
We score five responses, each predicted from the cues of the events cronica finds in the notes:
killings (kill + force by state forces), shootings (live fire), arrests, beatings and crowd
dispersal. Duplicate rows are scored once.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from cronica.evaluate.metrics import prf_binary
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences

RESPONSES: tuple[str, ...] = ("killings", "shootings", "arrests", "beatings", "crowd dispersal")


def load(path: str | Path) -> list[tuple[str, frozenset[str]]]:
    """(notes, state responses) per distinct row of ``mm_dev.csv`` (or a folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "mm_dev.csv"
    seen: set[str] = set()
    out = []
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            notes = (row.get("notes") or "").strip()
            if not notes or row.get("protest") != "1" or notes in seen:
                continue
            seen.add(notes)
            responses = frozenset(
                row[f"stateresponse{i}"].strip() for i in range(1, 8) if row.get(f"stateresponse{i}")
            )
            out.append((notes, responses))
    return out


def predict(notes: str, lang: str = "en") -> frozenset[str]:
    out: set[str] = set()
    for c in detect_events(notes, split_sentences(notes), lang):
        police = any(a is not None and a.type == "state_forces" for a in (c.actor1, c.actor2))
        if "arrest" in c.cues:
            out.add("arrests")
        if "live_fire" in c.cues and police:
            out.add("shootings")
        if "kill" in c.cues and police and "force" in c.cues:
            out.add("killings")
        if "beat" in c.cues and police:
            out.add("beatings")
        if "disperse" in c.cues:
            out.add("crowd dispersal")
    return frozenset(out)


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    rows = load(path)
    if limit:
        rows = rows[:limit]
    preds = [predict(notes) for notes, _ in rows]
    result: dict[str, Any] = {"n_notes": len(rows)}
    for label in RESPONSES:
        result[label] = prf_binary([label in g for _, g in rows], [label in p for p in preds]).to_dict()
    return result
