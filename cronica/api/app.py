"""The REST API and the dashboard's static files (DESIGN.md section 8)."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cronica import __version__
from cronica.api import params as p
from cronica.api.cache import ResponseCache
from cronica.api.ratelimit import FailureLimiter
from cronica.api.review_routes import add_review_routes, cronica_error
from cronica.api.views import (
    BUCKETS,
    actor_type_table,
    admin1_table,
    event_detail,
    event_summary,
    facets_of_counts,
    map_grid,
    safe_url,
    timeline_of_counts,
)
from cronica.errors import CronicaError
from cronica.export.formats import FORMATS, MEDIA_TYPES, geojson, write_events
from cronica.fuse.ledger import ledger_rows
from cronica.store import open_store, paging
from cronica.store.aggregates import MAX_ZOOM, actor_type_counts, admin1_counts, map_cells
from cronica.store.db import EventFilter, Store
from cronica.taxonomy import taxonomy

WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"
EXTENSIONS = {
    "acled-csv": "acled.csv",
    "csv": "csv",
    "geojson": "geojson",
    "jsonl": "jsonl",
    "parquet": "parquet",
    "plover-jsonl": "plover.jsonl",
}
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cronica: dashboard not built</title></head>
<body><h1>The dashboard is not built</h1>
<p>Run <code>make web</code> (it runs <code>npm ci</code> and <code>npm run build</code>
in <code>web/</code>), then reload this page.
The REST API works without it: see <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
"""


def tile_template(tile_url: str) -> str | None:
    """An XYZ tile URL template that the page may load, or None (http(s) with {z}, {x}, {y})."""
    url = safe_url(tile_url)
    if not url or not all(k in url for k in ("{z}", "{x}", "{y}")):
        return None
    return url


def content_security_policy(tile_url: str | None) -> str:
    """Scripts and styles only from this server; images and fetches also from the tile server."""
    extra = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        extra = f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob:{extra}; connect-src 'self'{extra}; "
        "worker-src 'self' blob:; child-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    """The headers every response carries: no foreign scripts, no framing, no sniffing, no referrer."""
    return [
        (b"content-security-policy", csp.encode("latin-1")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]


class SecurityHeaders:
    """Pure ASGI middleware that sets :func:`security_headers` on every HTTP response.

    It wraps the whole application, Starlette's error middleware included, so a
    500 from an unexpected exception, a 404 or a 405 carries the headers too.
    """

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = security_headers(csp)
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the start of the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CronicaAPI(FastAPI):
    """FastAPI with :class:`SecurityHeaders` outside every other middleware."""

    def __init__(self, csp: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.csp = csp

    def build_middleware_stack(self) -> ASGIApp:
        """Starlette's stack (errors, exceptions, routes) inside the security headers."""
        return SecurityHeaders(super().build_middleware_stack(), self.csp)


async def internal_error(request: Request, exc: Exception) -> Response:
    """A 500 that says only that something failed: no traceback, no exception text."""
    return JSONResponse({"detail": "internal server error"}, status_code=500)


