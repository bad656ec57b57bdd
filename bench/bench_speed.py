"""Speed of the whole pipeline and of each stage, in documents per second per core.

Runs `extract_document` (what `cronica extract` and `cronica process` run per
report) over the bundled demo corpus several times in one process, after a
warm-up, and times each stage separately on the same documents. CPU time of this
process is used (time.process_time), so the figures are per core.

The whole pipeline is also timed on the incident-level report sets of ../shared/data (real and
fact-based news, longer than the demo reports), where they are present.

Run: .venv/bin/python bench/bench_speed.py [--rounds 5] [--data ../shared/data]
Writes bench/results/speed.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

from cronica.extract.dates import find_dates
from cronica.extract.document import extract_document, warm_up
from cronica.extract.events import detect_events
from cronica.extract.figures import find_figures
from cronica.geo import geoparse
from cronica.model import Document
from cronica.nlp.language import detect_language
from cronica.nlp.sentences import split_sentences
from cronica.sources import read_sources

RESULTS = Path(__file__).parent / "results"
REPORT_SETS = ("voa", "muc4-tst4", "factnews-latam", "factnews-world")


def _cpu(fn: Callable[[], object], rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        fn()
    return (time.process_time() - start) / rounds


def _extract_all(reports: list[Document]) -> None:
    for d in reports:
        extract_document(d)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = ap.parse_args()
    corpus = files("cronica") / "data" / "demo" / "reports"
    docs = [d for d in read_sources([str(corpus)]) if isinstance(d, Document)]
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    warm_up()
    load_seconds = time.perf_counter() - t0

    langs = {d.doc_id: detect_language(d.text) for d in docs}
    sentences = {d.doc_id: split_sentences(d.text) for d in docs}
    candidates = {d.doc_id: detect_events(d.text, sentences[d.doc_id], langs[d.doc_id]) for d in docs}

    stages: dict[str, Callable[[], object]] = {
        "whole pipeline (extract_document)": lambda: [extract_document(d) for d in docs],
        "language id": lambda: [detect_language(d.text) for d in docs],
        "sentences": lambda: [split_sentences(d.text) for d in docs],
        "event detection and typing": lambda: [
            detect_events(d.text, sentences[d.doc_id], langs[d.doc_id]) for d in docs
        ],
        "figures (every sentence)": lambda: [
            find_figures(d.text, s.start, s.end, langs[d.doc_id]) for d in docs for s in sentences[d.doc_id]
        ],
        "dates (every sentence)": lambda: [
            find_dates(d.text, s.start, s.end, langs[d.doc_id], d.published)
            for d in docs
            for s in sentences[d.doc_id]
        ],
        "geoparse (NER on event sentences)": lambda: [
            geoparse(d, ner_spans=[(c.start, c.end) for c in candidates[d.doc_id]]) for d in docs
        ],
    }
    rows: dict[str, Any] = {}
    for name, fn in stages.items():
        seconds = _cpu(fn, args.rounds)
        rows[name] = {
            "seconds_per_corpus": round(seconds, 4),
            "docs_per_second_per_core": round(len(docs) / seconds, 1),
        }
    for name in REPORT_SETS:
        path = args.data / name / "reports.jsonl"
        if not path.exists():
            continue
        reports = [d for d in read_sources([str(path)]) if isinstance(d, Document)]
        seconds = _cpu(partial(_extract_all, reports), 1)
        rows[f"whole pipeline on {name} ({len(reports)} reports)"] = {
            "seconds_per_corpus": round(seconds, 4),
            "docs_per_second_per_core": round(len(reports) / seconds, 1),
            "mean_words": round(sum(len(d.text.split()) for d in reports) / len(reports)),
        }
    result = {
        "corpus": "cronica demo corpus",
        "documents": len(docs),
        "mean_words": round(words / len(docs)),
        "rounds": args.rounds,
        "model_load_seconds": round(load_seconds, 2),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "stages": rows,
    }
    print(
        f"{len(docs)} reports, {result['mean_words']} words on average; models loaded in {load_seconds:.1f} s"
    )
    print(f"{'stage':<52}{'docs/s/core':>14}")
    for name, row in rows.items():
        print(f"{name:<52}{row['docs_per_second_per_core']:>14}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
