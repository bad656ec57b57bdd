"""Stage ``sentences``: the report split into sentences and paragraphs, once."""

from __future__ import annotations

from cronica.nlp.sentences import split_sentences
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("sentences", requires=("doc", "lang"), assigns=("sentences",))
def split(ctx: DocContext) -> None:
    """Sentences with offsets into the text and their paragraph numbers (the regex on well-formed
    text; a lower-case-tolerant rule and spaCy's sentence recogniser where it is not), none
    longer than the context's ``max_sentence_chars``."""
    ctx.sentences = split_sentences(ctx.doc.text, ctx.lang, max_chars=ctx.max_sentence_chars)
