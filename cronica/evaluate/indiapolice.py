"""IndiaPoliceEvents (Halterman et al. 2021): police KILL, ARREST, FORCE, scored on whole documents.

Every sentence of every article is labelled (from the corpus' guidelines): KILL, police killed
someone; ARREST, police arrested someone; FORCE, police used force (beatings, firing, tear gas,
lathi charges...; every KILL is also FORCE). Each article goes whole through
:func:`~cronica.extract.document.extract_document`, the path of ``cronica extract``, and a gold
sentence (found in the article's text) is predicted

- KILL when an event whose actor1 is state forces, with deaths (``fatalities`` > 0), has evidence
  on it;
- ARREST when an event whose actor1 is state forces reports arrests (sub-type Arrests, or
  ``arrests`` > 0) there;
- FORCE when an event of state forces of a force sub-type (:data:`FORCE_SUBTYPES`) has evidence
  there, or KILL holds.

"actor1 is state forces" follows ACLED: the force is actor1 of excessive force, an attack or an
arrest, and actor2 of a protest with intervention (:func:`~cronica.evaluate.wholedoc.state_acted`).
The same labels read with state forces anywhere among an event's actors (``any_role``) show how
much the order of actors costs. ``sentence_actions`` keeps the old one-sentence reader
(:mod:`cronica.evaluate.police`) for comparison: it is not the headline figure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cronica.evaluate.errors import EvalError
from cronica.evaluate.metrics import prf_binary
from cronica.evaluate.police import police_actions
from cronica.evaluate.wholedoc import (
    check_split,
    evidence_stats,
    in_split,
    is_state,
    parse_date,
    state_acted,
    used_force,
)
from cronica.extract.document import extract_document
from cronica.model import Document, Event

CORPUS = "indiapoliceevents"
LABELS: tuple[str, ...] = ("KILL", "ARREST", "FORCE")
# Sub-types in which the state forces that acted used force (the guidelines' FORCE: firing,
# beating, lathi charges, tear gas...; TAXONOMY.md for the sub-types).
FORCE_SUBTYPES = frozenset(
    {
        "Excessive force against protesters",
        "Protest with intervention",
        "Attack",
        "Armed clash",
        "Shelling/artillery/missile attack",
        "Grenade",
        "Air/drone strike",
        "Government regains territory",
    }
)


@dataclass(frozen=True)
class LabelledSentence:
    doc_id: int
    sent_id: int
    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class GoldSentence:
    """A labelled sentence found in its article: ``start``/``end`` into the article (-1 if not found)."""

    sent_id: int
    start: int
    end: int
    labels: frozenset[str]


@dataclass(frozen=True)
class Article:
    doc_id: int
    text: str
    published: Any
    sentences: tuple[GoldSentence, ...]


def load(path: str | Path) -> list[LabelledSentence]:
    """Sentences from ``sents.jsonl`` (or a folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "sents.jsonl"
    out = []
    for d in _jsonl(p):
        out.append(LabelledSentence(d["doc_id"], d["sent_id"], d["sent_text"], frozenset(d["sent_labels"])))
    return out


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def locate(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Where each of ``sentences`` (consecutive parts of ``text``, in order) lies in ``text``.

    An exact match after the previous sentence first; else the same words with any whitespace
    between them; (-1, -1) for a sentence not found.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentences:
        at = text.find(sentence, pos) if sentence else -1
        if at >= 0:
            spans.append((at, at + len(sentence)))
            pos = at + len(sentence)
            continue
        words = sentence.split()
        m = re.compile(r"\s*".join(re.escape(w) for w in words)).search(text, pos) if words else None
        if m is None:
            spans.append((-1, -1))
        else:
            spans.append((m.start(), m.end()))
            pos = m.end()
    return spans


def load_articles(folder: str | Path, split: str = "all", limit: int | None = None) -> list[Article]:
    """The articles of ``docs.jsonl`` in ``split`` with their labelled sentences located, and the
    publication date of ``metadata.jsonl`` when the folder has one."""
    root = Path(folder)
    if not root.is_dir():
        raise EvalError(f"{root}: expected the IndiaPoliceEvents folder (docs.jsonl, sents.jsonl)")
    for name in ("docs.jsonl", "sents.jsonl"):
        if not (root / name).exists():
            raise EvalError(f"{root}: expected {name} in this folder")
    dates: dict[int, Any] = {}
    if (root / "metadata.jsonl").exists():
        dates = {
            d["doc_id"]: parse_date(*str(d.get("date", "")).split("-"))
            for d in _jsonl(root / "metadata.jsonl")
        }
    by_doc: dict[int, list[LabelledSentence]] = {}
    for s in load(root / "sents.jsonl"):
        by_doc.setdefault(s.doc_id, []).append(s)
    articles: list[Article] = []
    for d in _jsonl(root / "docs.jsonl"):
        if not in_split(CORPUS, d["doc_id"], split):
            continue
        labelled = sorted(by_doc.get(d["doc_id"], []), key=lambda s: s.sent_id)
        spans = locate(d["doc_text"], [s.text for s in labelled])
        gold = tuple(
            GoldSentence(s.sent_id, a, b, s.labels) for s, (a, b) in zip(labelled, spans, strict=True)
        )
        articles.append(Article(d["doc_id"], d["doc_text"], dates.get(d["doc_id"]), gold))
        if limit and len(articles) >= limit:
            break
    return articles


def event_labels(event: Event, any_role: bool = False) -> frozenset[str]:
    """What the state forces did according to one event record (KILL, ARREST, FORCE).

    State forces first (excessive force, an attack, an arrest): deaths are KILL, a force sub-type
    FORCE. State forces second, where ACLED puts the force that met a protest or a riot
    (:data:`~cronica.evaluate.wholedoc.FORCE_AS_ACTOR2`): FORCE when the event tells force used,
    KILL when its dead fell to gunfire (``live_ammunition``), not to the rioters.
    """
    if not state_acted(event, any_role):
        return frozenset()
    first = is_state(event.actor1)
    second = not first and is_state(event.actor2)
    # any_role: read the event as if the state forces named second were its actor1
    as_first = first or (any_role and second)
    out: set[str] = set()
    if event.sub_event_type == "Arrests" or (event.arrests or 0) > 0:
        out.add("ARREST")
    if (event.fatalities or 0) > 0 and (as_first or "live_ammunition" in event.tags):
        out.update(("KILL", "FORCE"))
    if (as_first and event.sub_event_type in FORCE_SUBTYPES) or (second and used_force(event, "en")):
        out.add("FORCE")
    return frozenset(out)


def sentence_predictions(
    sentences: Sequence[GoldSentence], events: Sequence[Event], any_role: bool = False
) -> list[frozenset[str]]:
    """The labels of each gold sentence: those of every event whose evidence overlaps it."""
    marked = [(x.start, x.end, event_labels(e, any_role)) for e in events for x in e.evidence]
    out = []
    for s in sentences:
        labels: set[str] = set()
        if s.start >= 0:
            for a, b, found in marked:
                if a < s.end and b > s.start:
                    labels |= found
        out.append(frozenset(labels))
    return out


def sentence_actions(text: str, lang: str = "en") -> frozenset[str]:
    """The old one-sentence reading (:func:`cronica.evaluate.police.police_actions`), for comparison."""
    return police_actions(text, lang)


def evaluate(path: str | Path, split: str = "all", limit: int | None = None) -> dict[str, Any]:
    """Whole-document scores of one half: per label P/R/F1 with actor1 right (the headline) and with
    state forces in any role, the sentences not found in their article, and evidence lengths."""
    articles = load_articles(path, check_split(split), limit)
    gold: list[frozenset[str]] = []
    strict: list[frozenset[str]] = []
    loose: list[frozenset[str]] = []
    events: list[Event] = []
    for a in articles:
        found = extract_document(Document(str(a.doc_id), a.text, published=a.published, lang="en"), "en")
        events.extend(found.events)
        gold += [s.labels for s in a.sentences]
        strict += sentence_predictions(a.sentences, found.events)
        loose += sentence_predictions(a.sentences, found.events, any_role=True)
    result: dict[str, Any] = {
        "split": split,
        "n_documents": len(articles),
        "n_sentences": len(gold),
        "n_unlocated": sum(1 for a in articles for s in a.sentences if s.start < 0),
    }
    for label in LABELS:
        result[label] = prf_binary([label in g for g in gold], [label in p for p in strict]).to_dict()
        result[f"{label} any_role"] = prf_binary(
            [label in g for g in gold], [label in p for p in loose]
        ).to_dict()
    result["evidence"] = evidence_stats(events)
    return result
