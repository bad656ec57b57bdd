"""``DocContext``: one report and everything the stages know about it, each thing found once.

A context starts with the document (and, when the caller forces one, a language). Stages add
named values: ``lang``, ``dateline``, ``sentences``, ``candidates``, ``parses``, ``places`` and so
on; each is a typed attribute that raises :class:`UnassignedValueError` when read before a
stage has assigned it. The dates and the figures of a span are found on first request and kept,
so that the sentence an event candidate, a running total and a paragraph share is read once.

While the registry runs a stage, the context lets it read only what it declares in ``requires``
(or its own ``assigns``) and write only what it declares in ``assigns``, so the declarations that
``cronica stages`` prints are the truth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from cronica.extract.dates import DateMention, find_dates
from cronica.extract.figures import FigureMention, find_figures
from cronica.model import Document, Event, PlaceMention, Tally
from cronica.nlp.pipelines import Parsed
from cronica.nlp.sentences import MAX_SENTENCE, Sentence
from cronica.pipeline.errors import StageDeclarationError, UnassignedValueError

if TYPE_CHECKING:
    from cronica.extract.events import EventCandidate
    from cronica.pipeline.dateline import Dateline
    from cronica.pipeline.mentions import Draft

T = TypeVar("T")


class Slot(Generic[T]):
    """A named, typed value of the context: assigned by one stage, read by later ones."""

    name: str

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Slot[T]: ...

    @overload
    def __get__(self, obj: DocContext, objtype: type | None = None) -> T: ...

    def __get__(self, obj: DocContext | None, objtype: type | None = None) -> Slot[T] | T:
        if obj is None:
            return self
        return cast(T, obj.get(self.name))

    def __set__(self, obj: DocContext, value: T) -> None:
        obj.set(self.name, value)


@dataclass(frozen=True)
class _Scope:
    """What the stage now running may read and write."""

    stage: str
    reads: frozenset[str]
    writes: frozenset[str]


class DocContext:
    """One report on its way through the stages (see the module docstring)."""

    doc: Slot[Document] = Slot()
    lang: Slot[str] = Slot()
    dateline: Slot[Dateline | None] = Slot()
    sentences: Slot[list[Sentence]] = Slot()
    candidates: Slot[list[EventCandidate]] = Slot()
    parses: Slot[list[Parsed]] = Slot()
    tally_figures: Slot[list[tuple[Sentence, list[FigureMention]]]] = Slot()
    places: Slot[list[PlaceMention]] = Slot()
    country: Slot[str | None] = Slot()
    dateline_place: Slot[PlaceMention | None] = Slot()
    drafts: Slot[list[Draft]] = Slot()
    incidents: Slot[list[Draft]] = Slot()
    events: Slot[list[Event]] = Slot()
    tallies: Slot[list[Tally]] = Slot()

    def __init__(
        self,
        doc: Document,
        lang: str | None = None,
        *,
        max_sentence_chars: int = MAX_SENTENCE,
        geo_ranker: bool = False,
    ) -> None:
        """``lang``: the language the caller forces (``None``: the report's own, else detected);
        ``max_sentence_chars``: the longest sentence the ``sentences`` stage may give;
        ``geo_ranker``: the ``places`` stage resolves with the learned ranker (the setting)."""
        self.requested_lang = lang
        self.max_sentence_chars = max_sentence_chars
        self.geo_ranker = geo_ranker
        self._values: dict[str, Any] = {"doc": doc}
        self._scope: _Scope | None = None
        self._dates: dict[tuple[int, int], tuple[DateMention, ...]] = {}
        self._figures: dict[tuple[int, int], tuple[FigureMention, ...]] = {}

    # -- named values ----------------------------------------------------------------------
    def get(self, name: str) -> Any:
        """The value assigned to ``name``; stages read their own inputs through the attributes."""
        scope = self._scope
        if scope is not None and name not in scope.reads and name not in scope.writes:
            raise StageDeclarationError(f"stage {scope.stage!r} reads {name!r} without requiring it")
        try:
            return self._values[name]
        except KeyError:
            raise UnassignedValueError(f"{name!r} has not been assigned by any stage yet") from None

    def set(self, name: str, value: Any) -> None:
        """Assign ``name`` (a stage may write only what it declares it assigns)."""
        scope = self._scope
        if scope is not None and name not in scope.writes:
            raise StageDeclarationError(f"stage {scope.stage!r} assigns {name!r} without declaring it")
        self._values[name] = value

    def has(self, name: str) -> bool:
        """Whether ``name`` has been assigned (by the caller or a stage)."""
        return name in self._values

    @property
    def assigned(self) -> tuple[str, ...]:
        """The names assigned so far, in the order they were first assigned."""
        return tuple(self._values)

    @contextmanager
    def scope(self, stage: str, reads: tuple[str, ...], writes: tuple[str, ...]) -> Iterator[None]:
        """Let only what a stage declares be read and written while it runs."""
        outer = self._scope
        self._scope = _Scope(stage, frozenset(reads), frozenset(writes))
        try:
            yield
        finally:
            self._scope = outer

    # -- spans, read once --------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The report's text (reading it requires ``doc``)."""
        return self.doc.text

    @property
    def reference_date(self) -> dt.date | None:
        """The day relative dates count from: the dateline's date once the ``dateline`` stage has
        read one ("Quito, 14 jun (EFE).-"), else the publication date."""
        dateline = self._values.get("dateline")
        if dateline is not None and dateline.date is not None:
            return cast(dt.date, dateline.date)
        return self.doc.published

    def dates(self, start: int, end: int) -> tuple[DateMention, ...]:
        """Every date stated in ``text[start:end]`` (``find_dates``), found once per span, read
        against ``reference_date``; the dateline's own date is when the report was filed, not a
        date of its events, and is left out."""
        key = (start, end)
        found = self._dates.get(key)
        if found is None:
            doc = self.doc
            dateline = self._values.get("dateline")
            found = tuple(
                d
                for d in find_dates(doc.text, start, end, self.lang, self.reference_date)
                if dateline is None or not dateline.covers(d.start, d.end)
            )
            self._dates[key] = found
        return found

    def figures(self, start: int, end: int) -> tuple[FigureMention, ...]:
        """Every figure stated in ``text[start:end]`` (``find_figures``), found once per span."""
        key = (start, end)
        found = self._figures.get(key)
        if found is None:
            found = tuple(find_figures(self.doc.text, start, end, self.lang))
            self._figures[key] = found
        return found
