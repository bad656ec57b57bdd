"""The dashboard at size, in headless Chromium: clusters from the server, a timeline counted by
the server (by week over a long period), a table that walks pages with a cursor.

The page is served by the test-only app of tests/web/dash_contract.py, which answers
``/api/map``, ``/api/events`` and ``/api/timeline`` by the contract the API builds to, over
1,200 synthetic events spread over 400 days, and records every request the page makes. The
browser and its skips are those of tests/web/test_web_browser.py.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from web_modules import load_module

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "cronica" / "web" / "dist"
N_EVENTS = 1200
FIRST_DAY = dt.date(2022, 1, 3)  # a Monday: the fake's weeks start on Mondays
SLOW_ZOOM = 8  # the fake holds map requests at this zoom until the page cancels them
FAILING_ZOOM = 13  # and answers those at this zoom with a 500
WAIT_MS = 60_000  # the machine may be busy: Chromium draws WebGL on the CPU


browser_tests = load_module("web_browser_fixtures", REPO / "tests" / "web" / "test_web_browser.py")
contract = load_module("dash_contract", REPO / "tests" / "web" / "dash_contract.py")
browser = browser_tests.browser  # the same Chromium fixture, module-scoped here too


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[str, Any, list[dict[str, Any]]]]:
    if not (DIST / "index.html").is_file():
        browser_tests._missing("the dashboard is not built: run `make web`")
    import uvicorn

    events = contract.synthetic_events(N_EVENTS, FIRST_DAY, 400)
    app = contract.dashboard_app(events, DIST, hold_zoom=SLOW_ZOOM, fail_zoom=FAILING_ZOOM)
    port = browser_tests._free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app, events
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, fake: tuple[str, Any, list[dict[str, Any]]]) -> Iterator[Any]:
    base, app, _ = fake
    context = browser.new_context(viewport=browser_tests.VIEWPORT, locale="en-GB")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    app.state.requests.clear()
    app.state.cancelled.clear()
    pg.goto(base + "/")
    pg.wait_for_function("() => window.__cronicaReady", timeout=WAIT_MS)
    pg.evaluate("() => window.__cronicaReady")
    yield pg
    context.close()


def requests(app: Any, path: str) -> list[dict[str, str]]:
    return [q for p, q in app.state.requests if p == path]


def row_ids(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "#events-table tbody tr[data-event-id]", "rs => rs.map(r => r.dataset.eventId)"
        )
    )


def drawn(page: Any) -> int:
    return int(page.evaluate("() => window.__cronicaDraws.length"))


def wait_drawn(page: Any, more_than: int) -> None:
    page.wait_for_function("n => window.__cronicaDraws.length > n", arg=more_than, timeout=WAIT_MS)


def map_features(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => window.cronicaMap.queryRenderedFeatures({layers: ['events', 'clusters']})
                 .map(f => ({...f.properties, at: window.cronicaMap.project(f.geometry.coordinates)}))"""
        )
    )


def wait_idle(page: Any) -> None:
    page.wait_for_function(
        "() => window.cronicaMap.loaded() && !window.cronicaMap.isMoving()", timeout=WAIT_MS
    )
    page.wait_for_timeout(400)  # past the debounce of the last move


