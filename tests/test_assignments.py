"""Assigning reviews to volunteers: release, capacity and conflict of interest (DESIGN s.4)."""

from datetime import date

import pytest
from django.utils import timezone

from audit.models import Event
from reviews.models import ReviewStatus
from reviews.selectors import review_list_for_user
from reviews.services import review_conclude
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import AgreementStatus, Assignment, ProgrammeSettings, VolunteerProfile
from volunteers.services import assignments_create, volunteer_next_release_day
from workbench.steps import review_step_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


@pytest.fixture
def released(volunteer):
    ReleaseAgreementFactory.create(volunteer=volunteer)
    return volunteer


def north_review(north, officer_north, ref, **plan):
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref=ref, case_officer=officer_north, **plan)
    )


@pytest.mark.parametrize(
    ("weekday", "start_on", "weeks", "status", "expected"),
    [
        (1, date(2026, 11, 2), 12, AgreementStatus.APPROVED, TUESDAY),
        (0, date(2026, 11, 2), 12, AgreementStatus.APPROVED, MONDAY),
        (4, date(2026, 12, 1), 2, AgreementStatus.APPROVED, date(2026, 12, 4)),
        (1, date(2026, 9, 8), 12, AgreementStatus.APPROVED, TUESDAY),
        (1, date(2026, 9, 1), 12, AgreementStatus.APPROVED, None),
        (1, date(2026, 11, 2), 12, AgreementStatus.REQUESTED, None),
        (1, date(2026, 11, 2), 12, AgreementStatus.PAUSED, None),
        (1, date(2026, 11, 2), 12, AgreementStatus.DECLINED, None),
        (1, date(2026, 11, 2), 12, AgreementStatus.ENDED, None),
    ],
    ids=[
        "tuesdays-next-is-tomorrow",
        "mondays-today-counts",
        "starts-later",
        "last-week-of-twelve",
        "ran-out-last-week",
        "requested",
        "paused",
        "declined",
        "ended",
    ],
)
def test_the_next_release_day_comes_only_from_an_approved_agreement_still_running(
    volunteer, weekday, start_on, weeks, status, expected
):
    ReleaseAgreementFactory.create(
        volunteer=volunteer, weekday=weekday, start_on=start_on, weeks=weeks, status=status
    )

    release = volunteer_next_release_day(volunteer)

    assert (release.day if release else None) == expected


def test_reviews_are_assigned_for_the_next_release_day_with_an_event_each(
    north, officer_north, released
):
    reviews = [north_review(north, officer_north, f"N-{n}") for n in range(2)]

    outcomes = assignments_create(actor=officer_north, volunteer=released, reviews=reviews)

    assert [o.refusal for o in outcomes] == [None, None]
    assert list(Assignment.objects.values_list("release_day", flat=True)) == [TUESDAY, TUESDAY]
    assert Event.objects.filter(action="assignment.created", actor=officer_north).count() == 2
    assert set(review_list_for_user(released)) == set(reviews)


@pytest.mark.parametrize(
    ("personal", "programme", "accepted"),
    [(None, 4, 4), (None, 2, 2), (3, 4, 3), (6, 4, 5)],
    ids=["programme-default", "programme-lowered", "personal-lower", "personal-higher"],
)
def test_a_release_day_takes_no_more_reviews_than_the_volunteers_capacity(
    north, officer_north, released, personal, programme, accepted
):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"reviews_per_day": programme})
    VolunteerProfile.objects.create(user=released, reviews_per_day=personal)
    reviews = [north_review(north, officer_north, f"N-{n}") for n in range(5)]

    outcomes = assignments_create(actor=officer_north, volunteer=released, reviews=reviews)

    refusals = [o.refusal for o in outcomes if o.refusal]
    assert Assignment.objects.count() == accepted
    capacity = personal or programme
    assert refusals == [
        f"N-{n}: {released} has no places left on Tuesday 24 November 2026: "
        f"{capacity} of {capacity} reviews already assigned."
        for n in range(accepted, 5)
    ]


def test_capacity_counts_reviews_given_earlier_for_the_same_day(north, officer_north, released):
    first = [north_review(north, officer_north, f"A-{n}") for n in range(3)]
    assignments_create(actor=officer_north, volunteer=released, reviews=first)
    later = [north_review(north, officer_north, f"B-{n}") for n in range(2)]

    outcomes = assignments_create(actor=officer_north, volunteer=released, reviews=later)

    assert [o.refusal is None for o in outcomes] == [True, False]


