"""Stage ``sentences``: the report split into sentences and paragraphs, once."""

from __future__ import annotations

from cronica.nlp.sentences import split_sentences
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("sentences", requires=("doc",), assigns=("sentences",))
def split(ctx: DocContext) -> None:
    """Sentences with offsets into the text and their paragraph numbers."""
    ctx.sentences = split_sentences(ctx.doc.text)
