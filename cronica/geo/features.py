"""Features of (toponym, candidate) pairs, for the learned candidate ranker.

Each mention of a report gets a matrix, one row per gazetteer candidate (the same candidates,
in the same order, as the rule resolver scores), one column per name in :data:`FEATURE_NAMES`.
The rule resolver's own score, rank and share are columns too, so a model trained on these
features starts from the rules and can only add to what they know.

Document context (country and first-level region agreement, distance) is read from the rule
resolver's choice for the report's *other* names (a name repeated in the report is not evidence
for itself), weighted by the rules' confidence in each. The dateline's country, when the caller
knows it, is one more column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cronica.geo.gazetteer import CITY, CONTINENT, COUNTRY, DEMONYM, PROVINCE, REGION, Gazetteer, normalize
from cronica.geo.recognize import Candidate, NerSpan

FEATURE_CLASSES = (COUNTRY, REGION, PROVINCE, CITY, DEMONYM, CONTINENT)
_PERSON = frozenset({"PERSON", "PER"})
_ORG = frozenset({"ORG"})
_FAR_KM = 20000.0

FEATURE_NAMES: tuple[str, ...] = (
    "name_exact",
    "name_folded",
    "name_alternate",
    "name_prefix",
    *(f"class_{c}" for c in FEATURE_CLASSES),
    "class_other",
    "log_population",
    "curated",
    "country_agreement",
    "admin1_agreement",
    "dateline_country",
    "has_dateline",
    "log_km_nearest_other",
    "has_other_points",
    "ner_person",
    "ner_org",
    "ner_place",
    "gazetteer_match",
    "inside_org",
    "cue_agrees",
    "contained",
    "log_candidates",
    "rule_score",
    "rule_margin",
    "rule_rank",
    "rule_share",
    "lang_es",
)


@dataclass(frozen=True)
class ReportContext:
    """What the features read about the report as a whole (besides its mentions)."""

    lang: str = "en"
    dateline_country: str | None = None


@dataclass(frozen=True)
class _Other:
    """One other mention's rule resolution: its key, confidence, country, region and point."""

    key: str
    weight: float
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None


def mention_key(m: Candidate) -> str:
    """The key that makes two mentions "the same name" (repeats are not evidence for each other)."""
    return m.keys[0] if m.keys else normalize(m.text)


def name_match(text: str, name: str) -> tuple[float, float, float, float]:
    """(exact, accent-folded, alternate, prefix) match of the words as written to a candidate's name.

    A candidate reached by a name that is not its main one (an alternate name, an abbreviation)
    matches neither exactly nor folded: that is ``alternate``. ``prefix``: one folded name
    begins the other ("Lima" / "Lima Metropolitana").
    """
    a, b = normalize(text), normalize(name)
    exact = float(text == name)
    folded = float(a == b)
    prefix = float(a != b and bool(a) and bool(b) and (b.startswith(a + " ") or a.startswith(b + " ")))
    return exact, folded, 1.0 - folded, prefix


def class_onehot(feature: str) -> list[float]:
    """The candidate's feature class as one-hot columns (the last: none of the known classes)."""
    row = [float(feature == c) for c in FEATURE_CLASSES]
    row.append(float(feature not in FEATURE_CLASSES))
    return row


def ner_flags(m: Candidate, ents: Sequence[NerSpan]) -> tuple[float, float]:
    """Whether spaCy tagged a span overlapping the mention as a person / an organisation."""
    labels = {e.label for e in ents if e.start < m.end and m.start < e.end}
    return float(bool(labels & _PERSON)), float(bool(labels & _ORG))


def cue_agrees(cue: str | None, feature: str) -> float:
    """1 when a cue word ("the region of", "la provincia de", "the city of") names this class."""
    return float(
        (cue == "region" and feature == REGION)
        or (cue == "province" and feature == PROVINCE)
        or (cue == "city" and feature == CITY)
    )


def agreement(
    others: Sequence[_Other], key: str, country: str | None, admin1: str | None
) -> tuple[float, float]:
    """Shares of the other names' (rule-confidence-weighted) mass in this country and region."""
    total = in_country = in_admin1 = 0.0
    for o in others:
        if o.key == key or o.country is None:
            continue
        total += o.weight
        if country and o.country == country:
            in_country += o.weight
            if admin1 and o.admin1 == admin1:
                in_admin1 += o.weight
    if total <= 0.0:
        return 0.0, 0.0
    return in_country / total, in_admin1 / total


