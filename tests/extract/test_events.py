"""Event detection and ACLED typing on sentences we wrote (English and Spanish)."""

from __future__ import annotations

import pytest

from cronica.extract.events import EventCandidate, detect_events
from cronica.nlp.sentences import split_sentences
from cronica.taxonomy import sub_event_of_code


def events(text: str, lang: str = "en") -> list[EventCandidate]:
    return detect_events(text, split_sentences(text), lang)


def subtypes(text: str, lang: str = "en") -> list[str]:
    return [e.sub_event_type for e in events(text, lang)]


def test_glencore_mine_riot() -> None:
    text = "Swiss-based Glencore said it evacuated its mine after demonstrators set fire to two vehicles."
    found = events(text)
    assert len(found) == 1
    ev = found[0]
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")
    assert "mine" in ev.tags
    assert ev.actor1 is not None and ev.actor1.type == "rioters"
    assert ev.actor2 is not None and ev.actor2.name == "Glencore" and ev.actor2.type == "external_other"
    assert (ev.start, ev.end) == (0, len(text))
    assert text[ev.trigger_start : ev.trigger_end] == "set fire"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The mining association denounced vandalism in the region.", "en"),
        ("A march is planned for Thursday in the capital.", "en"),
        ("Convocan a un paro para el lunes en Cusco.", "es"),
        ("No protests were reported in Cusco.", "en"),
        ("No se registraron enfrentamientos en la provincia.", "es"),
        ("The union threatened to block the highway if the company does not pay.", "en"),
        ("A strong earthquake struck the coast on Monday, and two people died.", "en"),
        ("The foreign minister met with the ambassador to discuss sanctions.", "en"),
        ("Two thieves were arrested after a robbery at a jewellery shop.", "en"),
        ("Anyone found on the streets after dark would be arrested, officials said.", "en"),
    ],
)
def test_not_events(text: str, lang: str) -> None:
    assert events(text, lang) == []


def test_peaceful_protest_roadblock() -> None:
    (ev,) = events("Hundreds of farmers blocked the Panamericana highway near Ica on Monday.")
    assert ev.sub_event_type == "Peaceful protest"
    assert ev.plover == "PROTEST"
    assert ev.actor1 is not None and ev.actor1.type == "protesters"
    assert ev.actor2 is None
    assert "roadblock" in ev.tags


def test_protest_with_intervention() -> None:
    (ev,) = events("Police fired tear gas and arrested ten demonstrators to clear the square.")
    assert ev.sub_event_type == "Protest with intervention"
    assert ev.actor1 is not None and ev.actor1.type == "protesters"
    assert ev.actor2 is not None and ev.actor2.type == "state_forces"
    assert {"force", "arrest", "protest"} <= ev.cues
    assert "tear_gas" in ev.tags


def test_excessive_force() -> None:
    (ev,) = events("Soldiers opened fire with live ammunition on demonstrators at the airport, killing six.")
    assert ev.sub_event_type == "Excessive force against protesters"
    assert ev.actor1 is not None and ev.actor1.type == "protesters"
    assert ev.actor2 is not None and ev.actor2.type == "state_forces"
    assert {"kill", "force"} <= ev.cues
    assert "live_ammunition" in ev.tags


def test_excessive_force_spanish() -> None:
    (ev,) = events("La PNP disparó contra los manifestantes en Juliaca y murieron diecisiete personas.", "es")
    assert ev.sub_event_type == "Excessive force against protesters"
    assert ev.actor2 is not None and (ev.actor2.name, ev.actor2.type) == ("PNP", "state_forces")
    assert "kill" in ev.cues


def test_killing_as_grievance_is_not_excessive_force() -> None:
    (ev,) = events("Students marched peacefully to protest over the killing of a teacher.")
    assert ev.sub_event_type == "Peaceful protest"
    assert "kill" not in ev.cues


def test_two_events_in_one_sentence() -> None:
    text = "Protesters blocked the highway while in another town soldiers killed two farmers."
    found = events(text)
    assert [e.sub_event_type for e in found] == ["Peaceful protest", "Attack"]
    attack = found[1]
    assert attack.actor1 is not None and attack.actor1.type == "state_forces"
    assert attack.actor2 is not None and attack.actor2.type == "civilians"
    assert found[0].trigger_end <= found[1].trigger_start


