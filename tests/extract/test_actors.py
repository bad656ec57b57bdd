"""Actor mentions and ACLED actor types, English and Spanish (sentences written by us)."""

from __future__ import annotations

import pytest

from cronica.extract.actors import find_actors
from cronica.extract.events import detect_events
from cronica.nlp.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "lang", "name", "kind"),
    [
        ("The police arrived at noon.", "en", "police", "state_forces"),
        ("Soldiers patrolled the square.", "en", "Soldiers", "state_forces"),
        ("La PNP llegó al mediodía.", "es", "PNP", "state_forces"),
        ("Las Fuerzas Armadas patrullaron la plaza.", "es", "Fuerzas Armadas", "state_forces"),
        ("Demonstrators gathered at dawn.", "en", "Demonstrators", "protesters"),
        ("Los manifestantes llegaron al puente.", "es", "manifestantes", "protesters"),
        ("Los comuneros llegaron al puente.", "es", "comuneros", "protesters"),
        ("Strikers stood at the gate.", "en", "Strikers", "protesters"),
        ("Glencore suspended operations.", "en", "Glencore", "external_other"),
        ("MMG suspendió sus operaciones.", "es", "MMG", "external_other"),
        ("Rioters stood at the gate.", "en", "Rioters", "rioters"),
        ("Las rondas campesinas llegaron armadas.", "es", "rondas campesinas", "identity_militias"),
        ("Shining Path guerrillas were seen.", "en", "Shining Path", "rebel_groups"),
    ],
)
def test_actor_types(text: str, lang: str, name: str, kind: str) -> None:
    mentions = find_actors(text, lang)
    assert mentions, text
    first = mentions[0]
    assert first.name == name
    assert first.types[0] == kind
    assert text[first.start : first.end].endswith(name)


def test_longest_match_wins() -> None:
    (m,) = find_actors("Riot police arrived.", "en")
    assert m.name == "Riot police"
    assert m.types == ("state_forces",)


def test_ambiguous_word_keeps_both_types() -> None:
    (m,) = find_actors("Villagers gathered.", "en")
    assert {"protesters", "civilians"} <= set(m.types)


def _event(text: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    (ev,) = detect_events(text, split_sentences(text), lang)
    return ev


def test_protest_actor_order_follows_acled() -> None:
    ev = _event("Police beat striking miners with batons outside the mine.")
    assert ev.sub_event_type == "Protest with intervention"
    assert ev.actor1 is not None and ev.actor1.type == "protesters"
    assert ev.actor2 is not None and ev.actor2.type == "state_forces"


def test_violence_against_civilians_perpetrator_first_even_in_passive() -> None:
    ev = _event("Three civilians were killed by soldiers at a checkpoint.")
    assert ev.sub_event_type == "Attack"
    assert ev.actor1 is not None and ev.actor1.type == "state_forces"
    assert ev.actor2 is not None and ev.actor2.type == "civilians"


def test_unions_march_as_protesters() -> None:
    ev = _event("La CGTP marchó por el centro de Lima.", "es")
    assert ev.actor1 is not None and (ev.actor1.name, ev.actor1.type) == ("CGTP", "protesters")


def test_spanish_violent_demonstration_actors() -> None:
    ev = _event("Los manifestantes atacaron la comisaría y se enfrentaron con la policía.", "es")
    assert ev.sub_event_type == "Violent demonstration"
    assert ev.actor1 is not None and ev.actor1.type == "rioters"
    assert ev.actor2 is not None and ev.actor2.type == "state_forces"


def test_arrest_actors() -> None:
    ev = _event("Police detained two union leaders in Arequipa.")
    assert ev.sub_event_type == "Arrests"
    assert ev.actor1 is not None and ev.actor1.type == "state_forces"
    assert ev.actor2 is not None and ev.actor2.type == "protesters"
