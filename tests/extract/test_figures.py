"""Casualty, arrest and crowd figures (ACLED rules), tallies and revisions, in English and Spanish."""

from __future__ import annotations

from cronica.extract.figures import FigureMention, find_figures


def figs(text: str, lang: str = "en") -> list[FigureMention]:
    return find_figures(text, 0, len(text), lang)


def triples(text: str, lang: str = "en") -> list[tuple[str, int | None, str]]:
    return [(f.kind, f.value, f.qualifier) for f in figs(text, lang)]


def test_incident_and_tally_in_one_sentence() -> None:
    text = (
        "On January 9, security forces fired on demonstrators, killing at least 18 and bringing "
        "the total number of confirmed deaths to 49."
    )
    a, b = figs(text)
    assert (a.kind, a.value, a.qualifier, a.tally) == ("killed", 18, "at_least", False)
    assert (a.low, a.high) == (18, None)
    assert text[a.start : a.end] == "killing at least 18"
    assert (b.kind, b.value, b.tally) == ("killed", 49, True)
    assert b.subject and "deaths" in b.subject


def test_tallies() -> None:
    (f,) = figs("At least 41 demonstrators have been killed since December.")
    assert (f.kind, f.value, f.qualifier, f.tally) == ("killed", 41, "at_least", True)
    (f,) = figs("The death toll in the unrest rose to 47.")
    assert (f.value, f.tally, f.subject) == (47, True, "deaths in the unrest")
    (f,) = figs("La cifra de muertos desde diciembre asciende a 60.", "es")
    assert (f.kind, f.value, f.tally) == ("killed", 60, True)
    a, b = figs("La policía mató a 18 manifestantes y suman 60 los fallecidos.", "es")
    assert (a.value, a.tally, b.value, b.tally) == (18, False, 60, True)


def test_revised_incident_figure() -> None:
    a, b = figs("Officials initially reported eight deaths in Monday's clash, a figure later raised to ten.")
    assert (a.value, a.revised) == (8, True)
    assert (b.kind, b.value, b.revised, b.tally) == ("killed", 10, False, False)


def test_age_is_not_a_figure() -> None:
    assert figs("A 17-year-old was shot.") == []
    # one young man injured: the age is not the count
    assert triples("Un joven de 17 años fue herido.", "es") == [("injured", 1, "exact")]


def test_stated_zero() -> None:
    assert triples("No one was killed.") == [("killed", 0, "exact")]
    assert triples("No hubo muertos.", "es") == [("killed", 0, "exact")]
    assert triples("La marcha terminó sin víctimas mortales.", "es") == [("killed", 0, "exact")]


def test_deaths_without_number_are_unknown() -> None:
    assert triples("Several were killed.") == [("killed", None, "unknown")]
    assert triples("Hubo muertos.", "es") == [("killed", None, "unknown")]
    assert triples("El enfrentamiento dejó muertos.", "es") == [("killed", None, "unknown")]


def test_one_person() -> None:
    assert triples("A policeman was killed.") == [("killed", 1, "exact")]
    assert triples("Un policía murió en el enfrentamiento.", "es") == [("killed", 1, "exact")]
    assert triples("One of the dead was a teenager.") == []


def test_count_with_inserted_subset() -> None:
    assert triples("Seventeen people, including a child, were killed.") == [("killed", 17, "exact")]


def test_words_and_digits() -> None:
    assert triples("Eighteen protesters were shot dead.") == [("killed", 18, "exact")]
    assert triples("Murieron dieciocho personas.", "es") == [("killed", 18, "exact")]
    assert triples("Murieron cuarenta y nueve personas.", "es") == [("killed", 49, "exact")]
    assert triples("Hubo veintiún heridos.", "es") == [("injured", 21, "exact")]
    assert triples("Doscientos comuneros bloquearon la vía.", "es") == [("crowd", 200, "exact")]
    assert triples("La policía detuvo a 1.300 personas.", "es") == [("arrested", 1300, "exact")]
    assert triples("Officials said 1,300 people were detained.") == [("arrested", 1300, "exact")]


def test_round_nouns_are_about() -> None:
    assert triples("Police detained a dozen students.") == [("arrested", 12, "about")]
    assert triples("Detuvieron a una docena de estudiantes.", "es") == [("arrested", 12, "about")]


def test_vague_amounts() -> None:
    assert triples("Dozens of people were injured and hundreds were arrested.") == [
        ("injured", 12, "vague"),
        ("arrested", 100, "vague"),
    ]
    assert triples("Decenas de heridos y cientos de detenidos.", "es") == [
        ("injured", 10, "vague"),
        ("arrested", 100, "vague"),
    ]
    assert triples("Miles de personas salieron a las calles.", "es") == [("crowd", 1000, "vague")]
    assert triples("Thousands of people took to the streets.") == [("crowd", 1000, "vague")]


def test_qualifiers() -> None:
    assert triples("At least 18 people were killed.") == [("killed", 18, "at_least")]
    assert triples("Al menos 18 personas murieron.", "es") == [("killed", 18, "at_least")]
    assert triples("Por lo menos 12 muertos dejó el enfrentamiento.", "es") == [("killed", 12, "at_least")]
    assert triples("About 5,000 protesters marched.") == [("crowd", 5000, "about")]
    assert triples("Unas 5.000 personas marcharon.", "es") == [("crowd", 5000, "about")]
    assert triples("More than 100 people were hurt.") == [("injured", 100, "more_than")]
    assert triples("Más de 100 heridos.", "es") == [("injured", 100, "more_than")]
    assert triples("Up to 30 people were arrested.") == [("arrested", 30, "up_to")]
    assert triples("Nearly 30 were arrested.") == [("arrested", 30, "nearly")]
    assert triples("Casi 30 personas fueron detenidas.", "es") == [("arrested", 30, "nearly")]


def test_ranges() -> None:
    for text, lang in (
        ("Between 17 and 18 people died.", "en"),
        ("17 or 18 protesters died.", "en"),
        ("Entre 17 y 18 personas fallecieron.", "es"),
    ):
        (f,) = figs(text, lang)
        assert (f.kind, f.value, f.low, f.high, f.qualifier) == ("killed", 17, 17, 18, "range")


def test_incident_with_two_kinds() -> None:
    assert triples("At least 18 people were killed and 30 injured.") == [
        ("killed", 18, "at_least"),
        ("injured", 30, "exact"),
    ]
    assert triples("Police arrested 20 protesters and injured 5 more.") == [
        ("arrested", 20, "exact"),
        ("injured", 5, "exact"),
    ]


def test_numbers_that_are_not_casualties() -> None:
    assert figs("The fifth largest mine in the country was blocked.") == []
    assert figs("Nearly half of the population backed the strike, polls said; 20% opposed it.") == []
    assert figs("Protesters blocked the highway at kilometre 25 for 3 hours.") == []
    assert figs("The company lost 2 million dollars and 30 trucks were stranded.") == []
    assert figs("The march of 2000 is remembered by many.") == []
    assert figs("On January 9, 2023, police fired tear gas.") == []
    # the age is not a figure; the named victim is one death
    assert triples("Juan Pérez, 17, was killed.") == [("killed", 1, "exact")]


def test_offsets_are_absolute() -> None:
    text = "Prefix sentence. At least 18 people were killed."
    start = text.index("At")
    (f,) = find_figures(text, start, len(text), "en")
    assert text[f.start : f.end] == "At least 18 people were killed"


def test_crowd_size() -> None:
    assert triples("The protest drew a crowd of 10,000.") == [("crowd", 10000, "exact")]
    assert triples("Police said 4,500 officers had been mobilised.") == []
