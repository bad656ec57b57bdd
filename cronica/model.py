"""The records cronica reads and writes.

Plain dataclasses, no behaviour beyond (de)serialisation. The JSON shapes of
``Event.to_dict`` and ``Tally.to_dict`` are the contract of DESIGN.md section 4:
other tools parse them, so field names and their order are pinned by a test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cronica.taxonomy import LazyMapping, demonstration_severity, event_families

FIGURE_KINDS: tuple[str, ...] = ("killed", "injured", "arrested", "crowd")
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "at_least",
    "about",
    "more_than",
    "up_to",
    "nearly",
    "range",
    "vague",
    "unknown",
)
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
# The event field that carries the reconciled value of each figure kind.
FIGURE_FIELD: dict[str, str] = {
    "killed": "fatalities",
    "injured": "injuries",
    "arrested": "arrests",
    "crowd": "crowd_size",
}
# ACLED event type -> family ("demonstration", "violence", "strategic"): a march that became a riot,
# a clash told as excessive force, are one demonstration (cronica/data/taxonomy.yaml).
EVENT_FAMILY: Mapping[str, str] = LazyMapping(event_families)
# Demonstration sub-types from the mildest (0) to the gravest: when reports of one incident differ,
# the gravest account that a report gives wins ties (cronica/data/taxonomy.yaml).
DEMONSTRATION_SEVERITY: Mapping[str, int] = LazyMapping(demonstration_severity)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def content_hash(text: str) -> str:
    """Identity of a document's text: whitespace-normalised SHA-256.

    The same article fetched twice (or saved with different line endings) is one
    document.
    """
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One news report, cleaned to plain text.

    ``doc_id`` is the report's own id when it has one (a JSON ``id``), else one
    derived from its text. ``published`` anchors relative dates ("on Monday");
    ``lang`` is ``en`` or ``es``, or None until detected; ``origin`` names the
    file, feed or record it was read from, for error messages.
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    lang: str | None = None
    origin: str | None = None  # the file, feed or record it came from

    @property
    def content_hash(self) -> str:
        """The identity of the text (see :func:`content_hash`): the same text is one document."""
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON data, in the shape that JSON-lines inputs use (``id``, ``text``, ...)."""
        return {
            "id": self.doc_id,
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "source": self.source,
            "published": _iso(self.published),
            "lang": self.lang,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """The inverse of :meth:`to_dict`; ``id`` and ``text`` are required, the rest may be absent."""
        return cls(
            doc_id=str(d["id"]),
            text=d["text"],
            title=d.get("title"),
            url=d.get("url"),
            source=d.get("source"),
            published=_date(d.get("published")),
            lang=d.get("lang"),
            origin=d.get("origin"),
        )


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of a document: where a figure is stated."""

    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """``{"doc_id", "start", "end"}``, as in a figure's ``evidence``."""
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        """The inverse of :meth:`to_dict`."""
        return cls(doc_id=str(d["doc_id"]), start=int(d["start"]), end=int(d["end"]))


@dataclass(frozen=True)
class Quote:
    """A span with its text: the evidence of a tally."""

    doc_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """``{"doc_id", "start", "end", "text"}``, as in a tally's ``evidence``."""
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        """The inverse of :meth:`to_dict`."""
        return cls(doc_id=str(d["doc_id"]), start=int(d["start"]), end=int(d["end"]), text=d["text"])


@dataclass(frozen=True)
class Evidence:
    """The sentence of one report that supports an event.

    ``start``/``end`` are character offsets into the report's text and ``text``
    is the sentence itself; ``url``, ``source`` (the outlet) and ``published``
    are copied from the report so that a record can be read on its own.
    """

    doc_id: str
    start: int
    end: int
    text: str
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """One entry of an event record's ``evidence`` list (DESIGN.md section 4)."""
        return {
            "doc_id": self.doc_id,
            "url": self.url,
            "source": self.source,
            "published": _iso(self.published),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        """The inverse of :meth:`to_dict`."""
        return cls(
            doc_id=str(d["doc_id"]),
            url=d.get("url"),
            source=d.get("source"),
            published=_date(d.get("published")),
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
        )


@dataclass(frozen=True)
class Figure:
    """A number of people killed, injured, arrested or taking part, as stated.

    ``value`` is the most conservative credible reading (ACLED): "at least 18" is
    18 with qualifier ``at_least``; "17 or 18" is 17 with ``low`` 17 and ``high``
    18. ``value`` is ``None`` only with qualifier ``unknown`` (deaths reported
    with no number).
    """

    kind: str
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        """One entry of an event record's ``figures`` list (DESIGN.md section 4)."""
        return {
            "kind": self.kind,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        """The inverse of :meth:`to_dict`."""
        return cls(
            kind=d["kind"],
            value=d["value"],
            low=d.get("low"),
            high=d.get("high"),
            qualifier=d["qualifier"],
            evidence=Span.from_dict(d["evidence"]),
        )


@dataclass(frozen=True)
class Actor:
    """Who acted, or was acted on: the words of the report and an ACLED actor type.

    ``name`` is as the report puts it ("security forces", "comuneros");
    ``type`` is one of :data:`ACTOR_TYPES` (``state_forces``, ``protesters``, ...).
    """

    name: str
    type: str

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "type"}``, as in an event record's ``actor1`` and ``actor2``."""
        return {"name": self.name, "type": self.type}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        """The inverse of :meth:`to_dict`; None (a record with no such actor) gives None."""
        if d is None:
            return None
        return cls(name=d["name"], type=d["type"])


@dataclass(frozen=True)
class Place:
    """A resolved location (GeoNames-based), as it appears in event records.

    ``geo_precision`` follows ACLED: 1 a town or finer, 2 near a town or part of
    a region, 3 a whole region or country. ``geonames_id`` is None for curated
    places that GeoNames lacks (a mine, a stretch of road).
    """

    name: str
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    geo_precision: int = 3

    def to_dict(self) -> dict[str, Any]:
        """An event record's ``location`` (DESIGN.md section 4)."""
        return {
            "name": self.name,
            "country": self.country,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "geo_precision": self.geo_precision,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Place | None:
        """The inverse of :meth:`to_dict`; None (an event with no place) gives None."""
        if d is None:
            return None
        return cls(
            name=d["name"],
            country=d.get("country"),
            country_code=d.get("country_code"),
            admin1=d.get("admin1"),
            admin2=d.get("admin2"),
            lat=d.get("lat"),
            lon=d.get("lon"),
            geonames_id=d.get("geonames_id"),
            geo_precision=int(d.get("geo_precision", 3)),
        )


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in a document, with its resolution (``cronica geoparse``).

    ``text``, ``start`` and ``end`` are the words as written and where they stand;
    the other fields are the place they were resolved to (``name`` None when
    none was found), its ``feature`` class and the resolver's ``confidence``.
    """

    doc_id: str
    text: str
    start: int
    end: int
    name: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """One line of ``cronica geoparse`` output, with ``"record": "place"``."""
        return {
            "record": "place",
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
            "confidence": self.confidence,
        }


REVIEW_STATUSES: tuple[str, ...] = ("machine", "confirmed", "corrected", "rejected")


@dataclass
class Review:
    """What people decided about a fused event (issue 15; see docs/review.md).

    ``status`` is one of :data:`REVIEW_STATUSES`; ``by`` and ``at`` name the last person
    to act on the event and when (ISO 8601 UTC); ``overrides`` maps each corrected field
    to ``{"machine", "human", "reason", "by", "at"}``; ``new_mentions`` lists the mentions
    that joined the event after it was reviewed.
    """

    status: str = "machine"
    by: str | None = None
    at: str | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_mentions: list[str] = field(default_factory=list)

    @property
    def new_since_review(self) -> bool:
        """Whether a report joined the event after a person acted on it."""
        return bool(self.new_mentions)

    def record_keys(self) -> dict[str, Any]:
        """The keys a reviewed event's record gains after the contract's keys."""
        return {
            "review_status": self.status,
            "reviewed_by": self.by,
            "reviewed_at": self.at,
            "new_since_review": self.new_since_review,
            "review": {"overrides": self.overrides, "new_mentions": list(self.new_mentions)},
        }

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Review | None:
        """The review of a stored record; None for a machine event (a record with no review keys)."""
        if d.get("review_status", "machine") == "machine" and not d.get("review"):
            return None
        extra = d.get("review") or {}
        return cls(
            status=d["review_status"],
            by=d.get("reviewed_by"),
            at=d.get("reviewed_at"),
            overrides=dict(extra.get("overrides") or {}),
            new_mentions=list(extra.get("new_mentions") or []),
        )


@dataclass
class Event:
    """One event: from one report (a mention) or fused across reports.

    The fields are those of DESIGN.md section 4. ``fatalities``, ``injuries``,
    ``arrests`` and ``crowd_size`` hold the reconciled value of each figure kind
    (see :data:`FIGURE_FIELD`) while ``figures`` keeps every figure reported;
    ``disputed`` is true when reports give different values. ``background``
    marks an event that a report recounts as history, never counted as new.
    """

    event_id: str
    event_date: dt.date | None
    date_end: dt.date | None
    date_precision: str
    event_type: str
    sub_event_type: str
    plover: str | None
    actor1: Actor | None
    actor2: Actor | None
    location: Place | None
    fatalities: int | None = None
    injuries: int | None = None
    arrests: int | None = None
    crowd_size: int | None = None
    figures: list[Figure] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    background: bool = False
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    disputed: bool = False
    review: Review | None = None  # set on events a person acted on (issue 15)

    def to_dict(self) -> dict[str, Any]:
        """The event record of DESIGN.md section 4 (a contract: keys and their order are pinned).

        A reviewed event's record gains the review keys after them (:meth:`Review.record_keys`);
        a machine event's record is exactly the contract's.
        """
        out: dict[str, Any] = {
            "record": "event",
            "event_id": self.event_id,
            "event_date": _iso(self.event_date),
            "date_end": _iso(self.date_end),
            "date_precision": self.date_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover": self.plover,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "arrests": self.arrests,
            "crowd_size": self.crowd_size,
            "figures": [f.to_dict() for f in self.figures],
            "tags": list(self.tags),
            "background": self.background,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
            "disputed": self.disputed,
        }
        if self.review is not None:
            out.update(self.review.record_keys())
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """The inverse of :meth:`to_dict`; optional keys that are absent take their defaults."""
        return cls(
            event_id=d["event_id"],
            event_date=_date(d.get("event_date")),
            date_end=_date(d.get("date_end")),
            date_precision=d["date_precision"],
            event_type=d["event_type"],
            sub_event_type=d["sub_event_type"],
            plover=d.get("plover"),
            actor1=Actor.from_dict(d.get("actor1")),
            actor2=Actor.from_dict(d.get("actor2")),
            location=Place.from_dict(d.get("location")),
            fatalities=d.get("fatalities"),
            injuries=d.get("injuries"),
            arrests=d.get("arrests"),
            crowd_size=d.get("crowd_size"),
            figures=[Figure.from_dict(f) for f in d.get("figures", [])],
            tags=list(d.get("tags", [])),
            background=bool(d.get("background", False)),
            confidence=float(d.get("confidence", 0.0)),
            evidence=[Evidence.from_dict(e) for e in d.get("evidence", [])],
            disputed=bool(d.get("disputed", False)),
            review=Review.from_record(d),
        )

    @property
    def review_status(self) -> str:
        """``machine`` for an event no person acted on, else the status people gave it."""
        return self.review.status if self.review else "machine"

    def review_columns(self) -> dict[str, Any]:
        """``review_status``, ``reviewed_by``, ``reviewed_at``, ``new_since_review`` (exports' columns)."""
        r = self.review
        return {
            "review_status": self.review_status,
            "reviewed_by": r.by if r else None,
            "reviewed_at": r.at if r else None,
            "new_since_review": bool(r and r.new_since_review),
        }


@dataclass
class Tally:
    """A running total ("bringing the total number of deaths to 49"), never an incident.

    ``subject`` is what the report says is counted ("deaths in the protests");
    ``as_of`` is the day the total stands at; ``evidence`` quotes the words.
    The casualty ledger (``cronica.fuse.ledger``) sets tallies beside the sum of
    the incidents stored.
    """

    kind: str
    value: int | None
    qualifier: str
    subject: str
    as_of: dt.date | None
    country_code: str | None
    evidence: Quote

    def to_dict(self) -> dict[str, Any]:
        """The tally record of DESIGN.md section 4 (a contract, like the event record)."""
        return {
            "record": "tally",
            "kind": self.kind,
            "value": self.value,
            "qualifier": self.qualifier,
            "subject": self.subject,
            "as_of": _iso(self.as_of),
            "country_code": self.country_code,
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tally:
        """The inverse of :meth:`to_dict`."""
        return cls(
            kind=d["kind"],
            value=d["value"],
            qualifier=d["qualifier"],
            subject=d["subject"],
            as_of=_date(d.get("as_of")),
            country_code=d.get("country_code"),
            evidence=Quote.from_dict(d["evidence"]),
        )


Record = Event | Tally


def record_from_dict(d: dict[str, Any]) -> Record:
    """An Event or a Tally from one JSON record, by its ``"record"`` key; ValueError for another kind."""
    kind = d.get("record")
    if kind == "event":
        return Event.from_dict(d)
    if kind == "tally":
        return Tally.from_dict(d)
    raise ValueError(f"unknown record kind {kind!r}")
