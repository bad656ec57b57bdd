"""Three events that cover what the exports must carry: a full one, one with no date, coordinates
or figures, and one with no place or actors at all."""

from __future__ import annotations

import datetime as dt

from cronica.model import Actor, Event, Evidence, Figure, Place, Span

FULL_TEXT_EN = "On Monday riot police fired on demonstrators in Juliaca, killing at least 17 people."
FULL_TEXT_ES = "La policía disparó el lunes contra los manifestantes en Juliaca y mató a 18 personas."


def full_event() -> Event:
    """A fused event with every field set: two reports, two figures, tags, coordinates."""
    evidence = [
        Evidence("r-en", 120, 120 + len(FULL_TEXT_EN), FULL_TEXT_EN, "https://wire.example.com/a",
                 "Infobae (EFE)", dt.date(2023, 1, 10)),
        Evidence("r-es", 40, 40 + len(FULL_TEXT_ES), FULL_TEXT_ES, "https://diario.example.pe/b",
                 "La República", dt.date(2023, 1, 10)),
    ]  # fmt: skip
    figures = [
        Figure("killed", 17, 17, None, "at_least", Span("r-en", 180, 199)),
        Figure("killed", 18, 18, None, "exact", Span("r-es", 100, 118)),
    ]
    return Event(
        event_id="evt-full",
        event_date=dt.date(2023, 1, 9),
        date_end=dt.date(2023, 1, 10),
        date_precision="day",
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        plover="PROTEST",
        actor1=Actor("riot police", "state_forces"),
        actor2=Actor("demonstrators", "protesters"),
        location=Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1),
        fatalities=17,
        injuries=None,
        arrests=3,
        crowd_size=5000,
        figures=figures,
        tags=["live_ammunition", "roadblock"],
        confidence=0.86,
        evidence=evidence,
        disputed=True,
    )


def undated_event() -> Event:
    """A place with no coordinates, no date, no figures."""
    return Event(
        event_id="evt-undated",
        event_date=None,
        date_end=None,
        date_precision="year",
        event_type="Riots",
        sub_event_type="Violent demonstration",
        plover="PROTEST",
        actor1=Actor("pobladores enardecidos", "rioters"),
        actor2=None,
        location=Place("Carretera Panamericana Sur", "Peru", "PE", "Ica", None, None, None, None, 2),
        confidence=0.41,
        evidence=[Evidence("r-3", 0, 30, "Pobladores quemaron llantas en la vía.")],
    )


def bare_event() -> Event:
    """No place, no actors, a background event with no evidence."""
    return Event(
        event_id="evt-bare",
        event_date=dt.date(2019, 11, 15),
        date_end=None,
        date_precision="month",
        event_type="Strategic developments",
        sub_event_type="Arrests",
        plover=None,
        actor1=None,
        actor2=None,
        location=None,
        background=True,
    )


def sample_events() -> list[Event]:
    """The three events, in a fixed order."""
    return [full_event(), undated_event(), bare_event()]
