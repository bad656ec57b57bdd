"""Stage ``roles``: actor1/actor2 of each event candidate from the dependency parse.

The candidate sentences (only they) are parsed once with the cached spaCy pipeline of the
report's language; the parse is kept in ``parses`` for the places stage, whose NER reads the
same stretches. For each candidate, :func:`cronica.extract.roles.find_roles` reads the agent and
patient of its violent or coercive predicates and :func:`~cronica.extract.roles.revise_actors`
sets actor1/actor2 as TAXONOMY.md codes them for its sub-type; where the parse tells no role,
the actors that proximity chose (detection) stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cronica.extract.actors import ActorMention, find_actors
from cronica.extract.events import EventCandidate
from cronica.extract.roles import find_roles, revise_actors
from cronica.nlp.language import SUPPORTED
from cronica.nlp.pipelines import Parsed, parse_ranges
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("roles", requires=("doc", "lang", "candidates"), assigns=("candidates", "parses"))
def assign_roles(ctx: DocContext) -> None:
    """Parse the candidate sentences; actor1/actor2 from the agent and patient of their predicates."""
    candidates = ctx.candidates
    if not candidates:
        ctx.parses = []
        return
    # the pipeline of the settled language; other languages read as English, as the lexicons do
    lang = ctx.lang if ctx.lang in SUPPORTED else "en"
    text = ctx.doc.text
    parses = parse_ranges(text, lang, [(c.start, c.end) for c in candidates])
    ctx.parses = parses
    ctx.candidates = [_revised(text, c, parses, lang) for c in candidates]


def _revised(text: str, c: EventCandidate, parses: Sequence[Parsed], lang: str) -> EventCandidate:
    parsed = next((p for p in parses if p.start <= c.start and c.end <= p.end), None)
    if parsed is None:
        return c
    span = parsed.doc.char_span(c.start - parsed.start, c.end - parsed.start, alignment_mode="expand")
    if span is None:
        return c
    mentions: list[ActorMention] = [
        replace(m, start=m.start + c.start, end=m.end + c.start)
        for m in find_actors(text[c.start : c.end], lang)
    ]
    return revise_actors(c, find_roles(span, mentions, lang, offset=parsed.start), lang)
