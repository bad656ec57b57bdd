"""The dashboard in headless Chromium (Debian's package, driven by Playwright) over a real server.

The server is uvicorn on a free port of 127.0.0.1 over the synthetic database of
tests/api/api_sample.py; the map asks it for clusters (``/api/map``). The tests save screenshots
to docs/screenshots/ (the README shows them). They skip when Chromium, Playwright or the built
dashboard (``make web``) is missing, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_modules import load_module

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "cronica" / "web" / "dist"
SCREENSHOTS = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}  # a common laptop screen
WAIT_MS = 20_000


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run should have installed it)")
    pytest.skip(reason)


def _load_sample() -> Any:
    return load_module("api_sample", REPO / "tests" / "api" / "api_sample.py")


def _chromium_args() -> list[str]:
    """The flags bench/serve_browser.py starts Chromium with (headless, WebGL on the CPU)."""
    return list(load_module("serve_browser", REPO / "bench" / "serve_browser.py").CHROMIUM_ARGS)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    if not (DIST / "index.html").is_file():
        _missing("the dashboard is not built: run `make web`")
    import uvicorn

    from cronica.api import create_app

    sample = _load_sample().build_sample(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(sample.url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", sample
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = _chromium()
    if chromium is None:
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=_chromium_args())
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: tuple[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    # the page must never reach outside this server (offline basemap, vendored libraries)
    base = server[0]
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    pg.outside = []  # type: ignore[attr-defined]
    # (requests to this server may fail too: the page cancels those that a newer one replaced)
    pg.on("requestfailed", lambda r: None if r.url.startswith(base) else pg.outside.append(r.url))
    yield pg
    pg.unroute_all(behavior="ignoreErrors")  # a request still being routed when the test ends
    context.close()


def shot(page: Any, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def wait_map(page: Any, n: int) -> None:
    """Until the map shows n events: its single-event points and its clusters' counts together."""
    page.wait_for_function(
        """n => window.cronicaMap && window.cronicaMap.loaded() && window.cronicaMap.isStyleLoaded()
             && window.cronicaMap.queryRenderedFeatures({layers: ['events', 'clusters']})
                  .reduce((sum, f) => sum + (f.properties.count || 1), 0) === n""",
        arg=n,
        timeout=WAIT_MS,
    )


def wait_point(page: Any, event_id: str) -> None:
    """Until the map draws this event as a point of its own (not inside a cluster)."""
    page.wait_for_function(
        """id => window.cronicaMap && window.cronicaMap.loaded()
             && window.cronicaMap.queryRenderedFeatures({layers: ['events']})
                  .some(f => f.properties.event_id === id)""",
        arg=event_id,
        timeout=WAIT_MS,
    )


def table_ids(page: Any) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "#events-table tbody tr[data-event-id]", "rs => rs.map(r => r.dataset.eventId)"
        )
    )


def wait_rows(page: Any, ids: set[str]) -> None:
    page.wait_for_function(
        """ids => JSON.stringify([...document.querySelectorAll('#events-table tbody tr[data-event-id]')]
                   .map(r => r.dataset.eventId).sort()) === JSON.stringify(ids)""",
        arg=sorted(ids),
        timeout=WAIT_MS,
    )


def wait_first_row(page: Any, event_id: str) -> None:
    page.wait_for_function(
        """id => { const r = document.querySelector('#events-table tbody tr:first-child');
                   return r && r.dataset.eventId === id; }""",
        arg=event_id,
        timeout=WAIT_MS,
    )


