"""Train the sentence model (cronica/data/models/sentence_model.npz) on development data only.

Usage (repo root)::

    .venv/bin/python bench/train_sentence_model.py [--data ../shared/data] [--cache /tmp/cronica-use]
        [--no-save]

Each example is a text the pipeline's ``classification`` stage would see (a candidate's sentence
or sentences, or a short text that stands for one) with the rules' answer on it, an event label
(1, 0, or unknown) and an ACLED sub-type code (or unknown). Only the ``dev`` half of each corpus
is read (:func:`cronica.evaluate.splits.unit_split`, the committed report split of the
incident-level sets, and the train+dev parts of corpora that keep their own test part).

Label mapping, corpus by corpus (what is left out is left out because the mapping is not sound):

- **case2021-task2** (EN snippets, 25 ACLED codes + 5 outside the taxonomy): every rule candidate
  of a snippet takes the snippet's label (a snippet with no candidate is one example, the whole
  snippet, rules answering none). In-taxonomy: event 1, sub-type = the code. ORG_CRIME,
  NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB: event 0 (TAXONOMY.md: no event).
- **voa, muc4-tst4, factnews-latam (ES), factnews-world** (reports + gold incidents): the report
  goes through the pipeline without ``classification`` and ``calibration``; each event told as news
  (not background) is one example, its first evidence span the text. Event 1 when it can match a
  gold incident of the report (the rule of ``cronica eval incidents``, as bench/train_confidence.py
  uses), sub-type = that incident's strict ``sub_event_type``; else event 0 (a spurious event: the
  gold sets list every incident of their reports), sub-type unknown.
- **mass-mobilization** (protest notes, every row a protest): the note (first 600 characters) is
  one example, event 1. Sub-type from the coded fields, in the codebook's order: protester
  violence -> VIOL_DEMONSTR; else killings -> FORCE_AGAINST_PROTEST; else shootings -> none (rubber
  bullets or live fire, the field does not say); else arrests, beatings or crowd dispersal ->
  PROTEST_WITH_INTER; else (accommodation / ignore) -> PEACE_PROTEST.
  At most ``MM_LIMIT`` dev notes, taken in file order.
- **acep-lc720** (ES articles, protest / labour conflict 1 or 0): title + lead is one example,
  event = the label. No sub-type (a labour conflict may be a strike without a march).
- **indiapoliceevents** (EN sentences, police KILL / ARREST / FORCE): a rule candidate in a
  sentence labelled KILL, FORCE or ARREST is event 1. No negatives (a riot sentence without police
  action is unlabelled there but is an event for ACLED) and no sub-type (police killing during a
  communal riot is not one ACLED sub-type).
- **plover-gsr** (EN sentences, PLOVER types): PROTEST, ASSAULT, FIGHT -> event 1; DEMAND, REJECT,
  THREATEN, DISAPPROVE, CONSULT, AID, SUPPORT, INVESTIGATE, SANCTION, COOPERATE -> event 0
  (statements, threats, diplomacy). AGREE, COERCE, CONCEDE, MOBILIZE, RETREAT are left out (some
  are ACLED strategic developments, some not). No sub-type.
- **conflibert-satp** (train+dev; EN incident summaries): the first sentence is event 1; a
  summary labelled kidnapping only -> ABDUCT_DISSAP. The other columns (armed assault, bombing,
  other) do not name one ACLED sub-type and give none.
- Not used: muc4-grit (document role fillers, no sentence or type label), conflibert-insightcrime
  (organised crime: ACLED codes some cartel violence, so "no event" is not sound),
  conflibert-cameo (class ids undocumented).

Model: two logistic regressions over :func:`cronica.extract.sentence_model.features` (USE
embedding + the rules' answer and cues + hashed character n-grams): the event head (binary, on the
examples with an event label) and the sub-type head (multinomial over the 25 codes, on the examples
with a sub-type). The regularisation C of each head is chosen by nested cross-validation: outer
5 folds by document, inner 3 folds (by document) pick C from :data:`C_GRID` by log loss; the outer
out-of-fold predictions give the reported figures and choose the two thresholds of the stage
(re-type when the sub-type head's top probability reaches ``retype_threshold`` and disagrees with the
rules; drop a candidate whose P(event) is below ``drop_threshold`` only while no event that matches
a gold incident of the incident-level sets would be dropped out of fold). The final heads are fitted
on all examples with C chosen by the same inner rule on all of them. Everything is deterministic:
fixed folds (GroupKFold), lbfgs, no sampling.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GroupKFold

from cronica.evaluate import case2021
from cronica.evaluate.splits import unit_split
from cronica.extract import sentence_model
from cronica.extract.events import EventCandidate, detect_events
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import code_of, codes

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "cronica" / "data" / "models" / sentence_model.MODEL_FILE
RESULTS = ROOT / "bench" / "results" / "sentence_model.json"
C_GRID = (1.0, 4.0, 16.0)
CHAR_BUCKETS = 1024
MM_LIMIT = 400
SATP_LIMIT = 600
INCIDENT_SETS = ("voa", "muc4-tst4", "factnews-latam", "factnews-world")
RETYPE_GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)
ACLED_CODED = ("case2021-task2", *INCIDENT_SETS)
DROP_GRID = (0.0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)


@dataclass(frozen=True)
class Example:
    corpus: str
    group: str  # the unit that folds keep whole (document, snippet, protest)
    text: str
    lang: str
    rule_code: str | None
    rule_confidence: float
    event: int | None  # 1 event, 0 not, None unknown
    code: str | None  # ACLED code, None unknown


# -- corpora --------------------------------------------------------------------------------------
def _candidate_examples(
    corpus: str, group: str, text: str, lang: str, event: int | None, code: str | None
) -> list[Example]:
    """One example per rule candidate of ``text`` (the whole text when the rules find none)."""
    cands = detect_events(text, split_sentences(text), lang)
    if not cands:
        return [Example(corpus, group, text, lang, None, 0.0, event, code)]
    return [_from_candidate(corpus, group, text, lang, c, event, code) for c in cands]


def _from_candidate(
    corpus: str, group: str, text: str, lang: str, c: EventCandidate, event: int | None, code: str | None
) -> Example:
    return Example(corpus, group, text[c.start : c.end], lang, c.code, c.confidence, event, code)


def case2021_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    for s in case2021.load(data / "case2021-task2"):
        if unit_split("case2021-task2", s.id) != "dev":
            continue
        inside = s.label in codes()
        out += _candidate_examples(
            "case2021-task2", f"c21:{s.id}", s.text, "en", int(inside), s.label if inside else None
        )
    return out


def _mm_code(row: dict[str, str]) -> str | None:
    responses = {row.get(f"stateresponse{i}", "").strip().lower() for i in range(1, 8)}
    if row.get("protesterviolence", "").strip() == "1":
        return "VIOL_DEMONSTR"
    if "killings" in responses:
        return "FORCE_AGAINST_PROTEST"
    if "shootings" in responses:
        return None  # rubber bullets or live fire: the note does not say which
    if responses & {"arrests", "beatings", "crowd dispersal"}:
        return "PROTEST_WITH_INTER"
    return "PEACE_PROTEST"


def massmob_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    with (data / "mass-mobilization" / "mm_dev.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            note = (row.get("notes") or "").strip()
            if row.get("protest") != "1" or not note or unit_split("mass-mobilization", row["id"]) != "dev":
                continue
            text = note[:600]
            cands = detect_events(text, split_sentences(text), "en")
            best = max(cands, key=lambda c: (c.confidence, -c.start)) if cands else None
            out.append(
                Example(
                    "mass-mobilization", f"mm:{row['id']}", text, "en",
                    best.code if best else None, best.confidence if best else 0.0, 1, _mm_code(row),
                )
            )  # fmt: skip
            if len(out) >= MM_LIMIT:
                break
    return out


def acep_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    with (data / "acep-lc720" / "lc_dev.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if unit_split("acep-lc720", row["id"]) != "dev":
                continue
            parts = [(row.get("titulo") or "").strip().rstrip("."), (row.get("bajada") or "").strip()]
            text = ". ".join(p for p in parts if p)
            cands = detect_events(text, split_sentences(text), "es")
            best = max(cands, key=lambda c: (c.confidence, -c.start)) if cands else None
            out.append(
                Example(
                    "acep-lc720", f"acep:{row['id']}", text, "es", best.code if best else None,
                    best.confidence if best else 0.0, int(row.get("clas_hum", "").strip() == "1"), None,
                )
            )  # fmt: skip
    return out


def indiapolice_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    with (data / "indiapoliceevents" / "sents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            s = json.loads(line)
            if not {"KILL", "FORCE", "ARREST"} & set(s["sent_labels"]):
                continue
            if unit_split("indiapoliceevents", s["doc_id"]) != "dev":
                continue
            text = " ".join(s["sent_text"].split())
            for c in detect_events(text, split_sentences(text), "en"):
                out.append(_from_candidate("indiapoliceevents", f"ipe:{s['doc_id']}", text, "en", c, 1, None))
    return out


PLOVER_EVENT = {"PROTEST": 1, "ASSAULT": 1, "FIGHT": 1}
PLOVER_NO_EVENT = ("DEMAND", "REJECT", "THREATEN", "DISAPPROVE", "CONSULT", "AID", "SUPPORT", "INVESTIGATE")
PLOVER_NO_EVENT += ("SANCTION", "COOPERATE")


def plover_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    records = json.loads((data / "plover-gsr" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    for r in records:
        kind = r.get("event")
        if not isinstance(r.get("text"), str) or kind not in (*PLOVER_EVENT, *PLOVER_NO_EVENT):
            continue
        if unit_split("plover-gsr", r["id"]) != "dev":
            continue
        label = 1 if kind in PLOVER_EVENT else 0
        out += _candidate_examples("plover-gsr", f"plover:{r['id']}", r["text"], "en", label, None)
    return out


def satp_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    for part in ("train", "dev"):  # the own test part is the held-out half
        with (data / "conflibert-satp" / f"{part}.tsv").open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 5 or len(out) >= SATP_LIMIT:
                    continue
                sents = split_sentences(cols[0])
                first = cols[0][sents[0].start : sents[0].end] if sents else cols[0]
                code = "ABDUCT_DISSAP" if cols[1:5] == ["0", "0", "1", "0"] else None
                for c in detect_events(first, split_sentences(first), "en")[:1]:
                    out.append(
                        _from_candidate("conflibert-satp", f"satp:{part}:{n}", first, "en", c, 1, code)
                    )
    return out


def incident_examples(data: Path) -> list[Example]:
    """Events of the dev reports of the incident-level sets, labelled by the gold incidents."""
    from cronica.evaluate.incidents import candidate, load_folder
    from cronica.pipeline.context import DocContext
    from cronica.pipeline.default import default_pipeline
    from cronica.pipeline.registry import Registry
    from cronica.sources.jsonl import document_from_json

    rules_only = Registry([s for s in default_pipeline() if s.name not in ("classification", "calibration")])
    out: list[Example] = []
    for name in INCIDENT_SETS:
        folder = load_folder(data / name).select("dev")
        for report in folder.reports:
            doc = document_from_json(report, f"{name}:{report['id']}")
            ctx = rules_only.run(DocContext(doc))
            told = [g for g in folder.incidents if report["id"] in g.reports]
            for event in ctx.events:
                if event.background or not event.evidence:
                    continue
                hits = [g for j, g in enumerate(told) if candidate(0, event, j, g) is not None]
                gold_code = code_of(hits[0].sub_event_type) if hits else None
                ev = event.evidence[0]
                out.append(
                    Example(
                        name, f"{name}:{report['id']}", ev.text, ctx.lang, code_of(event.sub_event_type),
                        event.confidence, int(bool(hits)), gold_code,
                    )
                )  # fmt: skip
    return out


LOADERS: dict[str, Callable[[Path], list[Example]]] = {
    "case2021-task2": case2021_examples,
    "incident sets": incident_examples,
    "mass-mobilization": massmob_examples,
    "acep-lc720": acep_examples,
    "indiapoliceevents": indiapolice_examples,
    "plover-gsr": plover_examples,
    "conflibert-satp": satp_examples,
}


# -- features -------------------------------------------------------------------------------------
def embeddings(texts: Sequence[str], cache: Path | None) -> np.ndarray:
    """USE vectors of ``texts``, read from / added to ``cache`` (a folder outside the repository)."""
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    stored: dict[str, np.ndarray] = {}
    file = cache / "use_vectors.npz" if cache else None
    if file is not None and file.exists():
        with np.load(file, allow_pickle=False) as z:
            stored = {k: z[k] for k in z.files}
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in stored}.items())
    if todo:
        vecs = sentence_model.embed([t for _, t in todo])
        stored.update({k: v for (k, _), v in zip(todo, vecs, strict=True)})
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            np.savez(file, **stored)
    return np.vstack([stored[k] for k in keys]) if keys else np.zeros((0, 512), dtype=np.float32)


def feature_matrix(examples: Sequence[Example], cache: Path | None, buckets: int) -> np.ndarray:
    emb = embeddings([e.text for e in examples], cache)
    rows = [
        sentence_model.features([e.text], [(e.rule_code, e.rule_confidence)], e.lang, buckets, emb[i : i + 1])
        for i, e in enumerate(examples)
    ]
    return np.vstack(rows)


# -- nested cross-validation ----------------------------------------------------------------------
def _fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)


def _folds(groups: Sequence[str], k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    n = len(set(groups))
    dummy = np.zeros(len(groups))
    yield from GroupKFold(n_splits=min(k, n)).split(dummy, dummy, list(groups))


def choose_c(x: np.ndarray, y: np.ndarray, groups: Sequence[str], k: int = 3) -> float:
    """The C of :data:`C_GRID` with the lowest cross-validated log loss (folds by group)."""
    labels = np.unique(y)
    best, best_loss = C_GRID[0], np.inf
    for c in C_GRID:
        p = np.zeros((len(y), len(labels)))
        for train, test in _folds(groups, k):
            model = _fit(x[train], y[train], c)
            cols = [int(np.searchsorted(labels, cl)) for cl in model.classes_]
            p[np.ix_(test, cols)] = model.predict_proba(x[test])
        p = np.clip(p, 1e-9, 1.0)
        loss = log_loss(y, p / p.sum(axis=1, keepdims=True), labels=labels)
        if loss < best_loss - 1e-9:
            best, best_loss = c, loss
    return best


def nested_oof(
    x: np.ndarray, y: np.ndarray, groups: Sequence[str], labels: np.ndarray, k: int = 5
) -> tuple[np.ndarray, list[float]]:
    """Out-of-fold probabilities (columns = ``labels``) and the C each outer fold chose."""
    p = np.zeros((len(y), len(labels)))
    chosen: list[float] = []
    for train, test in _folds(groups, k):
        g_train = [groups[i] for i in train]
        c = choose_c(x[train], y[train], g_train)
        chosen.append(c)
        model = _fit(x[train], y[train], c)
        cols = [int(np.searchsorted(labels, cl)) for cl in model.classes_]
        p[np.ix_(test, cols)] = model.predict_proba(x[test])
    return p, chosen


# -- thresholds -----------------------------------------------------------------------------------
def choose_retype(examples: Sequence[Example], idx: np.ndarray, probs: np.ndarray) -> tuple[float, dict]:
    """The lowest threshold of :data:`RETYPE_GRID` with the largest net gain in right sub-types
    (fixed minus broken) when the model overrides the rules, out of fold, counted on the corpora
    whose sub-types are ACLED's own coding (:data:`ACLED_CODED`), not on mapped labels."""
    labels = codes()
    table: dict[str, dict[str, int]] = {}
    best, best_gain = RETYPE_GRID[-1], 0
    for t in RETYPE_GRID:
        fixed = broken = 0
        for row, i in enumerate(idx):
            e = examples[i]
            top = int(probs[row].argmax())
            if e.corpus not in ACLED_CODED or e.rule_code is None:
                continue
            if probs[row, top] < t or labels[top] == e.rule_code:
                continue
            fixed += labels[top] == e.code
            broken += e.rule_code == e.code
        table[str(t)] = {"fixed": fixed, "broken": broken}
        if fixed - broken > best_gain:
            best, best_gain = t, fixed - broken
    return best, table