def nearest_km(lat: float | None, lon: float | None, points: np.ndarray) -> float:
    """Great-circle distance (km) to the nearest of ``points`` (rows of lat, lon in degrees)."""
    if lat is None or lon is None or points.size == 0:
        return _FAR_KM
    p1, p2 = math.radians(lat), np.radians(points[:, 0])
    dl = np.radians(points[:, 1] - lon)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(np.min(2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))))


def rule_columns(row: Sequence[float]) -> list[tuple[float, float, float, float]]:
    """(score, margin to the best, rank, softmax share) of each candidate under the rules."""
    if not row:
        return []
    best = max(row)
    ex = [math.exp(s - best) for s in row]
    z = sum(ex)
    order = sorted(range(len(row)), key=lambda j: -row[j])
    rank = {j: r for r, j in enumerate(order)}
    return [(s, s - best, float(rank[j]), e / z) for j, (s, e) in enumerate(zip(row, ex, strict=True))]


def rule_others(
    gaz: Gazetteer,
    mentions: Sequence[Candidate],
    cands: Sequence[Sequence[int]],
    scores: Sequence[Sequence[float]],
) -> list[_Other]:
    """Every mention's rule resolution (its best candidate and that candidate's share)."""
    out = []
    for m, cs, row in zip(mentions, cands, scores, strict=True):
        if not cs:
            continue
        cols = rule_columns(row)
        j = max(range(len(cs)), key=lambda x: row[x])
        i = cs[j]
        is_point = gaz.features[i] not in (COUNTRY, DEMONYM, CONTINENT)
        out.append(
            _Other(
                mention_key(m),
                cols[j][3],
                gaz.country_codes[i],
                gaz.admin1s[i],
                gaz.lats[i] if is_point else None,
                gaz.lons[i] if is_point else None,
            )
        )
    return out


def _points(others: Sequence[_Other], key: str) -> np.ndarray:
    pts = [(o.lat, o.lon) for o in others if o.key != key and o.lat is not None and o.lon is not None]
    return np.array(pts, dtype=float).reshape(-1, 2)


def mention_features(
    gaz: Gazetteer,
    m: Candidate,
    cs: Sequence[int],
    row: Sequence[float],
    others: Sequence[_Other],
    ents: Sequence[NerSpan],
    report: ReportContext,
) -> np.ndarray:
    """The feature matrix of one mention: one row per candidate, columns of FEATURE_NAMES."""
    key = mention_key(m)
    points = _points(others, key)
    person, org = ner_flags(m, ents)
    shared = (
        person,
        org,
        float(m.ner is not None and m.ner not in _PERSON | _ORG),
        float(m.gazetteer),
        float(m.inside_org),
    )
    out = np.zeros((len(cs), len(FEATURE_NAMES)), dtype=float)
    for j, (i, rc) in enumerate(zip(cs, rule_columns(row), strict=True)):
        cc, a1, feature = gaz.country_codes[i], gaz.admin1s[i], gaz.features[i]
        country_share, admin1_share = agreement(others, key, cc, a1)
        km = nearest_km(gaz.lats[i], gaz.lons[i], points) if feature not in (COUNTRY, DEMONYM) else _FAR_KM
        out[j] = (
            *name_match(m.text, gaz.names[i]),
            *class_onehot(feature),
            math.log10(gaz.populations[i] + 1),
            float(i in gaz.curated),
            country_share,
            admin1_share,
            float(report.dateline_country is not None and cc == report.dateline_country),
            float(report.dateline_country is not None),
            math.log1p(km),
            float(points.size > 0),
            *shared,
            cue_agrees(m.cue, feature),
            float(m.contained_by is not None),
            math.log(len(cs)),
            *rc,
            float(report.lang == "es"),
        )
    return out


def report_features(
    gaz: Gazetteer,
    mentions: Sequence[Candidate],
    cands: Sequence[Sequence[int]],
    scores: Sequence[Sequence[float]],
    ents: Sequence[NerSpan],
    report: ReportContext,
) -> list[np.ndarray]:
    """The feature matrix of every mention of a report (empty for a mention without candidates)."""
    others = rule_others(gaz, mentions, cands, scores)
    return [
        mention_features(gaz, m, cs, row, others, ents, report)
        for m, cs, row in zip(mentions, cands, scores, strict=True)
    ]
