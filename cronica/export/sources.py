"""ACLED's ``source_scale`` of an event, inferred from its reports' outlets and links.

The rule (documented in ``cronica/data/acled_sources.yaml`` and docs/exports.md): a social-media
link is "New media"; an outlet credited to a news agency is "International"; a listed outlet has its
own scale at home and is "International" elsewhere; a link under a country's domain is "National"
there and "International" elsewhere; the rest adds nothing. Two or more scales give the narrowest
and the broadest, joined by "-" as in ACLED's files ("National-International").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from cronica.errors import CronicaError
from cronica.extract.event_lexicon import fold
from cronica.model import Evidence

# ACLED's scales from the narrowest to the broadest; "New media" leads its pairs ("New media-National").
SCALES = ("New media", "Local", "Subnational", "National", "Regional", "International")
OUTLET_SCALES = {"local": "Local", "subnational": "Subnational", "national": "National"}
_BRACKET = re.compile(r"\(([^()]*)\)")


class SourceTableError(CronicaError):
    """``acled_sources.yaml`` is missing or malformed."""


@dataclass(frozen=True)
class Outlet:
    """A listed outlet: its home country and its scale there."""

    country: str
    scale: str


@dataclass(frozen=True, eq=False)
class SourceTable:
    """The parsed ``acled_sources.yaml`` (hashed by identity, so that lookups can be cached)."""

    agencies: frozenset[str]
    new_media_domains: frozenset[str]
    outlets: dict[str, Outlet]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v == v.lower() for v in value):
        raise SourceTableError(f"acled_sources.yaml: {key} must be a list of lower-case names")
    return frozenset(value)


def _outlet(entry: Any) -> tuple[str, Outlet]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise SourceTableError("acled_sources.yaml: each outlet needs a name")
    name, country, scale = entry["name"], entry.get("country"), entry.get("scale")
    if name != fold(name).lower() or not isinstance(country, str) or len(country) != 2:
        raise SourceTableError(
            f"acled_sources.yaml: {name}: lower-case name without accents and a country code"
        )
    if scale not in OUTLET_SCALES:
        raise SourceTableError(f"acled_sources.yaml: {name}: scale must be one of {', '.join(OUTLET_SCALES)}")
    return name, Outlet(country=country, scale=OUTLET_SCALES[scale])


def parse_source_table(data: Any) -> SourceTable:
    """A :class:`SourceTable` from the parsed YAML, or a :class:`SourceTableError`."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SourceTableError("acled_sources.yaml: expected a mapping with version: 1")
    outlets = data.get("outlets")
    if not isinstance(outlets, list):
        raise SourceTableError("acled_sources.yaml: outlets must be a list")
    return SourceTable(
        agencies=_words(data, "agencies"),
        new_media_domains=_words(data, "new_media_domains"),
        outlets=dict(_outlet(o) for o in outlets),
    )


@lru_cache(maxsize=1)
def source_table() -> SourceTable:
    """The bundled table, read and checked once."""
    try:
        raw = resources.files("cronica").joinpath("data", "acled_sources.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise SourceTableError("acled_sources.yaml not found") from exc
    return parse_source_table(yaml.safe_load(raw))


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _domain_scale(host: str, country_code: str | None, table: SourceTable) -> str | None:
    if any(host == d or host.endswith("." + d) for d in table.new_media_domains):
        return "New media"
    top = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(top) == 2 and top.isalpha():
        home = "GB" if top == "uk" else top.upper()
        return "National" if home == country_code else "International"
    return None


def _outlet_scale(source: str, country_code: str | None, table: SourceTable) -> str | None:
    name = " ".join(fold(source).lower().split())
    brackets = [b.strip() for b in _BRACKET.findall(name)]
    base = " ".join(_BRACKET.sub(" ", name).split())
    credits = {part.strip() for b in brackets for part in b.split("/")}
    if base in table.agencies or credits & table.agencies:
        return "International"
    for key in (*(f"{base} ({b})" for b in brackets), base):
        outlet = table.outlets.get(key)
        if outlet:
            return outlet.scale if outlet.country == country_code else "International"
    return None


def report_scale(evidence: Evidence, country_code: str | None, table: SourceTable) -> str | None:
    """The scale of one report for an event in ``country_code``, or None when nothing tells it."""
    return _scale_of(evidence.source, evidence.url, country_code, table)


@lru_cache(maxsize=8192)
def _scale_of(
    source: str | None, url: str | None, country_code: str | None, table: SourceTable
) -> str | None:
    # outlets and links repeat across events: each (outlet, link, country) is worked out once
    host = _host(url)
    by_domain = _domain_scale(host, country_code, table) if host else None
    if by_domain == "New media":
        return by_domain
    by_outlet = _outlet_scale(source, country_code, table) if source else None
    return by_outlet or by_domain


def combine_scales(scales: Iterable[str]) -> str:
    """ACLED's value for a set of scales: one, or the narrowest and the broadest joined by "-"."""
    found = sorted(set(scales), key=SCALES.index)
    if not found:
        return ""
    return found[0] if len(found) == 1 else f"{found[0]}-{found[-1]}"


def source_scale(evidence: Iterable[Evidence], country_code: str | None, table: SourceTable) -> str:
    """The ``source_scale`` of an event from its evidence (empty when no report can be placed)."""
    reports = {(ev.source, ev.url): ev for ev in evidence}  # a fused event quotes some reports twice
    scales = (report_scale(ev, country_code, table) for ev in reports.values())
    return combine_scales(s for s in scales if s)
