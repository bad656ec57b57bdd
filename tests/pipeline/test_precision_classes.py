"""Classes of errors seen on real reports, each with our own sentences in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest

from cronica.extract.document import extract_document
from cronica.model import Document, PlaceMention
from cronica.pipeline.places import plausible_places
from cronica.taxonomy import kinds_agree


def _events(text: str, published: str, lang: str) -> list:
    doc = Document("t", text, published=dt.date.fromisoformat(published), lang=lang)
    return extract_document(doc).events


@pytest.mark.parametrize(
    ("text", "published", "lang"),
    [
        (
            "The marches, which started on March 3 in Valparaiso, have forced two ministers out.",
            "2022-03-20",
            "en",
        ),
        ("Demonstrators have blocked roads in Oruro since last Monday, the union said.", "2022-03-20", "en"),
        (
            "Las movilizaciones comenzaron el 3 de marzo en Valparaíso y ya costaron dos ministros.",
            "2022-03-20",
            "es",
        ),
        (
            "Tarija vive bloqueos desde el pasado 3 de marzo, según la federación de transportistas.",
            "2022-03-20",
            "es",
        ),
        # the verb of the onset set off by a comma
        (
            "Oruro ha sido el centro de las marchas mineras desde que empezaron, el pasado 3 de marzo.",
            "2022-03-20",
            "es",
        ),
        ("Oruro has been the heart of the miners' marches since they began, on March 3.", "2022-03-20", "en"),
    ],
)
def test_the_onset_of_a_movement_told_in_passing_is_background(text: str, published: str, lang: str) -> None:
    events = _events(text, published, lang)
    assert events, "the sentence should still be read as a (past) event"
    assert all(e.background for e in events)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On Friday, riot police fired tear gas at students marching in Valparaiso.", "en"),
        (
            "El viernes la policía lanzó gases lacrimógenos contra estudiantes que marchaban en Valparaíso.",
            "es",
        ),
    ],
)
def test_an_incident_dated_by_its_own_day_stays_news(text: str, lang: str) -> None:
    events = _events(text, "2022-03-20", lang)
    assert events and not any(e.background for e in events)


def test_kinds_that_tell_one_incident() -> None:
    protest = ("Protests", "Peaceful protest", "protesters")
    assert kinds_agree(protest, ("Strategic developments", "Arrests", "state_forces"))
    assert kinds_agree(protest, ("Strategic developments", "Looting/property destruction", None))
    assert kinds_agree(protest, ("Violence against civilians", "Attack", "state_forces"))
    assert kinds_agree(("Riots", "Violent demonstration", "rioters"), protest)
    # a curfew is not part of the march it answers; a rebel attack is not a crackdown
    assert not kinds_agree(protest, ("Strategic developments", "Change to group/activity", "state_forces"))
    assert not kinds_agree(protest, ("Battles", "Armed clash", "rebel_groups"))
    assert not kinds_agree(
        ("Strategic developments", "Arrests", None), ("Strategic developments", "Agreement", None)
    )


def _place(name: str, cc: str, feature: str = "city", confidence: float = 0.9) -> PlaceMention:
    return PlaceMention("d", name, 0, len(name), name, cc, None, None, None, None, None, feature, confidence)


def test_places_abroad_need_their_country_named() -> None:
    home = [_place("Cali", "CO"), _place("Popayán", "CO"), _place("Colombia", "CO", "country")]
    lookalikes = [_place("Universidad", "ES"), _place("Luna", "ES"), _place("Metropolitana", "CL", "region")]
    kept = {p.name for p in plausible_places(home + lookalikes)}
    assert kept == {"Cali", "Popayán", "Colombia"}
    # a report that names the neighbouring country keeps its towns
    abroad = [_place("Sacaba", "BO"), _place("Bolivia", "BO", "country")]
    assert {p.name for p in plausible_places(home + abroad)} == {
        "Cali",
        "Popayán",
        "Colombia",
        "Sacaba",
        "Bolivia",
    }


def test_a_doubtful_reading_abroad_does_not_vouch_for_another() -> None:
    """With no country named, two places abroad support each other only when both are sure."""
    home = [_place("Arequipa", "PE"), _place("Cusco", "PE"), _place("Puno", "PE")]
    neighbours = [_place("Arica", "CL", confidence=0.8), _place("Iquique", "CL", confidence=0.7)]
    assert {p.name for p in plausible_places(home + neighbours)} >= {"Arica", "Iquique"}
    lookalikes = [_place("Alameda", "ES", confidence=1.0), _place("Sol", "ES", confidence=0.15)]
    assert {p.name for p in plausible_places(home + lookalikes)} == {"Arequipa", "Cusco", "Puno"}


def test_an_event_with_no_place_of_its_own_gets_its_reports_country() -> None:
    """No resolvable place and no dateline: the country the report names (geo_precision 3)."""
    text = (
        "Residents of Githurai are mourning after three young men were shot dead by police on "
        "Tuesday night during protests against the Kenyan government."
    )
    events = extract_document(Document("d", text, published=dt.date(2024, 6, 26)), lang="en").events
    assert events and all(e.location is not None for e in events)
    assert {(e.location.country_code, e.location.geo_precision) for e in events if e.location} == {("KE", 3)}
