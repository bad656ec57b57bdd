"""End to end, incident by incident, on every report set with incident gold (``cronica eval incidents``).

Every folder of the data directory that holds ``gold.jsonl`` (voa, muc4-tst4, factnews-latam,
factnews-world) is run through ingest + process and scored, its ``dev`` and ``heldout`` reports
separately (``cronica/data/evaluation/splits.yaml``). Only the held-out figures are results:
rules may be tuned on dev.

Run: .venv/bin/python bench/bench_realnews.py [--data ../shared/data] [--sets voa,muc4-tst4]
Writes bench/results/realnews.json: git commit, date, and per set and split every measure (value,
numerator, denominator), the counts, the runtime, and the misses / spurious / duplicate events by
id, date and place (no report text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

from cronica import __version__
from cronica.config import Settings
from cronica.evaluate.incidents import MEASURES, IncidentEval, evaluate_incidents

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
SPLITS = ("dev", "heldout")
SHORT = {
    "recall": "recall",
    "spurious": "spur",
    "spurious_strategic": "spur-SD",
    "duplicate": "dup",
    "sub_event_type": "type",
    "sub_event_type_alt": "type~",
    "place": "place",
    "admin1": "adm1",
    "deaths": "dead",
    "deaths_stated": "dead>0",
    "actor1_type": "act1",
    "actor2_type": "act2",
    "totals_in_ledger_report": "tot@rep",
    "totals_in_ledger_run": "tot@run",
    "totals_as_incidents": "tot=inc",
    "wrong_country": "ctry",
}


def default_data() -> Path:
    env = os.environ.get("SHARED_DATA")
    if env:
        return Path(env)
    beside = REPO.parent / "shared" / "data"
    return beside if beside.exists() else Path("/work/shared/data")


def git_commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "cronica"))}


def compact(r: IncidentEval) -> dict[str, Any]:
    """Measures, counts and runtime, with the lists reduced to ids, dates and places."""
    d = r.to_dict()

    def event(e: dict[str, Any]) -> dict[str, Any]:
        keys = (
            "event_id",
            "event_date",
            "sub_event_type",
            "place",
            "admin1",
            "country",
            "fatalities",
            "reports",
        )
        return {k: e[k] for k in keys}

    return {
        "reports": d["reports"],
        "seconds": d["seconds"],
        "ingest_failed": d["ingest_failed"],
        "process_failed": d["process_failed"],
        "measures": d["measures"],
        "counts": d["counts"],
        "misses": [g["incident"] for g in d["misses"]],
        "spurious": [event(e) for e in d["spurious"]],
        "duplicates": [event(e) | {"incident": e["incident"]} for e in d["duplicates"]],
        "totals_as_incidents": [event(e) for e in d["totals_as_incidents"]],
        "wrong_country": [event(e) | {"why": e["why"]} for e in d["wrong_country"]],
        "totals_missed": [{k: v for k, v in t.items() if k != "scope"} for t in d["totals_missed"]],
        "min_confidence": d["min_confidence"],
        "curve": d["curve"],
    }


def pooled_curve(results: list[IncidentEval], split: str) -> list[dict[str, float]]:
    """The curve of every set of one split pooled: counts added up before the shares are taken."""
    runs = [r for r in results if r.split == split]
    rows = []
    for i, point in enumerate(runs[0].curve if runs else []):
        events = sum(r.curve[i]["events"] for r in runs)
        found = sum((r.curve[i]["recall"] or 0.0) * r.scores.counts["incidents"] for r in runs)
        spurious = sum((r.curve[i]["spurious"] or 0.0) * r.curve[i]["events"] for r in runs)
        duplicate = sum((r.curve[i]["duplicate"] or 0.0) * r.curve[i]["events"] for r in runs)
        incidents = sum(r.scores.counts["incidents"] for r in runs)
        rows.append(
            {
                "min_confidence": point["min_confidence"],
                "events": events,
                "recall": round(found / incidents, 4) if incidents else 0.0,
                "spurious": round(spurious / events, 4) if events else 0.0,
                "duplicate": round(duplicate / events, 4) if events else 0.0,
            }
        )
    return rows


def curve_svg(curves: dict[str, list[dict[str, float]]], chosen: float) -> str:
    """Recall and non-spurious share against the confidence threshold, one line pair per split."""
    w, h, left, bottom = 520, 300, 50, 40
    colours = {"dev": "#888888", "heldout": "#1f6fb4"}

    def xy(t: float, v: float) -> str:
        return f"{left + t * (w - left - 20):.1f},{h - bottom - v * (h - bottom - 20):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
        'font-size="11">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 20}" y2="{h - bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{h - bottom}" stroke="black"/>',
        f'<text x="{w / 2 - 60}" y="{h - 8}">--min-confidence threshold</text>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x, y = xy(tick, 0).split(",")
        parts.append(f'<text x="{float(x) - 8}" y="{float(y) + 14}">{tick:g}</text>')
        x, y = xy(0, tick).split(",")
        parts.append(f'<text x="{float(x) - 30}" y="{float(y) + 4}">{tick:g}</text>')
    cx = xy(chosen, 0).split(",")[0]
    parts.append(f'<line x1="{cx}" y1="20" x2="{cx}" y2="{h - bottom}" stroke="#c00" stroke-dasharray="4"/>')
    parts.append(f'<text x="{float(cx) + 4}" y="30" fill="#c00">default {chosen:g}</text>')
    for split, rows in curves.items():
        colour = colours.get(split, "black")
        recall = " ".join(xy(r["min_confidence"], r["recall"]) for r in rows)
        precise = " ".join(xy(r["min_confidence"], 1 - r["spurious"]) for r in rows)
        parts.append(f'<polyline points="{recall}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(
            f'<polyline points="{precise}" fill="none" stroke="{colour}" stroke-width="2" '
            'stroke-dasharray="6 3"/>'
        )
    legend_y = h - bottom - 60
    for i, split in enumerate(curves):
        colour = colours.get(split, "black")
        parts.append(
            f'<text x="{w - 230}" y="{legend_y + 14 * i}" fill="{colour}">{split}: recall (solid), '
            "1 - spurious (dashed)</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def dump(obj: Any, indent: str = "") -> str:
    """JSON with dicts spread over lines and each list item or leaf dict on one line."""
    inner = indent + " "
    if isinstance(obj, dict) and any(isinstance(v, dict | list) for v in obj.values()):
        items = [f"{inner}{json.dumps(k)}: {dump(v, inner)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
        items = [inner + json.dumps(v, ensure_ascii=False) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(obj, ensure_ascii=False)


def table(results: list[IncidentEval]) -> list[str]:
    head = f"{'set':<16} {'split':<8} {'rep':>4} {'inc':>4} {'evt':>4}" + "".join(
        f" {SHORT[k]:>7}" for k, _ in MEASURES
    )
    lines = [head]
    for r in results:
        c = r.scores.counts
        row = f"{r.folder:<16} {r.split:<8} {r.reports:>4} {c['incidents']:>4} {c['events']:>4}"
        for k, _ in MEASURES:
            v = r.scores.measures[k].value
            row += f" {'-' if v is None else f'{v:.3f}':>7}"
        lines.append(row + f"  {r.seconds:5.1f}s")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data(), help="the shared data folder")
    ap.add_argument("--sets", help="comma-separated folder names (default: every folder with gold.jsonl)")
    ap.add_argument("--out", type=Path, default=RESULTS / "realnews.json")
    args = ap.parse_args()
    names = (
        args.sets.split(",")
        if args.sets
        else sorted(
            p.parent.name for p in args.data.glob("*/gold.jsonl") if (p.parent / "reports.jsonl").exists()
        )
    )
    settings = Settings()
    results: list[IncidentEval] = []
    t0 = time.perf_counter()
    for name in names:
        for split in SPLITS:
            r = evaluate_incidents(args.data / name, split, settings, quiet=True, with_text=False)
            results.append(r)
            print(table([r])[1], flush=True)
    total = time.perf_counter() - t0
    print()
    for line in table(results):
        print(line)
    print(f"total {total:.1f}s (the first run includes loading the language models)")
    curves = {split: pooled_curve(results, split) for split in SPLITS}
    print(f"\npooled curve (default min_confidence {settings.min_confidence:g}):")
    print(
        f"{'threshold':>9}" + "".join(f" {s + ' R':>11} {s + ' spur':>13} {s + ' dup':>12}" for s in SPLITS)
    )
    for i in range(len(curves["dev"])):
        row = f"{curves['dev'][i]['min_confidence']:>9.2f}"
        for split in SPLITS:
            c = curves[split][i]
            row += f" {c['recall']:>11.3f} {c['spurious']:>13.3f} {c['duplicate']:>12.3f}"
        print(row)
    svg = args.out.parent / "realnews_curve.svg"
    svg.write_text(curve_svg(curves, settings.min_confidence), encoding="utf-8")
    print(f"wrote {svg}")
    measures = {k: label for k, label in MEASURES}
    out = {
        "benchmark": "realnews: cronica eval incidents on every set with incident gold",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "version": __version__,
        **git_commit(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "engine": settings.engine},
        "data": str(args.data),
        "measures": measures,
        "note": "heldout is the result; dev may have been used to tune rules",
        "total_seconds": round(total, 1),
        "min_confidence": settings.min_confidence,
        "pooled_curve": curves,
        "sets": {name: {r.split: compact(r) for r in results if r.folder == name} for name in names},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(out) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
