"""The error of the evaluators: a corpus missing or not in the expected format."""

from __future__ import annotations

from cronica.errors import CronicaError


class EvalError(CronicaError):
    """A corpus is missing or not in the expected format."""
