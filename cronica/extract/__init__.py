"""Mention-level extraction: event triggers, figures, dates, actors, tallies and background."""
