"""Stage ``places``: every place the report names, resolved, and the report's own country."""

from __future__ import annotations

from collections.abc import Sequence

from cronica.geo import geoparse
from cronica.model import PlaceMention
from cronica.nlp.language import SUPPORTED
from cronica.pipeline.context import DocContext
from cronica.pipeline.dateline import Dateline
from cronica.pipeline.registry import stage


@stage(
    "places",
    requires=("doc", "lang", "dateline", "candidates", "tally_figures", "parses"),
    assigns=("places", "country", "dateline_place"),
)
def locate_places(ctx: DocContext) -> None:
    """Geoparse a report that tells an event or a total (NER from the roles stage's parse).

    NER reads the event sentences only: the entities of the parse the roles stage made of them.

    The dateline's places (its filing place, the agency's name) are not places of the report's
    events: they stay out of ``places``; the filing place is ``dateline_place``, the fallback of
    an event that names none. It still counts towards the report's own country.
    """
    candidates = ctx.candidates
    places: list[PlaceMention] = []
    if candidates or ctx.tally_figures:
        # the NER pipeline of the settled language; other languages read as English, as the lexicons do
        lang = ctx.lang if ctx.lang in SUPPORTED else "en"
        # the roles stage parsed the candidate sentences: its entities are this NER
        entities = [e for parsed in ctx.parses for e in parsed.entities()]
        span = _filing_span(ctx.dateline)
        places = geoparse(ctx.doc, lang=lang, entities=entities, ranker=ctx.geo_ranker, dateline=span)
    dateline = ctx.dateline
    filed = filing_place(dateline, places) if dateline is not None else None
    plausible = plausible_places(places, filed)
    ctx.country = document_country(plausible, filed)
    if dateline is None:
        ctx.places, ctx.dateline_place = plausible, None
        return
    ctx.places = [p for p in plausible if not dateline.covers(p.start, p.end)]
    ctx.dateline_place = filed if any(p is filed for p in plausible) else None


def _filing_span(dateline: Dateline | None) -> tuple[int, int] | None:
    if dateline is None or dateline.place_start is None or dateline.place_end is None:
        return None
    return dateline.place_start, dateline.place_end


def filing_place(dateline: Dateline, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The resolved place the dateline names first ("BOGOTA, Colombia": Bogotá), if any."""
    if dateline.place_start is None or dateline.place_end is None:
        return None
    named = [
        p
        for p in places
        if dateline.place_start <= p.start
        and p.end <= dateline.place_end
        and p.lat is not None
        and p.feature != "demonym"
    ]
    return min(named, key=lambda p: p.start) if named else None


# How sure a reading of a place abroad must be to vouch for another place in the same country.
SURE_ABROAD = 0.5


def plausible_places(places: Sequence[PlaceMention], filed: PlaceMention | None = None) -> list[PlaceMention]:
    """Drop places abroad that the report does not support by naming their country.

    "San Marcos" in a report from Lima is the university, not a town in Guatemala; "Candia" is a
    surname, not a town in New Hampshire; "Universidad", "Luna" and "Ciudad Jardín" in a report
    from Cali are a campus and neighbourhoods, not three towns in Spain. A town or region abroad
    is kept when the report also names its country ("Sacaba, Cochabamba, Bolivia"), or, in a
    report that names no country at all, when two places in that country are each read with
    confidence (a lone sure reading and a doubtful one do not support each other). ``filed``: the
    dateline's filing place, which weighs in the report's own country (:func:`document_country`).
    """
    home = document_country(places, filed)
    named_countries = {
        p.country_code for p in places if p.feature in ("country", "demonym") and p.country_code
    }
    names_by_country: dict[str, set[str]] = {}
    for p in places:
        if p.country_code and p.name and p.confidence >= SURE_ABROAD:
            names_by_country.setdefault(p.country_code, set()).add(p.name)
    kept = []
    for p in places:
        foreign = home is not None and p.country_code is not None and p.country_code != home
        below_country = p.feature not in ("country", "continent", "demonym")
        if foreign and below_country and not _supported_abroad(p, named_countries, names_by_country):
            continue
        kept.append(p)
    return kept


def _supported_abroad(
    p: PlaceMention, named_countries: set[str], names_by_country: dict[str, set[str]]
) -> bool:
    if named_countries:
        return p.country_code in named_countries
    return len(names_by_country.get(p.country_code or "", set())) >= 2


# What the dateline's filing place weighs in the report's own country: one sure reading, whatever
# the resolver's confidence in it, and the filing country wins a tie; unless the report names
# places of one other country more than once. An agency files stories from abroad under its own
# city ("MADRID, 1 Abr. (EUROPA PRESS)" over a story that names Asunción twice); a town named once
# ("San Salvador, 22 Dec 88 ... in Monserrat") does not outweigh the bureau's city.
FILING_WEIGHT = 1.0


def document_country(places: Sequence[PlaceMention], filed: PlaceMention | None = None) -> str | None:
    """The report's own country: the one its places name most surely (summed confidence), the
    dateline's filing place (``filed``) counting as ``FILING_WEIGHT`` unless the report names
    places of another country twice or more."""
    mentions: dict[str, int] = {}
    for p in places:
        if p.country_code and p is not filed:
            mentions[p.country_code] = mentions.get(p.country_code, 0) + 1
    filing_country = filed.country_code if filed is not None else None
    abroad = any(n >= 2 for code, n in mentions.items() if code != filing_country)
    weight: dict[str, float] = {}
    for p in places:
        if p.country_code:
            sure = FILING_WEIGHT if p is filed and not abroad else max(p.confidence, 0.05)
            weight[p.country_code] = weight.get(p.country_code, 0.0) + sure
    return max(sorted(weight), key=lambda k: (weight[k], k == filing_country)) if weight else None
