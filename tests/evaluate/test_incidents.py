"""`cronica eval incidents`: matching rules, each measure on hand-made cases, the split, the CLI.

The fixture folder ``fixtures/incidents-mini`` holds five short reports written for these tests
(English and Spanish), three gold incidents and one stated total. Most tests score hand-built
events against that gold, so every expected number below is worked out by hand; the CLI tests
run the real pipeline on the folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cronica.cli import cli
from cronica.evaluate.incidents import (
    GoldFolder,
    GoldIncident,
    candidate,
    fold,
    gold_actor_types,
    load_folder,
    pair,
    score,
)
from cronica.evaluate.runner import EvalError
from cronica.evaluate.splits import committed_splits, is_dev_key, report_splits, split_set
from cronica.model import Actor, Event, Evidence, Place, Quote, Tally

MINI = Path(__file__).parent / "fixtures" / "incidents-mini"
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as in tests/conftest.py
ICA, CUSCO, EL_ALTO = 0, 1, 2  # gold.jsonl order


def shared_data() -> Path:
    """The gold corpora: $SHARED_DATA, else ../shared/data, else /work/shared/data (worktrees)."""
    env = os.environ.get("SHARED_DATA")
    if env:
        return Path(env)
    return SHARED_DATA if SHARED_DATA.exists() else Path("/work/shared/data")


@pytest.fixture(scope="module")
def mini() -> GoldFolder:
    return load_folder(MINI)


_ids = iter(range(10_000))


def ev(
    date: str | None,
    place: str,
    country: str,
    admin1: str | None = None,
    sub: str = "Excessive force against protesters",
    killed: int | None = None,
    docs: tuple[str, ...] = ("mini-en-1",),
    actor1: tuple[str, str] | None = None,  # (type, name)
    actor2: tuple[str, str] | None = None,
    date_end: str | None = None,
    background: bool = False,
    event_id: str | None = None,
) -> Event:
    return Event(
        event_id=event_id or f"evt_{next(_ids):04d}",
        event_date=dt.date.fromisoformat(date) if date else None,
        date_end=dt.date.fromisoformat(date_end) if date_end else None,
        date_precision="day",
        event_type="Protests",
        sub_event_type=sub,
        plover=None,
        actor1=Actor(name=actor1[1], type=actor1[0]) if actor1 else None,
        actor2=Actor(name=actor2[1], type=actor2[0]) if actor2 else None,
        location=Place(name=place, country_code=country, admin1=admin1),
        fatalities=killed,
        background=background,
        evidence=[Evidence(doc_id=d, start=0, end=10, text=f"a sentence of {d}") for d in docs],
    )


def tally(kind: str, value: int, doc: str) -> Tally:
    return Tally(kind, value, "exact", "deaths", None, "PE", Quote(doc, 0, 5, "total"))


# -- the folder ----------------------------------------------------------------------------------
def test_fixture_folder_loads(mini: GoldFolder) -> None:
    assert mini.name == "incidents-mini"
    assert mini.report_ids == ["mini-en-1", "mini-es-1", "mini-es-2", "mini-en-2", "mini-es-3"]
    assert [g.incident for g in mini.incidents] == [
        "pe-ica-blockade-2023-05-09",
        "pe-cusco-student-march-2023-05-10",
        "bo-el-alto-arrests-2023-06-02",
    ]
    assert mini.incidents[ICA].reports == ("mini-en-1", "mini-es-1")
    assert [(t.kind, t.value, t.report) for t in mini.tallies] == [("killed", 12, "mini-en-1")]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"gold.jsonl": ""}, "no reports.jsonl"),
        ({"reports.jsonl": '{"id": "a", "text": "x"}\n'}, "no gold.jsonl"),
        (
            {"reports.jsonl": '{"id": "a", "text": "x"}\n', "gold.jsonl": "{oops\n"},
            "gold.jsonl:1: invalid JSON",
        ),
        (
            {"reports.jsonl": '{"id": "a", "text": "x"}\n\n[1]\n', "gold.jsonl": ""},
            "reports.jsonl:3: expected a JSON",
        ),
        (
            {
                "reports.jsonl": '{"id": "a", "text": "x"}\n',
                "gold.jsonl": '{"date": "2023-01-02", "place": "P", "country": "PE", '
                '"sub_event_type": "Arrests", "reports": ["b"]}\n',
            },
            "gold.jsonl:1: report 'b' is not in reports.jsonl",
        ),
        (
            {
                "reports.jsonl": '{"id": "a", "text": "x"}\n',
                "gold.jsonl": '{"date": "2 May", "place": "P", "country": "PE", '
                '"sub_event_type": "Arrests", "reports": ["a"]}\n',
            },
            "'date' is not a date",
        ),
    ],
)
def test_bad_folders_are_named(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(EvalError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_folder(tmp_path)


# -- matching ------------------------------------------------------------------------------------
def test_fold_strips_accents_case_and_hyphens() -> None:
    assert fold("  Región  Metropolitana ") == "region metropolitana"
    assert fold("Ouham-Pendé") == fold("ouham pende")
    assert fold(None) == ""


def test_match_needs_date_country_and_place(mini: GoldFolder) -> None:
    ica = mini.incidents[ICA]  # 2023-05-09, Ica (alt Panamericana Sur), admin1 Ica, PE
    assert candidate(0, ev("2023-05-09", "Ica", "PE"), 0, ica) is not None
    assert candidate(0, ev("2023-05-10", "ICA", "PE"), 0, ica) is not None  # a day off, case folded
    assert candidate(0, ev("2023-05-08", "Ica", "PE"), 0, ica) is not None
    assert candidate(0, ev("2023-05-11", "Ica", "PE"), 0, ica) is None  # two days off
    assert candidate(0, ev(None, "Ica", "PE"), 0, ica) is None  # undated
    assert candidate(0, ev("2023-05-09", "Ica", "BO"), 0, ica) is None  # other country
    assert candidate(0, ev("2023-05-09", "Ica", "PE", background=True), 0, ica) is None
    assert candidate(0, ev("2023-05-09", "Lima", "PE", admin1="Lima"), 0, ica) is None
    by_alt = candidate(0, ev("2023-05-09", "Panamericana Sur", "PE"), 0, ica)
    assert by_alt is not None and by_alt.by_place
    by_admin1 = candidate(0, ev("2023-05-09", "Santiago", "PE", admin1="ÍCA"), 0, ica)
    assert by_admin1 is not None and not by_admin1.by_place


def test_ranges_overlap_when_widened_by_a_day(mini: GoldFolder) -> None:
    ica = mini.incidents[ICA]
    # an event spanning 1-7 May ends two days before the incident: a day short even widened
    assert candidate(0, ev("2023-05-01", "Ica", "PE", date_end="2023-05-07"), 0, ica) is None
    # spanning 1-8 May: widened by a day it reaches 9 May
    c = candidate(0, ev("2023-05-01", "Ica", "PE", date_end="2023-05-08"), 0, ica)
    assert c is not None and c.date_gap == 1
    c = candidate(0, ev("2023-05-01", "Ica", "PE", date_end="2023-05-20"), 0, ica)
    assert c is not None and c.date_gap == 0
    ranged = GoldIncident(**{**ica.__dict__, "date": dt.date(2023, 5, 1), "date_end": dt.date(2023, 5, 6)})
    assert candidate(0, ev("2023-05-07", "Ica", "PE"), 0, ranged) is not None
    assert candidate(0, ev("2023-05-08", "Ica", "PE"), 0, ranged) is None


def test_best_pairs_first(mini: GoldFolder) -> None:
    incidents = mini.incidents
    by_admin1 = ev("2023-05-09", "Pisco", "PE", admin1="Ica", event_id="evt_a")
    by_place_late = ev("2023-05-10", "Ica", "PE", admin1="Ica", event_id="evt_b")
    by_place = ev("2023-05-09", "Ica", "PE", sub="Violent demonstration", event_id="evt_c")
    by_place_same_type = ev("2023-05-09", "Ica", "PE", event_id="evt_d")
    events = [by_admin1, by_place_late, by_place, by_place_same_type]
    paired, cands = pair(events, incidents)
    # place beats admin1, then the nearer date, then the agreeing sub-type: evt_d wins
    assert paired == {3: ICA}
    assert len(cands) == 4
    # without it, the alt sub-type beats the later date
    assert pair(events[:3], incidents)[0] == {2: ICA}
    assert pair(events[:2], incidents)[0] == {1: ICA}
    assert pair(events[:1], incidents)[0] == {0: ICA}


# -- the measures on a hand-made run -------------------------------------------------------------
def test_every_measure_on_a_known_case(mini: GoldFolder) -> None:
    police, protesters = ("state_forces", "police"), ("protesters", "farmers")
    events = [
        # paired with Ica: right type, place, admin1, deaths, actors
        ev("2023-05-09", "Ica", "PE", admin1="Ica", killed=2, actor1=police, actor2=protesters),
        # a second Ica event from the Spanish report: a duplicate
        ev("2023-05-09", "Ica", "PE", admin1="Ica", killed=2, docs=("mini-es-1",), event_id="evt_zz_dup"),
        # paired with Cusco by admin1 only; alt-free sub-type wrong; no toll (gold null): deaths right
        ev(
            "2023-05-10",
            "Wanchaq",
            "PE",
            admin1="Cusco",
            sub="Protest with intervention",
            docs=("mini-es-2",),
            actor1=("protesters", "estudiantes"),
        ),
        # the strike-wide total read as an incident in April: spurious and a total counted as incident
        ev("2023-04-01", "Peru", "PE", sub="Attack", killed=12, actor1=("civilians", "people")),
        # El Alto read as El Alto in the US: wrong country by place and date
        ev("2023-06-02", "El Alto", "US", admin1="Texas", sub="Arrests", docs=("mini-es-3",)),
        # a Bolivian report's event placed in Peru: wrong country, its report's incidents are in BO
        ev("2023-05-20", "Lima", "PE", admin1="Lima", sub="Arrests", docs=("mini-es-3",)),
        # told as history: not scored
        ev("2023-05-09", "Ica", "PE", admin1="Ica", background=True),
        # no place: spurious, counted apart from wrong country
        Event(
            event_id="evt_noplace",
            event_date=dt.date(2023, 5, 12),
            date_end=None,
            date_precision="day",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            plover=None,
            actor1=None,
            actor2=None,
            location=None,
            evidence=[Evidence("mini-en-2", 0, 5, "x")],
        ),
    ]
    stored = [tally("killed", 12, "mini-en-1"), tally("killed", 2, "mini-en-1")]
    s = score(events, stored, mini.incidents, mini.tallies)
    m = {k: (v.num, v.den) for k, v in s.measures.items()}
    assert m["recall"] == (2, 3)  # El Alto missed
    assert m["spurious"] == (4, 7)  # April total, El Alto US, Lima, no place
    assert m["spurious_strategic"] == (2, 7)  # the two arrests
    assert m["duplicate"] == (1, 7)
    assert m["sub_event_type"] == (1, 2) and m["sub_event_type_alt"] == (1, 2)
    assert m["place"] == (1, 2)  # Wanchaq is not Cusco
    assert m["admin1"] == (2, 2)
    assert m["deaths"] == (2, 2)
    assert m["deaths_stated"] == (1, 1)
    assert m["actor1_type"] == (2, 2)
    assert m["actor2_type"] == (2, 2)  # Ica protesters; Cusco gold actor2 null and none given
    assert m["totals_in_ledger_report"] == (1, 1)
    assert m["totals_in_ledger_run"] == (1, 1)
    assert m["totals_as_incidents"] == (1, 7)
    assert m["wrong_country"] == (2, 7)
    assert s.counts["background_events"] == 1 and s.counts["events_without_place"] == 1
    assert [g["incident"] for g in s.misses] == ["bo-el-alto-arrests-2023-06-02"]
    assert [d["event_id"] for d in s.duplicates] == ["evt_zz_dup"]
    assert s.duplicates[0]["incident"] == "pe-ica-blockade-2023-05-09"
    assert s.duplicates[0]["evidence"][0]["text"] == "a sentence of mini-es-1"
    assert {d["place"] for d in s.spurious} == {"Peru", "El Alto", "Lima", None}
    assert s.totals_as_incidents[0]["tallies"][0]["value"] == 12
    whys = sorted(d["why"] for d in s.wrong_country)
    assert whys[0] == "its reports' incidents are in BO"
    assert whys[1].startswith("place and date of bo-el-alto-arrests")
    assert s.totals_missed == []
    # the miss lists what its reports gave
    assert [e["place"] for e in s.misses[0]["events_from_its_reports"]] == ["El Alto", "Lima"]
    # the JSON form carries every list; without text the evidence keeps only offsets
    bare = score(events, stored, mini.incidents, mini.tallies, with_text=False).to_dict()
    assert "text" not in bare["spurious"][0]["evidence"][0]
    assert bare["measures"]["recall"] == {"value": 0.6667, "num": 2, "den": 3}


def test_deaths_rules(mini: GoldFolder) -> None:
    ica, cusco = mini.incidents[ICA], mini.incidents[CUSCO]
    alt = GoldIncident(**{**ica.__dict__, "fatalities": 3, "fatalities_alt": (2,)})
    zero = GoldIncident(**{**cusco.__dict__, "fatalities": 0})

    def deaths(killed: int | None, g: GoldIncident) -> bool:
        e = ev(g.date.isoformat(), g.place, g.country, killed=killed, docs=g.reports)
        return bool(score([e], [], [g], []).pairs[0]["deaths"])

    assert deaths(2, ica) and not deaths(3, ica) and not deaths(None, ica)
    assert deaths(2, alt) and deaths(3, alt) and not deaths(12, alt)
    assert deaths(None, cusco) and deaths(0, cusco) and not deaths(1, cusco)
    assert deaths(0, zero) and not deaths(None, zero)


def test_a_total_equal_to_the_incident_figure_is_not_counted(mini: GoldFolder) -> None:
    # the paired Ica event carries 12; gold says 2 but lists 12 as another credible figure
    ica = GoldIncident(**{**mini.incidents[ICA].__dict__, "fatalities_alt": (12,)})
    e = ev("2023-05-09", "Ica", "PE", killed=12)
    assert score([e], [], [ica], mini.tallies).measures["totals_as_incidents"].num == 0
    assert score([e], [], [mini.incidents[ICA]], mini.tallies).measures["totals_as_incidents"].num == 1
    # the same figure from a report that does not state the total is not a total
    other = ev("2023-05-09", "Ica", "PE", killed=12, docs=("mini-es-1",))
    assert score([other], [], [mini.incidents[ICA]], mini.tallies).measures["totals_as_incidents"].num == 0


def test_totals_in_the_ledger(mini: GoldFolder) -> None:
    def found(*stored: Tally) -> tuple[int, int]:
        m = score([], list(stored), [], mini.tallies).measures
        return m["totals_in_ledger_report"].num, m["totals_in_ledger_run"].num

    assert found(tally("killed", 12, "mini-en-1")) == (1, 1)
    assert found(tally("killed", 12, "mini-es-1")) == (0, 1)  # stated, but by another report
    assert found(tally("injured", 12, "mini-en-1")) == (0, 0)
    assert found(tally("killed", 13, "mini-en-1")) == (0, 0)
    assert found() == (0, 0)


@pytest.mark.parametrize(
    ("name", "types"),
    [
        ("Police Forces of Peru", {"state_forces"}),
        ("Military Forces of El Salvador (1984-1989)", {"state_forces"}),
        ("Government of Ecuador (2017-2021)", {"state_forces"}),
        ("Protesters (Chile)", {"protesters"}),
        ("Rioters (France)", {"rioters"}),
        ("Civilians (Colombia)", {"civilians"}),
        ("Journalists (Peru)", {"civilians"}),
        ("Unidentified Armed Group (Peru)", {"political_militias"}),
        ("Village de Dieu Gang", {"political_militias"}),
        ("FMLN: Farabundo Marti National Liberation Front", {"rebel_groups"}),
        ("Sendero Luminoso", {"rebel_groups"}),
        ("Al Shabaab", {"rebel_groups"}),
        ("Rondas Campesinas", {"identity_militias"}),
        ("CONAIE: Confederation of Indigenous Nationalities of Ecuador", {"protesters", "external_other"}),
        ("Socialist Party of Chile", {"civilians", "protesters", "external_other"}),
        ("Some Foundation", None),
        (None, None),
    ],
)
def test_gold_actor_names_map_to_types(name: str | None, types: set[str] | None) -> None:
    assert gold_actor_types(name) == (frozenset(types) if types is not None else None)


def test_unmapped_gold_actors_are_left_out(mini: GoldFolder) -> None:
    odd = GoldIncident(**{**mini.incidents[ICA].__dict__, "actor1": "Some Foundation"})
    e = ev("2023-05-09", "Ica", "PE", killed=2, actor1=("external_other", "x"), actor2=("civilians", "y"))
    s = score([e], [], [odd], [])
    assert s.measures["actor1_type"].den == 0 and s.counts["actor1_unmapped"] == 1
    assert (s.measures["actor2_type"].num, s.measures["actor2_type"].den) == (0, 1)  # protesters expected


# -- the split -----------------------------------------------------------------------------------
def test_split_of_an_unlisted_folder_follows_the_hash_rule(mini: GoldFolder) -> None:
    assert "incidents-mini" not in committed_splits()
    gold = [{"reports": list(g.reports)} for g in mini.incidents]
    sides = report_splits(mini.name, mini.reports, gold)
    # the two Ica reports go together, decided by the smaller id of the group
    assert sides["mini-en-1"] == sides["mini-es-1"] == ("dev" if is_dev_key("mini-en-1") else "heldout")
    for rid in ("mini-es-2", "mini-en-2", "mini-es-3"):
        assert sides[rid] == ("dev" if is_dev_key(rid) else "heldout")
    assert sides == {
        "mini-en-1": "heldout",
        "mini-es-1": "heldout",
        "mini-es-2": "heldout",
        "mini-en-2": "dev",
        "mini-es-3": "dev",
    }
    dev, held = mini.select("dev"), mini.select("heldout")
    assert dev.report_ids == ["mini-en-2", "mini-es-3"]
    assert [g.incident for g in dev.incidents] == ["bo-el-alto-arrests-2023-06-02"] and dev.tallies == []
    assert [g.incident for g in held.incidents] == [
        "pe-ica-blockade-2023-05-09",
        "pe-cusco-student-march-2023-05-10",
    ]
    assert len(held.tallies) == 1
    assert mini.select("all").report_ids == mini.report_ids
    with pytest.raises(EvalError, match="unknown split"):
        mini.select("test")


def test_listed_folder_uses_the_file_and_unlisted_reports_the_rule() -> None:
    listed = committed_splits()["voa"]
    reports = [{"id": listed["dev_reports"][0]}, {"id": listed["heldout_reports"][0]}, {"id": "new-report"}]
    sides = report_splits("voa", reports, [])
    assert sides[listed["dev_reports"][0]] == "dev"
    assert sides[listed["heldout_reports"][0]] == "heldout"
    assert sides["new-report"] == ("dev" if is_dev_key("new-report") else "heldout")


@pytest.mark.parametrize("name", ["voa", "muc4-tst4", "factnews-latam", "factnews-world"])
def test_committed_file_is_the_rule(name: str) -> None:
    folder = shared_data() / name
    if not (folder / "gold.jsonl").exists():
        pytest.skip(f"{folder} not available")
    reports = [json.loads(x) for x in (folder / "reports.jsonl").open(encoding="utf-8") if x.strip()]
    gold = [json.loads(x) for x in (folder / "gold.jsonl").open(encoding="utf-8") if x.strip()]
    assert split_set(name, reports, gold) == committed_splits()[name]


# -- the command line ----------------------------------------------------------------------------
def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_end_to_end(tmp_path: Path) -> None:
    out_json = tmp_path / "scores.json"
    code, out, err = invoke("-q", "eval", "incidents", "--gold", str(MINI), "--json", str(out_json))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("incidents: incidents-mini (all): 5 reports, 3 incidents, 1 tallies;")
    assert any(line.startswith("recall (incidents found)") and line.rstrip().endswith("/3") for line in lines)
    assert lines[-1] == f"wrote {out_json}"
    data = json.loads(out_json.read_text("utf-8"))
    assert data["set"] == "incidents-mini" and data["split"] == "all" and data["reports"] == 5
    m, c = data["measures"], data["counts"]
    assert m["recall"]["den"] == 3 and m["totals_in_ledger_report"]["den"] == 1
    # every event emitted is paired, spurious or a duplicate
    assert (
        c["paired"] + len(data["spurious"]) + len(data["duplicates"]) == c["events"] == m["spurious"]["den"]
    )
    assert len(data["misses"]) == 3 - c["paired"]
    # the clear-cut reports are found (a smoke test of the whole path, not a target)
    assert m["recall"]["num"] >= 1
    assert all(d["evidence"] and d["evidence"][0]["text"] for d in data["spurious"])


def test_cli_split_and_lists(tmp_path: Path) -> None:
    code, out, _ = invoke("-q", "eval", "incidents", "--gold", str(MINI), "--split", "dev", "-v")
    assert code == 0
    assert out.startswith("incidents: incidents-mini (dev): 2 reports, 1 incidents, 0 tallies;")
    assert "(-v shows them)" not in out


def test_cli_errors(tmp_path: Path) -> None:
    code, _, err = invoke("eval", "incidents", "--gold", str(tmp_path / "none"))
    assert code == 2 and err.strip().count("\n") == 0 and "no such folder" in err
    (tmp_path / "reports.jsonl").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    code, _, err = invoke("eval", "incidents", "--gold", str(tmp_path))
    assert code == 2 and err.strip() == f"cronica: error: {tmp_path}: no gold.jsonl " + (
        "(expected reports.jsonl, gold.jsonl, tallies.jsonl)"
    )
    (tmp_path / "gold.jsonl").write_text("\n{bad\n", encoding="utf-8")
    code, _, err = invoke("eval", "incidents", "--gold", str(tmp_path))
    assert code == 2 and "gold.jsonl:2: invalid JSON" in err and err.strip().count("\n") == 0
    code, _, err = invoke("eval", "incidents")
    assert code == 2 and "Missing option '--gold'" in err
    code, _, err = invoke("eval", "incidents", "--gold", str(MINI), "--split", "test")
    assert code == 2


def test_cli_other_datasets_unchanged(tmp_path: Path) -> None:
    code, _, err = invoke("eval", "lgl")
    assert code == 2 and "Missing option '--path'" in err
    code, _, err = invoke("eval", "lgl", "--path", str(tmp_path), "--split", "dev")
    assert code == 2 and "--split goes with incidents and indiapoliceevents" in err
    code, _, err = invoke("eval", "lgl", "--path", str(tmp_path), "--json", "x.json")
    assert code == 2 and "go with `cronica eval incidents`" in err
    (tmp_path / "PLOVER_GSR_CAMEO.json").write_text(
        '[{"id": "header"}, {"id": "x1", "event": "PROTEST", '
        '"text": "Hundreds of nurses marched outside the ministry to demand overdue wages."}]',
        encoding="utf-8",
    )
    code, out, _ = invoke("eval", "plover-gsr", "--path", str(tmp_path))
    assert code == 0 and out.startswith("plover-gsr: 1 items")


def test_unit_split_is_stable_and_declared() -> None:
    from cronica.evaluate.splits import unit_split

    sides = [unit_split("indiapoliceevents", i) for i in range(400)]
    assert sides == [unit_split("indiapoliceevents", i) for i in range(400)]
    assert 150 < sides.count("dev") < 250  # a fair coin over documents
    with pytest.raises(KeyError):
        unit_split("no-such-corpus", 1)
