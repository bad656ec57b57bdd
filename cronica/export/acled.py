"""ACLED's CSV export: one row per event, in ACLED's column order and under ACLED's conventions.

Actors take ACLED's names from the curated actor table (:mod:`cronica.export.actors`),
``source_scale`` comes from the reports' outlets and links (:mod:`cronica.export.sources`) and
``region`` from ``cronica/data/acled_regions.yaml``. :func:`acled_summary` gives the same coding as
JSON, with the report's own words beside each normalised actor name, for the JSON-lines export.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from cronica.export.actors import AcledActor, EventContext, actor_table, normalise_actors
from cronica.export.sources import SourceTableError, source_scale, source_table
from cronica.extract.roles import associated_actors
from cronica.model import Event
from cronica.nlp.language import detect_language
from cronica.taxonomy import disorder_types

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
ISO_NUMERIC = {"PE": 604, "BO": 68, "CL": 152, "EC": 218, "CO": 170, "AR": 32, "BR": 76, "MX": 484, "US": 840}


@lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """ACLED's region of each country code, from ``cronica/data/acled_regions.yaml``."""
    raw = resources.files("cronica").joinpath("data", "acled_regions.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict):
        raise SourceTableError("acled_regions.yaml: expected a mapping of regions")
    return {code: str(region) for region, codes in regions.items() for code in codes}


def _iso_numeric(code: str | None) -> int | str:
    if not code:
        return ""
    if code in ISO_NUMERIC:
        return ISO_NUMERIC[code]
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return int(country.numeric) if country else ""


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, the lower first (16), or one with a 0 (60)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


# Where ACLED looks for civilian targeting: violence against civilians and excessive force against
# (unarmed) protesters always are; explosions and riots are when civilians are the target.
ALWAYS_CIVILIAN_TARGETING = ("Violence against civilians", "Excessive force against protesters")
CIVILIAN_TARGET_TYPES = ("Explosions/Remote violence", "Riots")


def civilian_targeting(e: Event) -> bool:
    """ACLED's civilian targeting: violence against civilians, excessive force against protesters, or
    an explosion or a riot whose target (actor2) is civilians. Battles and strategic developments
    (an arrest, say) never are."""
    if e.event_type in ALWAYS_CIVILIAN_TARGETING or e.sub_event_type in ALWAYS_CIVILIAN_TARGETING:
        return True
    return e.event_type in CIVILIAN_TARGET_TYPES and bool(e.actor2 and e.actor2.type == "civilians")


def _context(e: Event) -> EventContext:
    loc = e.location
    sentence = e.evidence[0].text if e.evidence else ""
    return EventContext(
        country_code=loc.country_code if loc else None,
        country=(loc.country or None) if loc else None,
        day=e.event_date,
        sentence=sentence,
    )


def _associated(e: Event) -> tuple[list[str], list[str]]:
    """The words the evidence joins to each actor ("students joined by teachers' unions")."""
    if not e.evidence or (e.actor1 is None and e.actor2 is None):
        return [], []
    text = e.evidence[0].text
    lang = detect_language(text)
    return associated_actors(text, e.actor1, lang), associated_actors(text, e.actor2, lang)


def acled_actors(e: Event) -> tuple[AcledActor | None, AcledActor | None]:
    """Both sides of ``e`` under ACLED's names; associates are the named groups, then the joined words."""
    side1, side2 = normalise_actors(e.actor1, e.actor2, _context(e), actor_table())
    words1, words2 = _associated(e)
    return _with_words(side1, words1), _with_words(side2, words2)


def _with_words(side: AcledActor | None, words: list[str]) -> AcledActor | None:
    if side is None:
        return None
    extra = tuple(w for w in words if w not in side.associates)
    return AcledActor(side.name, side.raw, side.type, side.inter, (*side.associates, *extra))


def _scale(e: Event) -> str:
    return source_scale(e.evidence, e.location.country_code if e.location else None, source_table())


def acled_summary(e: Event) -> dict[str, Any]:
    """The ACLED coding of ``e`` as JSON: each actor's ACLED name beside the report's words (``raw``),
    its inter code and the named groups joined to it, and the interaction, civilian targeting and
    source scale.

    The associates are the actor table's named groups only: the words the evidence joins to an
    actor (the CSV's other associates) are the report's own words, which the record already quotes,
    and finding them costs a language detection and an actor search per event (about 2 ms), which
    would make the JSON export some thirty times slower.
    """
    side1, side2 = normalise_actors(e.actor1, e.actor2, _context(e), actor_table())
    return {
        "actor1": side1.to_dict() if side1 else None,
        "actor2": side2.to_dict() if side2 else None,
        "interaction": interaction(side1.inter if side1 else None, side2.inter if side2 else None),
        "civilian_targeting": civilian_targeting(e),
        "source_scale": _scale(e) or None,
    }


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _actor_columns(side1: AcledActor | None, side2: AcledActor | None) -> dict[str, Any]:
    inter1 = side1.inter if side1 else None
    inter2 = side2.inter if side2 else None
    return {
        "actor1": side1.name if side1 else "",
        "assoc_actor_1": "; ".join(side1.associates) if side1 else "",
        "inter1": _blank(inter1),
        "actor2": side2.name if side2 else "",
        "assoc_actor_2": "; ".join(side2.associates) if side2 else "",
        "inter2": _blank(inter2),
        "interaction": _blank(interaction(inter1, inter2)),
    }


def _place_columns(e: Event) -> dict[str, Any]:
    loc = e.location
    code = loc.country_code if loc else None
    return {
        "iso": _iso_numeric(code),
        "region": acled_regions().get(code or "", ""),
        "country": (loc.country or "") if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": _blank(loc.lat) if loc else "",
        "longitude": _blank(loc.lon) if loc else "",
        "geo_precision": loc.geo_precision if loc else "",
    }


def acled_row(e: Event) -> dict[str, Any]:
    """One row of ACLED's export, keyed by :data:`ACLED_COLUMNS`.

    ACLED's conventions apply: actors carry ACLED's names ("Police Forces of Peru (2022-2025)",
    "Protesters (Peru)"), ``inter1``/``inter2`` are ACLED's actor codes and ``interaction`` pairs
    them, lower first; ``civilian_targeting`` reads "Civilian targeting" as :func:`civilian_targeting`
    says; ``fatalities`` is 0 when none are reported; ``time_precision`` is 1 (day), 2 (week) or
    3 (month or coarser); ``notes`` quotes the first evidence sentences; ``assoc_actor_1``/``2``
    list the named groups and the words the evidence joins to each actor, separated by "; ".
    Columns cronica does not know (admin3, timestamp) stay empty.
    """
    side1, side2 = acled_actors(e)
    return {
        "event_id_cnty": e.event_id,
        "event_date": e.event_date.isoformat() if e.event_date else "",
        "year": e.event_date.year if e.event_date else "",
        "time_precision": TIME_PRECISION.get(e.date_precision, 3),
        "disorder_type": disorder_types().get(e.event_type, "Political violence"),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        **_actor_columns(side1, side2),
        "civilian_targeting": "Civilian targeting" if civilian_targeting(e) else "",
        **_place_columns(e),
        "source": "; ".join(sorted({ev.source for ev in e.evidence if ev.source})),
        "source_scale": _scale(e),
        "notes": " ".join(ev.text for ev in e.evidence[:3])[:1000],
        "fatalities": e.fatalities if e.fatalities is not None else 0,
        "tags": "; ".join(e.tags),
        "timestamp": "",
    }
