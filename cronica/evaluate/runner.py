"""``cronica eval DATASET --path PATH``: one entry point over every gold corpus.

Each scorer returns a flat table of (measure, value) rows; the benchmarks in
``bench/`` go further (cross-validation, speed, held-out halves) and write JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cronica.evaluate.errors import EvalError


@dataclass
class EvalResult:
    dataset: str
    n: int
    rows: list[tuple[str, float | int | str]] = field(default_factory=list)

    def table(self) -> list[str]:
        width = max([len(k) for k, _ in self.rows] + [20])
        lines = [f"{self.dataset}: {self.n} items", f"{'measure':<{width}}  value"]
        for key, value in self.rows:
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            lines.append(f"{key:<{width}}  {shown}")
        return lines


def _prf_rows(prefix: str, prf: dict[str, Any]) -> list[tuple[str, float | int | str]]:
    return [(f"{prefix} {k}", prf[k]) for k in ("precision", "recall", "f1") if k in prf]


def _case2021(path: Path, limit: int | None) -> EvalResult:
    from cronica.evaluate import case2021

    snippets = case2021.load(_file(path, "dev.tsv", "*.tsv"))[:limit]
    pred = [case2021.classify_code(s.text) for s in snippets]
    res = case2021.score([s.label for s in snippets], pred)
    rows: list[tuple[str, float | int | str]] = [(k, v) for k, v in res.items() if isinstance(v, int | float)]
    return EvalResult("case2021-task2", len(snippets), rows)


def _indiapolice(path: Path, limit: int | None, split: str) -> EvalResult:
    from cronica.evaluate import indiapolice

    res = indiapolice.evaluate(path, split=split, limit=limit)
    rows: list[tuple[str, float | int | str]] = [("split", split), ("sentences", res["n_sentences"])]
    for label in indiapolice.LABELS:
        rows += _prf_rows(label, res[label])
    for label in indiapolice.LABELS:
        rows += _prf_rows(f"{label} (state forces in any role)", res[f"{label} any_role"])
    rows += _evidence_rows(res["evidence"])
    return EvalResult("indiapoliceevents", res["n_documents"], rows)


def _massmob(path: Path, limit: int | None, split: str) -> EvalResult:
    from cronica.evaluate import massmob

    res = massmob.evaluate(path, split=split, limit=limit)
    rows: list[tuple[str, float | int | str]] = [("split", split)]
    for label in (*massmob.RESPONSES, *massmob.OTHER_RESPONSES):
        rows += _prf_rows(label, res[label])
    rows += _evidence_rows(res["evidence"])
    return EvalResult("mass-mobilization", res["n_notes"], rows)


def _acep(path: Path, limit: int | None, split: str) -> EvalResult:
    from cronica.evaluate import acep

    res = acep.evaluate(path, split=split, limit=limit)
    rows: list[tuple[str, float | int | str]] = [("split", split)]
    rows += _prf_rows("protest or labour conflict", res["protest"])
    rows += _evidence_rows(res["evidence"])
    return EvalResult("acep-lc720", res["n_articles"], rows)


def _evidence_rows(stats: dict[str, Any]) -> list[tuple[str, float | int | str]]:
    return [
        ("evidence max sentences", stats["max_sentences"]),
        ("evidence max characters", stats["max_chars"]),
    ]


def _toponyms(dataset: str, path: Path, limit: int | None) -> EvalResult:
    from cronica.evaluate.lgl import GeoScore, load_lgl, score_doc
    from cronica.geo import geoparse

    if dataset == "lgl":
        docs = load_lgl(_file(path, "lgl.xml"))
    else:
        from cronica.evaluate.geowebnews import load_geowebnews

        docs = load_geowebnews(path)
    docs = docs[:limit]
    total = GeoScore()
    for gd in docs:
        total.add(score_doc(geoparse(gd.doc), gd.toponyms))
    d = total.as_dict()
    rows: list[tuple[str, float | int | str]] = [(k, v) for k, v in d.items() if isinstance(v, int | float)]
    return EvalResult(dataset, len(docs), rows)


def _event_location(path: Path, limit: int | None) -> EvalResult:
    from cronica.evaluate.event_location import load_event_location, overlaps
    from cronica.geo import event_location, geoparse

    n = hit = 0
    for i, item in enumerate(load_event_location(path)):
        if limit is not None and i >= limit:
            break
        if not item.locations:
            continue
        places = geoparse(item.doc)
        got = event_location(item.doc, places, *item.verb)
        chosen = next((p for p in places if got and p.name == got.name and p.lat == got.lat), None)
        n += 1
        hit += bool(chosen and any(overlaps((chosen.start, chosen.end), g) for g in item.locations))
    return EvalResult("event-location", n, [("accuracy of the event's own place", hit / n if n else 0.0)])


def _plover(path: Path, limit: int | None) -> EvalResult:
    """PLOVER GSR: how often cronica's event (if any) carries the gold PLOVER category.

    cronica codes only what ACLED counts as events, so statements, demands and
    diplomacy should yield no event; the scores are per category cronica covers.
    """
    import json

    from cronica.evaluate.metrics import prf_binary
    from cronica.extract.events import detect_events
    from cronica.nlp.sentences import split_sentences

    records = [
        r for r in json.loads(_file(path, "PLOVER_GSR_CAMEO.json").read_text("utf-8")) if r.get("text")
    ]
    records = records[:limit]
    preds: list[str | None] = []
    for r in records:
        cands = detect_events(r["text"], split_sentences(r["text"]), "en")
        preds.append(max(cands, key=lambda c: c.confidence).plover if cands else None)
    rows: list[tuple[str, float | int | str]] = []
    for label in ("PROTEST", "ASSAULT", "FIGHT", "COERCE"):
        prf = prf_binary([r["event"] == label for r in records], [p == label for p in preds])
        rows += _prf_rows(label, prf.to_dict())
    return EvalResult("plover-gsr", len(records), rows)


def _file(path: Path, name: str, pattern: str | None = None) -> Path:
    if path.is_file():
        return path
    if (path / name).exists():
        return path / name
    if pattern:
        found = sorted(path.glob(pattern))
        if found:
            return found[0]
    raise EvalError(f"{path}: expected {name} in this folder")


SplitScorer = Callable[[Path, int | None, str], EvalResult]


def _whole(scorer: SplitScorer, path: Path, limit: int | None) -> EvalResult:
    return scorer(path, limit, "all")


# Whole documents through ``extract_document``, each corpus cut into halves (``--split``).
SPLIT_SCORERS: dict[str, SplitScorer] = {
    "indiapoliceevents": _indiapolice,
    "mass-mobilization": _massmob,
    "acep-lc720": _acep,
}
SCORERS: dict[str, Callable[[Path, int | None], EvalResult]] = {
    "case2021-task2": _case2021,
    **{name: partial(_whole, scorer) for name, scorer in SPLIT_SCORERS.items()},
    "lgl": lambda p, n: _toponyms("lgl", p, n),
    "geowebnews": lambda p, n: _toponyms("geowebnews", p, n),
    "event-location": _event_location,
    "plover-gsr": _plover,
}


def evaluate(dataset: str, path: Path, limit: int | None = None, split: str | None = None) -> EvalResult:
    """Score ``dataset`` at ``path``; ``split`` (dev, heldout, all) for the corpora of
    :data:`SPLIT_SCORERS`, scored on whole documents."""
    if dataset not in SCORERS:
        raise EvalError(f"unknown dataset {dataset!r} (known: {', '.join(SCORERS)})")
    if split is not None and dataset not in SPLIT_SCORERS:
        raise EvalError(f"--split goes with {', '.join(SPLIT_SCORERS)} (and incidents), not {dataset}")
    if not path.exists():
        raise EvalError(f"{path}: no such file or folder")
    try:
        if split is not None:
            return SPLIT_SCORERS[dataset](path, limit, split)
        return SCORERS[dataset](path, limit)
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: not a {dataset} corpus ({exc.__class__.__name__}: {exc})") from exc
