"""Whole-document scoring of IndiaPoliceEvents, Mass Mobilization and ACEP through extract_document,
on tiny corpora we write in each format (documents written by us), with their halves.

Each test first pins what cronica finds in each document, so a change of the extractor shows
which document moved rather than a score drifting.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cronica.cli import cli
from cronica.evaluate import acep, indiapolice, massmob
from cronica.evaluate.indiapolice import GoldSentence, event_labels, locate, sentence_predictions
from cronica.evaluate.runner import EvalError, evaluate
from cronica.evaluate.splits import unit_split
from cronica.evaluate.wholedoc import state_acted
from cronica.extract.document import extract_document
from cronica.model import Actor, Document, Event, Evidence

# Lower-case articles in the corpus' style; each sentence with its gold labels.
IPE_DOCS: dict[int, list[tuple[str, list[str]]]] = {
    1: [  # dev
        (
            "surat: police opened fire on a mob that was setting shops ablaze in the old city on "
            "monday, killing two men.",
            ["KILL", "FORCE"],
        ),
        ("the shops belonged to traders from the market.", []),
        ("officers arrested 12 people later that night.", ["ARREST"]),
    ],
    2: [  # heldout
        ("rajkot: the district collector met traders on tuesday to discuss market fees.", []),
        ("the meeting ended without a decision.", []),
    ],
    3: [  # dev
        ("pune: police lathi-charged students protesting outside the university on friday.", ["FORCE"]),
        ("three students were detained.", ["ARREST"]),
    ],
}


def _write_ipe(folder: Path) -> None:
    with (
        (folder / "docs.jsonl").open("w", encoding="utf-8") as docs,
        (folder / "sents.jsonl").open("w", encoding="utf-8") as sents,
        (folder / "metadata.jsonl").open("w", encoding="utf-8") as meta,
    ):
        for doc_id, sentences in IPE_DOCS.items():
            text = " ".join(s for s, _ in sentences)
            docs.write(json.dumps({"doc_id": doc_id, "doc_text": text, "doc_labels": []}) + "\n")
            meta.write(json.dumps({"doc_id": doc_id, "date": "2002-03-05"}) + "\n")
            for i, (s, labels) in enumerate(sentences):
                sents.write(
                    json.dumps({"doc_id": doc_id, "sent_id": i, "sent_text": s, "sent_labels": labels}) + "\n"
                )


def test_the_halves_of_the_documents_we_wrote() -> None:
    assert [unit_split("indiapoliceevents", d) for d in IPE_DOCS] == ["dev", "heldout", "dev"]


def test_sentences_are_found_in_their_article_whitespace_and_all() -> None:
    text = "one two.  three\nfour five. six."
    assert locate(text, ["one two.", "three four five.", "six.", "absent."]) == [
        (0, 8),
        (10, 26),
        (27, 31),
        (-1, -1),
    ]


def test_indiapolice_on_whole_documents(tmp_path: Path) -> None:
    _write_ipe(tmp_path)
    articles = indiapolice.load_articles(tmp_path, "dev")
    assert [a.doc_id for a in articles] == [1, 3]
    # what cronica finds: a mob fired upon (police second, live fire, two dead, 12 arrested) and a
    # protest met with force and detentions
    found = {
        a.doc_id: [
            (e.sub_event_type, e.actor2.type if e.actor2 else None, e.fatalities, e.arrests)
            for e in extract_document(Document(str(a.doc_id), a.text, lang="en"), "en").events
        ]
        for a in articles
    }
    assert found == {
        1: [("Mob violence", "state_forces", 2, 12)],
        3: [("Protest with intervention", "state_forces", None, 3)],
    }
    res = indiapolice.evaluate(tmp_path, split="dev")
    assert (res["n_documents"], res["n_sentences"], res["n_unlocated"]) == (2, 5, 0)
    # each event's evidence is its trigger's sentence and its figures' (the middle sentence of
    # article 1 tells nothing): every label of an event goes to each of its evidence sentences,
    # so the firing sentence is also an ARREST and the arrest sentence a KILL and a FORCE
    assert (res["KILL"]["tp"], res["KILL"]["fp"], res["KILL"]["fn"]) == (1, 1, 0)
    assert (res["ARREST"]["tp"], res["ARREST"]["fp"], res["ARREST"]["fn"]) == (2, 2, 0)
    assert (res["FORCE"]["tp"], res["FORCE"]["fp"], res["FORCE"]["fn"]) == (2, 2, 0)
    assert res["evidence"]["max_sentences"] == 2
    assert indiapolice.evaluate(tmp_path, split="heldout")["KILL"]["fp"] == 0


def _event(sub: str, a1: str | None, a2: str | None, **kw: object) -> Event:
    actor = {None: None} | {t: Actor(t, t) for t in ("state_forces", "protesters", "rioters")}
    evidence = [Evidence("d", 0, 10, "x" * 10)]
    return Event(
        event_id="e",
        event_date=None,
        date_end=None,
        date_precision="day",
        event_type="Protests",
        sub_event_type=sub,
        plover=None,
        actor1=actor[a1],
        actor2=actor[a2],
        location=None,
        evidence=evidence,
        **kw,  # type: ignore[arg-type]
    )


def test_event_labels_follow_the_roles_acled_gives() -> None:
    force = _event("Excessive force against protesters", "state_forces", "protesters", fatalities=3)
    assert event_labels(force) == {"KILL", "FORCE"}
    # the same event with the actors the other way round is a role error: nothing strict
    swapped = _event("Excessive force against protesters", "protesters", "state_forces", fatalities=3)
    assert event_labels(swapped) == frozenset() and event_labels(swapped, any_role=True) == {"KILL", "FORCE"}
    # police second in a riot: force only when the record tells it, deaths only by gunfire
    riot = _event("Mob violence", "rioters", "state_forces", fatalities=4)
    assert event_labels(riot) == frozenset()
    shot = _event("Mob violence", "rioters", "state_forces", fatalities=4, tags=["live_ammunition"])
    assert event_labels(shot) == {"KILL", "FORCE"}
    arrests = _event("Arrests", "state_forces", None, arrests=5)
    assert event_labels(arrests) == {"ARREST"} and state_acted(arrests)
    assert not state_acted(_event("Peaceful protest", "protesters", "state_forces"))


def test_a_label_goes_to_every_sentence_the_evidence_overlaps() -> None:
    event = _event("Arrests", "state_forces", None, arrests=2)
    sentences = [
        GoldSentence(0, 0, 5, frozenset()),
        GoldSentence(1, 5, 12, frozenset()),
        GoldSentence(2, -1, -1, frozenset()),
    ]
    assert sentence_predictions(sentences, [event]) == [{"ARREST"}, {"ARREST"}, frozenset()]


MM_ROWS = [
    ("3", "students marched to the ministry demanding lower fees. police used tear gas to disperse them "
     "and arrested 30 students.", {"crowd dispersal", "arrests"}),
    ("4", "farmers protested outside parliament against crop prices.", {"ignore"}),
    ("6", "protesters rallied in the capital. security forces opened fire, killing three protesters.",
     {"killings", "shootings"}),
    ("1", "workers marched to the port; police arrested their leader.", {"arrests"}),  # heldout
]  # fmt: skip


def _write_mm(folder: Path) -> None:
    fields = ["id", "protest", "startyear", "startmonth", "startday", "notes"]
    fields += [f"stateresponse{i}" for i in range(1, 8)]
    with (folder / "mm_dev.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for key, notes, responses in MM_ROWS * 2:  # each protest listed twice is scored once
            row = {
                "id": key,
                "protest": "1",
                "startyear": "2010",
                "startmonth": "5",
                "startday": "1",
                "notes": notes,
            }
            row.update({f"stateresponse{i}": r for i, r in enumerate(sorted(responses), start=1)})
            w.writerow(row)


def test_mass_mobilization_responses_from_whole_notes(tmp_path: Path) -> None:
    _write_mm(tmp_path)
    protests = massmob.load_protests(tmp_path, "dev")
    assert [p.id for p in protests] == ["3", "4", "6"]
    assert [massmob.predict(p)[0] for p in protests] == [
        {"crowd dispersal", "arrests"},
        {"ignore"},
        {"killings", "shootings", "crowd dispersal"},
    ]
    res = massmob.evaluate(tmp_path, split="dev")
    assert res["n_notes"] == 3
    assert res["killings"]["f1"] == res["shootings"]["f1"] == res["arrests"]["f1"] == 1.0
    # crowd dispersal: tp 1 (the tear gas), fp 1 (excessive force disperses in our reading)
    assert (res["crowd dispersal"]["tp"], res["crowd dispersal"]["fp"]) == (1, 1)
    assert massmob.evaluate(tmp_path, split="heldout")["n_notes"] == 1


ACEP_ROWS = [
    ("1", "Paro", "Los trabajadores municipales realizaron un paro de 24 horas en reclamo de aumentos.", 1),
    ("4", "Presupuesto", "El concejo aprobó el presupuesto por unanimidad.", 0),
    ("5", "Marcha", "Cientos de vecinos marcharon frente al municipio para exigir seguridad.", 1),
    ("2", "Plaza", "El intendente inauguró una nueva plaza en el barrio del puerto.", 1),  # heldout, missed
]  # fmt: skip


def _write_acep(folder: Path) -> None:
    with (folder / "lc_dev.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "fecha", "titulo", "bajada", "nota", "clas_hum"])
        w.writeheader()
        for key, title, body, gold in ACEP_ROWS:
            w.writerow(
                {
                    "id": key,
                    "fecha": "2018-05-02",
                    "titulo": title,
                    "bajada": "",
                    "nota": body,
                    "clas_hum": gold,
                }
            )


def test_acep_articles_whole(tmp_path: Path) -> None:
    _write_acep(tmp_path)
    articles = acep.load_articles(tmp_path, "dev")
    assert [a.id for a in articles] == ["1", "4", "5"]
    assert [acep.reports_conflict(acep.extract(a.text, a.published)) for a in articles] == [True, False, True]
    assert acep.evaluate(tmp_path, split="dev")["protest"]["f1"] == 1.0
    held = acep.evaluate(tmp_path, split="heldout")["protest"]
    assert (held["tp"], held["fn"]) == (0, 1)


def test_split_through_the_runner_and_the_command_line(tmp_path: Path) -> None:
    _write_acep(tmp_path)
    result = evaluate("acep-lc720", tmp_path, split="dev")
    assert result.n == 3 and dict(result.rows)["split"] == "dev"
    assert evaluate("acep-lc720", tmp_path).n == 4  # without --split: every article
    with pytest.raises(EvalError, match="--split goes with"):
        evaluate("lgl", tmp_path, split="dev")
    with pytest.raises(EvalError, match="unknown split"):
        evaluate("acep-lc720", tmp_path, split="test")
    out = CliRunner().invoke(cli, ["eval", "acep-lc720", "--path", str(tmp_path), "--split", "heldout"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "acep-lc720: 1 items"
    bad = CliRunner().invoke(cli, ["eval", "lgl", "--path", str(tmp_path), "--split", "dev"])
    assert bad.exit_code == 2 and "--split goes with" in bad.output
