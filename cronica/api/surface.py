"""What the API reads from a client: its GET routes and their query parameters, from its own schema.

The fuzz tests and the reliability benchmark throw hostile values at every one of them. Reading
the list from the app, not writing it by hand, means a route or a parameter added later is
attacked too, without anyone remembering to add it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def _query_names(operation: dict[str, Any], schema: dict[str, Any]) -> tuple[str, ...]:
    names = []
    for param in operation.get("parameters", []):
        if "$ref" in param:  # a shared parameter: resolve it in the schema's components
            param = schema["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
        if param.get("in") == "query":
            names.append(str(param["name"]))
    return tuple(names)


def get_routes(app: FastAPI) -> dict[str, tuple[str, ...]]:
    """Each GET path of ``app``'s schema (path parameters as ``{name}``) with its query parameters."""
    schema = app.openapi()
    routes = {}
    for path, methods in schema.get("paths", {}).items():
        if "get" in methods:
            routes[path] = _query_names(methods["get"], schema)
    return dict(sorted(routes.items()))


def query_routes(app: FastAPI) -> dict[str, tuple[str, ...]]:
    """The GET paths that take no path parameter, with their query parameters."""
    return {path: names for path, names in get_routes(app).items() if "{" not in path}


def path_routes(app: FastAPI) -> list[str]:
    """The GET paths that take path parameters (``/api/events/{event_id}`` and the like)."""
    return [path for path in get_routes(app) if "{" in path]
