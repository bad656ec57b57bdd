"""Write the development / held-out split of the incident-level report sets, once.

The split is decided from metadata only (report ids, the ``crisis`` field, and which reports
share a gold incident), before anyone looks at the text, and committed to
``cronica/data/evaluation/splits.yaml``. Rules are tuned on the ``dev`` part only; the README and
``bench/results`` report the ``heldout`` part.

- Sets with a ``crisis`` field (factnews-*) split by crisis, chosen by hand below so that each half
  has a mix of languages and sizes. Their distractor reports (no crisis) split by a hash of the id.
- Sets without one (voa, muc4-tst4) split by report, hashing the smallest id of each group of
  reports that share a gold incident, so that one incident never straddles the two halves.

A folder that the file does not list is split by the same hash rule at run time
(``cronica.evaluate.splits``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

DEV_CRISES = {
    "factnews-latam": ["co2021", "ec2019", "ni2018", "py2017"],
    "factnews-world": ["kenya", "iran", "myanmar", "france", "eswatini"],
}
SETS = ["voa", "muc4-tst4", "factnews-latam", "factnews-world"]
OUT = Path(__file__).resolve().parents[1] / "cronica" / "data" / "evaluation" / "splits.yaml"


def is_dev_key(key: str) -> bool:
    """The hash rule: a stable coin toss on a string."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0


def components(ids: list[str], gold: list[dict]) -> dict[str, str]:
    """Map each report id to the smallest id among the reports it shares incidents with."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in gold:
        reps = [r for r in g.get("reports", []) if r in parent]
        for other in reps[1:]:
            a, b = find(reps[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in ids}


def split_set(folder: Path, name: str) -> dict:
    reports = [json.loads(line) for line in (folder / "reports.jsonl").open() if line.strip()]
    gold = [json.loads(line) for line in (folder / "gold.jsonl").open() if line.strip()]
    ids = [r["id"] for r in reports]
    roots = components(ids, gold)
    dev: list[str] = []
    for r in reports:
        crisis = r.get("crisis")
        if name in DEV_CRISES and crisis and crisis != "distractor":
            in_dev = crisis in DEV_CRISES[name]
        else:
            in_dev = is_dev_key(roots[r["id"]])
        if in_dev:
            dev.append(r["id"])
    entry: dict = {"rule": "crisis" if name in DEV_CRISES else "report group hash"}
    if name in DEV_CRISES:
        entry["dev_crises"] = DEV_CRISES[name]
    entry["dev_reports"] = sorted(dev)
    entry["heldout_reports"] = sorted(set(ids) - set(dev))
    return entry


def main(data: Path) -> None:
    out = {name: split_set(data / name, name) for name in SETS}
    header = "# Written once by bench/make_splits.py before the texts were read; do not tune on heldout.\n"
    OUT.write_text(header + yaml.safe_dump(out, sort_keys=False, width=110))
    for name, e in out.items():
        print(f"{name}: {len(e['dev_reports'])} dev, {len(e['heldout_reports'])} held out")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
