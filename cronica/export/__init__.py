"""Writing events in the formats researchers' tools read."""

from cronica.export.formats import FORMATS, write_events, write_records

__all__ = ["FORMATS", "write_events", "write_records"]
