"""DocContext: each thing about a report found once, and read only after a stage assigns it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from cronica.extract.document import extract_document
from cronica.model import Document
from cronica.pipeline import context as context_module
from cronica.pipeline import sentences as sentences_stage
from cronica.pipeline.context import DocContext
from cronica.pipeline.errors import UnassignedValueError

REPORT = (
    "AYACUCHO, Peru - Soldiers opened fire on protesters at the airport in Ayacucho on Thursday, "
    "killing eight people, officials said. The deaths bring the total killed in the protests to 26.\n\n"
    "Demonstrators had blocked the runway since Wednesday. Another march is expected in Huamanga."
)


def _counting(calls: Counter[Any], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[(name, *args[1:3])] += 1
        return func(*args, **kwargs)

    return wrapped


def test_dates_and_figures_of_a_span_are_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[Any] = Counter()
    monkeypatch.setattr(context_module, "find_dates", _counting(calls, "dates", context_module.find_dates))
    monkeypatch.setattr(
        context_module, "find_figures", _counting(calls, "figures", context_module.find_figures)
    )
    result = extract_document(Document("a1", REPORT, published=dt.date(2022, 12, 16)), lang="en")
    assert result.events and result.tallies
    assert calls and max(calls.values()) == 1
    # the sentence of the incident is read for its figures once, though two stages need them
    first_sentence_end = REPORT.index("said.") + len("said.")
    assert calls[("figures", 0, first_sentence_end)] == 1


def test_the_language_is_settled_once_and_reaches_geoparsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import cronica.geo.parse as parse
    import cronica.pipeline.language as language_stage
    import cronica.pipeline.roles as roles_stage

    def no_detection(text: str, default: str = "en") -> str:
        raise AssertionError("the language was forced: nothing may detect it")

    def no_ner(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the places stage reads the entities of the roles stage's parse")

    ner_langs: list[str] = []
    real_parse = roles_stage.parse_ranges

    def spy_parse(text: str, lang: str, ranges: Any, deep: Any = ()) -> Any:
        ner_langs.append(lang)
        return real_parse(text, lang, ranges, deep)

    monkeypatch.setattr(language_stage, "detect_language", no_detection)
    monkeypatch.setattr(parse, "detect_language", no_detection)
    monkeypatch.setattr(parse, "ner_spans", no_ner)
    monkeypatch.setattr(roles_stage, "parse_ranges", spy_parse)
    # the document says nothing of its language; the caller forces Spanish
    doc = Document(
        "s1", "La policía detuvo ayer a 12 manifestantes en Cusco.", published=dt.date(2023, 1, 20)
    )
    result = extract_document(doc, lang="es")
    assert result.lang == "es"
    assert ner_langs == ["es"]


def test_sentences_are_split_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import cronica.geo.locate as locate

    splits: list[int] = []
    real_split = sentences_stage.split_sentences

    def counting_split(text: str, lang: str | None = None, **limits: Any) -> Any:
        splits.append(len(text))
        return real_split(text, lang, **limits)

    def no_split(text: str) -> Any:
        raise AssertionError("event_location must use the context's sentences")

    monkeypatch.setattr(sentences_stage, "split_sentences", counting_split)
    monkeypatch.setattr(locate, "split_sentences", no_split)
    result = extract_document(Document("a2", REPORT, published=dt.date(2022, 12, 16)), lang="en")
    assert result.events and all(e.location is not None for e in result.events)
    assert splits == [len(REPORT)]


def test_a_value_read_before_it_is_assigned_says_which() -> None:
    ctx = DocContext(Document("x", "Nothing happened."))
    with pytest.raises(UnassignedValueError, match="'places'"):
        _ = ctx.places
    assert ctx.assigned == ("doc",) and not ctx.has("places")
    ctx.places = []
    assert ctx.has("places") and ctx.places == []


def test_the_drafts_survive_their_merging() -> None:
    from cronica.pipeline.default import default_pipeline

    text = (
        "Farmers blocked the Pan-American highway at La Joya, in Arequipa, on Monday.\n\n"
        "The roadblock at La Joya was still in place on Tuesday."
    )
    ctx = default_pipeline().run(DocContext(Document("b1", text, published=dt.date(2022, 12, 14)), "en"))
    assert len(ctx.drafts) == 2 and len(ctx.incidents) == 1
    # the incident holds both sentences; each draft still holds only its own
    assert len(ctx.incidents[0].spans) == 2
    assert [len(d.spans) for d in ctx.drafts] == [1, 1]
