"""The review actions: each checks its input, appends one row to the log and re-writes the events
it touches in the same transaction (incrementally: only the groups it changes are made again)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from cronica.model import Event
from cronica.review.action import REJECT_CATEGORIES, Action
from cronica.review.apply import group_event
from cronica.review.errors import InvalidReviewError
from cronica.review.fields import check_fields
from cronica.review.state import ReviewState
from cronica.review.storage import (
    anchors,
    append_action,
    event_members,
    load_state,
    mention_records,
    stored_event,
)
from cronica.store.db import Store

MIN_REASON, MAX_REASON = 3, 500
MAX_USER = 80


def check_reason(reason: str | None, required: bool = True) -> str | None:
    """The reason, trimmed; InvalidReviewError when it is required and missing, or too short or long."""
    text = (reason or "").strip()
    if not text and not required:
        return None
    if not MIN_REASON <= len(text) <= MAX_REASON:
        raise InvalidReviewError(f"a reason of {MIN_REASON} to {MAX_REASON} characters is required")
    return check_printable("the reason", text)


def check_user(user: str) -> str:
    """The user name, trimmed; InvalidReviewError when empty or longer than 80 characters."""
    name = (user or "").strip()
    if not name or len(name) > MAX_USER:
        raise InvalidReviewError(f"a user name of 1 to {MAX_USER} characters is required")
    return check_printable("the user name", name)


def check_printable(name: str, text: str) -> str:
    """``text``, or InvalidReviewError when it holds NUL or another control character (PostgreSQL
    cannot store NUL, and a reason is read back in the audit log: line breaks and tabs only)."""
    if any((ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127 for ch in text):
        raise InvalidReviewError(f"{name} holds a control character")
    return text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Work:
    """What one action reads before it decides: the events acted on, their mentions."""

    def __init__(self, conn: Connection, event_ids: Sequence[str]) -> None:
        self.conn = conn
        self.events = [stored_event(conn, e) for e in event_ids]
        for e in self.events:
            if e.review_status == "rejected":
                raise InvalidReviewError(f"event {e.event_id} is rejected: undo the rejection first")
        self.members = event_members(conn, [e.event_id for e in self.events])
        self.mentions = mention_records(conn, [m for ms in self.members.values() for m in ms])

    def all_members(self) -> list[str]:
        return sorted({m for ms in self.members.values() for m in ms})

    def payload(self, **extra: Any) -> dict[str, Any]:
        """The members of the (first) event and where every mention read stands, plus ``extra``."""
        first = self.events[0].event_id
        return {**extra, "members": self.members[first], "anchors": anchors(self.mentions)}


def _remake(work: _Work, state: ReviewState, group_ids: Sequence[str]) -> list[tuple[Event, list[str]]]:
    out = []
    for gid in group_ids:
        g = state.groups[gid]
        ids = sorted(m for m in g.mentions if m in work.mentions)
        out.append((group_event(g, [work.mentions[m] for m in ids], []), ids))
    return out


def _commit(
    store: Store,
    work: _Work,
    pending: Action,
    group_ids: Sequence[str],
    after_of: Any = None,
) -> Action:
    """Replay the log with ``pending``, write the groups' events, append the action; return it."""
    state = load_state(work.conn, pending)
    made = _remake(work, state, group_ids)
    store.replace_event_ids(work.conn, [e.event_id for e in work.events], made)
    after = after_of(made) if after_of else [e.to_dict() for e, _ in made]
    return append_action(work.conn, Action(**{**pending.__dict__, "after": after}))


def _single(store: Store, kind: str, event_id: str, user: str, reason: str | None, **extra: Any) -> Action:
    with store.begin() as conn:
        work = _Work(conn, [event_id])
        before = work.events[0].to_dict()
        pending = Action(0, _now(), user, kind, event_id, work.payload(**extra), before, None, reason)
        action = _commit(store, work, pending, [event_id], lambda made: made[0][0].to_dict())
    return action


def confirm(store: Store, event_id: str, user: str, reason: str | None = None) -> Action:
    """Confirm an event as the machine (or a person before) coded it."""
    return _single(store, "confirm", event_id, check_user(user), check_reason(reason, required=False))


def correct(store: Store, event_id: str, fields: dict[str, Any], user: str, reason: str) -> Action:
    """Correct fields of an event; each correction wins over the reconciled value from now on."""
    user, why = check_user(user), check_reason(reason)
    checked = check_fields(fields)
    with store.begin() as conn:
        work = _Work(conn, [event_id])
        record = work.events[0].to_dict()
        before = {name: record.get(name) for name in checked}
        payload = work.payload(fields=checked)
        pending = Action(0, _now(), user, "correct", event_id, payload, before, None, why)
        after_of = lambda made: {name: made[0][0].to_dict().get(name) for name in checked}  # noqa: E731
        return _commit(store, work, pending, [event_id], after_of)


def reject(store: Store, event_id: str, category: str, user: str, reason: str) -> Action:
    """Reject an event (not an event, a duplicate, out of scope); it stays stored, left out of lists."""
    if category not in REJECT_CATEGORIES:
        raise InvalidReviewError(f"the reject category must be one of {', '.join(REJECT_CATEGORIES)}")
    return _single(store, "reject", event_id, check_user(user), check_reason(reason), category=category)


def merge(store: Store, event_ids: Sequence[str], user: str, reason: str) -> Action:
    """Merge two or more events into the first: their evidence and figures join."""
    user, why = check_user(user), check_reason(reason)
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise InvalidReviewError("a merge needs two or more different events")
    with store.begin() as conn:
        work = _Work(conn, ids)
        payload = work.payload(event_ids=ids, mention_ids=work.all_members())
        before = [e.to_dict() for e in work.events]
        pending = Action(0, _now(), user, "merge", ids[0], payload, before, None, why)
        return _commit(store, work, pending, [ids[0]], lambda made: made[0][0].to_dict())


def new_event_id(event_id: str, at: dt.datetime, mention_ids: Sequence[str]) -> str:
    """The id of a split's new part: ``evt_r`` and 17 hex characters, sorting after every machine id."""
    key = "|".join([event_id, at.isoformat(), *sorted(mention_ids)])
    return "evt_r" + hashlib.sha1(key.encode()).hexdigest()[:17]


def split(store: Store, event_id: str, mention_ids: Sequence[str], user: str, reason: str) -> Action:
    """Move some mentions (evidence sentences) of an event to a new event."""
    user, why = check_user(user), check_reason(reason)
    moved = sorted(set(mention_ids))
    with store.begin() as conn:
        work = _Work(conn, [event_id])
        members = set(work.members[event_id])
        if not moved or set(moved) - members or set(moved) == members:
            raise InvalidReviewError("a split moves some, not all, of the event's own mention ids")
        at = _now()
        new_id = new_event_id(event_id, at, moved)
        payload = work.payload(mention_ids=moved, new_event_id=new_id)
        before = work.events[0].to_dict()
        pending = Action(0, at, user, "split", event_id, payload, before, None, why)
        return _commit(store, work, pending, [event_id, new_id])