def test_two_events_in_one_sentence_spanish() -> None:
    text = (
        "La policía dispersó con gases lacrimógenos una marcha en Lima, "
        "mientras que en Arequipa detuvo a tres dirigentes."
    )
    assert subtypes(text, "es") == ["Protest with intervention", "Arrests"]


def test_same_event_told_twice_gives_two_candidates() -> None:
    text = (
        "Demonstrators blocked the road to the Las Bambas mine on Tuesday. "
        "The mayor spoke about the harvest. "
        "On Tuesday, demonstrators blocked the road to the mine, according to the company."
    )
    found = events(text)
    assert [e.sub_event_type for e in found] == ["Peaceful protest", "Peaceful protest"]
    assert [e.sentence_index for e in found] == [0, 2]


def test_follow_up_sentence_is_the_intervention() -> None:
    text = "Hundreds of teachers marched through Puno. Police fired tear gas to disperse them."
    found = events(text)
    assert [e.sub_event_type for e in found] == ["Peaceful protest", "Protest with intervention"]
    second = found[1]
    assert (second.start, second.sentence_index) == (0, 0)  # evidence spans both sentences
    assert second.end == len(text)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Rioters threw stones at police and burned tyres in the city centre.",
            "en",
            "Violent demonstration",
        ),
        ("An angry mob lynched two men accused of theft in the village.", "en", "Mob violence"),
        ("Gunmen killed four villagers in an attack on a market.", "en", "Attack"),
        ("Rebels abducted twelve aid workers near the border.", "en", "Abduction/forced disappearance"),
        ("Soldiers clashed with rebels near the river, leaving several dead.", "en", "Armed clash"),
        ("A suicide bomber blew himself up at a checkpoint.", "en", "Suicide bomb"),
        ("A roadside bomb exploded as a military convoy passed.", "en", "Remote explosive/landmine/IED"),
        ("Militants hurled a grenade at a police post.", "en", "Grenade"),
        ("Warplanes carried out air strikes on the rebel-held town.", "en", "Air/drone strike"),
        ("Rebels fired mortars and rockets at the army base.", "en", "Shelling/artillery/missile attack"),
        ("Police defused a bomb found outside the courthouse.", "en", "Disrupted weapons use"),
        ("Police arrested three opposition leaders at their homes.", "en", "Arrests"),
        (
            "The government declared a state of emergency in three provinces.",
            "en",
            "Change to group/activity",
        ),
        ("The government and the rebels signed a ceasefire agreement.", "en", "Agreement"),
        ("Government troops recaptured the town from the rebels.", "en", "Government regains territory"),
        ("Los manifestantes lanzaron piedras contra la comisaría.", "es", "Violent demonstration"),
        ("Los comuneros bloquearon la vía de acceso a la mina.", "es", "Peaceful protest"),
        ("Las Fuerzas Armadas detuvieron a cinco dirigentes de la CGTP.", "es", "Arrests"),
        ("El Gobierno declaró el estado de emergencia en Puno.", "es", "Change to group/activity"),
    ],
)
def test_sub_types(text: str, lang: str, expected: str) -> None:
    assert subtypes(text, lang)[:1] == [expected]


def test_candidate_fields_are_consistent() -> None:
    text = (
        "Intro sentence about the weather. "
        "Protesters marched to the plaza and police dispersed them with tear gas."
    )
    (ev,) = events(text)
    assert ev.sentence_index == 1
    assert text[ev.start : ev.end].startswith("Protesters")
    assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
    kind = sub_event_of_code(ev.code)
    assert (ev.event_type, ev.sub_event_type, ev.plover) == (kind.event_type, kind.name, kind.plover)
    assert 0.0 < ev.confidence <= 1.0


def test_offsets_survive_accents() -> None:
    text = "Ayer, en Juliaca, la policía detuvo a tres dirigentes tras la protesta."
    (ev,) = events(text, "es")
    assert text[ev.trigger_start : ev.trigger_end] in {"detuvo", "protesta"}


