"""The review endpoints: the writes (token needed, :mod:`cronica.api.auth`) and what reviewers read.

Each write calls one function of :mod:`cronica.review` with the name of the user
whose token came with it, then empties the response cache so that the next
aggregate or count includes the change. Nothing here deletes or changes the
audit log: there is no such endpoint, and the database refuses it anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cronica import review
from cronica.api.auth import Writer, WriteRoute
from cronica.api.cache import ResponseCache
from cronica.api.views import event_summary
from cronica.errors import StoreError
from cronica.geo.place_search import MAX_RESULTS, place_dict, search_places
from cronica.review.action import REJECT_CATEGORIES
from cronica.store.db import Store

MAX_IDS = 200  # events in one merge, sentences in one split
MAX_REASON = 2000  # the library allows 500; longer bodies are refused before it is called
MAX_LOG_PAGE = 1000
MAX_ACTION_ID = 2**31 - 1  # the log's INTEGER key
# no control characters in ids and no NUL anywhere: PostgreSQL cannot store or compare NUL
NO_CONTROL = r"^[^\x00-\x1f\x7f]+$"
NO_NUL = r"^[^\x00]*$"
ID = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_CONTROL)]
EventId = Annotated[str, Path(max_length=200, pattern=NO_CONTROL)]
Reason = Annotated[
    str, Field(max_length=MAX_REASON, pattern=NO_NUL, description="Why (3 to 500 characters).")
]

WRITE: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or not a valid one (WWW-Authenticate: Bearer)"},
    403: {"description": "Sent from another site's page"},
    429: {"description": "Too many failed token attempts from this address (Retry-After)"},
}
TAGS: list[str | Enum] = ["review"]
ON_EVENT: dict[int | str, dict[str, Any]] = {
    **WRITE,
    400: {"description": "The action is not possible"},
    404: {"description": "No such event"},
}


# what a machine event's record lacks (its record is exactly the contract's): the queue's records
# get these, as lists and details get them from ``views.event_summary``
MACHINE_REVIEW: dict[str, Any] = {
    "review_status": "machine",
    "reviewed_by": None,
    "reviewed_at": None,
    "new_since_review": False,
}


def with_review_state(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with the review keys, those of a machine event when it has none."""
    return record if "review_status" in record else {**record, **MACHINE_REVIEW}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConfirmBody(_Body):
    """A confirmation; the reason is optional."""

    reason: Reason | None = None


