"""A news feed served on 127.0.0.1 by the test itself: it counts requests and honours
``If-None-Match`` and ``If-Modified-Since``, so a test sees exactly what a watch asked for."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cronica_watch_synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reports() -> list[dict[str, Any]]:
    """Synthetic reports (bench/synth.py), the first ones of a fixed seed; each has a distinct link."""
    found = list(_synth().reports(40, 23))
    for i, r in enumerate(found):
        r["url"] = f"https://wire.example.org/story/{i}"
    return found


def rss(items: list[dict[str, Any]], title: str = "Test Wire") -> bytes:
    """An RSS 2.0 feed of ``items`` (newest first, as feeds are), their paragraphs as HTML."""
    entries = []
    for r in reversed(items):
        body = "".join(f"<p>{escape(p)}</p>" for p in r["text"].split("\n\n"))
        published = time.mktime(time.strptime(r["published"], "%Y-%m-%d"))
        entries.append(
            f"<item><title>{escape(r['title'])}</title><link>{r['url']}</link>"
            f"<guid>{r['url']}</guid><pubDate>{formatdate(published, usegmt=True)}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://wire.example.org/</link><description>wire</description>{''.join(entries)}"
        "</channel></rss>"
    ).encode()


class FeedServer:
    """The feed's items and what the server was asked; ``validators`` picks which validators it sends."""

    def __init__(self, validators: str = "both") -> None:
        self.items: list[dict[str, Any]] = []
        self.validators = validators
        self.requests: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.holds: dict[int, tuple[list[dict[str, Any]], float]] = {}
        self.held = threading.Event()  # set when a request that is held arrives
        self.changed_at = time.time()
        self.url = ""

    def publish(self, items: list[dict[str, Any]]) -> None:
        """Add ``items`` to the feed (its ETag and Last-Modified change)."""
        self.items = [*self.items, *items]
        self.changed_at = max(time.time(), self.changed_at + 1.0)

    def hold(self, request: int, items: list[dict[str, Any]], delay_s: float) -> None:
        """At the ``request``-th request for the feed: publish ``items``, set ``held``, and answer
        only ``delay_s`` seconds later (a test can then signal a watch that is waiting for the feed)."""
        self.holds[request] = (items, delay_s)

    def body(self) -> bytes:
        return rss(self.items)

    def headers(self) -> dict[str, str]:
        out = {}
        if self.validators in ("both", "etag"):
            out["ETag"] = '"' + hashlib.sha1(self.body()).hexdigest()[:20] + '"'
        if self.validators in ("both", "last-modified"):
            out["Last-Modified"] = formatdate(self.changed_at, usegmt=True)
        return out


def _handler(feed: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            feed.requests[self.path] += 1
            if self.path == "/broken.xml":
                self._send(500, b"the wire is down", {})
                return
            if self.path != "/feed.xml":
                self._send(404, b"no such page", {})
                return
            held = feed.holds.pop(feed.requests[self.path], None)
            if held:
                feed.publish(held[0])
                feed.held.set()
                time.sleep(held[1])
            headers = feed.headers()
            etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            fresh = (etag is not None and etag == headers.get("ETag")) or (
                etag is None and since is not None and since == headers.get("Last-Modified")
            )
            if fresh:
                feed.not_modified[self.path] += 1
                self._send(304, b"", headers)
                return
            self._send(200, feed.body(), {**headers, "Content-Type": "application/rss+xml"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


@pytest.fixture(params=["both"])
def feed(request: pytest.FixtureRequest) -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 (``feed.url`` is the feed; ``/broken.xml`` always answers 500)."""
    state = FeedServer(request.param)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def snapshot(store: Any) -> tuple[list[str], list[str]]:
    """What a comparison of two databases looks at: the stored documents' ids and every event record."""
    import json

    from cronica.store.db import EventFilter

    docs = sorted(d.doc_id for d in store.pending_documents(include_processed=True))
    every = store.events(EventFilter(include_background=True))
    events = sorted(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in every)
    return docs, events


def one_shot(items: list[dict[str, Any]], folder: Path) -> tuple[list[str], list[str]]:
    """The documents and events of ``cronica ingest`` and ``cronica process`` run once on the same items."""
    from cronica.config import Settings
    from cronica.run.runner import ingest, process
    from cronica.store import open_store

    path = folder / "oneshot-feed.xml"
    path.write_bytes(rss(items))
    store = open_store(f"sqlite:///{folder / 'oneshot.db'}")
    settings = Settings(db=str(store.engine.url))
    ingest(store, [str(path)], settings, quiet=True)
    process(store, settings, quiet=True)
    return snapshot(store)


@pytest.fixture
def feed_bytes() -> Any:
    """``feed_bytes(items)``: the RSS feed of ``items``, for a feed kept in a file."""
    return rss


@pytest.fixture
def compare() -> Any:
    """``compare(store, items, folder)``: assert the store holds what a one-shot run of ``items`` gives."""

    def check(store: Any, items: list[dict[str, Any]], folder: Path) -> None:
        docs, events = snapshot(store)
        want_docs, want_events = one_shot(items, folder)
        assert docs == want_docs
        assert len(events) == len(want_events)
        assert events == want_events

    return check
