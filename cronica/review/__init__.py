"""Human review of fused events (issue 15): actions, their audit log, the queue.

Every decision is a row of the append-only ``review_log``; the events are the
machine's clusters with the decisions replayed over them, so re-processing and
new reports never undo what a person decided (docs/review.md).
"""

from cronica.review.action import Action, QueueItem
from cronica.review.actions import confirm, correct, merge, reject, split
from cronica.review.errors import InvalidReviewError, ReviewError, UnknownEventError
from cronica.review.log import history, review_log, undo
from cronica.review.queue import review_queue

__all__ = [
    "Action",
    "InvalidReviewError",
    "QueueItem",
    "ReviewError",
    "UnknownEventError",
    "confirm",
    "correct",
    "history",
    "merge",
    "reject",
    "review_log",
    "review_queue",
    "split",
    "undo",
]
