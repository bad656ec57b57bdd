"""Stage ``calibration``: each event's ``confidence`` as the probability that it is a real incident.

See :mod:`cronica.extract.confidence` for the features and the shipped model.
"""

from __future__ import annotations

from cronica.extract.confidence import calibrate
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage("calibration", requires=("doc", "events", "incidents", "country"), assigns=("events",))
def calibrate_events(ctx: DocContext) -> None:
    """Replace the rule confidence by the calibrated model's probability (the sentence model's
    P(event) one of its features)."""
    events, incidents = ctx.events, ctx.incidents
    # one event record per incident, in order (stage ``records``)
    probs = [d.candidate.model_probability for d in incidents] if len(incidents) == len(events) else None
    ctx.events = calibrate(events, ctx.doc, ctx.country, probs)
