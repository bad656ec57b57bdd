"""The stage registry: declared order checked before a run, a new stage added in one registration."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cronica.errors import CronicaError
from cronica.extract.document import extract_document
from cronica.model import Document
from cronica.pipeline import detection, language, sentences
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline
from cronica.pipeline.errors import StageDeclarationError, StageOrderError
from cronica.pipeline.registry import Registry, stage

REPORT = (
    "PUNO, Peru - Hundreds of farmers marched through Puno on Tuesday to demand the release of "
    "their leaders, and police fired tear gas at them near the main square."
)


def _doc() -> Document:
    return Document("r1", REPORT, published=dt.date(2023, 1, 11), lang="en")


# A toy reader of the filing place (the real one is the ``dateline`` stage): one function, one
# declaration.
_DATELINE = re.compile(r"^([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ ]+),")


@stage("filing_place", requires=("doc", "sentences"), assigns=("filing_place",))
def read_dateline(ctx: DocContext) -> None:
    """The place in capitals that opens the first sentence, if any."""
    first = ctx.sentences[0].text if ctx.sentences else ""
    m = _DATELINE.match(first)
    ctx.set("filing_place", m.group(1).title() if m else None)


def test_a_new_stage_is_one_declaration_and_one_registration() -> None:
    registry = default_pipeline()
    registry.add(read_dateline, after="sentences")
    assert registry.names[:4] == ("language", "dateline", "sentences", "filing_place")
    ctx = registry.run(DocContext(_doc()))
    assert ctx.get("filing_place") == "Puno"
    # the other stages ran as before, around it
    plain = extract_document(_doc())
    assert ctx.events == plain.events and ctx.events
    assert ctx.tallies == plain.tallies


def test_a_private_registry_leaves_the_default_alone() -> None:
    private = Registry()

    @private.register("shout", requires=("doc",), assigns=("loud",))
    def shout(ctx: DocContext) -> None:
        """The text in capitals."""
        ctx.set("loud", ctx.text.upper())

    assert private.names == ("shout",)
    assert private.run(DocContext(_doc())).get("loud") == REPORT.upper()
    assert "shout" not in default_pipeline().names


def test_a_misordered_pipeline_fails_before_any_stage_runs() -> None:
    ran: list[str] = []

    @stage("spy", requires=("doc",), assigns=("seen",))
    def spy(ctx: DocContext) -> None:
        """Notes that it ran."""
        ran.append("spy")
        ctx.set("seen", True)

    registry = Registry([spy, language.identify_language, detection.detect, sentences.split])
    with pytest.raises(StageOrderError) as caught:
        registry.run(DocContext(_doc()))
    err = caught.value
    assert isinstance(err, CronicaError)
    assert (err.stage, err.missing) == ("detection", "sentences")
    assert "'detection'" in str(err) and "'sentences'" in str(err)
    assert ran == []


def test_the_default_pipeline_is_in_a_valid_order() -> None:
    registry = default_pipeline()
    registry.validate()
    assigned = {a for s in registry for a in s.assigns}
    assert {"lang", "sentences", "candidates", "places", "events", "tallies"} <= assigned
    # every stage's declaration is honest: a run reads and writes only what is declared
    ctx = registry.run(DocContext(_doc()))
    assert set(ctx.assigned) == {"doc"} | assigned


def test_a_stage_that_reads_what_it_does_not_require_is_stopped() -> None:
    @stage("sly", requires=("doc",), assigns=("guess",))
    def sly(ctx: DocContext) -> None:
        """Reads the sentences without saying so."""
        ctx.set("guess", len(ctx.sentences))

    registry = Registry([language.identify_language, sentences.split, sly])
    with pytest.raises(StageDeclarationError, match="'sly' reads 'sentences'"):
        registry.run(DocContext(_doc()))


def test_a_stage_that_writes_what_it_does_not_assign_is_stopped() -> None:
    @stage("greedy", requires=("doc",), assigns=("guess",))
    def greedy(ctx: DocContext) -> None:
        """Sets the language behind the pipeline's back."""
        ctx.set("guess", 1)
        ctx.lang = "es"

    with pytest.raises(StageDeclarationError, match="'greedy' assigns 'lang'"):
        Registry([greedy]).run(DocContext(_doc()))


def test_a_stage_must_assign_what_it_declares() -> None:
    @stage("lazy", requires=("doc",), assigns=("summary",))
    def lazy(ctx: DocContext) -> None:
        """Forgets its work."""

    with pytest.raises(StageDeclarationError, match="'lazy' declares 'summary'"):
        Registry([lazy]).run(DocContext(_doc()))


def test_names_are_unique_and_placement_is_checked() -> None:
    registry = default_pipeline()
    with pytest.raises(StageDeclarationError, match="registered twice"):
        registry.add(sentences.split)
    with pytest.raises(StageDeclarationError, match="not registered"):
        registry.add(read_dateline, before="no-such-stage")
    with pytest.raises(StageDeclarationError, match="assigns nothing"):
        stage("idle", requires=("doc",), assigns=())
