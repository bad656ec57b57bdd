"""`cronica eval` on tiny corpora we write in each format, with scores worked out by hand, and its errors.

Each corpus mixes items cronica gets right with one whose gold label it gets wrong on purpose,
so every score below is a fraction we can derive on paper. Each test first pins cronica's answer
for every item: if the extractor changes, that assertion fails and says which item moved, rather
than a score drifting for no visible reason.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cronica.evaluate import acep
from cronica.evaluate.case2021 import classify_code
from cronica.evaluate.runner import EvalError, evaluate
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences

# (snippet, gold label, cronica's answer). The tear-gas snippet is labelled excessive force while
# cronica, as ACLED's guide says, calls tear gas an intervention; the strike announcement is
# labelled a protest while cronica (rightly) finds no event in a plan.
CASE2021 = [
    (
        "Thousands of teachers marched peacefully through the capital for higher pay.",
        "PEACE_PROTEST",
        "PEACE_PROTEST",
    ),
    ("Police arrested the opposition leader at his home on Tuesday.", "ARREST", "ARREST"),
    ("Protesters threw stones at police and set fire to a police station.", "VIOL_DEMONSTR", "VIOL_DEMONSTR"),
    (
        "Riot police fired tear gas and rubber bullets to disperse students protesting outside parliament.",
        "FORCE_AGAINST_PROTEST",
        "PROTEST_WITH_INTER",
    ),
    ("The union said it would hold a strike next month.", "PEACE_PROTEST", None),
    ("Police arrested three journalists covering the election in the north.", "ARREST", "ARREST"),
    ("A strong earthquake struck the coast, killing 12 people.", "NATURAL_DISASTER", None),
    ("The two foreign ministers met to discuss trade.", "DIPLO", None),
]


def _write_case2021(folder: Path) -> None:
    lines = ["id\tEventSnippet\tSubType"]
    lines += [f"{i}\t{text}\t{gold}" for i, (text, gold, _) in enumerate(CASE2021, start=1)]
    (folder / "dev.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_case2021_scores(tmp_path: Path) -> None:
    assert [classify_code(text) for text, _, _ in CASE2021] == [answer for _, _, answer in CASE2021]
    _write_case2021(tmp_path)
    result = evaluate("case2021-task2", tmp_path)
    assert result.n == 8
    rows = dict(result.rows)
    assert (rows["n_in_taxonomy"], rows["n_out_of_taxonomy"]) == (6, 2)
    # In taxonomy, per code (F1, support): PEACE_PROTEST (2/3, 2), ARREST (1, 2), VIOL_DEMONSTR (1, 1),
    # FORCE_AGAINST_PROTEST (0, 1); PROTEST_WITH_INTER has one false positive and no support.
    assert rows["weighted_f1"] == pytest.approx(13 / 18, abs=1e-4)  # (2/3*2 + 2 + 1 + 0) / 6
    assert rows["macro_f1"] == pytest.approx(2 / 3, abs=1e-4)  # over the four codes with support
    assert rows["micro_f1"] == pytest.approx(8 / 11, abs=1e-4)  # tp 4, fp 1, fn 2: P 4/5, R 4/6
    assert rows["no_event_on_in_taxonomy"] == pytest.approx(1 / 6, abs=1e-4)
    assert rows["out_of_taxonomy_no_event"] == 1.0
    # All eight, the two outside the taxonomy as NONE: NONE gets F1 4/5 (tp 2, fp 1) on support 2.
    assert rows["weighted_f1_all_with_none"] == pytest.approx((2 / 3 * 2 + 2 + 1 + 0 + 0.8 * 2) / 8, abs=1e-4)
    table = result.table()
    assert table[0] == "case2021-task2: 8 items"
    assert any(line.split() == ["weighted_f1", "0.722"] for line in table)


def test_case2021_limit_scores_the_first_items(tmp_path: Path) -> None:
    _write_case2021(tmp_path)
    result = evaluate("case2021-task2", tmp_path, limit=3)  # the three that cronica gets right
    rows = dict(result.rows)
    assert result.n == 3
    assert rows["weighted_f1"] == rows["micro_f1"] == 1.0


# (text, gold PLOVER category, cronica's category). The police beating is gold ASSAULT, while
# cronica codes it as a protest met with force (PROTEST).
PLOVER = [
    (
        "Hundreds of farmers blocked the highway outside the city to protest fuel prices.",
        "PROTEST",
        "PROTEST",
    ),
    ("Gunmen shot dead a local mayor outside his home.", "ASSAULT", "ASSAULT"),
    ("Troops fought insurgents for hours in the mountains.", "FIGHT", "FIGHT"),
    ("The president said he would not resign.", "ACCUSE", None),
    ("Police beat protesters with batons in the square.", "ASSAULT", "PROTEST"),
]


def test_plover_scores(tmp_path: Path) -> None:
    for text, _, answer in PLOVER:
        found = detect_events(text, split_sentences(text), "en")
        assert (max(found, key=lambda c: c.confidence).plover if found else None) == answer, text
    records = [{"id": "header"}] + [
        {"id": f"x{i}", "event": gold, "text": text} for i, (text, gold, _) in enumerate(PLOVER)
    ]
    (tmp_path / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(records), encoding="utf-8")
    result = evaluate("plover-gsr", tmp_path)
    assert result.n == 5  # the record without text is not an item
    rows = dict(result.rows)
    # PROTEST: tp 1, fp 1. ASSAULT: tp 1, fn 1. FIGHT: tp 1. COERCE: nothing at all.
    assert (rows["PROTEST precision"], rows["PROTEST recall"]) == (0.5, 1.0)
    assert (rows["ASSAULT precision"], rows["ASSAULT recall"]) == (1.0, 0.5)
    assert rows["PROTEST f1"] == rows["ASSAULT f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert (rows["FIGHT precision"], rows["FIGHT recall"], rows["FIGHT f1"]) == (1.0, 1.0, 1.0)
    assert (rows["COERCE precision"], rows["COERCE recall"], rows["COERCE f1"]) == (0.0, 0.0, 0.0)


# (article body, gold clas_hum, cronica's answer). The new square is labelled a conflict on purpose.
ACEP = [
    (
        "Los trabajadores municipales realizaron un paro de 24 horas en reclamo de aumentos salariales.",
        1,
        True,
    ),
    ("Cientos de vecinos marcharon frente al municipio para exigir seguridad.", 1, True),
    ("El concejo aprobó el presupuesto por unanimidad.", 0, False),
    ("El intendente inauguró una nueva plaza en el barrio del puerto.", 1, False),
]


def test_acep_scores(tmp_path: Path) -> None:
    with (tmp_path / "lc_dev.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["titulo", "bajada", "nota", "clas_hum"])
        writer.writeheader()
        for body, gold, _ in ACEP:
            writer.writerow({"titulo": "", "bajada": "", "nota": body, "clas_hum": gold})
    assert [acep.predict(text) for text, _ in acep.load(tmp_path)] == [answer for _, _, answer in ACEP]
    result = evaluate("acep-lc720", tmp_path)
    rows = dict(result.rows)
    assert result.n == 4
    # tp 2, fp 0, fn 1
    assert rows["protest or labour conflict precision"] == 1.0
    assert rows["protest or labour conflict recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["protest or labour conflict f1"] == pytest.approx(0.8, abs=1e-4)


def test_missing_and_wrong_corpus(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no such file"):
        evaluate("lgl", tmp_path / "nothing")
    with pytest.raises(EvalError, match=r"expected lgl\.xml"):
        evaluate("lgl", tmp_path)
    with pytest.raises(EvalError, match="unknown dataset"):
        evaluate("no-such-corpus", tmp_path)