def wait_until(page: Any, app: Any, done: Callable[[], bool], what: str) -> None:
    """Until done() holds on this side (the test server's records), or fail saying what."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not done():
        assert time.monotonic() < deadline, f"{what}; map requests: {requests(app, '/api/map')[-4:]}"
        page.wait_for_timeout(50)


def click_map(page: Any, at: dict[str, float]) -> None:
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def test_first_paint_shows_clusters_a_first_page_and_weekly_counts(
    page: Any, fake: tuple[str, Any, list[dict[str, Any]]]
) -> None:
    _, app, events = fake
    features = map_features(page)
    clusters = [f for f in features if f["kind"] == "cluster"]
    assert clusters, "no cluster drawn"
    labels = page.eval_on_selector_all(".cluster-count", "ls => ls.map(l => Number(l.dataset.count))")
    assert sorted(labels) == sorted(f["count"] for f in clusters)
    last = requests(app, "/api/map")[-1]
    assert (
        sum(f.get("count", 1) for f in features)
        == contract.grid_cells(events, int(last["zoom"]), [float(v) for v in last["bbox"].split(",")])[
            "total"
        ]
    )
    # the table: one page, the total, never every row
    assert page.locator("#events-table tbody tr[data-event-id]").count() == 100
    assert page.text_content("#table-count") == "1–100 of 1,200 events"
    assert all(int(q["limit"]) <= 100 for q in requests(app, "/api/events"))
    # 400 days: the timeline is counted by week
    assert [q.get("bucket") for q in requests(app, "/api/timeline")] == ["week"]
    assert page.get_attribute("#timeline svg", "data-bucket") == "week"
    assert page.locator("#timeline rect.bar-events").count() >= 50
    for q in requests(app, "/api/map"):
        assert q["zoom"].isdigit()
        west, south, east, north = (float(v) for v in q["bbox"].split(","))
        assert -180 <= west < east <= 180 and -90 <= south < north <= 90
    assert not page.errors


def test_moving_the_map_asks_once_for_the_new_view_and_cancels_the_stale_answer(
    page: Any, fake: tuple[str, Any, list[dict[str, Any]]]
) -> None:
    _, app, events = fake
    asked = len(requests(app, "/api/map"))
    # five moves in a row: one request, for where the view settles
    page.evaluate(
        """() => { for (const z of [4.2, 4.6, 5.1, 5.5, 6.3]) {
                   window.cronicaMap.jumpTo({center: [-71, -15], zoom: z}); } }"""
    )
    wait_until(page, app, lambda: len(requests(app, "/api/map")) > asked, "no request for the new view")
    wait_idle(page)
    after = requests(app, "/api/map")[asked:]
    assert [q["zoom"] for q in after] == ["6"]
    # a slow answer (zoom 8) overtaken by a move: cancelled, and never drawn
    page.evaluate("() => window.cronicaMap.jumpTo({center: [-70.02, -15.84], zoom: 8.4})")
    wait_until(
        page,
        app,
        lambda: any(q["zoom"] == str(SLOW_ZOOM) for q in requests(app, "/api/map")),
        "the map did not ask for the slow view",
    )
    page.evaluate("() => window.cronicaMap.jumpTo({center: [-70.02, -15.84], zoom: 10.3})")
    wait_until(page, app, lambda: bool(app.state.cancelled), "the stale request was not cancelled")
    wait_idle(page)
    assert [q["zoom"] for q in app.state.cancelled] == [str(SLOW_ZOOM)]
    assert requests(app, "/api/map")[-1]["zoom"] == "10"
    last = requests(app, "/api/map")[-1]
    view = [float(v) for v in last["bbox"].split(",")]
    assert view[0] > -72 and view[2] < -68  # the zoomed-in view's bbox, not the world's
    # what is drawn is the answer for that view, whatever became of the stale one
    expected = contract.grid_cells(events, 10, view)["cells"]
    page.wait_for_function(
        "n => document.querySelectorAll('.cluster-count').length === n",
        arg=sum(1 for c in expected if c["count"] > 1),
        timeout=WAIT_MS,
    )
    labels = page.eval_on_selector_all(".cluster-count", "ls => ls.map(l => Number(l.dataset.count))")
    assert sorted(labels) == sorted(c["count"] for c in expected if c["count"] > 1)
    assert not page.errors


def test_a_map_request_that_fails_on_a_move_says_so(page: Any) -> None:
    page.evaluate("() => window.cronicaMap.jumpTo({center: [-70.02, -15.84], zoom: 13.5})")
    page.wait_for_selector("#status.error", timeout=WAIT_MS)
    assert "500 /api/map?zoom=13&" in page.text_content("#status")
    assert not page.errors


def test_a_cluster_zooms_in_and_a_single_event_opens(page: Any) -> None:
    clusters = [f for f in map_features(page) if f["kind"] == "cluster"]
    before = page.evaluate("() => window.cronicaMap.getZoom()")
    biggest = max(clusters, key=lambda f: f["count"])
    click_map(page, biggest["at"])
    page.wait_for_function(
        "z => window.cronicaMap.getZoom() >= z + 1.9 && !window.cronicaMap.isMoving()",
        arg=before,
        timeout=WAIT_MS,
    )
    assert page.evaluate("() => location.hash") in ("", "#", "#/")
    # the lone event in Santiago is a point of its own at every zoom
    page.evaluate("() => window.cronicaMap.jumpTo({center: [-70.65, -33.45], zoom: 6})")
    wait_idle(page)
    lone = f"ev-{N_EVENTS - 1:05d}"
    page.wait_for_function(
        """id => window.cronicaMap.queryRenderedFeatures({layers: ['events']})
                   .some(f => f.properties.event_id === id)""",
        arg=lone,
        timeout=WAIT_MS,
    )
    point = next(f for f in map_features(page) if f.get("event_id") == lone)
    click_map(page, point["at"])
    page.wait_for_function("id => location.hash === `#/event/${id}`", arg=lone, timeout=WAIT_MS)
    page.wait_for_selector("#view-event h2.event-title", timeout=WAIT_MS)
    assert not page.errors


def test_dragging_a_period_on_the_weekly_timeline_filters_map_and_table(
    page: Any, fake: tuple[str, Any, list[dict[str, Any]]]
) -> None:
    _, app, events = fake
    timelines = len(requests(app, "/api/timeline"))
    starts = [d["date"] for d in contract.timeline_body(events, "week")["days"]]
    weeks = len(starts)  # every week from FIRST_DAY on holds events: one bar each
    assert starts == [(FIRST_DAY + dt.timedelta(weeks=k)).isoformat() for k in range(weeks)]
    hit = page.locator("#timeline rect.hit").bounding_box()
    step = hit["width"] / weeks
    y = hit["y"] + hit["height"] / 2
    before = drawn(page)
    page.mouse.move(hit["x"] + step * 10.5, y)  # the 11th week
    page.mouse.down()
    page.mouse.move(hit["x"] + step * 14.5, y, steps=6)  # to the 15th
    page.mouse.up()
    wait_drawn(page, before)
    since = (FIRST_DAY + dt.timedelta(weeks=10)).isoformat()
    until = (FIRST_DAY + dt.timedelta(weeks=15) - dt.timedelta(days=1)).isoformat()
    assert f"since={since}" in page.evaluate("() => location.hash")
    assert f"until={until}" in page.evaluate("() => location.hash")
    inside = [e for e in events if since <= e["event_date"] <= until]
    assert page.text_content("#table-count") == f"1–{min(100, len(inside))} of {len(inside):,} events"
    assert requests(app, "/api/map")[-1]["since"] == since
    assert requests(app, "/api/events")[-1]["until"] == until
    assert sum(f.get("count", 1) for f in map_features(page)) <= len(inside)
    assert len(requests(app, "/api/timeline")) == timelines  # the counts drawn stay the same
    by_id = {e["event_id"]: e["event_date"] for e in events}
    assert all(since <= by_id[i] <= until for i in row_ids(page))
    assert not page.errors


def test_the_table_walks_pages_with_the_cursor_and_back(
    page: Any, fake: tuple[str, Any, list[dict[str, Any]]]
) -> None:
    _, app, _ = fake
    assert page.is_disabled("#page-prev") and not page.is_disabled("#page-next")
    first_ids = row_ids(page)

    def go(button: str, expect: str) -> None:
        page.click(button)
        page.wait_for_function(
            "t => document.querySelector('#table-count').textContent === t", arg=expect, timeout=WAIT_MS
        )

    go("#page-next", "101–200 of 1,200 events")
    assert requests(app, "/api/events")[-1]["cursor"] == "after-100"
    go("#page-next", "201–300 of 1,200 events")
    assert requests(app, "/api/events")[-1]["cursor"] == "after-200"
    assert page.text_content("#table-page") == "Page 3"
    go("#page-prev", "101–200 of 1,200 events")
    assert requests(app, "/api/events")[-1]["cursor"] == "after-100"
    go("#page-prev", "1–100 of 1,200 events")
    assert "cursor" not in requests(app, "/api/events")[-1]
    assert row_ids(page) == first_ids
    # sorting asks the server for the first page in the new order
    page.click("button.sort[data-column=killed]")
    page.wait_for_function(
        "() => document.querySelector('#table-count').textContent.startsWith('1–100')", timeout=WAIT_MS
    )
    assert requests(app, "/api/events")[-1]["sort"] == "fatalities"
    assert all(int(q["limit"]) == 100 for q in requests(app, "/api/events"))
    assert not page.errors


def test_the_last_page_has_no_next(page: Any, fake: tuple[str, Any, list[dict[str, Any]]]) -> None:
    base, _, _ = fake
    page.goto(base + "/#/?type=Battles")
    page.wait_for_function(
        "() => document.querySelector('#table-count').textContent === '1–100 of 300 events'", timeout=WAIT_MS
    )
    for expect in ("101–200 of 300 events", "201–300 of 300 events"):
        page.click("#page-next")
        page.wait_for_function(
            "t => document.querySelector('#table-count').textContent === t", arg=expect, timeout=WAIT_MS
        )
    assert page.is_disabled("#page-next") and not page.is_disabled("#page-prev")
    assert not page.errors


def test_the_paged_view_speaks_spanish(page: Any) -> None:
    page.select_option("#lang", "es")
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    # Spanish groups digits from five figures on: 1200, but 12.000
    assert page.text_content("#table-count") == "1–100 de 1200 eventos"
    assert page.text_content("#page-next") == "Siguiente"
    assert page.text_content("#page-prev") == "Anterior"
    assert page.text_content("#table-page") == "Página 1"
    label = page.get_attribute("#timeline svg", "aria-label")
    assert label == "Eventos por semana; Personas fallecidas por semana"
    assert "Círculo con número" in page.text_content("#map-legend")
    page.click("#page-next")
    page.wait_for_function(
        "() => document.querySelector('#table-count').textContent.startsWith('101–200 de ')", timeout=WAIT_MS
    )
    assert not page.errors


def test_view_bbox_stays_in_the_ranges_the_api_accepts(page: Any) -> None:
    got = page.evaluate(
        """async () => {
             const m = await import('/js/cells.js');
             return [m.viewBbox(-75.123456, -20, -60, -5), m.viewBbox(170, -10, 190, 10),
                     m.viewBbox(-540, -95, 540, 95), m.requestZoom(3.99), m.requestZoom(-1)];
           }"""
    )
    assert got == [[-75.1235, -20, -60, -5], [-180, -10, 180, 10], [-180, -90, 180, 90], 3, 0]


def test_measure_dashboard_times_first_paint_and_a_drag(fake: tuple[str, Any, list[dict[str, Any]]]) -> None:
    base, app, _ = fake
    bench = load_module("serve_browser", REPO / "bench" / "serve_browser.py")
    before = len(requests(app, "/api/events"))
    # its own Playwright, on a thread of its own: this module's browser already runs one here
    outcome: dict[str, Any] = {}

    def measure() -> None:
        try:
            outcome["figures"] = bench.measure_dashboard(base)
        except bench.DashboardTimingError as err:
            outcome["error"] = err

    worker = threading.Thread(target=measure)
    worker.start()
    worker.join(timeout=300)
    if "error" in outcome and "not installed" in str(outcome["error"]):
        browser_tests._missing(str(outcome["error"]))
    assert "figures" in outcome, outcome.get("error", "measure_dashboard did not finish")
    figures = outcome["figures"]
    assert set(figures) == {"first_paint_ms", "timeline_drag_ms"}
    assert 0 < figures["first_paint_ms"] < 60_000
    assert 0 < figures["timeline_drag_ms"] < 60_000
    dragged = requests(app, "/api/events")[before:]
    assert len(dragged) == 2 and "since" in dragged[-1] and "until" in dragged[-1]
