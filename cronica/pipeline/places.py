"""Stage ``places``: every place the report names, resolved, and the report's own country."""

from __future__ import annotations

from collections.abc import Sequence

from cronica.geo import geoparse
from cronica.model import PlaceMention
from cronica.nlp.language import SUPPORTED
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@stage(
    "places",
    requires=("doc", "lang", "candidates", "tally_figures"),
    assigns=("places", "country"),
)
def locate_places(ctx: DocContext) -> None:
    """Geoparse a report that tells an event or a total (NER on the event sentences only)."""
    candidates = ctx.candidates
    places: list[PlaceMention] = []
    if candidates or ctx.tally_figures:
        # the NER pipeline of the settled language; other languages read as English, as the lexicons do
        lang = ctx.lang if ctx.lang in SUPPORTED else "en"
        places = geoparse(ctx.doc, lang=lang, ner_spans=[(c.start, c.end) for c in candidates])
    ctx.places = plausible_places(places)
    ctx.country = document_country(ctx.places)


def plausible_places(places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Drop places abroad that nothing else in the report supports.

    "San Marcos" in a report from Lima is the university, not a town in
    Guatemala, and "Candia" is a man's surname, not a town in New Hampshire: a
    town abroad is kept when the report also names its country or another place
    in it, as a report about Bolivia does ("Sacaba", "Cochabamba", "Bolivia").
    """
    home = document_country(places)
    names_by_country: dict[str, set[str]] = {}
    for p in places:
        if p.country_code and p.name:
            names_by_country.setdefault(p.country_code, set()).add(p.name)
    kept = []
    for p in places:
        foreign = home is not None and p.country_code is not None and p.country_code != home
        town = p.feature not in ("country", "region", "continent", "demonym")
        if foreign and town and len(names_by_country.get(p.country_code or "", set())) < 2:
            continue
        kept.append(p)
    return kept


def document_country(places: Sequence[PlaceMention]) -> str | None:
    """The report's own country: the one its places name most surely (summed confidence)."""
    weight: dict[str, float] = {}
    for p in places:
        if p.country_code:
            weight[p.country_code] = weight.get(p.country_code, 0.0) + max(p.confidence, 0.05)
    return max(sorted(weight), key=lambda k: weight[k]) if weight else None
