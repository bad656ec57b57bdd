"""Stage ``totals``: the running totals a report states, sentence by sentence."""

from __future__ import annotations

from cronica.extract.figures import FigureMention, may_hold_tally
from cronica.nlp.sentences import Sentence
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("totals", requires=("doc", "lang", "sentences"), assigns=("tally_figures",))
def find_totals(ctx: DocContext) -> None:
    """Each sentence that states a running total, with those figures ("the toll rose to 49")."""
    found: list[tuple[Sentence, list[FigureMention]]] = []
    for s in ctx.sentences:
        if not may_hold_tally(ctx.text, s.start, s.end, ctx.lang):
            continue  # no number, no running total: skip the full figure reading
        totals = [f for f in ctx.figures(s.start, s.end) if f.tally]
        if totals:
            found.append((s, totals))
    ctx.tally_figures = found
