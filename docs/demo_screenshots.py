"""Screenshots of the dashboard on the bundled demo corpus, for the README.

Run after `make demo` has built the dashboard (`make web`):
    .venv/bin/python docs/demo_screenshots.py
Builds a fresh demo database in a temporary folder, serves it on a free port and drives Debian's
Chromium with Playwright; writes docs/screenshots/demo-*.png.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--enable-unsafe-swiftshader", "--use-angle=swiftshader"]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/demo.db"
        subprocess.run(
            [sys.executable, "-m", "cronica.cli", "--db", db, "-q", "demo", "--no-serve"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "cronica.cli", "--db", db, "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/config", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page.goto(base + "/")
                page.wait_for_timeout(6000)
                page.screenshot(path=str(OUT / "demo-dashboard.png"))
                events = urllib.request.urlopen(base + "/api/events?sort=fatalities&limit=1").read()
                import json

                top = json.loads(events)["events"][0]["event_id"]
                page.goto(f"{base}/#/event/{top}")
                page.wait_for_timeout(3000)
                page.screenshot(path=str(OUT / "demo-event.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
    print("wrote", ", ".join(sorted(str(p) for p in OUT.glob("demo-*.png"))))


if __name__ == "__main__":
    main()
