"""A whole report in, its event mentions and tallies out: how the stages are put together."""

from __future__ import annotations

import datetime as dt

from cronica.extract.document import extract_document
from cronica.model import Document

JULIACA_REPORT = (
    "JULIACA, Peru - Security forces opened fire on demonstrators who tried to storm the airport in "
    "Juliaca on Monday, killing 17 people, regional health officials said. The deaths bring the total "
    "number of people killed in the protests since December to 46.\n\n"
    "Police said officers had been attacked with stones. Witnesses said soldiers fired live rounds at "
    "people who were running away.\n\n"
    "Many in the city compared the killings with the march of the Four Suyos in July 2000, when "
    "protesters filled the streets of Lima against Alberto Fujimori.\n\n"
    "A new march is planned for Thursday in Puno."
)


def test_one_incident_a_tally_history_and_a_plan() -> None:
    doc = Document("j1", JULIACA_REPORT, published=dt.date(2023, 1, 10), source="Andean Wire")
    result = extract_document(doc, lang="en")
    current = [e for e in result.events if not e.background]
    assert len(current) == 1
    [event] = current
    assert event.event_date == dt.date(2023, 1, 9) and event.date_precision == "day"
    assert event.location is not None and event.location.name == "Juliaca"
    assert event.fatalities == 17
    assert event.event_type in ("Protests", "Riots")
    killed = [f for f in event.figures if f.kind == "killed"]
    assert killed and JULIACA_REPORT[killed[0].evidence.start : killed[0].evidence.end].count("17") == 1
    # the running total is a tally, never the incident's figure
    [tally] = [t for t in result.tallies if t.kind == "killed"]
    assert tally.value == 46 and tally.country_code == "PE" and tally.as_of == dt.date(2023, 1, 10)
    # the march of 2000 is history, with its own date: it must come out, as background
    history = [e for e in result.events if e.background]
    assert len(history) == 1, "the march of the Four Suyos should be told as history"
    [march] = history
    assert "Four Suyos" in march.evidence[0].text
    assert march.event_date == dt.date(2000, 7, 1) and march.date_precision == "month"


def test_nationwide_declaration_is_placed_in_the_country() -> None:
    text = (
        "Peru's government declared a state of emergency across the entire country on Wednesday, "
        "suspending the right of assembly for 30 days after protests in Puno and Cusco."
    )
    result = extract_document(Document("n1", text, published=dt.date(2022, 12, 15)), lang="en")
    declared = [e for e in result.events if e.sub_event_type == "Change to group/activity"]
    assert declared and declared[0].location is not None
    assert declared[0].location.name == "Peru" and declared[0].location.geo_precision == 3
    assert declared[0].event_date == dt.date(2022, 12, 14)


def test_figures_of_an_earlier_day_stay_with_that_day() -> None:
    text = (
        "Thousands marched peacefully in Juliaca on Wednesday behind the coffins of the 17 people killed "
        "on Monday, and no police were seen along the route."
    )
    result = extract_document(Document("f1", text, published=dt.date(2023, 1, 12)), lang="en")
    march = [e for e in result.events if e.event_date == dt.date(2023, 1, 11)]
    assert march and all(e.fatalities in (None, 0) for e in march)


def test_spanish_report_and_glencore_trap() -> None:
    text = (
        "Swiss-based Glencore said it evacuated its Antapaccay mine in Espinar after demonstrators set fire "
        "to two vehicles on Thursday. No one was hurt."
    )
    result = extract_document(Document("g1", text, published=dt.date(2023, 1, 13)), lang="en")
    assert result.events
    for e in result.events:
        assert e.location is None or e.location.country_code == "PE"
    es = extract_document(
        Document(
            "s1",
            "La policía detuvo ayer a 12 manifestantes en Cusco durante una marcha.",
            published=dt.date(2023, 1, 20),
        ),
        lang="es",
    )
    [arrest] = [e for e in es.events if not e.background]
    assert arrest.arrests == 12 and arrest.event_date == dt.date(2023, 1, 19)
    assert arrest.location is not None and arrest.location.name == "Cusco"


def test_no_event_report() -> None:
    text = "Peru's copper exports rose 3% last year to 2.4 million tonnes, the central bank said on Monday."
    result = extract_document(Document("e1", text, published=dt.date(2023, 2, 1)), lang="en")
    assert result.events == [] and result.tallies == []


def test_the_start_of_the_crisis_does_not_date_the_incident() -> None:
    published = dt.date(2023, 1, 29)
    for text, lang in (
        (
            "Un manifestante murió anoche en Lima, la primera muerte allí desde el inicio de las protestas, "
            "el 7 de diciembre.",
            "es",
        ),
        (
            "A protester was killed in Lima, the first death there since the protests began on 7 December.",
            "en",
        ),
    ):
        result = extract_document(Document("c1", text, published=published), lang=lang)
        assert result.events
        assert all(e.event_date != dt.date(2022, 12, 7) for e in result.events)


def test_a_blockade_told_on_two_days_is_one_incident_with_an_end_date() -> None:
    text = (
        "Farmers blocked the Pan-American highway at La Joya, in Arequipa, on Monday, demanding early "
        "elections.\n\nThe roadblock at La Joya was still in place on Tuesday, and hundreds of lorries "
        "were stranded."
    )
    result = extract_document(Document("b1", text, published=dt.date(2022, 12, 14)), lang="en")
    blockades = [e for e in result.events if "roadblock" in e.tags]
    assert len(blockades) == 1
    [b] = blockades
    assert (b.event_date, b.date_end) == (dt.date(2022, 12, 12), dt.date(2022, 12, 13))
