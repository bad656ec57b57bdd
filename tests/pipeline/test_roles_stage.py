"""The ``roles`` stage: one analysis of the candidate sentences, shared with the places stage."""

from __future__ import annotations

from cronica.extract.actors import ActorMention
from cronica.extract.events import EventCandidate
from cronica.extract.roles import Role, revise_actors
from cronica.geo import geoparse
from cronica.model import Actor, Document
from cronica.pipeline.context import DocContext
from cronica.pipeline.default import default_pipeline
from cronica.taxonomy import sub_event_of_code

REPORT = (
    "Hundreds of teachers marched in Cusco on Monday. Police fired tear gas at the marchers near the "
    "Plaza de Armas, and two teachers were detained by police. In Arequipa, the weather was fine."
)


def _run(text: str, lang: str = "en") -> DocContext:
    return default_pipeline().run(DocContext(Document("roles-stage", text), lang))


def test_roles_runs_after_detection_and_before_places() -> None:
    names = default_pipeline().names
    assert names.index("detection") < names.index("roles") < names.index("places")


def test_places_read_the_entities_of_the_roles_parse() -> None:
    ctx = _run(REPORT)
    assert ctx.parses and any(p.parsed for p in ctx.parses)
    from_parse = geoparse(ctx.doc, lang="en", entities=[e for p in ctx.parses for e in p.entities()])
    own_ner = geoparse(ctx.doc, lang="en", ner_spans=[(c.start, c.end) for c in ctx.candidates])
    assert from_parse == own_ner
    # only event sentences are read: nothing of the last sentence
    assert all(p.end <= REPORT.index("In Arequipa") for p in ctx.parses)


def test_a_sentence_with_one_actor_gets_no_parse() -> None:
    ctx = _run("Police detained the opposition leader in Lima on Monday.")
    assert ctx.parses and not any(p.parsed for p in ctx.parses)


def _candidate(code: str, actor1: Actor | None, actor2: Actor | None) -> EventCandidate:
    kind = sub_event_of_code(code)
    return EventCandidate(
        start=0, end=60, sentence_index=0, trigger_start=10, trigger_end=15, event_type=kind.event_type,
        sub_event_type=kind.name, plover=kind.plover, actor1=actor1, actor2=actor2, tags=(),
        cues=frozenset({"force", "protest"}), confidence=0.7,
    )  # fmt: skip


def test_state_forces_killing_at_a_protest_is_excessive_force() -> None:
    police = ActorMention(0, 6, "Police", ("state_forces",))
    crowd = ActorMention(20, 30, "marchers", ("protesters",))
    c = _candidate("PROTEST_WITH_INTER", Actor("marchers", "protesters"), Actor("Police", "state_forces"))
    revised = revise_actors(c, [Role("kill", 8, 14, (police,), (crowd,))])
    assert revised.sub_event_type == "Excessive force against protesters"
    assert revised.event_type == "Protests"
    assert revised.actor1 == Actor("Police", "state_forces")
    assert revised.actor2 == Actor("marchers", "protesters")
    # tear gas alone leaves it a protest with intervention, protesters first
    kept = revise_actors(c, [Role("coercive", 8, 14, (police,), (crowd,))])
    assert kept.sub_event_type == "Protest with intervention"
    assert (kept.actor1, kept.actor2) == (Actor("marchers", "protesters"), Actor("Police", "state_forces"))


def test_excessive_force_without_a_role_follows_the_taxonomy_order() -> None:
    c = _candidate("FORCE_AGAINST_PROTEST", Actor("marchers", "protesters"), Actor("Police", "state_forces"))
    revised = revise_actors(c, [])
    assert revised.actor1 == Actor("Police", "state_forces")
    assert revised.actor2 == Actor("marchers", "protesters")


def test_excessive_force_by_no_one_named_is_the_police() -> None:
    c = _candidate("FORCE_AGAINST_PROTEST", Actor("Protesters", "protesters"), None)
    revised = revise_actors(c, [], "es")
    assert revised.actor1 == Actor("Policía", "state_forces")
    assert revised.actor2 == Actor("Protesters", "protesters")


def test_the_parser_runs_only_where_proximity_has_a_choice() -> None:
    # two actors of different kinds: the sub-type places them, no parse
    ctx = _run("Police fired tear gas at students in Lima on Monday.")
    assert ctx.candidates and not any(p.parsed for p in ctx.parses)
    # two armed groups: which one attacked is read from the parse
    ctx = _run("An army patrol was attacked by rebels near Goma on Sunday.")
    assert any(p.parsed for p in ctx.parses)
    assert all(not p.entities() for p in ctx.parses if p.parsed)  # NER ran once, on the NER stretches
