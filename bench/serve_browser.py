"""The dashboard's first paint and a timeline drag, timed in headless Chromium (Playwright).

The page marks its own progress (cronica/web/src/js/ready.js), so nothing here guesses from
the outside when drawing is done:

- ``window.__cronicaReady`` resolves with ``performance.now()`` (milliseconds since the page's
  navigation began) once the map has drawn its first clusters from ``/api/map`` and the table
  its first page from ``/api/events``: that time is the **first paint**;
- ``window.__cronicaDraws`` gets the time of every later complete redraw (map and table both
  showing the current filters). A **timeline drag**, made once the page has settled (the
  basemap loaded, the map idle), is timed from the ``pointerup`` that ends the drag (recorded by
  a listener this script adds to the page) to the next such redraw.

Both clocks are the page's own ``performance.now()``, so the figures leave out Playwright's
polling. ``bench/bench_serve.py`` calls :func:`measure_dashboard`; by hand:

    .venv/bin/python bench/serve_browser.py --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # WebGL (MapLibre) on the CPU: Chromium only falls back to SwiftShader when asked
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
]
WIDTH, HEIGHT = 1366, 768  # a common laptop screen, as in the browser tests
TIMEOUT_MS = 120_000  # a page that has not drawn by then has failed, not been slow
DRAG_FROM, DRAG_TO = 0.35, 0.65  # the dragged period, as fractions of the timeline's width

SETTLED = """() => new Promise((resolve) => {
  const map = window.cronicaMap;
  if (map.loaded() && !map.isMoving()) resolve();
  else map.once("idle", resolve);
})"""
RECORD_DRAG_END = """() => {
  window.__dragEnd = null;
  window.addEventListener("pointerup", () => { window.__dragEnd = performance.now(); },
    { capture: true, once: true });
  return window.__cronicaDraws.length;
}"""


class DashboardTimingError(RuntimeError):
    """The dashboard could not be timed: no browser, or the page never drew."""


def chromium_path() -> str:
    """Debian's Chromium (the one the browser tests use)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    raise DashboardTimingError("Chromium is not installed (apt-get install chromium)")


def first_paint(page: Any, base_url: str) -> float:
    """Open the dashboard; milliseconds from navigation to the first clusters and table page."""
    page.goto(base_url.rstrip("/") + "/", wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function("() => window.__cronicaReady", timeout=TIMEOUT_MS)
    return float(page.evaluate("() => window.__cronicaReady"))


def settle(page: Any) -> None:
    """Until the page has finished loading: the basemap's countries too, and the map idle."""
    page.wait_for_selector("#map[data-basemap]", state="attached", timeout=TIMEOUT_MS)
    page.evaluate(SETTLED)


def timeline_drag(page: Any) -> float:
    """Drag across the middle of the timeline once the page has settled; milliseconds from the
    drag's end to the redraw of the map and the table."""
    settle(page)
    page.wait_for_selector("#timeline rect.hit", timeout=TIMEOUT_MS)
    box = page.locator("#timeline rect.hit").bounding_box()
    if box is None:
        raise DashboardTimingError("the timeline is not on the page")
    before = page.evaluate(RECORD_DRAG_END)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * DRAG_FROM, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * DRAG_TO, y, steps=8)
    page.mouse.up()
    page.wait_for_function("n => window.__cronicaDraws.length > n", arg=before, timeout=TIMEOUT_MS)
    end, drawn = page.evaluate("() => [window.__dragEnd, window.__cronicaDraws.at(-1)]")
    if end is None:
        raise DashboardTimingError("the drag's end was not seen by the page")
    return float(drawn) - float(end)


def measure_dashboard(base_url: str) -> dict[str, float]:
    """First paint and timeline drag of the dashboard served at ``base_url``, in milliseconds."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise DashboardTimingError("Playwright for Python is not installed") from err
    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB").new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            try:
                painted = first_paint(page, base_url)
                figures = {"first_paint_ms": painted, "timeline_drag_ms": timeline_drag(page)}
            except PlaywrightError as err:
                raise DashboardTimingError(f"the dashboard did not draw: {err}".splitlines()[0]) from err
            if errors:
                raise DashboardTimingError(f"the page failed: {errors[0]}")
            return figures
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True, help="where the dashboard is served (cronica serve)")
    args = parser.parse_args(argv)
    try:
        figures = measure_dashboard(args.url)
    except DashboardTimingError as err:
        parser.exit(1, f"serve_browser: {err}\n")
    print(json.dumps({k: round(v, 1) for k, v in figures.items()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
