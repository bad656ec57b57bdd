"""The REST API and the dashboard's static files (DESIGN.md section 8)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cronica import __version__
from cronica.api import params as p
from cronica.api.views import event_detail, facets_of_counts, safe_url, timeline_of_counts
from cronica.export.formats import FORMATS, MEDIA_TYPES, geojson, write_events
from cronica.fuse.ledger import ledger_rows
from cronica.store import open_store
from cronica.store.db import EventFilter, Store

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
    db_url: str, tile_url: str = "", *, web_dir: Path | None = None, min_confidence: float = 0.0
) -> FastAPI:
    """The FastAPI app over the database at ``db_url`` (opened once, here).

    ``tile_url``: an online XYZ basemap for the dashboard; the offline basemap
    is used when it is empty. ``web_dir``: the built dashboard (default
    ``cronica/web/dist``); ``/`` answers 503 with instructions when it is missing.
    ``min_confidence``: the event endpoints leave out events below this calibrated confidence
    unless a request asks for another threshold.
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
    app.add_exception_handler(Exception, internal_error)
    _routes(app, store, tiles)
    if (web / "index.html").is_file():
        app.mount("/", StaticFiles(directory=web, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            """503 with instructions: the dashboard has not been built (``make web``)."""
            return HTMLResponse(NOT_BUILT, status_code=503)

    return app


Filter = Annotated[EventFilter, Depends(p.event_filter)]


def _routes(app: FastAPI, store: Store, tiles: str | None) -> None:
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
                description="date, -date (newest first) or fatalities", json_schema_extra={"enum": p.SORTS}
            ),
        ] = "date",
    ) -> Response:
        """The events that match the filters, one page at a time, with the total that match.

        ``next`` is the link to the following page (null on the last one).
        """
        if sort not in p.SORTS:
            raise p.invalid("sort", f"must be one of {', '.join(p.SORTS)}", sort)
        page = dataclasses.replace(flt, limit=limit, offset=offset, order=sort)
        events = store.events(page)
        total = store.count_events(flt)
        return JSONResponse(
            {
                "total": total,
                "limit": limit,
                "offset": offset,
                "sort": sort,
                "next": p.next_page(request, limit, offset, total),
                "events": [e.to_dict() for e in events],
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
    ) -> JSONResponse:
        """The events that match the filters and have coordinates, one Point feature each.

        A page holds at most ``limit`` events in date order; ``total``, ``next``
        (members of the collection) and the ``Link``/``X-Total-Count`` headers
        say whether more remain.
        """
        events = store.events(dataclasses.replace(flt, limit=limit, offset=offset))
        total = store.count_events(flt)
        following = p.next_page(request, limit, offset, total)
        body = {**geojson(events), "total": total, "limit": limit, "offset": offset, "next": following}
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
        return event_detail(event, docs)

    @app.get(
        "/api/timeline",
        tags=["events"],
        summary="Events and fatalities per day, by event type",
        response_model=dict[str, Any],
    )
    def get_timeline(flt: Filter) -> Response:
        """Per day: events and people killed, in total and by ACLED event type."""
        return JSONResponse(timeline_of_counts(*store.timeline_counts(flt)))

    @app.get(
        "/api/facets",
        tags=["events"],
        summary="Values present in the data, for filters",
        response_model=dict[str, Any],
    )
    def get_facets(
        background: Annotated[bool, Query(description="Include background events.")] = False,
    ) -> Response:
        """The values present in the data for each filter (countries, regions, types...), with counts."""
        return JSONResponse(facets_of_counts(store.facet_counts(include_background=background)))

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
    ) -> Response:
        """The events that match the filters as a file download, written as `cronica export` does.

        At most ``limit`` events in date order; the ``Link`` (rel="next") and
        ``X-Total-Count`` headers say whether more remain (``cronica export`` writes them all).
        """
        if fmt not in FORMATS:
            raise p.invalid("format", f"must be one of {', '.join(sorted(FORMATS))}", fmt)
        buf = io.BytesIO()
        write_events(store.events(dataclasses.replace(flt, limit=limit, offset=offset)), fmt, buf)
        total = store.count_events(flt)
        name = f"cronica-events.{EXTENSIONS.get(fmt, fmt)}"
        headers = {
            "Content-Disposition": f'attachment; filename="{name}"',
            **p.page_headers(total, p.next_page(request, limit, offset, total)),
        }
        return Response(buf.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)

    @app.get("/api/config", tags=["meta"], summary="What the dashboard needs to know about this server")
    def get_config() -> dict[str, Any]:
        """The server's version, its online basemap (if any) and the export formats."""
        return {"version": __version__, "tile_url": tiles, "export_formats": sorted(FORMATS)}