def create_app(
    db_url: str,
    tile_url: str = "",
    *,
    web_dir: Path | None = None,
    min_confidence: float = 0.0,
    cache_s: float = 0.0,
) -> FastAPI:
    """The FastAPI app over the database at ``db_url`` (opened once, here).

    ``tile_url``: an online XYZ basemap for the dashboard; the offline basemap
    is used when it is empty. ``web_dir``: the built dashboard (default
    ``cronica/web/dist``); ``/`` answers 503 with instructions when it is missing.
    ``min_confidence``: the event endpoints leave out events below this calibrated confidence
    unless a request asks for another threshold. ``cache_s``: aggregates, map grids and
    counts are kept this many seconds (:mod:`cronica.api.cache`; 0, the default here: not kept).
    """
    store = open_store(db_url)
    tiles = tile_template(tile_url)
    csp = content_security_policy(tiles)
    web = web_dir if web_dir is not None else WEB_DIST
    app = CronicaAPI(
        csp,
        title="cronica",
        version=__version__,
        description="Protest and political-violence events extracted from news reports, "
        "each figure traceable to the sentence that states it.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.store = store
    app.state.min_confidence = min_confidence
    app.state.auth_failures = FailureLimiter()  # per process: see cronica.api.ratelimit
    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(CronicaError, cronica_error)
    cache = ResponseCache(cache_s)
    _routes(app, store, tiles, cache)
    add_review_routes(app, store, cache)
    if (web / "index.html").is_file():
        app.mount("/", StaticFiles(directory=web, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            """503 with instructions: the dashboard has not been built (``make web``)."""
            return HTMLResponse(NOT_BUILT, status_code=503)

    return app


def taxonomy_summary() -> dict[str, Any]:
    """The event types with their sub-types and the actor types, in the taxonomy's order."""
    tx = taxonomy()
    return {
        "event_types": [
            {"name": et.name, "sub_event_types": [s.name for s in et.sub_event_types]}
            for et in tx.event_types
        ],
        "actor_types": [a.name for a in tx.actor_types],
    }


def app_from_environment() -> FastAPI:
    """The app of a ``cronica serve --workers N`` worker: settings from ``CRONICA_*`` and cronica.toml."""
    from cronica.config import load_settings

    settings = load_settings()
    return create_app(
        settings.db,
        tile_url=settings.tile_url,
        min_confidence=settings.min_confidence,
        cache_s=settings.api_cache_s,
    )


Filter = Annotated[EventFilter, Depends(p.event_filter)]


def _request_key(request: Request) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A request's path and its query parameters in a fixed order: the key of its cached answer."""
    return request.url.path, tuple(sorted(request.query_params.multi_items()))


def _json_bytes(body: Any) -> bytes:
    """``body`` rendered as JSONResponse renders it."""
    return bytes(JSONResponse(body).body)


def _routes(app: FastAPI, store: Store, tiles: str | None, cache: ResponseCache) -> None:
    def cached(request: Request, compute: Callable[[], Any]) -> Response:
        """The JSON answer of ``compute()``, from the cache when this request was answered lately."""
        body = cache.get(_request_key(request), lambda: _json_bytes(compute()))
        return Response(body, media_type="application/json")

    def total_of(flt: EventFilter) -> int:
        """How many events pass ``flt`` (its paging left out), kept like the aggregates."""
        key = ("count", dataclasses.astuple(dataclasses.replace(flt, limit=None, offset=0, order="date")))
        return cache.get(key, lambda: store.count_events(flt))

    @app.get(
        "/api/events",
        tags=["events"],
        summary="Events, filtered and paginated",
        response_model=dict[str, Any],
    )
    def list_events(
        request: Request,
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=p.MAX_LIMIT, description="Page size.")] = 100,
        offset: p.Offset = 0,
        sort: Annotated[
            str,
            Query(
                description="date (undated last), -date (newest first) or fatalities (most first); "
                "ties go by event id",
                json_schema_extra={"enum": p.SORTS},
            ),
        ] = "date",
        cursor: p.CursorQ = None,
        count: p.Count = None,
    ) -> Response:
        """The events that match the filters, one page at a time (keyset pagination).

        ``next`` is the link to the following page and ``cursor`` its position
        (both null on the last page); ``total`` counts the matches, on the first
        page or when asked with ``count=true`` (null otherwise).
        """
        if sort not in p.SORTS:
            raise p.invalid("sort", f"must be one of {', '.join(p.SORTS)}", sort)
        after = p.page_cursor(cursor, sort, offset)
        page = store.events_page(dataclasses.replace(flt, limit=limit, offset=offset, order=sort), after)
        total = total_of(flt) if p.wants_total(count, after) else None
        return JSONResponse(
            {
                "total": total,
                "limit": limit,
                "offset": offset,
                "sort": sort,
                "cursor": paging.encode(page.cursor) if page.cursor else None,
                "next": p.next_page(request, page.cursor),
                "events": [event_summary(e) for e in page.events],
            }
        )

    @app.get(
        "/api/events.geojson",
        tags=["events"],
        summary="Events as a GeoJSON FeatureCollection, a page at a time",
        response_class=JSONResponse,
        responses={200: {"content": {MEDIA_TYPES["geojson"]: {"schema": {"type": "object"}}}}},
    )
    def events_geojson(
        request: Request,
        flt: Filter,
        limit: Annotated[
            int, Query(ge=1, le=p.MAX_LIMIT, description=f"At most this many events (at most {p.MAX_LIMIT}).")
        ] = p.MAX_LIMIT,
        offset: p.Offset = 0,
        cursor: p.CursorQ = None,
        count: p.Count = None,
    ) -> JSONResponse:
        """The events that match the filters and have coordinates, one Point feature each.

        A page holds at most ``limit`` events in date order; ``next`` and
        ``cursor`` (members of the collection) and the ``Link`` header say
        whether more remain; ``total`` and ``X-Total-Count`` as in ``/api/events``.
        """
        after = p.page_cursor(cursor, "date", offset)
        page = store.events_page(dataclasses.replace(flt, limit=limit, offset=offset, order="date"), after)
        total = total_of(flt) if p.wants_total(count, after) else None
        following = p.next_page(request, page.cursor)
        body = {
            **geojson(page.events),
            "total": total,
            "limit": limit,
            "offset": offset,
            "cursor": paging.encode(page.cursor) if page.cursor else None,
            "next": following,
        }
        return JSONResponse(body, media_type=MEDIA_TYPES["geojson"], headers=p.page_headers(total, following))

    @app.get(
        "/api/events/{event_id}",
        tags=["events"],
        summary="One event with every report and the evidence sentence in context",
        responses={404: {"description": "No event with this id"}},
    )
    def get_event(event_id: str) -> dict[str, Any]:
        """The event record plus, for every report, its outlet, link and the evidence in context."""
        # an id no event can have (control characters, which PostgreSQL cannot even compare) is not looked up
        possible = len(event_id) <= p.MAX_TEXT and not any(ord(c) < 32 for c in event_id)
        event = store.event(event_id) if possible else None
        if event is None:
            raise HTTPException(404, detail=f"no event with id {event_id[: p.MAX_TEXT]!r}")
        docs = store.documents(
            {ev.doc_id for ev in event.evidence} | {f.evidence.doc_id for f in event.figures}
        )
        return event_detail(event, docs, store.event_mention_records(event_id))

    @app.get(
        "/api/timeline",
        tags=["events"],
        summary="Events and fatalities per day, by event type",
        response_model=dict[str, Any],
    )
    def get_timeline(
        request: Request,
        flt: Filter,
        bucket: Annotated[
            str,
            Query(description="day, or week (counted on its Monday)", json_schema_extra={"enum": BUCKETS}),
        ] = "day",
    ) -> Response:
        """Per day (or week): events and people killed, in total and by ACLED event type."""
        if bucket not in BUCKETS:
            raise p.invalid("bucket", f"must be one of {', '.join(BUCKETS)}", bucket)
        return cached(request, lambda: timeline_of_counts(*store.timeline_counts(flt, bucket), bucket=bucket))

    @app.get(
        "/api/aggregates/admin1",
        tags=["aggregates"],
        summary="Events and fatalities per country and first-level region",
        response_model=dict[str, Any],
    )
    def get_admin1(request: Request, flt: Filter) -> Response:
        """One row per (country, admin1) with events and fatalities, most events first."""
        return cached(request, lambda: admin1_table(admin1_counts(store, flt)))

    @app.get(
        "/api/aggregates/actor-type",
        tags=["aggregates"],
        summary="Events and fatalities per actor type",
        response_model=dict[str, Any],
    )
    def get_actor_types(request: Request, flt: Filter) -> Response:
        """Per pair of (actor1 type, actor2 type), and per type of each actor alone."""
        return cached(request, lambda: actor_type_table(actor_type_counts(store, flt)))

    @app.get(
        "/api/map",
        tags=["aggregates"],
        summary="Events gathered in a grid whose cells halve at each zoom level",
        response_model=dict[str, Any],
    )
    def get_map(
        request: Request,
        flt: Filter,
        zoom: Annotated[int, Query(ge=0, le=MAX_ZOOM, description="Map zoom level, 0 to 18.")],
    ) -> Response:
        """Per grid cell (360/2^(zoom+3) degrees): the events' mean position, count and fatalities.

        ``event_id`` and ``event_type`` are set on cells that hold one event.
        ``bbox`` limits the cells to the view; a view wider than
        ``MAX_MAP_CELLS`` cells at this zoom is refused (narrow it or zoom out).
        """
        p.check_map_grid(zoom, flt.bbox)
        return cached(request, lambda: map_grid(zoom, map_cells(store, flt, zoom)))

    @app.get(
        "/api/facets",
        tags=["events"],
        summary="Values present in the data, for filters",
        response_model=dict[str, Any],
    )
    def get_facets(
        request: Request,
        background: Annotated[bool, Query(description="Include background events.")] = False,
    ) -> Response:
        """The values present in the data for each filter (countries, regions, types...), with counts."""
        return cached(request, lambda: facets_of_counts(store.facet_counts(include_background=background)))

    @app.get("/api/tallies", tags=["ledger"], summary="The casualty ledger", response_model=dict[str, Any])
    def get_tallies(
        country: p.Country = None,
        kind: Annotated[
            str | None,
            Query(
                description="killed, injured, arrested or crowd", json_schema_extra={"enum": p.TALLY_KINDS}
            ),
        ] = None,
    ) -> Response:
        """Reported running totals beside the sum of the incidents stored up to the same day."""
        if kind is not None and kind not in p.TALLY_KINDS:
            raise p.invalid("kind", f"must be one of {', '.join(p.TALLY_KINDS)}", kind)
        cc = country.upper() if country else None
        tallies = store.tallies(country=cc, kind=kind)
        kinds = {tl.kind for tl in tallies}
        rows = ledger_rows(tallies, store.incident_days(cc, kinds), country=cc)
        return JSONResponse({"rows": [r.to_dict() for r in rows]})

    @app.get(
        "/api/export",
        tags=["export"],
        summary="Download events in a format other tools read, a page at a time",
        response_class=Response,
        responses={200: {"content": {m: {} for m in sorted(set(MEDIA_TYPES.values()))}}},
    )
    def export(
        request: Request,
        flt: Filter,
        fmt: Annotated[
            str,
            Query(alias="format", description="Output format.", json_schema_extra={"enum": sorted(FORMATS)}),
        ],
        limit: Annotated[
            int,
            Query(ge=1, le=p.MAX_EXPORT, description=f"At most this many events (at most {p.MAX_EXPORT})."),
        ] = p.MAX_EXPORT,
        offset: p.Offset = 0,
        cursor: p.CursorQ = None,
        count: p.Count = None,
    ) -> Response:
        """The events that match the filters as a file download, written as `cronica export` does.

        At most ``limit`` events in date order; the ``Link`` (rel="next", with
        the cursor) and ``X-Total-Count`` headers say whether more remain
        (``cronica export`` writes them all).
        """
        if fmt not in FORMATS:
            raise p.invalid("format", f"must be one of {', '.join(sorted(FORMATS))}", fmt)
        after = p.page_cursor(cursor, "date", offset)
        page = store.events_page(dataclasses.replace(flt, limit=limit, offset=offset, order="date"), after)
        buf = io.BytesIO()
        write_events(page.events, fmt, buf)
        total = total_of(flt) if p.wants_total(count, after) else None
        name = f"cronica-events.{EXTENSIONS.get(fmt, fmt)}"
        headers = {
            "Content-Disposition": f'attachment; filename="{name}"',
            **p.page_headers(total, p.next_page(request, page.cursor)),
        }
        return Response(buf.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)

    @app.get("/api/config", tags=["meta"], summary="What the dashboard needs to know about this server")
    def get_config() -> dict[str, Any]:
        """The server's version, its online basemap (if any), the export formats and the coding
        scheme (event types with their sub-types, actor types) that the review form offers."""
        return {
            "version": __version__,
            "tile_url": tiles,
            "export_formats": sorted(FORMATS),
            "taxonomy": taxonomy_summary(),
        }