def test_map_shows_the_events_and_a_click_opens_one(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    page.goto(base + "/")
    wait_map(page, 5)
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    assert len(table_ids(page)) == 5
    assert page.text_content("#table-count") == "1–5 of 5 events"
    page.wait_for_timeout(500)  # let the basemap finish drawing for the screenshot
    shot(page, "dashboard.png")
    # close enough that Juliaca is a point of its own, not in a cluster; then click it
    page.evaluate("() => window.cronicaMap.jumpTo({center: [-70.13, -15.5], zoom: 10})")
    wait_point(page, sample.events["juliaca"])
    x, y = page.evaluate("() => { const p = window.cronicaMap.project([-70.13, -15.5]); return [p.x, p.y]; }")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector("mark.evidence", timeout=WAIT_MS)
    assert page.evaluate("() => location.hash") == f"#/event/{sample.events['juliaca']}"
    assert not page.errors and not page.outside


def test_choosing_a_timeline_range_filters_the_table_and_the_map(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    page.goto(base + "/")
    wait_map(page, 5)
    hit = page.locator("#timeline rect.hit").bounding_box()
    days = 38  # 2022-12-15 .. 2023-01-21
    step = hit["width"] / days
    y = hit["y"] + hit["height"] / 2
    page.mouse.move(hit["x"] + step * 25.5, y)  # 2023-01-09
    page.mouse.down()
    page.mouse.move(hit["x"] + step * 30, y, steps=5)
    page.mouse.move(hit["x"] + step * 35.5, y, steps=5)  # 2023-01-19
    page.mouse.up()
    wait_rows(page, {sample.events[k] for k in ("juliaca", "lapaz", "lima")})
    assert "since=2023-01-09" in page.evaluate("() => location.hash")
    assert "until=2023-01-19" in page.evaluate("() => location.hash")
    assert page.input_value("input[name=since]") == "2023-01-09"
    wait_map(page, 3)
    shot(page, "timeline-range.png")
    page.click("#timeline-clear")
    wait_rows(page, set(sample.events.values()) - {sample.events["background"]})
    assert not page.errors


def test_table_filters_and_sorting(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    everything = set(sample.events.values()) - {sample.events["background"]}
    page.goto(base + "/")
    wait_rows(page, everything)
    page.select_option("select[name=admin1]", "Puno")
    wait_rows(page, {sample.events["juliaca"]})
    page.click("button[type=reset]")
    wait_rows(page, everything)
    page.fill("input[name=q]", "tear gas")
    wait_rows(page, {sample.events["lima"]})
    page.click("button[type=reset]")
    page.fill("input[name=actor]", "army")
    wait_rows(page, {sample.events["ayacucho"]})
    page.click("button[type=reset]")
    page.select_option("select[name=type]", "Riots")
    wait_rows(page, {sample.events["xss"]})
    page.click("button[type=reset]")
    page.check("input[name=background]")
    wait_rows(page, set(sample.events.values()))
    page.click("button[type=reset]")
    wait_rows(page, everything)
    # the server sorts (the table holds one page of events, not all of them)
    page.click("button.sort[data-column=killed]")  # most killed first
    wait_first_row(page, sample.events["juliaca"])
    page.click("button.sort[data-column=date]")
    wait_first_row(page, sample.events["ayacucho"])
    assert not page.errors


def test_event_page_highlights_the_sentence_and_shows_disputed_figures(
    page: Any, server: tuple[str, Any]
) -> None:
    base, sample = server
    page.goto(base + "/")
    page.click(f"#events-table tr[data-event-id='{sample.events['juliaca']}'] a")
    page.wait_for_selector("mark.evidence", timeout=WAIT_MS)
    marks = page.eval_on_selector_all("mark.evidence", "ms => ms.map(m => m.textContent)")
    assert sorted(marks) == sorted(
        [sample.reports["r-juliaca-en"].sentence, sample.reports["r-juliaca-es"].sentence]
    )
    context = page.text_content("#view-event article[data-doc-id='r-juliaca-en'] blockquote")
    assert context == sample.reports["r-juliaca-en"].text  # the whole (short) report around it
    claims = page.eval_on_selector_all(".claim .claim-value", "cs => cs.map(c => c.textContent)")
    assert claims == ["at least 17", "18"]
    links = page.eval_on_selector_all("#view-event article a", "as => as.map(a => a.href)")
    assert set(links) == {"https://news.example.org/juliaca-en", "https://diario.example.pe/juliaca"}
    shot(page, "event.png", full_page=True)
    page.click("a.back")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    assert not page.errors


def test_untrusted_report_text_is_shown_as_text_and_runs_nothing(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    api = _load_sample()
    response = page.goto(base + f"/#/event/{sample.events['xss']}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("mark.evidence", timeout=WAIT_MS)
    page.wait_for_timeout(300)
    assert page.text_content("#view-event .report-title") == api.XSS_TITLE
    assert page.text_content("#view-event mark.evidence") == api.XSS_SENTENCE
    assert page.text_content("#view-event .outlet") == "<b>Untrusted Outlet</b>"
    assert "<script>window.__xss = 'body'</script>" in page.text_content("#view-event blockquote")
    # nothing ran, nothing was parsed into elements, no javascript: link exists
    assert page.evaluate("() => window.__xss") is None
    assert (
        page.eval_on_selector_all(
            "#view-event script, #view-event img, #view-event b, #view-event i",
            "e => e.length",
        )
        == 0
    )
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(re.match(r"^(https?:|#|/api/export\?)", h) for h in hrefs), hrefs
    assert page.text_content("#view-event .report-meta").endswith("no link")
    shot(page, "xss.png")
    # the table and the map popup show the actor's markup as text too
    page.goto(base + "/")
    page.wait_for_selector(f"#events-table tr[data-event-id='{sample.events['xss']}']")
    row = page.text_content(f"#events-table tr[data-event-id='{sample.events['xss']}']")
    assert "<i>rioters</i>" in row
    assert page.eval_on_selector_all("#events-table i", "e => e.length") == 0
    assert page.evaluate("() => window.__xss") is None
    assert not page.errors


def test_language_switch_and_ledger(page: Any, server: tuple[str, Any]) -> None:
    base, _ = server
    page.goto(base + "/")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    page.select_option("#lang", "es")
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    assert page.text_content("#table-title") == "Eventos"
    assert page.text_content("#events-table thead th:first-child").startswith("Fecha")
    page.wait_for_function("() => document.querySelector('#table-count').textContent === '1–5 de 5 eventos'")
    wait_map(page, 5)
    shot(page, "dashboard-es.png")
    page.select_option("#lang", "en")
    page.click("#nav-ledger")
    page.wait_for_selector("table.ledger tbody tr")
    cells = page.eval_on_selector_all(
        "table.ledger tbody tr:first-child td", "tds => tds.map(t => t.textContent)"
    )
    assert cells[1].startswith("46") and "46–47" in cells[1]
    assert cells[2:5] == ["27", "2", "+19"]
    assert page.locator(".ledger-chart polyline").count() == 2
    shot(page, "ledger.png")
    assert not page.errors
