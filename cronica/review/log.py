"""Reading the audit log (an event's history, the whole log) and undoing an action."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from cronica.review.action import Action
from cronica.review.actions import check_reason, check_user
from cronica.review.errors import InvalidReviewError, UnknownEventError
from cronica.review.refuse import components, linked_blocks, refuse_changed
from cronica.review.storage import append_action, event_members, load_state, mention_blocks, read_actions
from cronica.store import schema as t
from cronica.store.db import Store


def history(store: Store, event_id: str) -> list[Action]:
    """Every action that touched the event (acted on it, merged it, split it off), and their undos;
    oldest first. An id never stored nor named by the log is UnknownEventError."""
    log = t.review_log.c
    named = sa.or_(log.event_id == event_id, sa.cast(log.payload, sa.Text).like(f'%"{event_id}"%'))
    with store.begin() as conn:
        acts = read_actions(conn, named)
        ids = {a.action_id for a in acts}
        undos = [u for u in read_actions(conn, log.action == "undo") if u.payload.get("undoes") in ids]
        if not acts and store.event(event_id) is None:
            raise UnknownEventError(f"no event {event_id!r}")
    return sorted({a.action_id: a for a in [*acts, *undos]}.values(), key=lambda a: a.action_id)


def review_log(
    store: Store,
    *,
    user: str | None = None,
    since: dt.datetime | None = None,
    limit: int | None = None,
    after_id: int | None = None,
) -> list[Action]:
    """The log, oldest first: of one user, from a time, after an action id, at most ``limit`` rows."""
    log = t.review_log.c
    conds: list[Any] = []
    if user:
        conds.append(log.user_name == user)
    if since:
        conds.append(log.at >= since)
    if after_id is not None:
        conds.append(log.action_id > after_id)
    with store.begin() as conn:
        return read_actions(conn, sa.and_(sa.true(), *conds), limit)


def _touched(target: Action) -> list[str]:
    p = target.payload
    ids = [target.event_id, *p.get("event_ids", []), *([p["new_event_id"]] if "new_event_id" in p else [])]
    return list(dict.fromkeys(ids))


def undo(store: Store, action_id: int, user: str, reason: str) -> Action:
    """Annul an action: the log keeps both, and the blocks it touched are fused again without it."""
    user, why = check_user(user), check_reason(reason)
    with store.begin() as conn:
        found = read_actions(conn, t.review_log.c.action_id == action_id)
        if not found:
            raise UnknownEventError(f"no review action {action_id}")
        target = found[0]
        if target.action == "undo":
            raise InvalidReviewError("an undo cannot be undone: act on the event again instead")
        if target.undone_by is not None:
            raise InvalidReviewError(f"action {action_id} was already undone by {target.undone_by}")
        ids = _touched(target)
        rows = conn.execute(sa.select(t.events.c.record).where(t.events.c.event_id.in_(ids))).all()
        members = event_members(conn, ids)
        anchors = target.payload.get("anchors", {})
        mids = [*anchors, *(m for ms in members.values() for m in ms)]
        blocks = mention_blocks(conn, mids, [a[0] for a in anchors.values()])
        pending = Action(0, dt.datetime.now(dt.UTC), user, "undo", target.event_id,
                         {"undoes": action_id}, [r[0] for r in rows], None, why)  # fmt: skip
        before, state = load_state(conn), load_state(conn, pending)
        links = linked_blocks(conn, before) + linked_blocks(conn, state)
        linked: set[str | None] = set().union(*components(blocks, links)) if blocks else set()
        made = refuse_changed(store, conn, linked, before, state)
        after = [e.to_dict() for e, _ in made if e.event_id in ids]
        return append_action(conn, Action(**{**pending.__dict__, "after": after}))
