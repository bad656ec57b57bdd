"""Roles from the parse: actor1 on IndiaPoliceEvents sentences and the cost of the parse.

For every IndiaPoliceEvents sentence labelled KILL or FORCE (police killed or used force) of one
split, ``extract_document`` runs on the sentence alone (the path of ``cronica extract``); the
figure is the share of those sentences where some event has ``actor1.type == "state_forces"``,
and, among the sentences that give any event at all, the same share.

Run: .venv/bin/python bench/bench_roles.py [--split dev|heldout] [--data ../shared/data]
Prints the figures (and writes nothing): they go into the closing note of a change.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cronica.evaluate.splits import unit_split
from cronica.extract.document import extract_document, warm_up
from cronica.model import Document

LABELS = frozenset({"KILL", "FORCE"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = ap.parse_args()
    rows = []
    with open(args.data / "indiapoliceevents" / "sents.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if (
                LABELS & set(row["sent_labels"])
                and unit_split("indiapoliceevents", row["doc_id"]) == args.split
            ):
                rows.append(row)
    warm_up()
    state = with_event = 0
    start = time.process_time()
    for row in rows:
        doc = Document(f"ipe-{row['doc_id']}-{row['sent_id']}", row["sent_text"], lang="en")
        events = extract_document(doc, lang="en").events
        with_event += bool(events)
        state += any(e.actor1 is not None and e.actor1.type == "state_forces" for e in events)
    cpu = time.process_time() - start
    n = len(rows)
    print(f"IndiaPoliceEvents {args.split}: {n} KILL/FORCE sentences")
    print(f"  actor1 state forces: {state}/{n} = {state / max(n, 1):.3f}")
    print(f"  of sentences with an event: {state}/{with_event} = {state / max(with_event, 1):.3f}")
    print(f"  {n / max(cpu, 1e-9):.1f} sentences/s (CPU)")


if __name__ == "__main__":
    main()
