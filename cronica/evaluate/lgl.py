"""LGL (Lieberman et al. 2010, as distributed by Gritta et al.): loader and geoparsing metrics.

The metrics here serve GeoWebNews too: recognition precision/recall/F1 (a gold toponym is
found when a predicted span overlaps it, one to one; exact-span F1 beside it) and, for the
found toponyms that have gold coordinates, accuracy within 161 km (100 miles) of the
resolved point, end to end (an unresolved prediction counts as wrong).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cronica.geo.resolve import haversine_km
from cronica.model import Document, PlaceMention

ACC_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    kind: str = "toponym"
    geonames_id: int | None = None  # the gold GeoNames feature, where the corpus names one


@dataclass
class GoldDoc:
    doc: Document
    toponyms: list[GoldToponym]


def load_lgl(path: str | Path) -> list[GoldDoc]:
    """``lgl.xml`` (a file or the folder holding it)."""
    p = Path(path)
    if p.is_dir():
        p = p / "lgl.xml"
    root = ET.parse(p).getroot()
    out: list[GoldDoc] = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = float(g.findtext("lat") or "nan") if g is not None and g.findtext("lat") else None
            lon = float(g.findtext("lon") or "nan") if g is not None and g.findtext("lon") else None
            tops.append(
                GoldToponym(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    t.findtext("phrase") or "",
                    lat,
                    lon,
                    geonames_id=parse_geonames_id(g.get("geonameid") if g is not None else None),
                )
            )
        out.append(GoldDoc(Document(doc_id=art.get("docid") or str(len(out)), text=text, lang="en"), tops))
    return out


def parse_geonames_id(value: str | None) -> int | None:
    """A GeoNames id from the XML, or None when it is missing or not a number."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass
class GeoScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact_tp: int = 0
    resolved: int = 0  # matched gold toponyms with coordinates
    within: int = 0  # of those, resolved within ACC_KM
    with_id: int = 0  # matched gold toponyms with a GeoNames id
    id_hits: int = 0  # of those, resolved to that very feature
    with_admin1: int = 0  # matched gold toponyms whose first-level region is known
    admin1_hits: int = 0  # of those, resolved into that country and region
    errors_km: list[float] = field(default_factory=list)

    def add(self, other: GeoScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact_tp += other.exact_tp
        self.resolved += other.resolved
        self.within += other.within
        self.with_id += other.with_id
        self.id_hits += other.id_hits
        self.with_admin1 += other.with_admin1
        self.admin1_hits += other.admin1_hits
        self.errors_km.extend(other.errors_km)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        ep = self.exact_tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        er = self.exact_tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        errs = sorted(self.errors_km)
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(self._f1(p, r), 4),
            "exact_f1": round(self._f1(ep, er), 4),
            "acc_161km": round(self.within / self.resolved, 4) if self.resolved else 0.0,
            "resolved_pairs": self.resolved,
            "median_error_km": round(errs[len(errs) // 2], 1) if errs else 0.0,
            "exact_id_accuracy": round(self.id_hits / self.with_id, 4) if self.with_id else 0.0,
            "admin1_accuracy": round(self.admin1_hits / self.with_admin1, 4) if self.with_admin1 else 0.0,
        }


def score_doc(
    pred: Sequence[PlaceMention],
    gold: Sequence[GoldToponym],
    gold_admin1: Mapping[int, tuple[str | None, str | None]] | None = None,
) -> GeoScore:
    """Match predictions to gold spans (overlap, one to one, earliest first) and score them.

    ``gold_admin1`` maps a gold GeoNames id to its (country code, first-level region) as our
    gazetteer names them: the admin1 accuracy counts the gold toponyms it knows a region of.
    """
    s = GeoScore()
    used: set[int] = set()
    for g in gold:
        match = None
        for k, p in enumerate(pred):
            if k in used or p.end <= g.start or g.end <= p.start:
                continue
            match = k
            if p.start == g.start and p.end == g.end:
                break
        if match is None:
            s.fn += 1
            continue
        used.add(match)
        p = pred[match]
        s.tp += 1
        if p.start == g.start and p.end == g.end:
            s.exact_tp += 1
        _score_ids(s, p, g, gold_admin1 or {})
        if g.lat is not None and g.lon is not None:
            s.resolved += 1
            if p.lat is not None and p.lon is not None:
                d = haversine_km(p.lat, p.lon, g.lat, g.lon)
                s.errors_km.append(d)
                if d <= ACC_KM:
                    s.within += 1
            else:
                s.errors_km.append(20000.0)
    s.fp += len(pred) - len(used)
    return s


def _score_ids(
    s: GeoScore, p: PlaceMention, g: GoldToponym, gold_admin1: Mapping[int, tuple[str | None, str | None]]
) -> None:
    """Count the exact-id and admin1 agreement of one matched pair."""
    if g.geonames_id is None:
        return
    s.with_id += 1
    s.id_hits += p.geonames_id == g.geonames_id
    cc, a1 = gold_admin1.get(g.geonames_id, (None, None))
    if cc and a1:
        s.with_admin1 += 1
        s.admin1_hits += (p.country_code, p.admin1) == (cc, a1)
