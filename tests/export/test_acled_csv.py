"""The ACLED CSV export: ACLED's columns and codes, normalised actors; the JSON export keeps the words."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest
from export_sample import bare_event, full_event, sample_events, undated_event

from cronica.export.acled import ACLED_COLUMNS, acled_row, interaction
from cronica.export.formats import write_events
from cronica.model import Actor, Event, Place


def _rows(events: list[Event]) -> list[dict[str, str]]:
    buf = io.BytesIO()
    write_events(events, "acled-csv", buf)
    return list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))


def test_a_full_row_under_acled_conventions() -> None:
    (row,) = [r for r in _rows(sample_events()) if r["event_id_cnty"] == "evt-full"]
    assert list(row) == ACLED_COLUMNS
    assert (row["actor1"], row["inter1"]) == ("Police Forces of Peru (2022-2025)", "1")
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Protesters (Peru)", "6", "16")
    assert row["civilian_targeting"] == "Civilian targeting"  # excessive force against protesters
    assert (row["region"], row["iso"], row["country"]) == ("South America", "604", "Peru")
    # an agency-credited report and a Peruvian outlet
    assert row["source_scale"] == "National-International"
    assert (row["fatalities"], row["time_precision"], row["year"]) == ("17", "1", "2023")


def test_rows_without_actors_place_or_date() -> None:
    rows = {r["event_id_cnty"]: r for r in _rows(sample_events())}
    assert "evt-bare" not in rows  # background events are not ACLED events
    undated = rows["evt-undated"]
    assert (undated["actor1"], undated["inter1"], undated["actor2"], undated["interaction"]) == (
        "Rioters (Peru)",
        "5",
        "",
        "50",
    )
    assert (undated["event_date"], undated["year"], undated["latitude"], undated["source_scale"]) == (
        "",
        "",
        "",
        "",
    )
    bare = acled_row(bare_event())
    assert (bare["actor1"], bare["inter1"], bare["interaction"], bare["region"]) == ("", "", "", "")


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [(1, 6, 16), (6, 1, 16), (7, None, 70), (None, 5, 50), (None, None, None), (8, 8, 88)],
)
def test_interaction_puts_the_lower_code_first(
    inter1: int | None, inter2: int | None, code: int | None
) -> None:
    assert interaction(inter1, inter2) == code


def test_civilian_targeting() -> None:
    attack = dataclasses.replace(
        undated_event(),
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1=Actor("hombres armados", "political_militias"),
        actor2=Actor("comerciantes", "civilians"),
    )
    row = acled_row(attack)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["actor1"], row["actor2"], row["interaction"]) == (
        "Unidentified Armed Group (Peru)",
        "Civilians (Peru)",
        37,
    )
    mob = dataclasses.replace(
        attack, event_type="Riots", sub_event_type="Mob violence", actor1=Actor("a mob", "rioters")
    )
    assert acled_row(mob)["civilian_targeting"] == "Civilian targeting"
    arrest = dataclasses.replace(
        attack,
        event_type="Strategic developments",
        sub_event_type="Arrests",
        actor1=Actor("police", "state_forces"),
    )
    assert acled_row(arrest)["civilian_targeting"] == ""  # detaining people is not targeting them
    march = dataclasses.replace(undated_event(), event_type="Protests", sub_event_type="Peaceful protest")
    assert acled_row(march)["civilian_targeting"] == ""


def test_a_country_outside_the_table_uses_the_place_name() -> None:
    event = dataclasses.replace(
        full_event(),
        event_date=dt.date(2024, 3, 2),
        location=Place("Lomé", "Togo", "TG", "Maritime", None, 6.13, 1.22, None, 1),
    )
    row = acled_row(event)
    assert (row["actor1"], row["actor2"], row["region"]) == (
        "Police Forces of Togo",
        "Protesters (Togo)",
        "Western Africa",
    )


def test_the_json_export_keeps_the_words_beside_the_acled_names() -> None:
    buf = io.BytesIO()
    write_events([full_event()], "jsonl", buf)
    record = json.loads(buf.getvalue().decode("utf-8"))
    assert record["actor1"] == {"name": "riot police", "type": "state_forces"}  # the record is unchanged
    assert record["acled"]["actor1"] == {
        "name": "Police Forces of Peru (2022-2025)",
        "raw": "riot police",
        "type": "state_forces",
        "inter": 1,
        "associates": [],
    }
    assert record["acled"]["actor2"]["raw"] == "demonstrators"
    assert record["acled"]["actor2"]["name"] == "Protesters (Peru)"
    assert (record["acled"]["interaction"], record["acled"]["civilian_targeting"]) == (16, True)
    assert Event.from_dict(record) == full_event()  # readers of the record ignore the extra key
