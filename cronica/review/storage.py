"""Reading and writing review data in the store: the log, events with their mentions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cronica.model import Event
from cronica.review.action import Action
from cronica.review.errors import UnknownEventError
from cronica.review.state import ReviewState, replay
from cronica.store import schema as t

CHUNK = 500


def _action(row: Any, undone_by: int | None = None) -> Action:
    mapping = row._mapping
    return Action(
        action_id=int(row.action_id),
        at=row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),
        user=row.user_name,
        action=row.action,
        event_id=row.event_id,
        payload=dict(row.payload or {}),
        before=mapping.get("before"),
        after=mapping.get("after"),
        reason=row.reason,
        undone_by=undone_by,
    )


# what replaying the log needs: the records before and after each action are left unread
_DECISION = [c for c in t.review_log.c if c.name not in ("before", "after")]


def undone_by(conn: Connection, action_ids: Sequence[int]) -> dict[int, int]:
    """For each of ``action_ids`` that an undo annulled, the id of that undo."""
    undos = conn.execute(
        sa.select(t.review_log.c.action_id, t.review_log.c.payload).where(t.review_log.c.action == "undo")
    ).all()
    wanted = set(action_ids)
    out: dict[int, int] = {}
    for aid, payload in undos:
        target = int((payload or {}).get("undoes", -1))
        if target in wanted:
            out[target] = int(aid)
    return out


def read_actions(
    conn: Connection, where: Any = None, limit: int | None = None, records: bool = True
) -> list[Action]:
    """Actions of the log (those ``where`` selects), oldest first, with the undo that annulled each.

    ``records`` False leaves out ``before`` and ``after`` (None): replaying needs only the decisions.
    """
    q = sa.select(*(t.review_log.c if records else _DECISION)).order_by(t.review_log.c.action_id)
    if where is not None:
        q = q.where(where)
    if limit is not None:
        q = q.limit(limit)
    rows = conn.execute(q).all()
    undone = undone_by(conn, [int(r.action_id) for r in rows])
    return [_action(r, undone.get(int(r.action_id))) for r in rows]


def load_state(conn: Connection, pending: Action | None = None) -> ReviewState:
    """The review state of the whole log, with ``pending`` (an action not yet stored) last."""
    actions = read_actions(conn, records=False)
    if pending is not None:
        actions.append(pending)
    return replay(actions)


def append_action(conn: Connection, action: Action) -> Action:
    """Store ``action`` (its id is the database's); return it with that id."""
    stmt = (
        t.review_log.insert()
        .values(
            at=action.at,
            user_name=action.user,
            action=action.action,
            event_id=action.event_id,
            payload=action.payload,
            before=action.before,
            after=action.after,
            reason=action.reason,
        )
        .returning(t.review_log.c.action_id)
    )
    action_id = int(conn.execute(stmt).scalar_one())
    return Action(**{**action.__dict__, "action_id": action_id})


def stored_event(conn: Connection, event_id: str) -> Event:
    """The stored event ``event_id``; UnknownEventError when there is none."""
    row = conn.execute(sa.select(t.events.c.record).where(t.events.c.event_id == event_id)).first()
    if row is None:
        raise UnknownEventError(f"no event {event_id!r}")
    return Event.from_dict(row[0])


def event_members(conn: Connection, event_ids: Sequence[str]) -> dict[str, list[str]]:
    """The mention ids of each event, sorted."""
    em = t.event_mentions
    out: dict[str, list[str]] = {e: [] for e in event_ids}
    ids = list(event_ids)
    for i in range(0, len(ids), CHUNK):
        q = sa.select(em.c.event_id, em.c.mention_id).where(em.c.event_id.in_(ids[i : i + CHUNK]))
        for eid, mid in conn.execute(q):
            out[eid].append(mid)
    return {e: sorted(ms) for e, ms in out.items()}


def mention_records(conn: Connection, mention_ids: Sequence[str]) -> dict[str, Event]:
    """The stored mentions among ``mention_ids``, by id."""
    ids = sorted(set(mention_ids))
    out: dict[str, Event] = {}
    for i in range(0, len(ids), CHUNK):
        q = sa.select(t.mentions.c.mention_id, t.mentions.c.record).where(
            t.mentions.c.mention_id.in_(ids[i : i + CHUNK])
        )
        out.update({r[0]: Event.from_dict(r[1]) for r in conn.execute(q)})
    return out


def anchors(mentions: dict[str, Event]) -> dict[str, list[Any]]:
    """Where each mention stands: its report and its first evidence span (for re-anchoring)."""
    out: dict[str, list[Any]] = {}
    for mid, m in sorted(mentions.items()):
        if m.evidence:
            ev = m.evidence[0]
            out[mid] = [ev.doc_id, ev.start, ev.end]
    return out


def mention_blocks(conn: Connection, mention_ids: Sequence[str], doc_ids: Sequence[str]) -> set[str | None]:
    """The fusion blocks (countries) of the mentions ``mention_ids`` and of every mention of ``doc_ids``."""
    m = t.mentions.c
    out: set[str | None] = set()
    for column, values in ((m.mention_id, sorted(set(mention_ids))), (m.doc_id, sorted(set(doc_ids)))):
        for i in range(0, len(values), CHUNK):
            q = sa.select(m.country_code).where(column.in_(values[i : i + CHUNK])).distinct()
            out.update(r[0] for r in conn.execute(q))
    return out
