"""The school's workspace: school staff see the open reviews of the children on their
school's roll and no one else's, every read is an event, and they record the steps that are
theirs through the same guarded transitions as officers, with the school on the timeline."""

from datetime import date

import pytest
from django.utils import timezone
from django.utils.html import escape

from accounts.models import SchoolStaff, User
from audit.models import Event
from contributions.school_work import school_next_thing
from contributions.selectors import school_review_list_for_user
from reviews.models import ReviewStatus
from tests import factories
from tests.case_page_cases import date_fields
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def school(volunteer):
    return volunteer.setting


@pytest.fixture
def review(school, north):
    """An open review of a child at the SENCO's school, due 1 December 2026."""
    plan = factories.PlanFactory.create(area=north, setting=school, plan_ref="EHCP-SCH-1")
    return factories.ReviewFactory.create(plan=plan, due_on=date(2026, 12, 1), recomputed=True)


@pytest.fixture
def review_elsewhere(north):
    """An open review of a child at another school in the same area."""
    plan = factories.PlanFactory.create(area=north, plan_ref="EHCP-SCH-2")
    return factories.ReviewFactory.create(plan=plan, due_on=date(2026, 12, 2), recomputed=True)


def review_url(review, tail=""):
    return f"/school/reviews/{review.pk}/{tail}"


