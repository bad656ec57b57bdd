"""Toponym resolution: choosing the gazetteer feature each place name refers to.

Each candidate feature gets a score from

* a prior: feature type (countries and regions are what a bare name usually means),
  population (log scale) and our curated features;
* document context, in two passes: the countries and first-level regions that the
  report's places (and demonyms) point to, weighted by how sure pass one was;
* admin containment: "Juliaca, Puno" / "Lima, Ohio" (the town must lie in the named
  region, province or country);
* coherence: distance to the places the report names unambiguously;
* cue words around the name ("the region of Puno", "la provincia de", "the city of").

Weights were set by hand on sentences of our own and checked on one half of LGL (even
document ids); the benchmark reports the other half separately.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from cronica.geo.gazetteer import CITY, COUNTRY, DEMONYM, PROVINCE, REGION, Gazetteer, normalize
from cronica.geo.recognize import DATELINE, Candidate

MAX_CANDIDATES = 60
_K = TypeVar("_K", str, tuple[str, str])


@dataclass(frozen=True)
class Weights:
    country_prior: float = 3.0
    region_prior: float = 1.6
    province_prior: float = 0.7
    curated_prior: float = 2.2
    pop_weight: float = 2.0
    country_context: float = 2.5
    admin1_context: float = 1.2
    admin2_context: float = 0.6
    containment: float = 3.0
    near: float = 1.0
    cue: float = 2.0
    capital_city: float = 0.8


WEIGHTS = Weights()


@dataclass(frozen=True)
class Resolution:
    entry: int | None
    confidence: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _prior(gaz: Gazetteer, i: int, w: Weights) -> float:
    f = gaz.features[i]
    pop = gaz.populations[i]
    if f in (COUNTRY, DEMONYM):
        return w.country_prior
    if i in gaz.priors:
        return gaz.priors[i]
    if i in gaz.curated and f not in (REGION, PROVINCE):
        return w.curated_prior
    popterm = w.pop_weight * math.log10(pop + 10) / 7.0
    if f == REGION:
        return w.region_prior + 0.3 * popterm
    if f == PROVINCE:
        return w.province_prior + 0.5 * popterm
    return popterm


def _candidates(gaz: Gazetteer, c: Candidate, w: Weights) -> list[int]:
    entries = c.entries
    if len(entries) > MAX_CANDIDATES:
        entries = sorted(entries, key=lambda i: -_prior(gaz, i, w))[:MAX_CANDIDATES]
    return entries


def _softmax(scores: list[float]) -> list[float]:
    m = max(scores)
    ex = [math.exp(s - m) for s in scores]
    z = sum(ex)
    return [x / z for x in ex]


def resolve(gaz: Gazetteer, mentions: list[Candidate], weights: Weights = WEIGHTS) -> list[Resolution]:
    """Pick a feature for each mention (``Resolution.entry`` is None when there is no candidate)."""
    return best_of(*rule_scores(gaz, mentions, weights))


def best_of(cands: list[list[int]], scores: list[list[float]]) -> list[Resolution]:
    """The top-scoring candidate of each mention, with its softmax share as the confidence."""
    out = []
    for cs, row in zip(cands, scores, strict=True):
        if not cs:
            out.append(Resolution(None, 0.0))
            continue
        probs_row = _softmax(row)
        best = max(range(len(cs)), key=lambda j: row[j])
        out.append(Resolution(cs[best], round(probs_row[best], 3)))
    return out


def rule_scores(
    gaz: Gazetteer, mentions: list[Candidate], weights: Weights = WEIGHTS
) -> tuple[list[list[int]], list[list[float]]]:
    """Each mention's candidates (at most ``MAX_CANDIDATES``) and the rules' score of each.

    The learned ranker (:mod:`cronica.geo.ranker`) reads these scores as features.
    """
    w = weights
    cands = [_candidates(gaz, m, w) for m in mentions]
    priors = [[_prior(gaz, i, w) for i in cs] for cs in cands]
    local = [[_local_score(gaz, mentions, k, i, w) for i in cs] for k, cs in enumerate(cands)]

    # Pass 1: prior + local evidence only.
    scores = [[p + loc for p, loc in zip(ps, ls, strict=True)] for ps, ls in zip(priors, local, strict=True)]
    for _ in range(2):
        probs = [_softmax(s) if s else [] for s in scores]
        contrib = [
            _context(gaz, [m], [cs], [ps])[:3] for m, cs, ps in zip(mentions, cands, probs, strict=True)
        ]
        _, _, _, anchors = _context(gaz, mentions, cands, probs)
        # regional context from the other names of the report, as raw probability mass
        # (saturating below): a repeated name is not evidence for itself
        by_key: dict[str, list[int]] = defaultdict(list)
        for k, m in enumerate(mentions):
            by_key[m.keys[0] if m.keys else m.text].append(k)
        ctx_by_key: dict[str, tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]] = {}
        admin_all = _sum_dicts([c[1] for c in contrib])
        admin2_all = _sum_dicts([c[2] for c in contrib])
        for key, ks in by_key.items():
            ctx_by_key[key] = (
                _without(admin_all, _sum_dicts([contrib[j][1] for j in ks])),
                _without(admin2_all, _sum_dicts([contrib[j][2] for j in ks])),
            )
        country_all = _sum_dicts([c[0] for c in contrib])
        scores = []
        for k, cs in enumerate(cands):
            admin_ctx, admin2_ctx = ctx_by_key[mentions[k].keys[0] if mentions[k].keys else mentions[k].text]
            # country context: shares of the other mentions (this one left out)
            own = contrib[k][0]
            z = max(1e-9, sum(country_all.values()) - sum(own.values()))
            country_ctx = {c: max(0.0, v - own.get(c, 0.0)) / z for c, v in country_all.items()}
            row = []
            filing = DATELINE in mentions[k].flags  # the filing place: its own evidence only
            for j, i in enumerate(cs):
                s = priors[k][j] + local[k][j]
                if not filing:
                    s += _context_score(gaz, k, i, mentions, country_ctx, admin_ctx, admin2_ctx, anchors, w)
                row.append(s)
            scores.append(row)
    return cands, scores


def _local_score(gaz: Gazetteer, mentions: list[Candidate], k: int, i: int, w: Weights) -> float:
    m = mentions[k]
    f = gaz.features[i]
    s = 0.0
    if (
        (m.cue == "region" and f == REGION)
        or (m.cue == "province" and f == PROVINCE)
        or (m.cue == "city" and f == CITY)
    ):
        s += w.cue
    if (
        m.cue is None
        and f == CITY
        and any(
            gaz.features[j] == REGION
            and gaz.admin1s[j] == gaz.admin1s[i]
            and gaz.country_codes[j] == gaz.country_codes[i]
            for j in m.entries
        )
    ):
        s += w.capital_city  # "Cusco", "Puno", "Lima": the capital city, unless a cue says the region
    if m.contained_by is not None:
        container = mentions[m.contained_by]
        names = {normalize(gaz.names[j]) for j in container.entries} | set(container.keys)
        mine = {
            normalize(x)
            for x in (gaz.admin1s[i], gaz.admin2s[i], gaz.country_name(gaz.country_codes[i]))
            if x
        }
        codes = {gaz.country_codes[j] for j in container.entries if gaz.features[j] == COUNTRY}
        if names & mine or gaz.country_codes[i] in codes:
            s += w.containment
    if m.container_of is not None and f in (REGION, COUNTRY, PROVINCE):
        s += 1.0
    if m.text == gaz.names[i]:
        s += 0.2
    return s


def _without(total: dict[_K, float], part: dict[_K, float]) -> dict[_K, float]:
    return {k: v - part.get(k, 0.0) for k, v in total.items() if v - part.get(k, 0.0) > 1e-9}


def _sum_dicts(ds: list[dict[_K, float]]) -> dict[_K, float]:
    out: dict[_K, float] = defaultdict(float)
    for d in ds:
        for k, v in d.items():
            out[k] += v
    return out


def _context(
    gaz: Gazetteer, mentions: list[Candidate], cands: list[list[int]], probs: list[list[float]]
) -> tuple[
    dict[str, float],
    dict[tuple[str, str], float],
    dict[tuple[str, str], float],
    list[tuple[int, float, float]],
]:
    """Probability mass per country, per first-level region and per (region, second-level)
    unit; and the anchors (confident, non-country resolutions with a point)."""
    country: dict[str, float] = defaultdict(float)
    admin: dict[tuple[str, str], float] = defaultdict(float)
    admin2: dict[tuple[str, str], float] = defaultdict(float)
    anchors: list[tuple[int, float, float]] = []
    for k, (cs, ps) in enumerate(zip(cands, probs, strict=True)):
        for i, p in zip(cs, ps, strict=True):
            cc = gaz.country_codes[i]
            if cc:
                country[cc] += p
                a1 = gaz.admin1s[i]
                if a1:
                    admin[(cc, a1)] += p
                    a2 = gaz.admin2s[i]
                    if a2:
                        admin2[(a1, a2)] += p
        if cs:
            j = max(range(len(cs)), key=lambda x: ps[x])
            i = cs[j]
            lat, lon = gaz.lats[i], gaz.lons[i]
            if (
                ps[j] > 0.6
                and lat is not None
                and lon is not None
                and gaz.features[i] not in (COUNTRY, DEMONYM)
            ):
                anchors.append((k, lat, lon))
    return dict(country), dict(admin), dict(admin2), anchors


def _context_score(
    gaz: Gazetteer,
    k: int,
    i: int,
    mentions: list[Candidate],
    country_ctx: dict[str, float],
    admin_ctx: dict[tuple[str, str], float],
    admin2_ctx: dict[tuple[str, str], float],
    anchors: list[tuple[int, float, float]],
    w: Weights,
) -> float:
    cc = gaz.country_codes[i]
    s = 0.0
    if cc:
        s += w.country_context * country_ctx.get(cc, 0.0)
        a1 = gaz.admin1s[i]
        if a1:
            # saturating in the mass of other names there: one "Georgia" is enough
            s += w.admin1_context * (1.0 - math.exp(-admin_ctx.get((cc, a1), 0.0)))
            a2 = gaz.admin2s[i]
            if a2:
                s += w.admin2_context * (1.0 - math.exp(-admin2_ctx.get((a1, a2), 0.0)))
    lat, lon = gaz.lats[i], gaz.lons[i]
    if lat is not None and lon is not None and gaz.features[i] not in (COUNTRY, DEMONYM):
        key = mentions[k].keys[0]
        best = min(
            (haversine_km(lat, lon, alat, alon) for kk, alat, alon in anchors if mentions[kk].keys[0] != key),
            default=None,
        )
        if best is not None:
            if best < 150:
                s += w.near
            elif best < 500:
                s += 0.4 * w.near
    return s
