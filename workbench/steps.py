"""What follows a recorded review step, in one place.

The engine (`reviews.services`) records a step: it checks the state and the dates, writes the
change and its event, and recomputes the review. What the rest of the service does about it
happens here, in the same transaction, whoever recorded the step (the case page or the API):
a review that ends closes the volunteer's assignment, and a decision, or a decision not to
amend after all, queues its letter for the worker.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from accounts.models import User
from documents.letter_jobs import decision_letter_request
from reviews import services
from reviews.models import Review
from volunteers.services import assignments_close_for_review

StepFunction = Callable[..., Review]

# The steps whose letter the worker prints once the step is saved; with the queue down the
# letter stays queued for the sweeper, rather than failing the save of what was saved.
STEPS_WITH_A_LETTER: frozenset[StepFunction] = frozenset(
    {services.review_notify_decision, services.review_withdraw_amendments}
)


def review_step_record(
    transition: StepFunction, review_id: int, *, actor: User | None, **values: Any
) -> Review:
    """Record one step of the review with `transition` (a `reviews.services` function), then
    do what follows it; all of it is saved, or none."""
    with transaction.atomic():
        review = transition(review_id, actor=actor, **values)
        if not review.is_open:
            assignments_close_for_review(actor=actor, review=review, reason="review concluded")
        if transition in STEPS_WITH_A_LETTER:
            decision_letter_request(review_id=review.pk, actor=actor)
    return review
