"""``geoparse``: recognition + resolution of every place name in a document."""

from __future__ import annotations

from collections.abc import Sequence

from cronica.geo.features import ReportContext
from cronica.geo.gazetteer import Gazetteer, load_gazetteer
from cronica.geo.ranker import GeoRanker, load_ranker, rank
from cronica.geo.recognize import NerSpan, ner_spans, recognize
from cronica.geo.resolve import WEIGHTS, Weights, resolve
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
    with the learned ranker (the ``geo_ranker`` setting) instead of the rules alone.
    """
    gaz = load_gazetteer()
    ents: list[NerSpan] = []
    if entities is not None:
        ents = [NerSpan(s, e, label) for s, e, label in entities]
    elif use_ner:
        ents = _ner(doc, lang, ner_spans)
    return geoparse_with(doc, gaz, ents, weights, load_ranker() if ranker else None, lang or _lang(doc))


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
) -> list[PlaceMention]:
    """``geoparse`` with the NER spans already computed (used by the benchmarks).

    With a ``ranker``, each name is resolved by it (a name under its threshold stays unresolved);
    without, by the rules.
    """
    cands = recognize(doc.text, gaz, ents)
    if ranker is None:
        resolved = resolve(gaz, cands, weights)
    else:
        resolved = rank(gaz, cands, ents, ranker, ReportContext(lang=lang), weights)
    out: list[PlaceMention] = []
    for c, r in zip(cands, resolved, strict=True):
        if r.entry is None:
            out.append(
                PlaceMention(
                    doc.doc_id,
                    c.text,
                    c.start,
                    c.end,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    "unknown",
                    0.0,
                )
            )
            continue
        i = r.entry
        out.append(
            PlaceMention(
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
        )
    return out
