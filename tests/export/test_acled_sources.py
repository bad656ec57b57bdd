"""ACLED's source_scale, inferred from the reports' outlets and links."""

from __future__ import annotations

import pytest

from cronica.export.sources import combine_scales, report_scale, source_scale, source_table
from cronica.model import Evidence


def _ev(source: str | None = None, url: str | None = None) -> Evidence:
    return Evidence("d", 0, 1, "x", url=url, source=source)


@pytest.mark.parametrize(
    ("source", "url", "country", "scale"),
    [
        ("Infobae (EFE) (style)", None, "CO", "International"),  # credited to an agency
        ("Reuters", None, "PE", "International"),
        ("El Alto es Noticia (ANF / Erbol)", None, "BO", None),  # local credits are not agencies
        ("El Comercio (Ecuador)", None, "EC", "National"),
        ("El Comercio (Ecuador)", None, "PE", "International"),
        ("El Comercio", None, "PE", "National"),
        ("Los Tiempos", None, "BO", "Subnational"),
        ("Prothom Alo (English)", None, "BD", "National"),
        ("Radio Free Asia", None, "MM", "International"),
        ("Andean Wire", None, "PE", None),  # unknown outlet, no link: nothing to go on
        (None, "https://diario.example.com.pe/nota", "PE", "National"),
        (None, "https://diario.example.com.pe/nota", "BO", "International"),
        ("Someone", "https://x.com/someone/status/1", "PE", "New media"),
        (None, "https://www.facebook.com/page", "CL", "New media"),
        (None, "not a link", "PE", None),
    ],
)
def test_report_scale(source: str | None, url: str | None, country: str, scale: str | None) -> None:
    assert report_scale(_ev(source, url), country, source_table()) == scale


def test_scales_combine_narrowest_and_broadest() -> None:
    assert combine_scales([]) == ""
    assert combine_scales(["National", "National"]) == "National"
    assert combine_scales(["International", "National"]) == "National-International"
    assert combine_scales(["International", "Subnational", "National"]) == "Subnational-International"
    assert combine_scales(["National", "New media"]) == "New media-National"


def test_source_scale_of_an_event() -> None:
    evidence = [_ev("La República", "https://larepublica.pe/a"), _ev("Infobae (AFP)"), _ev("Unknown Outlet")]
    assert source_scale(evidence, "PE", source_table()) == "National-International"
    assert source_scale([_ev("Unknown Outlet")], "PE", source_table()) == ""