# --- Typing rules from the coding guide --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government declared a state of emergency in three regions as the protests spread.", "en"),
        ("The cabinet imposed a night curfew in the province after soldiers shot dead protesters.", "en"),
        ("El gobierno declaró el estado de emergencia en Lima mientras continuaban las protestas.", "es"),
    ],
)
def test_declared_emergency_is_change_to_activity(text: str, lang: str) -> None:
    assert subtypes(text, lang) == ["Change to group/activity"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Two people were killed on Sunday as protesters and police fought near the bus terminal.", "en"),
        ("Hundreds of demonstrators broke through the fencing and onto the runway of the airport.", "en"),
        ("Dos personas murieron en los enfrentamientos entre manifestantes y policías en la plaza.", "es"),
        ("Los manifestantes intentaron tomar el aeropuerto y fueron repelidos.", "es"),
        ("Tres soldados murieron ahogados al cruzar el río en medio de las protestas.", "es"),
    ],
)
def test_violent_protesters_make_a_violent_demonstration(text: str, lang: str) -> None:
    assert subtypes(text, lang)[0] == "Violent demonstration"


def test_tear_gas_fired_at_marchers_is_intervention_not_excessive_force() -> None:
    text = "Riot police fired tear gas at the marchers outside parliament and the crowd scattered."
    assert subtypes(text) == ["Protest with intervention"]


def test_force_on_a_crowd_without_protest_word() -> None:
    text = "Police lathi-charged the crowd outside the collectorate."
    assert subtypes(text) == ["Protest with intervention"]


# --- Precision: sentences that mention event words but report no new incident -----------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # standing facts, not actions
        ("Most of the province's soldiers are deployed along the northern border.", "en"),
        ("The valley remains under curfew and the market opens only at dawn.", "en"),
        ("La mayoría de los agentes están desplegados en la capital regional.", "es"),
        # aftermath of deaths
        ("Relatives collected the bodies of the victims from the morgue on Tuesday.", "en"),
        ("Funerals were held in the village church, attended by neighbours of the dead.", "en"),
        ("Ayer se realizaron los velorios de los fallecidos en sus casas.", "es"),
        # a company moving its staff is not a transfer of territory
        ("The mining company said it had evacuated its staff from the plant.", "en"),
        # denials
        ("The mayor told reporters that none of the villagers had taken part in the attacks.", "en"),
        ("El dirigente aseguró que ninguno de los comuneros participó en los ataques.", "es"),
        # statements whose complement is a justification, an offer, a plan, an opinion
        ("The minister announced the decree, saying it was a response to vandalism and violence.", "en"),
        ("Officials said the ban was needed to stop attacks on public buildings.", "en"),
        ("The governor has offered to hold talks and said a deal was possible if the unions agreed.", "en"),
        ("Student groups said they would keep up nightly vigils outside the court.", "en"),
        ("Se prevé una gran marcha el jueves hacia el centro de la ciudad.", "es"),
        ("Analysts say the protests have put a fifth of the harvest at risk.", "en"),
        # tallies and summaries of a whole crisis
        ("Dozens of people, among them several firefighters, have been injured.", "en"),
        ("Of those deaths, thirty were civilians killed in clashes with the army.", "en"),
        ("De ese total, veinte personas murieron en enfrentamientos con la policía.", "es"),
        ("Prosecutors have opened an investigation into the deaths.", "en"),
        ("Two months after the governor was arrested, the dispute is still unresolved.", "en"),
        # event words that are something else
        ("Shopkeepers pulled down their shutters early on Friday.", "en"),
        ("Firefighters fought the blaze for six hours.", "en"),
        ("The central bank said it would publish new figures in March.", "en"),
    ],
)
def test_no_incident(text: str, lang: str) -> None:
    assert events(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # reported speech of something that happened is kept
        (
            "Police said officers had been attacked with stones by demonstrators near the bridge.",
            "en",
            "Violent demonstration",
        ),
        # a funeral march is a protest
        (
            "Miles de personas marcharon ayer por las calles acompañando los féretros de las víctimas.",
            "es",
            "Peaceful protest",
        ),
        # a present-perfect count with its own day and place is an incident
        (
            "Two protesters have been killed in clashes with police in Tacna on Monday.",
            "en",
            "Violent demonstration",
        ),
        # a deployment that is an action, and a fire set on purpose
        ("The army deployed 2,000 troops to the border town on Sunday.", "en", "Change to group/activity"),
        (
            "A group broke into the pumping station and set the building on fire.",
            "en",
            "Looting/property destruction",
        ),
    ],
)
def test_incidents_kept(text: str, lang: str, expected: str) -> None:
    assert expected in subtypes(text, lang)


