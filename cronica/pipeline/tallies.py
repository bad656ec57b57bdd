"""Stage ``tallies``: the running totals of a report as tally records (DESIGN.md section 4)."""

from __future__ import annotations

from cronica.model import Quote, Tally
from cronica.pipeline.context import DocContext
from cronica.pipeline.dating import date_of
from cronica.pipeline.registry import stage

TALLY_SUBJECTS = {
    "killed": "deaths in the protests",
    "injured": "people injured in the protests",
    "arrested": "people detained in the protests",
    "crowd": "people taking part in the protests",
}


@stage("tallies", requires=("doc", "lang", "tally_figures", "country"), assigns=("tallies",))
def make_tallies(ctx: DocContext) -> None:
    """A tally per running-total figure, as of the day its sentence names, else the report's."""
    doc = ctx.doc
    out: list[Tally] = []
    for s, figures in ctx.tally_figures:
        as_of, until, precision, dated = date_of(doc, ctx.dates(s.start, s.end))
        as_of = until or as_of  # "47 dead since 7 December": the total stands at the end of the span
        # a total is "as of" the report unless the sentence dates it to a day
        when = as_of if dated and precision == "day" else doc.published
        for f in figures:
            out.append(
                Tally(
                    kind=f.kind,
                    value=f.value,
                    qualifier=f.qualifier,
                    subject=f.subject or TALLY_SUBJECTS[f.kind],
                    as_of=when,
                    country_code=ctx.country,
                    evidence=Quote(doc.doc_id, s.start, s.end, s.text),
                )
            )
    ctx.tallies = out
