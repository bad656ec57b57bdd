"""A few hundred synthetic events with ties, gaps and empties, for paging and aggregate tests.

Dates repeat (ties on the sort column), some events are undated, have no
fatalities figure, no coordinates, no region or no second actor; regions are
written with accents and in different cases. Written through ``Store.insert_events``.
"""

from __future__ import annotations

import datetime as dt
import random

from cronica.model import Actor, Event, Evidence, Place
from cronica.store import open_store
from cronica.taxonomy import sub_event, sub_event_type_names

TOWNS = [
    ("Juliaca", "Puno", "PE", -15.5, -70.13),
    ("Ilave", "PUNO", "PE", -16.08, -69.64),
    ("Andahuaylas", "Apurímac", "PE", -13.66, -73.39),
    ("Abancay", "apurimac", "PE", -13.63, -72.88),
    ("Cochabamba", "Cochabamba", "BO", -17.39, -66.16),
    ("Quito", None, "EC", -0.22, -78.51),
    ("Nairobi", "Nairobi", "KE", -1.29, 36.82),
]
FIRST = [("marchers", "protesters"), ("rioters", "rioters"), ("a militia", "political_militia")]
SECOND = [("police", "state_forces"), ("villagers", "civilians")]


def scale_event(i: int, rng: random.Random) -> Event:
    """The ``i``-th event of the sample; about one in eight lacks each optional field."""
    sub = rng.choice(sub_event_type_names())
    town, region, cc, lat, lon = rng.choice(TOWNS)
    placed = rng.random() > 0.1
    sentence = f"Event number {i} took place near {town}."
    second = rng.choice(SECOND) if rng.random() < 0.6 else None
    return Event(
        event_id=f"evt_s{rng.randrange(10**6):06d}_{i:04d}",  # ids not in the order of dates
        event_date=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(40))
        if rng.random() > 0.12
        else None,
        date_end=None,
        date_precision="day",
        event_type=sub_event(sub).event_type,
        sub_event_type=sub,
        plover=None,
        actor1=Actor(*rng.choice(FIRST)),
        actor2=Actor(*second) if second else None,
        location=Place(
            town,
            None,
            cc,
            region,
            None,
            lat + rng.uniform(-2, 2) if placed else None,
            lon + rng.uniform(-2, 2) if placed else None,
            None,
            1,
        ),
        fatalities=rng.choice([None, 0, 1, 1, 2, 3, 7]),
        background=rng.random() < 0.05,
        confidence=round(rng.uniform(0.1, 1.0), 2),
        evidence=[Evidence("doc-1", 0, len(sentence), sentence)],
    )


def build_scale_sample(url: str, n: int = 300, seed: int = 16) -> list[Event]:
    """``n`` events stored at ``url``; returns them."""
    rng = random.Random(seed)
    events = [scale_event(i, rng) for i in range(n)]
    store = open_store(url)
    with store.begin() as conn:
        store.insert_events(conn, [(e, ()) for e in events])
    store.engine.dispose()
    return events
