"""GeoWebNews (Gritta et al. 2019): loader.

``GWN.xml`` annotates every toponym with a fine-grained type. Following the paper's
definition, the toponyms a geoparser should find are the literal and associative types
(Literal, Literal_Modifier, Mixed, Embedded_Literal, Coercion, Metonymic,
Non_Literal_Modifier, Demonym); non-toponyms, languages, homonyms and the common-noun
"expressions" are not. Coordinates come with 2,601 of them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cronica.evaluate.lgl import GoldDoc, GoldToponym, parse_geonames_id
from cronica.model import Document

TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Literal_Modifier",
        "Mixed",
        "Embedded_Literal",
        "Coercion",
        "Metonymic",
        "Non_Literal_Modifier",
        "Demonym",
    }
)


def load_geowebnews(path: str | Path) -> list[GoldDoc]:
    """``GWN.xml`` (a file or the folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "GWN.xml"
    root = ET.parse(p).getroot()
    out: list[GoldDoc] = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind not in TOPONYM_TYPES:
                continue
            lat_s, lon_s = t.findtext("latitude"), t.findtext("longitude")
            lat = float(lat_s) if lat_s else None
            lon = float(lon_s) if lon_s else None
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            gid = parse_geonames_id(t.findtext("geonamesID"))
            tops.append(GoldToponym(start, end, text[start:end], lat, lon, kind, gid))
        out.append(GoldDoc(Document(doc_id=art.get("file") or str(len(out)), text=text, lang="en"), tops))
    return out
