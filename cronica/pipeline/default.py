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
    sentences,
    tallies,
    totals,
)
from cronica.pipeline.registry import Registry


def default_pipeline() -> Registry:
    """The default stages in order (``cronica stages`` prints them); a new registry on each call,
    so a caller may add to it without changing anyone else's."""
    return Registry(
        [
            language.identify_language,
            dateline.find_dateline,
            sentences.split,
            detection.detect,
            classification.classify,
            totals.find_totals,
            places.locate_places,
            mentions.draft_mentions,
            incidents.merge_incidents,
            records.make_records,
            calibration.calibrate_events,
            tallies.make_tallies,
        ]
    )
