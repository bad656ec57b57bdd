"""Every API endpoint and query parameter, with hostile values: never a 500, always the security headers.

Values: huge and negative integers, NaN and infinities, LIKE wildcards, SQL, markup, path
traversal, control characters, long strings and arbitrary text. The stored data must not change.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from fuzz_strategies import FUZZ
from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.api.surface import path_routes, query_routes

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "1; DELETE FROM documents",
    "x') UNION SELECT record FROM events --",
    "*",
    'NEAR("a" "b")',
)
WILDCARDS = ("%", "_", "%%", "%_%", "\\%", "[a-z]%")
HOSTILE = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "9223372036854775808",
            "-9223372036854775809",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "",
            " ",
            "0000-00-00",
            "9999-12-31",
            "2023-02-30",
            "-180,-90,180,90",
            "1e400,0,0,0",
            "NaN,NaN,NaN,NaN",
            "<script>alert(1)</script>",
            "../../../../etc/passwd",
            "\x00",
            "\u202e",
            "a" * 5000,
            *INJECTIONS,
            *WILDCARDS,
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)


def check_response(api: TestClient, path: str, params: dict[str, str]) -> int:
    response = api.get(path, params=params)
    assert response.status_code < 500, f"{response.status_code} for {path} {params!r}: {response.text[:200]}"
    missing = [h for h in HEADERS if h not in response.headers]
    assert not missing, f"{path} {params!r} ({response.status_code}) lacks {missing}"
    return response.status_code


@settings(FUZZ, max_examples=500)
@given(data=st.data())
def test_no_parameter_gives_a_server_error(api: TestClient, data: st.DataObject) -> None:
    routes = query_routes(api.app)
    path = data.draw(st.sampled_from(sorted(routes)))
    names = (
        data.draw(st.lists(st.sampled_from(routes[path]), max_size=3, unique=True)) if routes[path] else []
    )
    params = {n: data.draw(HOSTILE) for n in names}
    check_response(api, path, params)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_no_path_parameter_gives_a_server_error(api: TestClient, data: st.DataObject) -> None:
    """Every route with a path parameter (an event's page, its history, ...), with hostile values."""
    template = data.draw(st.sampled_from(path_routes(api.app)))
    path = re.sub(r"\{[^}]+\}", lambda _: quote(data.draw(HOSTILE), safe=""), template)
    check_response(api, path, {})


@settings(FUZZ, max_examples=150)
@given(event_id=HOSTILE, static=st.sampled_from(["/api/events/", "/", "/static/", "/api/"]))
def test_hostile_paths_are_not_server_errors(api: TestClient, event_id: str, static: str) -> None:
    """Ids and paths, traversal included ("/" and "." kept), percent-encoded as a browser would."""
    check_response(api, static + quote(event_id, safe="/."), {})


@pytest.mark.parametrize(
    "url",
    [
        "/api/events.geojson?limit=9223372036854775808",
        "/api/events?limit=-9223372036854775809",
        "/api/events?offset=99999999999999999999999",
        "/api/events?min_confidence=NaN",
        "/api/events?bbox=NaN,NaN,NaN,NaN",
        "/api/events?since=0000-00-00",
        "/api/events/%00",
    ],
)
def test_known_hostile_requests(api: TestClient, url: str) -> None:
    assert check_response(api, url, {}) in (200, 404, 422)


@pytest.mark.parametrize("value", WILDCARDS)
@pytest.mark.parametrize("name", ["admin1", "actor", "q"])
def test_wildcards_match_themselves_only(api: TestClient, name: str, value: str) -> None:
    """No stored name holds % or _: a filter made of them matches nothing, not everything."""
    response = api.get("/api/events", params={name: value, "background": "true"})
    assert response.status_code in (200, 422), response.text[:200]
    if response.status_code == 200:
        assert response.json()["total"] == 0, f"{name}={value!r} acted as a LIKE wildcard"


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        counts = {n: int(conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one()) for n in names}
    engine.dispose()
    return counts


def test_sql_injection_changes_nothing(api: TestClient, api_db: str) -> None:
    before = _counts(api_db)
    for path, names in query_routes(api.app).items():
        for name in names:
            for value in INJECTIONS:
                check_response(api, path, {name: value})
    assert _counts(api_db) == before
