"""Loaders for the gold corpora in ../shared/data and the metrics that score cronica against them."""
