"""Schema of cronica/data/taxonomy.yaml and the lookups of cronica.taxonomy built on it."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import cronica
from cronica import taxonomy as tx
from cronica.export.formats import acled_row, plover_record
from cronica.model import DEMONSTRATION_SEVERITY, EVENT_FAMILY, Actor, Event

# ACLED's event and sub-event types as the coding guide (TAXONOMY.md) spells them, with the
# case2021-task2 code of each sub-type.
GUIDE: dict[str, dict[str, str]] = {
    "Protests": {
        "Peaceful protest": "PEACE_PROTEST",
        "Protest with intervention": "PROTEST_WITH_INTER",
        "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    },
    "Riots": {"Violent demonstration": "VIOL_DEMONSTR", "Mob violence": "MOB_VIOL"},
    "Violence against civilians": {
        "Attack": "ATTACK",
        "Abduction/forced disappearance": "ABDUCT_DISSAP",
        "Sexual violence": "SEX_VIOL",
    },
    "Battles": {
        "Armed clash": "ARMED_CLASH",
        "Government regains territory": "GOV_REGAINS_TERIT",
        "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    },
    "Explosions/Remote violence": {
        "Air/drone strike": "AIR_STRIKE",
        "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
        "Remote explosive/landmine/IED": "REM_EXPLOS",
        "Grenade": "GRENADE",
        "Suicide bomb": "SUIC_BOMB",
        "Chemical weapon": "CHEM_WEAP",
    },
    "Strategic developments": {
        "Arrests": "ARREST",
        "Looting/property destruction": "PROPERTY_DISTRUCT",
        "Agreement": "AGREEMENT",
        "Change to group/activity": "CHANGE_TO_GROUP_ACT",
        "Disrupted weapons use": "DISR_WEAP",
        "Headquarters or base established": "HQ_ESTABLISHED",
        "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
        "Other": "OTHER",
    },
}
# ACLED's actor types in the order of their inter codes 1-8.
ACTOR_TYPES = [
    "state_forces", "rebel_groups", "political_militias", "identity_militias",
    "rioters", "protesters", "civilians", "external_other",
]  # fmt: skip


def _raw() -> dict[str, Any]:
    text = resources.files("cronica").joinpath("data", "taxonomy.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_six_types_and_25_sub_types_spelled_as_acled() -> None:
    assert tx.event_type_names() == tuple(GUIDE)
    scheme = tx.taxonomy()
    assert {t.name: {s.name: s.code for s in t.sub_event_types} for t in scheme.event_types} == GUIDE
    assert len(tx.sub_event_type_names()) == 25 == len(set(tx.codes()))


def test_every_sub_type_has_a_plover_entry_or_null() -> None:
    raw = _raw()
    categories = set(raw["plover_categories"])
    for type_name, entry in raw["event_types"].items():
        assert set(entry) == {"disorder_type", "family", "sub_event_types"}, type_name
        for sub_name, sub in entry["sub_event_types"].items():
            assert "plover" in sub, f"{sub_name}: write plover: null where none maps"
            assert sub["plover"] is None or sub["plover"] in categories, sub_name
            assert set(sub) <= {"code", "plover", "plover_mode", "severity", "part_of_demonstration"}, (
                sub_name
            )


def test_actor_types_with_inter_codes() -> None:
    assert tx.actor_type_names() == tuple(ACTOR_TYPES)
    assert tx.inter_codes() == {name: i for i, name in enumerate(ACTOR_TYPES, start=1)}
    assert tx.armed_actor_types() == {
        "state_forces",
        "rebel_groups",
        "political_militias",
        "identity_militias",
    }


def test_families_and_severity() -> None:
    assert set(tx.event_families().values()) == {"demonstration", "violence", "strategic"}
    assert tx.event_families()["Riots"] == tx.event_families()["Protests"] == "demonstration"
    severity = tx.demonstration_severity()
    assert all(EVENT_FAMILY[tx.sub_event(s).event_type] == "demonstration" for s in severity)
    assert (
        severity["Peaceful protest"]
        < severity["Protest with intervention"]
        < severity["Excessive force against protesters"]
    )


def test_lookups_by_name_and_code() -> None:
    kind = tx.sub_event_of_code("FORCE_AGAINST_PROTEST")
    assert (kind.event_type, kind.name, kind.plover) == (
        "Protests",
        "Excessive force against protesters",
        "PROTEST",
    )
    assert tx.code_of("Remote explosive/landmine/IED") == "REM_EXPLOS"
    assert tx.sub_event("Other").plover is None
    with pytest.raises(tx.TaxonomyError, match="not an ACLED sub-event type"):
        tx.sub_event("Riot")
    with pytest.raises(tx.TaxonomyError, match="not a sub-event code"):
        tx.sub_event_of_code("RIOT")


def test_model_constants_read_the_taxonomy() -> None:
    assert dict(EVENT_FAMILY) == tx.event_families()
    assert dict(DEMONSTRATION_SEVERITY) == tx.demonstration_severity()
    assert EVENT_FAMILY.get("Not a type", "fallback") == "fallback"
    assert len(EVENT_FAMILY) == 6 and "Battles" in EVENT_FAMILY


def _broken(**changes: Any) -> dict[str, Any]:
    data = _raw()
    protests = data["event_types"]["Protests"]["sub_event_types"]
    protests["Peaceful protest"] = {**protests["Peaceful protest"], **changes}
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_broken(plover="MARCH"), "not a PLOVER category"),
        (_broken(code="PROTEST_WITH_INTER"), "code is given twice"),
        (_broken(severity="high"), "severity must be an integer"),
        ({**_raw(), "actor_types": {"rioters": {"inter": 5}}}, "needs 'armed'"),
        (["not", "a", "mapping"], "mapping at the top level"),
    ],
)
def test_malformed_taxonomy_is_refused(data: Any, message: str) -> None:
    with pytest.raises(tx.TaxonomyError, match=message):
        tx.parse(data)


def test_importing_the_pipeline_reads_no_taxonomy_or_lexicon() -> None:
    code = (
        "import cronica.model, cronica.api.params, cronica.export.formats, cronica.extract.events, "
        "cronica.evaluate.case2021, cronica.evaluate.police\n"
        "from cronica.taxonomy import taxonomy\n"
        "from cronica.lexicon import load_lexicon\n"
        "print(taxonomy.cache_info().currsize, load_lexicon.cache_info().currsize)\n"
    )
    tree = str(Path(cronica.__file__).resolve().parents[1])  # this checkout, not an installed copy
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (tree, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["0", "0"]


def _event(event_type: str, sub_event_type: str, actor1: Actor | None, actor2: Actor | None) -> Event:
    kind = tx.sub_event(sub_event_type)
    return Event(
        event_id="evt_1",
        event_date=None,
        date_end=None,
        date_precision="day",
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover=kind.plover,
        actor1=actor1,
        actor2=actor2,
        location=None,
    )


def test_exports_take_codes_and_modes_from_the_taxonomy() -> None:
    force = _event(
        "Protests",
        "Excessive force against protesters",
        Actor("Police", "state_forces"),
        Actor("Crowd", "protesters"),
    )
    row = acled_row(force)
    assert (row["disorder_type"], row["inter1"], row["inter2"], row["interaction"]) == (
        "Demonstrations",
        1,
        6,
        16,
    )
    assert plover_record(force)["mode"] == "firearms"
    battle = _event("Battles", "Armed clash", Actor("Army", "state_forces"), None)
    assert (acled_row(battle)["disorder_type"], acled_row(battle)["interaction"]) == (
        "Political violence",
        10,
    )
    assert plover_record(_event("Battles", "Grenade", None, None))["mode"] is None


def test_only_strategic_sub_types_are_part_of_a_demonstration() -> None:
    from cronica.taxonomy import event_families, taxonomy

    part = {s.name for s in taxonomy().sub_event_types if s.part_of_demonstration}
    assert part == {"Arrests", "Looting/property destruction"}
    families = event_families()
    assert all(
        families[taxonomy_sub.event_type] == "strategic"
        for taxonomy_sub in taxonomy().sub_event_types
        if taxonomy_sub.part_of_demonstration
    )
