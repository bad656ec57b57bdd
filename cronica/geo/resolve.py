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
from cronica.geo.recognize import Candidate

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
    w = weights
    cands = [_candidates(gaz, m, w) for m in mentions]
    priors = [[_prior(gaz, i, w) for i in cs] for cs in cands]
    local = [[_local_score(gaz, mentions, k, i, w) for i in cs] for k, cs in enumerate(cands)]

    # Pass 1: prior + local evidence only.
    scores = [[p + loc for p, loc in zip(ps, ls, strict=True)] for ps, ls in zip(priors, local, strict=True)]
    for _ in range(2):
        probs = [_softmax(s) if s else [] for s in scores]
        country_all, admin_all, anchors = _context(gaz, mentions, cands, probs)
        scores = []
        for k, cs in enumerate(cands):
            # leave this mention's own candidates out of its context
            own_c, own_a, _ = _context(gaz, [mentions[k]], [cs], [probs[k]])
            z = max(1e-9, sum(country_all.values()) - sum(own_c.values()))
            country_ctx = _minus(country_all, own_c, z)
            admin_ctx = _minus(admin_all, own_a, z)
            row = []
            for j, i in enumerate(cs):
                s = priors[k][j] + local[k][j]
                s += _context_score(gaz, k, i, mentions, country_ctx, admin_ctx, anchors, w)
                row.append(s)
            scores.append(row)
    out = []
    for cs, row in zip(cands, scores, strict=True):
        if not cs:
            out.append(Resolution(None, 0.0))
            continue
        probs_row = _softmax(row)
        best = max(range(len(cs)), key=lambda j: row[j])
        out.append(Resolution(cs[best], round(probs_row[best], 3)))
    return out


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


def _minus(total: dict[_K, float], own: dict[_K, float], z: float) -> dict[_K, float]:
    """Context without one mention, as shares of the other mentions."""
    return {k: max(0.0, v - own.get(k, 0.0)) / z for k, v in total.items()}


def _context(
    gaz: Gazetteer, mentions: list[Candidate], cands: list[list[int]], probs: list[list[float]]
) -> tuple[dict[str, float], dict[tuple[str, str], float], list[tuple[int, float, float]]]:
    country: dict[str, float] = defaultdict(float)
    admin: dict[tuple[str, str], float] = defaultdict(float)
    anchors: list[tuple[int, float, float]] = []
    for k, (cs, ps) in enumerate(zip(cands, probs, strict=True)):
        for i, p in zip(cs, ps, strict=True):
            cc = gaz.country_codes[i]
            if cc:
                country[cc] += p
                a1 = gaz.admin1s[i]
                if a1:
                    admin[(cc, a1)] += p
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
    return dict(country), dict(admin), anchors


def _context_score(
    gaz: Gazetteer,
    k: int,
    i: int,
    mentions: list[Candidate],
    country_ctx: dict[str, float],
    admin_ctx: dict[tuple[str, str], float],
    anchors: list[tuple[int, float, float]],
    w: Weights,
) -> float:
    cc = gaz.country_codes[i]
    s = 0.0
    if cc:
        s += w.country_context * country_ctx.get(cc, 0.0)
        a1 = gaz.admin1s[i]
        if a1:
            s += w.admin1_context * admin_ctx.get((cc, a1), 0.0)
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
