"""actor1/actor2 from the dependency parse (issue 12): our own sentences, through ``extract_document``.

Each sentence names the actors in an order where proximity alone picks the wrong actor1 or actor2
(the police after the protesters, the attacker after the victims), in English and Spanish, for the
active, passive, nominal and prepositional forms, adverbial participles and coordination.
"""

from __future__ import annotations

import pytest

from cronica.extract.actors import find_actors
from cronica.extract.document import extract_document
from cronica.extract.roles import find_roles
from cronica.model import Document
from cronica.nlp.pipelines import get_nlp

FORCE = "Excessive force against protesters"

# (sentence, lang, sub-event type, actor1 (name, type), actor2 (name, type))
CASES = [
    # active, with an adverbial participle whose subject is the main clause's
    ("Riot police fired on striking miners outside the smelter in Oruro on Tuesday, killing two.", "en",
     FORCE, ("Riot police", "state_forces"), ("striking miners", "protesters")),
    ("La policía disparó contra los mineros que bloqueaban la carretera en Oruro, matando a dos.", "es",
     FORCE, ("policía", "state_forces"), ("mineros", "protesters")),
    # weapons as nouns: "used live ammunition against"
    ("The police used live ammunition against demonstrators in Juliaca, killing at least 18.", "en",
     FORCE, ("police", "state_forces"), ("demonstrators", "protesters")),
    # passive
    ("Two students were shot dead by soldiers during a march in Mandalay on Friday.", "en",
     FORCE, ("soldiers", "state_forces"), ("students", "protesters")),
    ("Dos estudiantes fueron asesinados por militares durante una marcha en Cochabamba el viernes.", "es",
     FORCE, ("militares", "state_forces"), ("estudiantes", "protesters")),
    # nominal and prepositional forms
    ("Police repression of the teachers' march in Cusco left one dead on Monday.", "en",
     FORCE, ("Police", "state_forces"), ("teachers", "protesters")),
    ("Three farmers died in police firing during a protest in Mandsaur.", "en",
     FORCE, ("police", "state_forces"), ("farmers", "protesters")),
    ("Tres comuneros murieron por disparos de la policía durante el paro en Juliaca el lunes.", "es",
     FORCE, ("policía", "state_forces"), ("comuneros", "protesters")),
    ("Cinco manifestantes murieron a manos de los militares en Sacaba el viernes.", "es",
     FORCE, ("militares", "state_forces"), ("manifestantes", "protesters")),
    # a protest met by the police, the company named before the force that intervened
    ("Workers protesting outside the mining company in Arequipa were dispersed by police.", "en",
     "Protest with intervention", ("Workers", "protesters"), ("police", "state_forces")),
    ("Los trabajadores que protestaban frente a la empresa minera en Arequipa fueron dispersados "
     "por la policía con gases lacrimógenos.", "es",
     "Protest with intervention", ("trabajadores", "protesters"), ("policía", "state_forces")),
    # a battle told in the passive: the attacker first
    ("An army patrol was attacked by rebels near Goma on Sunday.", "en",
     "Armed clash", ("rebels", "rebel_groups"), ("army", "state_forces")),
    ("Una patrulla del ejército fue atacada por guerrilleros en el Catatumbo el domingo.", "es",
     "Armed clash", ("guerrilleros", "rebel_groups"), ("ejército", "state_forces")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "sub_type", "actor1", "actor2"), CASES)
def test_roles_through_extract_document(
    text: str, lang: str, sub_type: str, actor1: tuple[str, str], actor2: tuple[str, str]
) -> None:
    events = extract_document(Document("roles", text), lang=lang).events
    assert [e.sub_event_type for e in events] == [sub_type]
    event = events[0]
    assert event.actor1 is not None and event.actor2 is not None
    assert (event.actor1.name, event.actor1.type) == actor1
    assert (event.actor2.name, event.actor2.type) == actor2


# (sentence, lang, predicate, agents, patients) read by find_roles on the parse alone
ROLES = [
    ("Clashes between soldiers and rebels left nine dead.", "en", "Clashes", ["soldiers"], ["rebels"]),
    ("Enfrentamientos entre militares y guerrilleros dejaron cinco muertos.", "es", "Enfrentamientos",
     ["militares"], ["guerrilleros"]),
    ("Soldiers detained and beat the students.", "en", "beat", ["Soldiers"], ["students"]),
    ("Los soldados detuvieron y golpearon a los estudiantes.", "es", "detuvieron", ["soldados"],
     ["estudiantes"]),
    ("Tras la represión policial, los campesinos bloquearon la carretera.", "es", "represión", ["policial"],
     []),
    ("Police violence against the marchers left dozens injured.", "en", "violence", ["Police"], ["marchers"]),
    ("Un joven murió tras recibir un disparo de la policía.", "es", "disparo", ["policía"], ["joven"]),
    ("Protesters and police clashed outside parliament.", "en", "clashed", ["Protesters"], ["police"]),
    ("Los huelguistas se enfrentaron con la policía en el puente.", "es", "enfrentaron", ["huelguistas"],
     ["policía"]),
    ("Demonstrators threw stones at police officers.", "en", "threw", ["Demonstrators"], ["police officers"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "predicate", "agents", "patients"), ROLES)
def test_find_roles(text: str, lang: str, predicate: str, agents: list[str], patients: list[str]) -> None:
    roles = find_roles(get_nlp(lang)(text), find_actors(text, lang), lang)
    found = {text[r.start : r.end]: r for r in roles}
    assert predicate in found, sorted(found)
    role = found[predicate]
    assert [m.name for m in role.agents] == agents
    assert [m.name for m in role.patients] == patients


def test_no_role_keeps_proximity() -> None:
    # one actor named: no parse is needed, the sub-type places it
    doc = Document("roles", "Police detained 20 people in Lima on Monday.")
    events = extract_document(doc, lang="en").events
    found = [(e.sub_event_type, e.actor1.type if e.actor1 else None) for e in events]
    assert found == [("Arrests", "state_forces")]


def test_violent_demonstration_keeps_the_rioters_first() -> None:
    # police firing back at violent protesters leave a violent demonstration (TAXONOMY.md)
    text = "Protesters hurled stones at the police in Nairobi, and the police fired on them, killing one."
    events = extract_document(Document("roles", text), lang="en").events
    assert [e.sub_event_type for e in events] == ["Violent demonstration"]
    assert events[0].actor1 is not None and events[0].actor1.type == "rioters"
    assert events[0].actor2 is not None and events[0].actor2.type == "state_forces"


@pytest.mark.parametrize(
    ("text", "lang", "assoc1"),
    [
        ("Farmers and truckers blocked the highway near Ica on Monday.", "en", "truckers"),
        (
            "Los campesinos junto a los transportistas bloquearon la vía en Ica el lunes.",
            "es",
            "transportistas",
        ),
        # a group named apart from the marchers is not associated with them
        ("Students marched in Lima on Monday; police later detained teachers.", "en", ""),
    ],
)
def test_associated_actors_in_the_acled_export(text: str, lang: str, assoc1: str) -> None:
    from cronica.export.formats import acled_row

    events = extract_document(Document("roles", text), lang=lang).events
    assert events
    row = acled_row(events[0])
    assert row["assoc_actor_1"] == assoc1
    # the JSON record is unchanged: associated actors live in the ACLED columns only
    assert not any(key.startswith("assoc") for key in events[0].to_dict())
