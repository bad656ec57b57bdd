"""Write the development / held-out split of the incident-level report sets, once.

The split is decided from metadata only (report ids, the ``crisis`` field, and which reports
share a gold incident), before anyone looks at the text, and committed to
``cronica/data/evaluation/splits.yaml``. Rules are tuned on the ``dev`` part only; the README and
``bench/results`` report the ``heldout`` part.

- Sets with a ``crisis`` field (factnews-*) split by crisis, chosen by hand (``DEV_CRISES`` in
  ``cronica.evaluate.splits``) so that each half has a mix of languages and sizes. Their
  distractor reports (no crisis) split by a hash of the id.
- Sets without one (voa, muc4-tst4) split by report, hashing the smallest id of each group of
  reports that share a gold incident, so that one incident never straddles the two halves.

The rule itself lives in ``cronica.evaluate.splits``, which applies it at run time to a folder
that the file does not list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from cronica.evaluate.splits import split_set as split_by_rule

SETS = ["voa", "muc4-tst4", "factnews-latam", "factnews-world"]
OUT = Path(__file__).resolve().parents[1] / "cronica" / "data" / "evaluation" / "splits.yaml"


def split_set(folder: Path, name: str) -> dict:
    reports = [json.loads(line) for line in (folder / "reports.jsonl").open() if line.strip()]
    gold = [json.loads(line) for line in (folder / "gold.jsonl").open() if line.strip()]
    return split_by_rule(name, reports, gold)


def main(data: Path) -> None:
    out = {name: split_set(data / name, name) for name in SETS}
    header = "# Written once by bench/make_splits.py before the texts were read; do not tune on heldout.\n"
    OUT.write_text(header + yaml.safe_dump(out, sort_keys=False, width=110))
    for name, e in out.items():
        print(f"{name}: {len(e['dev_reports'])} dev, {len(e['heldout_reports'])} held out")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
