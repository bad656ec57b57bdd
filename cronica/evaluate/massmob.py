"""Mass Mobilization (Clark & Regan 2016): state responses read from the coders' notes, whole.

Each protest's ``notes`` summarise it; ``stateresponse1..7`` list what the state did. Each note goes
whole through :func:`~cronica.extract.document.extract_document` (published on the protest's start
date) and the responses are read off the event records it yields, from events in which state
forces took part (as either actor, or implied by an arrest, a protest with intervention or
excessive force):

- killings: such an event with deaths (``fatalities`` > 0);
- shootings: such an event tagged ``live_ammunition`` or whose evidence tells live fire;
- arrests: arrests reported (sub-type Arrests or ``arrests`` > 0);
- beatings: such an event whose evidence tells beatings;
- crowd dispersal: an event tagged ``tear_gas``; a protest with intervention or excessive force;
  a riot fought with state forces; or such an event whose evidence tells dispersal or force;
- accomodation (the corpus' spelling): an agreement event;
- ignore: a protest found and none of the above.

A protest's ``id`` decides its half (:func:`~cronica.evaluate.splits.unit_split`); a protest listed
twice is scored once.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica.evaluate.errors import EvalError
from cronica.evaluate.metrics import prf_binary
from cronica.evaluate.wholedoc import (
    check_split,
    evidence_cues,
    evidence_stats,
    in_split,
    is_state,
    parse_date,
)
from cronica.extract.document import extract_document
from cronica.model import Document, Event

CORPUS = "mass-mobilization"
# The responses the issue scores (headline), then the two that say what the state did not do.
RESPONSES: tuple[str, ...] = ("killings", "shootings", "arrests", "beatings", "crowd dispersal")
OTHER_RESPONSES: tuple[str, ...] = ("accomodation", "ignore")
# Sub-types that imply state forces (or another force) met the people.
STATE_SUBTYPES = frozenset({"Arrests", "Protest with intervention", "Excessive force against protesters"})
DISPERSAL_SUBTYPES = frozenset({"Protest with intervention", "Excessive force against protesters"})


@dataclass(frozen=True)
class Protest:
    id: str
    notes: str
    published: Any
    responses: frozenset[str]


def load_protests(path: str | Path, split: str = "all", limit: int | None = None) -> list[Protest]:
    """The protests of ``mm_dev.csv`` (or a folder holding it) with notes, in ``split``, once each."""
    p = Path(path)
    if p.is_dir():
        p = p / "mm_dev.csv"
    if not p.exists():
        raise EvalError(f"{path}: expected mm_dev.csv in this folder")
    seen: set[str] = set()
    out: list[Protest] = []
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            notes = (row.get("notes") or "").strip()
            key = str(row.get("id") or "")
            if not notes or row.get("protest") != "1" or key in seen or not in_split(CORPUS, key, split):
                continue
            seen.add(key)
            responses = frozenset(
                row[f"stateresponse{i}"].strip() for i in range(1, 8) if row.get(f"stateresponse{i}")
            )
            published = parse_date(row.get("startyear"), row.get("startmonth"), row.get("startday"))
            out.append(Protest(key, notes, published, responses))
            if limit and len(out) >= limit:
                break
    return out


def load(path: str | Path) -> list[tuple[str, frozenset[str]]]:
    """(notes, state responses) per protest of ``mm_dev.csv`` (or a folder holding it)."""
    return [(p.notes, p.responses) for p in load_protests(path)]


def _state_involved(e: Event) -> bool:
    actors = (e.actor1, e.actor2)
    return e.sub_event_type in STATE_SUBTYPES or any(is_state(a) for a in actors)


def _dispersed(e: Event, cues: frozenset[str]) -> bool:
    """Force met the crowd: an intervention, tear gas, dispersal or force words, or a riot fought
    with state forces."""
    return (
        e.sub_event_type in DISPERSAL_SUBTYPES
        or "tear_gas" in e.tags
        or bool(cues & {"dispersal", "force"})
        or (e.event_type == "Riots" and any(is_state(a) for a in (e.actor1, e.actor2)))
    )


def responses_of(events: Sequence[Event], lang: str = "en") -> frozenset[str]:
    """The state responses that the event records of one protest's notes tell."""
    out: set[str] = set()
    for e in events:
        if e.sub_event_type == "Agreement":
            out.add("accomodation")
        if e.sub_event_type == "Arrests" or (e.arrests or 0) > 0:
            out.add("arrests")
        if "tear_gas" in e.tags:  # fired by the police whoever the record names
            out.add("crowd dispersal")
        if not _state_involved(e):
            continue
        cues = evidence_cues(e, lang)
        if (e.fatalities or 0) > 0:
            out.add("killings")
        if "live_ammunition" in e.tags or "live_fire" in cues:
            out.add("shootings")
        if "beating" in cues:
            out.add("beatings")
        if _dispersed(e, cues):
            out.add("crowd dispersal")
    if not out & {*RESPONSES, "accomodation"} and any(e.event_type in ("Protests", "Riots") for e in events):
        out.add("ignore")
    return frozenset(out)


def predict(protest: Protest) -> tuple[frozenset[str], list[Event]]:
    """The responses cronica reads in one protest's notes, and the events it found there."""
    doc = Document(f"mm-{protest.id}", protest.notes, published=protest.published, lang="en")
    events = extract_document(doc, "en").events
    return responses_of(events), events


def evaluate(path: str | Path, split: str = "all", limit: int | None = None) -> dict[str, Any]:
    """P/R/F1 per state response over the protests of one half, and evidence lengths."""
    protests = load_protests(path, check_split(split), limit)
    preds: list[frozenset[str]] = []
    events: list[Event] = []
    for p in protests:
        found, evs = predict(p)
        preds.append(found)
        events.extend(evs)
    result: dict[str, Any] = {"split": split, "n_notes": len(protests)}
    for label in (*RESPONSES, *OTHER_RESPONSES):
        gold = [label in p.responses for p in protests]
        result[label] = prf_binary(gold, [label in q for q in preds]).to_dict()
    result["evidence"] = evidence_stats(events)
    return result
