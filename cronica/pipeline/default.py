"""The pipeline ``extract_document`` runs: every stage, in order, registered in one place."""

from __future__ import annotations

from cronica.pipeline import (
    calibration,
    classification,
    dateline,
    detection,
    incidents,
    language,
    mentions,
    places,
    records,
    roles,
    sentences,
    tallies,
    totals,
)
from cronica.pipeline.registry import Registry


def default_pipeline(*, sentence_model: bool = False) -> Registry:
    """The default stages in order (``cronica stages`` prints them); a new registry on each call,
    so a caller may add to it without changing anyone else's.

    ``sentence_model`` adds the ``classification`` stage (the trained sentence model beside the
    rules). It is off by default: on held-out data it has not yet beaten the rules, and it halves
    the speed on long reports (README, results); the ``sentence_model`` setting turns it on.
    """
    stages = [
        language.identify_language,
        dateline.find_dateline,
        sentences.split,
        detection.detect,
        *([classification.classify] if sentence_model else []),
        roles.assign_roles,
        totals.find_totals,
        places.locate_places,
        mentions.draft_mentions,
        incidents.merge_incidents,
        records.make_records,
        calibration.calibrate_events,
        tallies.make_tallies,
    ]
    return Registry(stages)
