"""Bounded work per report: the document and sentence limits, the watchdog, and hostile reports
through the whole pipeline (smaller than the ones measured for issue 14, to keep the tests quick)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator

import pytest

from cronica.errors import DocumentTooLongError, ExtractionTimeoutError
from cronica.extract import document as document_module
from cronica.extract.document import extract_document
from cronica.extract.limits import Limits
from cronica.extract.watchdog import paused, time_limit
from cronica.model import Document
from cronica.nlp.normalise import normalise_text
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import Registry

EVENT = "Police fired tear gas at protesters in Juliaca on Monday and killed 17 people."


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


class _Stuck(Registry):
    """A pipeline that never finishes a report whose text says "stuck"."""

    def run(self, ctx: DocContext) -> DocContext:
        if "stuck" in ctx.doc.text:
            _spin(60)
        return super().run(ctx)


@pytest.fixture
def stuck_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = document_module.default_pipeline
    monkeypatch.setattr(document_module, "default_pipeline", lambda **kw: _Stuck(real(**kw)))
    yield


# -- the watchdog ---------------------------------------------------------------------------------
def test_the_watchdog_stops_a_block_that_runs_too_long() -> None:
    began = time.monotonic()
    with pytest.raises(ExtractionTimeoutError, match=r"^extraction timed out after 0\.2 s$"), time_limit(0.2):
        _spin(10)
    assert time.monotonic() - began < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_watchdog_gives_an_outer_timer_back() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with time_limit(5):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0.3  # still running, less what was spent
        _spin(1)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_watchdog_stands_down_outside_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        with time_limit(0.05):
            _spin(0.2)
        outcome.append("finished")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert outcome == ["finished"]


def test_a_report_that_runs_too_long_times_out(stuck_pipeline: None) -> None:
    began = time.monotonic()
    with pytest.raises(ExtractionTimeoutError, match=r"^extraction timed out after 0\.3 s$"):
        extract_document(Document("s1", "stuck " + EVENT), "en", limits=Limits(timeout_s=0.3))
    assert time.monotonic() - began < 3
    assert extract_document(Document("s2", EVENT), "en", limits=Limits(timeout_s=120)).events


# -- document and sentence limits ----------------------------------------------------------------
def test_a_report_too_long_fails_with_a_one_line_reason() -> None:
    text = (EVENT + " ") * 50
    with pytest.raises(DocumentTooLongError) as raised:
        extract_document(Document("long", text), "en", limits=Limits(max_document_chars=1000))
    assert str(raised.value) == (
        f"document too long: {len(text):,} characters (limit 1,000, setting max_document_chars)"
    )


def test_the_length_that_counts_is_the_normalised_one() -> None:
    text = EVENT + " " * 2_000_000 + EVENT
    found = extract_document(Document("blank", text), "en", limits=Limits(max_document_chars=1000))
    assert found.events


def test_no_sentence_is_longer_than_the_limit() -> None:
    text = "protesters marched and police fired tear gas in lima " * 100  # one sentence, no stops
    ctx = DocContext(Document("one", text), "en", max_sentence_chars=300)
    from cronica.pipeline import language, sentences

    for stage in (language.identify_language, sentences.split):
        with ctx.scope(stage.name, stage.requires, stage.assigns):
            stage(ctx)
    assert ctx.sentences and max(len(s.text) for s in ctx.sentences) <= 300


# -- offsets into the text as stored -------------------------------------------------------------
def test_evidence_points_into_the_report_as_stored() -> None:
    text = "Security forces kil\u200bled 17 protesters in Juliaca on Monday," + " " * 300 + "officials said."
    found = extract_document(Document("zw", text), "en")
    [event] = [e for e in found.events if not e.background]
    [evidence] = event.evidence
    assert normalise_text(text[evidence.start : evidence.end])[0] == evidence.text
    [killed] = [f for f in event.figures if f.kind == "killed"]
    assert "17" in text[killed.evidence.start : killed.evidence.end]
    for place in found.places:
        assert normalise_text(text[place.start : place.end])[0] == place.text


# -- hostile reports through the whole pipeline ----------------------------------------------------
# Each took seconds or failed with a traceback before issue 14 (a megabyte of spaces 7 s, 300,000
# digits 0.9 s, 100,000 zero-width characters 1 s, "killed" 100,000 times 21 s, a 4.9 MB sentence
# spaCy's E088); with the default limits each is read, or refused with its reason, at once.
HOSTILE = {
    "a megabyte of spaces": EVENT + " " * 1_000_000 + EVENT,
    "300,000 digits": "Police killed " + "7" * 300_000 + " protesters in Lima.",
    "100,000 zero-width characters": "Police kil" + "\u200b" * 100_000 + "led 3 protesters in Lima.",
    "200,000 spaces in an event sentence": "Police fired tear gas at protesters" + " " * 200_000 + "in Lima.",
}
REFUSED = {
    "a 4.9 MB sentence": ("police fired tear gas at protesters in lima and " * 102_100)[:4_900_000],
    "100,000 times killed": "Police " + "killed " * 100_000 + "in Lima.",
}
BUDGET_S = 0.5


@pytest.fixture(scope="module")
def warm() -> None:
    extract_document(Document("warm", EVENT), "en")  # models loaded before any clock starts


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_report_is_read_at_once(warm: None, kind: str) -> None:
    began = time.process_time()
    found = extract_document(Document(kind, HOSTILE[kind]), "en")
    assert time.process_time() - began < BUDGET_S
    assert found.events


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_hostile_report_too_long_is_refused_at_once(warm: None, kind: str) -> None:
    began = time.process_time()
    with pytest.raises(DocumentTooLongError, match=r"^document too long: "):
        extract_document(Document(kind, REFUSED[kind]), "en")
    assert time.process_time() - began < 4 * BUDGET_S


def test_numbers_are_found_in_time_linear_in_their_count() -> None:
    from cronica.extract.numbers import find_numbers

    text = "1 " * 20_000  # each new number was checked against every one found before it
    began = time.process_time()
    found = find_numbers(text, 0, len(text), "en")
    assert time.process_time() - began < 4 * BUDGET_S
    assert len(found) == 20_000


# -- the watchdog on the paths that run it: process (serial and pool) and extract ------------------
def _docs() -> list[Document]:
    return [Document("stuck-one", "stuck " + EVENT, lang="en"), Document("fine-one", EVENT, lang="en")]


def test_a_shard_records_the_timeout_and_goes_on(stuck_pipeline: None) -> None:
    from cronica.config import Settings
    from cronica.run.shard import process_shard

    result = process_shard(_docs(), Settings(extract_timeout_s=0.3))
    stuck, fine = result.results
    assert stuck.error == "extraction timed out after 0.3 s" and not stuck.mentions
    assert fine.error is None and fine.mentions


def test_the_pool_engine_times_out_in_its_workers(
    stuck_pipeline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cronica.config import Settings
    from cronica.run import executors

    monkeypatch.setattr(executors, "_init_worker", lambda: None)  # the workers are forks of this process
    pool = executors.PoolExecutor(Settings(engine="pool", workers=1, extract_timeout_s=0.5))
    try:
        [result] = list(pool.map_shards([_docs()]))
    finally:
        pool.close()
    assert [r.error for r in result.results] == ["extraction timed out after 0.5 s", None]
    assert result.results[1].mentions


def test_cronica_extract_reports_the_timeout_in_one_line(
    stuck_pipeline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from click.testing import CliRunner

    from cronica.cli import cli

    monkeypatch.setenv("CRONICA_EXTRACT_TIMEOUT_S", "0.5")
    lines = "\n".join(json.dumps({"id": d.doc_id, "text": d.text, "lang": "en"}) for d in _docs())
    result = CliRunner().invoke(cli, ["-q", "extract"], input=lines + "\n")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("extraction timed out after 0.5 s")
    assert len(result.stderr.strip().splitlines()) == 1
    assert [json.loads(line)["evidence"][0]["doc_id"] for line in result.stdout.splitlines()] == ["fine-one"]


def test_loading_a_model_does_not_count_against_the_time_limit() -> None:
    """``paused`` stops the clock (a cold model load) and re-arms it with what was left."""
    with time_limit(0.4):
        with paused():
            time.sleep(0.6)  # longer than the whole limit, but paused
        time.sleep(0.1)
    with pytest.raises(ExtractionTimeoutError), time_limit(0.4):
        with paused():
            time.sleep(0.1)
        time.sleep(1.0)  # the limit runs again after the pause
