"""Query parameters shared by the event endpoints: the filters of ``cronica events``.

A bad value is answered with FastAPI's usual 422 body, whose ``loc`` names the
parameter (``["query", "bbox"]``) and whose ``msg`` says what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError

from cronica.errors import InvalidCursor
from cronica.model import REVIEW_STATUSES
from cronica.store import paging
from cronica.store.aggregates import cell_size
from cronica.store.db import EventFilter
from cronica.taxonomy import event_type_names, sub_event_type_names

SORTS = ("date", "-date", "fatalities")
TALLY_KINDS = ("killed", "injured", "arrested", "crowd")
MAX_LIMIT = 5000  # events per page of /api/events and /api/events.geojson
MAX_EXPORT = 20_000  # events per download of /api/export
MAX_OFFSET = 10_000_000  # far past any store, far below what a database integer holds
MAX_TEXT = 200
MAX_MAP_CELLS = 262_144  # grid cells a /api/map view may span (512 x 512): a screen needs far fewer


def invalid(name: str, msg: str, value: Any) -> RequestValidationError:
    """A 422 in FastAPI's own shape, naming the query parameter ``name``."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", name), "msg": msg, "input": value}]
    )


def enum_of(values: Callable[[], tuple[str, ...]]) -> Any:
    """A ``json_schema_extra`` that lists ``values()`` as the parameter's ``enum``.

    Pydantic calls it when the OpenAPI schema is built, so the taxonomy is not read at import.
    FastAPI's signature says ``dict``, pydantic also takes this callable: hence ``Any``.
    """

    def add_enum(schema: dict[str, Any]) -> None:
        schema["enum"] = list(values())

    return add_enum


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if any(ord(c) < 32 for c in value):
        raise invalid(name, "must not contain control characters", value)
    value = value.strip()
    return value or None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees, or a 422 naming ``bbox``."""
    if value is None or value == "":
        return None
    try:
        parts = [float(p) for p in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4 or any(p != p for p in parts):  # p != p: NaN
        raise invalid("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat", value)
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise invalid(
            "bbox", "expected -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90", value
        )
    return min_lon, min_lat, max_lon, max_lat


Offset = Annotated[
    int,
    Query(
        ge=0,
        le=MAX_OFFSET,
        description="Events to skip (kept for old clients: the database reads every skipped event, "
        "so deep offsets are slow; follow `next` or pass `cursor` instead).",
    ),
]
CursorQ = Annotated[
    str | None,
    Query(
        max_length=paging.MAX_CURSOR_CHARS,
        description="Where the page starts: the `cursor` of the previous page (opaque). "
        "Every page costs the same however deep it is.",
    ),
]
Count = Annotated[
    bool | None,
    Query(
        description="Count the events that match (`total`). Default: on the first page only; "
        "pages read with a cursor answer `total: null` unless asked, as counting reads every match.",
    ),
]


def page_cursor(text: str | None, sort: str, offset: int) -> paging.Cursor | None:
    """The decoded ``cursor`` parameter, or a 422 with the reason (also when ``offset`` is given too)."""
    if text is None or text == "":
        return None
    if offset:
        raise invalid("cursor", "give cursor or offset, not both", text)
    try:
        return paging.decode(text, sort)
    except InvalidCursor as exc:
        raise invalid("cursor", str(exc), text) from exc


def wants_total(count: bool | None, after: paging.Cursor | None) -> bool:
    """Whether to count the matches: when asked, else on the first page only."""
    return count if count is not None else after is None


def next_page(request: Request, following: paging.Cursor | None) -> str | None:
    """The path and query of the page after this one (its cursor), or None when this is the last.

    Only the path is given (no scheme or host), so the link never repeats a forged Host header.
    """
    if following is None:
        return None
    url = request.url.remove_query_params("offset").include_query_params(cursor=paging.encode(following))
    return f"{url.path}?{url.query}"


def page_headers(total: int | None, following: str | None) -> dict[str, str]:
    """``X-Total-Count`` (when counted), and a ``Link`` to the next page when there is one."""
    headers = {} if total is None else {"X-Total-Count": str(total)}
    if following:
        headers["Link"] = f'<{following}>; rel="next"'
    return headers


def check_map_grid(zoom: int, bbox: tuple[float, float, float, float] | None) -> None:
    """A 422 naming ``bbox`` when the view spans more than :data:`MAX_MAP_CELLS` cells at ``zoom``."""
    min_lon, min_lat, max_lon, max_lat = bbox or (-180.0, -90.0, 180.0, 90.0)
    size = cell_size(zoom)
    cells = (math.floor((max_lon - min_lon) / size) + 1) * (math.floor((max_lat - min_lat) / size) + 1)
    if cells > MAX_MAP_CELLS:
        raise invalid(
            "bbox", f"spans {cells} grid cells at zoom {zoom}, more than {MAX_MAP_CELLS}: narrow it", bbox
        )


Since = Annotated[dt.date | None, Query(description="Events on or after this date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Events on or before this date (YYYY-MM-DD).")]
Country = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. PE.")
]
Admin1 = Annotated[str | None, Query(max_length=MAX_TEXT, description="First-level region, e.g. Puno.")]
EventType = Annotated[
    str | None,
    Query(alias="type", description="ACLED event type.", json_schema_extra=enum_of(event_type_names)),
]
SubType = Annotated[
    str | None,
    Query(
        alias="sub_type",
        description="ACLED sub-event type.",
        json_schema_extra=enum_of(sub_event_type_names),
    ),
]
ActorQ = Annotated[str | None, Query(max_length=MAX_TEXT, description="Actor name contains this.")]
Bbox = Annotated[
    str | None,
    Query(
        description="min_lon,min_lat,max_lon,max_lat in degrees, e.g. -71,-16,-70,-15.",
        pattern=r"^-?[0-9]{1,3}(\.[0-9]+)?(,-?[0-9]{1,3}(\.[0-9]+)?){3}$",
    ),
]
Text = Annotated[str | None, Query(max_length=MAX_TEXT, description="Full-text search (accent-insensitive).")]
Background = Annotated[bool, Query(description="Include events that reports recount as history.")]
MinConfidence = Annotated[
    float | None,
    Query(
        ge=0.0,
        le=1.0,
        description="Only events at least this likely to be real incidents (calibrated confidence); "
        "default: the server's min_confidence setting, 0 for every event.",
    ),
]
ReviewedOnly = Annotated[bool, Query(description="Only events a person confirmed or corrected.")]
ReviewStatus = Annotated[
    str | None,
    Query(
        description="Only events of this review status; rejected events are left out unless asked for.",
        json_schema_extra={"enum": list(REVIEW_STATUSES)},
    ),
]


def event_filter(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    admin1: Admin1 = None,
    event_type: EventType = None,
    sub_event_type: SubType = None,
    actor: ActorQ = None,
    bbox: Bbox = None,
    q: Text = None,
    background: Background = False,
    min_confidence: MinConfidence = None,
    reviewed_only: ReviewedOnly = False,
    review_status: ReviewStatus = None,
    request: Request = None,  # type: ignore[assignment]  # FastAPI always passes it
) -> EventFilter:
    """The filters of ``cronica events`` as a FastAPI dependency."""
    if since and until and since > until:
        raise invalid("until", "must be on or after since", until.isoformat())
    if event_type is not None and event_type not in event_type_names():
        types = ", ".join(event_type_names())
        raise invalid("type", f"must be one of the ACLED event types: {types}", event_type)
    if sub_event_type is not None and sub_event_type not in sub_event_type_names():
        raise invalid("sub_type", "must be one of ACLED's 25 sub-event types", sub_event_type)
    if review_status is not None and review_status not in REVIEW_STATUSES:
        raise invalid("review_status", f"must be one of {', '.join(REVIEW_STATUSES)}", review_status)
    return EventFilter(
        since=since,
        until=until,
        country=country.upper() if country else None,
        admin1=_text("admin1", admin1),
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=_text("actor", actor),
        bbox=parse_bbox(bbox),
        q=_text("q", q),
        include_background=background,
        min_confidence=_server_default(request) if min_confidence is None else min_confidence,
        review_status=review_status,
        reviewed_only=reviewed_only,
    )


def _server_default(request: Request | None) -> float:
    """The app's ``min_confidence`` (set by ``create_app``); 0 when called outside a request."""
    return 0.0 if request is None else float(request.app.state.min_confidence)
