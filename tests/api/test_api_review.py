"""The review endpoints end to end: every action through the API on SQLite and PostgreSQL, the
audit log and history, the queue, place search, errors as one-line 4xx, and the cache emptied."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from api_sample import Sample
from fastapi.testclient import TestClient

from cronica import review
from cronica.api import create_app
from cronica.errors import CronicaError, StoreError
from cronica.store import open_store
from cronica.users import add_user

MARKUP = '<script>window.__xss = "reason"</script><img src=x onerror="alert(1)">'


WriterFactory = Callable[..., TestClient]


@pytest.fixture
def writer() -> Iterator[WriterFactory]:
    """Make clients of fresh apps whose requests carry a new user's token; close their databases after."""
    apps: list[Any] = []

    def make(url: str, role: str = "reviewer", name: str = "rita", **app_kw: Any) -> TestClient:
        store = open_store(url)
        token = add_user(store, name, role)
        store.engine.dispose()
        app = create_app(url, **app_kw)
        apps.append(app)
        return TestClient(app, headers={"Authorization": f"Bearer {token}"})

    yield make
    for app in apps:  # PostgreSQL allows few connections: do not leave them to the garbage collector
        app.state.store.engine.dispose()


def mentions_of(c: TestClient, event_id: str) -> list[str]:
    """The mention ids the event page offers for a split."""
    return [m["mention_id"] for m in c.get(f"/api/events/{event_id}").json()["mentions"]]


def ok(r: Any) -> dict[str, Any]:
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_every_action_through_the_api(sample_any: Sample, writer: WriterFactory) -> None:
    c = writer(sample_any.url)
    ev = sample_any.events
    assert ok(c.post("/api/auth/check")) == {"user": "rita", "role": "reviewer"}

    done = ok(c.post(f"/api/events/{ev['ayacucho']}/confirm", json={}))
    assert done["action"]["action"] == "confirm" and done["action"]["user"] == "rita"
    assert done["event"]["review_status"] == "confirmed" and done["event"]["reviewed_by"] == "rita"

    body = {"fields": {"fatalities": 18}, "reason": "the regional hospital's list names 18"}
    done = ok(c.post(f"/api/events/{ev['juliaca']}/correct", json=body))
    assert done["event"]["fatalities"] == 18 and done["event"]["review_status"] == "corrected"
    assert ok(c.get(f"/api/events/{ev['juliaca']}"))["fatalities"] == 18

    merged = ok(
        c.post("/api/events/merge", json={"event_ids": [ev["lima"], ev["xss"]], "reason": "same march"})
    )
    assert merged["event"]["event_id"] == ev["lima"] == merged["action"]["event_id"]
    assert c.get(f"/api/events/{ev['xss']}").status_code == 404

    moved = mentions_of(c, ev["juliaca"])[-1:]
    body = {"mention_ids": moved, "reason": "the second report is about another day"}
    split = ok(c.post(f"/api/events/{ev['juliaca']}/split", json=body))
    new_id = split["new_event"]["event_id"]
    assert new_id != ev["juliaca"] and split["action"]["payload"]["new_event_id"] == new_id
    assert mentions_of(c, new_id) == moved

    body = {"category": "out_of_scope", "reason": "a march, outside this monitor's remit"}
    rejected = ok(c.post(f"/api/events/{ev['lapaz']}/reject", json=body))
    assert rejected["event"]["review_status"] == "rejected"
    assert ev["lapaz"] not in {e["event_id"] for e in ok(c.get("/api/events"))["events"]}
    assert ok(c.get(f"/api/events/{ev['lapaz']}"))["review_status"] == "rejected"

    undone = ok(
        c.post("/api/review/undo", json={"action_id": rejected["action"]["action_id"], "reason": "misread"})
    )
    assert undone["action"]["action"] == "undo"
    assert undone["action"]["payload"]["undoes"] == rejected["action"]["action_id"]
    assert [e["event_id"] for e in undone["events"]] == [ev["lapaz"]]
    assert undone["events"][0]["review_status"] != "rejected"
    assert ev["lapaz"] in {e["event_id"] for e in ok(c.get("/api/events"))["events"]}

    history = ok(c.get(f"/api/events/{ev['lapaz']}/history"))
    assert history["event_id"] == ev["lapaz"]
    assert [a["action"] for a in history["actions"]] == ["reject", "undo"]
    assert history["actions"][0]["undone_by"] == undone["action"]["action_id"]

    log = ok(c.get("/api/review/log?limit=4"))
    assert [a["action"] for a in log["actions"]] == ["confirm", "correct", "merge", "split"]
    assert log["next_after_id"] == log["actions"][-1]["action_id"]
    rest = ok(c.get(f"/api/review/log?limit=4&after_id={log['next_after_id']}"))
    assert [a["action"] for a in rest["actions"]] == ["reject", "undo"] and rest["next_after_id"] is None
    assert ok(c.get("/api/review/log?user=nobody")) == {"actions": [], "next_after_id": None}


