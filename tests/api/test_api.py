"""The REST API over a synthetic database: every endpoint, every filter, errors and headers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from api_sample import XSS_SENTENCE, XSS_TITLE, Sample
from fastapi.testclient import TestClient

import cronica.api.app as api_app
from cronica.api import create_app


def client(sample: Sample, web_dir: Path | None = None, tile_url: str = "") -> TestClient:
    return TestClient(create_app(sample.url, tile_url=tile_url, web_dir=web_dir))


def ids(body: dict[str, Any]) -> set[str]:
    return {e["event_id"] for e in body["events"]}


def test_events_lists_current_events_with_total(sample: Sample) -> None:
    body = client(sample).get("/api/events").json()
    current = {sample.events[k] for k in ("juliaca", "lima", "ayacucho", "lapaz", "xss")}
    assert ids(body) == current
    assert body["total"] == 5 and body["limit"] == 100 and body["offset"] == 0
    assert all(e["record"] == "event" for e in body["events"])
    juliaca = next(e for e in body["events"] if e["event_id"] == sample.events["juliaca"])
    assert juliaca["fatalities"] == 17 and juliaca["disputed"] is True
    assert {f["value"] for f in juliaca["figures"]} == {17, 18}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("background=true", ["juliaca", "lima", "ayacucho", "lapaz", "xss", "background"]),
        ("since=2023-01-12", ["lapaz", "lima", "xss"]),
        ("until=2023-01-09", ["ayacucho", "juliaca"]),
        ("since=2023-01-01&until=2023-01-19", ["juliaca", "lapaz", "lima"]),
        ("country=BO", ["lapaz"]),
        ("country=pe", ["juliaca", "lima", "ayacucho", "xss"]),
        ("admin1=puno", ["juliaca"]),
        ("type=Riots", ["xss"]),
        ("sub_type=Peaceful protest", ["lapaz"]),
        ("sub_type=Peaceful protest&background=true", ["lapaz", "background"]),
        ("actor=army", ["ayacucho"]),
        ("actor=miners", ["lapaz"]),
        ("bbox=-71,-16,-70,-15", ["juliaca"]),
        ("q=disparo", ["juliaca"]),  # "disparó", accent-insensitive
        ("q=tear gas", ["lima"]),
        ("country=PE&type=Protests&since=2023-01-01", ["juliaca", "lima"]),
    ],
)
def test_event_filters(sample: Sample, query: str, expected: list[str]) -> None:
    body = client(sample).get(f"/api/events?{query}").json()
    assert ids(body) == {sample.events[k] for k in expected}
    assert body["total"] == len(expected)


@pytest.mark.postgres
def test_filters_on_both_backends(sample_any: Sample) -> None:
    c = client(sample_any)
    assert ids(c.get("/api/events?q=disparo").json()) == {sample_any.events["juliaca"]}
    assert ids(c.get("/api/events?admin1=Puno&country=PE").json()) == {sample_any.events["juliaca"]}
    assert c.get("/api/events?limit=2&sort=-date").json()["total"] == 5
    assert c.get(f"/api/events/{sample_any.events['juliaca']}").json()["reports"][0]["context"]["match"]


def test_pagination_and_sort(sample: Sample) -> None:
    c = client(sample)
    by_date = [e["event_id"] for e in c.get("/api/events?sort=date").json()["events"]]
    assert by_date[0] == sample.events["ayacucho"] and by_date[-1] == sample.events["xss"]
    newest = c.get("/api/events?sort=-date&limit=2").json()
    assert [e["event_id"] for e in newest["events"]] == [sample.events["xss"], sample.events["lima"]]
    assert newest["total"] == 5
    page2 = c.get("/api/events?limit=2&offset=2").json()
    assert [e["event_id"] for e in page2["events"]] == by_date[2:4]
    assert c.get("/api/events?offset=10").json()["events"] == []
    deadliest = c.get("/api/events?sort=fatalities&limit=1").json()["events"][0]
    assert deadliest["event_id"] == sample.events["juliaca"]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/events?since=yesterday", "since"),
        ("/api/events?until=2023-13-01", "until"),
        ("/api/events?since=2023-02-01&until=2023-01-01", "until"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=10,0,-10,5", "bbox"),
        ("/api/events?bbox=0,0,200,5", "bbox"),
        ("/api/events?type=Demonstrations", "type"),
        ("/api/events?sub_type=Riot", "sub_type"),
        ("/api/events?country=PER", "country"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?sort=newest", "sort"),
        ("/api/events?background=maybe", "background"),
        ("/api/events?q=a%00b", "q"),
        ("/api/events.geojson?country=123", "country"),
        ("/api/timeline?since=x", "since"),
        ("/api/tallies?kind=dead", "kind"),
        ("/api/tallies?country=Peru", "country"),
        ("/api/export?format=xlsx", "format"),
        ("/api/export", "format"),
    ],
)
def test_invalid_parameters_are_422_naming_the_parameter(sample: Sample, path: str, param: str) -> None:
    r = client(sample).get(path)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(d["loc"][-1] == param for d in detail), detail
    assert all(d["msg"] for d in detail)


def test_unknown_event_is_404(sample: Sample) -> None:
    r = client(sample).get("/api/events/evt_nope")
    assert r.status_code == 404
    assert "evt_nope" in r.json()["detail"]


def test_event_detail_has_each_report_with_the_sentence_in_context(sample: Sample) -> None:
    body = client(sample).get(f"/api/events/{sample.events['juliaca']}").json()
    assert body["event_id"] == sample.events["juliaca"] and body["record"] == "event"
    reports = {r["doc_id"]: r for r in body["reports"]}
    assert set(reports) == {"r-juliaca-en", "r-juliaca-es"}
    en = reports["r-juliaca-en"]
    src = sample.reports["r-juliaca-en"]
    assert (en["title"], en["source"], en["published"], en["url"]) == (
        src.title,
        "Andes Wire",
        "2023-01-10",
        "https://news.example.org/juliaca-en",
    )
    ctx = en["context"]
    assert ctx["match"] == src.sentence
    assert ctx["before"] + ctx["match"] + ctx["after"] == src.text  # short report: all of it
    assert ctx["before"].startswith("Roads into the city") and "ombudsman" in ctx["after"]
    assert reports["r-juliaca-es"]["lang"] == "es"


def test_event_detail_figures_with_sources_and_disputes(sample: Sample) -> None:
    body = client(sample).get(f"/api/events/{sample.events['juliaca']}").json()
    quotes = {(f["value"], f["source"], f["quote"], f["qualifier"]) for f in body["figure_sources"]}
    assert quotes == {
        (17, "Andes Wire", "at least 17 people", "at_least"),
        (18, "Diario del Sur", "18 personas", "exact"),
    }
    (killed,) = body["figures_by_kind"]
    assert killed["kind"] == "killed" and killed["disputed"] is True and killed["values"] == [17, 18]
    undisputed = client(sample).get(f"/api/events/{sample.events['ayacucho']}").json()
    assert [(k["kind"], k["disputed"], k["values"]) for k in undisputed["figures_by_kind"]] == [
        ("killed", False, [10])
    ]


def test_event_detail_keeps_untrusted_text_as_data_and_drops_unsafe_links(sample: Sample) -> None:
    r = client(sample).get(f"/api/events/{sample.events['xss']}")
    assert r.headers["content-type"].startswith("application/json")
    (report,) = r.json()["reports"]
    assert report["title"] == XSS_TITLE
    assert report["context"]["match"] == XSS_SENTENCE
    assert report["url"] is None  # javascript: is never offered as a link
    assert r.json()["evidence"][0]["url"].startswith("javascript:")  # the record itself is unchanged


def test_geojson(sample: Sample) -> None:
    c = client(sample)
    r = c.get("/api/events.geojson")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 5
    juliaca = next(f for f in fc["features"] if f["properties"]["event_id"] == sample.events["juliaca"])
    assert juliaca["geometry"] == {"type": "Point", "coordinates": [-70.13, -15.5]}
    assert juliaca["properties"]["fatalities"] == 17 and juliaca["properties"]["admin1"] == "Puno"
    assert len(c.get("/api/events.geojson?country=BO").json()["features"]) == 1
    assert len(c.get("/api/events.geojson?limit=2").json()["features"]) == 2


def test_timeline_counts_events_and_fatalities_per_day_by_type(sample: Sample) -> None:
    c = client(sample)
    body = c.get("/api/timeline").json()
    days = {d["date"]: d for d in body["days"]}
    assert body["days"][0]["date"] == "2022-12-15" and body["days"][-1]["date"] == "2023-01-21"
    assert len(body["days"]) == 38  # every day between, empty ones with zeros
    assert days["2023-01-09"]["events"] == 1 and days["2023-01-09"]["fatalities"] == 17
    assert days["2023-01-09"]["by_type"] == {"Protests": {"events": 1, "fatalities": 17}}
    assert days["2023-01-21"]["by_type"] == {"Riots": {"events": 1, "fatalities": 0}}
    assert days["2023-01-01"] == {"date": "2023-01-01", "events": 0, "fatalities": 0, "by_type": {}}
    assert (body["total_events"], body["total_fatalities"]) == (5, 27)
    assert body["types"] == ["Protests", "Riots"]
    filtered = c.get("/api/timeline?since=2023-01-10&type=Protests").json()
    assert (filtered["total_events"], filtered["total_fatalities"]) == (2, 0)
    with_bg = c.get("/api/timeline?background=true&since=2023-01-01").json()
    assert with_bg["total_events"] == 4


def test_tallies_ledger(sample: Sample) -> None:
    c = client(sample)
    (row,) = c.get("/api/tallies").json()["rows"]
    assert row["record"] == "ledger" and row["as_of"] == "2023-01-10" and row["kind"] == "killed"
    assert row["reported"] == 46 and row["reported_values"] == [46, 47]
    assert row["incident_sum"] == 27 and row["incidents"] == 2 and row["gap"] == 19
    assert {t["evidence"]["doc_id"] for t in row["tallies"]} == {"r-juliaca-en", "r-juliaca-es"}
    assert c.get("/api/tallies?country=pe&kind=killed").json()["rows"][0]["reported"] == 46
    assert c.get("/api/tallies?country=BO").json() == {"rows": []}
    assert c.get("/api/tallies?kind=injured").json() == {"rows": []}


@pytest.mark.parametrize(
    ("fmt", "media", "ext"),
    [
        ("acled-csv", "text/csv", "acled.csv"),
        ("csv", "text/csv", "csv"),
        ("geojson", "application/geo+json", "geojson"),
        ("jsonl", "application/x-ndjson", "jsonl"),
        ("plover-jsonl", "application/x-ndjson", "plover.jsonl"),
        ("parquet", "application/vnd.apache.parquet", "parquet"),
    ],
)
def test_export_downloads(sample: Sample, fmt: str, media: str, ext: str) -> None:
    c = client(sample)
    r = c.get(f"/api/export?format={fmt}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert r.headers["content-disposition"] == f'attachment; filename="cronica-events.{ext}"'
    if fmt == "parquet":
        table = pq.read_table(io.BytesIO(r.content))
        assert table.num_rows == 5 and str(table.schema.field("event_date").type) == "date32[day]"
    elif fmt in ("acled-csv", "csv"):
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 5
        first = "event_id_cnty" if fmt == "acled-csv" else "event_id"
        assert r.text.split(",", 1)[0] == first
    elif fmt == "geojson":
        assert len(json.loads(r.text)["features"]) == 5
    else:
        assert len(r.text.splitlines()) == 5
    filtered = c.get(f"/api/export?format={fmt}&country=BO")
    assert filtered.status_code == 200
    if fmt in ("jsonl", "plover-jsonl"):
        assert len(filtered.text.splitlines()) == 1


def test_export_matches_the_cli_writer(sample: Sample) -> None:
    from cronica.export.formats import write_events
    from cronica.store import open_store

    buf = io.BytesIO()
    write_events(open_store(sample.url).events(), "acled-csv", buf)
    assert client(sample).get("/api/export?format=acled-csv").content == buf.getvalue()


def test_facets(sample: Sample) -> None:
    body = client(sample).get("/api/facets").json()
    assert {f["value"]: f["count"] for f in body["admin1"]} == {
        "Ayacucho": 1,
        "Cusco": 1,
        "La Paz": 1,
        "Lima": 1,
        "Puno": 1,
    }
    assert [f["value"] for f in body["event_type"]] == ["Protests", "Riots"]
    assert body["country"] == [
        {"value": "BO", "count": 1, "iso3": "BOL", "name": "Bolivia, Plurinational State of"},
        {"value": "PE", "count": 4, "iso3": "PER", "name": "Peru"},
    ]
    assert (body["first_date"], body["last_date"], body["events"]) == ("2022-12-15", "2023-01-21", 5)
    assert client(sample).get("/api/facets?background=true").json()["first_date"] == "2000-07-28"


def test_security_headers_on_every_response(sample: Sample, empty_web: Path) -> None:
    c = client(sample, web_dir=empty_web)
    for path in ("/api/events", "/api/events/evt_nope", "/", "/openapi.json"):
        r = c.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_tile_url_is_passed_to_the_page_and_allowed_by_the_csp(sample: Sample) -> None:
    plain = client(sample).get("/api/config").json()
    assert plain["tile_url"] is None and "parquet" in plain["export_formats"]
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    c = client(sample, tile_url=url)
    assert c.get("/api/config").json()["tile_url"] == url
    assert "https://tiles.example.org" in c.get("/api/config").headers["content-security-policy"]
    bad = client(sample, tile_url="javascript:alert(1)//{z}{x}{y}").get("/api/config")
    assert bad.json()["tile_url"] is None
    assert "javascript" not in bad.headers["content-security-policy"]


def test_dashboard_missing_is_a_clear_503(sample: Sample, empty_web: Path) -> None:
    r = client(sample, web_dir=empty_web).get("/")
    assert r.status_code == 503 and "make web" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_dashboard_is_served_from_the_built_folder(sample: Sample, tmp_path: Path) -> None:
    web = tmp_path / "dist"
    (web / "js").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>cronica</title>", "utf-8")
    (web / "js" / "app.js").write_text("export {};", "utf-8")
    c = client(sample, web_dir=web)
    assert c.get("/").status_code == 200 and "cronica" in c.get("/").text
    assert c.get("/js/app.js").status_code == 200
    assert c.get("/api/events").status_code == 200  # the API is not shadowed by the static files


def test_store_is_opened_once_per_app(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api_app.open_store

    def counting(url: str) -> Any:
        calls.append(url)
        return real(url)

    monkeypatch.setattr(api_app, "open_store", counting)
    c = client(sample)
    for path in ("/api/events", "/api/timeline", "/api/tallies", "/api/facets", "/api/events.geojson"):
        assert c.get(path).status_code == 200
    assert calls == [sample.url]


def test_openapi_documents_every_endpoint(sample: Sample) -> None:
    spec = client(sample).get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/events.geojson",
        "/api/timeline",
        "/api/tallies",
        "/api/export",
        "/api/facets",
        "/api/config",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {"since", "until", "country", "admin1", "type", "sub_type", "actor", "bbox", "q"}
    assert params >= {"background", "limit", "offset", "sort"}


def test_config_gives_the_coding_scheme_for_the_review_form(sample: Sample) -> None:
    tx = client(sample).get("/api/config").json()["taxonomy"]
    protests = next(et for et in tx["event_types"] if et["name"] == "Protests")
    assert "Excessive force against protesters" in protests["sub_event_types"]
    assert sum(len(et["sub_event_types"]) for et in tx["event_types"]) == 25
    assert {"state_forces", "protesters", "civilians"} <= set(tx["actor_types"])
