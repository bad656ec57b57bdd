"""Police actions read sentence by sentence for IndiaPoliceEvents (sentences written by us)."""

from __future__ import annotations

import pytest

from cronica.evaluate.police import police_actions


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Passive and active police killings, custodial deaths, encounters.
        ("Two farmers died in police firing at the market on Sunday.", "en", {"KILL", "FORCE"}),
        ("A student was shot dead by police near the university gate.", "en", {"KILL", "FORCE"}),
        ("One man was killed when the police fired six rounds at the crowd.", "en", {"KILL", "FORCE"}),
        ("A labourer died in police custody, his brother told reporters.", "en", {"KILL", "FORCE", "ARREST"}),
        ("Un joven murió por disparos de la policía durante el desalojo.", "es", {"KILL", "FORCE"}),
        ("Un comunero fue abatido por efectivos del Ejército en la carretera.", "es", {"KILL", "FORCE"}),
        # Force words.
        ("Police lathi-charged the traders outside the collectorate.", "en", {"FORCE"}),
        ("Officers used batons and water cannon to push the students back.", "en", {"FORCE"}),
        ("Five rounds were fired in the air to scatter the two groups.", "en", {"FORCE"}),
        ("La policía cargó contra los vecinos que bloqueaban la avenida.", "es", {"FORCE"}),
        ("Los agentes lanzaron gases lacrimógenos contra los estudiantes.", "es", {"FORCE"}),
        # Arrests, reported or not.
        ("He said twenty youths had been arrested overnight.", "en", {"ARREST"}),
        ("The councillor was sent to jail by the magistrate on Friday.", "en", {"ARREST"}),
        ("La policía detuvo a doce personas en la plaza.", "es", {"ARREST"}),
        # Further passive and nominal killings.
        ("He succumbed to bullet injuries sustained in police firing.", "en", {"KILL", "FORCE"}),
        ("A weaver died in the police lock-up on Monday night.", "en", {"KILL", "FORCE"}),
        ("One dead in police-farmer clash at the weekly fair.", "en", {"KILL", "FORCE"}),
        ("Two villagers were killed in a clash with the police.", "en", {"KILL", "FORCE"}),
        ("Three men were killed in police retaliation near the bridge.", "en", {"KILL", "FORCE"}),
        ("Two youths fell to police bullets outside the depot.", "en", {"KILL", "FORCE"}),
        ("He was hit by police bullets and died in hospital.", "en", {"KILL", "FORCE"}),
        ("Firing by the police claimed two lives in the bazaar.", "en", {"KILL", "FORCE"}),
        ("Police fire kills two in the old quarter.", "en", {"KILL", "FORCE"}),
        ("Police gun down two robbers on the highway.", "en", {"KILL", "FORCE"}),
        ("Un vendedor murió en un enfrentamiento con la policía.", "es", {"KILL", "FORCE"}),
        ("Un estudiante murió tras ser baleado por la policía.", "es", {"KILL", "FORCE"}),
        ("El joven murió a manos de la policía en la plaza.", "es", {"KILL", "FORCE"}),
        # Further force words.
        ("The police had to fire six rounds to scatter the stone throwers.", "en", {"FORCE"}),
        ("The police used mild force to clear the square.", "en", {"FORCE"}),
        ("The policemen caned the students at the gate.", "en", {"FORCE"}),
        ("The police chased the crowd and beat them up.", "en", {"FORCE"}),
        ("A hawker was beaten by the police.", "en", {"FORCE"}),
        ("Police shot two rioters in the leg.", "en", {"FORCE"}),
        ("Tear gas was used to clear the road.", "en", {"FORCE"}),
        ("La policía abrió fuego contra los campesinos.", "es", {"FORCE"}),
        ("Los agentes usaron gas pimienta contra los manifestantes.", "es", {"FORCE"}),
        ("Dos pescadores fueron baleados por los militares.", "es", {"FORCE"}),
        # Mojibake glued to a headline word ("clashÂ").
        ("march ends\u00c2 one dead in police-farmer clash\u00c2 markets shut", "en", {"KILL", "FORCE"}),
    ],
)
def test_police_actions_found(text: str, lang: str, expected: set[str]) -> None:
    assert police_actions(text, lang) == frozenset(expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Hypothetical, demanded, negated or idiomatic arrests.
        ("The opposition demanded the arrest of the minister.", "en"),
        ("The party sought the arrest of the officers involved.", "en"),
        ("Police said they would arrest anyone who defied the ban.", "en"),
        ("The leaders are likely to be arrested on Friday.", "en"),
        ("Nobody was arrested as the march was peaceful.", "en"),
        ("Volunteers will court arrest at the district office.", "en"),
        ("New patrols helped to arrest the deteriorating situation.", "en"),
        ("The annual meeting was held in the town hall.", "en"),
        ("El fiscal exigió la detención de los responsables.", "es"),
        # Police named as a place or a speaker, deaths put on someone else.
        ("A trader was shot dead near the Kotwali police station by unidentified men.", "en"),
        ("Twelve people were killed by the rioters, police said.", "en"),
        ("At the most they will order a lathi charge or fire at us.", "en"),
        # Powers, retreats, police as victims, and police as speakers.
        ("Outside the yard the constables are not empowered to open fire.", "en"),
        ("The police had to beat a hasty retreat.", "en"),
        ("A policeman was shot by the rioters.", "en"),
        ("Two policemen died in a clash with the mob.", "en"),
        ("The police claimed that the crowd was armed.", "en"),
    ],
)
def test_police_actions_not_found(text: str, lang: str) -> None:
    assert police_actions(text, lang) == frozenset()
