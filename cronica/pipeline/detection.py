"""Stage ``detection``: the event candidates a report states, typed in ACLED's terms."""

from __future__ import annotations

from cronica.extract.events import detect_events
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("detection", requires=("doc", "lang", "sentences"), assigns=("candidates",))
def detect(ctx: DocContext) -> None:
    """One candidate per event mention (trigger lexicon, clause filters, typing rules)."""
    ctx.candidates = detect_events(ctx.doc.text, ctx.sentences, ctx.lang)