@pytest.mark.parametrize(
    ("where", "refusal"),
    [
        (
            "attends",
            "conflict of interest: the child attends Own School, the volunteer's own school",
        ),
        ("named", "conflict of interest: the plan names the volunteer's own school for the child"),
        ("elsewhere", None),
    ],
)
def test_a_volunteer_is_never_given_a_child_of_their_own_school(
    north, officer_north, released, where, refusal
):
    own = released.setting
    own.name = "Own School"
    own.save()
    other = SettingFactory.create(area=north)
    plan = {
        "attends": {"setting": own},
        "named": {"setting": other, "named_setting": own},
        "elsewhere": {"setting": other},
    }[where]
    review = north_review(north, officer_north, "N-1", **plan)

    [outcome] = assignments_create(actor=officer_north, volunteer=released, reviews=[review])

    assert outcome.refusal == (f"N-1: {refusal}." if refusal else None)
    assert Assignment.objects.exists() is (refusal is None)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (AgreementStatus.REQUESTED, "their release is waiting for their headteacher's approval"),
        (AgreementStatus.PAUSED, "their release is paused by their school"),
        (AgreementStatus.DECLINED, "no release agreed with their school"),
    ],
)
def test_a_volunteer_without_an_approved_release_is_given_nothing(
    north, officer_north, volunteer, status, reason
):
    ReleaseAgreementFactory.create(volunteer=volunteer, status=status)
    review = north_review(north, officer_north, "N-1")

    [outcome] = assignments_create(actor=officer_north, volunteer=volunteer, reviews=[review])

    assert outcome.refusal == f"N-1: {volunteer} cannot take it: {reason}."
    assert not Assignment.objects.exists()
    assert not Event.objects.filter(action="assignment.created").exists()


def test_a_review_already_with_a_volunteer_is_not_given_to_another(north, officer_north, released):
    other = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    ReleaseAgreementFactory.create(volunteer=other)
    review = north_review(north, officer_north, "N-1")
    assignments_create(actor=officer_north, volunteer=released, reviews=[review])

    [outcome] = assignments_create(actor=officer_north, volunteer=other, reviews=[review])

    assert outcome.refusal == "N-1: it is already assigned to a volunteer."
    assert Assignment.objects.get().volunteer == released


def test_a_concluded_review_is_not_given_to_a_volunteer(north, officer_north, released):
    plan = PlanFactory.create(area=north, plan_ref="N-1", case_officer=officer_north)
    ReviewFactory.create(plan=plan, concluded=True)

    [outcome] = assignments_create(
        actor=officer_north, volunteer=released, reviews=[plan.reviews.get()]
    )

    assert outcome.refusal == "N-1: the review has concluded."
    assert not Assignment.objects.exists()


def test_an_assignment_loaded_is_open_exactly_when_the_open_assignments_hold_it(
    north, officer_north, released
):
    first = north_review(north, officer_north, "N-1")
    second = north_review(north, officer_north, "N-2")
    assignments_create(actor=officer_north, volunteer=released, reviews=[first, second])
    Assignment.objects.filter(review=second).update(closed_at=timezone.now())

    held = {a.review.plan.plan_ref: a.is_open for a in Assignment.objects.all()}
    assert held == {"N-1": True, "N-2": False}
    assert [a.review.plan.plan_ref for a in Assignment.objects.open()] == ["N-1"]


def test_an_officer_of_another_area_cannot_assign_the_review(
    north, officer_north, officer_west, released
):
    review = north_review(north, officer_north, "N-1")

    [outcome] = assignments_create(actor=officer_west, volunteer=released, reviews=[review])

    assert outcome.refusal == "N-1: you may not change this review."


def test_concluding_the_review_closes_the_assignment_and_the_volunteers_access(
    north, officer_north, released
):
    review = north_review(north, officer_north, "N-1")
    review.status = ReviewStatus.FINAL_PLAN_ISSUED
    review.meeting_on = date(2026, 10, 1)
    review.final_plan_issued_on = date(2026, 11, 20)
    review.save()
    assignments_create(actor=officer_north, volunteer=released, reviews=[review])
    assert review_list_for_user(released).filter(pk=review.pk).exists()

    review_step_record(review_conclude, review.pk, on=MONDAY, actor=officer_north)

    assert not review_list_for_user(released).exists()
    assert Assignment.objects.get().closed_reason == "review concluded"
