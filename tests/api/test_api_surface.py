"""The API's GET routes and query parameters, as the fuzz tests and the reliability benchmark read them."""

from __future__ import annotations

from pathlib import Path

from cronica.api import create_app
from cronica.api.surface import get_routes, path_routes, query_routes


def test_the_surface_lists_routes_and_their_query_parameters(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'surface.db'}")
    routes = get_routes(app)
    queries = query_routes(app)
    assert {"q", "since", "bbox", "cursor", "sort"} <= set(queries["/api/events"])
    assert queries["/api/map"][0] == "zoom"
    assert queries["/api/config"] == ()
    assert "/api/events/{event_id}" in path_routes(app)
    assert set(queries) | set(path_routes(app)) == set(routes)
    assert not any("{" in path for path in queries)
