"""The development / held-out split of the incident-level report sets.

The split was decided from metadata only (report ids, the ``crisis`` field, and which reports
share a gold incident) before anyone read the texts, and is committed to
``cronica/data/evaluation/splits.yaml`` by ``bench/make_splits.py``. Rules are tuned on ``dev``
only; results are reported on ``heldout``.

- Sets with a ``crisis`` field that are listed in :data:`DEV_CRISES` split by crisis; their
  distractor reports (no crisis, or ``"distractor"``) split by the hash rule.
- Every other set splits by the hash rule: a report goes with the smallest id of the group of
  reports that share a gold incident, and that id's SHA-1 decides, so one incident never
  straddles the two halves.

A folder the committed file does not list (or a report it does not list) gets the same rule at
run time, so a new set has a stable split without editing the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

SPLITS = ("dev", "heldout", "all")
# Sentence- and snippet-level corpora (issue 12): which unit a split keeps whole, so that no
# document's sentences straddle the halves. Corpora that ship their own test part keep it as the
# held-out half (``own test``); the others split by the hash rule on "<corpus>:<unit key>".
UNIT_SPLITS: dict[str, str] = {
    "case2021-task2": "snippet id",
    "indiapoliceevents": "doc_id",
    "mass-mobilization": "protest id",
    "acep-lc720": "article id",
    "plover-gsr": "story id",
    "muc4-grit": "own test",
    "conflibert-insightcrime": "own test",
    "conflibert-satp": "own test",
    "conflibert-cameo": "own test",
}
DEV_CRISES: dict[str, list[str]] = {
    "factnews-latam": ["co2021", "ec2019", "ni2018", "py2017"],
    "factnews-world": ["kenya", "iran", "myanmar", "france", "eswatini"],
}


def is_dev_key(key: str) -> bool:
    """The hash rule: a stable coin toss on a string."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0


def unit_split(corpus: str, key: object) -> str:
    """``"dev"`` or ``"heldout"`` for one unit (document, snippet, protest) of a sentence corpus.

    Rules and models of issue 12 are tuned and fitted on ``dev`` only; benchmarks report ``heldout``.
    """
    if corpus not in UNIT_SPLITS:
        raise KeyError(f"no unit split is declared for {corpus!r}")
    return "dev" if is_dev_key(f"{corpus}:{key}") else "heldout"


def components(ids: Sequence[str], gold: Sequence[Mapping[str, Any]]) -> dict[str, str]:
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


def split_set(
    name: str, reports: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The split of one set by rule: the entry that ``splits.yaml`` holds for it."""
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
    entry: dict[str, Any] = {"rule": "crisis" if name in DEV_CRISES else "report group hash"}
    if name in DEV_CRISES:
        entry["dev_crises"] = DEV_CRISES[name]
    entry["dev_reports"] = sorted(dev)
    entry["heldout_reports"] = sorted(set(ids) - set(dev))
    return entry


@lru_cache(maxsize=1)
def committed_splits() -> dict[str, Any]:
    """The committed file, keyed by folder name."""
    text = (files("cronica") / "data" / "evaluation" / "splits.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def report_splits(
    name: str, reports: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """``{report id: "dev" | "heldout"}``: the committed file where it lists the report, else the rule."""
    listed = committed_splits().get(name) or {}
    known = {str(i): "dev" for i in listed.get("dev_reports", [])}
    known.update({str(i): "heldout" for i in listed.get("heldout_reports", [])})
    ruled = split_set(name, reports, gold)
    dev = set(ruled["dev_reports"])
    return {r["id"]: known.get(r["id"], "dev" if r["id"] in dev else "heldout") for r in reports}
