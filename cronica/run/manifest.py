"""Run manifests: every command that changes the store leaves one row in ``runs``."""

from __future__ import annotations

import datetime as dt
import uuid

from cronica.errors import ConfigError
from cronica.store.db import Store


def new_run_id() -> str:
    """A run id that sorts by start time: ``YYYYMMDDTHHMMSS-`` and eight random hex digits."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def mark_resumed(store: Store, run_id: str) -> None:
    """Close the manifest of an interrupted run before finishing its work."""
    found = [r for r in store.runs() if r["run_id"] == run_id]
    if not found:
        raise ConfigError(f"no run {run_id!r} (see `cronica runs`)")
    if found[0]["status"] != "running":
        raise ConfigError(f"run {run_id} ended with status {found[0]['status']!r}; nothing to resume")
    store.finish_run(run_id, "interrupted", found[0]["counts"], found[0]["failures"])