def test_lists_filter_by_review_state(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url)
    ok(c.post(f"/api/events/{sample.events['ayacucho']}/confirm", json={"reason": "checked"}))
    reviewed = ok(c.get("/api/events?reviewed_only=true"))["events"]
    assert [e["event_id"] for e in reviewed] == [sample.events["ayacucho"]]
    confirmed = ok(c.get("/api/events?review_status=confirmed"))["events"]
    assert [e["event_id"] for e in confirmed] == [sample.events["ayacucho"]]
    machine = ok(c.get("/api/events?review_status=machine"))["events"]
    assert sample.events["ayacucho"] not in {e["event_id"] for e in machine} and machine
    assert all(e["review_status"] == "machine" and "reviewed_at" in e for e in machine)
    assert c.get("/api/events?review_status=maybe").status_code == 422
    exported = c.get("/api/export?format=jsonl&reviewed_only=true").text.splitlines()
    assert [json.loads(line)["event_id"] for line in exported] == [sample.events["ayacucho"]]
    assert ok(c.get("/api/events.geojson?review_status=confirmed"))["total"] == 1


def test_the_review_queue(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url)
    items = ok(c.get("/api/review/queue?limit=3"))["items"]
    assert 0 < len(items) <= 3
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert all(set(i) == {"event", "score", "reasons"} and "event_id" in i["event"] for i in items)
    assert all(i["event"]["review_status"] in ("machine", "confirmed", "corrected") for i in items)
    assert c.get("/api/review/queue?limit=0").status_code == 422


def test_place_search(sample: Sample) -> None:
    c = TestClient(create_app(sample.url))
    places = ok(c.get("/api/places?q=juliaca&country=pe&limit=3"))["places"]
    assert places[0]["name"] == "Juliaca" and places[0]["geonames_id"] == 3937513
    assert all(p["country_code"] == "PE" for p in places) and len(places) <= 3
    assert c.get("/api/places").status_code == 422
    assert c.get("/api/places?q=lima&limit=1000").status_code == 422


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/api/events/evt_nope/confirm", {}, 404, "evt_nope"),
        ("/api/events/{juliaca}/correct", {"fields": {"fatalities": 3}, "reason": ""}, 400, "reason"),
        ("/api/events/{juliaca}/correct", {"fields": {"colour": "red"}, "reason": "a reason"}, 400, "colour"),
        ("/api/events/{juliaca}/correct", {"fields": {"fatalities": 3}}, 422, "reason"),
        ("/api/events/{juliaca}/correct", {"fields": {"fatalities": 3}, "reason": "ok", "x": 1}, 422, "x"),
        ("/api/events/merge", {"event_ids": ["{juliaca}"], "reason": "one is not a merge"}, 422, "event_ids"),
        ("/api/events/{juliaca}/reject", {"category": "boring", "reason": "not liked"}, 400, "category"),
        ("/api/review/undo", {"action_id": 999, "reason": "no such action"}, 404, "999"),
    ],
)
def test_bad_requests_are_one_line_4xx(
    sample: Sample, path: str, body: dict[str, Any], status: int, words: str, writer: WriterFactory
) -> None:
    c = writer(sample.url)
    fill = {"juliaca": sample.events["juliaca"]}
    body = {k: ([i.format(**fill) for i in v] if isinstance(v, list) else v) for k, v in body.items()}
    r = c.post(path.format(**fill), json=body)
    assert r.status_code == status, r.text
    assert words in r.text
    if status != 422:
        assert "\n" not in r.json()["detail"]


