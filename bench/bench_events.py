"""Event detection and typing benchmark: case2021-task2, IndiaPoliceEvents, Mass Mobilization, ACEP, speed.

Usage (repo root): .venv/bin/python bench/bench_events.py [--data ../shared/data] [--mm-limit N]
Prints a table and writes bench/results/events.json.

IndiaPoliceEvents, Mass Mobilization and ACEP are scored on whole documents through
``extract_document`` (the path of ``cronica extract``), each cut into halves by
``cronica.evaluate.splits.unit_split``: the held-out half is the result, the dev half is what the
rules were tuned on (issue 12). Each also reports the longest event evidence (sentences, characters).

case2021-task2: each snippet goes through ``extract_document`` (the path of ``cronica extract``); its
answer is the sub-type of its most confident event (none when there is no event). Rules alone (the
pipeline without the ``classification`` stage) and rules + sentence model, on the dev and held-out
halves (``unit_split``). The rules were written with all of case2021 visible: their figures are
tuned on both halves. The sentence model was fitted on the dev half only (bench/train_sentence_model.py),
so its dev figure is in-sample and its held-out figure is the one to quote.

ACEP lc_720 end to end (Spanish): each held-out article (title, lead, body) through
``extract_document``; it is a protest article when an event told as news is a Protests or Riots event
or carries the strike tag. Rules alone and rules + model.

The sentence model: file size, load time (weights + encoder, cold), sentences/s of the stage's batch
inference on candidate sentences.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

from cronica.evaluate import acep, case2021, indiapolice, massmob
from cronica.evaluate.metrics import prf_binary
from cronica.evaluate.splits import unit_split
from cronica.extract import sentence_model
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def case2021_side_by_side(c21: Path) -> dict[str, Any]:
    """Weighted F1 etc. through extract_document, rules alone and rules + model, dev and held-out."""
    snippets = case2021.load(c21)
    out: dict[str, Any] = {}
    for part in ("dev", "heldout"):
        chosen = [s for s in snippets if unit_split("case2021-task2", s.id) == part]
        gold = [s.label for s in chosen]
        for name, rules_only in (("rules", True), ("rules+model", False)):
            pred = [case2021.classify_code(s.text, rules_only=rules_only) for s in chosen]
            out[f"{part} {name}"] = case2021.score(gold, pred)
    return out


def acep_with_model(path: Path) -> dict[str, Any]:
    """Held-out ACEP articles through ``cronica extract``, rules alone and with the sentence model."""
    out: dict[str, Any] = {"split": "heldout"}
    for name, with_model in (("rules", False), ("rules+model", True)):
        res = acep.evaluate(path, split="heldout", sentence_model=with_model)
        out["n_articles"] = res["n_articles"]
        out[name] = res["protest"]
    return out


def model_speed(data: Path) -> dict[str, Any]:
    """The sentence model's size, cold load time and batch inference speed on candidate sentences."""
    path = Path(str(files("cronica") / "data" / "models" / sentence_model.MODEL_FILE))
    sentence_model.load_model.cache_clear()
    sentence_model.encoder.cache_clear()
    t0 = time.perf_counter()
    model = sentence_model.load_model()
    sentence_model.encoder()
    load_s = time.perf_counter() - t0
    _, docs = _speed_texts(data)
    batches = []
    for text, lang in docs:
        cands = detect_events(text, split_sentences(text), lang)
        if cands:
            texts = [text[c.start : c.end] for c in cands]
            batches.append(
                (texts, [sentence_model.rule_answer(c.sub_event_type, c.confidence) for c in cands], lang)
            )
    model.predict(*batches[0])  # warm
    n = sum(len(b[0]) for b in batches)
    t0 = time.process_time()
    for texts, rules, lang in batches:
        model.predict(texts, rules, lang)
    cpu = time.process_time() - t0
    return {
        "file_bytes": path.stat().st_size,
        "load_seconds": round(load_s, 3),
        "candidate_sentences": n,
        "sentences_per_sec_per_core": round(n / cpu, 1) if cpu else None,
    }


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

    results["sentence_model"] = model_speed(data)  # first: its load time is a cold load
    c21 = data / "case2021-task2"
    if c21.exists():
        results["case2021"] = case2021_side_by_side(c21)
    if (data / "acep-lc720").exists():
        results["acep_end_to_end"] = acep_with_model(data / "acep-lc720")
    results.update(whole_documents(data, args.mm_limit or None))
    results["speed"] = speed(data)

    print(f"{'benchmark':38s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>6s}")
    for key, r in results.get("case2021", {}).items():
        print(
            f"{'case2021 ' + key + ' wF1 (25 types)':38s} {'':>6s} {'':>6s} "
            f"{r['weighted_f1']:6.3f} {r['n_in_taxonomy']:6d}"
        )
        print(
            f"{'case2021 ' + key + ' OOT -> none':38s} {'':>6s} {'':>6s} "
            f"{r['out_of_taxonomy_no_event']:6.3f} {r['n_out_of_taxonomy']:6d}"
        )
    for name in ("rules", "rules+model"):
        if "acep_end_to_end" in results:
            r = results["acep_end_to_end"][name]
            print(
                f"{'acep held-out extract ' + name:38s} {r['precision']:6.3f} {r['recall']:6.3f} "
                f"{r['f1']:6.3f} {r['support']:6d}"
            )
    m = results["sentence_model"]
    print(
        f"sentence model: {m['file_bytes'] / 1e6:.2f} MB, loads in {m['load_seconds']} s, "
        f"{m['sentences_per_sec_per_core']} candidate sentences/s/core"
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
