"""Whether two resolved places can be the scene of one incident.

Used within a report (to merge sentences that tell one incident) and across
reports (fusion): "Juliaca", "the Inca Manco Cápac airport" and "the Puno
region" can all be where one clash happened; "Juliaca" and "Ilave" cannot.
"""

from __future__ import annotations

from cronica.model import Place


def _facility(p: Place) -> bool:
    """A curated feature (an airport, a mine, a border post): no GeoNames id, town-level precision."""
    return p.geonames_id is None and p.geo_precision == 1


def same_scene(a: Place, b: Place) -> bool:
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.name == b.name and a.admin1 == b.admin1:
        return True
    if _facility(a) != _facility(b) and a.geo_precision == b.geo_precision:
        # a facility and the town it serves: same province
        return a.admin1 == b.admin1 and a.admin2 is not None and a.admin2 == b.admin2
    if a.geo_precision == b.geo_precision:
        return False
    coarse, fine = (a, b) if a.geo_precision > b.geo_precision else (b, a)
    if coarse.geo_precision == 3:  # a region, or the whole country
        return coarse.admin1 is None or coarse.admin1 == fine.admin1 or coarse.name == fine.admin1
    return coarse.name in (fine.admin2, fine.admin1)  # a province and a town in it


def country_place(code: str | None) -> Place | None:
    """The whole country as an event location (geo_precision 3), at its GeoNames point."""
    from cronica.geo.gazetteer import load_gazetteer

    if not code:
        return None
    gaz = load_gazetteer()
    i = gaz.country_entry.get(code)
    if i is None:
        return None
    e = gaz.entry(i)
    name = gaz.country_name(code) or e.name
    return Place(name, name, code, None, None, e.lat, e.lon, e.geonames_id, 3)
