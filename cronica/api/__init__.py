"""REST API and dashboard: ``create_app(db_url, tile_url) -> FastAPI`` (DESIGN.md section 8)."""

from cronica.api.app import create_app

__all__ = ["create_app"]
