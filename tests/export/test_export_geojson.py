"""The GeoJSON export opens in GDAL (through pyogrio) with typed fields and every event."""

from __future__ import annotations

import struct
from pathlib import Path

import pyogrio
import pyogrio.raw
from export_sample import sample_events

from cronica.export.formats import geojson, write_events


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "events.geojson"
    write_events(sample_events(), "geojson", path)
    return path


def test_gdal_reads_every_event_as_a_point_layer(tmp_path: Path) -> None:
    info = pyogrio.read_info(_write(tmp_path))
    assert info["features"] == 3
    assert info["geometry_type"] == "Point"
    assert info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["event_date"] == "datetime64[D]"
    assert types["fatalities"] in ("int32", "int64") and types["geo_precision"] in ("int32", "int64")
    assert types["confidence"] == "float64"
    assert types["background"] == "bool" and types["disputed"] == "bool"
    assert types["tags"] == "list(str)"


def _point(wkb: bytes) -> tuple[float, float]:
    order = "<" if wkb[0] == 1 else ">"
    kind, x, y = struct.unpack(f"{order}Idd", wkb[1:21])
    assert kind == 1  # a WKB Point
    return x, y


def test_events_without_coordinates_have_a_null_geometry(tmp_path: Path) -> None:
    meta, _fids, geometry, fields = pyogrio.raw.read(_write(tmp_path))
    names = list(meta["fields"])
    ids = list(fields[names.index("event_id")])
    by_id = dict(zip(ids, geometry, strict=True))
    assert _point(by_id["evt-full"]) == (-70.13, -15.5)
    assert by_id["evt-undated"] is None and by_id["evt-bare"] is None
    places = dict(zip(ids, fields[names.index("location_name")], strict=True))
    assert places["evt-undated"] == "Carretera Panamericana Sur"


def test_the_map_leaves_unlocated_events_out() -> None:
    # /api/events.geojson feeds the map: only points; the file export keeps every event
    assert [f["properties"]["event_id"] for f in geojson(sample_events())["features"]] == ["evt-full"]
    kept = geojson(sample_events(), unlocated=True)["features"]
    assert [f["geometry"] for f in kept[1:]] == [None, None]
