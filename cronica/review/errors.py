"""Errors of the review actions; the CLI prints each as one line, the API answers 404 or 400/422."""

from cronica.errors import CronicaError


class ReviewError(CronicaError):
    """A review action could not be applied."""


class UnknownEventError(ReviewError):
    """No stored event (or review action) has the id given."""


class InvalidReviewError(ReviewError):
    """A review action is malformed: a missing reason, a bad field or value, an impossible merge or split."""
