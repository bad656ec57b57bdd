"""The review state: what the log decided, replayed from its actions (pure, no database).

A *group* is a reviewed event: the set of mention ids that people fixed, with
the stable id it had when first reviewed, the fields they corrected, and
whether they rejected it. Replaying the actions that are not undone, oldest
first, gives the same groups whatever the machine did meanwhile; the events are
then made from the groups (:mod:`cronica.review.apply`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cronica.review.action import Action, iso_utc

Anchor = tuple[str, int, int]  # a mention's report and the span of its first evidence sentence


@dataclass
class Group:
    """One reviewed event: its mentions, the corrections and the last person to act on it."""

    event_id: str
    mentions: set[str] = field(default_factory=set)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: str | None = None  # the reject category
    by: str | None = None
    at: str | None = None

    @property
    def status(self) -> str:
        """``rejected``, ``corrected`` (a field overridden) or ``confirmed``."""
        if self.rejected:
            return "rejected"
        return "corrected" if self.overrides else "confirmed"


@dataclass
class ReviewState:
    """Every group, which group owns each mention id, and where each reviewed mention stood."""

    groups: dict[str, Group] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, Anchor] = field(default_factory=dict)

    def group(self, event_id: str, members: Iterable[str] = ()) -> Group:
        """The group ``event_id`` (made when new); ``members`` that no other group owns join it."""
        g = self.groups.get(event_id)
        if g is None:
            g = self.groups[event_id] = Group(event_id)
        for mid in members:
            if self.owner.get(mid, event_id) == event_id:
                self.take(g, mid)
        return g

    def take(self, g: Group, mention_id: str) -> None:
        """Move a mention into ``g``, out of whichever group held it."""
        old = self.owner.get(mention_id)
        if old is not None and old != g.event_id and old in self.groups:
            self.groups[old].mentions.discard(mention_id)
        self.owner[mention_id] = g.event_id
        g.mentions.add(mention_id)

    def drop(self, event_id: str) -> Group | None:
        """Remove a group (merged into another); its mentions are left to the caller."""
        return self.groups.pop(event_id, None)


def _touch(g: Group, a: Action) -> None:
    g.by, g.at = a.user, iso_utc(a.at)


def _confirm(state: ReviewState, a: Action) -> None:
    _touch(state.group(a.event_id, a.payload.get("members", ())), a)


def _correct(state: ReviewState, a: Action) -> None:
    g = state.group(a.event_id, a.payload.get("members", ()))
    for name, value in a.payload["fields"].items():
        g.overrides[name] = {"human": value, "reason": a.reason, "by": a.user, "at": iso_utc(a.at)}
    _touch(g, a)


def _reject(state: ReviewState, a: Action) -> None:
    g = state.group(a.event_id, a.payload.get("members", ()))
    g.rejected = a.payload["category"]
    _touch(g, a)


def _merge(state: ReviewState, a: Action) -> None:
    target = state.group(a.event_id)
    for other_id in a.payload["event_ids"]:
        if other_id == target.event_id:
            continue
        other = state.drop(other_id)
        if other is None:
            continue
        for name, value in other.overrides.items():
            target.overrides.setdefault(name, value)
        for mid in other.mentions:
            state.owner.pop(mid, None)
    for mid in a.payload["mention_ids"]:
        state.take(target, mid)
    _touch(target, a)


def _split(state: ReviewState, a: Action) -> None:
    g = state.group(a.event_id, a.payload.get("members", ()))
    part = state.group(a.payload["new_event_id"])
    for mid in a.payload["mention_ids"]:
        state.take(part, mid)
    _touch(g, a)
    _touch(part, a)


STEPS: dict[str, Callable[[ReviewState, Action], None]] = {
    "confirm": _confirm,
    "correct": _correct,
    "reject": _reject,
    "merge": _merge,
    "split": _split,
}


def replay(actions: Iterable[Action]) -> ReviewState:
    """The review state the actions give, oldest first, leaving out undone ones and the undos."""
    ordered = list(actions)
    undone = {a.payload["undoes"] for a in ordered if a.action == "undo"}
    state = ReviewState()
    for a in ordered:
        if a.action == "undo" or a.action_id in undone:
            continue
        for mid, anchor in a.payload.get("anchors", {}).items():
            state.anchors.setdefault(mid, (str(anchor[0]), int(anchor[1]), int(anchor[2])))
        STEPS[a.action](state, a)
    return state
