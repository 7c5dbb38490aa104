"""Moderation sampling (DESIGN section 5): which submitted QA checklists go to the moderation
queue, at a share of nought, a hundred and the default one in ten, and a resubmitted checklist.
"""

import random
from datetime import date

import pytest
from django.utils import timezone

from accounts.models import User
from qa.models import Checklist, ChecklistTemplate, Moderation, ModerationStatus
from qa.moderation import moderation_queue_for_user, moderation_sample_on_submit
from tests.factories import ModerationFactory, PlanFactory, ReviewFactory
from tests.moderation_cases import (
    MET,
    NA,
    NOT_MET,
    PARTLY,
    set_moderation_percent,
    submitted_checklist,
    template,
)
from volunteers.models import Assignment, ProgrammeSettings

# fixtures from tests/moderation_cases.py, found by pytest among this module's names
__all__ = ["template"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Sampling ------------------------------------------------------------------------------------


def many_checklists(template: ChecklistTemplate, volunteer: User, area, count: int) -> list[int]:
    review = ReviewFactory.create(plan=PlanFactory.create(area=area))
    assignments = Assignment.objects.bulk_create(
        Assignment(
            review=review,
            volunteer=volunteer,
            release_day=date(2026, 11, 17),
            closed_at=timezone.now(),
        )
        for _ in range(count)
    )
    checklists = Checklist.objects.bulk_create(
        Checklist(assignment=a, review=review, volunteer=volunteer, template=template)
        for a in assignments
    )
    return [c.pk for c in checklists]


def test_a_moderation_share_of_nought_samples_no_checklist(template, volunteer, north):
    set_moderation_percent(0)
    for pk in many_checklists(template, volunteer, north, 50):
        assert moderation_sample_on_submit(Checklist.objects.get(pk=pk)) is None
    assert not Moderation.objects.exists()


def test_a_moderation_share_of_a_hundred_samples_every_checklist(template, volunteer, north):
    set_moderation_percent(100)
    pks = many_checklists(template, volunteer, north, 50)
    sampled = [moderation_sample_on_submit(Checklist.objects.get(pk=pk)) for pk in pks]
    assert [moderation.checklist_id if moderation else None for moderation in sampled] == pks
    assert Moderation.objects.filter(status=ModerationStatus.WAITING).count() == 50


def test_the_default_share_samples_about_one_checklist_in_ten(template, volunteer, north):
    set_moderation_percent(10)
    rng = random.Random(20261123)
    checklists = Checklist.objects.filter(pk__in=many_checklists(template, volunteer, north, 1000))
    sampled = sum(moderation_sample_on_submit(c, rng=rng) is not None for c in checklists)
    assert 60 <= sampled <= 140
    assert Moderation.objects.count() == sampled


def test_the_programme_samples_one_in_ten_unless_configured():
    assert ProgrammeSettings.current().moderation_percent == 10


def test_a_resubmitted_checklist_goes_back_to_the_queue_whatever_the_share(
    template, volunteer, north, officer_north
):
    moderation = ModerationFactory.create(
        checklist=submitted_checklist(template, volunteer, north, [MET, PARTLY, NOT_MET, NA]),
        completed=True,
        moderator=officer_north,
    )
    set_moderation_percent(0)
    again = moderation_sample_on_submit(moderation.checklist)
    assert again == moderation
    moderation.refresh_from_db()
    assert moderation.status == ModerationStatus.WAITING
    assert moderation.completed_at is None
    assert list(moderation_queue_for_user(officer_north)) == [moderation]
