"""The records of review: one action of the audit log, one entry of the review queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ACTIONS: tuple[str, ...] = ("confirm", "correct", "merge", "split", "reject", "undo")
REJECT_CATEGORIES: tuple[str, ...] = ("not_an_event", "duplicate", "out_of_scope")


@dataclass(frozen=True)
class Action:
    """One row of the append-only review log.

    ``payload`` holds what the action decided (see docs/review.md): beside the
    keys of the interface (``event_ids``, ``mention_ids``, ``new_event_id``,
    ``fields``, ``category``, ``undoes``), ``members`` lists the mentions of the
    event acted on and ``anchors`` where each of them stands in its report, so
    that the decision can be replayed after re-processing.
    """

    action_id: int
    at: dt.datetime
    user: str
    action: str
    event_id: str
    payload: dict[str, Any]
    before: Any = None
    after: Any = None
    reason: str | None = None
    undone_by: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The action as JSON data (the API's and ``cronica review log --format jsonl``'s shape)."""
        return {
            "action_id": self.action_id,
            "at": iso_utc(self.at),
            "user": self.user,
            "action": self.action,
            "event_id": self.event_id,
            "payload": self.payload,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "undone_by": self.undone_by,
        }


@dataclass(frozen=True)
class QueueItem:
    """An event that needs a person, with its score and the reasons for it (highest score first)."""

    event: dict[str, Any]
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"event", "score", "reasons"}``."""
        return {"event": self.event, "score": self.score, "reasons": list(self.reasons)}


def iso_utc(when: dt.datetime) -> str:
    """``when`` in ISO 8601, in UTC (a naive time from SQLite is taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat()
