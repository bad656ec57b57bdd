"""Write access through the app: every write route needs a token, other sites cannot write,
failed attempts are braked per address, and no response carries CORS headers."""

from __future__ import annotations

import re

import pytest
from api_sample import Sample
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from cronica.api import create_app
from cronica.store import open_store
from cronica.users import add_user, disable_user

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def write_routes(app: object) -> list[tuple[str, str]]:
    """(method, path with its parameters filled in) of every route that writes."""
    found = []
    for route in app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute):
            path = re.sub(r"\{[^}]+\}", "evt_0000", route.path)
            found += [(m, path) for m in sorted(route.methods & WRITE_METHODS)]
    return found


def test_every_write_route_refuses_a_request_without_a_valid_token(sample: Sample) -> None:
    app = create_app(sample.url)
    routes = write_routes(app)
    assert ("POST", "/api/events/merge") in routes and len(routes) >= 7
    c = TestClient(app)
    for method, path in routes:
        for headers in (
            {},
            {"Authorization": "Bearer crn_not-a-real-token-at-all"},
            {"Authorization": "Basic x"},
        ):
            r = c.request(method, path, json={}, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.text)
            assert r.headers["www-authenticate"] == "Bearer"
        # the token is checked before the body is read: a malformed body is no way around it
        r = c.request(method, path, content=b"{not json", headers={"Content-Type": "application/json"})
        assert r.status_code == 401, (method, path, r.text)
        r = c.request(method, path, content=b"{not json", headers={"Origin": "https://evil.example"})
        assert r.status_code == 403, (method, path, r.text)
    assert c.get("/api/review/log").json()["actions"] == []


def test_a_disabled_user_is_refused(sample: Sample) -> None:
    store = open_store(sample.url)
    token = add_user(store, "gone", "reviewer")
    c = TestClient(create_app(sample.url), headers={"Authorization": f"Bearer {token}"})
    assert c.post("/api/auth/check").status_code == 200
    disable_user(store, "gone")
    assert c.post("/api/auth/check").status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver:8080"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_write_from_another_site_is_refused_even_with_a_valid_token(
    sample: Sample, headers: dict[str, str]
) -> None:
    token = add_user(open_store(sample.url), "rita", "reviewer")
    c = TestClient(create_app(sample.url))
    auth = {"Authorization": f"Bearer {token}"}
    r = c.post(f"/api/events/{sample.events['lima']}/confirm", headers={**auth, **headers})
    assert r.status_code == 403 and "cross-site" in r.json()["detail"]
    assert c.get("/api/review/log").json()["actions"] == []
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert c.post("/api/auth/check", headers={**auth, **same}).status_code == 200


def test_repeated_failures_from_one_address_get_429_with_retry_after(sample: Sample) -> None:
    token = add_user(open_store(sample.url), "rita", "reviewer")
    app = create_app(sample.url)
    c = TestClient(app)
    for _ in range(10):
        assert (
            c.post("/api/auth/check", headers={"Authorization": "Bearer crn_wrongwrongwrong"}).status_code
            == 401
        )
    for auth in ("Bearer crn_wrongwrongwrong", f"Bearer {token}"):
        r = c.post("/api/auth/check", headers={"Authorization": auth})
        assert r.status_code == 429, r.text
        assert 0 < int(r.headers["retry-after"]) <= 300
    other = TestClient(app, client=("10.1.2.3", 5000))  # another address is not blocked
    assert other.post("/api/auth/check", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_no_response_carries_cors_headers(sample: Sample) -> None:
    c = TestClient(create_app(sample.url))
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    for method, path in [
        ("OPTIONS", "/api/events/merge"),
        ("GET", "/api/events"),
        ("POST", "/api/events/merge"),
        ("GET", "/api/review/log"),
    ]:
        r = c.request(method, path, headers=preflight)
        assert not [h for h in r.headers if h.lower().startswith("access-control-")], (method, path)
