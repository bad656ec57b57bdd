"""Stage ``language``: the report's language, settled once for every later stage."""

from __future__ import annotations

from cronica.nlp.language import detect_language
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("language", requires=("doc",), assigns=("lang",))
def identify_language(ctx: DocContext) -> None:
    """The language the caller forces, else the report's own, else lingua's guess."""
    doc = ctx.doc
    ctx.lang = ctx.requested_lang or doc.lang or detect_language(doc.text)