# persona: (home, review page, step form)
MATRIX = {
    "senco": (200, 200, 200),
    "headteacher": (200, 404, 404),  # not on the staff list: no case data
    "volunteer": (200, 404, 404),
    "officer_north": (403, 403, 403),
    "manager": (403, 403, 403),
    "editor": (403, 403, 403),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_the_schools_staff_see_its_reviews(persona, personas, review):
    client = client_for(personas[persona])
    home, page, form = MATRIX[persona]
    home_response = client.get("/school/")
    assert home_response.status_code == home
    assert client.get(review_url(review)).status_code == page
    assert client.get(review_url(review, "plan-meeting/")).status_code == form
    shown = escape(str(review.plan.child)) in home_response.content.decode()
    assert shown == (persona == "senco")


def test_a_headteacher_who_is_not_staff_sees_no_case_data(headteacher, review):
    page = client_for(headteacher).get("/school/").content.decode()
    assert escape(str(review.plan.child)) not in page
    assert "not on a school's staff list" in page
    assert not Event.objects.filter(actor=headteacher, action__startswith="plan.")


def test_a_volunteer_of_the_school_who_is_also_staff_sees_its_reviews(volunteer, review):
    factories.SchoolStaffFactory.create(user=volunteer)
    assert client_for(volunteer).get(review_url(review)).status_code == 200
    assert list(school_review_list_for_user(volunteer)) == [review]


def test_staff_of_school_a_get_404_for_a_child_at_school_b(senco, review_elsewhere):
    client = client_for(senco)
    assert client.get(review_url(review_elsewhere)).status_code == 404
    response = client.post(
        review_url(review_elsewhere, "plan-meeting/"), date_fields(date(2026, 11, 30), 1)
    )
    assert response.status_code == 404
    review_elsewhere.refresh_from_db()
    assert review_elsewhere.meeting_planned_on is None
    assert escape(str(review_elsewhere.plan.child)) not in client.get("/school/").content.decode()


def test_access_ends_when_the_child_leaves_the_school(senco, review):
    review.plan.setting = factories.SettingFactory.create(area=review.plan.area)
    review.plan.save()
    assert client_for(senco).get(review_url(review)).status_code == 404


def test_access_ends_when_the_place_on_the_staff_list_ends(senco, review):
    SchoolStaff.objects.filter(user=senco).update(removed_at=timezone.now())
    assert client_for(senco).get(review_url(review)).status_code == 404


def test_a_concluded_review_is_not_the_schools_to_see(senco, school, north):
    plan = factories.PlanFactory.create(area=north, setting=school)
    concluded = factories.ReviewFactory.create(plan=plan, concluded=True)
    assert client_for(senco).get(review_url(concluded)).status_code == 404


def test_every_read_by_school_staff_is_an_event(senco, review):
    client = client_for(senco)
    client.get("/school/")
    client.get(review_url(review))

    listed = Event.objects.get(actor=senco, action="plan.listed")
    assert listed.details["plan_refs"] == ["EHCP-SCH-1"]
    viewed = Event.objects.get(actor=senco, action="plan.viewed")
    assert viewed.target_id == str(review.plan.pk)
    assert viewed.details == {"page": "school review"}


def test_the_home_lists_reviews_by_due_date_with_the_next_thing_in_words(
    senco, school, north, review
):
    later = factories.ReviewFactory.create(
        plan=factories.PlanFactory.create(area=north, setting=school),
        due_on=date(2027, 6, 30),
        recomputed=True,
    )
    page = client_for(senco).get("/school/").content.decode()
    assert page.index(escape(str(review.plan.child))) < page.index(escape(str(later.plan.child)))
    assert "Plan the meeting" in page
    assert "1 December 2026" in page
    assert "From 21 April 2027" in page  # 10 weeks before 30 June 2027
    assert "2026-12-01" not in page
    assert str(review.pk) not in page.replace(f"/school/reviews/{review.pk}/", "")


@pytest.mark.parametrize(
    ("fields", "label", "by"),
    [
        ({}, "Plan the meeting", date(2026, 12, 1)),
        ({"meeting_planned_on": date(2026, 11, 30)}, "Record the invitations sent", None),
        (
            {"meeting_planned_on": date(2026, 11, 30), "invitations_sent_on": date(2026, 11, 9)},
            "Record the meeting held",
            date(2026, 11, 30),
        ),
        (
            {"status": ReviewStatus.MEETING_HELD, "meeting_on": date(2026, 11, 20)},
            "Submit the report",
            date(2026, 12, 4),
        ),
    ],
)
def test_the_next_thing_follows_the_schools_order_of_work(fields, label, by):
    review = factories.ReviewFactory.build(due_on=date(2026, 12, 1), **fields)
    next_thing = school_next_thing(review, today=date(2026, 11, 23))
    assert next_thing.label == label
    assert next_thing.by == (by or date(2026, 11, 16))


def test_planning_is_prompted_from_ten_weeks_before_the_review_is_due():
    review = factories.ReviewFactory.build(due_on=date(2027, 3, 1))
    next_thing = school_next_thing(review, today=date(2026, 11, 23))
    assert next_thing.from_on == date(2026, 12, 21)
    assert next_thing.not_yet(date(2026, 12, 20))
    assert not next_thing.not_yet(date(2026, 12, 21))


def test_the_school_plans_the_meeting_sends_invitations_and_holds_it(senco, school, review):
    client = client_for(senco)
    steps = [
        ("plan-meeting", date(2026, 11, 30)),
        ("send-invitations", date(2026, 11, 16)),
        ("hold-meeting", date(2026, 11, 23)),
    ]
    for step, day in steps:
        review.refresh_from_db()
        response = client.post(review_url(review, f"{step}/"), date_fields(day, review.version))
        assert response.status_code == 302, response.content.decode()

    review.refresh_from_db()
    assert review.meeting_planned_on == date(2026, 11, 30)
    assert review.invitations_sent_on == date(2026, 11, 16)
    assert review.meeting_on == date(2026, 11, 23)
    assert review.status == ReviewStatus.MEETING_HELD
    recorded = Event.objects.filter(action="school.step_recorded", actor=senco)
    assert recorded.count() == 3
    assert {e.details["school"] for e in recorded} == {school.name}
    assert Event.objects.filter(action="review.meeting_held", actor=senco).exists()


def test_the_case_page_timeline_shows_who_and_which_school(senco, school, review, officer_north):
    client_for(senco).post(
        review_url(review, "plan-meeting/"), date_fields(date(2026, 11, 30), review.version)
    )
    page = client_for(officer_north).get(f"/casework/plans/{review.plan.plan_ref}/").content
    text = page.decode()
    assert "Step recorded by the school" in text
    assert escape(school.name) in text
    assert escape(str(senco)) in text
    assert "30 November 2026" in text


def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(senco, school, north):
    plan = factories.PlanFactory.create(area=north, setting=school)
    held = factories.ReviewFactory.create(plan=plan, held=True, due_on=date(2026, 11, 20))
    response = client_for(senco).post(
        review_url(held, "hold-meeting/"), date_fields(date(2026, 11, 21), held.version)
    )
    assert response.status_code == 409
    assert "Cannot record" in response.content.decode()
    assert not Event.objects.filter(action="school.step_recorded")


def test_a_bad_date_names_what_is_wrong_and_saves_nothing(senco, review):
    response = client_for(senco).post(
        review_url(review, "send-invitations/"), date_fields(date(2027, 1, 5), review.version)
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    response = client_for(senco).post(
        review_url(review, "send-invitations/"), {"on_0": "31", "on_1": "2", "on_2": "2026"}
    )
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.invitations_sent_on is None


def test_the_school_cannot_record_the_councils_steps(senco, review):
    assert client_for(senco).get(review_url(review, "notify-decision/")).status_code == 404
    assert client_for(senco).get(review_url(review, "receive-report/")).status_code == 404


def test_seed_demo_gives_the_demo_school_reviews_at_every_stage_of_its_work(settings):
    from django.core.management import call_command

    from contributions.models import AnnualReviewReport, ReportStatus
    from demo.schools import STAGES

    settings.DEBUG = True
    call_command("seed_demo", plans=20)
    call_command("seed_demo", plans=20)
    senco = User.objects.get(email="school.senco@example.org")
    reviews = list(school_review_list_for_user(senco))
    assert len(reviews) == len(STAGES)
    labels = {school_next_thing(r, today=date(2026, 11, 23)).label for r in reviews}
    assert {"Plan the meeting", "Record the invitations sent", "Record the meeting held"} <= labels
    assert "Submit the report" in labels
    assert set(AnnualReviewReport.objects.values_list("status", flat=True)) == set(ReportStatus)


def test_opening_a_step_form_is_a_read_of_the_childs_record(senco, review):
    client_for(senco).get(review_url(review, "plan-meeting/"))
    assert Event.objects.filter(actor=senco, action="plan.viewed").count() == 1
