"""The correctable fields: checking a person's values, and laying corrections over a fused event.

Values are checked and turned into the event record's own JSON form when the
correction is made (a place is resolved from the gazetteer then), so replaying
the log later needs neither the gazetteer nor the person's original text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cronica.model import DATE_PRECISIONS, Event
from cronica.review.errors import InvalidReviewError
from cronica.taxonomy import TaxonomyError, actor_type_names, sub_event

COUNTS = ("fatalities", "injuries", "arrests", "crowd_size")
FIELDS: tuple[str, ...] = (
    "event_date",
    "date_end",
    "date_precision",
    "sub_event_type",
    "location",
    "actor1",
    "actor2",
    *COUNTS,
    "background",
    "tags",
)
MAX_TEXT = 200


def _date(name: str, value: Any) -> str | None:
    if value is None or value == "":
        if name == "event_date":
            raise InvalidReviewError("event_date cannot be emptied")
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidReviewError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _precision(_name: str, value: Any) -> str:
    if value not in DATE_PRECISIONS:
        raise InvalidReviewError(f"date_precision must be one of {', '.join(DATE_PRECISIONS)}")
    return str(value)


def _sub_type(_name: str, value: Any) -> str:
    try:
        return sub_event(str(value)).name
    except TaxonomyError:
        raise InvalidReviewError(f"{value!r} is not an ACLED sub-event type") from None


def _count(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidReviewError(f"{name} must be a whole number >= 0 or empty")
    try:
        n = int(value)
    except ValueError:
        raise InvalidReviewError(f"{name} must be a whole number >= 0, not {value!r}") from None
    if not 0 <= n < 2**31:
        raise InvalidReviewError(f"{name} must be a whole number from 0 to {2**31 - 1}")
    return n


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise InvalidReviewError(f"{name} must be true or false")


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise InvalidReviewError(f"{name} must be a text of 1 to {MAX_TEXT} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidReviewError(f"{name} holds a control character")
    return value.strip()


def _tags(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise InvalidReviewError(f"{name} must be a list of texts")
    return sorted({_text("a tag", v) for v in value})


def _actor(name: str, value: Any) -> dict[str, str] | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dict) or set(value) - {"name", "type"}:
        raise InvalidReviewError(f'{name} must be {{"name": ..., "type": ...}} or null')
    kind = value.get("type")
    if kind not in actor_type_names():
        raise InvalidReviewError(f"{name} type must be one of {', '.join(actor_type_names())}")
    return {"name": _text(f"{name} name", value.get("name")), "type": str(kind)}


@lru_cache(maxsize=1)
def _by_geonames_id() -> dict[int, int]:
    from cronica.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    out: dict[int, int] = {}
    for i, gid in enumerate(gaz.geonames_ids):
        if gid is not None:
            out.setdefault(gid, i)
    return out


def _place_of_id(geonames_id: Any) -> dict[str, Any]:
    from cronica.geo.gazetteer import load_gazetteer

    if isinstance(geonames_id, bool) or not isinstance(geonames_id, int | str):
        raise InvalidReviewError("location geonames_id must be a number")
    try:
        i = _by_geonames_id()[int(geonames_id)]
    except (KeyError, ValueError):
        raise InvalidReviewError(f"no place in the gazetteer has geonames_id {geonames_id!r}") from None
    gaz = load_gazetteer()
    e = gaz.entry(i)
    precision = 1 if e.feature not in ("country", "region", "subregion") else 3
    return _place(e.name, e.country_code, e.admin1, e.admin2, e.lat, e.lon, e.geonames_id, precision)


def _place(
    name: str,
    cc: str | None,
    admin1: str | None,
    admin2: str | None,
    lat: float | None,
    lon: float | None,
    geonames_id: int | None,
    precision: int,
) -> dict[str, Any]:
    from cronica.geo.gazetteer import load_gazetteer

    country = load_gazetteer().country_name(cc) if cc else None
    return {
        "name": name,
        "country": country,
        "country_code": cc,
        "admin1": admin1,
        "admin2": admin2,
        "lat": lat,
        "lon": lon,
        "geonames_id": geonames_id,
        "geo_precision": precision,
    }


def _point(value: dict[str, Any]) -> dict[str, Any]:
    try:
        lat, lon = float(value["lat"]), float(value["lon"])
    except (KeyError, TypeError, ValueError):
        raise InvalidReviewError("a location point needs numbers lat and lon") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidReviewError("a location point needs lat in -90..90 and lon in -180..180")
    name = _text("location name", value.get("name"))
    cc = value.get("country_code")
    if cc is not None and (not isinstance(cc, str) or len(cc) != 2 or not cc.isalpha()):
        raise InvalidReviewError("location country_code must be two letters")
    admin1 = value.get("admin1")
    return _place(name, cc.upper() if cc else None, admin1 if isinstance(admin1, str) else None,
                  None, lat, lon, None, 1)  # fmt: skip


def _location(_name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, int) and not isinstance(value, bool):  # a bare GeoNames id
        return _place_of_id(value)
    if not isinstance(value, dict):
        raise InvalidReviewError('location must be {"geonames_id": N} or {"lat": y, "lon": x, "name": ...}')
    if "geonames_id" in value:
        return _place_of_id(value["geonames_id"])
    return _point(value)


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "event_date": _date,
    "date_end": _date,
    "date_precision": _precision,
    "sub_event_type": _sub_type,
    "location": _location,
    "actor1": _actor,
    "actor2": _actor,
    **{name: _count for name in COUNTS},
    "background": _flag,
    "tags": _tags,
}


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The corrections in the record's JSON form; InvalidReviewError names the first bad one."""
    if not isinstance(fields, dict) or not fields:
        raise InvalidReviewError("a correction needs at least one field")
    out = {}
    for name, value in fields.items():
        if name not in CHECKS:
            raise InvalidReviewError(f"{name!r} cannot be corrected (fields: {', '.join(FIELDS)})")
        out[name] = CHECKS[name](name, value)
    start, end = out.get("event_date"), out.get("date_end")
    if start and end and end < start:
        raise InvalidReviewError("date_end is before event_date")
    return out


def apply_overrides(event: Event, overrides: dict[str, dict[str, Any]]) -> tuple[Event, dict[str, Any]]:
    """``event`` with each corrected field set to the person's value; the overrides with the machine's.

    The sub-event type brings its event type and PLOVER category with it.
    """
    if not overrides:
        return event, {}
    record = event.to_dict()
    shown: dict[str, dict[str, Any]] = {}
    for name in sorted(overrides):
        ov = overrides[name]
        shown[name] = {"machine": record.get(name), **ov}
        record[name] = ov["human"]
        if name == "sub_event_type":
            kind = sub_event(ov["human"])
            record["event_type"], record["plover"] = kind.event_type, kind.plover
    fixed = Event.from_dict(record)
    return fixed, {name: shown[name] for name in overrides}
