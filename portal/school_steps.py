"""A school records a step of a review through the same guarded transitions and the same
orchestration after a step as the council's officers (reviews.transitions and
workbench.steps), and its event on the review's timeline says which school."""

from datetime import date

from django.db import transaction

from accounts.models import User
from audit.services import event_record
from organisation.models import Setting
from reviews import services
from reviews.models import Review
from reviews.transitions import Transition
from workbench.steps import review_step_record


def school_step_record(
    *,
    actor: User,
    review: Review,
    school: Setting,
    transition: Transition,
    on: date,
    expected_version: int | None,
) -> Review:
    """Record the step for the school; the step and the school's event are saved together."""
    with transaction.atomic():
        recorded = review_step_record(
            services.STEP_FUNCTIONS[transition.slug],
            review.pk,
            actor=actor,
            on=on,
            expected_version=expected_version,
        )
        event_record(
            actor=actor,
            action="school.step_recorded",
            target=recorded,
            details={
                "step": transition.title,
                "on": on.isoformat(),
                "urn": school.urn,
                "school": school.name,
            },
        )
    return recorded
