"""Running totals vs an incident's own (revised) figure; hedged tolls; named and singular victims."""

from __future__ import annotations

import pytest

from cronica.extract.figures import find_figures


def quads(text: str, lang: str = "en") -> list[tuple[str, int | None, str, bool]]:
    return [
        (f.kind, f.value, f.qualifier, f.tally)
        for f in find_figures(text, 0, len(text), lang)
        if not f.revised
    ]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # a clause ties the toll to one occurrence: the incident's revised figure
        (
            "The number of people shot dead when troops fired on a crowd at Cusco's bus "
            "station on Friday has grown to 7.",
            "en",
            7,
        ),
        ("The death toll from Tuesday's shooting in Puno has climbed to 6.", "en", 6),
        ("Two more marchers died overnight, raising the toll from the Pucallpa clashes to 9.", "en", 9),
        (
            "El número de fallecidos cuando los militares dispararon contra la multitud el "
            "viernes subió a 7.",
            "es",
            7,
        ),
        ("La cifra de muertos en el enfrentamiento de Tacna aumentó a 6.", "es", 6),
    ],
)
def test_incident_toll_is_not_a_tally(text: str, lang: str, value: int) -> None:
    assert quads(text, lang) == [("killed", value, "exact", False)]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("The number of people killed in the protests since November has risen to 31.", "en", 31),
        ("The national death toll rose to 33.", "en", 33),
        ("The toll nationwide stood at 35.", "en", 35),
        ("The death toll in the crisis has reached 36.", "en", 36),
        ("El número de muertos en las protestas desde noviembre se elevó a 31.", "es", 31),
        ("La cifra nacional de fallecidos ya es 33.", "es", 33),
        ("El balance a nivel nacional asciende a 35 muertos.", "es", 35),
    ],
)
def test_crisis_wide_toll_is_a_tally(text: str, lang: str, value: int) -> None:
    ((kind, v, _q, tally),) = quads(text, lang)
    assert (kind, v, tally) == ("killed", value, True)


def test_incident_and_national_toll_in_one_sentence() -> None:
    text = (
        "The death toll from Sunday's clashes has risen to 5, while the toll nationwide "
        "since March reached 29."
    )
    assert quads(text) == [("killed", 5, "exact", False), ("killed", 29, "exact", True)]


def test_a_dated_arrest_during_the_protests_is_an_incident() -> None:
    text = "Police detained more than 80 people in Quito yesterday during the protests called by the unions."
    assert quads(text) == [("arrested", 80, "more_than", False)]
    text = (
        "La policía detuvo ayer a más de 80 personas en Quito durante las protestas "
        "convocadas por los gremios."
    )
    assert quads(text, "es") == [("arrested", 80, "more_than", False)]


def test_undated_totals_of_the_protests() -> None:
    assert quads("The rights group counts 27 deaths in the protests.") == [("killed", 27, "exact", True)]
    assert quads("La Defensoría registra 27 muertos en el marco de las protestas.", "es") == [
        ("killed", 27, "exact", True)
    ]
    assert quads("En marzo murieron 14 personas en las protestas en la costa norte.", "es") == [
        ("killed", 14, "exact", True)
    ]


def test_the_scope_of_a_later_total_does_not_reach_back() -> None:
    text = "Con estas tres muertes, suman 40 los fallecidos desde el inicio del paro."
    assert quads(text, "es") == [("killed", 3, "exact", False), ("killed", 40, "exact", True)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Doctors warned that the toll could rise to 25.", "en"),
        ("The number of dead may climb above 30.", "en"),
        ("The toll could rise further.", "en"),
        ("Los médicos advierten que la cifra de muertos podría subir a 25.", "es"),
    ],
)
def test_speculation_is_not_a_figure(text: str, lang: str) -> None:
    assert quads(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("A woman selling food near the square died on Friday evening.", "en", ("killed", 1)),
        ("A marcher was killed.", "en", ("killed", 1)),
        ("Rosa Quispe, a 40-year-old vendor, was killed by a stray bullet.", "en", ("killed", 1)),
        ("Ana Torres and Luis Mamani were shot dead.", "en", ("killed", 2)),
        ("Ana Torres, 19, Luis Mamani, 23, and Jorge Huanca, 30, were killed.", "en", ("killed", 3)),
        ("Marco Antonio Paredes was wounded in the leg.", "en", ("injured", 1)),
        ("Falleció un comunero.", "es", ("killed", 1)),
        ("Un vendedor que pasaba por la plaza murió el viernes.", "es", ("killed", 1)),
        ("Tres jóvenes murieron en Tacna.", "es", ("killed", 3)),
        ("Rosa Quispe y Luis Mamani fueron asesinados.", "es", ("killed", 2)),
        ("Rosa Quispe, vendedora de 40 años, murió por una bala perdida.", "es", ("killed", 1)),
    ],
)
def test_singular_and_named_victims(text: str, lang: str, expected: tuple[str, int]) -> None:
    assert [(k, v) for k, v, _q, _t in quads(text, lang)] == [expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("One of the dead was a student.", "en"),
        ("The dead man's brother spoke to reporters.", "en"),
        ("The toll includes a police officer who died in his car.", "en"),
        ("La cifra incluye también a un policía que murió en enero.", "es"),
        ("Uno de los fallecidos era estudiante.", "es"),
    ],
)
def test_references_to_the_dead_are_not_new_figures(text: str, lang: str) -> None:
    assert quads(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("Fourteen people were treated in hospital.", "en", "injured"),
        ("Fourteen people were taken into custody.", "en", "arrested"),
        ("Catorce personas fueron intervenidas.", "es", "arrested"),
        ("Catorce personas quedaron detenidas.", "es", "arrested"),
        ("Catorce personas resultaron heridas.", "es", "injured"),
        ("Catorce agricultores quedaron heridos.", "es", "injured"),
    ],
)
def test_injury_and_arrest_phrasings(text: str, lang: str, kind: str) -> None:
    assert quads(text, lang) == [(kind, 14, "exact", False)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Tres comuneros murieron este lunes en el puente de Ilave, en una jornada de bloqueos "
            "que dejó un total de 11 fallecidos en todo el país.",
            "es",
        ),
        (
            "Three farmers were shot dead near Ilave on Monday, during a day of roadblocks that left "
            "11 dead nationwide.",
            "en",
        ),
    ],
)
def test_a_national_total_after_a_dated_incident_scopes_only_its_own_number(text: str, lang: str) -> None:
    found = [(f.value, f.tally) for f in find_figures(text, 0, len(text), lang) if f.kind == "killed"]
    assert found == [(3, False), (11, True)]


def test_a_nationwide_toll_of_one_day_is_still_a_total() -> None:
    text = "At least 17 people died on Tuesday in clashes across the country."
    assert [(f.value, f.tally) for f in find_figures(text, 0, len(text), "en")] == [(17, True)]
