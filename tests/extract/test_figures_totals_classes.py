"""Running totals told by a place, a period, a breakdown or a cumulative verb are tallies, never an
incident's deaths; numbers that are not counts are not figures (issue: totals never an incident's deaths)."""

from __future__ import annotations

import pytest

from cronica.extract.figures import find_figures


def killed(text: str, lang: str) -> list[tuple[int | None, bool]]:
    return [(f.value, f.tally) for f in find_figures(text, 0, len(text), lang) if f.kind == "killed"]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # a cumulative verb, with the day the total was told
        ("Ya son 42 las personas que han muerto en el país, según el balance conocido el martes.", "es", 42),
        ("Suman ya 14 los fallecidos en la región.", "es", 14),
        ("At least 70 people have been killed in the crackdown, a rights group said on Monday.", "en", 70),
        # the toll named after the number, or carried to it by what happened
        ("La Defensoría elevó a 31 la cifra de muertos en los dos meses de crisis.", "es", 31),
        ("Los choques en Ibagué elevaron a 27 la cifra de muertos.", "es", 27),
        ("The riots in Medellín on Friday brought the death toll to 40.", "en", 40),
        # a breakdown of a larger total by place
        ("Of those, 44 were killed in the northern provinces.", "en", 44),
        ("The northern province had the highest number of deaths, with 23, the group said.", "en", 23),
        ("De los muertos del sábado, 12 murieron en la capital.", "es", 12),
        # a month, a period, the whole country
        ("The senator said 350 people were killed in October in political violence.", "en", 350),
        ("27 killed in a month of protests.", "en", 27),
        ("La ONG contabilizaba al menos 300 muertos en el país.", "es", 300),
        ("Según el informe, 9 personas murieron entre el 4 y el 15 de marzo.", "es", 9),
        # several places
        ("Rebels raided three towns in the east, leaving 4 soldiers dead.", "en", 4),
        # a list after a toll and a colon
        (
            "La Fiscalía actualizó el domingo las cifras de la crisis desde el 2 de mayo: ocho personas "
            "fallecidas y 120 heridas.",
            "es",
            8,
        ),
    ],
)
def test_running_total_is_a_tally(text: str, lang: str, value: int) -> None:
    assert (value, True) in killed(text, lang)
    assert all(tally for _v, tally in killed(text, lang) if _v == value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("La Fiscalía elevó a 5 la cifra de muertos del enfrentamiento de Yauri.", "es", 5),
        ("El saldo del choque del lunes en Ilave: dos muertos y diez heridos.", "es", 2),
        ("Two more miners died, raising the toll from the Ayaviri clashes to 8.", "en", 8),
        ("Three protesters were shot dead on Tuesday when police fired on a march in Ilo.", "en", 3),
    ],
)
def test_incident_figure_stays_the_incidents(text: str, lang: str, value: int) -> None:
    assert (value, False) in killed(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "not_a_count"),
    [
        ("Pedro Gómez (41) murió en la calle 8 el jueves.", "es", 41),
        ("Pedro Gómez murió en la calle 8 el jueves.", "es", 8),
        ("Quito, 7 Oct 91 (Radio Centro) -- A soldier and a rebel have been killed.", "en", 91),
        ("A man was shot dead on Main Street 12 on Monday.", "en", 12),
    ],
)
def test_ages_streets_and_years_are_not_counts(text: str, lang: str, not_a_count: int) -> None:
    assert not_a_count not in [v for v, _t in killed(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Las marchas empezaron tras la muerte de un estudiante en una comisaría.", "es"),
        ("The unrest began after the death of a teenager in custody.", "en"),
    ],
)
def test_the_death_that_set_off_protests_is_not_their_figure(text: str, lang: str) -> None:
    assert killed(text, lang) == []
