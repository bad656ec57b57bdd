"""Polling one source: what it holds that no watch has taken yet, or why it could not be read.

A URL is fetched with a conditional GET (its validators from the last poll), so an
unchanged feed costs one 304 and nothing else; a page already taken is not fetched
again. A folder, file or glob is listed, and only the files whose path, size and
modification time were never seen are read. Either way each item (an entry's link,
a document's origin) is kept only when no source has given it before.

A source *fails* when it yields nothing but one failure that names the source
itself (the server refused, the feed does not parse, the folder is gone); a
failure of one entry or one file of a folder is that item's, recorded as such.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cronica.model import Document
from cronica.sources import Failure, InputLimits, expand, origin_of, read_bytes, read_file
from cronica.sources.fetch import FetchError, Validators, fetch_if_changed
from cronica.store.watch_state import SourceState

GLOB = re.compile(r"[*?[]")
Unseen = Callable[[Iterable[str]], set[str]]
Item = Document | Failure


@dataclass
class Poll:
    """What one poll of a source found: the new items with their keys, or the error."""

    spec: str
    kind: str
    items: list[tuple[str, Item]] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)  # files read, marked seen with the items
    unchanged: bool = False
    error: str | None = None
    validators: Validators = field(default_factory=Validators)
    cursor: str | None = None


def is_url(spec: str) -> bool:
    """Whether a source is fetched (http or https) rather than read from disk."""
    return spec.startswith(("http://", "https://"))


def item_key(item: Item) -> str:
    """What makes an item the same item wherever it is met: its link, else its origin."""
    if isinstance(item, Document):
        return item.url or item.origin or item.doc_id
    return item.origin


def newest(items: Sequence[tuple[str, Item]], before: str | None) -> str | None:
    """The latest publication date among ``items`` and the cursor ``before`` (ISO text)."""
    dates = [i.published.isoformat() for _, i in items if isinstance(i, Document) and i.published]
    return max([*dates, *([before] if before else [])], default=None)


def _source_failed(origin: str, found: Sequence[Item]) -> str | None:
    if len(found) == 1 and isinstance(found[0], Failure) and found[0].origin == origin:
        return found[0].reason
    return None


def _new_items(found: Iterable[Item], unseen: Unseen) -> list[tuple[str, Item]]:
    """The items whose key is unseen, each once, in the order met."""
    keyed = [(item_key(i), i) for i in found]
    fresh = unseen(k for k, _ in keyed)
    out: dict[str, Item] = {}
    for key, item in keyed:
        if key in fresh and key not in out:
            out[key] = item
    return list(out.items())


def poll_url(spec: str, state: SourceState, limits: InputLimits, unseen: Unseen) -> Poll:
    """Poll a feed or page URL (see the module's docstring)."""
    known = Validators(state.etag, state.last_modified)
    if state.kind == "page" and state.items:
        return Poll(spec, "page", unchanged=True, validators=known, cursor=state.cursor)
    try:
        fetched = fetch_if_changed(spec, known, limits.fetch)
    except FetchError as exc:
        return Poll(spec, state.kind, error=str(exc), validators=known, cursor=state.cursor)
    if fetched.unchanged:
        return Poll(spec, state.kind, unchanged=True, validators=known, cursor=state.cursor)
    found = list(read_bytes(fetched.body, spec, fetched.name, limits))
    reason = _source_failed(spec, found)
    if reason:
        return Poll(spec, state.kind, error=reason, validators=known, cursor=state.cursor)
    kind = "page" if len(found) == 1 and found[0].origin == spec else "feed"
    items = _new_items(found, unseen)
    return Poll(
        spec,
        kind,
        items=items,
        unchanged=not items,
        validators=fetched.validators,
        cursor=newest(items, state.cursor),
    )


def file_stamp(path: Path) -> str | None:
    """What identifies one version of a file: its path, size and modification time (None: gone)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return f"file:{origin_of(path)}|{info.st_size}|{info.st_mtime_ns}"


def _modified(paths: Iterable[Path]) -> str | None:
    times = []
    for p in paths:
        try:
            times.append(p.stat().st_mtime)
        except OSError:
            continue
    if not times:
        return None
    return dt.datetime.fromtimestamp(max(times), dt.UTC).isoformat(timespec="seconds")


def poll_files(spec: str, state: SourceState, limits: InputLimits, unseen: Unseen) -> Poll:
    """Poll a folder, file or glob: read the files not seen in this version (see the module's docstring)."""
    inputs = list(expand(spec))
    failures = [i for i in inputs if isinstance(i, Failure)]
    reason = _source_failed(spec, failures) if len(inputs) == 1 else None
    if reason and not GLOB.search(spec):  # a glob that matches nothing yet is merely empty
        return Poll(spec, "files", error=reason, cursor=state.cursor)
    stamps = {s: p for p in inputs if isinstance(p, Path) and (s := file_stamp(p))}
    fresh = sorted(unseen(stamps), key=lambda s: str(stamps[s]))
    found: list[Item] = [item for s in fresh for item in read_file(stamps[s], limits)]
    single = Path(spec).is_file()
    reason = _source_failed(origin_of(Path(spec)), found) if single else None
    if reason:
        return Poll(spec, "files", error=reason, cursor=state.cursor)
    items = _new_items(found, unseen)
    cursor = max(filter(None, [_modified(stamps[s] for s in fresh), state.cursor]), default=None)
    return Poll(spec, "files", items=items, stamps=fresh, unchanged=not fresh, cursor=cursor)


def poll(spec: str, state: SourceState, limits: InputLimits, unseen: Unseen) -> Poll:
    """Poll one source, whatever its kind; never raises for a bad source (the poll's ``error``)."""
    if is_url(spec):
        return poll_url(spec, state, limits, unseen)
    return poll_files(spec, state, limits, unseen)