def _has_nul(value: Any) -> bool:
    """Whether a NUL character stands in any string of a JSON value (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class CorrectBody(_Body):
    """Fields to override (names of the event record) and why."""

    fields: dict[str, Any] = Field(min_length=1, max_length=20)
    reason: Reason

    @field_validator("fields")
    @classmethod
    def _no_nul(cls, fields: dict[str, Any]) -> dict[str, Any]:
        if _has_nul(fields):
            raise ValueError("text must not contain NUL characters")
        return fields


class MergeBody(_Body):
    """Two or more events that are one; the first id survives."""

    event_ids: list[ID] = Field(min_length=2, max_length=MAX_IDS)
    reason: Reason


class SplitBody(_Body):
    """The evidence sentences (mention ids) that go to a new event."""

    mention_ids: list[ID] = Field(min_length=1, max_length=MAX_IDS)
    reason: Reason


class RejectBody(_Body):
    """Why this is not an event to keep: a category and a reason."""

    category: str = Field(max_length=32, json_schema_extra={"enum": list(REJECT_CATEGORIES)})
    reason: Reason


class UndoBody(_Body):
    """The action to undo, and why."""

    action_id: int = Field(ge=1, le=MAX_ACTION_ID)
    reason: Reason


async def cronica_error(request: Request, exc: Exception) -> JSONResponse:
    """A library error as its one-line message: unknown id 404, else 400.

    A database error is 503 without its text, which may name the server or a path.
    """
    if isinstance(exc, StoreError):
        return JSONResponse({"detail": "the database is unavailable; try again later"}, 503)
    status = 404 if isinstance(exc, review.UnknownEventError) else 400
    message = str(exc).strip().splitlines()
    return JSONResponse({"detail": message[0] if message else type(exc).__name__}, status)


def _record(store: Store, event_id: str | None) -> dict[str, Any] | None:
    event = store.event(event_id) if event_id else None
    return event_summary(event) if event is not None else None


def _answer(store: Store, action: review.Action, **extra: Any) -> dict[str, Any]:
    return {"action": action.to_dict(), "event": _record(store, action.event_id), **extra}


def _undone(store: Store, action_id: int) -> review.Action | None:
    """The action with this id, read from the log."""
    found = review.review_log(store, after_id=action_id - 1, limit=1)
    return found[0] if found and found[0].action_id == action_id else None


def _touched(*actions: review.Action | None) -> Iterable[str]:
    """Every event id the actions name: acted on, merged in, split off."""
    for action in actions:
        if action is None:
            continue
        yield action.event_id
        yield from action.payload.get("event_ids", [])
        if action.payload.get("new_event_id"):
            yield action.payload["new_event_id"]


def _post(app: FastAPI, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A POST endpoint of ``app`` on a :class:`~cronica.api.auth.WriteRoute` (the writer checked first)."""

    def add(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        app.router.add_api_route(
            path, endpoint, methods=["POST"], route_class_override=WriteRoute, tags=TAGS, **kw
        )
        return endpoint

    return add


def write_routes(app: FastAPI, store: Store, cache: ResponseCache) -> None:
    """The POST endpoints; each needs a token (:data:`cronica.api.auth.Writer`)."""

    @_post(app, "/api/auth/check", responses=WRITE, summary="Check a token (the dashboard's login)")
    def auth_check(user: Writer) -> dict[str, str]:
        """The user and role of the token sent; 401 when it is not valid."""
        return {"user": user.name, "role": user.role}

    @_post(app, "/api/events/{event_id}/confirm", responses=ON_EVENT, summary="Confirm an event")
    def confirm(event_id: EventId, user: Writer, body: ConfirmBody | None = None) -> dict[str, Any]:
        """Mark the event as checked by a person; its values stay as coded."""
        action = review.confirm(store, event_id, user.name, body.reason if body else None)
        cache.clear()
        return _answer(store, action)

    @_post(app, "/api/events/{event_id}/correct", responses=ON_EVENT, summary="Correct coded fields")
    def correct(event_id: EventId, body: CorrectBody, user: Writer) -> dict[str, Any]:
        """Override fields of the event (the machine's values are kept beside them)."""
        action = review.correct(store, event_id, body.fields, user.name, body.reason)
        cache.clear()
        return _answer(store, action)

    @_post(app, "/api/events/merge", responses=ON_EVENT, summary="Merge events into one")
    def merge(body: MergeBody, user: Writer) -> dict[str, Any]:
        """Join the events' evidence and figures into the first one."""
        action = review.merge(store, body.event_ids, user.name, body.reason)
        cache.clear()
        return _answer(store, action)

    @_post(app, "/api/events/{event_id}/split", responses=ON_EVENT, summary="Split evidence off")
    def split(event_id: EventId, body: SplitBody, user: Writer) -> dict[str, Any]:
        """Move the chosen evidence sentences to a new event."""
        action = review.split(store, event_id, body.mention_ids, user.name, body.reason)
        cache.clear()
        return _answer(store, action, new_event=_record(store, action.payload.get("new_event_id")))

    @_post(app, "/api/events/{event_id}/reject", responses=ON_EVENT, summary="Reject an event")
    def reject(event_id: EventId, body: RejectBody, user: Writer) -> dict[str, Any]:
        """Leave the event out of lists and exports (it stays on record, and can be undone)."""
        action = review.reject(store, event_id, body.category, user.name, body.reason)
        cache.clear()
        return _answer(store, action)

    @_post(app, "/api/review/undo", responses=ON_EVENT, summary="Undo a review action")
    def undo(body: UndoBody, user: Writer) -> dict[str, Any]:
        """Undo an action (itself a new row of the log); answers every event it touched."""
        action = review.undo(store, body.action_id, user.name, body.reason)
        cache.clear()
        ids = dict.fromkeys(_touched(action, _undone(store, body.action_id)))
        records = [r for r in (_record(store, i) for i in ids) if r is not None]
        return {"action": action.to_dict(), "events": records}


def read_routes(app: FastAPI, store: Store) -> None:
    """The review endpoints that read: open like every other read."""

    @app.get(
        tags=TAGS,
        path="/api/events/{event_id}/history",
        responses={404: {"description": "No such event"}},
        summary="Every review action on an event, oldest first",
    )
    def get_history(event_id: EventId) -> dict[str, Any]:
        """The audit log's rows for this event (undone ones included, with ``undone_by``)."""
        actions = review.history(store, event_id)
        if not actions and store.event(event_id) is None:
            raise HTTPException(404, detail=f"no event with id {event_id!r}")
        return {"event_id": event_id, "actions": [a.to_dict() for a in actions]}

    @app.get("/api/review/queue", tags=TAGS, summary="Events that most need a person, first")
    def get_queue(limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
        """Low confidence, disputed figures, many deaths, new evidence since review: scored and ordered."""
        items = [item.to_dict() for item in review.review_queue(store, limit=limit)]
        return {"items": [{**i, "event": with_review_state(i["event"])} for i in items]}

    @app.get("/api/review/log", tags=TAGS, summary="The audit log, a page at a time")
    def get_log(
        limit: Annotated[int, Query(ge=1, le=MAX_LOG_PAGE)] = 100,
        after_id: Annotated[
            int | None, Query(ge=0, le=MAX_ACTION_ID, description="Actions after this id.")
        ] = None,
        user: Annotated[
            str | None, Query(max_length=80, pattern=NO_CONTROL, description="Only this user's actions.")
        ] = None,
    ) -> dict[str, Any]:
        """Actions in the order they were made; ``next_after_id`` is the ``after_id`` of the next page."""
        actions = review.review_log(store, user=user, limit=limit, after_id=after_id)
        following = actions[-1].action_id if len(actions) == limit else None
        return {"actions": [a.to_dict() for a in actions], "next_after_id": following}

    @app.get("/api/places", tags=TAGS, summary="Gazetteer places by name, for choosing an event's place")
    def get_places(
        q: Annotated[str, Query(min_length=1, max_length=200, description="A name or its beginning.")],
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO alpha-2.")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 10,
    ) -> dict[str, Any]:
        """Places whose name is ``q`` or begins with it (accents and case ignored), best first."""
        return {"places": [place_dict(e) for e in search_places(q, country=country, limit=limit)]}


def add_review_routes(app: FastAPI, store: Store, cache: ResponseCache) -> None:
    """Every review endpoint, on the app itself (so that ``app.routes`` lists each one)."""
    write_routes(app, store, cache)
    read_routes(app, store)