def choose_drop(examples: Sequence[Example], idx: np.ndarray, p_event: np.ndarray) -> tuple[float, dict]:
    """The largest threshold of :data:`DROP_GRID` that drops no out-of-fold event of the
    incident-level sets that matches a gold incident (and drops some that match none)."""
    table: dict[str, dict[str, int]] = {}
    best = 0.0
    for t in DROP_GRID:
        lost = spurious = 0
        for row, i in enumerate(idx):
            e = examples[i]
            if e.corpus not in INCIDENT_SETS or e.rule_code is None or p_event[row] >= t:
                continue
            lost += e.event == 1
            spurious += e.event == 0
        table[str(t)] = {"real_dropped": lost, "spurious_dropped": spurious}
        if lost == 0 and spurious > 0:
            best = t
    return best, table


# -- training -------------------------------------------------------------------------------------
def _auc(y: np.ndarray, score: np.ndarray) -> float:
    pos, neg = score[y == 1], score[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def train(examples: Sequence[Example], x: np.ndarray, folds: int = 5) -> tuple[dict[str, np.ndarray], dict]:
    """The model file's arrays and the cross-validated report, from examples and their features."""
    groups = [e.group for e in examples]
    ev_idx = np.array([i for i, e in enumerate(examples) if e.event is not None])
    ty_idx = np.array([i for i, e in enumerate(examples) if e.code is not None])
    y_ev = np.array([examples[i].event for i in ev_idx])
    y_ty = np.array([codes().index(str(examples[i].code)) for i in ty_idx])
    g_ev, g_ty = [groups[i] for i in ev_idx], [groups[i] for i in ty_idx]
    p_ev, c_ev = nested_oof(x[ev_idx], y_ev, g_ev, np.array([0, 1]), folds)
    type_labels = np.arange(len(codes()))
    p_ty, c_ty = nested_oof(x[ty_idx], y_ty, g_ty, type_labels, folds)
    retype, retype_table = choose_retype(examples, ty_idx, p_ty)
    drop, drop_table = choose_drop(examples, ev_idx, p_ev[:, 1])
    event_head = _fit(x[ev_idx], y_ev, choose_c(x[ev_idx], y_ev, g_ev))
    type_head = _fit(x[ty_idx], y_ty, choose_c(x[ty_idx], y_ty, g_ty))
    type_coef = np.zeros((len(codes()), x.shape[1]), dtype=np.float32)
    type_bias = np.full(len(codes()), -30.0, dtype=np.float32)  # a code never seen in training
    type_coef[type_head.classes_] = type_head.coef_
    type_bias[type_head.classes_] = type_head.intercept_
    arrays = {
        "schema": np.array(sentence_model.SCHEMA),
        "labels": np.array(codes()),
        "cue_names": np.array(sentence_model.cue_names()),
        "char_buckets": np.array(x.shape[1] - 512 - len(codes()) - 1 - len(sentence_model.cue_names())),
        "event_coef": event_head.coef_[0].astype(np.float32),
        "event_bias": np.array(event_head.intercept_[0], dtype=np.float32),
        "type_coef": type_coef,
        "type_bias": type_bias,
        "retype_threshold": np.array(retype, dtype=np.float32),
        "drop_threshold": np.array(drop, dtype=np.float32),
    }
    rules_right = [examples[i].rule_code == examples[i].code for i in ty_idx]
    report = {
        "event_examples": len(ev_idx),
        "event_positives": int(y_ev.sum()),
        "type_examples": len(ty_idx),
        "outer_folds": folds,
        "event_C_per_outer_fold": c_ev,
        "type_C_per_outer_fold": c_ty,
        "event_C": float(event_head.C),
        "type_C": float(type_head.C),
        "oof_event_auc": round(_auc(y_ev, p_ev[:, 1]), 4),
        "oof_type_accuracy": round(float((p_ty.argmax(axis=1) == y_ty).mean()), 4),
        "rules_type_accuracy": round(float(np.mean(rules_right)), 4),
        "retype_threshold": retype,
        "retype_oof": retype_table,
        "drop_threshold": drop,
        "drop_oof": drop_table,
    }
    return arrays, report


def save(arrays: dict[str, np.ndarray], path: Path) -> None:
    np.savez_compressed(path, **arrays)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cronica-use"), help="embedding cache folder")
    ap.add_argument("--buckets", type=int, default=CHAR_BUCKETS, help="hashed char n-gram features")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    examples: list[Example] = []
    per_corpus: dict[str, dict[str, int]] = {}
    for name, load in LOADERS.items():
        found = load(args.data)
        examples += found
        per_corpus[name] = {
            "examples": len(found),
            "event_1": sum(e.event == 1 for e in found),
            "event_0": sum(e.event == 0 for e in found),
            "typed": sum(e.code is not None for e in found),
        }
        print(f"{name:20} {per_corpus[name]}", flush=True)
    x = feature_matrix(examples, args.cache, args.buckets)
    arrays, report = train(examples, x)
    report = {"split": "dev parts only (held-out never read)", "corpora": per_corpus, **report}
    print(json.dumps({k: v for k, v in report.items() if not k.endswith("_oof")}, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    if not args.no_save:
        save(arrays, MODEL)
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
