"""The corpus loaders and the geoparsing metric (corpora read from ../shared/data when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cronica.evaluate.geowebnews import load_geowebnews
from cronica.evaluate.lgl import GoldToponym, load_lgl, score_doc
from cronica.model import PlaceMention

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _pm(start: int, end: int, lat: float | None, lon: float | None) -> PlaceMention:
    return PlaceMention("d", "x", start, end, "x", None, None, None, lat, lon, None, "city", 1.0)


def test_score_doc_counts() -> None:
    gold = [
        GoldToponym(0, 4, "Lima", -12.05, -77.04),
        GoldToponym(10, 14, "Puno", -15.84, -70.02),
        GoldToponym(20, 24, "Ohio", None, None),
    ]
    pred = [_pm(0, 4, -12.0, -77.0), _pm(10, 14, 40.0, -80.0), _pm(30, 34, 0.0, 0.0)]
    s = score_doc(pred, gold).as_dict()
    assert (s["precision"], s["recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    assert s["acc_161km"] == 0.5 and s["resolved_pairs"] == 2


@pytest.mark.skipif(not (DATA / "lgl").exists(), reason="shared LGL corpus absent")
def test_lgl_loader_offsets() -> None:
    docs = load_lgl(DATA / "lgl")
    assert len(docs) == 588
    assert all(d.doc.text[t.start : t.end] == t.text for d in docs[:50] for t in d.toponyms)


@pytest.mark.skipif(not (DATA / "geowebnews").exists(), reason="shared GeoWebNews corpus absent")
def test_geowebnews_loader() -> None:
    docs = load_geowebnews(DATA / "geowebnews")
    assert len(docs) == 200
    assert any(t.kind == "Demonym" for d in docs for t in d.toponyms)
