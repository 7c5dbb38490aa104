"""Shared setting for the tests of the family's part in a review: a child at the SENCO's
school in North, with a review whose meeting is planned for Monday 30 November 2026, followed
by the `parent` persona; and a second child's plan followed by someone else."""

from datetime import date

import pytest

from contributions.family_models import FamilyMember
from reviews.models import Review
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
MEETING_DAY = date(2026, 11, 30)


@pytest.fixture
def review(volunteer, north, officer_north) -> Review:
    plan = factories.PlanFactory.create(
        area=north, setting=volunteer.setting, plan_ref="EHCP-FAM-1", case_officer=officer_north
    )
    return factories.ReviewFactory.create(
        plan=plan, due_on=date(2026, 12, 10), meeting_planned_on=MEETING_DAY, recomputed=True
    )


@pytest.fixture
def member(review, parent) -> FamilyMember:
    return factories.FamilyMemberFactory.create(plan=review.plan, user=parent)


@pytest.fixture
def other_review(north) -> Review:
    """Another child's review, at another school, followed by another family."""
    plan = factories.PlanFactory.create(area=north, plan_ref="EHCP-FAM-2")
    review = factories.ReviewFactory.create(
        plan=plan, due_on=date(2026, 12, 12), meeting_planned_on=MEETING_DAY, recomputed=True
    )
    factories.FamilyMemberFactory.create(plan=plan)
    return review
