"""From place mentions to event-record places, and where a stated event happened.

``event_location`` prefers, in order:

1. a place inside the event's span (for a short span such as a trigger word, the
   sentence around it) that plays the role of the event's place: not an origin ("from
   Puno", "desde Puno"), not the seat of an organisation ("Swiss-based", "based in",
   "con sede en", "the prosecutor's office in"), not a comparison ("like in Bolivia in 2019",
   "como en"), not where a road leads ("the road to Oruro", "la vía a Jamundí") nor a town that
   names a street ("Thika Road", "avenida Abancay"), never a demonym; among several, the
   finest (a town beats a region, a region a country), then, for a short span, the nearest
   to it, else the one that comes first or that follows a destination word ("heading to Lima", "hacia Lima");
2. the nearest such place before the span in the same paragraph;
3. the report's main place: its dateline ("JULIACA, Peru —") or the place it names most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from cronica.geo.gazetteer import load_gazetteer
from cronica.model import Document, Place, PlaceMention
from cronica.nlp.sentences import Sentence, split_sentences

_PRECISION = {
    "city": 1,
    "district": 1,
    "landmark": 1,
    "mine": 1,
    "airport": 1,
    "border": 1,
    "province": 2,
    "road": 2,
}
# Lower is finer; countries last.
_RANK = {
    "city": 0,
    "district": 0,
    "landmark": 0,
    "mine": 0,
    "airport": 0,
    "border": 0,
    "road": 1,
    "province": 1,
    "region": 2,
    "country": 3,
    "continent": 4,
}

_ORIGIN_BEFORE = re.compile(
    r"\b(?:from|desde|procedentes?\s+de|provenientes?\s+de|llegad[oa]s?\s+de|venid[oa]s?\s+de|natives?\s+of|"
    r"originari[oa]s?\s+de|left|salieron\s+de|partieron\s+de)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?"
    r"(?:[a-záéíóúñ]+\s+)?$",
    re.IGNORECASE,
)
_DEST_BEFORE = re.compile(
    r"\b(?:to|towards?|into|hacia|heading\s+to|bound\s+for|rumbo\s+a|llegaron\s+a|arrived\s+in)\s+"
    r"(?:the\s+|el\s+|la\s+)?(?:capital\s+|city\s+of\s+|ciudad\s+de\s+)?$",
    re.IGNORECASE,
)
# a place a road leads to or links ("the road to Oruro", "la vía a Jamundí", "the road to the Pacific
# port of Buenaventura", "la vía al Pacífico, que comunica la ciudad con el puerto de Buenaventura"):
# the road's destination, not where the event on it happened
_ROUTE_BEFORE = re.compile(
    r"\b(?:roads?|(?:super)?highways?|motorways?|expressways?|routes?|v[ií]as?|carreteras?|autopistas?|caminos?|rutas?|"
    r"troncales?)\s+(?:(?:that\s+leads|leading|que\s+(?:va|lleva|conduce))\s+)?"
    r"(?:to|towards?|hacia|a|al|para)\s+(?:the\s+|el\s+|la\s+)?(?:(?!(?:in|en|at|near|cerca)\b)[\w-]+\s+){0,2}?"
    r"(?:(?:port|city|town|border)\s+(?:of\s+)?|(?:puerto|ciudad|municipio|frontera)\s+(?:de\s+|con\s+)?)?$"
    r"|\b(?:linking|connecting|que\s+(?:une|comunica|conecta))\s+[^.;]{0,30}?\b(?:with|to|and|con|y)\s+"
    r"(?:the\s+|el\s+|la\s+)?(?:[\w-]+\s+){0,2}?(?:(?:port|city|town)\s+of\s+|(?:puerto|ciudad|municipio)\s+de\s+)?$",
    re.IGNORECASE,
)
# a town that names a road or a street ("Thika Road", "Mombasa Highway", "Avenida Lima")
_ROUTE_AFTER = re.compile(r"^\s+(?-i:Road|Highway|Street|Avenue|Rd\b|Expressway|Bypass)")
_ROUTE_NAME_BEFORE = re.compile(
    r"\b(?:avenida|av\.|calle|jir[oó]n|carrera|autopista|v[ií]a)\s+$", re.IGNORECASE
)
_SEAT_BEFORE = re.compile(
    r"\b(?:(?:fiscal[ií]a|tribunal|juzgado|prosecutor'?s'?\s+office|prosecutors|court)\s+(?:de|del|of|in|en)|"
    r"based\s+in|headquartered\s+in|con\s+sede\s+en|sede\s+en|offices?\s+in|embassy\s+in|embajada\s+en)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_SEAT_AFTER = re.compile(
    r"^(?:[-‐–]\s*(?:based|headquartered|owned|registered)\b|\s+(?:public\s+)?(?:prosecutor['’]?s?['’]?\s+office|prosecutors|court)\b)",
    re.IGNORECASE,
)
_COMPARE_BEFORE = re.compile(
    r"\b(?:like|as|unlike|similar\s+to|compared\s+(?:to|with)|como|al\s+igual\s+que|a\s+diferencia\s+de|"
    r"recalling|recordando|reminiscent\s+of)\s+(?:in\s+|en\s+|those\s+in\s+|los\s+de\s+|las\s+de\s+|lo\s+de\s+)?"
    r"(?:the\s+|el\s+|la\s+)?$",
    re.IGNORECASE,
)
_PAST_YEAR_AFTER = re.compile(r"^\s*(?:in|en|de)\s+(?:19|20)\d\d\b")
_DATELINE = re.compile(r"^\s*([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]{2,40})(?:,|\s+[-—–(])")


def to_place(mention: PlaceMention) -> Place:
    """The event-record ``Place`` of a mention (geo_precision from its feature, ACLED's scale)."""
    gaz = load_gazetteer()
    precision = _PRECISION.get(mention.feature, 3)
    return Place(
        name=mention.name or mention.text,
        country=gaz.country_name(mention.country_code),
        country_code=mention.country_code,
        admin1=mention.admin1,
        admin2=mention.admin2,
        lat=mention.lat,
        lon=mention.lon,
        geonames_id=mention.geonames_id,
        geo_precision=precision,
    )


def role(text: str, m: PlaceMention) -> str:
    """``event``, ``origin``, ``seat``, ``comparison``, ``route`` (a road's destination or name),
    ``destination`` or ``demonym`` for a mention."""
    if m.feature == "demonym":
        return "demonym"
    before = text[max(0, m.start - 40) : m.start]
    after = text[m.end : m.end + 20]
    if m.feature != "road" and (
        _ROUTE_BEFORE.search(text[max(0, m.start - 90) : m.start])
        or _ROUTE_AFTER.match(after)
        or _ROUTE_NAME_BEFORE.search(before)
    ):
        return "route"
    if _SEAT_AFTER.match(after) or _SEAT_BEFORE.search(before):
        return "seat"
    if _COMPARE_BEFORE.search(before):
        return "comparison"
    if _PAST_YEAR_AFTER.match(after) and _COMPARE_BEFORE.search(text[max(0, m.start - 60) : m.start]):
        return "comparison"
    if _ORIGIN_BEFORE.search(before):
        return "origin"
    if _DEST_BEFORE.search(before):
        return "destination"
    return "event"


def _usable(m: PlaceMention) -> bool:
    return m.lat is not None and m.feature != "demonym"


def _sentence_at(sentences: Sequence[Sentence], pos: int) -> Sentence | None:
    for s in sentences:
        if s.start <= pos < s.end or (s.start <= pos and pos == s.end):
            return s
    return None


def event_location(
    doc: Document,
    places: Sequence[PlaceMention],
    start: int,
    end: int,
    sentences: Sequence[Sentence] | None = None,
    fallback: PlaceMention | None = None,
) -> Place | None:
    """Where the event stated in ``doc.text[start:end]`` happened (see the module docstring).

    ``sentences`` are the report's sentences (``split_sentences``); the extraction pipeline
    passes the ones it split once, other callers may leave them out. ``fallback``: the report's
    own place when the caller knows it (the extraction pipeline reads the dateline once and
    leaves its places out of ``places``); without it, ``main_place`` guesses it.
    """
    text = doc.text
    usable = [m for m in places if _usable(m)]
    if fallback is not None and not _usable(fallback):
        fallback = None
    if not usable:
        return to_place(fallback) if fallback is not None else None
    if sentences is None:
        sentences = split_sentences(text)
    lo, hi = start, end
    short = end - start < 40
    if short:
        s = _sentence_at(sentences, start)
        if s is not None:
            lo, hi = s.start, s.end
    inside = [m for m in usable if lo <= m.start and m.end <= hi]
    roles = {id(m): role(text, m) for m in inside}
    good = [m for m in inside if roles[id(m)] in ("event", "destination")]
    if good:
        has_dest = any(roles[id(m)] == "destination" for m in good)
        has_origin = any(role(text, m) == "origin" for m in inside)
        centre = (start + end) / 2

        def key(m: PlaceMention) -> tuple[float, ...]:
            dest_bonus = 0 if (has_origin and has_dest and roles[id(m)] == "destination") else 1
            rank = _RANK.get(m.feature, 2)
            if short:
                return (dest_bonus, rank // 3, abs((m.start + m.end) / 2 - centre))
            return (dest_bonus, rank, m.start)

        return to_place(min(good, key=key))
    # Nearest usable event-role place before the span, same paragraph.
    para = _paragraph_of(sentences, start)
    before = [
        m
        for m in usable
        if m.end <= lo
        and _paragraph_of(sentences, m.start) == para
        and role(text, m) in ("event", "destination")
    ]
    if before:
        return to_place(max(before, key=lambda m: m.start))
    main = fallback or main_place(doc, usable)
    return to_place(main) if main is not None else None


def _paragraph_of(sentences: Sequence[Sentence], pos: int) -> int:
    s = _sentence_at(sentences, pos)
    return s.paragraph if s is not None else -1


def main_place(doc: Document, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The report's own place: the dateline's, else the most mentioned (finest on ties)."""
    usable = [m for m in places if _usable(m)]
    if not usable:
        return None
    m = _DATELINE.match(doc.text)
    if m:
        for p in usable:
            if p.start >= m.start(1) and p.end <= m.end(1) + 1:
                return p
    event_like = [p for p in usable if role(doc.text, p) in ("event", "destination")] or usable
    counts = Counter((p.geonames_id, p.name) for p in event_like)
    non_country = [p for p in event_like if p.feature != "country"]
    pool = non_country or event_like
    return max(pool, key=lambda p: (counts[(p.geonames_id, p.name)], -_RANK.get(p.feature, 2), -p.start))
