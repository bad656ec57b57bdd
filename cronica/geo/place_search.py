"""Name search over the gazetteer, for a reviewer choosing an event's place.

A query matches a name (or alias) that equals it or begins with it, compared as
the gazetteer compares names: without accents, case or punctuation ("apurim"
finds Apurímac). Exact names come first, then curated places, then the most
populous; each place appears once however many of its names match.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cronica.geo.gazetteer import GazEntry, Gazetteer, load_gazetteer, normalize

MAX_RESULTS = 50
MAX_SCANNED_KEYS = 5000  # names read for one prefix: a one-letter query stops here
NOT_PLACES = frozenset({"demonym"})  # entries that find a place from an adjective ("peruano"), not places


@lru_cache(maxsize=1)
def _sorted_keys(gaz: Gazetteer) -> list[str]:
    """The gazetteer's name keys in order, built once (on the first search, not at import)."""
    return sorted(gaz.index)


def _prefixed(keys: list[str], prefix: str) -> Iterator[str]:
    """The keys that start with ``prefix``, in order, at most :data:`MAX_SCANNED_KEYS` of them."""
    start = bisect.bisect_left(keys, prefix)
    for key in keys[start : start + MAX_SCANNED_KEYS]:
        if not key.startswith(prefix):
            return
        yield key


def _rank(entry: GazEntry, exact: bool) -> tuple[bool, bool, int, str]:
    return (not exact, not entry.curated, -entry.population, entry.name)


def search_places(
    query: str, *, country: str | None = None, limit: int = 10, gazetteer: Gazetteer | None = None
) -> list[GazEntry]:
    """Gazetteer features whose name is ``query`` or begins with it, best first (at most ``limit``)."""
    key = normalize(query)
    if not key:
        return []
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    cc = country.upper() if country else None
    found: dict[int, tuple[bool, bool, int, str]] = {}
    for name_key in _prefixed(_sorted_keys(gaz), key):
        for i in gaz.lookup_key(name_key):
            entry = gaz.entry(i)
            if entry.feature in NOT_PLACES or (cc is not None and entry.country_code != cc):
                continue
            rank = _rank(entry, name_key == key)
            if i not in found or rank < found[i]:
                found[i] = rank
    best = sorted(found, key=lambda i: found[i])[: max(0, min(limit, MAX_RESULTS))]
    return [gaz.entry(i) for i in best]


def place_dict(entry: GazEntry, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """A search result as the API gives it: an event record's ``location`` keys and the feature class."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return {
        "name": entry.name,
        "country": gaz.country_name(entry.country_code),
        "country_code": entry.country_code,
        "admin1": entry.admin1,
        "admin2": entry.admin2,
        "lat": entry.lat,
        "lon": entry.lon,
        "geonames_id": entry.geonames_id,
        "feature": entry.feature,
        "population": entry.population,
    }
