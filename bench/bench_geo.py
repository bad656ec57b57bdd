"""Geoparsing benchmark: LGL, GeoWebNews, event-location attachment, speed and gazetteer cost.

Run from the repository root: ``.venv/bin/python bench/bench_geo.py [--limit N]``.
Prints a table and writes bench/results/geo.json.

Resolution weights were set by hand while looking only at LGL documents with an even
document id (the "tune" half); the "held-out" half (odd ids) and GeoWebNews (never
looked at while tuning) are the figures to quote.

The learned ranker (``geo_ranker``, bench/train_geo_ranker.py) is scored beside the rules on the
same recognised names. It was fitted on LGL's tune half and on all of GeoWebNews, so of its
figures here only LGL's held-out half is held out; GeoWebNews's held-out figure for it is the
training run's out-of-fold one, stored with the model and printed below the table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from cronica.evaluate.event_location import load_event_location, overlaps
from cronica.evaluate.geowebnews import load_geowebnews
from cronica.evaluate.lgl import GeoScore, GoldDoc, load_lgl, score_doc
from cronica.geo.gazetteer import Gazetteer, load_gazetteer
from cronica.geo.locate import event_location
from cronica.geo.parse import geoparse_with
from cronica.geo.ranker import MODEL_FILE, load_ranker, read_ranker
from cronica.geo.recognize import NerSpan, ner_spans

DATA = Path(os.environ.get("CRONICA_SHARED_DATA", "../shared/data"))
OUT = Path("bench/results/geo.json")


def _gazetteer_cost() -> dict[str, float]:
    """Load time and RSS delta, measured in a fresh process (cache already built)."""
    code = (
        "import re,time\n"
        "def rss():\n"
        "    return int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "r=rss();t=time.perf_counter()\n"
        "from cronica.geo.gazetteer import load_gazetteer\n"
        "g=load_gazetteer()\n"
        "print(time.perf_counter()-t,(rss()-r)/1024,len(g))"
    )
    load_gazetteer()  # make sure the cache exists
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        "load_s": round(float(out[0]), 3),
        "rss_delta_mb": round(float(out[1]), 1),
        "features": int(out[2]),
    }


def _gold_admin1(gaz: Gazetteer) -> dict[int, tuple[str | None, str | None]]:
    """GeoNames id -> (country, first-level region) as our gazetteer names them (admin1 accuracy)."""
    return {
        gid: (gaz.country_codes[i], gaz.admin1s[i])
        for i, gid in enumerate(gaz.geonames_ids)
        if gid is not None
    }


def _run_corpus(docs: list[GoldDoc], split: bool) -> tuple[dict[str, Any], float, int, float]:
    """Rules and learned ranker on the same recognised names; per half where ``split``."""
    gaz = load_gazetteer()
    ranker = load_ranker()
    admin1 = _gold_admin1(gaz)
    halves = ("all", "tune_half", "heldout_half") if split else ("all",)
    parts = {(who, h): GeoScore() for who in ("rules", "ranker") for h in halves}
    ner_time = geo_time = rank_time = 0.0
    n_places = 0
    for gd in docs:
        t0 = time.perf_counter()
        ents: list[NerSpan] = ner_spans(gd.doc.text, "en", None)
        t1 = time.perf_counter()
        pred = geoparse_with(gd.doc, gaz, ents)
        t2 = time.perf_counter()
        ranked = geoparse_with(gd.doc, gaz, ents, ranker=ranker)
        rank_time += time.perf_counter() - t2
        ner_time += t1 - t0
        geo_time += t2 - t1
        n_places += len(pred)
        half = ("tune_half" if int(gd.doc.doc_id) % 2 == 0 else "heldout_half") if split else "all"
        for who, p in (("rules", pred), ("ranker", ranked)):
            s = score_doc(p, gd.toponyms, admin1)
            parts[(who, "all")].add(s)
            if half != "all":
                parts[(who, half)].add(s)
    result: dict[str, Any] = {h: parts[("rules", h)].as_dict() for h in halves}
    result["ranker"] = {h: parts[("ranker", h)].as_dict() for h in halves}
    result["ranker"]["toponyms_per_s"] = round(n_places / rank_time, 1) if rank_time else 0.0
    return result, ner_time, n_places, geo_time


def _ranker_cost() -> dict[str, Any]:
    """The shipped model: its size, how long reading it takes, and its training run's figures."""
    path = Path(str(resources.files("cronica") / "data" / "models" / MODEL_FILE))
    t = time.perf_counter()
    read_ranker(path)
    load_s = time.perf_counter() - t
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        "model_bytes": path.stat().st_size,
        "load_s": round(load_s, 3),
        "trees": len(data["trees"]),
        "threshold": data["threshold"],
        "training_report": data.get("training_report", {}),
        "note": (
            "fitted on LGL's tune half and all of GeoWebNews: LGL heldout_half is held out; "
            "the GeoWebNews figure here is in-sample, its held-out figure is the training run's "
            "out-of-fold one (training_report)"
        ),
    }


