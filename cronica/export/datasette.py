"""A datasette ``metadata.json`` for a cronica database: title, licence note, labels and facets.

The labels live in ``cronica/data/datasette.yaml``; :func:`datasette_metadata` shapes them into
datasette's metadata format under the database's name (datasette names a database after its file:
``cronica.db`` is ``cronica``), so that ``datasette cronica.db -m metadata.json`` opens with
descriptions and with facets on event type, sub-event type, country and admin1.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cronica.errors import CronicaError

TABLE_KEYS = ("title", "description", "facets", "sort_desc", "label_column", "columns")


class DatasetteMetadataError(CronicaError):
    """``datasette.yaml`` is missing or malformed."""


def _table(name: str, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict) or not isinstance(entry.get("columns"), dict):
        raise DatasetteMetadataError(f"datasette.yaml: table {name} needs columns")
    unknown = set(entry) - set(TABLE_KEYS)
    if unknown:
        raise DatasetteMetadataError(f"datasette.yaml: table {name}: unknown keys {sorted(unknown)}")
    return {key: entry[key] for key in TABLE_KEYS if key in entry}


@lru_cache(maxsize=1)
def metadata_source() -> dict[str, Any]:
    """``cronica/data/datasette.yaml``, read and checked once."""
    try:
        raw = resources.files("cronica").joinpath("data", "datasette.yaml").read_text("utf-8")
    except FileNotFoundError as exc:
        raise DatasetteMetadataError("datasette.yaml not found") from exc
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("tables"), dict):
        raise DatasetteMetadataError("datasette.yaml: expected version: 1 and a mapping of tables")
    return data


def datasette_metadata(database: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """datasette's metadata for a database named ``database`` (``source`` defaults to the bundled file)."""
    data = metadata_source() if source is None else source
    tables = {name: _table(name, entry) for name, entry in data["tables"].items()}
    for name in data.get("hidden", []):
        tables[name] = {"hidden": True}
    return {
        "title": data["title"],
        "description": data["description"],
        "license": data["license"],
        "databases": {database: {"tables": tables}},
    }


def database_name(url: str) -> str:
    """The name datasette gives the database at ``url``: a SQLite file's stem, else ``cronica``."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix) :] not in ("", ":memory:"):
        return Path(url[len(prefix) :]).stem
    return "cronica"


def write_datasette_metadata(path: Path, database: str) -> None:
    """Write the metadata for ``database`` to ``path`` as indented JSON."""
    text = json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