def test_firing_ammunition_is_not_disrupted_weapons() -> None:
    text = "By the afternoon, witnesses said, soldiers had begun firing live ammunition at the crowd."
    assert "Disrupted weapons use" not in subtypes(text)
    assert "Disrupted weapons use" in subtypes("Soldiers seized rifles and ammunition at a checkpoint.")


def test_governor_reaches_only_its_clause() -> None:
    # "would" governs the plan, not the march told after the contrast
    text = "The union said it would strike next week, but on Monday thousands marched in the capital."
    assert subtypes(text) == ["Peaceful protest"]


# --- Sentences that report no incident --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Deals talked about, sought, proposed or refused are no agreement.
        ("Talks between the ministry and the union leaders have yet to produce an agreement.", "en"),
        ("The rebels have not agreed to the truce that mediators put forward last week.", "en"),
        ("The president says a peace deal is the only way out of the crisis.", "en"),
        ("Los heridos superan los 300, de acuerdo con la comisión de derechos humanos.", "es"),
        ("El Gobierno y los transportistas se reunieron el lunes sin alcanzar un acuerdo.", "es"),
        # A base named is no base established.
        ("The islanders say the naval base has brought them jobs for decades.", "en"),
        # Attacks in words, designations, weapons as capability.
        ("The senator attacked the evening paper in a long post for refusing to print his letter.", "en"),
        ("The movement is designated as a terrorist organization by several governments.", "en"),
        ("The country keeps improving its missile capabilities, analysts warn.", "en"),
        ("A general of the air force said the plane had a navigation fault.", "en"),
        # Calls for future marches.
        ("The student federation called for fresh demonstrations on Friday.", "en"),
        ("The teachers' union has called a new national day of protest for Tuesday.", "en"),
        ("La central obrera convocó a una nueva movilización para este jueves.", "es"),
        ("Los gremios anunciaron nuevas concentraciones para el viernes en la plaza.", "es"),
        # Court cases and statistics.
        ("A court in the capital adjourned the trial of two officers charged over the killing.", "en"),
        # Violence named in general.
        ("The region has suffered a wave of violence for a decade.", "en"),
        ("The party leader received death threats last month.", "en"),
    ],
)
def test_reports_of_no_incident(text: str, lang: str) -> None:
    assert events(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The army and the rebel front signed a ceasefire agreement in the border town.", "en"),
        ("The miners' union and the company reached an agreement to end the strike on Sunday.", "en"),
        ("Tras nueve días de protestas, el Gobierno y los campesinos llegaron a un acuerdo.", "es"),
        ("Los comuneros firmaron anoche un acta de acuerdo con la empresa minera.", "es"),
    ],
)
def test_concluded_agreement(text: str, lang: str) -> None:
    """A deal reached is the event, even where the sentence names the protest it ends."""
    assert subtypes(text, lang) == ["Agreement"]


def test_base_established_needs_a_verb() -> None:
    assert subtypes("Soldiers set up a new outpost on the hill above the village.") == [
        "Headquarters or base established"
    ]


def test_unrest_with_harm_is_still_a_riot() -> None:
    found = subtypes("Two men were killed in the unrest that swept the port town on Friday.")
    assert found == ["Violent demonstration"]


def test_announced_curfew_survives_an_accusation() -> None:
    text = "El ministro ha anunciado un toque de queda nocturno y ha acusado a grupos criminales del saqueo."
    assert subtypes(text, "es") == ["Change to group/activity"]


def test_killing_told_as_an_execution() -> None:
    text = "The execution of a police officer was carried out by the urban commando in the capital."
    assert subtypes(text) == ["Attack"]


def test_officers_hurt_at_a_march_is_a_violent_demonstration() -> None:
    text = "The minister said that nine police officers had been injured during Tuesday's march."
    assert subtypes(text) == ["Violent demonstration"]