def _event_location(limit: int | None) -> dict[str, Any]:
    gaz = load_gazetteer()
    with_loc = hit = first_hit = none_total = none_hit = 0
    relabel_total = relabel_hit = 0
    for n, item in enumerate(load_event_location(DATA / "event-location")):
        if limit is not None and n >= limit:
            break
        ents = ner_spans(item.doc.text, "en", None)
        places = geoparse_with(item.doc, gaz, ents)
        got = event_location(item.doc, places, *item.verb)
        chosen = None
        if got is not None:
            chosen = next((p for p in places if (p.name == got.name and p.lat == got.lat)), None)
        if item.locations:
            with_loc += 1
            ok = chosen is not None and any(overlaps((chosen.start, chosen.end), g) for g in item.locations)
            hit += ok
            usable = [p for p in places if p.lat is not None and p.feature != "demonym"]
            first_hit += bool(usable) and any(
                overlaps((usable[0].start, usable[0].end), g) for g in item.locations
            )
            if item.relabel:
                relabel_total += 1
                relabel_hit += ok
        else:
            none_total += 1
            none_hit += got is None
    return {
        "with_gold_location": with_loc,
        "accuracy": round(hit / with_loc, 4) if with_loc else 0.0,
        "baseline_first_place_accuracy": round(first_hit / with_loc, 4) if with_loc else 0.0,
        "relabel_subset": {
            "n": relabel_total,
            "accuracy": round(relabel_hit / relabel_total, 4) if relabel_total else 0.0,
        },
        "without_gold_location": none_total,
        "none_answered_rate": round(none_hit / none_total, 4) if none_total else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="at most N documents per corpus")
    args = ap.parse_args()
    results: dict[str, Any] = {}
    t = time.perf_counter()
    results["gazetteer"] = _gazetteer_cost()
    results["gazetteer"]["first_build_or_load_s"] = round(time.perf_counter() - t, 2)
    results["geo_ranker"] = _ranker_cost()
    total_places = 0
    total_geo = 0.0
    for name, loader, split in (
        ("lgl", load_lgl, True),
        ("geowebnews", load_geowebnews, False),
    ):
        path = DATA / name
        if not path.exists():
            print(f"skip {name}: {path} not found")
            continue
        docs = loader(path)[: args.limit]
        r, ner_t, n_places, geo_t = _run_corpus(docs, split)
        words = sum(len(d.doc.text.split()) for d in docs)
        r["docs"] = len(docs)
        r["docs_per_s_per_core"] = round(len(docs) / (ner_t + geo_t), 1)
        r["ner_s"] = round(ner_t, 2)
        r["gazetteer_resolve_s"] = round(geo_t, 2)
        r["words"] = words
        results[name] = r
        total_places += n_places
        total_geo += geo_t
    if (DATA / "event-location").exists():
        results["event_location"] = _event_location(args.limit)
    results["speed"] = {
        "places_resolved_per_s": round(total_places / total_geo, 1) if total_geo else 0.0,
        "note": "recognition (gazetteer matching) + resolution, NER excluded; one core",
    }
    results["reference"] = {"mordecai3_lgl_acc161": 0.827, "mordecai3_gwn_acc161": 0.941}
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _print(results)


def _print(r: dict[str, Any]) -> None:
    print(
        f"{'corpus/part':34} {'P':>6} {'R':>6} {'F1':>6} {'exF1':>6} {'acc161':>7} {'id':>6} {'adm1':>6}"
        f" {'pairs':>6}"
    )
    for name in ("lgl", "geowebnews"):
        if name not in r:
            continue
        rows = [(part, s) for part, s in r[name].items() if isinstance(s, dict) and "precision" in s]
        rows += [("ranker/" + part, s) for part, s in r[name]["ranker"].items() if isinstance(s, dict)]
        for part, s in rows:
            print(
                f"{name + '/' + part:34} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                f"{s['exact_f1']:6.3f} {s['acc_161km']:7.3f} {s['exact_id_accuracy']:6.3f} "
                f"{s['admin1_accuracy']:6.3f} {s['resolved_pairs']:6d}"
            )
        print(f"{name:34} docs/s/core {r[name]['docs_per_s_per_core']}")
        print(f"{name:34} ranker toponyms/s {r[name]['ranker']['toponyms_per_s']}")
    k = r["geo_ranker"]
    print(
        f"geo ranker: {k['model_bytes']} bytes, {k['trees']} trees, read in {k['load_s']} s, "
        f"threshold {k['threshold']}; {k['note']}"
    )
    oof = k["training_report"].get("geowebnews_out_of_fold")
    if oof:
        print(f"geo ranker, GeoWebNews out of fold (training run): {oof}")
    if "event_location" in r:
        e = r["event_location"]
        print(
            f"event-location: accuracy {e['accuracy']:.3f} "
            f"(first-place baseline {e['baseline_first_place_accuracy']:.3f},"
            f" n={e['with_gold_location']}); RELABEL {e['relabel_subset']['accuracy']:.3f} "
            f"(n={e['relabel_subset']['n']}); None when no gold place {e['none_answered_rate']:.3f}"
        )
    g = r["gazetteer"]
    print(f"gazetteer: load {g['load_s']} s, RSS +{g['rss_delta_mb']} MB, {g['features']} features")
    print(f"speed: {r['speed']['places_resolved_per_s']} places resolved/s (NER excluded)")


if __name__ == "__main__":
    main()
