"""Event detection and typing benchmark: case2021-task2, IndiaPoliceEvents, Mass Mobilization, ACEP, speed.

Usage (repo root): .venv/bin/python bench/bench_events.py [--data ../shared/data] [--mm-limit N]
Prints a table and writes bench/results/events.json.

IndiaPoliceEvents, Mass Mobilization and ACEP are scored on whole documents through
``extract_document`` (the path of ``cronica extract``), each cut into halves by
``cronica.evaluate.splits.unit_split``: the held-out half is the result, the dev half is what the
rules were tuned on (issue 12). Each also reports the longest event evidence (sentences, characters).

case2021-task2: the rules are scored directly (they were written with the corpus visible, so
read them as tuned); the shipped classifier is scored by 5-fold cross-validation
(bench/train_subtype.py), never on the snippets it was fitted to.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import time
from pathlib import Path
from typing import Any

from cronica.evaluate import acep, case2021, indiapolice, massmob
from cronica.evaluate.case2021 import best_rule_answer
from cronica.evaluate.metrics import prf_binary
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import code_of

ROOT = Path(__file__).resolve().parents[1]


def _rules_code(text: str) -> str | None:
    sub, _ = best_rule_answer(detect_events(text, split_sentences(text), "en"))
    return code_of(sub) if sub else None


def _speed_texts(data: Path) -> tuple[str, list[tuple[str, str]]]:
    demo = sorted(glob.glob(str(ROOT / "cronica" / "data" / "demo" / "reports" / "*.json")))
    docs: list[tuple[str, str]] = []
    for path in demo:
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        items = d if isinstance(d, list) else [d]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                docs.append((item["text"], str(item.get("lang") or "en")))
    if len(docs) >= 5:
        return "demo corpus", docs
    # Fallback: IndiaPoliceEvents articles (English) and ACEP articles (Spanish).
    with (data / "indiapoliceevents" / "docs.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 300:
                break
            docs.append((json.loads(line)["doc_text"], "en"))
    docs += [(t, "es") for t, _ in acep.load(data / "acep-lc720")[:200]]
    return "IndiaPoliceEvents 300 + ACEP 200 articles", docs


def speed(data: Path) -> dict[str, Any]:
    source, docs = _speed_texts(data)
    for text, lang in docs[:5]:  # warm the lexicon caches
        detect_events(text, split_sentences(text), lang)
    n_sent = n_words = n_events = 0
    t0 = time.process_time()
    for text, lang in docs:
        sents = split_sentences(text)
        n_sent += len(sents)
        n_words += len(text.split())
        n_events += len(detect_events(text, sents, lang))
    cpu = time.process_time() - t0
    return {
        "corpus": source,
        "documents": len(docs),
        "mean_words": round(n_words / len(docs), 1) if docs else 0,
        "events": n_events,
        "cpu_seconds": round(cpu, 3),
        "docs_per_sec_per_core": round(len(docs) / cpu, 1) if cpu else None,
        "sentences_per_sec": round(n_sent / cpu, 1) if cpu else None,
        "docs_per_sec_per_core_400_words": round(len(docs) / cpu * (n_words / len(docs)) / 400, 1)
        if cpu
        else None,
    }


WHOLE_DOCUMENTS = (
    ("indiapoliceevents", "indiapoliceevents", indiapolice.evaluate, indiapolice.LABELS),
    (
        "mass_mobilization",
        "mass-mobilization",
        massmob.evaluate,
        (*massmob.RESPONSES, *massmob.OTHER_RESPONSES),
    ),
    ("acep_lc720", "acep-lc720", acep.evaluate, ("protest",)),
)


def whole_documents(data: Path, mm_limit: int | None) -> dict[str, Any]:
    """Each whole-document corpus scored on its held-out half, then on its dev half."""
    out: dict[str, Any] = {}
    for key, folder, evaluate, _ in WHOLE_DOCUMENTS:
        if not (data / folder).exists():
            continue
        limit = mm_limit if key == "mass_mobilization" else None
        out[key] = {split: evaluate(data / folder, split=split, limit=limit) for split in ("heldout", "dev")}
    if "indiapoliceevents" in out:
        # the old reader, one sentence at a time, on the held-out documents (for comparison only)
        out["indiapoliceevents_sentence_reader"] = _sentence_reader(data / "indiapoliceevents")
    return out


def _sentence_reader(folder: Path) -> dict[str, Any]:
    docs = {a.doc_id for a in indiapolice.load_articles(folder, "heldout")}
    sentences = [s for s in indiapolice.load(folder) if s.doc_id in docs]
    preds = [indiapolice.sentence_actions(s.text) for s in sentences]
    return {
        label: prf_binary([label in s.labels for s in sentences], [label in p for p in preds]).to_dict()
        for label in indiapolice.LABELS
    }


def print_whole_documents(results: dict[str, Any]) -> None:
    for key, _, _, labels in WHOLE_DOCUMENTS:
        for split, r in results.get(key, {}).items():
            for label in labels:
                prf = r[label]
                name = f"{key} {split} {label}"
                scores = f"{prf['precision']:6.3f} {prf['recall']:6.3f} {prf['f1']:6.3f}"
                print(f"{name:38s} {scores} {prf['support']:6d}")
            ev = r["evidence"]
            longest = f"at most {ev['max_sentences']} sentences, {ev['max_chars']} characters"
            print(f"{key} {split} evidence: {longest}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("CRONICA_DATA", str(ROOT.parent / "shared" / "data")))
    ap.add_argument("--mm-limit", type=int, default=0, help="score only the first N Mass Mobilization notes")
    args = ap.parse_args()
    data = Path(args.data)
    results: dict[str, Any] = {}

    c21 = data / "case2021-task2"
    if c21.exists():
        snippets = case2021.load(c21)
        gold = [s.label for s in snippets]
        results["case2021_rules"] = case2021.score(gold, [_rules_code(s.text) for s in snippets])
        cv_file = ROOT / "bench" / "results" / "subtype_cv.json"
        if cv_file.exists():
            results["case2021_model_cv"] = json.loads(cv_file.read_text())["model_cv"]
    results.update(whole_documents(data, args.mm_limit or None))
    results["speed"] = speed(data)

    print(f"{'benchmark':38s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>6s}")
    for key in ("case2021_rules", "case2021_model_cv"):
        if key in results:
            r = results[key]
            print(
                f"{key + ' weighted F1 (25 types)':38s} {'':>6s} {'':>6s} "
                f"{r['weighted_f1']:6.3f} {r['n_in_taxonomy']:6d}"
            )
            print(
                f"{key + ' out-of-taxonomy -> none':38s} {'':>6s} {'':>6s} "
                f"{r['out_of_taxonomy_no_event']:6.3f} "
                f"{r['n_out_of_taxonomy']:6d}"
            )
    print_whole_documents(results)
    s = results["speed"]
    print(
        f"speed ({s['corpus']}): {s['docs_per_sec_per_core']} docs/s/core, "
        f"{s['sentences_per_sec']} sentences/s, "
        f"{s['docs_per_sec_per_core_400_words']} docs/s/core scaled to 400 words "
        f"(mean {s['mean_words']} words)"
    )
    out = ROOT / "bench" / "results" / "events.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
