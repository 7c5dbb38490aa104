"""The frozen day and the review builder shared by the set-based recompute's tests: a review of
a child of a chosen birth date, plan issue date, setting phase and year group.
"""

from datetime import date

from organisation.models import SettingPhase
from reviews import statutory
from reviews.models import Review
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

TODAY = date(2026, 11, 23)


def fresh(review: Review) -> Review:
    review.refresh_from_db()
    return review


def review_with(
    *,
    born: date = date(2015, 3, 10),
    issued: date = date(2024, 1, 15),
    phase: str = SettingPhase.PRIMARY,
    looked_after: bool = False,
    ncy_override: int | None = None,
    **fields,
) -> Review:
    child = ChildFactory.create(
        date_of_birth=born, looked_after=looked_after, ncy_override=ncy_override
    )
    plan = PlanFactory.create(
        child=child, issued_on=issued, setting=SettingFactory.create(phase=phase)
    )
    fields.setdefault("due_on", statutory.first_review_due(plan_issued_on=issued))
    return ReviewFactory.create(plan=plan, **fields)
