"""Stage ``classification``: the trained sentence model reads each event candidate beside the rules.

The model (:mod:`cronica.extract.sentence_model`) runs on the candidates' sentences only, encoded
in one batch per report. Each candidate gets the model's P(event) (``model_probability``, a
feature of the calibrated confidence). When the model's sub-type disagrees with the rules' and
its probability reaches the threshold chosen on development data (``retype_threshold`` of the
model file), the candidate takes the model's sub-type. A candidate whose P(event) is below the
model's ``drop_threshold`` is dropped; that threshold is 0 (nothing dropped) unless development
data showed dropping costs no real incident. One line of the codebook stays with the rules: the
model may not move a candidate into or out of the demonstration sub-types, nor give a sub-type
whose defining fact the candidate has no cue of (a roadblock alone does not make a riot).
"""

from __future__ import annotations

from dataclasses import replace

from cronica.extract.events import PROTEST_FAMILY, EventCandidate
from cronica.extract.sentence_model import SentenceModel, load_model, rule_answer
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage
from cronica.taxonomy import sub_event_of_code


@stage("classification", requires=("doc", "lang", "candidates"), assigns=("candidates",))
def classify(ctx: DocContext) -> None:
    """The sentence model's P(event) on each candidate; its sub-type where it is sure and differs."""
    if ctx.candidates:
        ctx.candidates = classify_candidates(load_model(), ctx.doc.text, ctx.candidates, ctx.lang)


def classify_candidates(
    model: SentenceModel, text: str, candidates: list[EventCandidate], lang: str
) -> list[EventCandidate]:
    """The candidates with the model's probability set, re-typed or dropped as the model says."""
    texts = [text[c.start : c.end] for c in candidates]
    rules = [rule_answer(c.sub_event_type, c.confidence) for c in candidates]
    p_event, p_type = model.predict(texts, rules, lang)
    out: list[EventCandidate] = []
    for c, pe, dist in zip(candidates, p_event, p_type, strict=True):
        if float(pe) < model.drop_threshold:
            continue
        best = int(dist.argmax())
        code = model.labels[best]
        if code != c.code and float(dist[best]) >= model.retype_threshold and _may_become(c, code):
            kind = sub_event_of_code(code)
            c = replace(c, event_type=kind.event_type, sub_event_type=kind.name, plover=kind.plover)
        out.append(replace(c, model_probability=round(float(pe), 4)))
    return out


# A sub-type the model may give only where the candidate carries a cue of its defining fact
# (TAXONOMY.md): violence by demonstrators for a violent demonstration (a roadblock alone is
# peaceful), force or arrests for an intervention, a killing or firing the rules did not read as
# less-lethal for excessive force, an explosion for remote violence, and so on.
_NEEDS: dict[str, frozenset[str]] = {
    "VIOL_DEMONSTR": frozenset({"riot", "property", "attack", "clash"}),
    "PROTEST_WITH_INTER": frozenset({"force", "arrest", "disperse", "beat", "live_fire"}),
    "FORCE_AGAINST_PROTEST": frozenset({"kill", "live_fire"}),
    **{
        code: frozenset({"explosion"})
        for code in ("AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SUIC_BOMB", "CHEM_WEAP")
    },
    "ABDUCT_DISSAP": frozenset({"abduct"}),
    "SEX_VIOL": frozenset({"sexual"}),
    "ARREST": frozenset({"arrest"}),
    "AGREEMENT": frozenset({"agreement"}),
    "PROPERTY_DISTRUCT": frozenset({"property"}),
}


def _may_become(c: EventCandidate, code: str) -> bool:
    """Whether the model may re-type ``c`` as ``code``.

    Whether a candidate is a demonstration stays the rules' call (they read who acted on whom):
    force used on demonstrators is a protest sub-type, not an Attack, and a curfew declared after
    protests is a strategic development, not a riot (TAXONOMY.md). The model re-types within the
    demonstration sub-types, or within the others, and only to a sub-type whose defining fact the
    candidate has a cue of (:data:`_NEEDS`).
    """
    if (c.code in PROTEST_FAMILY) != (code in PROTEST_FAMILY):
        return False
    if code == "FORCE_AGAINST_PROTEST" and "kill" not in c.cues and c.code == "PROTEST_WITH_INTER":
        return False  # the rules read the firing as less-lethal (rubber bullets, pellets)
    needed = _NEEDS.get(code)
    return needed is None or bool(c.cues & needed)
