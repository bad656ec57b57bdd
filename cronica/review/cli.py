"""``cronica review ...``: the review actions, the log and the queue on the command line.

Registered on the main group by :mod:`cronica.cli`. ``--user`` defaults to the
operating-system user: whoever runs the CLI against the database file can
write to it anyway. Errors of the actions are one-line messages (exit 2).
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from cronica.review.action import REJECT_CATEGORIES


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def _user_option(f: Any) -> Any:
    return click.option("--user", default=_os_user, show_default="the operating-system user",
                        help="Who acts (recorded in the log).")(f)  # fmt: skip


def _reason_option(required: bool = True) -> Any:
    return click.option("--reason", required=required, help="Why (3 to 500 characters).")


def _parse_set(values: Sequence[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` pairs; a VALUE that reads as JSON (18, null, {...}, [...]) is taken as such."""
    out: dict[str, Any] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        try:
            out[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            out[name.strip()] = raw
    return out


def _done(obj: Any, action: Any) -> None:
    if not obj.quiet:
        click.echo(f"action {action.action_id}: {action.action} {action.event_id} by {action.user}")


@click.group()
def review() -> None:
    """Check and correct fused events; every action is kept in an append-only log."""


@review.command()
@click.argument("event_id")
@_reason_option(required=False)
@_user_option
@click.pass_obj
def confirm(obj: Any, event_id: str, reason: str | None, user: str) -> None:
    """Confirm an event as coded."""
    from cronica.review import confirm as act

    _done(obj, act(obj.store(), event_id, user, reason))


@review.command()
@click.argument("event_id")
@click.option("--set", "pairs", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A corrected field, e.g. fatalities=18, or location=3937513 (a GeoNames id).")  # fmt: skip
@_reason_option()
@_user_option
@click.pass_obj
def correct(obj: Any, event_id: str, pairs: tuple[str, ...], reason: str, user: str) -> None:
    """Correct fields of an event."""
    from cronica.review import correct as act

    _done(obj, act(obj.store(), event_id, _parse_set(pairs), user, reason))


@review.command()
@click.argument("event_ids", nargs=-1, required=True)
@_reason_option()
@_user_option
@click.pass_obj
def merge(obj: Any, event_ids: tuple[str, ...], reason: str, user: str) -> None:
    """Merge events into the first one."""
    from cronica.review import merge as act

    _done(obj, act(obj.store(), list(event_ids), user, reason))


@review.command()
@click.argument("event_id")
@click.option("--mention", "mentions", multiple=True, required=True, help="A mention id to move.")
@_reason_option()
@_user_option
@click.pass_obj
def split(obj: Any, event_id: str, mentions: tuple[str, ...], reason: str, user: str) -> None:
    """Move mentions of an event to a new event."""
    from cronica.review import split as act

    action = act(obj.store(), event_id, list(mentions), user, reason)
    _done(obj, action)
    if not obj.quiet:
        click.echo(f"new event {action.payload['new_event_id']}")


@review.command()
@click.argument("event_id")
@click.option("--category", type=click.Choice(REJECT_CATEGORIES), required=True)
@_reason_option()
@_user_option
@click.pass_obj
def reject(obj: Any, event_id: str, category: str, reason: str, user: str) -> None:
    """Reject an event (kept, left out of lists and exports)."""
    from cronica.review import reject as act

    _done(obj, act(obj.store(), event_id, category, user, reason))


@review.command()
@click.argument("action_id", type=int)
@_reason_option()
@_user_option
@click.pass_obj
def undo(obj: Any, action_id: int, reason: str, user: str) -> None:
    """Undo an action (the log keeps both)."""
    from cronica.review import undo as act

    _done(obj, act(obj.store(), action_id, user, reason))


def _fmt_option(f: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                        show_default=True)(f)  # fmt: skip


@review.command("log")
@click.option("--event", "event_id", help="Only the history of this event.")
@click.option("--user", help="Only this user's actions.")
@click.option("--limit", type=click.IntRange(1), help="At most this many actions.")
@_fmt_option
@click.pass_obj
def log_command(obj: Any, event_id: str | None, user: str | None, limit: int | None, fmt: str) -> None:
    """The audit log, oldest first."""
    from cronica.review import history, review_log

    store = obj.store()
    if event_id:
        found = [a for a in history(store, event_id) if not user or a.user == user][:limit]
    else:
        found = review_log(store, user=user, limit=limit)
    if fmt == "jsonl":
        for a in found:
            sys.stdout.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        return
    rows = [(str(a.action_id), a.to_dict()["at"][:19], a.user, a.action, a.event_id,
             "" if a.undone_by is None else str(a.undone_by), a.reason or "") for a in found]  # fmt: skip
    _table(
        f"{len(found)} review actions", ("id", "at", "user", "action", "event", "undone by", "reason"), rows
    )


@review.command()
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@_fmt_option
@click.pass_obj
def queue(obj: Any, limit: int, fmt: str) -> None:
    """The events that most need a person, highest score first."""
    from cronica.review import review_queue

    items = review_queue(obj.store(), limit)
    if fmt == "jsonl":
        for item in items:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        return
    rows = []
    for item in items:
        e = item.event
        place = (e.get("location") or {}).get("name") or ""
        rows.append((f"{item.score:.2f}", e["event_id"], e.get("event_date") or "?", place,
                     e["sub_event_type"], "" if e.get("fatalities") is None else str(e["fatalities"]),
                     ", ".join(item.reasons)))  # fmt: skip
    _table(f"review queue ({len(items)})", ("score", "event", "date", "place", "type", "killed", "why"), rows)


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    Console(width=160).print(table)
