"""`cronica watch` against a live feed on 127.0.0.1: new items once, a 304 costs nothing, only new items
are added when the feed grows, and the result is what one ingest and process of every item gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cronica.config import Settings
from cronica.run.manifest import new_run_id
from cronica.store import open_store
from cronica.store.watch_state import load_sources, seen_count
from cronica.watch.cycle import Pace, run_cycle

PACE = Pace(every_s=60, max_backoff_s=3600)


def _settings(db: str) -> Settings:
    return Settings(db=db, fetch_allow_hosts="127.0.0.1")


@pytest.mark.parametrize("feed", ["both", "etag", "last-modified"], indirect=True)
def test_three_cycles_take_only_what_is_new(
    feed: Any, reports: list[dict[str, Any]], db_url: str, tmp_path: Path, compare: Any
) -> None:
    """On both backends; the one-shot run it is compared with is on SQLite."""
    store = open_store(db_url)
    settings = _settings(db_url)
    run_id = new_run_id()
    feed.publish(reports[:5])

    first = run_cycle(store, [feed.url], settings, PACE, run_id, 1)
    assert (first.polled, first.with_new, first.failed, first.documents) == (1, 1, 0, 5)
    assert first.events_added > 0
    assert store.table_counts()["documents"] == 5

    before = store.table_counts()
    second = run_cycle(store, [feed.url], settings, PACE, run_id, 2)
    assert feed.requests["/feed.xml"] == 2 and feed.not_modified["/feed.xml"] == 1
    assert (second.unchanged, second.documents, second.events_added) == (1, 0, 0)
    assert store.table_counts() == before  # a 304 stores nothing and runs no process

    feed.publish(reports[5:8])
    third = run_cycle(store, [feed.url], settings, PACE, run_id, 3)
    assert (third.with_new, third.documents) == (1, 3)
    assert feed.not_modified["/feed.xml"] == 1
    assert store.table_counts()["documents"] == 8
    assert seen_count(store) == 8
    compare(store, reports[:8], tmp_path)


def test_state_is_in_the_database_on_both_backends(
    feed: Any, reports: list[dict[str, Any]], db_url: str
) -> None:
    feed.publish(reports[:2])
    store = open_store(db_url)
    run_cycle(store, [feed.url], _settings(db_url), PACE, new_run_id())
    state = load_sources(open_store(db_url), [feed.url])[feed.url]
    assert state.kind == "feed" and state.items == 2 and state.failures == 0
    assert state.etag == feed.headers()["ETag"]
    assert state.last_modified == feed.headers()["Last-Modified"]
    assert state.cursor == max(r["published"] for r in reports[:2])
    # a fresh process (a new Store) asks with the stored validators and gets a 304
    again = run_cycle(open_store(db_url), [feed.url], _settings(db_url), PACE, new_run_id())
    assert again.unchanged == 1 and feed.not_modified["/feed.xml"] == 1


def test_an_item_seen_in_one_feed_is_not_taken_from_another(
    feed: Any, reports: list[dict[str, Any]], sqlite_url: str, tmp_path: Path, feed_bytes: Any
) -> None:
    store = open_store(sqlite_url)
    feed.publish(reports[:3])
    run_cycle(store, [feed.url], _settings(sqlite_url), PACE, new_run_id())
    copy = tmp_path / "mirror.xml"  # a second outlet carrying two of the same stories, reworded
    reworded = [{**r, "text": r["text"] + "\n\nUpdated later the same day."} for r in reports[1:3]]
    copy.write_bytes(feed_bytes(reworded + reports[3:4]))
    report = run_cycle(store, [str(copy)], _settings(sqlite_url), PACE, new_run_id())
    assert report.documents == 1  # only the story no feed had carried
    assert store.table_counts()["documents"] == 4
