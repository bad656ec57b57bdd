"""``geoparse``: recognition + resolution of every place name in a document."""

from __future__ import annotations

from collections.abc import Sequence

from cronica.geo.features import ReportContext
from cronica.geo.gazetteer import Gazetteer, load_gazetteer
from cronica.geo.ranker import GeoRanker, load_ranker, rank
from cronica.geo.recognize import DATELINE, LOCAL, Candidate, NerSpan, ner_spans, recognize
from cronica.geo.resolve import WEIGHTS, Resolution, Weights, resolve
from cronica.model import Document, PlaceMention
from cronica.nlp.language import SUPPORTED, detect_language


def _lang(doc: Document) -> str:
    """The document's own language when cronica reads it, else detected (callers without one)."""
    if doc.lang in SUPPORTED:
        return doc.lang
    return detect_language(doc.text)


def geoparse(
    doc: Document,
    *,
    lang: str | None = None,
    ner_spans: Sequence[tuple[int, int]] | None = None,
    weights: Weights = WEIGHTS,
    use_ner: bool = True,
    entities: Sequence[tuple[int, int, str]] | None = None,
    ranker: bool = False,
    dateline: tuple[int, int] | None = None,
) -> list[PlaceMention]:
    """Every place name in ``doc.text`` with its span and resolution, in text order.

    Gazetteer matching runs over the whole text; spaCy NER over the whole text when
    ``ner_spans`` is None, else only over those character spans (the extraction
    pipeline passes the event sentences, for speed). ``lang`` picks the NER pipeline
    (``en`` or ``es``): the extraction pipeline passes the language it settled once;
    without it the document's own is used, else it is detected. Unresolved names (NER
    says place, the gazetteer has no such name) come back with ``name=None`` and
    feature ``unknown``. ``entities`` (start, end, label) are NER spans the caller already has
    (the pipeline's parse of the event sentences): then no NER runs here. ``ranker``: resolve
    with the learned ranker (the ``geo_ranker`` setting) instead of the rules alone. ``dateline``:
    the character span of the dateline's filing place, when the caller has read it (a name there is
    resolved as a filing place, see :func:`geoparse_with`).
    """
    gaz = load_gazetteer()
    ents: list[NerSpan] = []
    if entities is not None:
        ents = [NerSpan(s, e, label) for s, e, label in entities]
    elif use_ner:
        ents = _ner(doc, lang, ner_spans)
    model = load_ranker() if ranker else None
    return geoparse_with(doc, gaz, ents, weights, model, lang or _lang(doc), dateline)


def _ner(doc: Document, lang: str | None, ranges: Sequence[tuple[int, int]] | None) -> list[NerSpan]:
    if not doc.text.strip():
        return []
    return ner_spans(doc.text, lang or _lang(doc), ranges)


def geoparse_with(
    doc: Document,
    gaz: Gazetteer,
    ents: Sequence[NerSpan],
    weights: Weights = WEIGHTS,
    ranker: GeoRanker | None = None,
    lang: str = "en",
    dateline: tuple[int, int] | None = None,
) -> list[PlaceMention]:
    """``geoparse`` with the NER spans already computed (used by the benchmarks).

    With a ``ranker``, each name is resolved by it (a name under its threshold stays unresolved);
    without, by the rules. A name inside the ``dateline`` span is the filing place: the rules resolve
    it by its own evidence (prior, containment, cue words), not by the report's other places, which
    are where the story happened, not where the bureau is ("SAN SALVADOR" is the capital, whatever
    town in Spain the report's other names point to).
    """
    cands = recognize(doc.text, gaz, ents, lang)
    if dateline is not None:
        for c in cands:
            if dateline[0] <= c.start and c.end <= dateline[1]:
                c.flags.add(DATELINE)
    if ranker is None:
        resolved = resolve(gaz, cands, weights)
    else:
        resolved = rank(gaz, cands, ents, ranker, ReportContext(lang=lang), weights)
    resolved = keep_quarters_home(gaz, cands, resolved)
    return [_mention(doc, gaz, c, r) for c, r in zip(cands, resolved, strict=True)]


def _mention(doc: Document, gaz: Gazetteer, c: Candidate, r: Resolution) -> PlaceMention:
    """A candidate and its resolution as a ``PlaceMention`` (feature ``unknown`` when unresolved)."""
    if r.entry is None:
        return PlaceMention(
            doc.doc_id, c.text, c.start, c.end, None, None, None, None, None, None, None, "unknown", 0.0
        )
    i = r.entry
    return PlaceMention(
        doc_id=doc.doc_id,
        text=c.text,
        start=c.start,
        end=c.end,
        name=gaz.names[i],
        country_code=gaz.country_codes[i],
        admin1=gaz.admin1s[i],
        admin2=gaz.admin2s[i],
        lat=gaz.lats[i],
        lon=gaz.lons[i],
        geonames_id=gaz.geonames_ids[i],
        feature=gaz.features[i],
        confidence=r.confidence,
    )


def keep_quarters_home(
    gaz: Gazetteer, cands: Sequence[Candidate], resolved: list[Resolution]
) -> list[Resolution]:
    """A quarter of the report's city ("the Malaga neighborhood", "el barrio Monserrat") keeps its
    reading only inside a first-level region where the report names another place (the city it is
    a quarter of); a town of the same name elsewhere is not it, and the name stays unresolved."""
    regions = {
        (gaz.country_codes[r.entry], gaz.admin1s[r.entry])
        for c, r in zip(cands, resolved, strict=True)
        if LOCAL not in c.flags and r.entry is not None
    }
    out = []
    for c, r in zip(cands, resolved, strict=True):
        if (
            LOCAL in c.flags
            and r.entry is not None
            and (gaz.country_codes[r.entry], gaz.admin1s[r.entry]) not in regions
        ):
            r = Resolution(None, 0.0)
        out.append(r)
    return out
