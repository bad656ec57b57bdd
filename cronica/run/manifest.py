"""Run manifests: every command that changes the store leaves one row in ``runs``.

A run's row says ``running`` until the run closes it. A run killed on the way
never does, so every listing and every new run first looks for dead runs and
marks them ``interrupted``: a run is dead when its process is gone from the
host it ran on, or when it has stored nothing for :data:`STALE_AFTER` (the only
test there is for a run started on another host; it also covers a process id
that the system gave to another program since).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cronica.errors import ConfigError
from cronica.store.db import Store, host_id

# A live run writes a heartbeat with every batch or shard it stores. Half an hour of silence is far
# beyond the time one of those (or the fusion of one block) takes: a run that quiet is dead, even
# when its pid is still taken.
STALE_AFTER = dt.timedelta(minutes=30)


def new_run_id() -> str:
    """A run id that sorts by start time: ``YYYYMMDDTHHMMSS-`` and eight random hex digits."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this host (a zombie, killed but not yet reaped, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc (not Linux), or the process just ended
        return stat.parent.exists() or not Path("/proc").is_dir()
    return state not in ("Z", "X")


def _aware(when: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without their zone; cronica stores them in UTC."""
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def is_stale(
    run: Mapping[str, Any],
    host: str,
    now: dt.datetime,
    alive: Callable[[int], bool],
    stale_after: dt.timedelta = STALE_AFTER,
) -> bool:
    """Whether a manifest row says ``running`` for a run that is dead (see the module's docstring)."""
    if run["status"] != "running":
        return False
    pid = run.get("pid")
    if run.get("host") == host and pid is not None and not alive(int(pid)):
        return True
    last = run.get("heartbeat_at") or run["started_at"]
    return now - _aware(last) > stale_after


def mark_stale_runs(store: Store, stale_after: dt.timedelta = STALE_AFTER) -> list[str]:
    """Mark every dead ``running`` run ``interrupted``; returns their ids."""
    host, now = host_id(), dt.datetime.now(dt.UTC)
    dead = [r["run_id"] for r in store.runs() if is_stale(r, host, now, pid_alive, stale_after)]
    store.mark_interrupted(dead)
    return dead


def list_runs(store: Store) -> list[dict[str, Any]]:
    """Every run manifest, oldest first, with dead runs marked ``interrupted`` first."""
    mark_stale_runs(store)
    return store.runs()


def mark_resumed(store: Store, run_id: str) -> None:
    """Close the manifest of an interrupted run before finishing its work."""
    found = [r for r in list_runs(store) if r["run_id"] == run_id]
    if not found:
        raise ConfigError(f"no run {run_id!r} (see `cronica runs`)")
    if found[0]["status"] not in ("running", "interrupted"):
        raise ConfigError(f"run {run_id} ended with status {found[0]['status']!r}; nothing to resume")
    store.finish_run(run_id, "interrupted", found[0]["counts"], found[0]["failures"])
