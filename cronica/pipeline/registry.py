"""Declared stages and the ordered registry that checks and runs them.

After spaCy's ``Language.factory(requires=..., assigns=...)``: a stage is a function of a
:class:`~cronica.pipeline.context.DocContext` declared with the values it requires and the values
it assigns. A :class:`Registry` keeps stages in the order they run; before a run it checks that
every value a stage requires is provided to the run or assigned by a stage before it, and raises
:class:`StageOrderError` naming the stage and the missing value otherwise.

Adding a stage is one module and one registration::

    @stage("dateline", requires=("doc",), assigns=("dateline",))
    def read_dateline(ctx: DocContext) -> None:
        ctx.set("dateline", ...)

    registry.add(read_dateline, after="sentences")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cronica.pipeline.context import DocContext
from cronica.pipeline.errors import StageDeclarationError, StageOrderError

StageFunction = Callable[[DocContext], None]

# What a context holds before any stage runs.
PROVIDED = ("doc",)


@dataclass(frozen=True)
class Stage:
    """A function of the context with the values it requires and assigns."""

    name: str
    func: StageFunction
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, ctx: DocContext) -> None:
        self.func(ctx)

    @property
    def summary(self) -> str:
        """The first line of the stage function's docstring."""
        return (self.func.__doc__ or "").strip().split("\n", 1)[0]


def stage(name: str, *, requires: Iterable[str], assigns: Iterable[str]) -> Callable[[StageFunction], Stage]:
    """Declare a function as a stage (registering it is the registry's ``add``)."""
    needs, gives = tuple(requires), tuple(assigns)
    if not gives:
        raise StageDeclarationError(f"stage {name!r} assigns nothing")

    def declare(func: StageFunction) -> Stage:
        return Stage(name, func, needs, gives)

    return declare


class Registry:
    """Stages in the order they run, with the values a run starts with."""

    def __init__(self, stages: Iterable[Stage] = (), *, provided: Iterable[str] = PROVIDED) -> None:
        self.provided = tuple(provided)
        self._stages: list[Stage] = []
        self._checked = False
        for s in stages:
            self.add(s)

    def __iter__(self) -> Iterator[Stage]:
        return iter(self._stages)

    def __len__(self) -> int:
        return len(self._stages)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._stages)

    def get(self, name: str) -> Stage:
        """The stage registered as ``name``."""
        for s in self._stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def copy(self) -> Registry:
        """An independent registry with the same stages (to add to without touching this one)."""
        return Registry(self._stages, provided=self.provided)

    def add(self, new: Stage, *, before: str | None = None, after: str | None = None) -> Stage:
        """Register ``new`` at the end, or just before or after the stage of that name."""
        if new.name in self.names:
            raise StageDeclarationError(f"stage {new.name!r} is registered twice")
        if before is not None and after is not None:
            raise StageDeclarationError(f"stage {new.name!r}: give before or after, not both")
        at = len(self._stages)
        if before is not None:
            at = self._index(before, new.name)
        elif after is not None:
            at = self._index(after, new.name) + 1
        self._stages.insert(at, new)
        self._checked = False
        return new

    def register(
        self,
        name: str,
        *,
        requires: Iterable[str],
        assigns: Iterable[str],
        before: str | None = None,
        after: str | None = None,
    ) -> Callable[[StageFunction], Stage]:
        """Decorator: declare a function as a stage and register it here."""

        def declare_and_add(func: StageFunction) -> Stage:
            return self.add(stage(name, requires=requires, assigns=assigns)(func), before=before, after=after)

        return declare_and_add

    def _index(self, name: str, adding: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise StageDeclarationError(
                f"stage {adding!r} is placed next to {name!r}, which is not registered"
            ) from None

    def validate(self) -> None:
        """Check that each stage's inputs are provided or assigned before it (``StageOrderError``)."""
        available = list(self.provided)
        for s in self._stages:
            for needed in s.requires:
                if needed not in available:
                    raise StageOrderError(s.name, needed, tuple(available))
            available.extend(a for a in s.assigns if a not in available)
        self._checked = True

    def run(self, ctx: DocContext) -> DocContext:
        """Run every stage in order over ``ctx`` (the order is checked first); return ``ctx``."""
        if not self._checked:
            self.validate()
        absent = [p for p in self.provided if not ctx.has(p)]
        if absent:
            raise StageDeclarationError(f"the pipeline expects {absent[0]!r} in the context before it runs")
        for s in self._stages:
            with ctx.scope(s.name, reads=s.requires, writes=s.assigns):
                s(ctx)
            unset = [a for a in s.assigns if not ctx.has(a)]
            if unset:
                raise StageDeclarationError(f"stage {s.name!r} declares {unset[0]!r} but did not assign it")
        return ctx
