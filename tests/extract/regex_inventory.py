"""Every regular expression cronica uses, found by looking, not by a list kept by hand.

Three ways in, each covering what the others miss:

* module globals: every ``re.Pattern`` bound at the top of a module of the package;
* lexicon loaders: every cached loader of the package that takes nothing or a language is called
  for English and Spanish, and what it returns is walked for compiled patterns (the YAML lexicons
  are compiled there);
* a recorder: while reports in both languages go through :func:`extract_document` and the
  geoparser, every pattern compiled from code in the package (``re.sub(r"\\s+", ...)`` inside a
  function included) is noted.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import cronica

PACKAGE = Path(cronica.__file__).resolve().parent
# Cached loaders that hold models, indexes or data rather than patterns (and take long to load).
NOT_PATTERN_LOADERS = frozenset(
    {"load_gazetteer", "get_nlp", "get_senter", "encoder", "load_model", "_detector", "committed_splits"}
)
# Modules that cannot be imported outside the program that runs them.
NOT_IMPORTABLE = frozenset({"cronica.store.migrations.env"})

Key = tuple[str, int]  # (pattern, flags)


def modules() -> list[ModuleType]:
    """Every module of the package, imported."""
    names = [m.name for m in pkgutil.walk_packages(cronica.__path__, "cronica.")]
    return [importlib.import_module(n) for n in names if n not in NOT_IMPORTABLE]


def _walk(obj: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    """Compiled patterns inside ``obj``: containers, dataclasses and objects of the package."""
    if isinstance(obj, re.Pattern):
        yield obj
    elif depth > 6 or isinstance(obj, str | bytes | int | float | bool) or obj is None:
        return
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _walk(value, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for item in obj:
            yield from _walk(item, depth + 1)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from _walk(getattr(obj, f.name), depth + 1)
    elif type(obj).__module__.startswith("cronica") and hasattr(obj, "__dict__"):
        yield from _walk(vars(obj), depth + 1)


def module_patterns(mods: list[ModuleType]) -> dict[Key, str]:
    """Patterns bound at module level: ``{(pattern, flags): "module.NAME"}``."""
    found: dict[Key, str] = {}
    for mod in mods:
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault((value.pattern, value.flags), f"{mod.__name__}.{name}")
    return found


def _loaders(mods: list[ModuleType]) -> Iterator[tuple[str, Any]]:
    for mod in mods:
        for name, value in vars(mod).items():
            if (
                isinstance(value, functools._lru_cache_wrapper)
                and getattr(value, "__module__", "") == mod.__name__
                and name not in NOT_PATTERN_LOADERS
            ):
                yield f"{mod.__name__}.{name}", value


def loader_patterns(mods: list[ModuleType]) -> dict[Key, str]:
    """Patterns returned by the cached loaders that take nothing or a language."""
    found: dict[Key, str] = {}
    for where, loader in _loaders(mods):
        params = list(inspect.signature(loader).parameters)
        calls = [()] if not params else [("en",), ("es",)] if params == ["lang"] else []
        for args in calls:
            for p in _walk(loader(*args)):
                if isinstance(p.pattern, str):
                    found.setdefault((p.pattern, p.flags), f"{where}{args}")
    return found


def _from_package(depth: int = 2) -> str | None:
    """The file of the package that compiles a pattern now (``depth`` frames out of ``re``)."""
    frame = sys._getframe(depth)
    while frame is not None and Path(frame.f_code.co_filename).parent.name == "re":
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return None
    path = Path(frame.f_code.co_filename).resolve()
    return f"{path.relative_to(PACKAGE.parent)}:{frame.f_lineno}" if PACKAGE in path.parents else None


REPORTS = (
    (
        "en",
        "LIMA, Peru, 12 March 2023 (Reuters) - Police fired tear gas at about 3,000 protesters in Juliaca on "
        "Monday, and two people were killed, officials said. At least 46 people have died since December.\n\n"
        "Dozens of students were arrested near the university in Puno on 10 March, witnesses told reporters.",
    ),
    (
        "es",
        "PUNO, 14 mar (EFE).- La policía detuvo a 12 personas y dejó al menos 5 heridos el lunes en Juliaca, "
        "donde miles de comuneros marcharon contra el Gobierno. Van 48 muertos desde diciembre de 2022.\n\n"
        "El 9 de enero murieron 17 personas en los enfrentamientos cerca del aeropuerto.",
    ),
)


def recorded_patterns() -> dict[Key, str]:
    """Patterns compiled by code of the package while reports of both languages are read."""
    from cronica.extract.document import extract_document
    from cronica.geo import geoparse
    from cronica.model import Document

    found: dict[Key, str] = {}
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        if isinstance(pattern, str):
            where = _from_package()
            if where is not None:
                found.setdefault((compiled.pattern, compiled.flags), where)
        return compiled

    with mock.patch.object(re, "_compile", recording):
        for lang, text in REPORTS:
            doc = Document(f"inventory-{lang}", text, published=dt.date(2023, 3, 14), lang=lang)
            extract_document(doc, lang)
            list(geoparse(doc))
    return found


def every_pattern() -> dict[Key, str]:
    """Every pattern of the package, with where it was found."""
    mods = modules()
    found = recorded_patterns()
    found.update(loader_patterns(mods))
    found.update(module_patterns(mods))
    return found


def hostile_texts(size: int) -> dict[str, str]:
    """Strings of about ``size`` characters built to make a backtracking regex blow up: long runs
    of one class (spaces, digits, letters, punctuation, invisible characters), repeated words and
    numbers, dates; each ends in a character that matches nothing, so that no search stops early."""
    units = {
        "spaces": " ",
        "blank lines": " \n\t\n",
        "digits": "1",
        "spaced digits": "1 ",
        "digit groups": "1,000 ",
        "dotted digits": "1.",
        "commas": ",",
        "dots": ".",
        "listed letters": "a, ",
        "letters": "a",
        "capitals": "A",
        "capitalised words": "Juliaca ",
        "listed names": "Ana Ruiz, ",
        "joined names": "Ana Ruiz and ",
        "repeated word": "killed ",
        "repeated phrase": "police and protesters ",
        "spanish words": "de la ",
        "dates": "12 March 2023, ",
        "numeric dates": "12/03/2023 ",
        "dashes": "- ",
        "hyphens": "-",
        "quotes": "'\" ",
        "zero-width": "\u200b",
        "zero-width words": "killed\u200b",
        "mixed": "1 a, 1. ",
    }
    return {name: unit * (size // len(unit)) + "\u00a7!" for name, unit in units.items()}
