"""Benchmark: figures, tallies, dates and background (cronica.extract.{figures,dates,history}).

    .venv/bin/python bench/bench_figures_dates.py [--no-mm] [--mm-limit N]

1. bench/data/figures_dates.jsonl (hand-written, schema in bench/data/README.md): figure
   kind+value+qualifier as a set per sentence (precision / recall / F1 and sentence exact
   match), tally flag, date (event_date, date_end, precision) and background accuracy.
   The lines are split in two halves by a hash of their id: "dev" (looked at while
   writing general rules) and "held-out" (never looked at); both are reported.
2. mass-mobilization (../shared/data/mass-mobilization/mm_dev.csv): the protest's start
   date read from the coder's notes, resolved against the date of the first cited
   newspaper article, where the notes state a date (accuracy and coverage).
3. Speed: sentences per second (find_figures + find_dates) on one core.

Prints a table and writes bench/results/figures_dates.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from cronica.extract.dates import best_date, event_date_for, find_dates
from cronica.extract.figures import find_figures
from cronica.extract.history import is_background

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "figures_dates.jsonl"
MM = ROOT.parent / "shared" / "data" / "mass-mobilization" / "mm_dev.csv"
OUT = ROOT / "bench" / "results" / "figures_dates.json"

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


def _split(item_id: str) -> str:
    return "dev" if int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score_items(items: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tp = fp = fn = 0
    ttp = tfp = tfn = 0
    exact = tally_ok = date_ok = end_ok = prec_ok = bg_ok = 0
    errors: list[dict[str, Any]] = []
    for it in items:
        text: str = it["text"]
        lang: str = it["lang"]
        pub = dt.date.fromisoformat(it["published"]) if it.get("published") else None
        figs = [f for f in find_figures(text, 0, len(text), lang) if not f.revised]
        pred = Counter((f.kind, f.value, f.qualifier) for f in figs)
        gold = Counter((g["kind"], g["value"], g["qualifier"]) for g in it["figures"])
        t = sum((pred & gold).values())
        tp += t
        fp += sum(pred.values()) - t
        fn += sum(gold.values()) - t
        ok_fig = pred == gold
        exact += ok_fig
        pred_t = Counter((f.kind, f.value, f.qualifier, f.tally) for f in figs)
        gold_t = Counter((g["kind"], g["value"], g["qualifier"], bool(g.get("tally"))) for g in it["figures"])
        tt = sum((pred_t & gold_t).values())
        ttp += tt
        tfp += sum(pred_t.values()) - tt
        tfn += sum(gold_t.values()) - tt
        ok_tally = pred_t == gold_t
        tally_ok += ok_tally
        dates = find_dates(text, 0, len(text), lang, pub)
        best = best_date(text, dates)
        gd = it.get("date")
        if gd is None:
            ok_d = ok_e = ok_p = best is None
        else:
            ok_d = best is not None and best.event_date.isoformat() == gd["event_date"]
            ok_e = best is not None and (best.date_end.isoformat() if best.date_end else None) == gd.get(
                "date_end"
            )
            ok_p = best is not None and best.precision == gd["date_precision"]
        date_ok += ok_d
        end_ok += ok_e
        prec_ok += ok_p
        bg = is_background(text, 0, len(text), lang, pub, dates)
        ok_bg = bg == bool(it.get("background"))
        bg_ok += ok_bg
        if not (ok_fig and ok_tally and ok_d and ok_e and ok_p and ok_bg):
            errors.append(
                {
                    "id": it["id"],
                    "split": _split(it["id"]),
                    "figures": None
                    if ok_fig and ok_tally
                    else {"pred": sorted(map(str, pred_t)), "gold": sorted(map(str, gold_t))},
                    "date": None
                    if ok_d and ok_e and ok_p
                    else {
                        "pred": None
                        if best is None
                        else [str(best.event_date), str(best.date_end), best.precision],
                        "gold": gd,
                    },
                    "background": None if ok_bg else {"pred": bg, "gold": it.get("background")},
                }
            )
    n = len(items) or 1
    return (
        {
            "sentences": len(items),
            "figures": _prf(tp, fp, fn),
            "figures_with_tally": _prf(ttp, tfp, tfn),
            "figure_sentence_exact": round(exact / n, 4),
            "tally_sentence_exact": round(tally_ok / n, 4),
            "date_event_date_acc": round(date_ok / n, 4),
            "date_end_acc": round(end_ok / n, 4),
            "date_precision_acc": round(prec_ok / n, 4),
            "background_acc": round(bg_ok / n, 4),
        },
        errors,
    )


def _source_date(sources: str) -> dt.date | None:
    """The first "month day, year" in the citation of the source articles."""
    m = re.search(
        r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+"
        r"(\d{1,2}),?\s+((?:19|20)\d\d)\b",
        sources.lower(),
    )
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None


def bench_mm(limit: int | None) -> dict[str, Any]:
    if not MM.exists():
        return {"skipped": f"{MM} not found"}
    rows = 0
    with_pub = dated = correct = 0
    correct_month = 0
    within_one = 0
    with MM.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("protest") != "1" or not row.get("notes"):
                continue
            rows += 1
            if limit and rows > limit:
                break
            pub = _source_date(row.get("sources") or "")
            if pub is None:
                continue
            with_pub += 1
            try:
                gold = dt.date(int(row["startyear"]), int(row["startmonth"]), int(row["startday"]))
            except (ValueError, KeyError):
                continue
            notes = row["notes"]
            d, _end, prec, from_text = event_date_for(notes, 0, len(notes), "en", pub)
            if not from_text or d is None or prec != "day":
                continue
            dated += 1
            correct += d == gold
            within_one += abs((d - gold).days) <= 1
            correct_month += (d.year, d.month) == (gold.year, gold.month)
    return {
        "protest_rows": min(rows, limit) if limit else rows,
        "with_source_date": with_pub,
        "dated_from_notes_day_precision": dated,
        "coverage": round(dated / with_pub, 4) if with_pub else 0.0,
        "start_date_accuracy": round(correct / dated, 4) if dated else 0.0,
        "start_month_accuracy": round(correct_month / dated, 4) if dated else 0.0,
        # wire stories say "today" for the day before the newspaper's date: within one day
        "start_date_within_1_day": round(within_one / dated, 4) if dated else 0.0,
    }


def bench_speed(items: list[dict[str, Any]], repeat: int = 20) -> dict[str, Any]:
    sents = [
        (it["text"], it["lang"], dt.date.fromisoformat(it["published"]) if it.get("published") else None)
        for it in items
    ]
    if not sents:
        return {}
    for t, lang, pub in sents[:5]:
        find_figures(t, 0, len(t), lang)
        find_dates(t, 0, len(t), lang, pub)
    t0 = time.process_time()
    n = 0
    for _ in range(repeat):
        for t, lang, pub in sents:
            find_figures(t, 0, len(t), lang)
            find_dates(t, 0, len(t), lang, pub)
            n += 1
    cpu = time.process_time() - t0
    return {"sentences": n, "cpu_seconds": round(cpu, 3), "sentences_per_second_per_core": round(n / cpu, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-mm", action="store_true", help="skip the mass-mobilization part")
    ap.add_argument("--mm-limit", type=int, default=None, help="only the first N protest rows")
    ap.add_argument("--errors", action="store_true", help="print the dev-split errors")
    args = ap.parse_args(argv)
    result: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    if DATA.exists():
        items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
        all_scores, errors = score_items(items)
        result["figures_dates"] = {
            "all": all_scores,
            "dev": score_items([i for i in items if _split(i["id"]) == "dev"])[0],
            "held_out": score_items([i for i in items if _split(i["id"]) == "held-out"])[0],
            "by_lang": {
                lang: score_items([i for i in items if i["lang"] == lang])[0] for lang in ("en", "es")
            },
        }
        if args.errors:
            for e in errors:
                if e["split"] == "dev":
                    print(json.dumps(e, ensure_ascii=False))
    else:
        result["figures_dates"] = {"skipped": f"{DATA} not found"}
    if not args.no_mm:
        result["mass_mobilization"] = bench_mm(args.mm_limit)
    result["speed"] = bench_speed(items)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    fd = result["figures_dates"]
    if "all" in fd:
        cols = ["all", "dev", "held_out"]
        rows = [
            ("sentences", lambda s: str(s["sentences"])),
            ("figures P", lambda s: f"{s['figures']['precision']:.3f}"),
            ("figures R", lambda s: f"{s['figures']['recall']:.3f}"),
            ("figures F1", lambda s: f"{s['figures']['f1']:.3f}"),
            ("figures+tally F1", lambda s: f"{s['figures_with_tally']['f1']:.3f}"),
            ("figure sentence exact", lambda s: f"{s['figure_sentence_exact']:.3f}"),
            ("tally sentence exact", lambda s: f"{s['tally_sentence_exact']:.3f}"),
            ("date event_date acc", lambda s: f"{s['date_event_date_acc']:.3f}"),
            ("date date_end acc", lambda s: f"{s['date_end_acc']:.3f}"),
            ("date precision acc", lambda s: f"{s['date_precision_acc']:.3f}"),
            ("background acc", lambda s: f"{s['background_acc']:.3f}"),
        ]
        print(f"{'figures_dates.jsonl':28}" + "".join(f"{c:>10}" for c in cols))
        for name, fn in rows:
            print(f"{name:28}" + "".join(f"{fn(fd[c]):>10}" for c in cols))
    else:
        print(fd["skipped"])
    mm = result.get("mass_mobilization")
    if mm:
        print("\nmass-mobilization:", json.dumps(mm))
    print("speed:", json.dumps(result["speed"]))
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
