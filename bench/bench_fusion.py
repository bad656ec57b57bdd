"""Fusion on the demo corpus gold (B-cubed, per-incident fields) and fusion speed on synthetic mentions.

Run: .venv/bin/python bench/bench_fusion.py [--mentions 100000]
Writes bench/results/fusion.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from importlib.resources import files
from pathlib import Path

from cronica.evaluate.demo_gold import load_gold, score
from cronica.extract.document import extract_document
from cronica.fuse import fuse_mentions
from cronica.model import Actor, Document, Event, Evidence, Place
from cronica.sources import read_sources

RESULTS = Path(__file__).parent / "results"
TOWNS = [
    ("Juliaca", "Puno"),
    ("Puno", "Puno"),
    ("Cusco", "Cusco"),
    ("Lima", "Lima"),
    ("Ayacucho", "Ayacucho"),
    ("Arequipa", "Arequipa"),
    ("Andahuaylas", "Apurímac"),
    ("Ilave", "Puno"),
    ("Tacna", "Tacna"),
]
SUBTYPES = [
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Protests", "Excessive force against protesters"),
    ("Strategic developments", "Arrests"),
]


def demo_scores() -> dict[str, object]:
    demo = files("cronica") / "data" / "demo"
    docs = [d for d in read_sources([str(demo / "reports")]) if isinstance(d, Document)]
    t0 = time.perf_counter()
    mentions: list[Event] = []
    for d in docs:
        mentions.extend(extract_document(d).events)
    t1 = time.perf_counter()
    fused = [e for e, _ in fuse_mentions(mentions)]
    t2 = time.perf_counter()
    shuffled = mentions[:]
    random.Random(7).shuffle(shuffled)
    same_order = [e.to_dict() for e, _ in fuse_mentions(shuffled)] == [e.to_dict() for e in fused]
    s = score(fused, load_gold(Path(str(demo / "gold.jsonl"))))
    return {
        "documents": len(docs),
        "mentions": len(mentions),
        "events": len(fused),
        "bcubed_precision": round(s.precision, 4),
        "bcubed_recall": round(s.recall, 4),
        "bcubed_f1": round(s.f1, 4),
        "gold_pairs": s.pairs,
        "pairs_held": s.held,
        "incidents": s.incidents,
        "field_accuracy": {k: round(v, 4) for k, v in s.field_accuracy.items()},
        "spurious_events": s.spurious_events,
        "order_independent": same_order,
        "extract_seconds": round(t1 - t0, 3),
        "fuse_seconds": round(t2 - t1, 4),
        "per_incident": s.per_incident,
    }


def synthetic_mentions(n: int, seed: int = 1) -> list[Event]:
    rng = random.Random(seed)
    start = dt.date(2022, 12, 1)
    out = []
    for i in range(n):
        town, region = rng.choice(TOWNS)
        etype, sub = rng.choice(SUBTYPES)
        day = start + dt.timedelta(days=rng.randrange(120))
        place = Place(town, "Peru", "PE", region, None, -15.0, -70.0, None, 1)
        out.append(
            Event(
                event_id=f"m{i:07d}",
                event_date=day,
                date_end=None,
                date_precision="day",
                event_type=etype,
                sub_event_type=sub,
                plover=None,
                actor1=Actor("protesters", "protesters"),
                actor2=None,
                location=place,
                fatalities=rng.choice([None, 0, 1, 2]),
                evidence=[Evidence(f"doc{i // 3}", 0, 10, "x", None, None, day)],
            )
        )
    return out


def fusion_speed(n: int) -> dict[str, float]:
    out = {}
    for size in sorted({n // 10, n}):
        mentions = synthetic_mentions(size)
        t0 = time.perf_counter()
        fused = fuse_mentions(mentions)
        out[f"fuse_{size}_seconds"] = round(time.perf_counter() - t0, 3)
        out[f"fuse_{size}_events"] = len(fused)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mentions", type=int, default=100_000)
    args = ap.parse_args()
    demo = demo_scores()
    speed = fusion_speed(args.mentions)
    print("Fusion on the demo corpus gold")
    print(f"{'measure':<34}{'value':>10}")
    for key in (
        "documents",
        "mentions",
        "events",
        "incidents",
        "gold_pairs",
        "pairs_held",
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "spurious_events",
        "order_independent",
    ):
        print(f"{key:<34}{demo[key]!s:>10}")
    for key, value in demo["field_accuracy"].items():  # type: ignore[attr-defined]
        print(f"{'incident ' + key + ' right':<34}{value:>10}")
    for key, value in speed.items():
        print(f"{key:<34}{value:>10}")
    misses = [
        p
        for p in demo["per_incident"]
        if not all(  # type: ignore[attr-defined]
            p[k] for k in ("found", "date", "place", "sub_event_type", "fatalities")
        )
    ]
    for p in misses:
        print("  miss:", json.dumps(p, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fusion.json").write_text(
        json.dumps({"demo": demo, "speed": speed}, indent=2, ensure_ascii=False) + "\n"
    )


if __name__ == "__main__":
    main()