def test_a_write_empties_the_response_cache(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url, cache_s=600)
    before = ok(c.get("/api/aggregates/admin1"))
    body = {"category": "not_an_event", "reason": "a commemoration, not a protest"}
    ok(c.post(f"/api/events/{sample.events['lapaz']}/reject", json=body))
    after = ok(c.get("/api/aggregates/admin1"))
    assert after != before
    assert "BO" in str(before) and "BO" not in str(after)


def test_report_text_with_markup_comes_back_as_json_data(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url)
    body = {"fields": {"actor1": {"name": MARKUP, "type": "rioters"}}, "reason": MARKUP}
    r = c.post(f"/api/events/{sample.events['xss']}/correct", json=body)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json()["action"]["reason"] == MARKUP and r.json()["event"]["actor1"]["name"] == MARKUP
    h = c.get(f"/api/events/{sample.events['xss']}/history")
    assert h.headers["content-type"] == "application/json" and h.json()["actions"][0]["reason"] == MARKUP
    assert "<i>rioters</i>" in str(h.json()["actions"][0]["before"])


def test_admin_can_write_too_and_nothing_deletes_the_log(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url, role="admin", name="ada")
    ok(c.post(f"/api/events/{sample.events['ayacucho']}/confirm"))
    event = sample.events["ayacucho"]
    for method in ("DELETE", "PUT", "PATCH"):
        for path in (f"/api/events/{event}/history", "/api/review/log", "/api/review/queue"):
            assert c.request(method, path).status_code == 405, (method, path)
    assert len(ok(c.get("/api/review/log"))["actions"]) == 1
    assert ok(c.get(f"/api/events/{sample.events['lima']}/history")) == {
        "event_id": sample.events["lima"],
        "actions": [],
    }
    assert c.get("/api/events/evt_nope/history").status_code == 404


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (StoreError("database error: no route to db.internal:5432"), 503),
        (CronicaError("some library refusal\nsecond line"), 400),
    ],
)
def test_library_errors_are_never_a_500(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, error: Exception, status: int, writer: WriterFactory
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(review, "confirm", refuse)
    c = writer(sample.url)
    r = c.post(f"/api/events/{sample.events['lima']}/confirm")
    assert r.status_code == status and "\n" not in r.json()["detail"]
    assert ("refusal" in r.text) is (status == 400) and "db.internal" not in r.text


def test_a_place_found_by_name_is_a_location_correction(sample: Sample, writer: WriterFactory) -> None:
    c = writer(sample.url)
    place = ok(c.get("/api/places?q=huancayo&country=PE&limit=1"))["places"][0]
    body = {
        "fields": {"location": {"geonames_id": place["geonames_id"]}},
        "reason": "the march was in Huancayo",
    }
    event = ok(c.post(f"/api/events/{sample.events['lima']}/correct", json=body))["event"]
    assert (
        event["location"]["name"] == place["name"]
        and event["location"]["geonames_id"] == place["geonames_id"]
    )
    assert event["location"]["admin1"] == place["admin1"] and event["location"]["lat"] == place["lat"]


def test_text_postgresql_cannot_store_is_refused_before_the_library(
    sample_any: Sample, writer: WriterFactory
) -> None:
    c = writer(sample_any.url)
    lima = sample_any.events["lima"]
    requests = [
        (f"/api/events/{lima}/confirm", {"reason": "a reason with \x00 inside"}),
        (f"/api/events/{lima}/correct", {"fields": {"tags": ["tear\x00gas"]}, "reason": "tags"}),
        ("/api/events/evt%00x/confirm", {}),
        ("/api/events/merge", {"event_ids": [lima, "evt\x00x"], "reason": "one with a NUL"}),
    ]
    for path, body in requests:
        r = c.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
    assert c.get("/api/review/log?user=r%00ita").status_code == 422
    assert c.get("/api/events/evt%00x/history").status_code == 422
    assert ok(c.get("/api/review/log"))["actions"] == []
