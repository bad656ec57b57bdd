"""ACLED's actor names from the curated table: state forces by country and period, generic forms,
named groups; English and Spanish words."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from cronica.export.actors import (
    EventContext,
    actor_table,
    normalise_actor,
    normalise_actors,
    period_label,
)
from cronica.model import Actor

PERU_2023 = EventContext("PE", "Peru", dt.date(2023, 1, 9))


def _name(raw: str, kind: str, ctx: EventContext = PERU_2023) -> str:
    return normalise_actor(Actor(raw, kind), ctx, actor_table()).name


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2023, 1, 9), "2022-2025"),  # Boluarte, whose government ended in October 2025
        (dt.date(2022, 12, 7), "2022-2025"),  # the day she took office
        (dt.date(2022, 12, 6), "2021-2022"),  # Castillo's last day
        (dt.date(2020, 11, 12), "2020-2020"),  # Merino's five days
        (dt.date(2026, 9, 1), "2026-"),  # the government in power
        (dt.date(2005, 1, 1), ""),  # before the first government listed
        (None, ""),
    ],
)
def test_period_of_the_government_in_power(day: dt.date | None, label: str) -> None:
    assert period_label(actor_table().countries["PE"], day) == label


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("riot police", "state_forces", "Police Forces of Peru (2022-2025)"),
        ("la Policía Nacional del Perú", "state_forces", "Police Forces of Peru (2022-2025)"),
        ("security forces", "state_forces", "Police Forces of Peru (2022-2025)"),
        ("fuerzas del orden", "state_forces", "Police Forces of Peru (2022-2025)"),
        ("soldiers", "state_forces", "Military Forces of Peru (2022-2025)"),
        ("el Ejército", "state_forces", "Military Forces of Peru (2022-2025)"),
        ("the government", "state_forces", "Government of Peru (2022-2025)"),
        ("demonstrators", "protesters", "Protesters (Peru)"),
        ("Manifestantes", "protesters", "Protesters (Peru)"),
        ("rioters", "rioters", "Rioters (Peru)"),
        ("pobladores enardecidos", "rioters", "Rioters (Peru)"),
        ("civilians", "civilians", "Civilians (Peru)"),
        ("transeúntes", "civilians", "Civilians (Peru)"),
        ("gunmen", "rebel_groups", "Unidentified Armed Group (Peru)"),
        ("encapuchados armados", "political_militias", "Unidentified Armed Group (Peru)"),
        ("Sendero Luminoso", "rebel_groups", "Shining Path"),
        ("ronderos", "identity_militias", "Rondas Campesinas"),
        ("vigilantes", "identity_militias", "Communal Militia (Peru)"),
        ("a mining company", "external_other", "a mining company"),  # no generic form: the words stay
    ],
)
def test_actor_names_in_english_and_spanish(raw: str, kind: str, expected: str) -> None:
    assert _name(raw, kind) == expected


def test_periods_follow_the_country_and_the_date() -> None:
    bolivia = EventContext("BO", "Bolivia", dt.date(2019, 11, 15))
    assert _name("militares", "state_forces", bolivia) == "Military Forces of Bolivia (2019-2020)"
    ecuador = EventContext("EC", "Ecuador", dt.date(2019, 10, 13))
    assert _name("el Gobierno", "state_forces", ecuador) == "Government of Ecuador (2017-2021)"
    undated = EventContext("PE", "Peru", None)
    assert _name("police", "state_forces", undated) == "Police Forces of Peru"


def test_countries_outside_the_table_and_events_without_a_country() -> None:
    togo = EventContext("TG", "Togo", dt.date(2024, 5, 1))
    assert _name("police", "state_forces", togo) == "Police Forces of Togo"
    assert _name("protesters", "protesters", togo) == "Protesters (Togo)"
    nowhere = EventContext(None, None, dt.date(2024, 5, 1))
    assert _name("police", "state_forces", nowhere) == "police"


def test_named_groups_join_the_protesters_and_keep_the_words() -> None:
    ctx = EventContext(
        "PE", "Peru", dt.date(2023, 1, 19), "La CGTP y el SUTEP marcharon en Lima; la policía lanzó gases."
    )
    police, marchers = normalise_actors(
        Actor("la policía", "state_forces"), Actor("marchantes", "protesters"), ctx, actor_table()
    )
    assert marchers is not None and police is not None
    assert marchers.name == "Protesters (Peru)" and marchers.raw == "marchantes" and marchers.inter == 6
    assert marchers.associates == (
        "CGTP: General Confederation of Workers of Peru",
        "SUTEP: Unitary Union of Education Workers of Peru",
    )
    assert police.associates == () and police.inter == 1  # a union never joins the police


def test_a_group_named_in_the_actor_words() -> None:
    ctx = EventContext("EC", "Ecuador", dt.date(2022, 6, 21))
    side = normalise_actor(Actor("la CONAIE", "protesters"), ctx, actor_table())
    assert side.name == "Protesters (Ecuador)"
    assert side.associates == ("CONAIE: Confederation of Indigenous Nationalities of Ecuador",)


def test_an_armed_group_named_in_the_sentence_becomes_the_actor() -> None:
    ctx = EventContext("CO", "Colombia", dt.date(2021, 6, 1), "Guerrilleros del ELN atacaron una patrulla.")
    assert _name("guerrilleros", "rebel_groups", ctx) == "ELN: National Liberation Army"
    assert _name("soldados", "state_forces", ctx) == "Military Forces of Colombia (2018-2022)"


def test_a_group_of_one_country_is_not_found_in_another() -> None:
    chile = EventContext("CL", "Chile", dt.date(2019, 10, 20), "La CGTP convocó a marchar.")
    _, side = normalise_actors(
        Actor("police", "state_forces"), Actor("marchers", "protesters"), chile, actor_table()
    )
    assert side is not None and side.associates == ()


def _gold_rows() -> list[dict[str, object]]:
    root = Path(os.environ.get("SHARED_DATA", "/work/shared/data"))
    rows = []
    for name in ("factnews-latam", "factnews-world"):
        path = root / name / "gold.jsonl"
        if path.exists():
            rows.extend(json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip())
    return rows


GOLD_FORMS = [
    (re.compile(r"Police Forces of (.+)"), "police", "state_forces"),
    (re.compile(r"Military Forces of (.+)"), "soldiers", "state_forces"),
    (re.compile(r"Government of (.+) \(\d{4}-\d{4}\)"), "government", "state_forces"),
    (re.compile(r"Protesters \((.+)\)"), "protesters", "protesters"),
    (re.compile(r"Rioters \((.+)\)"), "rioters", "rioters"),
    (re.compile(r"Civilians \((.+)\)"), "civilians", "civilians"),
    (re.compile(r"Unidentified Armed Group \((.+)\)"), "gunmen", "political_militias"),
]


def test_names_agree_with_the_factnews_gold_codings() -> None:
    """Every generic ACLED name in the factnews gold sets comes out of the table (the gold writes
    state forces without their years, so those are compared without them)."""
    rows = _gold_rows()
    if not rows:
        pytest.skip("the factnews gold sets are not available (SHARED_DATA)")
    checked = 0
    for row in rows:
        code, day = str(row["country"]), dt.date.fromisoformat(str(row["date"]))
        for gold in (row["actor1"], row["actor2"]):
            for pattern, raw, kind in GOLD_FORMS:
                if isinstance(gold, str) and pattern.fullmatch(gold):
                    ours = _name(raw, kind, EventContext(code, None, day))
                    if not re.search(r"\(\d{4}-\d{4}\)$", gold):
                        ours = re.sub(r" \(\d{4}-\d{0,4}\)$", "", ours)
                    assert ours == gold, (row["incident"], gold)
                    checked += 1
                    break
    assert checked > 100
