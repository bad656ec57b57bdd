"""Stage ``roles``: actor1/actor2 of each event candidate from the dependency parse.

The candidate sentences (only they) are analysed once with the cached spaCy pipeline of the
report's language: named entities over all of them, kept in ``parses`` for the places stage
(its NER reads the same stretches), and the dependency parse over those whose actors the parse
can change (two actors or more and a violent or coercive word, :func:`wants_parse`). For each
candidate, :func:`cronica.extract.roles.find_roles` reads the agent and patient of its violent or
coercive predicates and :func:`~cronica.extract.roles.revise_actors` sets actor1/actor2 as
TAXONOMY.md codes them for its sub-type; where the parse tells no role, the actors that
proximity chose (detection) stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cronica.extract.actors import ActorMention, find_actors
from cronica.extract.event_lexicon import fold
from cronica.extract.events import EventCandidate
from cronica.extract.roles import find_roles, revise_actors, wants_parse
from cronica.nlp.language import SUPPORTED
from cronica.nlp.pipelines import Parsed, parse_ranges
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("roles", requires=("doc", "lang", "candidates"), assigns=("candidates", "parses"))
def assign_roles(ctx: DocContext) -> None:
    """Parse the candidate sentences; actor1/actor2 from the agent and patient of their predicates."""
    candidates = ctx.candidates
    # the pipeline of the settled language; other languages read as English, as the lexicons do
    lang = ctx.lang if ctx.lang in SUPPORTED else "en"
    text = ctx.doc.text
    folded = fold(text)
    mentions = [_mentions(text, folded, c, lang) for c in candidates]
    deep = [
        (c.start, c.end)
        for c, found in zip(candidates, mentions, strict=True)
        if wants_parse(c, found, folded[c.start : c.end], lang)
    ]
    parses = parse_ranges(text, lang, [(c.start, c.end) for c in candidates], deep) if candidates else []
    ctx.parses = parses
    ctx.candidates = [_revised(c, found, parses, lang) for c, found in zip(candidates, mentions, strict=True)]


def _mentions(text: str, folded: str, c: EventCandidate, lang: str) -> list[ActorMention]:
    """The actor mentions of a candidate's span, in the report's offsets."""
    found = find_actors(text[c.start : c.end], lang, folded=folded[c.start : c.end])
    return [replace(m, start=m.start + c.start, end=m.end + c.start) for m in found]


def _revised(
    c: EventCandidate, mentions: Sequence[ActorMention], parses: Sequence[Parsed], lang: str
) -> EventCandidate:
    parsed = next((p for p in parses if p.parsed and p.start <= c.start and c.end <= p.end), None)
    if parsed is None:
        return revise_actors(c, [], lang)
    span = parsed.doc.char_span(c.start - parsed.start, c.end - parsed.start, alignment_mode="expand")
    if span is None:
        return revise_actors(c, [], lang)
    return revise_actors(c, find_roles(span, mentions, lang, offset=parsed.start), lang)
