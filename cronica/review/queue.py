"""The review queue: the events that most need a person, highest score first.

The score (docs/review.md) adds, per event not rejected and not background:
``1 - confidence`` (low confidence), 1 when reports dispute a figure, up to 1
for deaths (``fatalities / 100``, capped), and 1.5 when a report joined the
event after it was reviewed. Reviewed events with nothing new are not queued.
The database orders and cuts the list, so opening it reads ``limit`` records.
"""

from __future__ import annotations

import sqlalchemy as sa

from cronica.review.action import QueueItem
from cronica.store import schema as t
from cronica.store.db import Store

LOW_CONFIDENCE = 0.5
MANY_DEATHS = 10
DEATHS_CAP = 100
NEW_EVIDENCE_WEIGHT = 1.5


def _score() -> sa.ColumnElement[float]:
    c = t.events.c
    deaths = sa.case(
        (c.fatalities >= DEATHS_CAP, 1.0), else_=sa.func.coalesce(c.fatalities, 0) / float(DEATHS_CAP)
    )
    return (
        (1.0 - sa.func.coalesce(c.confidence, 0.0))
        + sa.case((c.disputed.is_(True), 1.0), else_=0.0)
        + deaths
        + sa.case((c.new_since_review.is_(True), NEW_EVIDENCE_WEIGHT), else_=0.0)
    )


def _reasons(record: dict[str, object]) -> list[str]:
    out = []
    conf = record.get("confidence")
    if not isinstance(conf, int | float) or conf < LOW_CONFIDENCE:
        out.append("low confidence")
    if record.get("disputed"):
        out.append("disputed figures")
    killed = record.get("fatalities")
    if isinstance(killed, int) and killed >= MANY_DEATHS:
        out.append("many deaths")
    if record.get("new_since_review"):
        out.append("new evidence since review")
    return out


def review_queue(store: Store, limit: int = 50) -> list[QueueItem]:
    """Up to ``limit`` events that need a person: machine events, and reviewed ones with new evidence."""
    c = t.events.c
    score = _score().label("score")
    q = (
        sa.select(c.record, score)
        .where(
            c.background.is_(False),
            sa.or_(c.review_status == "machine", c.new_since_review.is_(True)),
            c.review_status != "rejected",
        )
        .order_by(score.desc(), c.event_id)
        .limit(max(0, limit))
    )
    with store.begin() as conn:
        rows = conn.execute(q).all()
    return [QueueItem(r[0], round(float(r[1]), 4), _reasons(r[0])) for r in rows]
